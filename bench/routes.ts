import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSolution, type Problem, solve } from '../server/modules/planning/index.js';
import { parseSolomon, solomonProblem } from '../server/modules/planning/solver/solomon.js';
import { codeVersion, loadAvg, machineFacts, writeResults } from './report.js';

/*
 * `npm run bench -- routes`: the route optimiser on the Solomon 100-customer and the first Gehring &
 * Homberger 200-customer VRPTW instances, against the best-known solutions and VROOM 1.14.0's
 * reference run (/work/shared/data/README.md). Every instance is solved in this one thread, one
 * after the other, and every plan goes through the independent checker before it counts.
 *
 * Runs:
 * - `d1`, `d10`: distance only (DIMACS: arcs truncated to one decimal), fleet of 25, 1 s and 10 s,
 *   gap to bks-dimacs.csv;
 * - `h10`: hierarchical (fewest vehicles, then distance, exact arcs), 10 s, against bks.csv;
 * - `g30`: the same on the Homberger 200-customer instances, 30 s.
 * Environment: BENCH_ROUTES_DATA (the data folder, default ../shared/data from the repo root),
 * BENCH_ROUTES_RUNS (e.g. `d1,h10`), BENCH_ROUTES_ONLY (instance names or prefixes, e.g. `r1,c101`),
 * BENCH_ROUTES_SCALE (multiplies every time limit: 0.2 for a quick turn; results then go to
 * `routes-reduced-…`), BENCH_ROUTES_SEED (default 1).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = resolve(process.env.BENCH_ROUTES_DATA ?? join(ROOT, '../shared/data'));
const RESULTS = join(ROOT, 'bench/results');
const SCALE = Number(process.env.BENCH_ROUTES_SCALE ?? 1) || 1;
const SEED = Number(process.env.BENCH_ROUTES_SEED ?? 1) || 1;
const ONLY = (process.env.BENCH_ROUTES_ONLY ?? '')
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean);

interface RunSpec {
  readonly key: string;
  readonly title: string;
  readonly set: 'solomon' | 'homberger';
  readonly objective: 'distance' | 'hierarchical';
  readonly ms: number;
}

const RUNS: readonly RunSpec[] = [
  { key: 'd1', title: 'Solomon, distance only (DIMACS), 1 s', set: 'solomon', objective: 'distance', ms: 1000 },
  { key: 'd10', title: 'Solomon, distance only (DIMACS), 10 s', set: 'solomon', objective: 'distance', ms: 10_000 },
  { key: 'h10', title: 'Solomon, hierarchical, 10 s', set: 'solomon', objective: 'hierarchical', ms: 10_000 },
  { key: 'g30', title: 'Homberger 200, hierarchical, 30 s', set: 'homberger', objective: 'hierarchical', ms: 30_000 },
];
const chosenRuns = (process.env.BENCH_ROUTES_RUNS ?? RUNS.map((r) => r.key).join(',')).split(',').map((s) => s.trim());

interface Row {
  readonly instance: string;
  readonly cls: string;
  readonly bksVehicles: number;
  readonly bksDistance: number;
  readonly vehicles: number;
  readonly distance: number;
  readonly gapPct: number;
  readonly ms: number;
  readonly iterations: number;
  readonly unassigned: number;
  readonly feasible: boolean;
  readonly violations: readonly string[];
}

const csv = (path: string) =>
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim().length > 0)
    .map((l) => l.split(','));

function bks(path: string): Map<string, { vehicles: number; distance: number }> {
  return new Map(csv(path).map((f) => [f[0]!, { vehicles: Number(f[1]), distance: Number(f[2]) }]));
}

/** c1, c2, r1, r2, rc1, rc2 from an instance name (c101, rc2_2_1). */
const classOf = (name: string) => /^([a-z]+)(\d)/.exec(name)?.slice(1, 3).join('') ?? name;

const mean = (xs: readonly number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

function runOne(spec: RunSpec): { spec: RunSpec; rows: Row[] } {
  const dir = join(DATA, spec.set);
  const best = bks(join(dir, spec.objective === 'distance' ? 'bks-dimacs.csv' : 'bks.csv'));
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -4))
    .filter((n) => ONLY.length === 0 || ONLY.some((o) => n.startsWith(o)))
    .sort();
  const rows: Row[] = [];
  const ms = Math.round(spec.ms * SCALE);
  for (const name of names) {
    const b = best.get(name);
    if (!b) continue;
    const inst = parseSolomon(readFileSync(join(dir, `${name}.txt`), 'utf8'));
    // The distance-only runs use the fleet of 25 the VROOM reference used (the instance's own).
    const problem: Problem = solomonProblem(
      inst,
      spec.objective === 'distance' ? { kind: 'euclidean', decimals: 1 } : { kind: 'euclidean' },
    );
    const t0 = performance.now();
    const s = solve(problem, { timeLimitMs: ms, seed: SEED, minimiseVehicles: spec.objective === 'hierarchical' });
    const took = performance.now() - t0;
    const c = checkSolution(problem, s);
    const row: Row = {
      instance: name,
      cls: classOf(name),
      bksVehicles: b.vehicles,
      bksDistance: b.distance,
      vehicles: c.vehicles,
      distance: Math.round(c.travelTime * 100) / 100,
      gapPct: ((c.travelTime - b.distance) / b.distance) * 100,
      ms: Math.round(took),
      iterations: s.iterations,
      unassigned: c.unassigned,
      feasible: c.feasible && c.unassigned === 0,
      violations: c.violations.slice(0, 5),
    };
    rows.push(row);
    console.log(
      `[routes ${spec.key}] ${name}: ${row.vehicles} veh (bks ${b.vehicles}), ${row.distance} (bks ${b.distance}), gap ${row.gapPct.toFixed(2)} %, ${row.ms} ms, ${row.iterations} it${row.feasible ? '' : ' INFEASIBLE'}`,
    );
  }
  return { spec, rows };
}

function summarise(rows: readonly Row[]) {
  const classes = [...new Set(rows.map((r) => r.cls))];
  const one = (rs: readonly Row[]) => ({
    instances: rs.length,
    meanGapPct: round(mean(rs.map((r) => r.gapPct))),
    meanMs: Math.round(mean(rs.map((r) => r.ms))),
    meanVehiclesAboveBks: round(mean(rs.map((r) => r.vehicles - r.bksVehicles))),
    vehiclesAboveBksPct: round(
      (100 * rs.reduce((a, r) => a + r.vehicles - r.bksVehicles, 0)) / rs.reduce((a, r) => a + r.bksVehicles, 0),
    ),
    atBksVehicles: rs.filter((r) => r.vehicles <= r.bksVehicles).length,
    feasible: rs.filter((r) => r.feasible).length,
  });
  return {
    overall: one(rows),
    byClass: Object.fromEntries(classes.map((c) => [c, one(rows.filter((r) => r.cls === c))])),
  };
}

const round = (x: number) => Math.round(x * 100) / 100;

/** VROOM 1.14.0's reference (x5 and x1) against the DIMACS BKS, per class and overall. */
function vroomReference() {
  const best = bks(join(DATA, 'solomon/bks-dimacs.csv'));
  const rows = csv(join(DATA, 'solomon/reference-vroom-1.14.0.csv')).map((f) => {
    const b = best.get(f[0]!)!.distance;
    return {
      cls: classOf(f[0]!),
      gap5: ((Number(f[3]) - b) / b) * 100,
      ms5: Number(f[4]),
      gap1: ((Number(f[7]) - b) / b) * 100,
      ms1: Number(f[8]),
    };
  });
  const one = (rs: typeof rows) => ({
    x5: { meanGapPct: round(mean(rs.map((r) => r.gap5))), meanMs: Math.round(mean(rs.map((r) => r.ms5))) },
    x1: { meanGapPct: round(mean(rs.map((r) => r.gap1))), meanMs: Math.round(mean(rs.map((r) => r.ms1))) },
  });
  const classes = [...new Set(rows.map((r) => r.cls))];
  return {
    overall: one(rows),
    byClass: Object.fromEntries(classes.map((c) => [c, one(rows.filter((r) => r.cls === c))])),
  };
}

function markdown(runs: { spec: RunSpec; rows: Row[] }[], startedAt: Date): string {
  const out: string[] = [`# Route optimiser benchmark, ${startedAt.toISOString()}`, ''];
  out.push(`Seed ${SEED}, time limits × ${SCALE}, one thread. Gap = (distance − BKS) / BKS.`, '');
  for (const { spec, rows } of runs) {
    const s = summarise(rows);
    out.push(`## ${spec.title}`, '');
    out.push(
      '| class | instances | mean gap % | mean vehicles above BKS | mean ms | feasible |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const [c, v] of [...Object.entries(s.byClass), ['all', s.overall] as const]) {
      out.push(`| ${c} | ${v.instances} | ${v.meanGapPct} | ${v.meanVehiclesAboveBks} | ${v.meanMs} | ${v.feasible} |`);
    }
    out.push(
      '',
      '| instance | vehicles | BKS vehicles | distance | BKS distance | gap % | ms | iterations | feasible |',
    );
    out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of rows) {
      out.push(
        `| ${r.instance} | ${r.vehicles} | ${r.bksVehicles} | ${r.distance} | ${r.bksDistance} | ${r.gapPct.toFixed(2)} | ${r.ms} | ${r.iterations} | ${r.feasible ? 'yes' : `NO: ${r.violations.join('; ')}`} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

export function routesBenchmark(): void {
  const startedAt = new Date();
  const runs = RUNS.filter((r) => chosenRuns.includes(r.key)).map(runOne);
  const reduced = SCALE !== 1 || ONLY.length > 0;
  const name = reduced ? 'routes-reduced' : 'routes';
  const report = {
    benchmark: name,
    startedAt: startedAt.toISOString(),
    code: codeVersion(),
    machine: machineFacts(),
    loadAvgAfter: loadAvg(),
    data: DATA,
    seed: SEED,
    timeScale: SCALE,
    runs: runs.map(({ spec, rows }) => ({
      ...spec,
      ms: Math.round(spec.ms * SCALE),
      summary: summarise(rows),
      rows,
    })),
    vroom: vroomReference(),
  };
  for (const p of writeResults(report, startedAt, name)) console.log(`[routes] wrote ${p}`);
  const md = markdown(runs, startedAt);
  for (const f of [`${name}-${startedAt.toISOString().slice(0, 10)}.md`, `latest-${name}.md`]) {
    const path = join(RESULTS, f);
    writeFileSync(`${path}.tmp`, md);
    renameSync(`${path}.tmp`, path);
    console.log(`[routes] wrote ${path}`);
  }
  for (const { spec, rows } of runs) {
    const s = summarise(rows).overall;
    console.log(
      `[routes] ${spec.title}: mean gap ${s.meanGapPct} %, vehicles above BKS ${s.meanVehiclesAboveBks}, ${s.meanMs} ms, feasible ${s.feasible}/${s.instances}`,
    );
  }
}
