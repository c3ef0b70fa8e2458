import { addDays } from '../../../shared/time-zone.js';

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

export const isDay = (v: string | null | undefined): v is string => !!v && DAY_RE.test(v);
export const isMonth = (v: string | null | undefined): v is string => !!v && MONTH_RE.test(v);

/** The first and last local day of a month (YYYY-MM). */
export function monthDays(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from: `${month}-01`, to: addDays(next, -1) };
}

/** The month before a month (YYYY-MM). */
export function previousMonth(month: string): string {
  return addDays(`${month}-01`, -1).slice(0, 7);
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
 * How a row of a report grouped by `by` narrows its figures: the province (or "no province" for
 * the "-" row), the center or the outlet. Null when the row cannot be narrowed (the "-" row of
 * centers or outlets: the drill-down has no filter for "no center" or "no outlet").
 */
export function rowNarrow(by: ReportUnit, key: string): Record<string, string> | null {
  if (by === 'province') return key === '-' ? { noProvince: 'true' } : { province: key };
  if (key === '-') return null;
  return by === 'center' ? { centerId: key } : { outletId: key };
}

export interface DrillInput {
  from: string;
  to: string;
  metric: string;
  /** The report's own filters. */
  narrow: Narrow;
  /** The row's narrowing (rowNarrow), if any. */
  row?: Record<string, string> | null;
}

/** The address of the drill-down behind one figure; the row's narrowing wins over the page's filters. */
export function drillHref({ from, to, metric, narrow, row }: DrillInput): string {
  const q = new URLSearchParams();
  q.set('from', from);
  q.set('to', to);
  q.set('metric', metric);
  const merged: Record<string, string> = { ...narrow, ...(row ?? {}) };
  // A "no province" row cannot also be one province.
  if (merged.noProvince) delete merged.province;
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
