import type { Lang } from '../../../shared/i18n.js';
import type { Ctx } from '../../platform/context.js';
import { appendEvent } from '../../platform/events/index.js';
import { streamXlsx, type XlsxColumn } from '../../platform/export/xlsx.js';
import type { DailyQuery, DailyRow, MonthlyQuery, MonthlyRow, ReportOrder, ReportOrdersQuery } from './contract.js';
import { dailyReport, monthlyReport, reportOrders } from './queries.js';

/*
 * The reports as XLSX, in the reader's language: the same figures the screen shows (the same
 * query), the total row last; a drill-down's orders page by page. Each export is recorded as an
 * `export` event with its filters before the first byte.
 */

const t = (lang: Lang, zh: string, en: string) => (lang === 'zh-CN' ? zh : en);

async function* once<T>(rows: T[]): AsyncGenerator<T[]> {
  yield rows;
}

async function recordExport(ctx: Ctx, list: string, filter: Record<string, unknown>, rows: number) {
  await appendEvent(ctx.db, ctx, {
    entity: 'export',
    entityId: list,
    action: 'export',
    after: { list, filter, rows, format: 'xlsx' },
    orgPath: ctx.actor.orgPath || null,
  });
}

export async function dailyXlsx(ctx: Ctx, q: DailyQuery) {
  const r = await dailyReport(ctx, q);
  const L = ctx.lang;
  const rows = [...r.items, r.sum];
  await recordExport(ctx, 'report_daily', q, rows.length);
  const columns: XlsxColumn<DailyRow>[] = [
    { header: q.by === 'day' ? t(L, '日期', 'Day') : t(L, '单位', 'Unit'), width: 24, value: (x) => x.name },
    { header: t(L, '受理', 'Received'), width: 10, value: (x) => x.received },
    { header: t(L, '派至网点', 'Sent to outlet'), width: 12, value: (x) => x.dispatched },
    { header: t(L, '完工', 'Completed'), width: 10, value: (x) => x.completed },
    {
      header: q.by === 'day' ? t(L, '日末未完工', 'Open at day end') : t(L, '期末未完工', 'Open at the end'),
      width: 14,
      value: (x) => x.open,
    },
  ];
  const stream = streamXlsx<DailyRow>({
    sheetName: t(L, '维修台账', 'Daily ledger'),
    columns,
    pages: once(rows),
    onError: (err) => ctx.log.error({ err }, 'daily report export failed'),
  });
  return { fileName: `${t(L, '维修台账', 'daily-ledger')}-${q.from}-${q.to}.xlsx`, stream, rows: rows.length };
}

export async function monthlyXlsx(ctx: Ctx, q: MonthlyQuery) {
  const r = await monthlyReport(ctx, q);
  const L = ctx.lang;
  const rows = [...r.items, r.sum];
  await recordExport(ctx, 'report_monthly', q, rows.length);
  const yes = (v: boolean | null) => (v === null ? '—' : v ? t(L, '达标', 'met') : t(L, '未达标', 'missed'));
  const columns: XlsxColumn<MonthlyRow>[] = [
    { header: t(L, '单位', 'Unit'), width: 24, value: (x) => x.name },
    { header: t(L, '目标分组', 'Target group'), width: 16, value: (x) => (x.group ? x.group.name[L] : '—') },
    { header: t(L, '完工', 'Completed'), width: 10, value: (x) => x.completed },
    { header: t(L, '考核单数', 'Judged'), width: 10, value: (x) => x.judged },
    {
      header: t(L, `${r.lateCompletionHours}小时内完成`, `Within ${r.lateCompletionHours} h`),
      width: 14,
      value: (x) => x.within3,
    },
    { header: t(L, '三天完成率', '3-day rate'), width: 12, value: (x) => x.within3Text },
    {
      header: t(L, '三天目标', '3-day target'),
      width: 10,
      value: (x) => (x.group ? `${x.group.within3DaysPercent}%` : '—'),
    },
    { header: t(L, '三天达标', '3-day'), width: 10, value: (x) => yes(x.met3) },
    { header: t(L, '超三天', 'Over 3 days'), width: 10, value: (x) => x.over3 },
    { header: t(L, '七天完成率', '7-day rate'), width: 12, value: (x) => x.within7Text },
    { header: t(L, '超七天', 'Over 7 days'), width: 10, value: (x) => x.over7 },
    { header: t(L, '七天达标', '7-day'), width: 10, value: (x) => yes(x.met7) },
  ];
  const stream = streamXlsx<MonthlyRow>({
    sheetName: t(L, '月度汇总', 'Monthly summary'),
    columns,
    pages: once(rows),
    onError: (err) => ctx.log.error({ err }, 'monthly report export failed'),
  });
  return { fileName: `${t(L, '月度汇总', 'monthly-summary')}-${q.month}.xlsx`, stream, rows: rows.length };
}

/** At most this many orders in one drill-down export (a month of one province fits). */
export const MAX_EXPORT_ORDERS = 100_000;

export async function ordersXlsx(ctx: Ctx, q: Omit<ReportOrdersQuery, 'page' | 'pageSize'>) {
  const first = await reportOrders(ctx, { ...q, page: 1, pageSize: 200 });
  const L = ctx.lang;
  const rows = Math.min(first.total, MAX_EXPORT_ORDERS);
  await recordExport(ctx, 'report_orders', q, rows);
  async function* pages(): AsyncGenerator<ReportOrder[]> {
    yield first.items;
    for (let page = 2; (page - 1) * 200 < rows; page++)
      yield (await reportOrders(ctx, { ...q, page, pageSize: 200 })).items;
  }
  const hours = (m: number | null) => (m === null ? null : Math.round((m / 60) * 10) / 10);
  const columns: XlsxColumn<ReportOrder>[] = [
    { header: t(L, '服务单号', 'Order'), width: 22, value: (x) => x.code },
    { header: t(L, '省份', 'Province'), width: 12, value: (x) => x.provinceName },
    { header: t(L, '中心', 'Center'), width: 16, value: (x) => x.centerName },
    { header: t(L, '网点', 'Outlet'), width: 20, value: (x) => x.outletName },
    { header: t(L, '受理时间', 'Received'), width: 20, value: (x) => new Date(x.receivedAt) },
    {
      header: t(L, '派至网点', 'Sent to outlet'),
      width: 20,
      value: (x) => (x.dispatchedAt ? new Date(x.dispatchedAt) : null),
    },
    {
      header: t(L, '完工时间', 'Completed'),
      width: 20,
      value: (x) => (x.completedAt ? new Date(x.completedAt) : null),
    },
    { header: t(L, '完工用时（小时）', 'Hours to complete'), width: 14, value: (x) => hours(x.resolvedMinutes) },
    { header: t(L, '免责', 'Excused'), width: 8, value: (x) => (x.excused ? t(L, '是', 'yes') : '') },
    { header: t(L, '总部缺件', 'HQ parts'), width: 10, value: (x) => (x.hqParts ? t(L, '是', 'yes') : '') },
    { header: t(L, '催单次数', 'Urges'), width: 8, value: (x) => x.urgeCount },
  ];
  const stream = streamXlsx<ReportOrder>({
    sheetName: t(L, '服务单', 'Orders'),
    columns,
    pages: pages(),
    onError: (err) => ctx.log.error({ err }, 'report orders export failed'),
  });
  return { fileName: `${t(L, '报表明细', 'report-orders')}-${q.metric}-${q.from}-${q.to}.xlsx`, stream, rows };
}
