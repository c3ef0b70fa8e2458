import pg from 'pg';
import type { Database } from '../server/db/client.js';
import type { DbTarget } from './servers.js';

/*
 * The search benchmark's data: `customers` customers with a mobile each (one in five also a
 * landline), a primary address and 2 units each, loaded set-based (INSERT … SELECT FROM
 * generate_series) with pseudo-random but deterministic names, phones and serials, spread evenly
 * over the outlets. Secondary indexes are dropped for the load and rebuilt after it, foreign-key
 * triggers are skipped for the loading transaction (session_replication_role = replica, which
 * needs a superuser; without it the load still works, only slower), then the tables are vacuumed
 * and analyzed.
 *
 * The same formulas are written twice, in SQL and in TypeScript, so the benchmark knows which
 * phones, names and serials exist without asking the database.
 */

export const BENCH_TABLES = ['customers', 'customer_phones', 'customer_addresses', 'units'] as const;

// 20 mobile prefixes (13x 15x 17x 18x 19x), 60 surnames, 30 + 30 given-name characters.
// SQL arrays are 1-based, hence the `1 +` there and not here.
export const MOBILE_PREFIXES = [
  ...['130', '133', '135', '136', '137', '138', '139', '150', '152', '155'],
  ...['158', '159', '173', '177', '180', '185', '186', '188', '189', '199'],
];
export const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石',
];
export const GIVEN_1 = [...'建国志海小晓伟秀玉明永红丽俊文春桂金德家子宇思嘉佳雨欣浩一梓'];
export const GIVEN_2 = [...'华平军芳英强敏静丽杰涛斌燕辉鹏霞刚玲洋勇峰磊琳娟婷雪超波宁萱'];
/** Serial prefixes, one per bench model (the demo models in code order). */
export const MODEL_COUNT_MAX = 18;

/** A multiplicative hash that SQL bigint and JS doubles compute alike (all values < 2^53). */
const mix = (g: number, a: number, m: number) => (g * a) % m;

export function benchPhone(g: number): string {
  return `${MOBILE_PREFIXES[g % 20]}${String(mix(g, 7919, 100_000_000)).padStart(8, '0')}`;
}
/** 60 × 30 × 30 names; a surname plus one character (the usual typed prefix) matches 1 in 1,800. */
export function benchName(g: number): string {
  const h = mix(g, 2_654_435_761, 4_294_967_296);
  return `${SURNAMES[h % 60]}${GIVEN_1[Math.floor(h / 60) % 30]}${GIVEN_2[Math.floor(h / 1800) % 30]}`;
}
export function benchSerial(unit: number, prefix: string): string {
  return `${prefix}${String(unit).padStart(9, '0')}`;
}
/** Customer g's org unit: outlets in code order, round robin. */
export const outletIndex = (g: number, outlets: number) => g % outlets;
/** Unit u (1-based) belongs to customer ((u - 1) mod customers) + 1 and is of model (u mod models). */
export const unitCustomer = (u: number, customers: number) => ((u - 1) % customers) + 1;

const sqlArray = (items: string[]) => `array[${items.map((s) => `'${s}'`).join(',')}]`;

/** Runs statements on one connection of the target (PGlite: the instance; PostgreSQL: a fresh client). */
async function withSession<T>(
  database: Database,
  target: DbTarget,
  fn: (q: (text: string) => Promise<Record<string, unknown>[]>) => Promise<T>,
): Promise<T> {
  if (target.kind === 'pglite') {
    const lite = database.lite!;
    return fn(async (text) => {
      const res = await lite.exec(text);
      return (res.at(-1)?.rows ?? []) as Record<string, unknown>[];
    });
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    return await fn(async (text) => {
      const res = (await client.query(text)) as pg.QueryResult | pg.QueryResult[];
      const last = Array.isArray(res) ? res.at(-1) : res;
      return (last?.rows ?? []) as Record<string, unknown>[];
    });
  } finally {
    await client.end();
  }
}

export interface LoadedData {
  customers: number;
  units: number;
  phones: number;
  outlets: { code: string; path: string }[];
  models: { id: string; code: string; prefix: string }[];
  seconds: { insert: number; index: number; analyze: number };
  fkTriggersSkipped: boolean;
}

/** Bulk-loads `customers` customers and 2 × that many units. */
export async function loadSearchData(
  database: Database,
  target: DbTarget,
  customers: number,
  log: (msg: string) => void,
): Promise<LoadedData> {
  return withSession(database, target, async (q) => {
    const outlets = (await q(`select code, path from org_units where kind = 'outlet' order by code`)) as {
      code: string;
      path: string;
    }[];
    const models = ((await q(`select id, code from product_models order by code`)) as { id: string; code: string }[])
      .slice(0, MODEL_COUNT_MAX)
      .map((m, i) => ({ ...m, prefix: `B${String.fromCharCode(65 + i)}` }));
    if (outlets.length === 0 || models.length === 0) throw new Error('search data needs the demo outlets and catalog');
    const paths = sqlArray(outlets.map((o) => o.path));
    const nOut = outlets.length;
    const modelIds = sqlArray(models.map((m) => m.id));
    const prefixes = sqlArray(models.map((m) => m.prefix));
    const nModels = models.length;
    const units = customers * 2;
    const isPg = target.kind === 'postgres';

    // Secondary indexes go for the load and come back after it, built once instead of row by row.
    const tables = BENCH_TABLES.map((t) => `'${t}'`).join(',');
    const indexes = (await q(`
      select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = current_schema() and i.tablename in (${tables})
        and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`)) as {
      name: string;
      def: string;
    }[];
    let fkTriggersSkipped = true;
    const insertStarted = Date.now();
    const body = `
      ${indexes.map((i) => `drop index ${i.name};`).join('\n')}
      insert into customers (id, code, kind, name, company_name, tags, org_path, created_at, updated_at)
      select md5('c' || g)::uuid, 'C99' || lpad(g::text, 8, '0'),
             case when g % 10 = 0 then 'business' else 'individual' end,
             (${sqlArray(SURNAMES)})[1 + h % 60] || (${sqlArray(GIVEN_1)})[1 + (h / 60) % 30] || (${sqlArray(GIVEN_2)})[1 + (h / 1800) % 30],
             case when g % 10 = 0 then '压测' || g || '酒店' end,
             '[]'::jsonb, (${paths})[1 + g % ${nOut}], now(), now()
      from generate_series(1, ${customers}) g, lateral (select (g::bigint * 2654435761) % 4294967296 as h) x;
      insert into customer_phones (customer_id, number, kind, is_primary)
      select md5('c' || g)::uuid,
             (${sqlArray(MOBILE_PREFIXES)})[1 + g % 20] || lpad(((g::bigint * 7919) % 100000000)::text, 8, '0'),
             'mobile', true
      from generate_series(1, ${customers}) g;
      insert into customer_phones (customer_id, number, kind, is_primary)
      select md5('c' || g)::uuid, '020' || (20000000 + (g::bigint * 104729) % 80000000)::text, 'landline', false
      from generate_series(5, ${customers}, 5) g;
      insert into customer_addresses (id, customer_id, province_code, city_code, district_code, detail, is_primary)
      select md5('a' || g)::uuid, md5('c' || g)::uuid, '440000', '440100', '440106', '压测路 ' || g || ' 号', true
      from generate_series(1, ${customers}) g;
      insert into units (id, model_id, serial_no, customer_id, usage, purchase_date, address_id, org_path, created_at, updated_at)
      select md5('u' || u)::uuid, (${modelIds})[1 + u % ${nModels}]::uuid,
             (${prefixes})[1 + u % ${nModels}] || lpad(u::text, 9, '0'),
             md5('c' || c)::uuid, 'household', date '2022-11-20' + (u % 1460),
             md5('a' || c)::uuid, (${paths})[1 + c % ${nOut}], now(), now()
      from generate_series(1, ${units}) u, lateral (select ((u - 1) % ${customers}) + 1 as c) x;`;
    const tx = (replica: boolean) =>
      `begin;\n${isPg ? "set local maintenance_work_mem = '512MB';" : ''}\n${replica ? 'set local session_replication_role = replica;' : ''}\n${body}\ncommit;`;
    log(`loading ${customers} customers and ${units} units (${indexes.length} secondary indexes dropped for the load)`);
    try {
      await q(tx(true));
    } catch (err) {
      await q('rollback').catch(() => {});
      if (!/permission|superuser|replication/i.test(String(err))) throw err;
      fkTriggersSkipped = false;
      log('session_replication_role refused (not a superuser): loading with foreign-key checks');
      await q(tx(false));
    }
    const insert = (Date.now() - insertStarted) / 1000;
    const indexStarted = Date.now();
    log(`inserted in ${insert.toFixed(1)} s; rebuilding ${indexes.length} indexes`);
    await q(`${isPg ? "set maintenance_work_mem = '512MB';" : ''}\n${indexes.map((i) => `${i.def};`).join('\n')}`);
    const index = (Date.now() - indexStarted) / 1000;
    const analyzeStarted = Date.now();
    // What autovacuum does after a bulk load on PostgreSQL (PGlite has none): statistics, and the
    // visibility map and hint bits, so the first searches do not pay for them.
    await q(`vacuum analyze ${BENCH_TABLES.join(', ')}`);
    const analyze = (Date.now() - analyzeStarted) / 1000;
    log(`indexes in ${index.toFixed(1)} s, vacuum analyze in ${analyze.toFixed(1)} s`);
    const [phones] = await q('select count(*)::int as n from customer_phones');
    return {
      customers,
      units,
      phones: Number(phones?.n ?? 0),
      outlets,
      models,
      seconds: { insert, index, analyze },
      fkTriggersSkipped,
    };
  });
}

/** EXPLAIN ANALYZE of a statement on the target, for the report of a missed target. */
export async function explain(database: Database, target: DbTarget, text: string): Promise<string[]> {
  return withSession(database, target, async (q) => {
    const rows = await q(`explain (analyze, buffers) ${text}`);
    return rows.map((r) => String(r['QUERY PLAN']));
  });
}
