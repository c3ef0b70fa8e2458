import { rebuildFacts, refreshDirtyFacts } from '../server/modules/reports/index.js';
import { percentile, type Q, r1, sequentialGet, withSession } from './orders.js';
import { explain } from './search-data.js';
import { ADMIN, DEMO_PASSWORD, type DbTarget, loginToken, type SanbaoServer } from './servers.js';
import type { SettleData } from './settle.js';

/*
 * Reports and dashboards at the issue's size (bench/README.md, "Reports"): the settlement
 * benchmark's month of completed orders (bench/settle.ts: 1M orders over 2,000 outlets, each with
 * its four met milestones) read into the reports' read model — a full rebuild when the load
 * bypassed the triggers (superuser), else the drain of the orders the triggers marked — then, on a
 * freshly started server, the dashboard's first load, the monthly summary per province and per
 * outlet, the daily ledger and the drill-down pages, over HTTP, one request at a time, as HQ, as a
 * center and as an outlet; last, what the change-capture trigger adds to an order update.
 */

export const REPORTS_TARGETS = { monthlyMs: 1000, dashboardFirstMs: 1500, drillP95Ms: 50 };

/** The center and the bench outlet whose people read their own reports. */
export const CENTER_USER = 'gd.center';
export const OUTLET_USER = 'sb0001.manager';
const OUTLET_CODE = 'SB-0001';

export interface FactsBuild {
  /** `rebuild`: rebuildFacts over every order (the load skipped the triggers); `drain`: refreshDirtyFacts. */
  how: 'rebuild' | 'drain';
  orders: number;
  seconds: number;
  ordersPerSecond: number;
  /** What autovacuum would do after such a write, done at once so the reads get the plans they will have. */
  vacuumAnalyzeSeconds: number;
  factRows: number;
  dirtyLeft: number;
  tableMb: number;
}

/** Reads the loaded month into report_order_facts, timed: a rebuild, or the drain of the marked orders. */
export async function buildFacts(
  app: SanbaoServer,
  target: DbTarget,
  data: SettleData,
  log: (m: string) => void,
): Promise<FactsBuild> {
  const db = app.database.db;
  const count = (text: string) => withSession(app.database, target, async (q) => Number((await q(text))[0]?.n ?? 0));
  const t0 = performance.now();
  let orders: number;
  let how: FactsBuild['how'];
  if (data.superuser) {
    how = 'rebuild';
    log('reports: the load skipped the triggers (superuser); rebuilding every order’s facts');
    orders = await rebuildFacts(db, new Date(), log);
  } else {
    how = 'drain';
    const dirty = await count('select count(*)::int as n from report_dirty_orders');
    log(`reports: the triggers marked ${dirty} orders during the load; draining them`);
    orders = await refreshDirtyFacts(db, new Date());
  }
  const seconds = r1((performance.now() - t0) / 1000);
  log(`reports: ${how} of ${orders} orders in ${seconds} s`);
  const t1 = performance.now();
  await withSession(app.database, target, (q) => q('vacuum analyze report_order_facts'));
  const vacuumAnalyzeSeconds = r1((performance.now() - t1) / 1000);
  const [factRows, dirtyLeft, bytes] = [
    await count('select count(*)::int as n from report_order_facts'),
    await count('select count(*)::int as n from report_dirty_orders'),
    await count(`select pg_total_relation_size('report_order_facts') as n`),
  ];
  log(`reports: vacuum analyze ${vacuumAnalyzeSeconds} s; ${factRows} fact rows, ${Math.round(bytes / 1_048_576)} MB`);
  return {
    how,
    orders,
    seconds,
    ordersPerSecond: Math.round(orders / Math.max(seconds, 0.001)),
    vacuumAnalyzeSeconds,
    factRows,
    dirtyLeft,
    tableMb: Math.round(bytes / 1_048_576),
  };
}

export interface ReportRow {
  scenario: string;
  user: string;
  request: string;
  /** The first request of this user for this report (after the server's start for the dashboard). */
  firstMs: number;
  requests: number;
  /** Mean rows per answer (items), and the largest `total` seen. */
  meanItems: number;
  total: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  /** What the issue's target judges: the first request, or the p95 of the repeated ones; null: no target. */
  target: { on: 'first and p95' | 'first' | 'p95'; ms: number } | null;
  metTarget: boolean | null;
}

export interface DrillMetricRow {
  scenario: string;
  metric: string;
  requests: number;
  total: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface WriteCost {
  /** Order updates (urge_count + 1, each a different order) timed per statement inside one transaction. */
  updates: number;
  withTrigger: { p50Ms: number; meanMs: number };
  withoutTrigger: { p50Ms: number; meanMs: number };
  /** The same updates as single-statement transactions (commit and WAL flush included). */
  committedWithTrigger: { p50Ms: number; meanMs: number };
  committedWithoutTrigger: { p50Ms: number; meanMs: number };
  /** Draining the orders those updates marked: what the next report read pays first. */
  drain: { orders: number; ms: number };
}

export interface ReportsResult {
  database: 'postgres';
  month: string;
  province: string;
  rows: ReportRow[];
  /** The drill-down rows above split by metric: where the tail comes from. */
  drillByMetric: DrillMetricRow[];
  writeCost: WriteCost | null;
  explains: Record<string, string[]>;
}

const r2 = (n: number) => Math.round(n * 100) / 100;
const stats = (times: number[]) => {
  const s = [...times].sort((a, b) => a - b);
  return { p50Ms: r2(percentile(s, 50)), meanMs: r2(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)) };
};

/** Every report read over HTTP, as HQ, a center and an outlet, then the trigger's cost on writes. */
export async function reportsRound(
  app: SanbaoServer,
  target: DbTarget,
  data: SettleData,
  opts: { repeats: number; drillRequests: number; drillPages: number; seconds: number; writes: number },
  log: (m: string) => void,
): Promise<ReportsResult> {
  const month = data.month;
  const from = `${month}-01`;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const to = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  const base = app.url;
  const rows: ReportRow[] = [];

  const once = async (path: string, token: string) => {
    const t = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    const ms = performance.now() - t;
    if (!res.ok) throw new Error(`reports: GET ${path} answered ${res.status} ${text.slice(0, 500)}`);
    return { ms, body: JSON.parse(text) as Record<string, unknown> };
  };
  /** The first request timed alone, then `repeats` (or `requests`) more one at a time over the paths. */
  const measure = async (
    scenario: string,
    user: string,
    token: string,
    paths: readonly string[],
    goal: ReportRow['target'],
    requests = opts.repeats,
  ): Promise<ReportRow> => {
    const first = await once(paths[0]!, token);
    const r = await sequentialGet(
      paths.map((p) => `${base}${p}`),
      token,
      { seconds: opts.seconds, maxRequests: requests, warmup: 0 },
    );
    if (r.firstError) log(`reports: ${scenario}: ${r.firstError}`);
    const p95 = percentile(r.times, 95);
    const judged =
      goal === null
        ? null
        : r.non2xx === 0 &&
          (goal.on === 'p95' ? p95 : goal.on === 'first' ? first.ms : Math.max(first.ms, p95)) < goal.ms;
    const row: ReportRow = {
      scenario,
      user,
      request: `GET ${paths[0]}${paths.length > 1 ? ` (${paths.length} pages / metrics in turn)` : ''}`,
      firstMs: r1(first.ms),
      requests: r.times.length,
      meanItems: r.times.length ? Math.round(r.items / r.times.length) : 0,
      total: r.total,
      p50Ms: r1(percentile(r.times, 50)),
      p95Ms: r1(p95),
      p99Ms: r1(percentile(r.times, 99)),
      maxMs: r1(r.times.at(-1) ?? 0),
      non2xx: r.non2xx,
      target: goal,
      metTarget: judged,
    };
    log(
      `reports: ${scenario} as ${user}: first ${row.firstMs} ms, p50 ${row.p50Ms}, p95 ${row.p95Ms} ms (${row.requests} requests)`,
    );
    rows.push(row);
    return row;
  };

  // The dashboard is the first thing HQ opens after the start: nothing cached in the server yet.
  const admin = await loginToken(base, ADMIN.username, ADMIN.password);
  const dashTarget = { on: 'first' as const, ms: REPORTS_TARGETS.dashboardFirstMs };
  await measure('dashboard (first load after start)', ADMIN.username, admin, ['/api/reports/dashboard'], dashTarget);

  // The province read in the drill-down: the one with the most orders of the month.
  const [top] = await withSession(app.database, target, (q) =>
    q(`select province_code as p from report_order_facts where completed_day between '${from}' and '${to}'
       group by 1 order by count(*) desc, 1 limit 1`),
  );
  const province = String(top?.p ?? '44');
  const center = await loginToken(base, CENTER_USER, DEMO_PASSWORD);
  const outlet = await outletToken(base, admin);

  await measure('dashboard', CENTER_USER, center, ['/api/reports/dashboard'], dashTarget);
  await measure('dashboard', OUTLET_USER, outlet, ['/api/reports/dashboard'], dashTarget);

  const monthlyTarget = { on: 'first and p95' as const, ms: REPORTS_TARGETS.monthlyMs };
  const monthly = (by: string) => [`/api/reports/monthly?month=${month}&by=${by}`];
  const monthlyHq = await measure('monthly per province', ADMIN.username, admin, monthly('province'), monthlyTarget);
  await measure('monthly per province', CENTER_USER, center, monthly('province'), monthlyTarget);
  const outletsHq = await measure('monthly per outlet', ADMIN.username, admin, monthly('outlet'), monthlyTarget);
  await measure('monthly per outlet', CENTER_USER, center, monthly('outlet'), monthlyTarget);
  await measure('monthly per outlet', OUTLET_USER, outlet, monthly('outlet'), monthlyTarget);

  const daily = (by: string) => [`/api/reports/daily?from=${from}&to=${to}&by=${by}`];
  await measure('daily ledger by day', ADMIN.username, admin, daily('day'), null);
  await measure('daily ledger by day', CENTER_USER, center, daily('day'), null);
  await measure('daily ledger by day', OUTLET_USER, outlet, daily('day'), null);
  await measure('daily ledger by outlet', ADMIN.username, admin, daily('outlet'), null);
  await measure('daily ledger by outlet', CENTER_USER, center, daily('outlet'), null);

  // Drill-down: pages 1..N of every metric of the month in one province, in turn.
  const metrics = ['over3', 'over7', 'completed', 'judged', 'within3', 'received', 'dispatched', 'open'];
  const drillPaths = (extra: string) =>
    Array.from({ length: opts.drillPages }, (_, p) =>
      metrics.map(
        (metric) => `/api/reports/orders?from=${from}&to=${to}&metric=${metric}${extra}&page=${p + 1}&pageSize=50`,
      ),
    ).flat();
  const drillTarget = { on: 'p95' as const, ms: REPORTS_TARGETS.drillP95Ms };
  const drills: ReportRow[] = [
    await measure(
      'drill-down, one province',
      ADMIN.username,
      admin,
      drillPaths(`&province=${province}`),
      drillTarget,
      opts.drillRequests,
    ),
    await measure('drill-down, the center', CENTER_USER, center, drillPaths(''), drillTarget, opts.drillRequests),
    await measure('drill-down, the outlet', OUTLET_USER, outlet, drillPaths(''), drillTarget, opts.drillRequests),
  ];

  // The same pages one metric at a time (twice each), so a slow tail names its metric.
  const drillByMetric: DrillMetricRow[] = [];
  for (const [scenario, token, extra] of [
    ['drill-down, one province', admin, `&province=${province}`],
    ['drill-down, the center', center, ''],
  ] as const) {
    for (const metric of metrics) {
      const times: number[] = [];
      let total = 0;
      for (let round = 0; round < 2; round++)
        for (let p = 1; p <= opts.drillPages; p++) {
          const r = await once(
            `/api/reports/orders?from=${from}&to=${to}&metric=${metric}${extra}&page=${p}&pageSize=50`,
            token,
          );
          times.push(r.ms);
          total = Math.max(total, Number(r.body.total ?? 0));
        }
      const s = [...times].sort((a, b) => a - b);
      const row = {
        scenario,
        metric,
        requests: s.length,
        total,
        p50Ms: r1(percentile(s, 50)),
        p95Ms: r1(percentile(s, 95)),
        maxMs: r1(s.at(-1) ?? 0),
      };
      log(`reports: ${scenario} ${metric}: p50 ${row.p50Ms}, p95 ${row.p95Ms}, max ${row.maxMs} ms (total ${total})`);
      drillByMetric.push(row);
    }
  }

  const explains: Record<string, string[]> = {};
  const limits = await limitsOf(base, admin, month);
  const adminPath = await pathOf(app, target, ADMIN.username);
  for (const [row, by] of [
    [monthlyHq, 'province'],
    [outletsHq, 'outlet'],
  ] as const) {
    if (!row.metTarget)
      explains[`monthly per ${by} (HQ)`] = await explain(
        app.database,
        target,
        monthlySql(adminPath, by, from, to, limits),
      );
  }
  if (drills[0] && !drills[0].metTarget) {
    const s = drillSql(adminPath, `f.province_code = '${province}' and`, from, to, limits);
    explains['drill-down over3, one province, page 1 (HQ) — page'] = await explain(app.database, target, s.page);
    explains['drill-down over3, one province, page 1 (HQ) — count'] = await explain(app.database, target, s.count);
  }
  const dash = rows.find((r) => r.scenario.startsWith('dashboard (first'));
  if (dash && !dash.metTarget) {
    for (const [name, text] of Object.entries(await dashboardSql(app, target, adminPath)))
      explains[`dashboard (HQ) — ${name}`] = await explain(app.database, target, text);
  }

  const writeCost = opts.writes > 0 ? await measureWriteCost(app, target, opts.writes, log) : null;
  return { database: 'postgres', month, province, rows, drillByMetric, writeCost, explains };
}

/** An outlet manager of the bench outlet SB-0001 (the demo's outlets hold none of the loaded orders). */
async function outletToken(base: string, admin: string): Promise<string> {
  const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
  const units = (await (await fetch(`${base}/api/org/units`, { headers })).json()) as {
    items: { id: string; code: string }[];
  };
  const unit = units.items.find((u) => u.code === OUTLET_CODE);
  if (!unit) throw new Error(`reports: bench outlet ${OUTLET_CODE} not found`);
  const res = await fetch(`${base}/api/users`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      username: OUTLET_USER,
      displayName: '压测网点经理',
      password: DEMO_PASSWORD,
      orgUnitId: unit.id,
      roles: ['outlet_manager'],
    }),
  });
  if (res.status !== 201 && res.status !== 409)
    throw new Error(`reports: creating ${OUTLET_USER}: ${res.status} ${await res.text()}`);
  return loginToken(base, OUTLET_USER, DEMO_PASSWORD);
}

type Limits = { over3Min: number; over7Min: number };

async function limitsOf(base: string, token: string, month: string): Promise<Limits> {
  const res = await fetch(`${base}/api/reports/monthly?month=${month}&by=province`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { lateCompletionHours: number; completionCapDays: number };
  return { over3Min: body.lateCompletionHours * 60, over7Min: body.completionCapDays * 1440 };
}

async function pathOf(app: SanbaoServer, target: DbTarget, username: string): Promise<string> {
  const [r] = await withSession(app.database, target, (q: Q) =>
    q(`select o.path from users u join org_units o on o.id = u.org_unit_id where u.username = '${username}'`),
  );
  return String(r?.path ?? '/');
}

/** The monthly summary's query as server/modules/reports/queries.ts runs it, for EXPLAIN. */
export function monthlySql(path: string, by: 'province' | 'outlet', from: string, to: string, lim: Limits): string {
  const key = by === 'province' ? `coalesce(f.province_code, '-')` : `coalesce(f.outlet_id::text, '-')`;
  return `select ${key} as k, count(*)::int as completed, count(f.resolved_minutes)::int as judged,
      count(*) filter (where f.resolved_minutes > ${lim.over3Min})::int as over3,
      count(*) filter (where f.resolved_minutes > ${lim.over7Min})::int as over7
    from report_order_facts f
    where f.org_path like '${path}%' and f.completed_day between '${from}'::date and '${to}'::date
    group by 1`;
}

/** The drill-down's two queries (over3, page 1) as the reports module runs them, for EXPLAIN. */
export function drillSql(path: string, narrow: string, from: string, to: string, lim: Limits) {
  const where = `f.org_path like '${path}%' and ${narrow} f.completed_day between '${from}'::date and '${to}'::date
      and f.resolved_minutes > ${lim.over3Min}`;
  return {
    page: `select f.order_id, f.code, f.state, f.service_type, f.province_code, f.center_id, f.outlet_id, f.received_at,
        f.dispatched_at, f.completed_at, f.resolved_minutes, f.excused, f.hq_parts, f.urge_count
      from report_order_facts f where ${where}
      order by f.received_at desc, f.order_id desc limit 50 offset 0`,
    count: `select count(*)::int as c from (select 1 from report_order_facts f where ${where} limit 10001) x`,
  };
}

/** The dashboard's live counts and its 30-day trend as the reports module runs them, for EXPLAIN. */
async function dashboardSql(app: SanbaoServer, target: DbTarget, path: string): Promise<Record<string, string>> {
  const [d] = await withSession(app.database, target, (q) =>
    q(`select to_char(now() at time zone coalesce((select value #>> '{}' from setting_versions
         where key = 'company.timeZone' order by effective_from desc limit 1), 'Asia/Shanghai'), 'YYYY-MM-DD') as today`),
  );
  const today = String(d?.today);
  const scope = `f.org_path like '${path}%'`;
  const openAt = `(f.received_day <= '${today}'::date and (f.ended_day is null or f.ended_day > '${today}'::date) and f.state <> 'cancelled')`;
  return {
    live: `select count(*) filter (where f.received_day = '${today}'::date)::int as received,
        count(*) filter (where f.dispatched_day = '${today}'::date)::int as dispatched,
        count(*) filter (where f.completed_day = '${today}'::date)::int as completed,
        count(*) filter (where ${openAt})::int as open
      from report_order_facts f
      where ${scope} and (f.received_day = '${today}'::date or f.dispatched_day = '${today}'::date
        or f.completed_day = '${today}'::date or ${openAt})`,
    trend: `select d, sum(r)::int as received, sum(c)::int as completed from (
        select to_char(f.received_day, 'YYYY-MM-DD') as d, 1 as r, 0 as c from report_order_facts f
          where ${scope} and f.received_day between '${today}'::date - 29 and '${today}'::date
        union all
        select to_char(f.completed_day, 'YYYY-MM-DD'), 0, 1 from report_order_facts f
          where ${scope} and f.completed_day between '${today}'::date - 29 and '${today}'::date) x
      group by d`,
  };
}

/**
 * What the change capture adds to a write: `n` single-row order updates (urge_count + 1, each a
 * different loaded order) with the trigger and `n` with it disabled, timed per statement inside one
 * transaction each (the trigger's own work), and as single-statement transactions (what a request
 * waits for, commit included); then the drain of the orders the triggered updates marked. The
 * orders updated without the trigger are marked and drained afterwards, so the facts stay exact.
 */
async function measureWriteCost(
  app: SanbaoServer,
  target: DbTarget,
  n: number,
  log: (m: string) => void,
): Promise<WriteCost> {
  const cost = await withSession(app.database, target, async (q) => {
    const ids = (await q(`select id from work_orders where code like 'SB%' order by code limit ${4 * n}`)).map((r) =>
      String(r.id),
    );
    if (ids.length < 4 * n) throw new Error(`reports: only ${ids.length} orders to update`);
    await q('delete from report_dirty_orders');
    const update = (id: string) => `update work_orders set urge_count = urge_count + 1 where id = '${id}'`;
    const timed = async (batch: string[], inTx: boolean) => {
      const times: number[] = [];
      if (inTx) await q('begin');
      for (const id of batch) {
        const t = performance.now();
        await q(update(id));
        times.push(performance.now() - t);
      }
      if (inTx) await q('commit');
      return times;
    };
    const trigger = (on: boolean) =>
      q(`alter table work_orders ${on ? 'enable' : 'disable'} trigger work_orders_report_dirty`);
    // Interleaved halves, so a change of the machine's load falls on both sides alike.
    const w: number[] = [];
    const wo: number[] = [];
    const cw: number[] = [];
    const cwo: number[] = [];
    const triggered: string[] = [];
    const untriggered: string[] = [];
    const half = Math.floor(n / 2);
    for (let round = 0; round < 2; round++) {
      const slice = (k: number) => ids.slice((round * 4 + k) * half, (round * 4 + k + 1) * half);
      w.push(...(await timed(slice(0), true)));
      cw.push(...(await timed(slice(1), false)));
      triggered.push(...slice(0), ...slice(1));
      await trigger(false);
      try {
        wo.push(...(await timed(slice(2), true)));
        cwo.push(...(await timed(slice(3), false)));
      } finally {
        await trigger(true);
      }
      untriggered.push(...slice(2), ...slice(3));
    }
    const [marked] = await q('select count(*)::int as n from report_dirty_orders');
    return { w, wo, cw, cwo, marked: Number(marked?.n ?? 0), untriggered };
  });
  const t = performance.now();
  const drained = await refreshDirtyFacts(app.database.db, new Date());
  const drainMs = r1(performance.now() - t);
  // The orders updated behind the trigger's back: marked by hand, so the facts are exact again.
  await withSession(app.database, target, (q) =>
    q(`insert into report_dirty_orders (order_id) select unnest('{${cost.untriggered.join(',')}}'::uuid[])
       on conflict do nothing`),
  );
  await refreshDirtyFacts(app.database.db, new Date());
  const result: WriteCost = {
    updates: cost.w.length + cost.wo.length + cost.cw.length + cost.cwo.length,
    withTrigger: stats(cost.w),
    withoutTrigger: stats(cost.wo),
    committedWithTrigger: stats(cost.cw),
    committedWithoutTrigger: stats(cost.cwo),
    drain: { orders: drained, ms: drainMs },
  };
  if (cost.marked !== drained) log(`reports: WARNING ${cost.marked} orders marked, ${drained} drained`);
  log(`reports: write cost ${JSON.stringify(result)}`);
  return result;
}

export function formatReportsTable(rows: ReportRow[]): string {
  const head = ['scenario', 'user', 'rows', 'first ms', 'p50 ms', 'p95 ms', 'max ms', 'n', 'target'];
  const body = rows.map((r) => [
    r.scenario,
    r.user,
    r.scenario.startsWith('dashboard') ? '—' : String(r.total || r.meanItems),
    String(r.firstMs),
    String(r.p50Ms),
    String(r.p95Ms),
    String(r.maxMs),
    String(r.requests),
    r.target === null ? '—' : `${r.target.on} < ${r.target.ms} ${r.metTarget ? '✓' : '✗'}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 2 && i <= 7 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
