import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../server/app.js';
import { type Database, openDatabase } from '../server/db/client.js';
import { migrateDatabase } from '../server/db/migrate.js';
import { DEMO_PASSWORD, demoUsers } from '../server/demo/index.js';
import { runSetup } from '../server/modules/system/setup.js';
import { systemCtx } from '../server/platform/context.js';

/** Which database a round runs on; `url` names the fresh PostgreSQL database for this run. */
export type DbTarget = { kind: 'pglite' } | { kind: 'postgres'; url: string };

export const ADMIN = { username: 'admin', password: 'Admin12345' };
export { DEMO_PASSWORD };

/** Same pool size as the server's default, so Sanbao and the baseline get equal connections. */
const POOL_SIZE = 10;

/** The PostgreSQL server to use: the env URL when set, else a local default if one answers. */
export async function findPostgres(): Promise<{ url: string; explicit: boolean } | null> {
  const explicit = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (explicit) return { url: explicit, explicit: true };
  const url = 'postgres://postgres@127.0.0.1:5432/postgres';
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return { url, explicit: false };
  } catch {
    return null;
  } finally {
    await c.end().catch(() => {});
  }
}

async function adminQuery(serverUrl: string, text: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

/** A brand-new database `sanbao_bench_<ts>` on the server; `drop` removes it again. */
export async function createBenchDatabase(
  serverUrl: string,
): Promise<{ url: string; name: string; version: string; drop: () => Promise<void> }> {
  const name = `sanbao_bench_${Date.now()}`;
  const { rows } = await adminQuery(serverUrl, 'show server_version');
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    version: String(rows[0]?.server_version ?? '?'),
    drop: async () => {
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

export interface SanbaoServer {
  url: string;
  database: Database;
  close(): Promise<void>;
}

/**
 * Sanbao as it runs in production, minus the logger: open → migrate → set up with demo data → listen.
 * `setup: false` starts it again on a database already set up (a restart: nothing cached yet).
 */
export async function startSanbao(target: DbTarget, opts: { setup?: boolean } = {}): Promise<SanbaoServer> {
  const database =
    target.kind === 'pglite'
      ? await openDatabase({ dataDir: 'memory://' })
      : await openDatabase({ databaseUrl: target.url, poolSize: POOL_SIZE });
  try {
    await migrateDatabase(database);
    const app = await buildApp({
      database,
      config: { secureCookies: false, bodyLimit: 1_048_576, logLevel: 'silent' },
      logger: false,
      serveWeb: false,
    });
    if (opts.setup !== false)
      await runSetup(systemCtx(database.db, { name: 'setup' }), {
        company: '压测电器有限公司',
        timeZone: 'Asia/Shanghai',
        admin: { username: ADMIN.username, displayName: '管理员', password: ADMIN.password },
        demo: true,
      });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    return {
      url,
      database,
      close: async () => {
        await app.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}

export function pgliteVersion(): string {
  const pkg = new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url);
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** Outlet-level demo accounts (managers and technicians), in demo order. */
export function outletUsernames(): string[] {
  return demoUsers()
    .filter((u) => u.unitCode.startsWith('O-'))
    .map((u) => u.username);
}

/**
 * Pre-fills the audit trail with `count` events spread evenly over every org unit, in a few
 * large INSERT … SELECT statements, so a scoped list has to skip other units' rows.
 */
export async function prefillEvents(database: Database, count: number): Promise<void> {
  const chunk = 5000;
  for (let start = 1; start <= count; start += chunk) {
    const end = Math.min(count, start + chunk - 1);
    await database.exec(`
      with u as (select array_agg(path order by code) as paths, count(*)::int as n from org_units)
      insert into events (at, actor_id, actor_name, entity, entity_id, action, changes, reason, request_id, org_path)
      select now() - make_interval(secs => ${count} - g), null, '压测', 'work_order', 'WO-' || lpad(g::text, 8, '0'),
             'order.status_changed',
             jsonb_build_object('status', jsonb_build_object('before', 'assigned', 'after', 'in_progress')),
             null, 'bench-prefill', u.paths[1 + g % u.n]
      from u, generate_series(${start}, ${end}) g`);
  }
  await database.exec('analyze events');
}

export async function countEvents(database: Database, action: string): Promise<number> {
  const pool = database.pool;
  const text = `select count(*)::int as n from events where action = '${action}'`;
  if (pool) return (await pool.query<{ n: number }>(text)).rows[0]?.n ?? 0;
  return (await database.lite!.query<{ n: number }>(text)).rows[0]?.n ?? 0;
}

/** Signs in over HTTP and returns a bearer token (no CSRF header needed for it). */
export async function loginToken(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, token: true, tokenName: 'bench' }),
  });
  const body = (await res.json()) as { token?: string };
  if (res.status !== 200 || !body.token)
    throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

export interface BaselineServer {
  url: string;
  close(): Promise<void>;
}

const BASELINE_TABLE = `create table if not exists bench_baseline (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  note text not null,
  payload jsonb not null default '{}'
)`;
const BASELINE_INSERT = 'insert into bench_baseline (actor, note, payload) values ($1, $2, $3) returning id';

/** The floor: bare Fastify and the same driver, one plain INSERT per request, nothing else. */
export async function startBaseline(target: DbTarget): Promise<BaselineServer> {
  let insert: (note: string) => Promise<unknown>;
  let closeDb: () => Promise<void>;
  if (target.kind === 'pglite') {
    const lite = await PGlite.create();
    await lite.exec(BASELINE_TABLE);
    insert = (note) => lite.query(BASELINE_INSERT, ['bench', note, JSON.stringify({ note })]);
    closeDb = () => lite.close();
  } else {
    const pool = new pg.Pool({ connectionString: target.url, max: POOL_SIZE });
    pool.on('error', () => {});
    await pool.query(BASELINE_TABLE);
    insert = (note) => pool.query(BASELINE_INSERT, ['bench', note, JSON.stringify({ note })]);
    closeDb = () => pool.end();
  }
  const app: FastifyInstance = Fastify({ logger: false });
  app.post<{ Body: { note?: string } }>('/baseline', async (req) => {
    await insert(String(req.body?.note ?? ''));
    return { ok: true };
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    close: async () => {
      await app.close();
      await closeDb();
    },
  };
}

/**
 * The like-for-like floor of order creation: bare Fastify and the same driver, writing per request
 * the rows a creation writes — the idempotency key, the order, its timeline row, its audit event
 * and its SLA milestones — copied from an order Sanbao created (`templateOrderId`), with fresh ids,
 * in one hand-written transaction on Sanbao's own database (same schema, indexes and
 * constraints). Nothing is read, checked, planned or numbered: what remains is the cost of the
 * rows themselves.
 */
export async function startSameRowsBaseline(database: Database, templateOrderId: string): Promise<BaselineServer> {
  type Query = (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  const read: Query = database.lite
    ? (text, params) => database.lite!.query(text, params)
    : (text, params) => database.pool!.query(text, params);
  const one = async (text: string) => JSON.parse(String((await read(text, [templateOrderId])).rows[0]!.j));
  const order = await one('select row_to_json(o)::text as j from work_orders o where id = $1');
  const history = await one('select row_to_json(h)::text as j from work_order_history h where order_id = $1');
  const event = await one(`select row_to_json(e)::text as j from events e where entity_id = $1::text
    and action = 'work_order.created'`);
  const milestones: Record<string, unknown>[] = await one(
    `select coalesce(json_agg(m), '[]')::text as j from sla_milestones m where order_id = $1`,
  );
  const key = await one('select row_to_json(k)::text as j from work_order_idempotency k where order_id = $1');
  const columns = async (table: string) =>
    (
      await read(
        `select column_name as c from information_schema.columns
         where table_name = $1 and column_name <> 'id' order by ordinal_position`,
        [table],
      )
    ).rows
      .map((r) => `"${String(r.c)}"`)
      .join(', ');
  const historyCols = await columns('work_order_history');
  const eventCols = await columns('events');
  const statements = [
    'insert into work_order_idempotency select * from json_populate_record(null::work_order_idempotency, $1::json)',
    'insert into work_orders select * from json_populate_record(null::work_orders, $1::json)',
    `insert into work_order_history (${historyCols}) select ${historyCols} from json_populate_record(null::work_order_history, $1::json)`,
    `insert into events (${eventCols}) select ${eventCols} from json_populate_record(null::events, $1::json)`,
    'insert into sla_milestones select * from json_populate_recordset(null::sla_milestones, $1::json)',
  ];
  let n = 0;
  const rowsFor = () => {
    n += 1;
    const id = randomUUID();
    const code = `BENCH-${process.pid}-${n}`;
    return [
      { ...key, key: `same-rows-${id}`, order_id: id },
      { ...order, id, code },
      { ...history, order_id: id },
      { ...event, entity_id: id },
      milestones.map((m) => ({ ...m, id: randomUUID(), order_id: id, order_code: code })),
    ].map((r) => JSON.stringify(r));
  };
  let write: () => Promise<void>;
  if (database.lite) {
    const lite = database.lite;
    write = async () => {
      const params = rowsFor();
      await lite.transaction(async (tx) => {
        for (const [i, text] of statements.entries()) await tx.query(text, [params[i]]);
      });
    };
  } else {
    const pool = database.pool!;
    write = async () => {
      const params = rowsFor();
      const c = await pool.connect();
      try {
        await c.query('begin');
        for (const [i, text] of statements.entries()) await c.query(text, [params[i]]);
        await c.query('commit');
      } catch (err) {
        await c.query('rollback').catch(() => {});
        throw err;
      } finally {
        c.release();
      }
    };
  }
  const app: FastifyInstance = Fastify({ logger: false });
  app.post('/same-rows', async () => {
    await write();
    return { ok: true };
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
}
