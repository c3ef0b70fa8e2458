import { type LoadResult, type LoadSpec, runLoad } from './load.js';
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
  grantAuditRead,
  loginToken,
  outletUsernames,
  pgliteVersion,
  prefillEvents,
  startBaseline,
  startSanbao,
} from './servers.js';

/*
 * `npm run bench`: the foundation's request path under load on PGlite and PostgreSQL, next to
 * a bare Fastify + driver INSERT. A benchmark, not a test: it reports figures and fails only
 * when it cannot set up. See bench/README.md for what each scenario means.
 */

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
const OUTLET_USER = 'gd01.manager';

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
  await grantAuditRead(app.database, OUTLET_USER);
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

async function main() {
  const startedAt = new Date();
  const loadAvgAtStart = loadAvg();
  const nDb = cfg.databases.length;
  const deadline = intEnv('BENCH_DEADLINE_SECONDS', nDb * (5 * (cfg.seconds + cfg.warmupSeconds + 2) + 60) + 30);
  setTimeout(() => fail(`overran its ${deadline} s deadline`), deadline * 1000).unref();
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

  if (cfg.databases.includes('pglite')) {
    databases.pglite = { mode: 'in-memory', version: pgliteVersion() };
    await round({ kind: 'pglite' }, 'pglite');
  }
  if (cfg.databases.includes('postgres')) {
    const server = await findPostgres();
    if (!server) {
      log('postgres: none configured and nothing answers on 127.0.0.1:5432, skipped');
      databases.postgres = { skipped: 'no server' };
    } else {
      const db = await createBenchDatabase(server.url);
      cleanups.push(db.drop);
      log(`postgres ${db.version}: database ${db.name}`);
      databases.postgres = { version: db.version, database: db.name, poolSize: 10, host: new URL(server.url).host };
      await round({ kind: 'postgres', url: db.url }, 'postgres');
      cleanups.pop();
      await db.drop();
    }
  }

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

main().then(
  () => process.exit(0),
  (err) => fail(err),
);
