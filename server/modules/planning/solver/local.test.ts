import { describe, expect, it } from 'vitest';
import { checkSolution } from './check.js';
import { localScratch, localSearch } from './local.js';
import { compile } from './model.js';
import type { Job, Problem, Vehicle } from './problem.js';
import { Random } from './random.js';
import { recreate } from './recreate.js';
import { Routes } from './routes.js';
import { ruinScratch } from './ruin.js';
import { solve } from './solve.js';

/** A small instance with every constraint kind: breaks, certifications, van and outlet parts, loads, pins, soft windows. */
function richInstance(seed: number, n: number, k: number): Problem {
  const rng = new Random(seed);
  const depot = { x: 50, y: 50 };
  const none: Record<string, number> = {};
  const vehicles: Vehicle[] = Array.from({ length: k }, (_, i) => ({
    id: `v${i}`,
    shift: { start: 0, end: 600 },
    start: depot,
    end: i % 3 === 2 ? { x: 20, y: 80 } : depot,
    capacity: { units: 12 + rng.int(6), jobs: 8 },
    certifications: i % 2 === 0 ? [{ code: 'gas' }] : [],
    ...(i % 2 === 1 ? { break: { earliestStart: 200, latestStart: 300, duration: 30 } } : {}),
    stock: i === 0 ? { valve: 2 } : none,
    depotAccess: i < k - 1,
  }));
  const jobs: Job[] = Array.from({ length: n }, (_, i) => {
    const open = rng.int(250);
    const job: Job = {
      id: `j${i}`,
      location: { x: rng.int(101), y: rng.int(101) },
      window: { start: open, end: open + 80 + rng.int(150) },
      duration: 10,
      demand: 1 + rng.int(3),
      ...(i % 4 === 0 ? { certification: 'gas' } : {}),
      ...(i % 5 === 0 ? { parts: { valve: 1 } } : {}),
      ...(i === 3 ? { pinned: { vehicleId: 'v1' } } : {}),
      ...(i % 7 === 1 ? { softEnd: open + 30 } : {}),
    };
    return job;
  });
  return { travel: { kind: 'euclidean' }, vehicles, jobs, depotStock: { valve: 3 } };
}

describe('the local search', () => {
  it('never worsens a plan and keeps every route within every rule', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const p = richInstance(seed, 40, 5);
      const m = compile(p);
      const st = new Routes(m);
      const sc = ruinScratch(m.J, m.V);
      recreate(st, new Random(seed), sc, new Uint8Array(m.V).fill(1), new Float64Array(m.J));
      const placed = Array.from(st.routeOf).filter((v) => v >= 0).length;
      const before = st.routesCost();
      localSearch(st, localScratch(st), new Uint8Array(m.V).fill(1));
      expect(st.routesCost()).toBeLessThanOrEqual(before + 1e-9);
      expect(Array.from(st.routeOf).filter((v) => v >= 0).length).toBe(placed);
      const outlet = new Float64Array(m.P);
      for (let v = 0; v < m.V; v++) {
        expect(st.feasible(v)).toBe(true);
        expect(st.jobs[v]).toBeLessThanOrEqual(m.capJobs[v]!);
        expect(st.units[v]).toBeLessThanOrEqual(m.capUnits[v]! + 1e-9);
        for (let i = 0; i < st.len[v]!; i++) {
          const x = st.seq[v * st.S + i]!;
          if (x < m.J) expect(m.eligible[x * m.V + v]).toBe(1);
          else expect(x).toBe(m.J + v);
        }
        for (let q = 0; q < m.P; q++) {
          const over = st.partUse[v * m.P + q]! - m.stock[v * m.P + q]!;
          if (!m.depotAccess[v]) expect(over).toBeLessThanOrEqual(0);
          else outlet[q]! += Math.max(0, over);
        }
      }
      for (let q = 0; q < m.P; q++) {
        expect(st.depotUse[q]).toBeCloseTo(outlet[q]!, 9);
        expect(outlet[q]).toBeLessThanOrEqual(m.depotStock[q]!);
      }
    }
  });

  it('uncrosses two routes that each serve half of two rays', () => {
    // Two technicians at (0,0); visits on two rays. Built crossed: each route serves half of each ray.
    const depot = { x: 0, y: 0 };
    const tech = (id: string): Vehicle => ({ id, shift: { start: 0, end: 1000 }, start: depot, end: depot });
    const at = (id: string, x: number, y: number): Job => ({
      id,
      location: { x, y },
      window: { start: 0, end: 1000 },
      duration: 0,
    });
    const p: Problem = {
      travel: { kind: 'euclidean' },
      vehicles: [tech('A'), tech('B')],
      jobs: [at('e1', 10, 0), at('e2', 20, 0), at('n1', 0, 10), at('n2', 0, 20), at('e3', 30, 0)],
    };
    const m = compile(p);
    const st = new Routes(m);
    // A: e1 → n2 ; B: n1 → e2 → e3.
    st.insert(0, 0, 0);
    st.insert(0, 1, 3);
    st.insert(1, 0, 2);
    st.insert(1, 1, 1);
    st.insert(1, 2, 4);
    const before = st.routesCost();
    expect(localSearch(st, localScratch(st), new Uint8Array(2).fill(1))).toBe(true);
    // Crossed: 52.4 + 72.4; one ray per technician is 60 + 40, and a loop over both rays shorter still.
    expect(before).toBeCloseTo(124.72, 2);
    expect(st.routesCost()).toBeLessThanOrEqual(100 + 1e-9);
  });

  it('leaves solve deterministic for a seed and every plan checked feasible', () => {
    for (const seed of [7, 8]) {
      const p = richInstance(seed, 35, 5);
      const a = solve(p, { timeLimitMs: 60_000, maxIterations: 300, seed });
      const b = solve(p, { timeLimitMs: 60_000, maxIterations: 300, seed });
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      expect(checkSolution(p, a).violations).toEqual([]);
      const off = solve(p, { timeLimitMs: 60_000, maxIterations: 300, seed, localSearch: false });
      expect(checkSolution(p, off).violations).toEqual([]);
    }
  });
});
