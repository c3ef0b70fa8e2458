import type { Routes } from './routes.js';

/*
 * Local search: a descent over moves between two routes, each judged in O(1) from the routes' prefix
 * and suffix summaries (routes.ts) — relocate (one visit next to a neighbour in another route), swap
 * (two visits trade routes), or-opt (a string of 2–3 consecutive visits moves next to a neighbour) and
 * 2-opt* (two routes exchange their tails). Only pairs of a visit and one of its nearest neighbours are
 * tried. A move that shortens the travel is then checked for the loads, eligibility (certification,
 * pinning) and parts — the van's and the outlet's shared stock — by walking the two new routes, applied,
 * and kept only when both routes are feasible and their cost (lateness included) fell. Deterministic:
 * no randomness, a fixed order of visits, neighbours and moves.
 */

/** Nearest neighbours tried per visit. */
const NEIGHBOURS = 10;
/** Passes over all visits at most (each pass stops early once nothing improves). */
const MAX_PASSES = 20;
const EPS = 1e-7;

export interface LocalScratch {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly oldA: Int32Array;
  readonly oldB: Int32Array;
  readonly parts: Float64Array;
}

export function localScratch(state: Routes): LocalScratch {
  return {
    a: new Int32Array(state.S),
    b: new Int32Array(state.S),
    oldA: new Int32Array(state.S),
    oldB: new Int32Array(state.S),
    parts: new Float64Array(2 * state.m.P),
  };
}

/*
 * A candidate pair of routes: route r1 becomes r1's first p1 nodes + mid1 + route s1's nodes from k1;
 * route r2 likewise. mid lists hold up to three jobs.
 */
const mid1 = new Int32Array(3);
const mid2 = new Int32Array(3);
let n1 = 0;
let n2 = 0;

/** Travel of one candidate route (0 when it has no job), +Infinity when infeasible in time. */
function candidateCost(
  st: Routes,
  r: number,
  p: number,
  mid: Int32Array,
  n: number,
  s: number,
  k: number,
  jobs: number,
): number {
  if (jobs === 0) return 0;
  let at = st.evalStart(r, p);
  for (let i = 0; i < n; i++) {
    at = st.evalAdd(at, mid[i]!);
    if (st.evalBroken()) return Number.POSITIVE_INFINITY;
  }
  return st.evalEnd(at, s, k);
}

/** Jobs among route v's first p nodes. */
const jobsBefore = (st: Routes, v: number, p: number) => p - (st.breakAt[v]! >= 0 && st.breakAt[v]! < p ? 1 : 0);

/** Writes candidate route r (its first p nodes, mid, s's nodes from k) into buf; returns its length. */
function build(st: Routes, buf: Int32Array, r: number, p: number, mid: Int32Array, n: number, s: number, k: number) {
  const J = st.m.J;
  let w = 0;
  const br = r * st.S;
  for (let i = 0; i < p; i++) buf[w++] = st.seq[br + i]!;
  for (let i = 0; i < n; i++) buf[w++] = mid[i]!;
  const bs = s * st.S;
  for (let i = k; i < st.len[s]!; i++) buf[w++] = st.seq[bs + i]!;
  // A tail from another route of the same class brings that route's break: it becomes r's own.
  for (let i = 0; i < w; i++) if (buf[i]! >= J) buf[i] = J + r;
  return w;
}

/** Loads, eligibility and parts of the two candidate routes in buffers a (route r1) and b (route r2). */
function valid(st: Routes, sc: LocalScratch, r1: number, la: number, r2: number, lb: number): boolean {
  const m = st.m;
  const J = m.J;
  const P = m.P;
  const parts = sc.parts;
  if (P > 0) parts.fill(0);
  for (let side = 0; side < 2; side++) {
    const v = side === 0 ? r1 : r2;
    const buf = side === 0 ? sc.a : sc.b;
    const len = side === 0 ? la : lb;
    let jobs = 0;
    let units = 0;
    let work = 0;
    for (let i = 0; i < len; i++) {
      const x = buf[i]!;
      if (x >= J) continue;
      if (!m.eligible[x * m.V + v]) return false;
      jobs++;
      units += m.demand[x]!;
      work += m.service[x]!;
      for (let k = m.jobPartsStart[x]!; k < m.jobPartsStart[x + 1]!; k++) {
        parts[side * P + m.jobParts[2 * k]!]! += m.jobParts[2 * k + 1]!;
      }
    }
    if (jobs > m.capJobs[v]! || units > m.capUnits[v]! + EPS || work > m.capWork[v]! + EPS) return false;
  }
  for (let p = 0; p < P; p++) {
    let outlet = st.depotUse[p]! - st.depotDraw(r1, p) - st.depotDraw(r2, p);
    for (let side = 0; side < 2; side++) {
      const v = side === 0 ? r1 : r2;
      const over = parts[side * P + p]! - m.stock[v * P + p]!;
      if (over <= EPS) continue;
      if (!m.depotAccess[v]) return false;
      outlet += over;
    }
    if (outlet > m.depotStock[p]! + EPS) return false;
  }
  return true;
}

/**
 * Applies the candidate held in mid1/mid2 (see `candidateCost`) when its loads and parts hold, and
 * keeps it when both routes are feasible and cheaper than before. Returns whether it was kept.
 */
function apply(
  st: Routes,
  sc: LocalScratch,
  r1: number,
  p1: number,
  s1: number,
  k1: number,
  r2: number,
  p2: number,
  s2: number,
  k2: number,
): boolean {
  const la = build(st, sc.a, r1, p1, mid1, n1, s1, k1);
  const lb = build(st, sc.b, r2, p2, mid2, n2, s2, k2);
  if (!valid(st, sc, r1, la, r2, lb)) return false;
  const before = st.cost[r1]! + st.cost[r2]!;
  const S = st.S;
  const o1 = st.len[r1]!;
  const o2 = st.len[r2]!;
  sc.oldA.set(st.seq.subarray(r1 * S, r1 * S + o1));
  sc.oldB.set(st.seq.subarray(r2 * S, r2 * S + o2));
  st.seq.set(sc.a.subarray(0, la), r1 * S);
  st.len[r1] = la;
  st.seq.set(sc.b.subarray(0, lb), r2 * S);
  st.len[r2] = lb;
  st.refresh(r1);
  st.refresh(r2);
  if (st.feasible(r1) && st.feasible(r2) && st.cost[r1]! + st.cost[r2]! < before - EPS) return true;
  st.seq.set(sc.oldA.subarray(0, o1), r1 * S);
  st.len[r1] = o1;
  st.seq.set(sc.oldB.subarray(0, o2), r2 * S);
  st.len[r2] = o2;
  st.refresh(r1);
  st.refresh(r2);
  return false;
}

/** Tries the moves between visit u and its neighbour x (in another route); applies the first that improves. */
function tryPair(st: Routes, sc: LocalScratch, u: number, x: number): boolean {
  const m = st.m;
  const J = m.J;
  const ru = st.routeOf[u]!;
  const rx = st.routeOf[x]!;
  const iu = st.posOf[u]!;
  const ix = st.posOf[x]!;
  const old = st.cost[ru]! + st.cost[rx]!;
  const ju = st.jobs[ru]!;
  const jx = st.jobs[rx]!;
  const improves = (c: number) => c < old - EPS;

  // Relocate u, or the string of 2–3 visits starting at u, before or after x.
  for (let len = 1; len <= 3; len++) {
    if (iu + len > st.len[ru]!) break;
    const lastOfString = st.seq[ru * st.S + iu + len - 1]!;
    if (lastOfString >= J) break;
    n1 = 0;
    const without = candidateCost(st, ru, iu, mid1, 0, ru, iu + len, ju - len);
    if (without === Number.POSITIVE_INFINITY) continue;
    for (let i = 0; i < len; i++) mid2[i] = st.seq[ru * st.S + iu + i]!;
    n2 = len;
    for (let side = 0; side < 2; side++) {
      const at = ix + side;
      const c = without + candidateCost(st, rx, at, mid2, len, rx, at, jx + len);
      if (improves(c) && apply(st, sc, ru, iu, ru, iu + len, rx, at, rx, at)) return true;
    }
  }

  // Swap u and x.
  mid1[0] = x;
  n1 = 1;
  mid2[0] = u;
  n2 = 1;
  const a = candidateCost(st, ru, iu, mid1, 1, ru, iu + 1, ju);
  if (a !== Number.POSITIVE_INFINITY) {
    const c = a + candidateCost(st, rx, ix, mid2, 1, rx, ix + 1, jx);
    if (improves(c) && apply(st, sc, ru, iu, ru, iu + 1, rx, ix, rx, ix + 1)) return true;
  }

  // 2-opt*: u is followed by x and the rest of x's route; x's predecessors by the rest of u's route.
  if (m.endClass[ru] === m.endClass[rx]) {
    const bu = st.breakAt[ru]!;
    const bx = st.breakAt[rx]!;
    // Each new route must end up with exactly one break (or none, as the class has).
    const breaksInFirst = (bu >= 0 && bu <= iu ? 1 : 0) + (bx >= ix ? 1 : 0);
    if (breaksInFirst === (bu >= 0 ? 1 : 0)) {
      n1 = 0;
      n2 = 0;
      const headU = jobsBefore(st, ru, iu + 1);
      const headX = jobsBefore(st, rx, ix);
      const first = candidateCost(st, ru, iu + 1, mid1, 0, rx, ix, headU + jx - headX);
      if (first !== Number.POSITIVE_INFINITY) {
        const c = first + candidateCost(st, rx, ix, mid2, 0, ru, iu + 1, headX + ju - headU);
        if (improves(c) && apply(st, sc, ru, iu + 1, rx, ix, rx, ix, ru, iu + 1)) return true;
      }
    }
  }
  return false;
}

/**
 * Descends from the plan in `st` with the moves above until none improves (or MAX_PASSES passes);
 * moves only between routes that are both allowed. Returns whether anything changed.
 */
export function localSearch(st: Routes, sc: LocalScratch, allowed: Uint8Array): boolean {
  const m = st.m;
  const J = m.J;
  if (J < 2) return false;
  const K = Math.min(NEIGHBOURS, J - 1);
  let changed = false;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let improved = false;
    for (let u = 0; u < J; u++) {
      for (let k = 0; k < K; k++) {
        const ru = st.routeOf[u]!;
        if (ru < 0) break;
        const x = m.near[u * (J - 1) + k]!;
        const rx = st.routeOf[x]!;
        if (rx < 0 || rx === ru || !allowed[ru] || !allowed[rx]) continue;
        if (tryPair(st, sc, u, x)) improved = true;
      }
    }
    if (!improved) break;
    changed = true;
  }
  return changed;
}
