import { orderGroupStats } from '../server/modules/work-orders/index.js';
import { type LoadResult, type LoadSpec, runLoad } from './load.js';
import {
  BOARD_TARGET_P95_MS,
  boardRound,
  CREATE_TARGET_RATIO,
  countOrders,
  createBodies,
  formatLatencyTable,
  formatSchedulerTable,
  type LatencyRow,
  loadBoardOrders,
  runCreateLoad,
  type SchedulerResult,
  schedulerRound,
} from './orders.js';
import {
  formatMovesTable,
  formatRaceTable,
  loadPartsData,
  MOVES_TARGET,
  type MovesResult,
  movesRound,
  PARTS_TARGET_P95_MS,
  partsReadRound,
  type RaceResult,
  raceRound,
} from './parts.js';
import {
  buildFacts,
  CENTER_USER,
  formatReportsTable,
  OUTLET_USER as REPORTS_OUTLET_USER,
  REPORTS_TARGETS,
  type ReportsResult,
  reportsRound,
} from './reports.js';
import { formatRestartTable, restartRound } from './restart.js';
import { loadSettlementData, SETTLE_TARGETS, type SettleResult, settleRound } from './settle.js';
import { MESSAGES_TARGET, messagesRound } from './messages.js';
import {
  formatSearchTable,
  HOTLINE_USER,
  OUTLET_USER as SEARCH_OUTLET_USER,
  type SearchRound,
  searchRound,
  TARGET_P95_MS,
} from './search.js';
import {
  codeVersion,
  formatTable,
  loadAvg,
  machineFacts,
  peakRssMb,
  type ScenarioRow,
  writeResults,
} from './report.js';
import {
  ADMIN,
  countEvents,
  createBenchDatabase,
  DEMO_PASSWORD,
  type DbTarget,
  findPostgres,
  loginToken,
  outletUsernames,
  pgliteVersion,
  prefillEvents,
  startBaseline,
  startSameRowsBaseline,
  startSanbao,
} from './servers.js';

/*
 * `npm run bench [-- foundation|search|orders|reports|…]`: the foundation's request path under load
 * on PGlite and PostgreSQL next to a bare Fastify + driver INSERT, the search latency on a large
 * customer archive, work orders (create throughput, the dispatch board on 1M orders, the SLA
 * scheduler's lag) and the reports on 1M orders. Without an argument those four run, search,
 * orders and reports at reduced sizes. A
 * benchmark, not a test: it reports figures and fails only when it cannot set up. See
 * bench/README.md for what each scenario means.
 */

const BENCHMARKS = [
  'foundation',
  'search',
  'orders',
  'create',
  'restart',
  'parts',
  'settle',
  'messages',
  'reports',
  'routes',
] as const;
type Benchmark = (typeof BENCHMARKS)[number];
const chosen = process.argv[2];
if (chosen !== undefined && !BENCHMARKS.includes(chosen as Benchmark)) {
  console.error(`usage: npm run bench [-- ${BENCHMARKS.join('|')}]  (none: all, the search on a reduced archive)`);
  process.exit(2);
}
// The route optimiser's benchmark needs no server or database: it runs alone and returns.
if (chosen === 'routes') {
  const { routesBenchmark } = await import('./routes.js');
  routesBenchmark();
  process.exit(0);
}
// `create` is the orders benchmark's create part alone (and its baseline), for quick turns.
const benchmarks: readonly Benchmark[] = chosen ? [chosen as Benchmark] : ['foundation', 'search', 'orders', 'reports'];

const intEnv = (name: string, fallback: number) => {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
};

const cfg = {
  seconds: intEnv('BENCH_SECONDS', 10),
  connections: intEnv('BENCH_CONNECTIONS', 20),
  warmupSeconds: Math.max(0, Number(process.env.BENCH_WARMUP_SECONDS ?? 1) || 0),
  events: intEnv('BENCH_EVENTS', 20_000),
  databases: (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',').map((s) => s.trim()),
};

/** Search data sizes: the issue's (PostgreSQL 1M, PGlite 100k) when run alone, reduced within the whole run. */
const searchCfg = {
  customers: process.env.BENCH_CUSTOMERS
    ? { pglite: intEnv('BENCH_CUSTOMERS', 10_000), postgres: intEnv('BENCH_CUSTOMERS', 10_000) }
    : chosen === 'search'
      ? { pglite: 100_000, postgres: 1_000_000 }
      : { pglite: 10_000, postgres: 10_000 },
  seconds: intEnv('BENCH_SEARCH_SECONDS', 3),
  maxRequests: intEnv('BENCH_SEARCH_REQUESTS', 300),
  warmup: 10,
};
const OUTLET_USER = 'gd01.manager';

/** Work-order sizes: the issue's (1M orders, 100k timers) when run alone, reduced within the whole run. */
const ordersCfg = {
  boardOrders: intEnv('BENCH_BOARD_ORDERS', chosen === 'orders' ? 1_000_000 : 50_000),
  timers: intEnv('BENCH_TIMERS', chosen === 'orders' ? 100_000 : 20_000),
  timersDue: intEnv('BENCH_TIMERS_DUE', chosen === 'orders' ? 5_000 : 1_000),
  windowSeconds: intEnv('BENCH_TIMERS_WINDOW', 30),
  boardSeconds: intEnv('BENCH_BOARD_SECONDS', 5),
  boardRequests: intEnv('BENCH_BOARD_REQUESTS', 200),
};

const cleanups: Array<() => Promise<void>> = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!().catch((err) => console.error('cleanup:', err));
}
let failing = false;
function fail(why: unknown): void {
  console.error(`bench failed: ${why instanceof Error ? (why.stack ?? why.message) : String(why)}`);
  if (failing) return;
  failing = true;
  // Cleanup (closing servers, dropping the bench database) gets a few seconds, then the process goes.
  setTimeout(() => process.exit(1), 5000).unref();
  void cleanUp().finally(() => process.exit(1));
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => fail(`interrupted (${sig})`));

const log = (msg: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)} rss ${rssMb()} MB] ${msg}`);

interface Scenario {
  name: string;
  request: string;
  spec: Omit<LoadSpec, 'seconds' | 'connections'>;
  /** Skip instead of failing when the endpoint does not answer 2xx (still being built). */
  optional?: boolean;
}

/** One request first, so a scenario that would only produce errors stops the run at setup. */
async function preflight(s: Scenario): Promise<number> {
  const token = s.spec.tokens?.[0];
  const res = await fetch(`${s.spec.url}${s.spec.path}`, {
    method: s.spec.method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: s.spec.body === undefined ? undefined : JSON.stringify(s.spec.body).replaceAll('[<id>]', 'preflight'),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Counts over preflight, warm-up and measured run: 2xx answers, and requests never answered. */
interface Sent {
  ok: number;
  unanswered: number;
}

/** Preflight, warm-up, then the measured run. */
async function measure(s: Scenario, database: ScenarioRow['database']): Promise<{ row: ScenarioRow; sent: Sent }> {
  const status = await preflight(s);
  const sent: Sent = { ok: 1, unanswered: 0 };
  if (s.optional && (status < 200 || status >= 300)) {
    const skipped = status === 404 ? 'endpoint not there yet (404)' : `preflight answered ${status}`;
    return { row: { scenario: s.name, database, request: s.request, skipped, rssMbAfter: rssMb() }, sent };
  }
  if (status < 200 || status >= 300) throw new Error(`${s.name} on ${database}: preflight answered ${status}`);
  const count = (r: LoadResult) => {
    sent.ok += Object.entries(r.statusCodes).reduce((n, [code, c]) => (code.startsWith('2') ? n + c : n), 0);
    // autocannon stops with requests in flight; the server still completes them.
    sent.unanswered += r.sent - r.requests;
  };
  if (cfg.warmupSeconds > 0)
    count(await runLoad({ ...s.spec, seconds: cfg.warmupSeconds, connections: cfg.connections }));
  log(`${database}: ${s.name} for ${cfg.seconds}s × ${cfg.connections} connections`);
  const result = await runLoad({ ...s.spec, seconds: cfg.seconds, connections: cfg.connections });
  count(result);
  return { row: { scenario: s.name, database, request: s.request, result, rssMbAfter: rssMb() }, sent };
}

const rssMb = () => Math.round(process.memoryUsage.rss() / 1_048_576);

interface WriteCheck {
  writes2xx: number;
  unanswered: number;
  eventsAppended: number;
  consistent: boolean;
}

async function sanbaoRound(target: DbTarget, database: ScenarioRow['database']) {
  log(`${database}: starting Sanbao (migrate, setup with demo org)`);
  const app = await startSanbao(target);
  cleanups.push(app.close);
  await prefillEvents(app.database, cfg.events);
  // Writers: one outlet-level account per connection, so writes do not all queue on one user row.
  const writers = outletUsernames().slice(0, cfg.connections);
  const [outlet, admin, ...writerTokens] = await Promise.all([
    loginToken(app.url, OUTLET_USER, DEMO_PASSWORD),
    loginToken(app.url, ADMIN.username, ADMIN.password),
    ...writers.map((u) => loginToken(app.url, u, DEMO_PASSWORD)),
  ]);
  const scenarios: Scenario[] = [
    {
      name: 'users list (outlet)',
      request: `GET /api/users?pageSize=50 as ${OUTLET_USER}`,
      spec: { url: app.url, method: 'GET', path: '/api/users?pageSize=50', tokens: [outlet!] },
      optional: true,
    },
    {
      name: 'audit list (outlet)',
      request: `GET /api/audit?limit=50 as ${OUTLET_USER}`,
      spec: { url: app.url, method: 'GET', path: '/api/audit?limit=50', tokens: [outlet!] },
    },
    {
      name: 'audit list (HQ admin)',
      request: 'GET /api/audit?limit=50 as admin',
      spec: { url: app.url, method: 'GET', path: '/api/audit?limit=50', tokens: [admin!] },
    },
    {
      name: 'profile write',
      request: `PATCH /api/auth/me {displayName} round-robin over ${writers.length} outlet users`,
      spec: {
        url: app.url,
        method: 'PATCH',
        path: '/api/auth/me',
        body: { displayName: '压测 [<id>]' },
        tokens: writerTokens,
      },
    },
  ];
  const rows: ScenarioRow[] = [];
  // Every successful profile write appends exactly one event: events must lie between the 2xx
  // answers and those plus the requests cut off unanswered when a run stopped.
  let writeCheck: WriteCheck | undefined;
  for (const s of scenarios) {
    const before = s.spec.method === 'PATCH' ? await countEvents(app.database, 'user.profile_updated') : 0;
    const { row, sent } = await measure(s, database);
    rows.push(row);
    if (s.spec.method === 'PATCH' && row.result) {
      const eventsAppended = (await countEvents(app.database, 'user.profile_updated')) - before;
      const consistent = eventsAppended >= sent.ok && eventsAppended <= sent.ok + sent.unanswered;
      writeCheck = { writes2xx: sent.ok, unanswered: sent.unanswered, eventsAppended, consistent };
      if (!consistent) log(`${database}: WARNING events appended (${eventsAppended}) do not match writes (${sent.ok})`);
    }
  }
  cleanups.pop();
  await app.close();
  return { rows, writeCheck };
}

async function baselineRound(target: DbTarget, database: ScenarioRow['database']): Promise<ScenarioRow> {
  const base = await startBaseline(target);
  cleanups.push(base.close);
  const { row } = await measure(
    {
      name: 'bare insert',
      request: 'POST /baseline {note} → one INSERT (bare Fastify + same driver)',
      spec: { url: base.url, method: 'POST', path: '/baseline', body: { note: '压测 [<id>]' } },
    },
    database,
  );
  cleanups.pop();
  await base.close();
  return row;
}

async function foundation() {
  const startedAt = new Date();
  const loadAvgAtStart = loadAvg();
  log(`${cfg.seconds}s per scenario, ${cfg.connections} connections, ${cfg.events} pre-filled events`);

  const rows: ScenarioRow[] = [];
  const databases: Record<string, unknown> = {};
  const checks: Record<string, unknown> = {};
  const round = async (target: DbTarget, database: ScenarioRow['database']) => {
    const sanbao = await sanbaoRound(target, database);
    const base = await baselineRound(target, database);
    const write = sanbao.rows.find((r) => r.scenario === 'profile write');
    if (write?.result && base.result) write.ratio = write.result.reqPerSec / base.result.reqPerSec;
    base.ratio = 1;
    rows.push(...sanbao.rows, base);
    checks[database] = sanbao.writeCheck;
  };

  await eachDatabase(cfg.databases, databases, round);

  const peak = peakRssMb();
  console.log(`\n${formatTable(rows)}\n`);
  console.log(`ratio = Sanbao profile write req/s ÷ bare insert req/s on the same database`);
  console.log(`peak RSS (this process: Sanbao, baseline, PGlite; not the load child): ${peak} MB`);
  const files = writeResults(
    {
      benchmark: 'foundation',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      code: codeVersion(),
      machine: { ...machineFacts(), loadAvgAtStart, loadAvgAtEnd: loadAvg() },
      config: { ...cfg, outletUser: OUTLET_USER, loadGenerator: 'autocannon 9 in a child process, loopback' },
      databases,
      peakRssMb: peak,
      writeChecks: checks,
      scenarios: rows,
    },
    startedAt,
  );
  console.log(`results: ${files.join(', ')}`);
}

async function search() {
  const startedAt = new Date();
  const loadAvgAtStart = loadAvg();
  const c = searchCfg;
  log(`search: ${c.customers.pglite} customers on PGlite, ${c.customers.postgres} on PostgreSQL, 2 units each`);
  const rounds: SearchRound[] = [];
  const databases: Record<string, unknown> = {};
  const round = async (target: DbTarget, database: 'pglite' | 'postgres') => {
    const r = await searchRound({
      target,
      database,
      customers: c.customers[database],
      measure: { seconds: c.seconds, maxRequests: c.maxRequests, warmup: c.warmup },
      log,
      onStarted: (close) => cleanups.push(close),
    });
    cleanups.pop();
    rounds.push(r);
  };
  await eachDatabase(cfg.databases, databases, round);
  const rows = rounds.flatMap((r) => r.rows);
  const atTargetSize = c.customers.pglite >= 100_000 && c.customers.postgres >= 1_000_000;
  console.log(`\n${formatSearchTable(rows)}\n`);
  console.log(
    `targets (p95): PostgreSQL < ${TARGET_P95_MS.postgres} ms at 1M customers, PGlite < ${TARGET_P95_MS.pglite} ms at 100k; sequential requests`,
  );
  const files = writeResults(
    {
      benchmark: 'search',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      code: codeVersion(),
      machine: { ...machineFacts(), loadAvgAtStart, loadAvgAtEnd: loadAvg() },
      config: {
        ...c,
        databases: cfg.databases,
        users: [HOTLINE_USER, SEARCH_OUTLET_USER],
        targetsP95Ms: TARGET_P95_MS,
        client: 'sequential fetch (undici keep-alive) in this process, one request at a time',
      },
      databases,
      peakRssMb: peakRssMb(),
      loads: Object.fromEntries(rounds.map((r) => [r.database, r.data])),
      scenarios: rows,
      explains: Object.fromEntries(rounds.map((r) => [r.database, r.explains])),
    },
    startedAt,
    // Figures at a reduced size go to their own files, so they never replace the issue's sizes.
    atTargetSize ? 'search' : 'search-reduced',
  );
  console.log(`results: ${files.join(', ')}`);
}

async function orders(opts: { createOnly?: boolean } = {}) {
  const startedAt = new Date();
  const loadAvgAtStart = loadAvg();
  const c = ordersCfg;
  log(
    `orders: create ${cfg.seconds}s × ${cfg.connections} connections; board on ${c.boardOrders} orders (PostgreSQL); ${c.timers} timers, ${c.timersDue} due in ${c.windowSeconds}s`,
  );
  const rows: ScenarioRow[] = [];
  const board: LatencyRow[] = [];
  const scheduler: SchedulerResult[] = [];
  const explains: Record<string, Record<string, string[]>> = {};
  const databases: Record<string, unknown> = {};
  const checks: Record<string, unknown> = {};
  const loads: Record<string, unknown> = {};
  const round = async (target: DbTarget, database: ScenarioRow['database']) => {
    log(`${database}: starting Sanbao (migrate, setup with the full demo: org, customers, 5,000 orders)`);
    const t0 = performance.now();
    const app = await startSanbao(target);
    cleanups.push(app.close);
    const setupSeconds = Math.round((performance.now() - t0) / 100) / 10;
    const token = await loginToken(app.url, HOTLINE_USER, DEMO_PASSWORD);
    const bodies = await createBodies(app, target);
    const first = await fetch(`${app.url}/api/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': 'bench-preflight',
      },
      body: JSON.stringify(bodies[0]),
    });
    const created = (await first.json()) as { id?: string; code?: string; milestones?: unknown[] };
    if (first.status >= 300)
      throw new Error(`create on ${database}: preflight answered ${first.status} ${JSON.stringify(created)}`);
    // The routing suggestion is the dispatcher's (orders.dispatch); the hotline agent creates.
    const dispatcher = await loginToken(app.url, 'dispatcher', DEMO_PASSWORD);
    const suggestion = await fetch(`${app.url}/api/orders/${created.id}/suggestion`, {
      headers: { authorization: `Bearer ${dispatcher}` },
    });
    await suggestion.arrayBuffer();
    const spec = { url: app.url, path: '/api/orders', token, bodies };
    if (cfg.warmupSeconds > 0)
      await runCreateLoad({ ...spec, seconds: cfg.warmupSeconds, connections: cfg.connections });
    // Requests the warm-up left in flight still complete on the server: count once the count holds.
    let before = await countOrders(app, target);
    for (let i = 0; i < 30; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = await countOrders(app, target);
      if (now === before) break;
      before = now;
    }
    log(`${database}: create for ${cfg.seconds}s × ${cfg.connections} connections`);
    const result = await runCreateLoad({ ...spec, seconds: cfg.seconds, connections: cfg.connections });
    const ok = Object.entries(result.statusCodes).reduce((n, [code, k]) => (code.startsWith('2') ? n + k : n), 0);
    let after = await countOrders(app, target);
    for (let i = 0; i < 30; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = await countOrders(app, target);
      if (now === after) break;
      after = now;
    }
    const added = after - before;
    // How the requests fell into groups (server/modules/work-orders/commands/create-queue.ts).
    const groups = orderGroupStats(app.database.db);
    checks[database] = {
      groups: { ...groups, meanSize: groups.groups ? Math.round((groups.members / groups.groups) * 10) / 10 : 0 },
      created2xx: ok,
      unanswered: result.sent - result.requests,
      ordersAdded: added,
      consistent: added >= ok && added <= ok + (result.sent - result.requests),
      preflightMilestones: created.milestones?.length ?? null,
      suggestionStatus: suggestion.status,
    };
    rows.push({
      scenario: 'create order',
      database,
      request: `POST /api/orders (unit, routing fields, SLA milestones, event) as ${HOTLINE_USER}, own Idempotency-Key`,
      result,
      rssMbAfter: rssMb(),
    });
    // The like-for-like floor: the same rows (key, order, timeline, event, milestones) written by
    // a bare handler in one transaction on this database, while Sanbao is idle.
    const sameServer = await startSameRowsBaseline(app.database, created.id!);
    cleanups.push(sameServer.close);
    const sameRows = await measure(
      {
        name: 'same rows, bare',
        request:
          'POST /same-rows → the rows of one creation (key, order, timeline, event, milestones), one transaction',
        spec: { url: sameServer.url, method: 'POST', path: '/same-rows', body: { note: '压测 [<id>]' } },
      },
      database,
    );
    cleanups.pop();
    await sameServer.close();
    rows.push(sameRows.row);
    if (!opts.createOnly)
      scheduler.push(
        await schedulerRound(
          app,
          target,
          database,
          { pending: c.timers, due: c.timersDue, windowSeconds: c.windowSeconds },
          log,
        ),
      );
    if (database === 'postgres' && !opts.createOnly) {
      const data = await loadBoardOrders(app, target, c.boardOrders, log);
      loads[database] = { setupSeconds, board: data };
      log(`${database}: board data ${JSON.stringify(data)}`);
      const b = await boardRound(
        app,
        target,
        database,
        { seconds: c.boardSeconds, maxRequests: c.boardRequests, warmup: 10 },
        log,
      );
      board.push(...b.rows);
      explains[database] = b.explains;
    } else {
      loads[database] = { setupSeconds };
    }
    cleanups.pop();
    await app.close();
    const base = await baselineRound(target, database);
    const create = rows.find((r) => r.database === database && r.scenario === 'create order');
    const same = rows.find((r) => r.database === database && r.scenario === 'same rows, bare');
    if (create?.result && base.result) create.ratio = create.result.reqPerSec / base.result.reqPerSec;
    if (create?.result && same?.result) create.ratioSameRows = create.result.reqPerSec / same.result.reqPerSec;
    base.ratio = 1;
    rows.push(base);
  };
  await eachDatabase(cfg.databases, databases, round);
  const peak = peakRssMb();
  const atTargetSize = c.boardOrders >= 1_000_000 && c.timers >= 100_000;
  console.log(`\n${formatTable(rows)}\n`);
  console.log(`ratio = create order req/s ÷ bare insert req/s on the same database`);
  console.log(
    `÷ same rows = create order req/s ÷ the same rows written by a bare handler in one transaction (target ≥ ${CREATE_TARGET_RATIO})`,
  );
  for (const [database, check] of Object.entries(checks))
    console.log(`${database}: groups ${JSON.stringify((check as { groups: unknown }).groups)}`);
  if (!opts.createOnly) {
    if (board.length) console.log(`\n${formatLatencyTable(board)}\n`);
    console.log(
      `board target: p95 < ${BOARD_TARGET_P95_MS} ms with ${c.boardOrders} orders in PostgreSQL; sequential requests`,
    );
    console.log(`\n${formatSchedulerTable(scheduler)}\n`);
  }
  const files = writeResults(
    {
      benchmark: 'orders',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      code: codeVersion(),
      machine: { ...machineFacts(), loadAvgAtStart, loadAvgAtEnd: loadAvg() },
      config: {
        ...cfg,
        ...c,
        users: { create: HOTLINE_USER, board: ['dispatcher', 'gd.dispatch', 'gd01.manager'] },
        targets: { createRatio: CREATE_TARGET_RATIO, boardP95Ms: BOARD_TARGET_P95_MS },
        loadGenerator: 'autocannon 9 in a child process, loopback (create); sequential fetch (board)',
      },
      databases,
      peakRssMb: peak,
      loads,
      createChecks: checks,
      scenarios: rows,
      board,
      scheduler,
      explains,
    },
    startedAt,
    opts.createOnly ? 'orders-create' : atTargetSize ? 'orders' : 'orders-reduced',
  );
  console.log(`results: ${files.join(', ')}`);
}

/** A generous bound for the whole run, so a stuck run ends by itself. */
function deadlineSeconds(): number {
  const nDb = cfg.databases.length;
  let s = 30;
  if (benchmarks.includes('foundation')) s += nDb * (5 * (cfg.seconds + cfg.warmupSeconds + 2) + 60);
  if (benchmarks.includes('search')) {
    const measuring = 16 * (searchCfg.seconds + 5);
    // Loading: about 5 min per million rows on PGlite, 2 min on PostgreSQL, on a small machine.
    if (cfg.databases.includes('pglite')) s += 90 + measuring + (searchCfg.customers.pglite / 1e6) * 3000;
    if (cfg.databases.includes('postgres')) s += 90 + measuring + (searchCfg.customers.postgres / 1e6) * 600;
  }
  if (benchmarks.includes('orders')) {
    // Setup with the demo, create + baseline, the timers' window and drain, the board load and reads.
    s +=
      nDb *
      (120 + 3 * (cfg.seconds + cfg.warmupSeconds + 5) + ordersCfg.windowSeconds + 150 + (ordersCfg.timers / 1e5) * 60);
    if (cfg.databases.includes('postgres'))
      s += 60 + (ordersCfg.boardOrders / 1e6) * 900 + 7 * (ordersCfg.boardSeconds + 10);
  }
  if (benchmarks.includes('create')) s += nDb * (120 + 3 * (cfg.seconds + cfg.warmupSeconds + 5));
  if (benchmarks.includes('restart')) s += 2 * (restartCfg.crashes + 1) * 90;
  if (benchmarks.includes('settle')) s += 300 + (settleCfg.orders / 1e6) * 900;
  if (benchmarks.includes('messages')) s += 420;
  // Setup, the settlement loader (about 2.5 min per million orders), the facts' rebuild, the reads.
  if (benchmarks.includes('reports')) s += 420 + (reportsCfg.orders / 1e6) * 1500;
  if (benchmarks.includes('parts'))
    s += nDb * (180 + 2 * (cfg.seconds + cfg.warmupSeconds + 20)) + (partsCfg.rows / 1e6) * 120;
  return Math.round(s);
}

async function main() {
  const deadline = intEnv('BENCH_DEADLINE_SECONDS', deadlineSeconds());
  setTimeout(() => fail(`overran its ${deadline} s deadline`), deadline * 1000).unref();
  if (benchmarks.includes('foundation')) await foundation();
  if (benchmarks.includes('search')) await search();
  if (benchmarks.includes('orders')) await orders();
  if (benchmarks.includes('create')) await orders({ createOnly: true });
  if (benchmarks.includes('restart')) await restart();
  if (benchmarks.includes('parts')) await partsBench();
  if (benchmarks.includes('settle')) await settleBench();
  if (benchmarks.includes('messages')) await messagesBench();
  if (benchmarks.includes('reports')) await reportsBench();
}

/** `--rows N` (or BENCH_PARTS_ROWS): the ledger size loaded into PostgreSQL; the issue's is 10 million. */
function rowsArg(): number | undefined {
  const i = process.argv.indexOf('--rows');
  const v = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.BENCH_PARTS_ROWS);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : undefined;
}

const partsCfg = {
  rows: rowsArg() ?? 10_000_000,
  readSeconds: intEnv('BENCH_PARTS_READ_SECONDS', 5),
  readRequests: intEnv('BENCH_PARTS_READ_REQUESTS', 300),
  movePairs: intEnv('BENCH_PARTS_PAIRS', 200),
  raceRounds: intEnv('BENCH_RACE_ROUNDS', 20),
  raceConcurrent: intEnv('BENCH_RACE_CONCURRENT', 200),
  raceUnits: intEnv('BENCH_RACE_UNITS', 10),
};

/** Parts stock (bench/parts.ts): reads on a large ledger (PostgreSQL), issue throughput and the race (both). */
async function partsBench() {
  const startedAt = new Date();
  const loadAvgAtStart = loadAvg();
  const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
  const c = partsCfg;
  const databases: Record<string, unknown> = {};
  const loads: Record<string, unknown> = {};
  const reads: unknown[] = [];
  const explains: Record<string, unknown> = {};
  const moves: MovesResult[] = [];
  const races: RaceResult[] = [];
  const round = async (target: DbTarget, database: 'pglite' | 'postgres') => {
    const t0 = performance.now();
    const app = await startSanbao(target);
    cleanups.push(app.close);
    const setupSeconds = Math.round((performance.now() - t0) / 100) / 10;
    log(`${database}: set up with the demo in ${setupSeconds} s`);
    if (database === 'postgres') {
      const data = await loadPartsData(app, target, c.rows, log);
      loads[database] = { setupSeconds, ledger: data };
      const r = await partsReadRound(
        app,
        target,
        database,
        { seconds: c.readSeconds, maxRequests: c.readRequests, warmup: 10 },
        log,
      );
      reads.push(...r.rows);
      explains[database] = r.explains;
    } else {
      loads[database] = { setupSeconds };
    }
    const profile = process.env.BENCH_CPU_PROFILE ? await startCpuProfile() : null;
    moves.push(
      await movesRound(
        app,
        target,
        database,
        { seconds: cfg.seconds, connections: cfg.connections, warmupSeconds: cfg.warmupSeconds, pairs: c.movePairs },
        log,
      ),
    );
    if (profile)
      log(
        `cpu profile of the issues: ${await profile.stop(`${process.env.BENCH_CPU_PROFILE}/parts-issues-${database}.cpuprofile`)}`,
      );
    races.push(
      await raceRound(
        app,
        target,
        database,
        { rounds: c.raceRounds, concurrent: c.raceConcurrent, units: c.raceUnits },
        log,
      ),
    );
    cleanups.pop();
    await app.close();
  };
  await eachDatabase(cfg.databases, databases, round);
  if (reads.length) console.log(`\n${formatLatencyTable(reads as Parameters<typeof formatLatencyTable>[0])}\n`);
  console.log(
    `read target: p95 < ${PARTS_TARGET_P95_MS} ms with ${c.rows} ledger rows in PostgreSQL; sequential requests`,
  );
  console.log(`\n${formatMovesTable(moves)}\n`);
  console.log(`issue target (PostgreSQL): ≥ ${MOVES_TARGET.reqPerSec} req/s with p99 < ${MOVES_TARGET.p99Ms} ms`);
  console.log(`\n${formatRaceTable(races)}\n`);
  const files = writeResults(
    {
      benchmark: 'parts',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      code: codeVersion(),
      machine: { ...machineFacts(), loadAvgAtStart, loadAvgAtEnd: loadAvg() },
      config: {
        ...c,
        seconds: cfg.seconds,
        connections: cfg.connections,
        warmupSeconds: cfg.warmupSeconds,
        databases: cfg.databases,
        users: { reads: ['parts', 'gd.center'], writes: 'parts' },
        targets: { readP95Ms: PARTS_TARGET_P95_MS, moves: MOVES_TARGET },
        loadGenerator:
          'autocannon in a child process, loopback (issues); sequential fetch (reads); 200 parallel fetch (race)',
      },
      databases,
      loads,
      reads,
      moves,
      races,
      explains,
      peakRssMb: peakRssMb(),
    },
    startedAt,
    'parts',
  );
  console.log(`results: ${files.join(', ')}`);
}

const restartCfg = { crashes: intEnv('BENCH_RESTART_CRASHES', 5), mb: intEnv('BENCH_RESTART_MB', 120) };

/** PGlite restart time after repeated crashes, with and without the checkpoint timer (bench/restart.ts). */
async function restart() {
  const startedAt = new Date();
  const load = [loadAvg()];
  const rounds = [];
  for (const mode of ['on', 'off'] as const) {
    console.log(`restart: ${restartCfg.crashes} crashes, ${restartCfg.mb} MB written per life, checkpoints ${mode}…`);
    rounds.push(await restartRound(mode, restartCfg.crashes, restartCfg.mb));
    load.push(loadAvg());
  }
  console.log(formatRestartTable(rounds));
  const files = writeResults(
    {
      benchmark: 'restart',
      startedAt: startedAt.toISOString(),
      machine: machineFacts(),
      code: codeVersion(),
      pglite: pgliteVersion(),
      config: restartCfg,
      loadAvg: load,
      rounds,
    },
    startedAt,
    'restart',
  );
  console.log(`results: ${files.join(', ')}`);
}

/** Settlement sizes: the issue's (1M completed orders over 2,000 outlets); `--orders N` for a quicker turn. */
const settleCfg = {
  orders: (() => {
    const i = process.argv.indexOf('--orders');
    const v = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.BENCH_SETTLE_ORDERS);
    return Number.isFinite(v) && v > 0 ? Math.floor(v) : 1_000_000;
  })(),
  outlets: intEnv('BENCH_SETTLE_OUTLETS', 2000),
  recomputes: intEnv('BENCH_SETTLE_RECOMPUTES', 5),
  listSeconds: intEnv('BENCH_SETTLE_LIST_SECONDS', 5),
  listRequests: intEnv('BENCH_SETTLE_LIST_REQUESTS', 200),
};

/** The monthly outlet settlement (bench/settle.ts), PostgreSQL only: draft all, recompute one, the list. */
async function settleBench() {
  const startedAt = new Date();
  const loadAvgAtStart = loadAvg();
  const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
  const databases: Record<string, unknown> = {};
  const loads: Record<string, unknown> = {};
  const results: SettleResult[] = [];
  await eachDatabase(['postgres'], databases, async (target, database) => {
    const t0 = performance.now();
    const app = await startSanbao(target);
    cleanups.push(app.close);
    const setupSeconds = Math.round((performance.now() - t0) / 100) / 10;
    log(`${database}: set up with the demo in ${setupSeconds} s`);
    const data = await loadSettlementData(app, target, { orders: settleCfg.orders, outlets: settleCfg.outlets }, log);
    loads[database] = { setupSeconds, ...data };
    const profile = process.env.BENCH_CPU_PROFILE ? await startCpuProfile() : null;
    results.push(
      await settleRound(
        app,
        data,
        {
          seconds: settleCfg.listSeconds,
          maxRequests: settleCfg.listRequests,
          warmup: 10,
          recomputes: settleCfg.recomputes,
        },
        log,
      ),
    );
    if (profile)
      log(`cpu profile: ${await profile.stop(`${process.env.BENCH_CPU_PROFILE}/settle-${database}.cpuprofile`)}`);
    cleanups.pop();
    await app.close();
  });
  for (const r of results) {
    console.log(
      `\ndraft ${r.month}: ${r.draft.seconds} s for ${settleCfg.orders} orders (${r.draft.drafted} statements drafted) — target < ${SETTLE_TARGETS.draftSeconds} s: ${r.draft.metTarget ? 'met' : 'MISSED'}`,
    );
    console.log(
      `recompute one outlet (${r.recompute.orders} orders, ${r.recompute.lines} lines): ${r.recompute.times.join(', ')} ms — target < ${SETTLE_TARGETS.recomputeMs} ms: ${r.recompute.metTarget ? 'met' : 'MISSED'}`,
    );
    console.log(`\n${formatLatencyTable(r.list)}\n`);
  }
  const files = writeResults(
    {
      benchmark: 'settle',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      code: codeVersion(),
      machine: { ...machineFacts(), loadAvgAtStart, loadAvgAtEnd: loadAvg() },
      config: { ...settleCfg, targets: SETTLE_TARGETS },
      databases,
      loads,
      results,
      peakRssMb: peakRssMb(),
    },
    startedAt,
    settleCfg.orders === 1_000_000 ? 'settle' : 'settle-reduced',
  );
  console.log(`results: ${files.join(', ')}`);
}

/**
 * Report sizes: the issue's (1M orders over 2,000 outlets) when run alone, 50,000 within the whole
 * run; `--orders N` (or BENCH_REPORTS_ORDERS) for a quicker turn; `--months N` (or
 * BENCH_REPORTS_MONTHS, default 36) spreads them over the N months ending with last month.
 */
const reportsCfg = {
  orders: (() => {
    const i = process.argv.indexOf('--orders');
    const v = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.BENCH_REPORTS_ORDERS);
    if (Number.isFinite(v) && v > 0) return Math.floor(v);
    return chosen === 'reports' ? 1_000_000 : 50_000;
  })(),
  outlets: intEnv('BENCH_REPORTS_OUTLETS', 2000),
  // 36 (the default): the density of the work-order benchmark's loader, which the issue's targets
  // name (an order every 95 s, 1M over three years); 1: every order in last month (the
  // settlement's load, the worst case for a month's reports).
  months: (() => {
    const i = process.argv.indexOf('--months');
    const v = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.BENCH_REPORTS_MONTHS);
    return Number.isFinite(v) && v >= 1 ? Math.floor(v) : 36;
  })(),
  repeats: intEnv('BENCH_REPORTS_REPEATS', 20),
  drillRequests: intEnv('BENCH_REPORTS_DRILL_REQUESTS', 200),
  drillPages: intEnv('BENCH_REPORTS_DRILL_PAGES', 10),
  seconds: intEnv('BENCH_REPORTS_SECONDS', 60),
  writes: Number.isFinite(Number(process.env.BENCH_REPORTS_WRITES))
    ? Math.max(0, Math.floor(Number(process.env.BENCH_REPORTS_WRITES)))
    : 200,
};

/**
 * Reports and dashboards (bench/reports.ts), PostgreSQL only: the settlement's month of orders
 * loaded, the read model rebuilt (or drained), then Sanbao started again and every report read
 * over HTTP as HQ, a center and an outlet.
 */
async function reportsBench() {
  const startedAt = new Date();
  const loadAvgAtStart = loadAvg();
  const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
  const databases: Record<string, unknown> = {};
  const loads: Record<string, unknown> = {};
  const results: ReportsResult[] = [];
  await eachDatabase(['postgres'], databases, async (target, database) => {
    const t0 = performance.now();
    const first = await startSanbao(target);
    cleanups.push(first.close);
    const setupSeconds = Math.round((performance.now() - t0) / 100) / 10;
    log(`${database}: set up with the demo in ${setupSeconds} s`);
    const data = await loadSettlementData(
      first,
      target,
      { orders: reportsCfg.orders, outlets: reportsCfg.outlets, months: reportsCfg.months },
      log,
    );
    const facts = await buildFacts(first, target, data, log);
    loads[database] = { setupSeconds, ...data, facts };
    cleanups.pop();
    await first.close();
    // The reads run on a server started afresh on the loaded database: the dashboard's first load
    // is the first request after a start, with nothing cached in the process.
    const t1 = performance.now();
    const app = await startSanbao(target, { setup: false });
    cleanups.push(app.close);
    log(`${database}: started again in ${Math.round(performance.now() - t1)} ms`);
    const profile = process.env.BENCH_CPU_PROFILE ? await startCpuProfile() : null;
    results.push(
      await reportsRound(
        app,
        target,
        data,
        {
          repeats: reportsCfg.repeats,
          drillRequests: reportsCfg.drillRequests,
          drillPages: reportsCfg.drillPages,
          seconds: reportsCfg.seconds,
          writes: reportsCfg.writes,
        },
        log,
      ),
    );
    if (profile)
      log(`cpu profile: ${await profile.stop(`${process.env.BENCH_CPU_PROFILE}/reports-${database}.cpuprofile`)}`);
    cleanups.pop();
    await app.close();
  });
  for (const r of results) {
    const load = loads[r.database] as {
      facts: { how: string; orders: number; seconds: number; ordersPerSecond: number };
    };
    console.log(
      `\nfacts ${load.facts.how}: ${load.facts.orders} orders in ${load.facts.seconds} s (${load.facts.ordersPerSecond} orders/s)`,
    );
    console.log(`\n${formatReportsTable(r.rows)}\n`);
    if (r.writeCost) {
      const w = r.writeCost;
      console.log(
        `order update, per statement in a transaction: ${w.withTrigger.p50Ms} ms with the trigger, ${w.withoutTrigger.p50Ms} ms without (p50); ` +
          `committed alone: ${w.committedWithTrigger.p50Ms} / ${w.committedWithoutTrigger.p50Ms} ms; drain of ${w.drain.orders} marked orders ${w.drain.ms} ms`,
      );
    }
  }
  console.log(
    `targets: monthly per province < ${REPORTS_TARGETS.monthlyMs} ms, dashboard first load < ${REPORTS_TARGETS.dashboardFirstMs} ms, drill-down p95 < ${REPORTS_TARGETS.drillP95Ms} ms, with ${reportsCfg.orders} orders`,
  );
  const files = writeResults(
    {
      benchmark: 'reports',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      code: codeVersion(),
      machine: { ...machineFacts(), loadAvgAtStart, loadAvgAtEnd: loadAvg() },
      config: {
        ...reportsCfg,
        users: [ADMIN.username, CENTER_USER, REPORTS_OUTLET_USER],
        targets: REPORTS_TARGETS,
        client: 'sequential fetch (undici keep-alive) in this process, one request at a time',
      },
      databases,
      loads,
      results,
      peakRssMb: peakRssMb(),
    },
    startedAt,
    reportsCfg.orders >= 1_000_000 ? 'reports' : 'reports-reduced',
  );
  console.log(`results: ${files.join(', ')}`);
}

/** The outbox (bench/messages.ts), PostgreSQL only: two instances send 10,000 queued messages to a fake gateway. */
async function messagesBench() {
  const startedAt = new Date();
  const loadAvgAtStart = loadAvg();
  const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
  const databases: Record<string, unknown> = {};
  const results: unknown[] = [];
  const cfg = {
    messages: intEnv('BENCH_MESSAGES', MESSAGES_TARGET.messages),
    instances: intEnv('BENCH_MESSAGE_INSTANCES', 2),
    // The shipped default of messages.ratePerSecond (per instance, SMS).
    rate: intEnv('BENCH_MESSAGE_RATE', 200),
  };
  await eachDatabase(['postgres'], databases, async (target) => {
    if (target.kind !== 'postgres') return;
    const r = await messagesRound(target.url, cfg, log);
    results.push(r);
    console.log(
      `\n${r.messages} messages, ${r.instances} instances at ${r.ratePerSecondPerInstance}/s each: all sent in ${r.deliverSeconds} s ` +
        `(queued in ${r.enqueueSeconds} s); gateway received ${r.received}, distinct ${r.distinct}, twice ${r.duplicates}; ` +
        `per instance ${r.byInstance.join(' + ')} — target ${MESSAGES_TARGET.messages} within ${MESSAGES_TARGET.seconds} s, none twice: ${r.metTarget ? 'met' : 'MISSED'}`,
    );
  });
  const files = writeResults(
    {
      benchmark: 'messages',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      code: codeVersion(),
      machine: { ...machineFacts(), loadAvgAtStart, loadAvgAtEnd: loadAvg() },
      config: { ...cfg, target: MESSAGES_TARGET },
      databases,
      results,
      peakRssMb: peakRssMb(),
    },
    startedAt,
    'messages',
  );
  console.log(`results: ${files.join(', ')}`);
}

main().then(
  () => process.exit(0),
  (err) => fail(err),
);

/**
 * Runs a benchmark's round on each database asked for: PGlite in memory, then a fresh PostgreSQL
 * database (created, described in `databases`, dropped afterwards unless BENCH_KEEP_DATABASE=1,
 * kept to look into a slow query with psql; drop it by hand then).
 */
async function eachDatabase(
  asked: readonly string[],
  databases: Record<string, unknown>,
  round: (target: DbTarget, database: 'pglite' | 'postgres') => Promise<void>,
): Promise<void> {
  if (asked.includes('pglite')) {
    databases.pglite = { mode: 'in-memory', version: pgliteVersion() };
    await round({ kind: 'pglite' }, 'pglite');
  }
  if (!asked.includes('postgres')) return;
  const server = await findPostgres();
  if (!server) {
    log('postgres: none configured and nothing answers on 127.0.0.1:5432, skipped');
    databases.postgres = { skipped: 'no server' };
    return;
  }
  const db = await createBenchDatabase(server.url);
  cleanups.push(db.drop);
  log(`postgres ${db.version}: database ${db.name}`);
  databases.postgres = { version: db.version, database: db.name, poolSize: 10, host: new URL(server.url).host };
  await round({ kind: 'postgres', url: db.url }, 'postgres');
  cleanups.pop();
  if (process.env.BENCH_KEEP_DATABASE === '1') log(`postgres: kept database ${db.name}`);
  else await db.drop();
}

/** A CPU profile of this process (the server side) between start and stop, for `BENCH_CPU_PROFILE=<dir>`. */
async function startCpuProfile(): Promise<{ stop(file: string): Promise<string> }> {
  const { Session } = await import('node:inspector/promises');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { dirname } = await import('node:path');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}
