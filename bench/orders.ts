import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Database } from '../server/db/client.js';
import { startSlaScheduler } from '../server/modules/sla/index.js';
import type { LoadResult } from './load.js';
import { explain } from './search-data.js';
import { DEMO_PASSWORD, type DbTarget, loginToken, type SanbaoServer } from './servers.js';

/*
 * The work-order benchmark (`npm run bench -- orders`):
 * - create: POST /api/orders as the hotline agent, each request with its own Idempotency-Key and
 *   a unit (of a demo customer with an address) in turn, so routing fields and the SLA clock run;
 *   autocannon in a child process, next to the bare Fastify + driver INSERT of the same run;
 * - board list: 1M orders in PostgreSQL (loaded set-based, indexes dropped and rebuilt), then
 *   GET /api/orders?state=…&pageSize=50 one request at a time as HQ, a center and an outlet;
 * - scheduler lag: 100k pending milestone timers, 5,000 of them due within a 30 s window, fired
 *   by the real scheduler loop; lag = fire time − due time, each verified to fire once.
 */

export const BOARD_TARGET_P95_MS = 50;
export const CREATE_TARGET_RATIO = 0.5;

export type Q = (text: string) => Promise<Record<string, unknown>[]>;

/** One session on the target database (PGlite: the instance; PostgreSQL: a fresh client). */
export async function withSession<T>(database: Database, target: DbTarget, fn: (q: Q) => Promise<T>): Promise<T> {
  if (target.kind === 'pglite') {
    return fn(async (text) => ((await database.lite!.exec(text)).at(-1)?.rows ?? []) as Record<string, unknown>[]);
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    return await fn(async (text) => {
      const res = (await client.query(text)) as pg.QueryResult | pg.QueryResult[];
      return ((Array.isArray(res) ? res.at(-1) : res)?.rows ?? []) as Record<string, unknown>[];
    });
  } finally {
    await client.end();
  }
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
export const r1 = (n: number) => Math.round(n * 10) / 10;

// ---------------------------------------------------------------------------------------------
// Create

/*
 * autocannon in a child process, like load.ts, with what creating orders needs on top: a body
 * per request taken in turn from `bodies`, and an Idempotency-Key of its own per request.
 */
const CHILD_SOURCE = `
const autocannon = require('autocannon');
const spec = JSON.parse(process.argv[1]);
let n = 0;
const request = {
  method: 'POST',
  path: spec.path,
  headers: { 'content-type': 'application/json', authorization: 'Bearer ' + spec.token },
  setupRequest: (req) => {
    const i = n++;
    return { ...req, body: JSON.stringify(spec.bodies[i % spec.bodies.length]), headers: { ...req.headers, 'idempotency-key': 'bench-' + process.pid + '-' + i } };
  },
};
autocannon({ url: spec.url, connections: spec.connections, duration: spec.seconds, timeout: 10, requests: [request] }, (err, r) => {
  if (err) { console.error(String((err && err.stack) || err)); process.exit(1); }
  process.stdout.write(JSON.stringify({
    requests: r.requests.total, sent: r.requests.sent, reqPerSec: r.requests.average,
    p50Ms: r.latency.p50, p99Ms: r.latency.p99, maxMs: r.latency.max, errors: r.errors, timeouts: r.timeouts,
    non2xx: r.non2xx, bytesPerReq: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats || {}).map(([k, v]) => [k, v.count])),
  }) + '\\n');
});
`;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function runCreateLoad(spec: {
  url: string;
  path: string;
  token: string;
  bodies: unknown[];
  seconds: number;
  connections: number;
}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD_SOURCE, JSON.stringify(spec)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: (spec.seconds + 30) * 1000,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0 && out.trim()) return resolve(JSON.parse(out) as LoadResult);
      reject(new Error(`create load failed (exit ${code ?? signal})`));
    });
  });
}

/** Bodies for POST /api/orders: demo units whose customer has an address, in turn. */
export async function createBodies(app: SanbaoServer, target: DbTarget, n = 500): Promise<unknown[]> {
  const rows = await withSession(app.database, target, (q) =>
    q(`select u.id as unit_id, u.customer_id from units u
       where u.status = 'active' and exists (select 1 from customer_addresses a where a.customer_id = u.customer_id)
       order by u.serial_no limit ${n}`),
  );
  return rows.map((r, i) => ({
    customerId: r.customer_id,
    unitId: r.unit_id,
    serviceType: i % 10 === 9 ? 'carry_in' : 'on_site',
    priority: 2,
    faultDescription: '压测：不脱水，甩干时噪音大',
  }));
}

export async function countOrders(app: SanbaoServer, target: DbTarget): Promise<number> {
  const [r] = await withSession(app.database, target, (q) => q('select count(*)::int as n from work_orders'));
  return Number(r?.n ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Board list on 1M orders

const OPEN_SHARE: [string, number][] = [
  ['created', 4],
  ['dispatched_center', 4],
  ['dispatched_outlet', 6],
  ['accepted', 4],
  ['assigned', 8],
  ['booked', 14],
  ['en_route', 3],
  ['on_site', 3],
  ['received', 3],
  ['in_repair', 11],
  ['waiting', 8],
  ['completed', 4],
  ['confirmed', 6],
  ['closed', 20],
  ['cancelled', 2],
];

/** SQL `case` picking a state from h in [0, 100) by the shares above. */
function stateCase(h: string): string {
  let acc = 0;
  const whens = OPEN_SHARE.map(([s, w]) => {
    acc += w;
    return `when ${h} < ${acc} then '${s}'`;
  });
  return `case ${whens.join(' ')} else 'cancelled' end`;
}

export interface BoardData {
  orders: number;
  openOrders: number;
  milestones: number;
  loadSeconds: number;
  superuser: boolean;
}

/**
 * `count` orders over ~3 years (one every 95 s), spread over the outlets round robin. The last
 * 40,000 (the last ~6 weeks) are in every state, as a live board is; older ones are closed (98%)
 * or cancelled. Open orders get their three long milestones (on site, resolved, 7-day cap) — the
 * board reads milestones only for its page, by order id, so the closed orders' history of
 * milestones (millions of rows) changes nothing it does and is left out.
 */
export async function loadBoardOrders(
  app: SanbaoServer,
  target: DbTarget,
  count: number,
  log: (m: string) => void,
): Promise<BoardData> {
  const t0 = performance.now();
  return withSession(app.database, target, async (q) => {
    const su = await q(`select rolsuper from pg_roles where rolname = current_user`).catch(() => []);
    const superuser = su[0]?.rolsuper === true;
    const defs =
      await q(`select indexname, indexdef from pg_indexes i where tablename in ('work_orders', 'sla_milestones')
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`);
    for (const d of defs) await q(`drop index if exists "${d.indexname}"`);
    if (superuser) await q('set session_replication_role = replica');
    const recent = 40_000;
    const chunk = 100_000;
    for (let start = 1; start <= count; start += chunk) {
      const end = Math.min(count, start + chunk - 1);
      await q(`
        with o as (
          select array_agg(o.id order by o.code) as ids, array_agg(o.path order by o.code) as paths,
                 array_agg(c.id order by o.code) as cids, array_agg(c.path order by o.code) as cpaths, count(*)::int as n
          from org_units o join org_units c on c.id = o.parent_id where o.kind = 'outlet'),
        hq as (select id, path from org_units where parent_id is null),
        cu as (select array_agg(id order by code) as ids, array_agg(kind order by code) as kinds, count(*)::int as n from customers),
        g as (select g, ${stateCase('((g::bigint * 7919) % 100)::int')} as st from generate_series(${start}, ${end}) g)
        insert into work_orders (id, code, customer_id, service_type, priority, fault_description, state, holder_unit_id, org_path,
          center_id, outlet_id, customer_kind, zone, reported_at, created_at, updated_at, completed_at, closed_at)
        select gen_random_uuid(), 'BM' || lpad(g.g::text, 9, '0'), cu.ids[1 + g.g % cu.n], 'on_site', 1 + g.g % 3, '压测工单', s.st,
          case s.st when 'created' then hq.id when 'dispatched_center' then o.cids[1 + g.g % o.n] else o.ids[1 + g.g % o.n] end,
          case s.st when 'created' then hq.path when 'dispatched_center' then o.cpaths[1 + g.g % o.n] else o.paths[1 + g.g % o.n] end,
          case s.st when 'created' then null else o.cids[1 + g.g % o.n] end,
          case s.st when 'created' then null when 'dispatched_center' then null else o.ids[1 + g.g % o.n] end,
          cu.kinds[1 + g.g % cu.n], 'near', t.at, t.at, t.at,
          case when s.st in ('completed', 'confirmed', 'closed') then t.at + interval '1 day' end,
          case when s.st in ('closed', 'cancelled') then t.at + interval '2 days' end
        from g cross join o cross join hq cross join cu
        cross join lateral (select case when g.g > ${count - recent} then g.st
                                        when (g.g * 31) % 50 = 0 then 'cancelled' else 'closed' end as st) s
        cross join lateral (select now() - make_interval(secs => (${count} - g.g) * 95) as at) t`);
      log(`board: ${end.toLocaleString('en')} orders`);
    }
    await q(`
      with p as (select id, version from sla_policies where code = 'default' order by version desc limit 1),
      cal as (select id, code from sla_calendars),
      k as (select * from (values ('on_site', 1440, 'hotline-24x7', 'technician'), ('resolved', 1440, 'office', 'outlet'),
                                  ('resolved_cap', 10080, 'hotline-24x7', 'outlet')) v(key, lim, cal, lvl))
      insert into sla_milestones (order_id, order_code, org_path, key, policy_id, policy_version, calendar_id, base_limit_minutes,
        limit_minutes, warn_at_percent, paused_by_parts, escalation, responsible_level, state, started_at, due_at, warn_at,
        next_fire_at, next_fire_kind, created_at, updated_at)
      select w.id, w.code, w.org_path, k.key, p.id, p.version, cal.id, k.lim, k.lim, 75, k.key = 'resolved',
        '["handler","center_supervisor"]'::jsonb, k.lvl, 'running', w.reported_at,
        w.reported_at + make_interval(mins => k.lim), w.reported_at + make_interval(mins => k.lim * 3 / 4),
        -- Timers of the benchmark's orders never fire during it.
        null, null, w.created_at, w.created_at
      from work_orders w cross join p cross join k join cal on cal.code = k.cal
      where w.code like 'BM%' and w.state in ('created','dispatched_center','dispatched_outlet','accepted','assigned','booked',
        'en_route','on_site','received','in_repair','waiting')`);
    if (superuser) await q('set session_replication_role = origin');
    log(`board: rebuilding ${defs.length} indexes`);
    for (const d of defs) await q(String(d.indexdef));
    await q('analyze work_orders');
    await q('analyze sla_milestones');
    const [c] =
      await q(`select count(*)::int as n, count(*) filter (where state not in ('completed','confirmed','closed','cancelled'))::int as open
      from work_orders`);
    const [m] = await q('select count(*)::int as n from sla_milestones');
    return {
      orders: Number(c?.n ?? 0),
      openOrders: Number(c?.open ?? 0),
      milestones: Number(m?.n ?? 0),
      loadSeconds: r1((performance.now() - t0) / 1000),
      superuser,
    };
  });
}

export interface LatencyRow {
  scenario: string;
  user: string;
  database: 'pglite' | 'postgres';
  request: string;
  requests: number;
  meanItems: number;
  total: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  targetP95Ms: number;
  metTarget: boolean;
}

/**
 * Sequential GETs (latency, not throughput) for `seconds` or `maxRequests`, after a warm-up; given
 * several URLs it cycles over them. `firstError` keeps the first refusal's answer, to say why.
 */
export async function sequentialGet(
  url: string | readonly string[],
  token: string,
  opts: { seconds: number; maxRequests: number; warmup: number },
): Promise<{ times: number[]; non2xx: number; items: number; total: number; firstError: string | null }> {
  const urls = typeof url === 'string' ? [url] : url;
  let n = 0;
  let firstError: string | null = null;
  const get = async () => {
    const next = urls[n++ % urls.length]!;
    const t = performance.now();
    const res = await fetch(next, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { items?: unknown[]; total?: number };
    if (res.status >= 300 && !firstError) firstError = `${res.status} ${JSON.stringify(body).slice(0, 500)}`;
    return {
      ms: performance.now() - t,
      ok: res.status >= 200 && res.status < 300,
      items: body.items?.length ?? 0,
      total: body.total ?? 0,
    };
  };
  for (let i = 0; i < opts.warmup; i++) await get();
  const times: number[] = [];
  let non2xx = 0;
  let items = 0;
  let total = 0;
  const until = performance.now() + opts.seconds * 1000;
  while (times.length < opts.maxRequests && performance.now() < until) {
    const r = await get();
    times.push(r.ms);
    if (!r.ok) non2xx += 1;
    items += r.items;
    total = Math.max(total, r.total);
  }
  return { times: times.sort((a, b) => a - b), non2xx, items, total, firstError };
}

export interface BoardScenario {
  scenario: string;
  user: string;
  state: string;
  /** Scope of the user as a path prefix (for EXPLAIN). */
  scopeSql: (q: Q) => Promise<string>;
}

export const BOARD_SCENARIOS: BoardScenario[] = [
  { scenario: 'HQ: new orders to dispatch', user: 'dispatcher', state: 'created', scopeSql: async () => '' },
  { scenario: 'HQ: in repair, all branches', user: 'dispatcher', state: 'in_repair', scopeSql: async () => '' },
  { scenario: 'HQ: closed, all branches', user: 'dispatcher', state: 'closed', scopeSql: async () => '' },
  { scenario: 'center: orders to pass on', user: 'gd.dispatch', state: 'dispatched_center', scopeSql: pathOf('C-GD') },
  { scenario: 'center: closed', user: 'gd.dispatch', state: 'closed', scopeSql: pathOf('C-GD') },
  { scenario: 'outlet: booked visits', user: 'gd01.manager', state: 'booked', scopeSql: pathOf('O-GD-01') },
  { scenario: 'outlet: closed', user: 'gd01.manager', state: 'closed', scopeSql: pathOf('O-GD-01') },
];

function pathOf(code: string) {
  return async (q: Q) => {
    const [r] = await q(`select path from org_units where code = '${code}'`);
    return `w.org_path like '${String(r?.path)}%' and`;
  };
}

/** The list's two queries (page and count) as the work-order module runs them, for EXPLAIN. */
export function boardSql(scope: string, state: string): { page: string; count: string } {
  return {
    page: `select w.*, c.name, h.name, h.path, t.display_name, m.name from work_orders w
      join customers c on c.id = w.customer_id join org_units h on h.id = w.holder_unit_id
      left join users t on t.id = w.technician_id left join product_models m on m.id = w.model_id
      where ${scope} w.state in ('${state}') order by w.created_at desc, w.id desc limit 50`,
    count: `select count(*) from work_orders w join customers c on c.id = w.customer_id where ${scope} w.state in ('${state}')`,
  };
}

export async function boardRound(
  app: SanbaoServer,
  target: DbTarget,
  database: 'pglite' | 'postgres',
  measure: { seconds: number; maxRequests: number; warmup: number },
  log: (m: string) => void,
): Promise<{ rows: LatencyRow[]; explains: Record<string, string[]> }> {
  const rows: LatencyRow[] = [];
  const explains: Record<string, string[]> = {};
  const tokens = new Map<string, string>();
  for (const s of BOARD_SCENARIOS) {
    if (!tokens.has(s.user)) tokens.set(s.user, await loginToken(app.url, s.user, DEMO_PASSWORD));
    const path = `/api/orders?state=${s.state}&pageSize=50`;
    const r = await sequentialGet(`${app.url}${path}`, tokens.get(s.user)!, measure);
    const p95 = percentile(r.times, 95);
    const row: LatencyRow = {
      scenario: s.scenario,
      user: s.user,
      database,
      request: `GET ${path}`,
      requests: r.times.length,
      meanItems: r1(r.items / Math.max(1, r.times.length)),
      total: r.total,
      p50Ms: r1(percentile(r.times, 50)),
      p95Ms: r1(p95),
      p99Ms: r1(percentile(r.times, 99)),
      maxMs: r1(r.times.at(-1) ?? 0),
      non2xx: r.non2xx,
      targetP95Ms: BOARD_TARGET_P95_MS,
      metTarget: p95 < BOARD_TARGET_P95_MS && r.non2xx === 0,
    };
    rows.push(row);
    log(`${database}: ${s.scenario}: p95 ${row.p95Ms} ms (${row.requests} requests, total ${row.total})`);
    if (!row.metTarget) {
      const scope = await withSession(app.database, target, s.scopeSql);
      const sqls = boardSql(scope, s.state);
      explains[`${s.scenario} — page`] = await explain(app.database, target, sqls.page);
      explains[`${s.scenario} — count`] = await explain(app.database, target, sqls.count);
    }
  }
  return { rows, explains };
}

// ---------------------------------------------------------------------------------------------
// Scheduler lag

export interface SchedulerResult {
  database: 'pglite' | 'postgres';
  pending: number;
  due: number;
  windowSeconds: number;
  fired: number;
  firedOnce: boolean;
  duplicates: number;
  notDueFired: number;
  lagP50Ms: number;
  lagP95Ms: number;
  lagMaxMs: number;
  firesPerSec: number;
  inboxNotices: number;
}

/**
 * `pending` running milestones with timers; `due` of them fall due evenly within `windowSeconds`
 * starting a few seconds from now (breaches: every level of the ladder is told), the rest days
 * later. The real scheduler loop (1 s tick, batches of 50) fires them; the fire time is the row's
 * `updated_at` (the scheduler's clock at its batch), the lag that minus `due_at`.
 */
export async function schedulerRound(
  app: SanbaoServer,
  target: DbTarget,
  database: 'pglite' | 'postgres',
  opts: { pending: number; due: number; windowSeconds: number },
  log: (m: string) => void,
): Promise<SchedulerResult> {
  const lead = 5_000;
  const t0 = Date.now() + lead;
  const stepMs = (opts.windowSeconds * 1000) / opts.due;
  await withSession(app.database, target, async (q) => {
    await q(`
      with p as (select id, version from sla_policies where code = 'default' order by version desc limit 1),
      cal as (select id from sla_calendars where code = 'hotline-24x7'),
      o as (select array_agg(path order by code) as paths, count(*)::int as n from org_units where kind = 'outlet'),
      g as (select g, case when g <= ${opts.due}
                      then to_timestamp(${t0 / 1000} + (g - 1) * ${stepMs / 1000})
                      else now() + interval '3 days' + make_interval(secs => g) end as due
            from generate_series(1, ${opts.pending}) g)
      insert into sla_milestones (order_id, order_code, org_path, key, policy_id, policy_version, calendar_id, base_limit_minutes,
        limit_minutes, warn_at_percent, paused_by_parts, escalation, responsible_level, state, started_at, due_at, warn_at,
        warned_at, next_fire_at, next_fire_kind, created_at, updated_at)
      select gen_random_uuid(), 'BENCH-' || lpad(g.g::text, 7, '0'), o.paths[1 + g.g % o.n], 'resolved', p.id, p.version, cal.id,
        1440, 1440, 75, false, '["handler","center_supervisor","hq_manager"]'::jsonb, 'outlet', 'running',
        g.due - interval '1 day', g.due, g.due - interval '6 hours', g.due - interval '6 hours', g.due, 'breach', now(), now()
      from g cross join p cross join cal cross join o`);
    await q('analyze sla_milestones');
  });
  const [before] = await withSession(app.database, target, (q) =>
    q('select count(*)::int as n from inbox_items').catch(() => [{ n: 0 }]),
  );
  log(
    `${database}: scheduler: ${opts.pending.toLocaleString('en')} timers, ${opts.due} due within ${opts.windowSeconds} s`,
  );
  const silent = { warn: () => {}, error: () => {}, info: () => {}, debug: () => {} } as never;
  const stop = startSlaScheduler(app.database, () => new Date(), silent);
  const deadline = t0 + opts.windowSeconds * 1000 + 120_000;
  let fired = 0;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    const [r] = await withSession(app.database, target, (q) =>
      q(`select count(*)::int as n from sla_milestones where order_code like 'BENCH-%' and breached_at is not null`),
    );
    fired = Number(r?.n ?? 0);
    if (fired >= opts.due && Date.now() > t0 + opts.windowSeconds * 1000 + 2000) break;
  }
  await stop();
  return withSession(app.database, target, async (q) => {
    const lags = (
      await q(`select extract(epoch from (updated_at - due_at)) * 1000 as lag, extract(epoch from updated_at) * 1000 as at
        from sla_milestones where order_code like 'BENCH-%' and breached_at is not null`)
    ).map((r) => ({ lag: Number(r.lag), at: Number(r.at) }));
    const sorted = lags.map((l) => l.lag).sort((a, b) => a - b);
    const [ev] = await q(`select count(*)::int as n, count(distinct e.entity_id)::int as d from events e
      where e.action = 'sla.breached' and e.entity_id in (select order_id::text from sla_milestones where order_code like 'BENCH-%')`);
    const [early] =
      await q(`select count(*)::int as n from sla_milestones where order_code like 'BENCH-%' and breached_at is not null
      and due_at > to_timestamp(${(t0 + opts.windowSeconds * 1000) / 1000})`);
    const [after] = await q('select count(*)::int as n from inbox_items').catch(() => [{ n: 0 }]);
    const ats = lags.map((l) => l.at).sort((a, b) => a - b);
    const span = ats.length > 1 ? (ats.at(-1)! - ats[0]!) / 1000 : 0;
    const n = Number(ev?.n ?? 0);
    const d = Number(ev?.d ?? 0);
    return {
      database,
      pending: opts.pending,
      due: opts.due,
      windowSeconds: opts.windowSeconds,
      fired: lags.length,
      firedOnce: n === opts.due && d === opts.due && lags.length === opts.due,
      duplicates: n - d,
      notDueFired: Number(early?.n ?? 0),
      lagP50Ms: Math.round(percentile(sorted, 50)),
      lagP95Ms: Math.round(percentile(sorted, 95)),
      lagMaxMs: Math.round(sorted.at(-1) ?? 0),
      firesPerSec: span > 0 ? r1(lags.length / span) : 0,
      inboxNotices: Number(after?.n ?? 0) - Number(before?.n ?? 0),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Tables

export function formatLatencyTable(rows: LatencyRow[]): string {
  const head = ['scenario', 'user', 'db', 'total', 'p50 ms', 'p95 ms', 'p99 ms', 'n', 'target'];
  const body = rows.map((r) => [
    r.scenario,
    r.user,
    r.database,
    String(r.total),
    String(r.p50Ms),
    String(r.p95Ms),
    String(r.p99Ms),
    String(r.requests),
    r.metTarget ? `< ${r.targetP95Ms} ✓` : `< ${r.targetP95Ms} ✗`,
  ]);
  return table(head, body);
}

export function formatSchedulerTable(rows: SchedulerResult[]): string {
  const head = ['db', 'pending', 'due / window', 'fired', 'once', 'lag p50 ms', 'lag p95 ms', 'lag max ms', 'fires/s'];
  const body = rows.map((r) => [
    r.database,
    String(r.pending),
    `${r.due} / ${r.windowSeconds} s`,
    String(r.fired),
    r.firedOnce ? 'yes' : `NO (${r.duplicates} dup)`,
    String(r.lagP50Ms),
    String(r.lagP95Ms),
    String(r.lagMaxMs),
    String(r.firesPerSec),
  ]);
  return table(head, body);
}

function table(head: string[], body: string[][]): string {
  const width = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join('  ');
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
