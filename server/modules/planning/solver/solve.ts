import { compile, endLoc, type Model, startLoc } from './model.js';
import type { Problem, Route, Solution, SolveOptions, Stop } from './problem.js';
import { localScratch, localSearch } from './local.js';
import { Random } from './random.js';
import { recreate } from './recreate.js';
import { Routes } from './routes.js';
import { ruin, ruinScratch } from './ruin.js';

/*
 * The solver: ruin and recreate (SISR) under simulated annealing. Every iteration cuts strings of
 * visits from a few neighbouring routes and reinserts them greedily; the result is accepted when it
 * is better than the current one by more than a random threshold that shrinks with the temperature.
 * Feasibility is never relaxed: every inserted visit keeps all windows, the shift, the break, the
 * certification, the parts and the loads (routes.ts), so any state is a valid plan and a time limit
 * can stop the search at any moment.
 *
 * With `minimiseVehicles` the search first empties routes one at a time (the fleet phase: a route's
 * visits are put aside and the search, forbidden new routes, tries to place them all, preferring the
 * visits that were left out most often), then anneals the travel with that many routes.
 */

/** With `minimiseVehicles`: travel first until this share of the budget, the fleet phase until the next. */
const PRE_SHARE = 0.2;
const FLEET_END = 0.6;

export function solve(problem: Problem, options: SolveOptions): Solution {
  const m = compile(problem);
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const limit = Math.max(0, options.timeLimitMs);
  const maxIt = options.maxIterations ?? Number.POSITIVE_INFINITY;
  const rng = new Random(options.seed);
  const sc = ruinScratch(m.J, m.V);
  const keys = new Float64Array(m.J);
  const all = new Uint8Array(m.V).fill(1);
  const useLocal = options.localSearch ?? true;

  const cur = new Routes(m);
  const work = new Routes(m);
  const best = new Routes(m);
  const lsc = localScratch(cur);
  // The first plan: every visit inserted greedily into an empty plan.
  recreate(cur, rng, sc, all, keys);
  clearScratch(sc);
  work.copyFrom(cur);
  best.copyFrom(cur);
  let iterations = 0;
  const elapsed = () => clock() - started;

  /** Anneals from `cur` until `share` of the budget is spent, using the routes `allowed`; `best` keeps the best. */
  const anneal = (allowed: Uint8Array, share: number) => {
    // Temperatures scale with the travel per visit of the plan, so minutes and kilometres alike work.
    const perVisit = Math.max(1e-3, cur.routesCost() / Math.max(1, m.J));
    const T0 = 2 * perVisit;
    const Tf = 0.02 * perVisit;
    let curCost = total(cur);
    let bestCost = curCost;
    const it0 = iterations;
    const t0 = elapsed();
    const itEnd = maxIt * share;
    const tEnd = limit * share;
    while (iterations < itEnd && elapsed() < tEnd) {
      iterations++;
      const frac = Math.min(
        1,
        Math.max(
          Number.isFinite(maxIt) ? (iterations - it0) / Math.max(1, itEnd - it0) : 0,
          (elapsed() - t0) / Math.max(1, tEnd - t0),
        ),
      );
      const T = T0 * (Tf / T0) ** frac;
      ruin(work, rng, sc);
      recreate(work, rng, sc, allowed, keys);
      const cost = total(work);
      if (cost < curCost - T * Math.log(rng.next())) {
        for (const v of sc.touchedList) cur.copyRoute(work, v);
        curCost = cost;
        if (cost < bestCost - 1e-9) {
          // A new best: descend from it with the local search, and go on from there.
          if (useLocal && localSearch(cur, lsc, allowed)) {
            curCost = total(cur);
            work.copyFrom(cur);
          }
          bestCost = curCost;
          best.copyFrom(cur);
        }
      } else {
        for (const v of sc.touchedList) work.copyRoute(cur, v);
      }
      clearScratch(sc);
    }
  };

  if (options.minimiseVehicles && missingCount(cur) === 0) {
    // Shorter travel first, with every technician free: on clustered instances the fleet phase then
    // starts from well-formed clusters, and the last phase, held to the fleet it found, need not
    // repair clusters split while routes were being emptied (it seldom can with no spare route).
    anneal(all, PRE_SHARE);
    cur.copyFrom(best);
    work.copyFrom(cur);
    const allowed = fleetPhase(m, cur, work, rng, sc, keys, () => {
      iterations++;
      return iterations >= maxIt * FLEET_END || elapsed() >= limit * FLEET_END;
    });
    work.copyFrom(cur);
    best.copyFrom(cur);
    anneal(allowed, 1);
  } else {
    anneal(all, 1);
  }
  return output(problem, m, best, iterations);
}

/** Travel and lateness of the routes plus the penalty of every unassigned visit. */
function total(s: Routes): number {
  let c = s.routesCost();
  for (let j = 0; j < s.m.J; j++) if (s.routeOf[j]! < 0) c += s.m.missPenalty[j]!;
  return c;
}

function missingCount(s: Routes): number {
  let n = 0;
  for (let j = 0; j < s.m.J; j++) if (s.routeOf[j]! < 0) n++;
  return n;
}

function clearScratch(sc: ReturnType<typeof ruinScratch>): void {
  for (const j of sc.pool) sc.removed[j] = 0;
  sc.pool.length = 0;
  for (const v of sc.touchedList) sc.touched[v] = 0;
  sc.touchedList.length = 0;
}

/**
 * Empties routes one at a time while the rest can absorb their visits (SISR's fleet minimisation:
 * accept a rebuild that leaves fewer visits out, or the same number with a lower total of how often
 * each was left out before). Leaves `cur` at the plan with the fewest routes that serves every visit
 * and returns the routes it may use.
 */
function fleetPhase(
  m: Model,
  cur: Routes,
  work: Routes,
  rng: Random,
  sc: ReturnType<typeof ruinScratch>,
  keys: Float64Array,
  done: () => boolean,
): Uint8Array {
  const allowed = new Uint8Array(m.V);
  for (let v = 0; v < m.V; v++) allowed[v] = cur.jobs[v]! > 0 ? 1 : 0;
  const absences = new Float64Array(m.J);
  const full = new Routes(m);
  full.copyFrom(cur);
  const fullAllowed = allowed.slice();
  const absenceSum = (s: Routes) => {
    let a = 0;
    for (let j = 0; j < m.J; j++) if (s.routeOf[j]! < 0) a += absences[j]!;
    return a;
  };
  const dropSmallest = () => {
    let pick = -1;
    for (let v = 0; v < m.V; v++) {
      if (allowed[v] && cur.jobs[v]! > 0 && (pick < 0 || cur.jobs[v]! < cur.jobs[pick]!)) pick = v;
    }
    if (pick < 0) return false;
    const base = pick * cur.S;
    let w = 0;
    for (let i = 0; i < cur.len[pick]!; i++) {
      const x = cur.seq[base + i]!;
      if (x < m.J) cur.routeOf[x] = -1;
      else cur.seq[base + w++] = x;
    }
    cur.len[pick] = w;
    cur.refresh(pick);
    allowed[pick] = 0;
    work.copyFrom(cur);
    return true;
  };
  let used = fullAllowed.reduce((a, b) => a + b, 0);
  if (used <= 1 || !dropSmallest()) return fullAllowed;
  let missing = missingCount(cur);
  let absent = absenceSum(cur);
  while (!done()) {
    ruin(work, rng, sc);
    recreate(work, rng, sc, allowed, keys);
    const miss = missingCount(work);
    const abs = absenceSum(work);
    if (miss < missing || (miss === missing && abs < absent)) {
      for (const v of sc.touchedList) cur.copyRoute(work, v);
      missing = miss;
      absent = abs;
    } else {
      for (const v of sc.touchedList) work.copyRoute(cur, v);
    }
    clearScratch(sc);
    for (let j = 0; j < m.J; j++) if (work.routeOf[j]! < 0) absences[j]!++;
    if (missing === 0) {
      full.copyFrom(cur);
      fullAllowed.set(allowed);
      used--;
      if (used <= 1 || !dropSmallest()) break;
      missing = missingCount(cur);
      absent = absenceSum(cur);
    }
  }
  cur.copyFrom(full);
  return fullAllowed;
}

/** The plan as the caller's ids and times: each route's earliest schedule. */
function output(problem: Problem, m: Model, s: Routes, iterations: number): Solution {
  const routes: Route[] = [];
  let travel = 0;
  let lateness = 0;
  let vehicles = 0;
  for (let v = 0; v < m.V; v++) {
    if (s.jobs[v]! === 0) continue;
    if (!s.feasible(v)) throw new Error(`internal: route ${v} lost its feasibility`);
    vehicles++;
    const base = v * s.S;
    const n = s.len[v]!;
    const stops: Stop[] = [];
    let brk: { start: number; end: number } | undefined;
    let t = m.shiftStart[v]!;
    let at = startLoc(m, v);
    let driven = 0;
    let departure = t;
    for (let i = 0; i < n; i++) {
      const x = s.seq[base + i]!;
      const lx = m.loc[x]!;
      if (lx < 0) {
        const start = Math.max(t, m.early[x]!);
        brk = { start, end: start + m.service[x]! };
        t = brk.end;
        continue;
      }
      const leg = m.time[at * m.L + lx]!;
      const arrival = t + leg;
      const start = Math.max(arrival, m.early[x]!);
      if (stops.length === 0 && !brk) {
        // Leave home no earlier than needed for the first visit.
        departure = start - leg;
      }
      stops.push({
        jobId: problem.jobs[x]!.id,
        arrival: stops.length === 0 && !brk ? start : arrival,
        start,
        end: start + m.service[x]!,
      });
      if (x < m.J && start > m.softEnd[x]!) lateness += start - m.softEnd[x]!;
      driven += leg;
      t = start + m.service[x]!;
      at = lx;
    }
    const back = m.time[at * m.L + endLoc(m, v)]!;
    driven += back;
    travel += driven;
    routes.push({
      vehicleId: problem.vehicles[v]!.id,
      departure,
      stops,
      ...(brk ? { break: brk } : {}),
      returnAt: t + back,
      travelTime: driven,
    });
  }
  const unassigned: string[] = [];
  let unassignedPriority = 0;
  for (let j = 0; j < m.J; j++) {
    if (s.routeOf[j]! >= 0) continue;
    unassigned.push(problem.jobs[j]!.id);
    unassignedPriority += problem.jobs[j]!.priority ?? 1;
  }
  return {
    routes,
    unassigned,
    cost: { unassigned: unassigned.length, unassignedPriority, lateness, travelTime: travel, vehicles },
    iterations,
  };
}
