import type { Random } from './random.js';
import type { Routes } from './routes.js';
import type { RuinScratch } from './ruin.js';

/*
 * Recreate: greedy insertion with blinks (SISR). The removed and unassigned visits are sorted by one
 * of a few orders chosen at random (random, demand, far or close to where the technicians start,
 * narrow windows first), then each goes to its cheapest feasible place; each place is skipped with a
 * small probability so equal-looking rebuilds differ.
 */

const BLINK = 0.01;

/** Order weights: random, demand, far, close, narrow window. */
const ORDER_WEIGHTS = [4, 4, 2, 1, 2];
const ORDER_TOTAL = ORDER_WEIGHTS.reduce((a, b) => a + b, 0);

export function recreate(state: Routes, rng: Random, sc: RuinScratch, allowed: Uint8Array, keys: Float64Array): void {
  const m = state.m;
  const pool = sc.pool;
  for (let j = 0; j < m.J; j++) {
    if (state.routeOf[j]! < 0 && !sc.removed[j]) {
      sc.removed[j] = 1;
      pool.push(j);
    }
  }
  let r = rng.int(ORDER_TOTAL);
  let order = 0;
  while (r >= ORDER_WEIGHTS[order]!) r -= ORDER_WEIGHTS[order++]!;
  const depot = m.J; // the first technician's start: a good enough centre for far/close
  for (const j of pool) {
    switch (order) {
      case 0:
        keys[j] = rng.next();
        break;
      case 1:
        keys[j] = -m.demand[j]!;
        break;
      case 2:
        keys[j] = -m.time[depot * m.L + j]!;
        break;
      case 3:
        keys[j] = m.time[depot * m.L + j]!;
        break;
      default:
        keys[j] = m.late[j]! - m.early[j]!;
    }
  }
  pool.sort((a, b) => keys[a]! - keys[b]! || a - b);
  const V = m.V;
  for (const u of pool) {
    let best = Number.POSITIVE_INFINITY;
    let bestV = -1;
    let bestI = -1;
    for (let v = 0; v < V; v++) {
      if (!allowed[v] || !m.eligible[u * V + v] || !state.fits(v, u)) continue;
      const n = state.len[v]!;
      for (let i = 0; i <= n; i++) {
        if (rng.next() < BLINK) continue;
        const c = state.insertCost(v, i, u);
        if (c < best) {
          best = c;
          bestV = v;
          bestI = i;
        }
      }
    }
    if (bestV >= 0) {
      state.insert(bestV, bestI, u);
      if (!sc.touched[bestV]) {
        sc.touched[bestV] = 1;
        sc.touchedList.push(bestV);
      }
    }
  }
}
