import { z } from 'zod';
import { List, Page } from '../../platform/lists/contract.js';
import { ORDER_STATES, SERVICE_TYPES } from '../work-orders/contract.js';

/*
 * Reports and dashboards (docs/reports.md): every figure counted from the read model of one row
 * per order, in the reader's data scope, by local days of the company's time zone; each cell
 * drills down to its orders (GET /api/reports/orders with the cell's filters and metric).
 */

export const Day = z.iso.date();
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

/** What every report narrows by, besides its period. */
const Narrow = {
  province: z
    .string()
    .regex(/^\d{2}$/, '2-digit province code')
    .optional()
    .describe('Province, 2-digit GB/T 2260 code of the customer’s address'),
  centerId: z.uuid().optional(),
  outletId: z.uuid().optional(),
  productLineId: z.uuid().optional(),
  serviceType: z.enum(SERVICE_TYPES).optional(),
};

export const REPORT_UNITS = ['province', 'center', 'outlet'] as const;
export const DAILY_BY = ['day', ...REPORT_UNITS] as const;

/** The daily ledger (维修台账 / 日报): received, sent to the outlet, completed, open. */
export const DailyQuery = z.object({
  from: Day.describe('First local day (company time zone), inclusive'),
  to: Day.describe('Last local day, inclusive; at most 366 days after from'),
  by: z.enum(DAILY_BY).default('day'),
  ...Narrow,
});
export type DailyQuery = z.infer<typeof DailyQuery>;

export const DailyRow = z.object({
  key: z.string().describe('The day (YYYY-MM-DD) or the unit (province code, org unit id; "-" for none)'),
  name: z.string(),
  received: z.number().int(),
  dispatched: z.number().int().describe('Sent to an outlet (the center → outlet dispatch met)'),
  completed: z.number().int(),
  open: z
    .number()
    .int()
    .describe('Received by the end of the day (of `to` for a unit), not completed by then, not cancelled'),
});
export type DailyRow = z.infer<typeof DailyRow>;

export const DailyReport = List(DailyRow).extend({
  from: Day,
  to: Day,
  by: z.enum(DAILY_BY),
  sum: DailyRow,
});
export type DailyReport = z.infer<typeof DailyReport>;

/** The monthly summary against the 3-day and 7-day targets (seed 004). */
export const MonthlyQuery = z.object({
  month: Month,
  by: z.enum(REPORT_UNITS).default('province'),
  ...Narrow,
});
export type MonthlyQuery = z.infer<typeof MonthlyQuery>;

export const TargetGroup = z.object({
  code: z.string(),
  name: z.object({ 'zh-CN': z.string(), en: z.string() }),
  within3DaysPercent: z.number(),
  within7DaysPercent: z.number(),
});

export const MonthlyRow = z.object({
  key: z.string(),
  name: z.string(),
  provinceCode: z.string().nullable(),
  group: TargetGroup.nullable().describe('The province group whose targets apply (money.centerGroups)'),
  completed: z.number().int().describe('Orders completed in the month'),
  judged: z.number().int().describe('Of those, with a met resolved_cap clock: what the rates count'),
  within3: z.number().int(),
  over3: z.number().int(),
  over7: z.number().int(),
  within3Text: z.string().describe('within3 / judged as a percent, one decimal'),
  within7Text: z.string(),
  met3: z.boolean().nullable().describe('The 3-day target met; null without a target or without orders'),
  met7: z.boolean().nullable().describe('The 7-day target met (the group’s, else 100 %); null without orders'),
});
export type MonthlyRow = z.infer<typeof MonthlyRow>;

export const MonthlyReport = List(MonthlyRow).extend({
  month: Month,
  by: z.enum(REPORT_UNITS),
  lateCompletionHours: z.number().int(),
  completionCapDays: z.number().int(),
  sum: MonthlyRow,
});
export type MonthlyReport = z.infer<typeof MonthlyReport>;

/** What a drill-down lists: the orders behind one figure. */
export const REPORT_METRICS = [
  'received',
  'dispatched',
  'completed',
  'open',
  'judged',
  'within3',
  'over3',
  'over7',
  // Open at the end of the period and received more than lateCompletionHours before it (or before now).
  'open_over3',
  // Received in the period and late at one SLA step (met late or breached).
  'late_hq_dispatch',
  'late_center_dispatch',
  'late_contact',
  'late_on_site',
  'late_fix',
  // Completed in the period and reopened as a repeat visit; or followed by another order of the same
  // unit within 30 / 90 days of the completion.
  'reopened',
  'repeat30',
  'repeat90',
  // Units bought in the period (from/to are purchase days) that came in for a repair: each unit's
  // first repair order (on site, carry-in, remote; not cancelled) among those the reader sees.
  'failed',
] as const;
export type ReportMetric = (typeof REPORT_METRICS)[number];

export const ReportOrdersQuery = z.object({
  from: Day,
  to: Day,
  metric: z.enum(REPORT_METRICS),
  ...Narrow,
  technicianId: z.uuid().optional(),
  modelId: z.uuid().optional(),
  faultCode: z.string().max(100).optional().describe('Only orders with this fault code ("-": none recorded)'),
  cause: z.string().max(500).optional().describe('Only orders with this cause ("-": none recorded)'),
  partId: z.uuid().optional().describe('Only orders that consumed this part'),
  noProvince: z.stringbool().optional().describe('Only orders without a known province (the "-" row)'),
  noCenter: z.stringbool().optional().describe('Only orders not sent to a center (the "-" row by center)'),
  noOutlet: z.stringbool().optional().describe('Only orders not sent to an outlet (the "-" row by outlet)'),
  noModel: z.stringbool().optional().describe('Only orders without a model (the "-" row by model)'),
  noLine: z.stringbool().optional().describe('Only orders without a product line (the "-" row by line)'),
  noTechnician: z.stringbool().optional().describe('Only orders without a technician (the "-" row by technician)'),
  anyPart: z.stringbool().optional().describe('Only orders that consumed some part (the parts report’s orders)'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ReportOrdersQuery = z.infer<typeof ReportOrdersQuery>;

export const ReportOrder = z.object({
  orderId: z.uuid(),
  code: z.string(),
  state: z.enum(ORDER_STATES),
  serviceType: z.enum(SERVICE_TYPES),
  provinceCode: z.string().nullable(),
  provinceName: z.string().nullable(),
  centerName: z.string().nullable(),
  outletName: z.string().nullable(),
  receivedAt: z.string(),
  dispatchedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  resolvedMinutes: z.number().int().nullable(),
  excused: z.boolean(),
  hqParts: z.boolean(),
  urgeCount: z.number().int(),
});
export type ReportOrder = z.infer<typeof ReportOrder>;

export const ReportOrderPage = Page(ReportOrder).extend({
  totalCapped: z.boolean().describe('More match than `total` counts (10,000); the report’s cell has the exact figure'),
});
export type ReportOrderPage = z.infer<typeof ReportOrderPage>;

/** The dashboard: today's live counts, this month against the targets, the last 30 days. */
export const DashboardQuery = z.object({ ...Narrow });
export type DashboardQuery = z.infer<typeof DashboardQuery>;

export const Dashboard = z.object({
  today: Day,
  month: Month,
  live: z.object({
    received: z.number().int().describe('Received today'),
    dispatched: z.number().int(),
    completed: z.number().int(),
    open: z.number().int().describe('Open now'),
    openOver3: z.number().int().describe('Open now and received more than 3 days ago'),
  }),
  monthly: MonthlyReport,
  trend: z.array(z.object({ day: Day, received: z.number().int(), completed: z.number().int() })),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const ReportOrdersExportQuery = ReportOrdersQuery.omit({ page: true, pageSize: true });
export type ReportOrdersExportQuery = z.infer<typeof ReportOrdersExportQuery>;

// ---- SLA steps ----------------------------------------------------------------------------------

export const SLA_STEPS = ['hq_dispatch', 'center_dispatch', 'contact', 'on_site', 'fix'] as const;
export type SlaStep = (typeof SLA_STEPS)[number];

export const PeriodQuery = z.object({ from: Day, to: Day, ...Narrow });
export type PeriodQuery = z.infer<typeof PeriodQuery>;

export const SlaStepRow = z.object({
  step: z.enum(SLA_STEPS),
  measured: z.number().int().describe('Orders whose step was met (its clock stopped)'),
  late: z.number().int().describe('Met late or breached'),
  lateText: z.string().describe('late / (measured + breached and not met), one decimal'),
  meanMinutes: z.number().nullable().describe('Mean clock minutes of the met steps'),
  p90Minutes: z.number().nullable().describe('90th percentile of the clock minutes of the met steps'),
});
export type SlaStepRow = z.infer<typeof SlaStepRow>;

export const SlaUnitRow = z.object({
  key: z.string(),
  name: z.string(),
  kind: z.enum(['hq', 'center', 'outlet']),
  orders: z.number().int().describe('Orders received in the period that the unit answered for at some step'),
  hqDispatchLate: z.number().int(),
  centerDispatchLate: z.number().int(),
  contactLate: z.number().int(),
  onSiteLate: z.number().int(),
  fixLate: z.number().int(),
});
export type SlaUnitRow = z.infer<typeof SlaUnitRow>;

/** Breaches by step and by the unit answering for it, for orders received in the period. */
export const SlaReport = List(SlaUnitRow).extend({ from: Day, to: Day, steps: z.array(SlaStepRow) });
export type SlaReport = z.infer<typeof SlaReport>;

// ---- Productivity -------------------------------------------------------------------------------

export const ProductivityQuery = PeriodQuery.extend({ by: z.enum(['outlet', 'technician']).default('outlet') });
export type ProductivityQuery = z.infer<typeof ProductivityQuery>;

export const ProductivityRow = z.object({
  key: z.string(),
  name: z.string(),
  completed: z.number().int(),
  perDay: z.number().describe('Completed per day of the period, one decimal'),
  reopened: z.number().int().describe('Of those, reopened as a repeat visit'),
  firstTimeFixText: z.string().describe('(completed − reopened) / completed'),
  meanOnSiteMinutes: z.number().nullable().describe('Mean minutes from arrival to completion (on-site orders)'),
  meanFixMinutes: z.number().nullable().describe('Mean clock minutes from the report to the fix'),
});
export type ProductivityRow = z.infer<typeof ProductivityRow>;

export const ProductivityReport = List(ProductivityRow).extend({
  from: Day,
  to: Day,
  by: z.enum(['outlet', 'technician']),
  sum: ProductivityRow,
});
export type ProductivityReport = z.infer<typeof ProductivityReport>;

// ---- Fault analysis -----------------------------------------------------------------------------

export const FAULT_DIMENSIONS = ['model', 'line', 'fault_code', 'cause', 'part'] as const;

export const FaultQuery = PeriodQuery.extend({
  dimension: z.enum(FAULT_DIMENSIONS).default('model'),
  modelId: z.uuid().optional(),
});
export type FaultQuery = z.infer<typeof FaultQuery>;

export const FaultRow = z.object({
  key: z.string().describe('Model, line or part id; the fault code or cause; "-" when none was recorded'),
  name: z.string(),
  count: z.number().int().describe('Completed orders (for a part: orders that consumed it)'),
  shareText: z.string(),
  cumulativeText: z.string().describe('Pareto: the share of this row and every row above it'),
  cumulativePercent: z.number(),
});
export type FaultRow = z.infer<typeof FaultRow>;

export const FaultReport = List(FaultRow).extend({
  from: Day,
  to: Day,
  dimension: z.enum(FAULT_DIMENSIONS),
  orders: z.number().int().describe('Orders completed in the period'),
  repeat30: z.number().int().describe('Of those, the unit came back within 30 days of the completion'),
  repeat90: z.number().int(),
  repeat30Text: z.string(),
  repeat90Text: z.string(),
});
export type FaultReport = z.infer<typeof FaultReport>;

/** Failure rate per purchase month: of the units sold in a month, how many came in for repair. */
export const FailureRateQuery = z.object({
  from: Month.describe('First purchase month'),
  to: Month.describe('Last purchase month; at most 36 months after from'),
  modelId: z.uuid().optional(),
  productLineId: z.uuid().optional(),
});
export type FailureRateQuery = z.infer<typeof FailureRateQuery>;

export const FailureRateRow = z.object({
  month: Month,
  units: z.number().int().describe('Units bought in the month (installed base in my scope)'),
  failed: z.number().int().describe('Of those, units with at least one repair order (on site, carry-in, remote)'),
  rateText: z.string(),
});
export const FailureRateReport = List(FailureRateRow).extend({ from: Month, to: Month });
export type FailureRateReport = z.infer<typeof FailureRateReport>;

// ---- Parts consumption ---------------------------------------------------------------------------

export const PartsUseQuery = PeriodQuery.extend({ by: z.enum(['part', 'outlet']).default('part') });
export type PartsUseQuery = z.infer<typeof PartsUseQuery>;

export const PartsUseRow = z.object({
  key: z.string(),
  name: z.string(),
  orders: z.number().int(),
  quantity: z.number().int(),
  costFen: z.number().int().describe('Cost of the consumed parts at their price on the completion day (fen)'),
  unpriced: z.number().int().describe('Consumption lines without a price, not in costFen'),
});
export type PartsUseRow = z.infer<typeof PartsUseRow>;

export const PartsUseReport = List(PartsUseRow).extend({
  from: Day,
  to: Day,
  by: z.enum(['part', 'outlet']),
  sum: PartsUseRow,
});
export type PartsUseReport = z.infer<typeof PartsUseReport>;

// ---- Money: the settlement per month ------------------------------------------------------------

export const MoneyQuery = z.object({
  from: Month,
  to: Month.describe('Last month; at most 36 months after from'),
  by: z.enum(['month', 'unit']).default('month'),
  unitId: z.uuid().optional().describe('One outlet’s or center’s statements'),
});
export type MoneyQuery = z.infer<typeof MoneyQuery>;

export const MoneyRow = z.object({
  key: z.string().describe('The month (YYYY-MM) or the unit’s id'),
  name: z.string(),
  statements: z.number().int(),
  drafts: z.number().int().describe('Of those, still drafts (their figures may change)'),
  feesFen: z.number().int().describe('Service fees and parts reimbursed'),
  bonusesFen: z.number().int().describe('Timeliness bonuses (and a center’s monthly bonus when positive)'),
  penaltiesFen: z
    .number()
    .int()
    .describe('Late completion, over the cap, late dispatch, old parts withheld, complaints (negative)'),
  adjustmentsFen: z.number().int().describe('Adjustments and dispute corrections'),
  totalFen: z.number().int(),
});
export type MoneyRow = z.infer<typeof MoneyRow>;

export const MoneyReport = List(MoneyRow).extend({
  from: Month,
  to: Month,
  by: z.enum(['month', 'unit']),
  sum: MoneyRow,
});
export type MoneyReport = z.infer<typeof MoneyReport>;
