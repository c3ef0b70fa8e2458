import { describe, expect, it } from 'vitest';
import { compile } from './model.js';
import type { Job, Problem, Vehicle } from './problem.js';
import { Random } from './random.js';
import { Routes } from './routes.js';

/** Earliest schedule of a sequence, walked step by step: the slow truth the O(1) joins must match. */
function walk(p: Problem, v: number, order: number[]): number {
  const veh = p.vehicles[v]!;
  const at0 = veh.start as { x: number; y: number };
  let at = at0;
  let t = veh.shift.start;
  let d = 0;
  let brk = veh.break !== undefined;
  for (const x of order) {
    if (x < 0) {
      t = Math.max(t, veh.break!.earliestStart);
      if (t > veh.break!.latestStart + 1e-9) return Number.POSITIVE_INFINITY;
      t += veh.break!.duration;
      brk = false;
      continue;
    }
    const j = p.jobs[x]!;
    const loc = j.location as { x: number; y: number };
    const leg = Math.hypot(at.x - loc.x, at.y - loc.y);
    d += leg;
    t = Math.max(t + leg, j.window.start);
    if (t > j.window.end + 1e-9) return Number.POSITIVE_INFINITY;
    t += j.duration;
    at = loc;
  }
  void brk;
  const back = Math.hypot(at.x - at0.x, at.y - at0.y);
  if (t + back > veh.shift.end + 1e-9) return Number.POSITIVE_INFINITY;
  return d + back;
}

describe('route segments', () => {
  it('judge every insertion as the step-by-step schedule does, with and without a break', () => {
    const rng = new Random(9);
    for (let trial = 0; trial < 60; trial++) {
      const n = 8;
      const jobs: Job[] = Array.from({ length: n }, (_, i) => {
        const open = rng.int(300);
        return {
          id: `j${i}`,
          location: { x: rng.int(60), y: rng.int(60) },
          window: { start: open, end: open + 20 + rng.int(200) },
          duration: 5 + rng.int(20),
        };
      });
      const withBreak = trial % 2 === 1;
      const vehicle: Vehicle = {
        id: 'v',
        shift: { start: 0, end: 500 },
        start: { x: 30, y: 30 },
        end: { x: 30, y: 30 },
        ...(withBreak ? { break: { earliestStart: 100 + rng.int(100), latestStart: 250, duration: 30 } } : {}),
      };
      const p: Problem = { travel: { kind: 'euclidean' }, vehicles: [vehicle], jobs };
      const m = compile(p);
      const s = new Routes(m);
      // Build a feasible route by inserting wherever the walk says it fits.
      const order: number[] = withBreak ? [-1] : [];
      for (let u = 0; u < n - 1; u++) {
        for (let i = 0; i <= order.length; i++) {
          const cand = [...order.slice(0, i), u, ...order.slice(i)];
          const truth = walk(p, 0, cand);
          const base = walk(p, 0, order);
          const got = s.insertCost(0, i, u);
          if (truth === Number.POSITIVE_INFINITY) expect(got).toBe(Number.POSITIVE_INFINITY);
          else expect(got).toBeCloseTo(truth - (order.some((x) => x >= 0) ? base : 0), 6);
        }
        const fit = [...Array(order.length + 1).keys()].find((i) => Number.isFinite(s.insertCost(0, i, u)));
        if (fit !== undefined) {
          s.insert(0, fit, u);
          order.splice(fit, 0, u);
          expect(s.feasible(0)).toBe(true);
        }
      }
    }
  });
});
