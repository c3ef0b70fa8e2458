import type { LoadResult } from './load.js';
import { type LatencyRow, percentile, type Q, r1, runCreateLoad, sequentialGet, withSession } from './orders.js';
import { explain } from './search-data.js';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { Database } from '../server/db/client.js';
import { DEMO_PASSWORD, type DbTarget, loginToken, type SanbaoServer } from './servers.js';

/*
 * The parts stock benchmark (bench/README.md, "Parts"): a large ledger loaded set-based, the
 * stock reads one request at a time, movement throughput with autocannon, and the last-units race.
 */

export const PARTS_TARGET_P95_MS = 50;
export const MOVES_TARGET = { reqPerSec: 500, p99Ms: 100 };
export const BENCH_DEPOTS = 2_000;
export const BENCH_PARTS = 5_000;
/** Distinct parts a bench depot holds at most (depot d holds parts s·10 + d mod 10, s < 500). */
const SLOTS = BENCH_PARTS / 10;

export interface PartsData {
  rows: number;
  depots: number;
  parts: number;
  pairs: number;
  movementsPerPair: number;
  balances: number;
  belowReorder: number;
  firstId: number;
  seconds: { insert: number; balances: number; index: number; analyze: number };
  superuser: boolean;
}

/** A deterministic UUID in the RFC layout (version 4, variant 8) that z.uuid() accepts. */
const uuidOf = (text: string) => `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;
const depotUuid = (d: number | string) => uuidOf(`'bd' || (${d})`);
const partUuid = (p: number | string) => uuidOf(`'bp' || (${p})`);

/**
 * `rows` ledger rows over 2,000 bench depots (consignment depots spread over the centers and
 * outlets) and 5,000 bench parts: (depot, part) pairs of `movementsPerPair` rows each, interleaved
 * in time (row g is movement g ÷ pairs of pair g mod pairs). The first movement of a pair is a
 * receipt of 30–89, then issues of 1–3 to orders and receipts of 1–8 alternate, so no balance goes
 * negative; `on_hand_after` is the sum of the pair's quantities so far. Balances are then one
 * INSERT … SELECT … GROUP BY over the ledger, a reorder point of 40 on one pair in 20.
 */
export async function loadPartsData(
  app: SanbaoServer,
  target: DbTarget,
  rows: number,
  log: (m: string) => void,
): Promise<PartsData> {
  return withSession(app.database, target, async (q) => {
    const isPg = target.kind === 'postgres';
    const su = isPg ? await q('select rolsuper from pg_roles where rolname = current_user') : [{ rolsuper: false }];
    const superuser = su[0]?.rolsuper === true;
    const movementsPerPair = Math.max(10, Math.ceil(rows / (BENCH_DEPOTS * SLOTS)));
    if (movementsPerPair > 30) throw new Error('parts bench: at most 30 million ledger rows');
    const pairs = Math.floor(rows / movementsPerPair);
    const total = pairs * movementsPerPair;
    const [maxId] = await q('select coalesce(max(id), 0)::bigint as n from stock_movements');
    const base = Number(maxId?.n ?? 0);
    const units = (await q(`select id from org_units where kind in ('center', 'outlet') order by code`)).map((r) =>
      String(r.id),
    );
    if (!units.length) throw new Error('parts bench needs the demo centers and outlets');
    const unitArray = `array[${units.map((u) => `'${u}'`).join(',')}]::uuid[]`;
    const indexes = (await q(`
      select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = current_schema() and i.tablename = 'stock_movements'
        and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`)) as {
      name: string;
      def: string;
    }[];
    // quantity of movement j of pair k (SQL; j, k bigint)
    const qty = (k: string, j: string) =>
      `(case when ${j} = 0 then 30 + (${k} * 7) % 60 when ${j} % 2 = 1 then -(1 + (${k} * 31 + ${j}) % 3) else 1 + (${k} * 17 + ${j}) % 8 end)`;
    log(
      `parts: loading ${total} ledger rows (${pairs} depot-part pairs × ${movementsPerPair}) over ${BENCH_DEPOTS} depots and ${BENCH_PARTS} parts; ${indexes.length} ledger indexes dropped for the load`,
    );
    const t0 = performance.now();
    await q(`begin;
      ${isPg ? "set local maintenance_work_mem = '512MB'; set local work_mem = '256MB';" : ''}
      ${superuser ? 'set local session_replication_role = replica;' : ''}
      ${indexes.map((i) => `drop index ${i.name};`).join('\n')}
      insert into parts (id, code, name, name_en, search_key, created_at, updated_at)
      select ${partUuid('p')}, 'BP-' || lpad(p::text, 5, '0'), '压测配件' || p, 'Bench part ' || p,
             lower('BP-' || lpad(p::text, 5, '0')) || ' 压测配件' || p || ' bench part ' || p || ' ycpj', now(), now()
      from generate_series(1, ${BENCH_PARTS}) p;
      insert into depots (id, code, name, kind, org_unit_id)
      select ${depotUuid('d')}, 'BD-' || lpad(d::text, 4, '0'), '压测寄售库 ' || d, 'consignment',
             (${unitArray})[1 + (d - 1) % ${units.length}]
      from generate_series(1, ${BENCH_DEPOTS}) d;
      insert into stock_movements (id, at, kind, depot_id, part_id, grade, quantity, issued_delta, on_hand_after,
                                   reserved_after, in_transit_after, order_id, document_kind, document_id)
      overriding system value
      select ${base} + g + 1, now() - (${total} - g) * interval '3 seconds',
             case when j % 2 = 1 then 'issue' else 'receipt' end,
             ${depotUuid('1 + k % 2000')}, ${partUuid('1 + ((k / 2000) * 10 + k % 10) % 5000')}, 'good',
             ${qty('k', 'j')},
             case when j % 2 = 1 then -${qty('k', 'j')} else 0 end,
             (select sum(${qty('k', 'i')}) from generate_series(0::bigint, j) i),
             0, 0,
             case when j % 2 = 1 then ${uuidOf(`'bo' || g`)} end,
             case when j % 2 = 0 then 'purchase' end,
             case when j % 2 = 0 then 'PO-' || k end
      from generate_series(0::bigint, ${total - 1}) g, lateral (select g / ${pairs} as j, g % ${pairs} as k) x;
      commit;`);
    const insert = (performance.now() - t0) / 1000;
    log(`parts: ledger inserted in ${insert.toFixed(1)} s`);
    const t1 = performance.now();
    await q(`begin;
      ${isPg ? "set local work_mem = '512MB';" : ''}
      ${superuser ? 'set local session_replication_role = replica;' : ''}
      insert into stock_balances (depot_id, part_id, grade, on_hand, reserved, in_transit, reorder_point, reorder_qty,
                                  below_reorder, updated_at)
      select depot_id, part_id, grade, sum(quantity), sum(reserved_delta), sum(in_transit_delta),
             case when abs(hashtext(depot_id::text || part_id::text)) % 20 = 0 then 40 end,
             case when abs(hashtext(depot_id::text || part_id::text)) % 20 = 0 then 50 end,
             abs(hashtext(depot_id::text || part_id::text)) % 20 = 0 and sum(quantity) - sum(reserved_delta) < 40,
             max(at)
      from stock_movements where id > ${base}
      group by depot_id, part_id, grade;
      commit;`);
    const balancesS = (performance.now() - t1) / 1000;
    const t2 = performance.now();
    await q(`${isPg ? "set maintenance_work_mem = '512MB';" : ''}
      ${indexes.map((i) => `${i.def};`).join('\n')}
      select setval(pg_get_serial_sequence('stock_movements', 'id'), (select max(id) from stock_movements));`);
    const index = (performance.now() - t2) / 1000;
    const t3 = performance.now();
    await q('vacuum analyze stock_movements, stock_balances, depots, parts');
    const analyze = (performance.now() - t3) / 1000;
    const [counts] = await q(
      `select count(*)::int as n, count(*) filter (where below_reorder)::int as below from stock_balances
       where depot_id in (select id from depots where code like 'BD-%')`,
    );
    log(
      `parts: balances in ${balancesS.toFixed(1)} s, indexes in ${index.toFixed(1)} s, vacuum analyze in ${analyze.toFixed(1)} s`,
    );
    return {
      rows: total,
      depots: BENCH_DEPOTS,
      parts: BENCH_PARTS,
      pairs,
      movementsPerPair,
      balances: Number(counts?.n ?? 0),
      belowReorder: Number(counts?.below ?? 0),
      firstId: base + 1,
      seconds: { insert: r1(insert), balances: r1(balancesS), index: r1(index), analyze: r1(analyze) },
      superuser,
    };
  });
}

interface ReadScenario {
  scenario: string;
  user: string;
  request: string;
  urls: (q: Q) => Promise<string[]>;
  /** The main query, for EXPLAIN ANALYZE when the target is missed. */
  sql: (q: Q) => Promise<string>;
}

const pick = async (q: Q, text: string) => (await q(text)).map((r) => r as Record<string, string>);

function readScenarios(): ReadScenario[] {
  // 200 bench parts spread over the catalog, 200 bench depots, 200 held (depot, part) pairs.
  const parts = (q: Q) =>
    pick(
      q,
      `select id from parts p where code like 'BP-%' and exists (select 1 from stock_balances b where b.part_id = p.id)
       order by code offset 7 limit 200`,
    );
  const someParts = async (q: Q) => (await parts(q)).filter((_, i) => i % 25 === 0);
  return [
    {
      scenario: 'part stock, HQ',
      user: 'parts',
      request: 'GET /api/parts/stock?partId=',
      urls: async (q) => (await parts(q)).map((r) => `/api/parts/stock?partId=${r.id}`),
      sql: async (q) => {
        const [p] = await someParts(q);
        return `select b.*, d.code, d.name from stock_balances b join depots d on d.id = b.depot_id join org_units o on o.id = d.org_unit_id
                where b.part_id = '${p!.id}' order by o.path, d.code, b.grade`;
      },
    },
    {
      scenario: 'part stock, center',
      user: 'gd.center',
      request: 'GET /api/parts/stock?partId=',
      urls: async (q) => (await parts(q)).map((r) => `/api/parts/stock?partId=${r.id}`),
      sql: async (q) => {
        const [p] = await someParts(q);
        const [c] = await pick(q, `select path from org_units where code = 'C-GD'`);
        return `select b.*, d.code, d.name from stock_balances b join depots d on d.id = b.depot_id join org_units o on o.id = d.org_unit_id
                where b.part_id = '${p!.id}' and o.path like '${c!.path}%' order by o.path, d.code, b.grade`;
      },
    },
    {
      scenario: 'depot stock page',
      user: 'parts',
      request: 'GET /api/parts/depots/:id/stock (page 1 of 50)',
      urls: async (q) =>
        (await pick(q, `select id from depots where code like 'BD-%' order by code limit 200`)).map(
          (r) => `/api/parts/depots/${r.id}/stock`,
        ),
      sql: async (q) => {
        const [d] = await pick(q, `select id from depots where code like 'BD-%' order by code limit 1`);
        return `select b.*, p.code from stock_balances b join parts p on p.id = b.part_id where b.depot_id = '${d!.id}'
                order by p.code collate "C", b.grade limit 50`;
      },
    },
    {
      scenario: 'part ledger page in a depot',
      user: 'parts',
      request: 'GET /api/parts/ledger?depotId=&partId= (50 newest)',
      urls: async (q) =>
        (
          await pick(
            q,
            `select depot_id, part_id from stock_balances where depot_id in (select id from depots where code like 'BD-%')
             order by depot_id, part_id limit 200`,
          )
        ).map((r) => `/api/parts/ledger?depotId=${r.depot_id}&partId=${r.part_id}`),
      sql: async (q) => {
        const [r] = await pick(
          q,
          `select depot_id, part_id from stock_balances where depot_id in (select id from depots where code like 'BD-%') limit 1`,
        );
        return `select * from stock_movements where depot_id = '${r!.depot_id}' and part_id = '${r!.part_id}' order by id desc limit 51`;
      },
    },
  ];
}

/** The stock reads, one request at a time, cycling over 200 parts, depots or pairs. */
export async function partsReadRound(
  app: SanbaoServer,
  target: DbTarget,
  database: 'pglite' | 'postgres',
  measure: { seconds: number; maxRequests: number; warmup: number },
  log: (m: string) => void,
): Promise<{ rows: (LatencyRow & { firstError?: string })[]; explains: Record<string, string[]> }> {
  const rows: (LatencyRow & { firstError?: string })[] = [];
  const explains: Record<string, string[]> = {};
  const tokens = new Map<string, string>();
  for (const s of readScenarios()) {
    if (!tokens.has(s.user)) tokens.set(s.user, await loginToken(app.url, s.user, DEMO_PASSWORD));
    const urls = (await withSession(app.database, target, s.urls)).map((u) => `${app.url}${u}`);
    const r = await sequentialGet(urls, tokens.get(s.user)!, measure);
    const p95 = percentile(r.times, 95);
    const row: LatencyRow = {
      scenario: s.scenario,
      user: s.user,
      database,
      request: s.request,
      requests: r.times.length,
      meanItems: r1(r.items / Math.max(1, r.times.length)),
      total: r.total,
      p50Ms: r1(percentile(r.times, 50)),
      p95Ms: r1(p95),
      p99Ms: r1(percentile(r.times, 99)),
      maxMs: r1(r.times.at(-1) ?? 0),
      non2xx: r.non2xx,
      targetP95Ms: PARTS_TARGET_P95_MS,
      metTarget: p95 < PARTS_TARGET_P95_MS && r.non2xx === 0,
    };
    rows.push(r.firstError ? { ...row, firstError: r.firstError } : row);
    if (r.firstError) log(`${database}: ${s.scenario}: ${r.non2xx} answers not 2xx, the first: ${r.firstError}`);
    log(
      `${database}: ${s.scenario}: p50 ${row.p50Ms} p95 ${row.p95Ms} p99 ${row.p99Ms} ms (${row.requests} requests, ${row.meanItems} items)`,
    );
    if (!row.metTarget) {
      explains[s.scenario] = await explain(app.database, target, await withSession(app.database, target, s.sql));
    }
  }
  return { rows, explains };
}

async function post(url: string, token: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** Counted (not serial-tracked) parts and depots for the write runs, from the demo catalog and org. */
async function writePairs(app: SanbaoServer, target: DbTarget, n: number) {
  return withSession(app.database, target, async (q) => {
    const parts = await pick(
      q,
      `select p.id from parts p where p.code not like 'BP-%'
         and not exists (select 1 from part_tracking t where t.part_id = p.id and t.serial_tracked) order by p.code`,
    );
    const depots = await pick(q, `select id from depots where kind in ('hq', 'center', 'outlet') order by code`);
    if (parts.length < 2 || !depots.length) throw new Error('parts bench: the demo has no depots or counted parts');
    const pairs: { depotId: string; partId: string }[] = [];
    for (let i = 0; pairs.length < n; i++) {
      pairs.push({
        depotId: depots[i % depots.length]!.id!,
        partId: parts[1 + (Math.floor(i / depots.length) % (parts.length - 1))]!.id!,
      });
    }
    // The race runs on the first counted part at the first depot, kept apart from the throughput pairs.
    return { pairs, race: { depotId: depots[0]!.id!, partId: parts[0]!.id! } };
  });
}

export interface MovesResult {
  database: 'pglite' | 'postgres';
  pairs: number;
  result: LoadResult;
  ok2xx: number;
  metTarget: boolean;
  /**
   * The same rows written bare (`startSameMovementBaseline`), same load, same pairs, right after:
   * what the machine does for these rows with nothing read, checked or explained.
   */
  sameRows: LoadResult;
  /** Sanbao's req/s ÷ the same rows' req/s: the like-for-like figure (orders' create uses ≥ 0.5). */
  ratio: number;
}

/**
 * Issues to an order (`POST /api/parts/movements`, kind issue, 1 unit) with autocannon, the
 * bodies in turn over `pairs` (depot, part) pairs each first given 100 000 units by a receipt.
 */
export async function movesRound(
  app: SanbaoServer,
  target: DbTarget,
  database: 'pglite' | 'postgres',
  load: { seconds: number; connections: number; warmupSeconds: number; pairs: number },
  log: (m: string) => void,
): Promise<MovesResult> {
  const token = await loginToken(app.url, 'parts', DEMO_PASSWORD);
  // The depot list makes any depot of the org tree that has none yet.
  await fetch(`${app.url}/api/parts/depots`, { headers: { authorization: `Bearer ${token}` } }).then((r) =>
    r.arrayBuffer(),
  );
  const { pairs } = await writePairs(app, target, load.pairs);
  for (const p of pairs) {
    const r = await post(`${app.url}/api/parts/movements`, token, {
      kind: 'receipt',
      ...p,
      quantity: 100_000,
      note: '压测入库',
    });
    if (r.status !== 201) throw new Error(`parts bench: receipt answered ${r.status} ${JSON.stringify(r.body)}`);
  }
  const bodies = pairs.map((p, i) => ({
    kind: 'issue',
    ...p,
    quantity: 1,
    orderId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    note: '压测领用',
  }));
  const spec = { url: app.url, path: '/api/parts/movements', token, bodies };
  if (load.warmupSeconds > 0)
    await runCreateLoad({ ...spec, seconds: load.warmupSeconds, connections: load.connections });
  log(`${database}: issues for ${load.seconds}s × ${load.connections} connections over ${pairs.length} pairs`);
  const result = await runCreateLoad({ ...spec, seconds: load.seconds, connections: load.connections });
  const ok2xx = Object.entries(result.statusCodes).reduce((n, [c, k]) => (c.startsWith('2') ? n + k : n), 0);
  log(
    `${database}: ${r1(result.reqPerSec)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, non2xx ${result.non2xx}`,
  );
  const bare = await startSameMovementBaseline(app.database);
  let sameRows: LoadResult;
  try {
    const bareSpec = { url: bare.url, path: '/same-rows', token, bodies: pairs };
    if (load.warmupSeconds > 0)
      await runCreateLoad({ ...bareSpec, seconds: load.warmupSeconds, connections: load.connections });
    sameRows = await runCreateLoad({ ...bareSpec, seconds: load.seconds, connections: load.connections });
  } finally {
    await bare.close();
  }
  const ratio = sameRows.reqPerSec > 0 ? Math.round((result.reqPerSec / sameRows.reqPerSec) * 100) / 100 : 0;
  log(`${database}: same rows bare ${r1(sameRows.reqPerSec)} req/s, p99 ${sameRows.p99Ms} ms; ratio ${ratio}`);
  return {
    database,
    pairs: pairs.length,
    result,
    ok2xx,
    metTarget: result.reqPerSec >= MOVES_TARGET.reqPerSec && result.p99Ms < MOVES_TARGET.p99Ms && result.non2xx === 0,
    sameRows,
    ratio,
  };
}

export interface RaceResult {
  database: 'pglite' | 'postgres';
  rounds: number;
  concurrent: number;
  units: number;
  successesPerRound: number[];
  conflicts: number;
  otherStatuses: Record<string, number>;
  seconds: number;
  conflictsPerSecond: number;
  exactlyUnitsEveryRound: boolean;
  negativeBalances: number;
  balancesNotLedgerSums: number;
  lastRowNotBalance: number;
}

/** `concurrent` simultaneous issues of one unit each for the last `units` units, `rounds` times. */
export async function raceRound(
  app: SanbaoServer,
  target: DbTarget,
  database: 'pglite' | 'postgres',
  opts: { rounds: number; concurrent: number; units: number },
  log: (m: string) => void,
): Promise<RaceResult> {
  const token = await loginToken(app.url, 'parts', DEMO_PASSWORD);
  const { race } = await writePairs(app, target, 1);
  const url = `${app.url}/api/parts/movements`;
  const successesPerRound: number[] = [];
  const other: Record<string, number> = {};
  let conflicts = 0;
  let ms = 0;
  for (let round = 0; round < opts.rounds; round++) {
    const [before] = await withSession(app.database, target, (q) =>
      q(
        `select (on_hand - reserved)::int as n from stock_balances where depot_id = '${race.depotId}' and part_id = '${race.partId}' and grade = 'good'`,
      ),
    );
    const have = Number(before?.n ?? 0);
    if (have > 0) {
      const r = await post(url, token, { kind: 'adjust', ...race, quantity: -have, note: '压测清零' });
      if (r.status !== 201) throw new Error(`parts race: adjust answered ${r.status} ${JSON.stringify(r.body)}`);
    }
    const r = await post(url, token, { kind: 'receipt', ...race, quantity: opts.units, note: '压测最后几件' });
    if (r.status !== 201) throw new Error(`parts race: receipt answered ${r.status} ${JSON.stringify(r.body)}`);
    const t = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: opts.concurrent }, (_, i) =>
        post(url, token, {
          kind: 'issue',
          ...race,
          quantity: 1,
          orderId: `00000000-0000-4000-9000-${String(round * 1000 + i).padStart(12, '0')}`,
        }).then((x) => x.status),
      ),
    );
    ms += performance.now() - t;
    successesPerRound.push(statuses.filter((s) => s === 201).length);
    for (const s of statuses) {
      if (s === 409) conflicts += 1;
      else if (s !== 201) other[s] = (other[s] ?? 0) + 1;
    }
  }
  const check = await withSession(app.database, target, async (q) => {
    const [neg] = await q(
      'select count(*)::int as n from stock_balances where on_hand < 0 or reserved < 0 or in_transit < 0 or reserved > on_hand',
    );
    const [diff] = await q(`
      select count(*)::int as n from (
        select depot_id, part_id, grade, sum(quantity) as q, sum(reserved_delta) as r, sum(in_transit_delta) as t
        from stock_movements group by depot_id, part_id, grade) m
      full join stock_balances b using (depot_id, part_id, grade)
      where coalesce(m.q, 0) <> coalesce(b.on_hand, 0) or coalesce(m.r, 0) <> coalesce(b.reserved, 0)
         or coalesce(m.t, 0) <> coalesce(b.in_transit, 0)`);
    const [last] = await q(`
      select count(*)::int as n from stock_balances b
      join lateral (select on_hand_after, reserved_after, in_transit_after from stock_movements m
                    where m.depot_id = b.depot_id and m.part_id = b.part_id and m.grade = b.grade
                    order by m.id desc limit 1) l on true
      where l.on_hand_after <> b.on_hand or l.reserved_after <> b.reserved or l.in_transit_after <> b.in_transit`);
    return { negative: Number(neg?.n ?? 0), diff: Number(diff?.n ?? 0), last: Number(last?.n ?? 0) };
  });
  const seconds = ms / 1000;
  const res: RaceResult = {
    database,
    rounds: opts.rounds,
    concurrent: opts.concurrent,
    units: opts.units,
    successesPerRound,
    conflicts,
    otherStatuses: other,
    seconds: r1(seconds),
    conflictsPerSecond: Math.round(conflicts / Math.max(seconds, 1e-3)),
    exactlyUnitsEveryRound: successesPerRound.every((n) => n === opts.units),
    negativeBalances: check.negative,
    balancesNotLedgerSums: check.diff,
    lastRowNotBalance: check.last,
  };
  log(
    `${database}: race ${opts.rounds} × ${opts.concurrent} issues for ${opts.units} units: successes ${[...new Set(successesPerRound)].join('/')} per round, ${res.conflictsPerSecond} conflicts/s; negative ${check.negative}, balances ≠ ledger ${check.diff}, last row ≠ balance ${check.last}`,
  );
  return res;
}

export function formatMovesTable(rows: MovesResult[]): string {
  const head = ['database', 'req/s', 'p50 ms', 'p99 ms', '2xx', 'non2xx', 'target', 'bare req/s', 'bare p99', 'ratio'];
  const body = rows.map((r) => [
    r.database,
    String(r1(r.result.reqPerSec)),
    String(r.result.p50Ms),
    String(r.result.p99Ms),
    String(r.ok2xx),
    String(r.result.non2xx),
    r.database === 'postgres' ? (r.metTarget ? 'met' : 'MISSED') : '—',
    String(r1(r.sameRows.reqPerSec)),
    String(r.sameRows.p99Ms),
    String(r.ratio),
  ]);
  return [head, ...body].map((l) => l.map((c, i) => c.padEnd(i === 0 ? 10 : 8)).join('  ')).join('\n');
}

export function formatRaceTable(rows: RaceResult[]): string {
  const head = ['database', 'rounds', 'successes/round', 'conflicts/s', 'negative', '≠ ledger', '≠ last row'];
  const body = rows.map((r) => [
    r.database,
    String(r.rounds),
    [...new Set(r.successesPerRound)].join('/'),
    String(r.conflictsPerSecond),
    String(r.negativeBalances),
    String(r.balancesNotLedgerSums),
    String(r.lastRowNotBalance),
  ]);
  return [head, ...body].map((l) => l.map((c, i) => c.padEnd(i === 0 ? 10 : 12)).join('  ')).join('\n');
}

/**
 * "Same rows, bare" for an issue (bench/README.md, "Parts"): a bare Fastify handler that writes
 * what one `POST /api/parts/movements` issue writes — the balance's conditional update (the same
 * never-negative conditions, returning the balance after), the ledger row and the audit event,
 * copied from an issue Sanbao wrote, with fresh values — in one hand-written transaction on
 * Sanbao's own database (same schema, indexes, constraints). Nothing is authenticated, validated,
 * scoped, looked up or explained; the body names the (depot, part) pair.
 */
export async function startSameMovementBaseline(database: Database): Promise<{ url: string; close(): Promise<void> }> {
  type Query = (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  const read: Query = database.lite
    ? (text, params) => database.lite!.query(text, params)
    : (text, params) => database.pool!.query(text, params);
  const one = async (text: string) => JSON.parse(String((await read(text)).rows[0]!.j));
  const ledger = await one(
    "select row_to_json(m)::text as j from stock_movements m where kind = 'issue' order by id desc limit 1",
  );
  const event = await one(
    "select row_to_json(e)::text as j from events e where action = 'stock.issue' order by at desc limit 1",
  );
  const columns = async (table: string) =>
    (
      await read(
        `select column_name as c from information_schema.columns
         where table_name = '${table}' and column_name <> 'id' order by ordinal_position`,
      )
    ).rows
      .map((r) => `"${String(r.c)}"`)
      .join(', ');
  const ledgerCols = await columns('stock_movements');
  const eventCols = await columns('events');
  const update = `update stock_balances set on_hand = on_hand - 1, updated_at = now()
    where depot_id = $1 and part_id = $2 and grade = 'good'
      and on_hand::bigint - 1 between 0 and 2147483647 and reserved::bigint <= on_hand::bigint - 1
    returning on_hand, reserved, in_transit`;
  const insertLedger = `insert into stock_movements (${ledgerCols})
    select ${ledgerCols} from json_populate_record(null::stock_movements, $1::json) returning id`;
  const insertEvent = `insert into events (${eventCols}) select ${eventCols} from json_populate_record(null::events, $1::json)`;
  type Tx = { query: Query };
  const write = async (tx: Tx, body: { depotId: string; partId: string }) => {
    const [after] = (await tx.query(update, [body.depotId, body.partId])).rows;
    if (!after) throw new Error('same rows: no stock');
    const at = new Date().toISOString();
    const [row] = (
      await tx.query(insertLedger, [
        JSON.stringify({
          ...ledger,
          at,
          depot_id: body.depotId,
          part_id: body.partId,
          order_id: randomUUID(),
          on_hand_after: after.on_hand,
          reserved_after: after.reserved,
          in_transit_after: after.in_transit,
        }),
      ])
    ).rows;
    await tx.query(insertEvent, [
      JSON.stringify({
        ...event,
        at,
        entity_id: body.depotId,
        changes: { ...event.changes, movementIds: { to: [row!.id] } },
      }),
    ]);
  };
  const app = Fastify({ logger: false });
  app.post('/same-rows', async (req) => {
    const body = req.body as { depotId: string; partId: string };
    if (database.lite) {
      await database.lite.transaction((tx) => write(tx as unknown as Tx, body));
    } else {
      const c = await database.pool!.connect();
      try {
        await c.query('begin');
        await write(c as unknown as Tx, body);
        await c.query('commit');
      } catch (err) {
        await c.query('rollback').catch(() => {});
        throw err;
      } finally {
        c.release();
      }
    }
    return { ok: true };
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
}
