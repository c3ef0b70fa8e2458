import { inArray, sql } from 'drizzle-orm';
import type { Lang } from '../../../shared/i18n.js';
import { rowsOf } from '../../db/rows.js';
import { withinScope } from '../../platform/access/index.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import { users } from '../../platform/identity/tables.js';
import { modelsByIds, partsByIds, productLinesByIds, unitsPerPurchaseMonth } from '../customers/index.js';
import { percentText } from '../money/index.js';
import type {
  FailureRateQuery,
  FailureRateReport,
  FaultQuery,
  FaultReport,
  FaultRow,
  PartsUseQuery,
  PartsUseReport,
  PartsUseRow,
  PeriodQuery,
  ProductivityQuery,
  ProductivityReport,
  ProductivityRow,
  SlaReport,
  SlaStep,
  SlaUnitRow,
} from './contract.js';
import { cameBackWithin, checkPeriod, firstRepairOfUnit, n, narrowSql, ready, unitsOf } from './queries.js';
import { daysBetween, eachMonth, monthDays, monthSpan } from './rules.js';

/*
 * The analyses of the reports module (docs/reports.md): SLA breaches by step and by the unit
 * answering for it, productivity of outlets and technicians, faults as a Pareto by model, line,
 * fault code, cause or part with repeat repairs, the failure rate per purchase month, and parts
 * consumed. Each counts report_order_facts like the ledger does (scope, filters, local days);
 * each figure's orders are a drill-down metric (queries.ts, metricSql).
 */

const t = (lang: Lang, zh: string, en: string) => (lang === 'zh-CN' ? zh : en);
const one = (x: number) => Math.round(x * 10) / 10;

/** Each step's columns in the facts, and the unit that answers for it (seed 004's chain). */
const STEP_COLUMNS: Record<SlaStep, { minutes: string; late: string; unit: 'hq' | 'center' | 'outlet' }> = {
  hq_dispatch: { minutes: 'hq_dispatch_minutes', late: 'hq_dispatch_late', unit: 'hq' },
  center_dispatch: { minutes: 'center_dispatch_minutes', late: 'center_dispatch_late', unit: 'center' },
  contact: { minutes: 'contact_minutes', late: 'contact_late', unit: 'outlet' },
  on_site: { minutes: 'on_site_minutes', late: 'on_site_late', unit: 'outlet' },
  fix: { minutes: 'fix_minutes', late: 'fix_late', unit: 'outlet' },
};

export async function slaReport(ctx: Ctx, q: PeriodQuery): Promise<SlaReport> {
  checkPeriod(q.from, q.to);
  await ready(ctx);
  const where = sql`${narrowSql(ctx, q)} and f.received_day between ${q.from}::date and ${q.to}::date`;
  const steps = [];
  for (const [step, c] of Object.entries(STEP_COLUMNS) as [SlaStep, (typeof STEP_COLUMNS)[SlaStep]][]) {
    const m = sql.raw(`f.${c.minutes}`);
    const late = sql.raw(`f.${c.late}`);
    const [r] = rowsOf<{ measured: number; late: number; open_late: number; mean: number | null; p90: number | null }>(
      await ctx.db.execute(sql`
        select count(${m})::int as measured, count(*) filter (where ${late})::int as late,
          count(*) filter (where ${late} and ${m} is null)::int as open_late,
          avg(${m})::float8 as mean,
          percentile_cont(0.9) within group (order by ${m})::float8 as p90
        from report_order_facts f where ${where} and (${m} is not null or ${late})`),
    );
    const measured = n(r?.measured);
    const lateN = n(r?.late);
    steps.push({
      step,
      measured,
      late: lateN,
      lateText: percentText(lateN, measured + n(r?.open_late)),
      meanMinutes: r?.mean === null || r?.mean === undefined ? null : one(Number(r.mean)),
      p90Minutes: r?.p90 === null || r?.p90 === undefined ? null : one(Number(r.p90)),
    });
  }
  // By the unit answering for each step: HQ for its dispatch, the center for its own, the outlet
  // for contact, arrival and the fix.
  const centers = rowsOf<{ k: string; orders: number; late: number }>(
    await ctx.db.execute(sql`
      select coalesce(f.center_id::text, '-') as k, count(*)::int as orders,
        count(*) filter (where f.center_dispatch_late)::int as late
      from report_order_facts f where ${where} and f.center_id is not null group by 1`),
  );
  const outlets = rowsOf<{ k: string; orders: number; contact: number; on_site: number; fix: number }>(
    await ctx.db.execute(sql`
      select f.outlet_id::text as k, count(*)::int as orders,
        count(*) filter (where f.contact_late)::int as contact,
        count(*) filter (where f.on_site_late)::int as on_site,
        count(*) filter (where f.fix_late)::int as fix
      from report_order_facts f where ${where} and f.outlet_id is not null group by 1`),
  );
  const [hq] = rowsOf<{ orders: number; late: number }>(
    await ctx.db.execute(sql`
      select count(*)::int as orders, count(*) filter (where f.hq_dispatch_late)::int as late
      from report_order_facts f where ${where} and (f.hq_dispatch_minutes is not null or f.hq_dispatch_late)`),
  );
  const names = await unitsOf(ctx.db, [...centers.map((c) => c.k), ...outlets.map((o) => o.k)]);
  const zero = { hqDispatchLate: 0, centerDispatchLate: 0, contactLate: 0, onSiteLate: 0, fixLate: 0 };
  const items: SlaUnitRow[] = [];
  if (n(hq?.orders) > 0)
    items.push({
      key: 'hq',
      name: t(ctx.lang, '总部', 'HQ'),
      kind: 'hq',
      orders: n(hq?.orders),
      ...zero,
      hqDispatchLate: n(hq?.late),
    });
  for (const c of centers)
    items.push({
      key: c.k,
      name: names.get(c.k)?.name ?? c.k,
      kind: 'center',
      orders: n(c.orders),
      ...zero,
      centerDispatchLate: n(c.late),
    });
  for (const o of outlets)
    items.push({
      key: o.k,
      name: names.get(o.k)?.name ?? o.k,
      kind: 'outlet',
      orders: n(o.orders),
      ...zero,
      contactLate: n(o.contact),
      onSiteLate: n(o.on_site),
      fixLate: n(o.fix),
    });
  const lateOf = (r: SlaUnitRow) => r.hqDispatchLate + r.centerDispatchLate + r.contactLate + r.onSiteLate + r.fixLate;
  items.sort((a, b) => lateOf(b) - lateOf(a) || a.name.localeCompare(b.name, 'zh-CN'));
  return { items, total: items.length, from: q.from, to: q.to, steps };
}

export async function productivityReport(ctx: Ctx, q: ProductivityQuery): Promise<ProductivityReport> {
  checkPeriod(q.from, q.to);
  await ready(ctx);
  const key =
    q.by === 'outlet' ? sql.raw(`coalesce(f.outlet_id::text, '-')`) : sql.raw(`coalesce(f.technician_id::text, '-')`);
  const rows = rowsOf<{ k: string; completed: number; reopened: number; on_site: number | null; fix: number | null }>(
    await ctx.db.execute(sql`
      select ${key} as k, count(*)::int as completed, count(*) filter (where f.reopened)::int as reopened,
        avg(extract(epoch from f.completed_at - f.on_site_at) / 60) filter (where f.on_site_at is not null)::float8 as on_site,
        avg(f.fix_minutes)::float8 as fix
      from report_order_facts f
      where ${narrowSql(ctx, q)} and f.completed_day between ${q.from}::date and ${q.to}::date
      group by 1`),
  );
  const days = daysBetween(q.from, q.to);
  const none = t(ctx.lang, '（未指定）', '(none)');
  let name: (k: string) => string;
  if (q.by === 'outlet') {
    const units = await unitsOf(
      ctx.db,
      rows.map((r) => r.k),
    );
    name = (k) => units.get(k)?.name ?? none;
  } else {
    const ids = rows.map((r) => r.k).filter((k) => k !== '-');
    const people = ids.length
      ? await ctx.db
          .select({ id: users.id, name: users.displayName, unitId: users.orgUnitId })
          .from(users)
          .where(inArray(users.id, ids))
      : [];
    // Two technicians may share a name: each is named with their outlet.
    const outlets = await unitsOf(ctx.db, [...new Set(people.map((p) => p.unitId).filter((u): u is string => !!u))]);
    const m = new Map(
      people.map((p) => [
        p.id,
        p.unitId && outlets.get(p.unitId) ? `${p.name}（${outlets.get(p.unitId)!.name}）` : p.name,
      ]),
    );
    name = (k) => m.get(k) ?? none;
  }
  const row = (
    k: string,
    label: string,
    completed: number,
    reopened: number,
    onSite: number | null,
    fix: number | null,
  ): ProductivityRow => ({
    key: k,
    name: label,
    completed,
    perDay: one(completed / days),
    reopened,
    firstTimeFixText: percentText(completed - reopened, completed),
    meanOnSiteMinutes: onSite === null ? null : one(onSite),
    meanFixMinutes: fix === null ? null : one(fix),
  });
  const items = rows
    .map((r) =>
      row(
        r.k,
        name(r.k),
        n(r.completed),
        n(r.reopened),
        r.on_site === null ? null : Number(r.on_site),
        r.fix === null ? null : Number(r.fix),
      ),
    )
    .sort((a, b) => b.completed - a.completed || a.name.localeCompare(b.name, 'zh-CN'));
  const completed = items.reduce((s, r) => s + r.completed, 0);
  const reopened = items.reduce((s, r) => s + r.reopened, 0);
  // The overall means weigh each row by its orders; rows without a figure are left out.
  const mean = (pick: (r: ProductivityRow) => number | null) => {
    let w = 0;
    let sum = 0;
    for (const r of items) {
      const v = pick(r);
      if (v === null) continue;
      w += r.completed;
      sum += v * r.completed;
    }
    return w ? sum / w : null;
  };
  const sum = row(
    'sum',
    t(ctx.lang, '合计', 'Total'),
    completed,
    reopened,
    mean((r) => r.meanOnSiteMinutes),
    mean((r) => r.meanFixMinutes),
  );
  return { items, total: items.length, from: q.from, to: q.to, by: q.by, sum };
}

/** At most this many rows in a Pareto (the long tail is summed into the cumulative share). */
const PARETO_ROWS = 100;

export async function faultReport(ctx: Ctx, q: FaultQuery): Promise<FaultReport> {
  checkPeriod(q.from, q.to);
  await ready(ctx);
  const where = sql`${narrowSql(ctx, q)} and f.completed_day between ${q.from}::date and ${q.to}::date`;
  const [totals] = rowsOf<{ orders: number; r30: number; r90: number }>(
    await ctx.db.execute(sql`
      select count(*)::int as orders,
        count(*) filter (where ${cameBackWithin(30)})::int as r30,
        count(*) filter (where ${cameBackWithin(90)})::int as r90
      from report_order_facts f where ${where}`),
  );
  const orders = n(totals?.orders);
  const grouped =
    q.dimension === 'part'
      ? sql`select p ->> 'partId' as k, count(distinct f.order_id)::int as c
          from report_order_facts f cross join jsonb_array_elements(f.parts) p where ${where} group by 1`
      : sql`select coalesce(${sql.raw(
          { model: 'f.model_id::text', line: 'f.product_line_id::text', fault_code: 'f.fault_code', cause: 'f.cause' }[
            q.dimension
          ],
        )}, '-') as k, count(*)::int as c from report_order_facts f where ${where} group by 1`;
  const rows = rowsOf<{ k: string; c: number }>(
    await ctx.db.execute(sql`${grouped} order by 2 desc, 1 limit ${PARETO_ROWS}`),
  );
  const ids = rows.map((r) => r.k).filter((k) => k !== '-');
  const none = t(ctx.lang, '（未记录）', '(not recorded)');
  let name = (k: string) => (k === '-' ? none : k);
  if (q.dimension === 'model') {
    const m = await modelsByIds(ctx.db, ids);
    name = (k) => (m.get(k) ? `${m.get(k)!.name}（${m.get(k)!.code}）` : none);
  } else if (q.dimension === 'line') {
    const m = await productLinesByIds(ctx.db, ids);
    name = (k) => m.get(k)?.name ?? none;
  } else if (q.dimension === 'part') {
    const m = await partsByIds(ctx.db, ids);
    name = (k) => (m.get(k) ? `${m.get(k)!.name}（${m.get(k)!.code}）` : none);
  }
  // Shares of the orders completed (for parts: of the orders, so they need not add up to 100 %).
  let cumulative = 0;
  const items: FaultRow[] = rows.map((r) => {
    cumulative += n(r.c);
    return {
      key: r.k,
      name: name(r.k),
      count: n(r.c),
      shareText: percentText(n(r.c), orders),
      cumulativeText: percentText(cumulative, orders),
      cumulativePercent: orders ? one((cumulative * 100) / orders) : 0,
    };
  });
  return {
    items,
    total: items.length,
    from: q.from,
    to: q.to,
    dimension: q.dimension,
    orders,
    repeat30: n(totals?.r30),
    repeat90: n(totals?.r90),
    repeat30Text: percentText(n(totals?.r30), orders),
    repeat90Text: percentText(n(totals?.r90), orders),
  };
}

export async function failureRateReport(ctx: Ctx, q: FailureRateQuery): Promise<FailureRateReport> {
  const span = monthSpan(q.from, q.to);
  if (span < 1 || span > 36) throw fieldError('querystring.to', 'report.period_invalid', { from: q.from, to: q.to });
  const months = eachMonth(q.from, q.to);
  await ready(ctx);
  const fromDay = monthDays(q.from).from;
  const toDay = monthDays(q.to).to;
  const base = await unitsPerPurchaseMonth(
    ctx.db,
    { fromDay, toDay, modelId: q.modelId, productLineId: q.productLineId },
    (path) => withinScope(ctx.actor, path),
  );
  // Each failed unit counted once, by its first repair order: the drill-down's `failed` predicate.
  const narrow = { modelId: q.modelId, productLineId: q.productLineId };
  const failed = new Map(
    rowsOf<{ month: string; c: number }>(
      await ctx.db.execute(sql`
        select to_char(f.purchase_day, 'YYYY-MM') as month, count(*)::int as c
        from report_order_facts f
        where ${narrowSql(ctx, narrow)} and ${firstRepairOfUnit(fromDay, toDay, narrowSql(ctx, narrow, 'g'))}
        group by 1`),
    ).map((r) => [r.month, n(r.c)]),
  );
  const items = months.map((month) => {
    const units = base.get(month) ?? 0;
    const f = failed.get(month) ?? 0;
    return { month, units, failed: f, rateText: percentText(f, units) };
  });
  return { items, total: items.length, from: q.from, to: q.to };
}

export async function partsUseReport(ctx: Ctx, q: PartsUseQuery): Promise<PartsUseReport> {
  checkPeriod(q.from, q.to);
  await ready(ctx);
  const key = q.by === 'part' ? sql.raw(`p ->> 'partId'`) : sql.raw(`coalesce(f.outlet_id::text, '-')`);
  const rows = rowsOf<{ k: string; orders: number; quantity: number; cost: number | string | null; unpriced: number }>(
    await ctx.db.execute(sql`
      select ${key} as k, count(distinct f.order_id)::int as orders, sum((p ->> 'quantity')::int)::int as quantity,
        coalesce(sum((p ->> 'costFen')::bigint), 0)::bigint as cost,
        count(*) filter (where p ->> 'costFen' is null)::int as unpriced
      from report_order_facts f cross join jsonb_array_elements(f.parts) p
      where ${narrowSql(ctx, q)} and f.completed_day between ${q.from}::date and ${q.to}::date
      group by 1`),
  );
  const none = t(ctx.lang, '（未知）', '(unknown)');
  let name: (k: string) => string;
  if (q.by === 'part') {
    const m = await partsByIds(
      ctx.db,
      rows.map((r) => r.k),
    );
    name = (k) => (m.get(k) ? `${m.get(k)!.name}（${m.get(k)!.code}）` : none);
  } else {
    const m = await unitsOf(
      ctx.db,
      rows.map((r) => r.k),
    );
    name = (k) => m.get(k)?.name ?? none;
  }
  const items: PartsUseRow[] = rows
    .map((r) => ({
      key: r.k,
      name: name(r.k),
      orders: n(r.orders),
      quantity: n(r.quantity),
      costFen: n(r.cost),
      unpriced: n(r.unpriced),
    }))
    .sort((a, b) => b.costFen - a.costFen || b.quantity - a.quantity || a.name.localeCompare(b.name, 'zh-CN'));
  const total = (k: 'quantity' | 'costFen' | 'unpriced') => items.reduce((s, r) => s + r[k], 0);
  // Orders in the sum: each order once, though it may have consumed several parts.
  const [o] = rowsOf<{ c: number }>(
    await ctx.db.execute(sql`select count(*)::int as c from report_order_facts f
      where ${narrowSql(ctx, { ...q, anyPart: true })} and f.completed_day between ${q.from}::date and ${q.to}::date`),
  );
  const sum: PartsUseRow = {
    key: 'sum',
    name: t(ctx.lang, '合计', 'Total'),
    orders: n(o?.c),
    quantity: total('quantity'),
    costFen: total('costFen'),
    unpriced: total('unpriced'),
  };
  return { items, total: items.length, from: q.from, to: q.to, by: q.by, sum };
}
