import type { Random } from './random.js';
import type { Routes } from './routes.js';

/*
 * Ruin: slack induction by string removals (Christiaens & Vanden Berghe, 2020). Strings of
 * consecutive visits are cut from a few routes that lie near one seed visit, so the rebuild can
 * reorder a whole neighbourhood at once; a "split string" keeps a middle part, which lets visits
 * from elsewhere slip in between.
 */

export interface RuinScratch {
  readonly removed: Uint8Array;
  readonly touched: Uint8Array;
  readonly touchedList: number[];
  readonly pool: number[];
  readonly jobsOfRoute: number[];
}

export function ruinScratch(J: number, V: number): RuinScratch {
  return { removed: new Uint8Array(J), touched: new Uint8Array(V), touchedList: [], pool: [], jobsOfRoute: [] };
}

/** Mean number of visits removed per ruin. */
const AVG_REMOVED = 10;
const MAX_STRING = 10;

export function ruin(state: Routes, rng: Random, sc: RuinScratch): void {
  const m = state.m;
  const J = m.J;
  let assigned = 0;
  let used = 0;
  for (let v = 0; v < m.V; v++) {
    assigned += state.jobs[v]!;
    if (state.jobs[v]! > 0) used++;
  }
  if (assigned === 0) return;
  const cbar = Math.min(AVG_REMOVED, Math.max(1, J / 4));
  const lsMax = Math.min(MAX_STRING, assigned / used);
  // At least two routes now and then, or visits could never trade places between routes on small plans.
  const ksMax = Math.max(2, (4 * cbar) / (1 + lsMax) - 1);
  const ks = Math.floor(rng.next() * ksMax) + 1;
  // A random assigned seed.
  let seed = rng.int(J);
  while (state.routeOf[seed]! < 0) seed = (seed + 1) % J;
  let ruined = 0;
  const js = sc.jobsOfRoute;
  for (let k = -1; k < J - 1 && ruined < ks; k++) {
    const c = k < 0 ? seed : m.near[seed * (J - 1) + k]!;
    const v = state.routeOf[c]!;
    if (v < 0 || sc.touched[v]) continue;
    js.length = 0;
    const base = v * state.S;
    let pos = 0;
    for (let i = 0; i < state.len[v]!; i++) {
      const x = state.seq[base + i]!;
      if (x >= J) continue;
      if (x === c) pos = js.length;
      js.push(x);
    }
    const n = js.length;
    const l = Math.floor(rng.next() * Math.min(n, lsMax)) + 1;
    if (l >= n || rng.next() < 0.5) {
      const start = pick(rng, Math.max(0, pos - l + 1), Math.min(pos, n - l));
      for (let i = start; i < start + l; i++) remove(sc, js[i]!);
    } else {
      let kept = 1;
      while (l + kept < n && rng.next() < 0.5) kept++;
      const total = l + kept;
      const start = pick(rng, Math.max(0, pos - total + 1), Math.min(pos, n - total));
      const keepAt = start + rng.int(l + 1);
      for (let i = start; i < start + total; i++) if (i < keepAt || i >= keepAt + kept) remove(sc, js[i]!);
    }
    sc.touched[v] = 1;
    sc.touchedList.push(v);
    ruined++;
  }
  for (const v of sc.touchedList) {
    state.dropMarked(v, sc.removed);
    state.refresh(v);
  }
}

function remove(sc: RuinScratch, j: number): void {
  if (sc.removed[j]) return;
  sc.removed[j] = 1;
  sc.pool.push(j);
}

const pick = (rng: Random, lo: number, hi: number) => (hi <= lo ? lo : lo + rng.int(hi - lo + 1));
