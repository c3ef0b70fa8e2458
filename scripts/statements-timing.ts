/*
 * A quick timing of the monthly settlement draft (docs/money-statements.md, "Performance"), on a
 * PostgreSQL server: a fresh database with the demo, then last month's completed demo orders
 * copied (with their time limits and warranty decisions) onto synthetic outlets until there are
 * about ORDERS of them across OUTLETS outlets; then draftMonth over the month (drafted), again
 * (recomputed), one outlet's recompute, and the list's p95.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres ORDERS=100000 OUTLETS=2000 \
 *     npx tsx scripts/statements-timing.ts
 *
 * DATABASE_URL names the server; a database sanbao_stmt_timing is made (and dropped at the end).
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../server/db/client.js';
import { migrateDatabase } from '../server/db/migrate.js';
import { rowsOf } from '../server/db/rows.js';
import { draftMonth, listStatements } from '../server/modules/money/index.js';
import { runSetup } from '../server/modules/system/index.js';
import { loadActor } from '../server/platform/auth/actors.js';
import { systemCtx } from '../server/platform/context.js';

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ORDERS = Number(process.env.ORDERS ?? 100_000);
const OUTLETS = Number(process.env.OUTLETS ?? 2000);
const NAME = 'sanbao_stmt_timing';
const NOW = new Date('2026-11-23T02:00:00Z');
const MONTH = '2026-10';

async function admin(q: string) {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  await c.query(q);
  await c.end();
}

const ms = (t: number) => Math.round(performance.now() - t);

await admin(`drop database if exists ${NAME} with (force)`);
await admin(`create database ${NAME}`);
const url = new URL(server);
url.pathname = `/${NAME}`;
const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
await migrateDatabase(database);
const db = database.db;
let t = performance.now();
await runSetup(
  systemCtx(db, { name: 'setup', now: NOW }),
  {
    company: '计时电器有限公司',
    timeZone: 'Asia/Shanghai',
    admin: { username: 'admin', displayName: '管理员', password: 'Admin12345' },
    demo: true,
  },
  { demoCustomers: true },
);
console.log(`demo loaded in ${ms(t)} ms`);

const q = async <T>(s: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(s));
const cols = async (table: string) =>
  (
    await q<{ c: string }>(
      sql`select column_name as c from information_schema.columns where table_name = ${table} and table_schema = 'public' and is_generated = 'NEVER' order by ordinal_position`,
    )
  ).map((r) => r.c);

t = performance.now();
// Synthetic outlets under the demo centers.
await db.execute(sql`
  insert into org_units (id, parent_id, path, kind, code, name, province_code, lat, lng)
  select gen_random_uuid(), c.id, '', 'outlet', 'O-T-' || lpad(g::text, 5, '0'), '计时网点' || g, c.province_code, c.lat, c.lng
  from generate_series(1, ${OUTLETS}) g
  join lateral (select * from org_units where kind = 'center' order by code offset (g % 6) limit 1) c on true`);
await db.execute(
  sql`update org_units o set path = p.path || o.id || '/' from org_units p where p.id = o.parent_id and o.code like 'O-T-%'`,
);
await db.execute(
  sql`create temp table syn as select id, path, parent_id, (row_number() over (order by code)) - 1 as idx from org_units where code like 'O-T-%'`,
);
await db.execute(sql`
  create temp table src as select * from work_orders
  where completed_at >= timestamptz '2026-10-01 00:00+08' and completed_at < timestamptz '2026-11-01 00:00+08' and outlet_id is not null`);
const [{ n: base } = { n: 0 }] = await q<{ n: number }>(sql`select count(*)::int as n from src`);
const copies = Math.max(1, Math.ceil(ORDERS / base));
const woCols = await cols('work_orders');
const smCols = await cols('sla_milestones');
const wdCols = await cols('warranty_decisions');
const list = (c: string[], repl: Record<string, string>, alias: string) =>
  c.map((x) => repl[x] ?? `${alias}."${x}"`).join(', ');
for (let k = 1; k <= copies; k++) {
  await db.execute(
    sql.raw(`drop table if exists cp; create temp table cp as
    select s.*, s.id as old_id, gen_random_uuid() as new_id, syn.id as syn_id, syn.path as syn_path, syn.parent_id as syn_center
    from (select *, (row_number() over (order by id) + ${k * 7919}) % ${OUTLETS} as r from src) s join syn on syn.idx = s.r`),
  );
  await db.execute(
    sql.raw(
      `insert into work_orders (${woCols.map((c) => `"${c}"`).join(', ')}) select ${list(
        woCols,
        {
          id: 'cp.new_id',
          code: `cp.code || '-${k}'`,
          custody_label: 'null',
          outlet_id: 'cp.syn_id',
          center_id: 'cp.syn_center',
          holder_unit_id: 'cp.syn_id',
          org_path: 'cp.syn_path',
        },
        'cp',
      )} from cp`,
    ),
  );
  await db.execute(
    sql.raw(
      `insert into sla_milestones (${smCols.map((c) => `"${c}"`).join(', ')}) select ${list(
        smCols,
        {
          id: 'gen_random_uuid()',
          order_id: 'cp.new_id',
          order_code: `m.order_code || '-${k}'`,
          org_path: 'cp.syn_path',
        },
        'm',
      )} from sla_milestones m join cp on cp.old_id = m.order_id`,
    ),
  );
  await db.execute(
    sql.raw(
      `insert into warranty_decisions (${wdCols.map((c) => `"${c}"`).join(', ')}) select ${list(
        wdCols,
        { id: 'gen_random_uuid()', order_id: 'cp.new_id', org_path: 'cp.syn_path' },
        'd',
      )} from warranty_decisions d join cp on cp.old_id = d.order_id`,
    ),
  );
}
await db.execute(sql`analyze`);
const [{ n: total } = { n: 0 }] = await q<{ n: number }>(
  sql`select count(*)::int as n from work_orders where completed_at >= timestamptz '2026-10-01 00:00+08' and completed_at < timestamptz '2026-11-01 00:00+08'`,
);
console.log(
  `${total} orders completed in ${MONTH} (${copies} copies of ${base}) across ${OUTLETS} synthetic outlets, made in ${ms(t)} ms`,
);

const ctx = systemCtx(db, { name: 'timing', now: NOW });
t = performance.now();
const first = await draftMonth(db, ctx, MONTH);
console.log(`draftMonth (drafted): ${JSON.stringify(first)} in ${ms(t)} ms`);
t = performance.now();
const second = await draftMonth(db, ctx, MONTH);
console.log(`draftMonth (recomputed): ${JSON.stringify(second)} in ${ms(t)} ms`);
const [one] = await q<{ id: string; n: number }>(
  sql`select outlet_id as id, count(*)::int as n from work_orders where completed_at >= timestamptz '2026-10-01 00:00+08' and completed_at < timestamptz '2026-11-01 00:00+08' and outlet_id is not null group by outlet_id order by count(*) desc limit 1`,
);
const runs: number[] = [];
for (let i = 0; i < 5; i++) {
  t = performance.now();
  await draftMonth(db, ctx, MONTH, { unitId: one!.id });
  runs.push(ms(t));
}
console.log(`one outlet (${one!.n} orders) recomputed: ${runs.join(', ')} ms`);
const [mgr] = await q<{ id: string }>(sql`select id from users where username = 'gd.center'`);
const centerCtx = { ...ctx, actor: (await loadActor(db, mgr!.id))! };
const times: number[] = [];
for (let i = 0; i < 60; i++) {
  t = performance.now();
  await listStatements(i % 2 ? centerCtx : ctx, { month: MONTH, page: 1 + (i % 5), pageSize: 50 });
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const [{ n: stmts } = { n: 0 }] = await q<{ n: number }>(sql`select count(*)::int as n from settlement_statements`);
console.log(`list of ${stmts} statements: p50 ${times[30]!.toFixed(1)} ms, p95 ${times[57]!.toFixed(1)} ms`);
await database.close();
await admin(`drop database if exists ${NAME} with (force)`);
