import type { Lang } from '../../../shared/i18n.js';
import type { Ctx } from '../../platform/context.js';
import { appendEvent } from '../../platform/events/index.js';
import { streamXlsx, type XlsxColumn } from '../../platform/export/xlsx.js';
import { moneyReport } from './money.js';
import { failureRateReport, faultReport, partsUseReport, productivityReport, slaReport } from './analysis.js';
import type {
  DailyQuery,
  DailyRow,
  FailureRateQuery,
  FaultQuery,
  MoneyQuery,
  MonthlyQuery,
  MonthlyRow,
  PartsUseQuery,
  PeriodQuery,
  ProductivityQuery,
  ReportOrder,
  ReportOrdersQuery,
} from './contract.js';
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
  const first = await reportOrders(ctx, { ...q, page: 1, pageSize: 200 }, { countUpTo: MAX_EXPORT_ORDERS });
  const L = ctx.lang;
  const rows = Math.min(first.total, MAX_EXPORT_ORDERS);
  await recordExport(ctx, 'report_orders', q, rows);
  // The rest by keyset after the last row sent (no growing offset); the facts were drained once.
  async function* pages(): AsyncGenerator<ReportOrder[]> {
    let page = first;
    let sent = 0;
    while (page.items.length && sent < rows) {
      const part = page.items.slice(0, rows - sent);
      yield part;
      sent += part.length;
      if (page.items.length < 200 || !page.last) break;
      page = await reportOrders(ctx, { ...q, page: 1, pageSize: 200 }, { after: page.last });
    }
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

/** One table of a report as XLSX, recorded before the first byte. */
async function tableXlsx<T>(
  ctx: Ctx,
  spec: { list: string; filter: object; sheet: string; file: string; columns: XlsxColumn<T>[]; rows: T[] },
) {
  await recordExport(ctx, spec.list, spec.filter as Record<string, unknown>, spec.rows.length);
  const stream = streamXlsx<T>({
    sheetName: spec.sheet,
    columns: spec.columns,
    pages: once(spec.rows),
    onError: (err) => ctx.log.error({ err }, `${spec.list} export failed`),
  });
  return { fileName: `${spec.file}.xlsx`, stream, rows: spec.rows.length };
}

const STEP_NAMES: Record<string, [string, string]> = {
  hq_dispatch: ['总部派单', 'HQ dispatch'],
  center_dispatch: ['中心派单', 'Center dispatch'],
  contact: ['联系预约', 'Contact'],
  on_site: ['上门', 'On site'],
  fix: ['修复', 'Fixed'],
};

export async function slaXlsx(ctx: Ctx, q: PeriodQuery) {
  const r = await slaReport(ctx, q);
  const L = ctx.lang;
  type Row = {
    a: string;
    b: string;
    c: number | string | null;
    d: number | string | null;
    e: number | string | null;
    f: number | string | null;
    g: number | string | null;
  };
  const rows: Row[] = [
    ...r.steps.map((s) => ({
      a: t(L, '环节', 'Step'),
      b: t(L, ...(STEP_NAMES[s.step] ?? [s.step, s.step])),
      c: s.measured,
      d: s.late,
      e: s.lateText,
      f: s.meanMinutes,
      g: s.p90Minutes,
    })),
    ...r.items.map((u) => ({
      a: t(L, '责任单位', 'Unit'),
      b: u.name,
      c: u.orders,
      d: u.hqDispatchLate + u.centerDispatchLate,
      e: u.contactLate,
      f: u.onSiteLate,
      g: u.fixLate,
    })),
  ];
  return tableXlsx<Row>(ctx, {
    list: 'report_sla',
    filter: q,
    sheet: t(L, '时效', 'SLA'),
    file: `${t(L, '时效分析', 'sla')}-${q.from}-${q.to}`,
    rows,
    columns: [
      { header: t(L, '分类', 'By'), width: 10, value: (x) => x.a },
      { header: t(L, '项目', 'Item'), width: 24, value: (x) => x.b },
      { header: t(L, '达成/单数', 'Measured / orders'), width: 12, value: (x) => x.c },
      {
        header: t(L, '超时（环节）/派单超时（单位）', 'Late (step) / dispatch late (unit)'),
        width: 16,
        value: (x) => x.d,
      },
      {
        header: t(L, '超时率（环节）/联系超时（单位）', 'Late share (step) / contact late (unit)'),
        width: 16,
        value: (x) => x.e,
      },
      {
        header: t(L, '平均分钟（环节）/上门超时（单位）', 'Mean min (step) / on-site late (unit)'),
        width: 16,
        value: (x) => x.f,
      },
      {
        header: t(L, 'P90分钟（环节）/修复超时（单位）', 'P90 min (step) / fix late (unit)'),
        width: 16,
        value: (x) => x.g,
      },
    ],
  });
}

export async function productivityXlsx(ctx: Ctx, q: ProductivityQuery) {
  const r = await productivityReport(ctx, q);
  const L = ctx.lang;
  type Row = (typeof r.items)[number];
  return tableXlsx<Row>(ctx, {
    list: 'report_productivity',
    filter: q,
    sheet: t(L, '工效', 'Productivity'),
    file: `${t(L, '工效', 'productivity')}-${q.from}-${q.to}`,
    rows: [...r.items, r.sum],
    columns: [
      {
        header: q.by === 'outlet' ? t(L, '网点', 'Outlet') : t(L, '技师', 'Technician'),
        width: 20,
        value: (x) => x.name,
      },
      { header: t(L, '完工', 'Completed'), width: 10, value: (x) => x.completed },
      { header: t(L, '日均完工', 'Per day'), width: 10, value: (x) => x.perDay },
      { header: t(L, '返修', 'Reopened'), width: 10, value: (x) => x.reopened },
      { header: t(L, '一次修复率', 'First-time fix'), width: 12, value: (x) => x.firstTimeFixText },
      { header: t(L, '平均现场用时（分钟）', 'Mean on site (min)'), width: 16, value: (x) => x.meanOnSiteMinutes },
      { header: t(L, '平均修复用时（分钟）', 'Mean to fix (min)'), width: 16, value: (x) => x.meanFixMinutes },
    ],
  });
}

export async function faultXlsx(ctx: Ctx, q: FaultQuery) {
  const r = await faultReport(ctx, q);
  const L = ctx.lang;
  type Row = (typeof r.items)[number];
  return tableXlsx<Row>(ctx, {
    list: 'report_faults',
    filter: q,
    sheet: t(L, '故障分析', 'Faults'),
    file: `${t(L, '故障分析', 'faults')}-${q.dimension}-${q.from}-${q.to}`,
    rows: r.items,
    columns: [
      { header: t(L, '项目', 'Item'), width: 30, value: (x) => x.name },
      { header: t(L, '单数', 'Orders'), width: 10, value: (x) => x.count },
      { header: t(L, '占比', 'Share'), width: 10, value: (x) => x.shareText },
      { header: t(L, '累计占比', 'Cumulative'), width: 12, value: (x) => x.cumulativeText },
    ],
  });
}

export async function failureRateXlsx(ctx: Ctx, q: FailureRateQuery) {
  const r = await failureRateReport(ctx, q);
  const L = ctx.lang;
  type Row = (typeof r.items)[number];
  return tableXlsx<Row>(ctx, {
    list: 'report_failure_rate',
    filter: q,
    sheet: t(L, '故障率', 'Failure rate'),
    file: `${t(L, '按购买月故障率', 'failure-rate')}-${q.from}-${q.to}`,
    rows: r.items,
    columns: [
      { header: t(L, '购买月份', 'Purchase month'), width: 12, value: (x) => x.month },
      { header: t(L, '售出台数', 'Units sold'), width: 12, value: (x) => x.units },
      { header: t(L, '报修台数', 'Units repaired'), width: 12, value: (x) => x.failed },
      { header: t(L, '故障率', 'Failure rate'), width: 10, value: (x) => x.rateText },
    ],
  });
}

export async function partsUseXlsx(ctx: Ctx, q: PartsUseQuery) {
  const r = await partsUseReport(ctx, q);
  const L = ctx.lang;
  type Row = (typeof r.items)[number];
  return tableXlsx<Row>(ctx, {
    list: 'report_parts',
    filter: q,
    sheet: t(L, '配件消耗', 'Parts used'),
    file: `${t(L, '配件消耗', 'parts-used')}-${q.from}-${q.to}`,
    rows: [...r.items, r.sum],
    columns: [
      { header: q.by === 'part' ? t(L, '配件', 'Part') : t(L, '网点', 'Outlet'), width: 28, value: (x) => x.name },
      { header: t(L, '单数', 'Orders'), width: 10, value: (x) => x.orders },
      { header: t(L, '数量', 'Quantity'), width: 10, value: (x) => x.quantity },
      { header: t(L, '成本（元）', 'Cost (yuan)'), width: 12, value: (x) => x.costFen / 100 },
      { header: t(L, '无价格行', 'Unpriced lines'), width: 12, value: (x) => x.unpriced },
    ],
  });
}

export async function moneyXlsx(ctx: Ctx, q: MoneyQuery) {
  const r = await moneyReport(ctx, q);
  const L = ctx.lang;
  type Row = (typeof r.items)[number];
  const y = (fen: number) => fen / 100;
  return tableXlsx<Row>(ctx, {
    list: 'report_money',
    filter: q,
    sheet: t(L, '结算汇总', 'Settlement'),
    file: `${t(L, '结算汇总', 'settlement-summary')}-${q.from}-${q.to}`,
    rows: [...r.items, r.sum],
    columns: [
      { header: q.by === 'month' ? t(L, '月份', 'Month') : t(L, '单位', 'Unit'), width: 20, value: (x) => x.name },
      { header: t(L, '结算单', 'Statements'), width: 10, value: (x) => x.statements },
      { header: t(L, '其中草稿', 'Drafts'), width: 10, value: (x) => x.drafts },
      { header: t(L, '服务费及配件（元）', 'Fees (yuan)'), width: 16, value: (x) => y(x.feesFen) },
      { header: t(L, '奖励（元）', 'Bonuses (yuan)'), width: 14, value: (x) => y(x.bonusesFen) },
      { header: t(L, '扣罚（元）', 'Penalties (yuan)'), width: 14, value: (x) => y(x.penaltiesFen) },
      { header: t(L, '调整（元）', 'Adjustments (yuan)'), width: 14, value: (x) => y(x.adjustmentsFen) },
      { header: t(L, '合计（元）', 'Total (yuan)'), width: 14, value: (x) => y(x.totalFen) },
    ],
  });
}
