import type { Permission } from '../../../shared/permissions.js';
import { addMonths, monthDays, monthSpan } from '../../../shared/months.js';
import { addDays } from '../../../shared/time-zone.js';

export { addMonths, monthDays, monthSpan };
import type { MessageKey } from '../../i18n/index.js';

/*
 * The report screens' arithmetic (docs/reports.md): periods as local days, the filters every report
 * narrows by as they stand in the address, and the link from one figure to the orders behind it
 * (/reports/orders with the figure's period, filters and metric), so a drill-down is shareable.
 */

/** What every report narrows by, besides its period (the contract's `Narrow`). */
export const NARROW_KEYS = ['province', 'centerId', 'outletId', 'productLineId', 'serviceType'] as const;
export type NarrowKey = (typeof NARROW_KEYS)[number];
export type Narrow = Partial<Record<NarrowKey, string>>;

export type ReportUnit = 'province' | 'center' | 'outlet';
export type DailyBy = 'day' | ReportUnit;
export const REPORT_UNITS: readonly ReportUnit[] = ['province', 'center', 'outlet'];

/** The groupings a reader is offered: an outlet sees only its own orders, so a center row would be its own. */
export function unitsFor(kind: 'hq' | 'center' | 'outlet'): ReportUnit[] {
  return kind === 'outlet' ? ['province', 'outlet'] : [...REPORT_UNITS];
}

/** The figures of the monthly summary and of the daily ledger, each a metric of the drill-down. */
export const MONTHLY_METRICS = ['completed', 'judged', 'within3', 'over3', 'over7'] as const;
export const DAILY_METRICS = ['received', 'dispatched', 'completed', 'open'] as const;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isDay = (v: string | null | undefined): v is string => !!v && DAY_RE.test(v);
export const isMonth = (v: string | null | undefined): v is string => !!v && MONTH_RE.test(v);
export const isUuid = (v: string | null | undefined): v is string => !!v && UUID_RE.test(v);

/** The month before a month (YYYY-MM). */
export function previousMonth(month: string): string {
  return addMonths(month, -1);
}

/** The daily ledger's default period: this month up to today. */
export function monthToDate(today: string): { from: string; to: string } {
  return { from: `${today.slice(0, 7)}-01`, to: today };
}

/** The filters of a report's address (the keys of `NARROW_KEYS`, empty ones left out). */
export function narrowOf(params: URLSearchParams): Narrow {
  const out: Narrow = {};
  for (const k of NARROW_KEYS) {
    const v = params.get(k);
    if (v) out[k] = v;
  }
  return out;
}

/**
 * How a row of a report grouped by `by` narrows its figures: the province, the center or the
 * outlet; the "-" row to the orders without one (no province known, not sent to a center, not
 * sent to an outlet).
 */
export function rowNarrow(by: ReportUnit, key: string): Record<string, string> {
  if (by === 'province') return key === '-' ? { noProvince: 'true' } : { province: key };
  if (by === 'center') return key === '-' ? { noCenter: 'true' } : { centerId: key };
  return key === '-' ? { noOutlet: 'true' } : { outletId: key };
}

export interface DrillInput {
  from: string;
  to: string;
  metric: string;
  /** The report's own filters (the `Narrow` keys and any other the drill-down takes, e.g. modelId). */
  narrow: Record<string, string | undefined>;
  /** The row's narrowing (rowNarrow), if any. */
  row?: Record<string, string> | null;
}

/** The address of the drill-down behind one figure; the row's narrowing wins over the page's filters. */
export function drillHref({ from, to, metric, narrow, row }: DrillInput): string {
  const q = new URLSearchParams();
  q.set('from', from);
  q.set('to', to);
  q.set('metric', metric);
  const merged: Record<string, string | undefined> = { ...narrow, ...(row ?? {}) };
  // A row without a province, center, outlet, model, line or technician cannot also have one.
  if (merged.noProvince) delete merged.province;
  if (merged.noCenter) delete merged.centerId;
  if (merged.noOutlet) delete merged.outletId;
  if (merged.noModel) delete merged.modelId;
  if (merged.noLine) delete merged.productLineId;
  if (merged.noTechnician) delete merged.technicianId;
  for (const [k, v] of Object.entries(merged)) if (v) q.set(k, v);
  return `/reports/orders?${q.toString()}`;
}

/** The drill-down's query from its address: every parameter but the paging, passed on as they are. */
export function drillQueryOf(params: URLSearchParams): Record<string, string> | null {
  const from = params.get('from');
  const to = params.get('to');
  const metric = params.get('metric');
  if (!isDay(from) || !isDay(to) || !metric) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (v && k !== 'page' && k !== 'pageSize') out[k] = v;
  return out;
}

/** A period in words: one day, a whole month, or a range. */
export function periodText(from: string, to: string): string {
  if (from === to) return from;
  const month = from.slice(0, 7);
  if (month === to.slice(0, 7) && from === `${month}-01` && to === monthDays(month).to) return month;
  return `${from} ~ ${to}`;
}

/** A rate of `part` in `whole` as a number of percent with one decimal (0 when there is no whole). */
export function ratePercent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part * 1000) / whole) / 10 : 0;
}

/** Minutes as hours with one decimal. */
export function hoursOf(minutes: number): number {
  return Math.round((minutes / 60) * 10) / 10;
}

/** Minutes as whole hours and minutes (rounded to the minute), for "2小时6分". */
export function durationParts(minutes: number): { h: number; m: number } {
  const total = Math.max(0, Math.round(minutes));
  return { h: Math.floor(total / 60), m: total % 60 };
}

/** The number of a percent text of the server ("12.5%" → 12.5; anything else 0). */
export function percentValue(text: string): number {
  const v = Number.parseFloat(text);
  return Number.isFinite(v) ? v : 0;
}

// ---- Periods offered by the pickers -------------------------------------------------------------

export type PeriodPreset = 'thisMonth' | 'lastMonth' | 'last30' | 'last90';
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['thisMonth', 'lastMonth', 'last30', 'last90'];

/** The periods a date range picker offers in one click, counted back from today. */
export function presetPeriod(preset: PeriodPreset, today: string): { from: string; to: string } {
  switch (preset) {
    case 'thisMonth':
      return monthToDate(today);
    case 'lastMonth':
      return monthDays(previousMonth(today.slice(0, 7)));
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'last90':
      return { from: addDays(today, -89), to: today };
  }
}

/** The failure-rate report counts at most this many purchase months. */
export const MAX_PURCHASE_MONTHS = 36;

/** A range of purchase months as the report takes it: in order, and the last 36 months of a longer one. */
export function purchaseMonths(from: string, to: string): { from: string; to: string } {
  const [a, b] = from <= to ? [from, to] : [to, from];
  return monthSpan(a, b) > MAX_PURCHASE_MONTHS
    ? { from: addMonths(b, 1 - MAX_PURCHASE_MONTHS), to: b }
    : { from: a, to: b };
}

/** The failure-rate report's default: the last 12 purchase months up to this one. */
export function defaultPurchaseMonths(today: string): { from: string; to: string } {
  const to = today.slice(0, 7);
  return { from: addMonths(to, -11), to };
}

// ---- The analyses' drill-downs ------------------------------------------------------------------

export const SLA_STEPS = ['hq_dispatch', 'center_dispatch', 'contact', 'on_site', 'fix'] as const;
export type SlaStep = (typeof SLA_STEPS)[number];
export type SlaUnitKind = 'hq' | 'center' | 'outlet';

/** The SLA steps each kind of unit answers for: HQ its dispatch, a center its own, an outlet the rest. */
export const SLA_STEPS_OF: Record<SlaUnitKind, readonly SlaStep[]> = {
  hq: ['hq_dispatch'],
  center: ['center_dispatch'],
  outlet: ['contact', 'on_site', 'fix'],
};

/** The drill-down metric of a step's late orders. */
export const lateMetric = (step: SlaStep) => `late_${step}` as const;

/** How a unit's row of the SLA report narrows its late orders: HQ answers for every order in view. */
export function slaUnitNarrow(kind: SlaUnitKind, key: string): Record<string, string> {
  if (kind === 'hq') return {};
  return kind === 'center' ? { centerId: key } : { outletId: key };
}

export type ProductivityBy = 'outlet' | 'technician';

/** How a productivity row narrows its orders: the outlet or technician; "-" to the orders without one. */
export function productivityRowNarrow(by: ProductivityBy, key: string): Record<string, string> {
  if (by === 'outlet') return rowNarrow('outlet', key);
  return key === '-' ? { noTechnician: 'true' } : { technicianId: key };
}

export const FAULT_DIMENSIONS = ['model', 'line', 'fault_code', 'cause', 'part'] as const;
export type FaultDimension = (typeof FAULT_DIMENSIONS)[number];

/**
 * How a row of the fault Pareto narrows its orders: the model, line or part by id, the fault code
 * or cause by its text; "-" to the orders without a model, a line, a fault code or a cause.
 */
export function faultRowNarrow(dimension: FaultDimension, key: string): Record<string, string> {
  switch (dimension) {
    case 'model':
      return key === '-' ? { noModel: 'true' } : { modelId: key };
    case 'line':
      return key === '-' ? { noLine: 'true' } : { productLineId: key };
    case 'part':
      // A part's row is always a part: the Pareto counts the parts orders consumed.
      return { partId: key };
    case 'fault_code':
      return { faultCode: key };
    case 'cause':
      return { cause: key };
  }
}

export type PartsBy = 'part' | 'outlet';

/**
 * How a row of the parts report narrows its orders: those that consumed some part (the report
 * counts no other), of the part or of the outlet ("-": not sent to one); the total row (`null`
 * key) all of them.
 */
export function partsRowNarrow(by: PartsBy, key: string | null): Record<string, string> {
  if (key === null) return { anyPart: 'true' };
  return { anyPart: 'true', ...(by === 'part' ? { partId: key } : rowNarrow('outlet', key)) };
}

/**
 * The drill-down of a purchase month's failed units: each unit bought in the month that came in
 * for a repair, by its first repair order; within the report's model and product line.
 */
export function failedUnitsHref(month: string, narrow: { modelId?: string; productLineId?: string }): string {
  const { from, to } = monthDays(month);
  return drillHref({ from, to, metric: 'failed', narrow });
}

/** The drill-down of a day of the 30-day trend: the orders received or completed that day. */
export function trendHref(day: string, metric: 'received' | 'completed', narrow: Narrow = {}): string {
  return drillHref({ from: day, to: day, metric, narrow });
}

// ---- The reports hub ----------------------------------------------------------------------------

export interface HubLink {
  /** The tab's key: the path, with the tab of the complaint reports for the urging report. */
  key: string;
  to: string;
  label: MessageKey;
  permission: Permission;
}

/** The report screens and, after them, the reports other modules keep, each for who may read it. */
export const HUB_LINKS: readonly HubLink[] = [
  { key: '/reports', to: '/reports', label: 'rep.nav.dashboard', permission: 'reports.read' },
  { key: '/reports/monthly', to: '/reports/monthly', label: 'rep.monthly', permission: 'reports.read' },
  { key: '/reports/daily', to: '/reports/daily', label: 'rep.daily', permission: 'reports.read' },
  { key: '/reports/sla', to: '/reports/sla', label: 'rep.sla', permission: 'reports.read' },
  { key: '/reports/productivity', to: '/reports/productivity', label: 'rep.productivity', permission: 'reports.read' },
  { key: '/reports/faults', to: '/reports/faults', label: 'rep.faults', permission: 'reports.read' },
  { key: '/reports/failure-rate', to: '/reports/failure-rate', label: 'rep.failureRate', permission: 'reports.read' },
  { key: '/reports/parts', to: '/reports/parts', label: 'rep.parts', permission: 'reports.read' },
  {
    key: '/complaints/reports',
    to: '/complaints/reports',
    label: 'nav.complaintReports',
    permission: 'complaints.read',
  },
  { key: 'urges', to: '/complaints/reports?tab=urges', label: 'cmp.reports.urges', permission: 'complaints.read' },
  { key: '/callback-scores', to: '/callback-scores', label: 'nav.callbackScores', permission: 'callbacks.read' },
];

/** The screens over a period of days (from, to) with the common filters: a hub link keeps them. */
const PERIOD_PAGES = ['/reports/daily', '/reports/sla', '/reports/productivity', '/reports/faults', '/reports/parts'];

/**
 * The hub's links for a reader: those their permissions open. Between the screens over a period of
 * days, a link keeps the period and the filters of the screen it is on.
 */
export function hubLinks(
  permissions: readonly string[],
  pathname: string,
  params: URLSearchParams,
): { key: string; to: string; label: MessageKey }[] {
  const keep = new URLSearchParams();
  if (PERIOD_PAGES.includes(pathname)) {
    for (const k of ['from', 'to', ...NARROW_KEYS]) {
      const v = params.get(k);
      if (v) keep.set(k, v);
    }
  }
  const kept = keep.toString();
  return HUB_LINKS.filter((l) => permissions.includes(l.permission)).map((l) => ({
    key: l.key,
    label: l.label,
    to: kept && PERIOD_PAGES.includes(l.to) && l.to !== pathname ? `${l.to}?${kept}` : l.to,
  }));
}
