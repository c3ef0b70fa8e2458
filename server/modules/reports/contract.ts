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
  met7: z.boolean().nullable(),
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
] as const;

export const ReportOrdersQuery = z.object({
  from: Day,
  to: Day,
  metric: z.enum(REPORT_METRICS),
  ...Narrow,
  noProvince: z.stringbool().optional().describe('Only orders without a known province (the "-" row)'),
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

export const ReportOrderPage = Page(ReportOrder);
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
