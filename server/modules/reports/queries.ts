import { inArray, type SQL, sql } from 'drizzle-orm';
import { divisionName } from '../../../shared/divisions.js';
import type { Lang } from '../../../shared/i18n.js';
import { addDays, endOfLocalDay, localDay } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { requirePermission, withinScope } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { centerGroupOf, meetsTarget, percentText } from '../money/index.js';
import type {
  DailyQuery,
  DailyReport,
  DailyRow,
  Dashboard,
  DashboardQuery,
  MonthlyQuery,
  MonthlyReport,
  MonthlyRow,
  ReportOrder,
  ReportOrderPage,
  ReportOrdersQuery,
} from './contract.js';
import { refreshDirtyFacts } from './refresh.js';
import { daysBetween, eachDay, MAX_REPORT_DAYS, monthDays, monthOf } from './rules.js';

/*
 * The reports (docs/reports.md). Each read first drains the dirty orders (refresh.ts), so what it
 * counts is every write committed before it; then it counts rows of report_order_facts in the
 * reader's scope with the filters, grouped as asked. The drill-down lists the rows behind one
 * figure with the very predicate that counted them (`metricSql`), so a cell and its list agree.
 */

export type Narrow = Pick<DailyQuery, 'province' | 'centerId' | 'outletId' | 'productLineId' | 'serviceType'> & {
  noProvince?: boolean | undefined;
  noCenter?: boolean | undefined;
  noOutlet?: boolean | undefined;
  noModel?: boolean | undefined;
  noLine?: boolean | undefined;
  noTechnician?: boolean | undefined;
  anyPart?: boolean | undefined;
  technicianId?: string | undefined;
  modelId?: string | undefined;
  faultCode?: string | undefined;
  cause?: string | undefined;
  partId?: string | undefined;
};

const t = (lang: Lang, zh: string, en: string) => (lang === 'zh-CN' ? zh : en);

export async function ready(ctx: Ctx): Promise<void> {
  requirePermission(ctx.actor, 'reports.read');
  await refreshDirtyFacts(ctx.db, ctx.now);
}

/**
 * The reader's scope and a report's filters on the facts row `alias` (f, or g for the other orders
 * of a unit that a figure compares with). Each "-" row of a report has its own filter (noProvince,
 * noCenter, noOutlet, noModel, noLine, noTechnician; "-" for a fault code or cause) and the parts
 * report's orders theirs (anyPart), so every figure drills down to the orders it counts.
 */
export function narrowSql(ctx: Ctx, q: Narrow, alias: 'f' | 'g' = 'f'): SQL {
  const c = (column: string) => sql.raw(`${alias}.${column}`);
  const parts: SQL[] = [withinScope(ctx.actor, c('org_path'))];
  if (q.province) parts.push(sql`${c('province_code')} = ${q.province}`);
  if (q.noProvince) parts.push(sql`${c('province_code')} is null`);
  if (q.noCenter) parts.push(sql`${c('center_id')} is null`);
  if (q.noOutlet) parts.push(sql`${c('outlet_id')} is null`);
  if (q.noModel) parts.push(sql`${c('model_id')} is null`);
  if (q.noLine) parts.push(sql`${c('product_line_id')} is null`);
  if (q.noTechnician) parts.push(sql`${c('technician_id')} is null`);
  if (q.anyPart) parts.push(sql`${c('parts')} <> '[]'::jsonb`);
  if (q.centerId) parts.push(sql`${c('center_id')} = ${q.centerId}::uuid`);
  if (q.outletId) parts.push(sql`${c('outlet_id')} = ${q.outletId}::uuid`);
  if (q.productLineId) parts.push(sql`${c('product_line_id')} = ${q.productLineId}::uuid`);
  if (q.serviceType) parts.push(sql`${c('service_type')} = ${q.serviceType}`);
  if (q.technicianId) parts.push(sql`${c('technician_id')} = ${q.technicianId}::uuid`);
  if (q.modelId) parts.push(sql`${c('model_id')} = ${q.modelId}::uuid`);
  if (q.faultCode)
    parts.push(q.faultCode === '-' ? sql`${c('fault_code')} is null` : sql`${c('fault_code')} = ${q.faultCode}`);
  if (q.cause) parts.push(q.cause === '-' ? sql`${c('cause')} is null` : sql`${c('cause')} = ${q.cause}`);
  if (q.partId) parts.push(sql`${c('parts')} @> ${JSON.stringify([{ partId: q.partId }])}::jsonb`);
  return sql.join(parts, sql` and `);
}

export function checkPeriod(from: string, to: string): void {
  const n = daysBetween(from, to);
  if (n < 1 || n > MAX_REPORT_DAYS) throw fieldError('querystring.to', 'report.period_invalid', { from, to });
}

/** The clock limits the targets judge by: money's settings in force at the period's end (or now). */
export async function clockLimits(db: DbLike, at: Date) {
  const [hours, days, groups] = [
    await getSetting(db, 'money.lateCompletionHours', at),
    await getSetting(db, 'money.completionCapDays', at),
    await getSetting(db, 'money.centerGroups', at),
  ];
  return { over3Min: hours * 60, over7Min: days * 1440, hours, days, groups };
}

/** The instant a period's rules are read at: the end of its last local day, or now while it runs. */
export async function periodEnd(ctx: Ctx, lastDay: string): Promise<Date> {
  const timeZone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  return new Date(Math.min(ctx.now.getTime(), endOfLocalDay(lastDay, timeZone).getTime()));
}

/** Open at the end of `day`: received by then, not completed or closed by then, not cancelled. */
// Written as the open index's expression (tables.ts), so the few open orders are found by it.
const openAt = (day: string) =>
  sql`(coalesce(f.ended_day, 'infinity'::date) > ${day}::date and f.received_day <= ${day}::date and f.state <> 'cancelled')`;

/**
 * A completed order whose unit came back: another repair order (on site, carry-in, remote — not an
 * installation or upkeep visit) of the same unit received after the completion and within `days`
 * days of it (a repeat repair, whether reopened by a callback or reported anew).
 */
export const cameBackWithin = (days: number) =>
  sql`exists (select 1 from report_order_facts g where g.unit_id = f.unit_id and g.order_id <> f.order_id
    and g.state <> 'cancelled' and g.service_type in ('on_site', 'carry_in', 'remote') and g.received_at > f.completed_at
    and g.received_at <= f.completed_at + make_interval(days => ${days}))`;

/** A repair order (on site, carry-in, remote; not installation or upkeep), not cancelled. */
const isRepair = (alias: 'f' | 'g') =>
  sql.raw(`${alias}.state <> 'cancelled' and ${alias}.service_type in ('on_site', 'carry_in', 'remote')`);

/**
 * A unit bought between `from` and `to` that came in for a repair, counted once: its first repair
 * order (by report time) among those the same narrowing `sameAs` (narrowSql on alias g) lets
 * through. The failure rate counts these per purchase month, and its drill-down lists them.
 */
export const firstRepairOfUnit = (from: string, to: string, sameAs: SQL) =>
  sql`f.unit_id is not null and f.purchase_day between ${from}::date and ${to}::date and ${isRepair('f')}
    and not exists (select 1 from report_order_facts g where g.unit_id = f.unit_id
      and g.purchase_day = f.purchase_day and ${isRepair('g')} and ${sameAs}
      and (g.received_at, g.order_id) < (f.received_at, f.order_id))`;

/**
 * The predicate behind each figure of a period (local days, both counted). `sameAs` is the
 * narrowing on the other orders of a unit (narrowSql on alias g) that the failure rate compares
 * with; the drill-down passes its own, so a unit's first order is the first of those it counts.
 */
export function metricSql(
  metric: ReportOrdersQuery['metric'],
  from: string,
  to: string,
  lim: { over3Min: number; over7Min: number; end: Date },
  sameAs: SQL = sql`true`,
): SQL {
  const completed = sql`f.completed_day between ${from}::date and ${to}::date`;
  const received = sql`f.received_day between ${from}::date and ${to}::date`;
  switch (metric) {
    case 'received':
      return received;
    case 'dispatched':
      return sql`f.dispatched_day between ${from}::date and ${to}::date`;
    case 'completed':
      return completed;
    case 'open':
      return openAt(to);
    case 'open_over3':
      return sql`${openAt(to)} and f.received_at < ${new Date(lim.end.getTime() - lim.over3Min * 60_000).toISOString()}::timestamptz`;
    case 'judged':
      return sql`${completed} and f.resolved_minutes is not null`;
    case 'within3':
      return sql`${completed} and f.resolved_minutes <= ${lim.over3Min}`;
    case 'over3':
      return sql`${completed} and f.resolved_minutes > ${lim.over3Min}`;
    case 'over7':
      return sql`${completed} and f.resolved_minutes > ${lim.over7Min}`;
    case 'late_hq_dispatch':
      return sql`${received} and f.hq_dispatch_late`;
    case 'late_center_dispatch':
      return sql`${received} and f.center_dispatch_late`;
    case 'late_contact':
      return sql`${received} and f.contact_late`;
    case 'late_on_site':
      return sql`${received} and f.on_site_late`;
    case 'late_fix':
      return sql`${received} and f.fix_late`;
    case 'reopened':
      return sql`${completed} and f.reopened`;
    case 'repeat30':
      return sql`${completed} and ${cameBackWithin(30)}`;
    case 'repeat90':
      return sql`${completed} and ${cameBackWithin(90)}`;
    case 'failed':
      return firstRepairOfUnit(from, to, sameAs);
  }
}

const UNIT_KEY: Record<'province' | 'center' | 'outlet', SQL> = {
  province: sql.raw(`coalesce(f.province_code, '-')`),
  center: sql.raw(`coalesce(f.center_id::text, '-')`),
  outlet: sql.raw(`coalesce(f.outlet_id::text, '-')`),
};

export async function unitsOf(
  db: DbLike,
  ids: string[],
): Promise<Map<string, { name: string; provinceCode: string | null }>> {
  const real = ids.filter((id) => id !== '-');
  if (!real.length) return new Map();
  const rows = await db
    .select({ id: orgUnits.id, name: orgUnits.name, provinceCode: orgUnits.provinceCode })
    .from(orgUnits)
    .where(inArray(orgUnits.id, real));
  return new Map(
    rows.map((r) => [r.id, { name: r.name, provinceCode: r.provinceCode ? r.provinceCode.slice(0, 2) : null }]),
  );
}

export const provinceName = (code: string | null) => (code ? (divisionName(`${code}0000`) ?? code) : null);

async function unitNamer(ctx: Ctx, by: 'province' | 'center' | 'outlet', keys: string[]) {
  const none = {
    province: t(ctx.lang, '（省份未知）', '(province unknown)'),
    center: t(ctx.lang, '（未派至中心）', '(not sent to a center)'),
    outlet: t(ctx.lang, '（未派至网点）', '(not sent to an outlet)'),
  }[by];
  if (by === 'province')
    return (k: string) => ({ name: k === '-' ? none : (provinceName(k) ?? k), provinceCode: k === '-' ? null : k });
  const units = await unitsOf(ctx.db, keys);
  return (k: string) => {
    const u = units.get(k);
    return { name: u?.name ?? none, provinceCode: u?.provinceCode ?? null };
  };
}

export const n = (v: unknown) => Number(v ?? 0);

// ---- Daily ledger ------------------------------------------------------------------------------

export async function dailyReport(ctx: Ctx, q: DailyQuery): Promise<DailyReport> {
  checkPeriod(q.from, q.to);
  await ready(ctx);
  const where = narrowSql(ctx, q);
  const inRange = (col: string) => sql`${sql.raw(col)} between ${q.from}::date and ${q.to}::date`;
  let items: DailyRow[];
  if (q.by === 'day') {
    // Per day: the day's arrivals, dispatches and completions; open at each day's end is the open
    // count before the period plus arrivals minus endings (a cancelled order is never counted).
    const perDay = async (col: string, extra: SQL = sql`true`) =>
      new Map(
        rowsOf<{ d: string; c: number }>(
          await ctx.db.execute(sql`select to_char(${sql.raw(col)}, 'YYYY-MM-DD') as d, count(*)::int as c
            from report_order_facts f where ${where} and ${inRange(col)} and ${extra} group by 1`),
        ).map((r) => [r.d, n(r.c)]),
      );
    const received = await perDay('f.received_day');
    const dispatched = await perDay('f.dispatched_day');
    const completed = await perDay('f.completed_day');
    const arrived = await perDay('f.received_day', sql`f.state <> 'cancelled'`);
    const ended = await perDay('f.ended_day', sql`f.state <> 'cancelled'`);
    const before = addDays(q.from, -1);
    const [b] = rowsOf<{ c: number }>(
      await ctx.db.execute(
        sql`select count(*)::int as c from report_order_facts f where ${where} and ${openAt(before)}`,
      ),
    );
    let open = n(b?.c);
    items = eachDay(q.from, q.to).map((d) => {
      open += (arrived.get(d) ?? 0) - (ended.get(d) ?? 0);
      return {
        key: d,
        name: d,
        received: received.get(d) ?? 0,
        dispatched: dispatched.get(d) ?? 0,
        completed: completed.get(d) ?? 0,
        open,
      };
    });
  } else {
    const rows = rowsOf<{ k: string; received: number; dispatched: number; completed: number; open: number }>(
      await ctx.db.execute(sql`
        select ${UNIT_KEY[q.by]} as k,
          count(*) filter (where ${inRange('f.received_day')})::int as received,
          count(*) filter (where ${inRange('f.dispatched_day')})::int as dispatched,
          count(*) filter (where ${inRange('f.completed_day')})::int as completed,
          count(*) filter (where ${openAt(q.to)})::int as open
        from report_order_facts f
        where ${where} and (${inRange('f.received_day')} or ${inRange('f.dispatched_day')}
          or ${inRange('f.completed_day')} or ${openAt(q.to)})
        group by 1`),
    );
    const name = await unitNamer(
      ctx,
      q.by,
      rows.map((r) => r.k),
    );
    items = rows
      .map((r) => ({
        key: r.k,
        name: name(r.k).name,
        received: n(r.received),
        dispatched: n(r.dispatched),
        completed: n(r.completed),
        open: n(r.open),
      }))
      .sort((a, b) => b.received - a.received || a.name.localeCompare(b.name, 'zh-CN'));
  }
  const sum: DailyRow = {
    key: 'sum',
    name: t(ctx.lang, '合计', 'Total'),
    received: items.reduce((s, r) => s + r.received, 0),
    dispatched: items.reduce((s, r) => s + r.dispatched, 0),
    completed: items.reduce((s, r) => s + r.completed, 0),
    open: q.by === 'day' ? (items.at(-1)?.open ?? 0) : items.reduce((s, r) => s + r.open, 0),
  };
  return { items, total: items.length, from: q.from, to: q.to, by: q.by, sum };
}

// ---- Monthly summary against the targets ------------------------------------------------------

export async function monthlyReport(ctx: Ctx, q: MonthlyQuery): Promise<MonthlyReport> {
  await ready(ctx);
  return monthlyOf(ctx, q);
}

async function monthlyOf(ctx: Ctx, q: MonthlyQuery): Promise<MonthlyReport> {
  const { from, to } = monthDays(q.month);
  // The month is judged by the settings at its end (as the center's statement is), or now while it runs.
  const end = await periodEnd(ctx, to);
  const lim = await clockLimits(ctx.db, end);
  const rows = rowsOf<{ k: string; completed: number; judged: number; over3: number; over7: number }>(
    await ctx.db.execute(sql`
      select ${UNIT_KEY[q.by]} as k, count(*)::int as completed, count(f.resolved_minutes)::int as judged,
        count(*) filter (where f.resolved_minutes > ${lim.over3Min})::int as over3,
        count(*) filter (where f.resolved_minutes > ${lim.over7Min})::int as over7
      from report_order_facts f
      where ${narrowSql(ctx, q)} and f.completed_day between ${from}::date and ${to}::date
      group by 1`),
  );
  const name = await unitNamer(
    ctx,
    q.by,
    rows.map((r) => r.k),
  );
  const row = (
    key: string,
    label: string,
    provinceCode: string | null,
    c: { completed: number; judged: number; over3: number; over7: number },
  ): MonthlyRow => {
    const group = provinceCode ? centerGroupOf(provinceCode, lim.groups) : null;
    const within3 = c.judged - c.over3;
    const within7 = c.judged - c.over7;
    const target7 = group?.within7DaysPercent ?? 100;
    return {
      key,
      name: label,
      provinceCode,
      group: group ?? null,
      completed: c.completed,
      judged: c.judged,
      within3,
      over3: c.over3,
      over7: c.over7,
      within3Text: percentText(within3, c.judged),
      within7Text: percentText(within7, c.judged),
      met3: group && c.judged > 0 ? meetsTarget(within3, c.judged, group.within3DaysPercent) : null,
      met7: c.judged > 0 ? meetsTarget(within7, c.judged, target7) : null,
    };
  };
  const items = rows
    .map((r) => {
      const u = name(r.k);
      return row(r.k, u.name, u.provinceCode, {
        completed: n(r.completed),
        judged: n(r.judged),
        over3: n(r.over3),
        over7: n(r.over7),
      });
    })
    .sort(
      (a, b) => (a.provinceCode ?? '~').localeCompare(b.provinceCode ?? '~') || a.name.localeCompare(b.name, 'zh-CN'),
    );
  const total = (k: 'completed' | 'judged' | 'over3' | 'over7') => items.reduce((s, r) => s + r[k], 0);
  const sum = row('sum', t(ctx.lang, '合计', 'Total'), q.province ?? null, {
    completed: total('completed'),
    judged: total('judged'),
    over3: total('over3'),
    over7: total('over7'),
  });
  return {
    items,
    total: items.length,
    month: q.month,
    by: q.by,
    lateCompletionHours: lim.hours,
    completionCapDays: lim.days,
    sum,
  };
}

// ---- Drill-down -------------------------------------------------------------------------------

/*
 * A page of the orders behind a figure, newest report first: the order an index on received_at
 * serves, so a page of a month of a million orders reads a few hundred rows, not all that match.
 * The count stops at COUNT_CAP (the figure itself is on the report; the list says "10,000+").
 */
export const COUNT_CAP = 10_000;
/** Up to this many matches a page is sorted from the matches, not walked from the index. */
const FEW_ROWS = 2_000;

export async function reportOrders(
  ctx: Ctx,
  q: ReportOrdersQuery,
  opts: {
    countUpTo?: number;
    /** Keyset paging (the export): the rows after this one, no offset, no count. */
    after?: { receivedAt: string; orderId: string };
  } = {},
): Promise<ReportOrderPage & { last?: { receivedAt: string; orderId: string } }> {
  const cap = opts.countUpTo ?? COUNT_CAP;
  checkPeriod(q.from, q.to);
  if (!opts.after) await ready(ctx);
  const end = await periodEnd(ctx, q.to);
  const lim = await clockLimits(ctx.db, end);
  const filter = sql`${narrowSql(ctx, q)} and ${metricSql(q.metric, q.from, q.to, { ...lim, end }, narrowSql(ctx, q, 'g'))}`;
  const where = opts.after
    ? sql`${filter} and (f.received_at, f.order_id) < (${opts.after.receivedAt}::timestamptz, ${opts.after.orderId}::uuid)`
    : filter;
  const [c] = opts.after
    ? [{ c: 0 }]
    : rowsOf<{ c: number }>(
        await ctx.db.execute(
          sql`select count(*)::int as c from (select 1 from report_order_facts f where ${where} limit ${cap + 1}) x`,
        ),
      );
  const rows = rowsOf<{
    order_id: string;
    code: string;
    state: ReportOrder['state'];
    service_type: ReportOrder['serviceType'];
    province_code: string | null;
    center_id: string | null;
    outlet_id: string | null;
    received_at: string | Date;
    cursor_at: string;
    dispatched_at: string | Date | null;
    completed_at: string | Date | null;
    resolved_minutes: number | null;
    excused: boolean;
    hq_parts: boolean;
    urge_count: number;
  }>(
    // Nothing to list: no page query. A few matches: found through the predicate's own index
    // first, then sorted (walking received_at in order would read the whole period to find them).
    // Many: the received_at index in order, stopping after the page.
    !opts.after && n(c?.c) === 0
      ? []
      : await ctx.db.execute(sql`
      ${!opts.after && n(c?.c) <= FEW_ROWS ? sql`with m as materialized (select * from report_order_facts f where ${where})` : sql``}
      select f.order_id, f.code, f.state, f.service_type, f.province_code, f.center_id, f.outlet_id, f.received_at,
        to_char(f.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at,
        f.dispatched_at, f.completed_at, f.resolved_minutes, f.excused, f.hq_parts, f.urge_count
      from ${!opts.after && n(c?.c) <= FEW_ROWS ? sql`m f` : sql`report_order_facts f where ${where}`}
      order by f.received_at desc, f.order_id desc
      limit ${q.pageSize} offset ${opts.after ? 0 : (q.page - 1) * q.pageSize}`),
  );
  const units = await unitsOf(ctx.db, [
    ...new Set(rows.flatMap((r) => [r.center_id, r.outlet_id]).filter((x): x is string => !!x)),
  ]);
  const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
  return {
    items: rows.map((r) => ({
      orderId: r.order_id,
      code: r.code,
      state: r.state,
      serviceType: r.service_type,
      provinceCode: r.province_code,
      provinceName: provinceName(r.province_code),
      centerName: r.center_id ? (units.get(r.center_id)?.name ?? null) : null,
      outletName: r.outlet_id ? (units.get(r.outlet_id)?.name ?? null) : null,
      receivedAt: iso(r.received_at)!,
      dispatchedAt: iso(r.dispatched_at),
      completedAt: iso(r.completed_at),
      resolvedMinutes: r.resolved_minutes === null ? null : n(r.resolved_minutes),
      excused: r.excused,
      hqParts: r.hq_parts,
      urgeCount: n(r.urge_count),
    })),
    total: Math.min(n(c?.c), cap),
    totalCapped: n(c?.c) > cap,
    // The exact position of the last row (microseconds), where the next keyset page starts.
    ...(rows.length ? { last: { receivedAt: rows.at(-1)!.cursor_at, orderId: rows.at(-1)!.order_id } } : {}),
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ---- Dashboard --------------------------------------------------------------------------------

export async function dashboard(ctx: Ctx, q: DashboardQuery): Promise<Dashboard> {
  await ready(ctx);
  const timeZone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  const today = localDay(ctx.now, timeZone);
  const month = monthOf(today);
  const where = narrowSql(ctx, q);
  const lim = await clockLimits(ctx.db, ctx.now);
  const [live] = rowsOf<{ received: number; dispatched: number; completed: number; open: number; open_over3: number }>(
    await ctx.db.execute(sql`
      select count(*) filter (where f.received_day = ${today}::date)::int as received,
        count(*) filter (where f.dispatched_day = ${today}::date)::int as dispatched,
        count(*) filter (where f.completed_day = ${today}::date)::int as completed,
        count(*) filter (where ${openAt(today)})::int as open,
        count(*) filter (where ${metricSql('open_over3', today, today, { ...lim, end: ctx.now })})::int as open_over3
      from report_order_facts f
      where ${where} and (f.received_day = ${today}::date or f.dispatched_day = ${today}::date
        or f.completed_day = ${today}::date or ${openAt(today)})`),
  );
  // An outlet's dashboard compares its own month; above it, the units one level down.
  const [unit] = ctx.actor.orgUnitId
    ? await ctx.db
        .select({ kind: orgUnits.kind })
        .from(orgUnits)
        .where(inArray(orgUnits.id, [ctx.actor.orgUnitId]))
    : [];
  const below = unit?.kind === 'outlet' || unit?.kind === 'center' || q.centerId || q.outletId;
  const by = below ? ('outlet' as const) : ('province' as const);
  const monthly = await monthlyOf(ctx, { month, by, ...q });
  const first = addDays(today, -29);
  const trendRows = rowsOf<{ d: string; received: number; completed: number }>(
    await ctx.db.execute(sql`
      select d, sum(r)::int as received, sum(c)::int as completed from (
        select to_char(f.received_day, 'YYYY-MM-DD') as d, 1 as r, 0 as c from report_order_facts f
          where ${where} and f.received_day between ${first}::date and ${today}::date
        union all
        select to_char(f.completed_day, 'YYYY-MM-DD'), 0, 1 from report_order_facts f
          where ${where} and f.completed_day between ${first}::date and ${today}::date) x
      group by d`),
  );
  const byDay = new Map(trendRows.map((r) => [r.d, r]));
  return {
    today,
    month,
    live: {
      received: n(live?.received),
      dispatched: n(live?.dispatched),
      completed: n(live?.completed),
      open: n(live?.open),
      openOver3: n(live?.open_over3),
    },
    monthly,
    trend: eachDay(first, today).map((d) => ({
      day: d,
      received: n(byDay.get(d)?.received),
      completed: n(byDay.get(d)?.completed),
    })),
  };
}
