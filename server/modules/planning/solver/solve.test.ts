import { describe, expect, it } from 'vitest';
import { checkSolution } from './check.js';
import type { Job, Problem, Solution, Vehicle } from './problem.js';
import { Random } from './random.js';
import { solve } from './solve.js';

const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

/** A small random VRPTW: `n` visits, `k` identical technicians at the depot (50,50). */
function smallInstance(seed: number, n: number, k: number): Problem {
  const rng = new Random(seed);
  const depot = { x: 50, y: 50 };
  const jobs: Job[] = Array.from({ length: n }, (_, i) => {
    const location = { x: rng.int(101), y: rng.int(101) };
    const open = rng.int(200);
    return {
      id: `j${i}`,
      location,
      window: { start: open, end: open + 60 + rng.int(120) },
      duration: 10,
      demand: 1 + rng.int(4),
    };
  });
  const vehicles: Vehicle[] = Array.from({ length: k }, (_, i) => ({
    id: `v${i}`,
    shift: { start: 0, end: 600 },
    start: depot,
    end: depot,
    capacity: { units: 15 },
  }));
  return { travel: { kind: 'euclidean' }, vehicles, jobs };
}

/** The optimum by enumeration: every order of the visits cut into k routes (identical technicians). */
function optimum(p: Problem): number {
  const v = p.vehicles[0]!;
  const depot = v.start as { x: number; y: number };
  const cap = v.capacity!.units!;
  const routeCost = (ids: number[]): number => {
    let t = v.shift.start;
    let at = depot;
    let d = 0;
    let load = 0;
    for (const i of ids) {
      const j = p.jobs[i]!;
      const loc = j.location as { x: number; y: number };
      const leg = dist(at, loc);
      d += leg;
      t = Math.max(t + leg, j.window.start);
      if (t > j.window.end + 1e-9) return Number.POSITIVE_INFINITY;
      t += j.duration;
      load += j.demand ?? 1;
      at = loc;
    }
    if (load > cap) return Number.POSITIVE_INFINITY;
    const back = dist(at, depot);
    if (t + back > v.shift.end + 1e-9) return Number.POSITIVE_INFINITY;
    return ids.length === 0 ? 0 : d + back;
  };
  const n = p.jobs.length;
  const k = p.vehicles.length;
  let best = Number.POSITIVE_INFINITY;
  const perm: number[] = [];
  const used = new Array<boolean>(n).fill(false);
  // Routes as consecutive blocks of a permutation: k-1 cut points (cuts may coincide: unused technicians).
  const cuts = (order: number[], from: number, left: number, acc: number) => {
    if (acc >= best) return;
    if (left === 1) {
      best = Math.min(best, acc + routeCost(order.slice(from)));
      return;
    }
    for (let c = from; c <= n; c++) {
      const r = routeCost(order.slice(from, c));
      if (r < Number.POSITIVE_INFINITY) cuts(order, c, left - 1, acc + r);
    }
  };
  const permute = () => {
    if (perm.length === n) {
      cuts(perm, 0, k, 0);
      return;
    }
    for (let i = 0; i < n; i++) {
      if (used[i]) continue;
      used[i] = true;
      perm.push(i);
      permute();
      perm.pop();
      used[i] = false;
    }
  };
  permute();
  return best;
}

const feasible = (p: Problem, s: Solution) => {
  const r = checkSolution(p, s);
  expect(r.violations).toEqual([]);
  return r;
};

describe('solve', () => {
  it('finds the optimum of small instances (checked against enumeration)', () => {
    for (const [seed, n, k] of [
      [1, 6, 2],
      [2, 7, 2],
      [3, 7, 2],
      [6, 8, 2],
      [5, 6, 3],
    ] as const) {
      const p = smallInstance(seed, n, k);
      const opt = optimum(p);
      expect(opt).toBeLessThan(Number.POSITIVE_INFINITY);
      const s = solve(p, { timeLimitMs: 10_000, maxIterations: 1500, seed: 7 });
      const r = feasible(p, s);
      expect(s.unassigned).toEqual([]);
      expect(r.travelTime).toBeCloseTo(opt, 6);
      expect(s.cost.travelTime).toBeCloseTo(opt, 6);
    }
  });

  it('gives the same plan for the same seed', () => {
    const p = smallInstance(11, 30, 5);
    const a = solve(p, { timeLimitMs: 60_000, maxIterations: 300, seed: 42 });
    const b = solve(p, { timeLimitMs: 60_000, maxIterations: 300, seed: 42 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    feasible(p, a);
  });

  it('stops at the time limit with a feasible plan', () => {
    const p = smallInstance(12, 60, 8);
    let now = 0;
    // A clock that advances 1 ms per reading: the limit binds after a known number of readings.
    const s = solve(p, { timeLimitMs: 200, seed: 1, clock: () => now++ });
    expect(s.iterations).toBeGreaterThan(0);
    expect(s.iterations).toBeLessThan(200);
    feasible(p, s);
  });

  it('leaves out the visits that fit no one, the least important first', () => {
    const base = smallInstance(13, 4, 1);
    // One technician, 15 units: four visits of 4 units each cannot all go.
    const jobs = base.jobs.map((j, i) => ({
      ...j,
      window: { start: 0, end: 500 },
      demand: 4,
      priority: i === 0 ? 1 : 5,
    }));
    const p = { ...base, jobs };
    const s = solve(p, { timeLimitMs: 10_000, maxIterations: 200, seed: 3 });
    feasible(p, s);
    expect(s.unassigned).toEqual(['j0']);
    expect(s.cost.unassignedPriority).toBe(1);
  });
});

/*
 * Every constraint kind: each input below is built so the cheapest plan would break the rule (the
 * visit sits next to the technician who may not take it); the output must keep it.
 */
describe('solve keeps every hard constraint', () => {
  const home = { x: 0, y: 0 };
  const far = { x: 100, y: 0 };
  const tech = (id: string, at: { x: number; y: number }, extra: Partial<Vehicle> = {}): Vehicle => ({
    id,
    shift: { start: 0, end: 480 },
    start: at,
    end: at,
    ...extra,
  });
  const visit = (id: string, extra: Partial<Job> = {}): Job => ({
    id,
    location: { x: 5, y: 0 },
    window: { start: 0, end: 400 },
    duration: 30,
    ...extra,
  });
  const run = (p: Problem) => {
    const s = solve(p, { timeLimitMs: 10_000, maxIterations: 200, seed: 5 });
    feasible(p, s);
    return s;
  };
  const techOf = (s: Solution, jobId: string) =>
    s.routes.find((r) => r.stops.some((x) => x.jobId === jobId))?.vehicleId;

  it('time windows: visits in the order their windows force, not the shortest', () => {
    const p: Problem = {
      travel: { kind: 'euclidean' },
      vehicles: [tech('A', home)],
      jobs: [
        visit('near-late', { location: { x: 5, y: 0 }, window: { start: 200, end: 220 } }),
        visit('far-early', { location: { x: 50, y: 0 }, window: { start: 0, end: 100 } }),
      ],
    };
    const s = run(p);
    expect(s.routes[0]!.stops.map((x) => x.jobId)).toEqual(['far-early', 'near-late']);
    expect(s.routes[0]!.stops[0]!.start).toBeLessThanOrEqual(100);
  });

  it('shifts: a visit the nearby technician could not finish and drive home from in time', () => {
    const p: Problem = {
      travel: { kind: 'euclidean' },
      vehicles: [tech('A', home, { shift: { start: 0, end: 100 } }), tech('B', far)],
      jobs: [visit('j', { window: { start: 60, end: 120 }, duration: 60 })],
    };
    expect(techOf(run(p), 'j')).toBe('B');
  });

  it('breaks: the lunch hour is kept free and the visits move around it', () => {
    const p: Problem = {
      travel: { kind: 'euclidean' },
      vehicles: [tech('A', home, { break: { earliestStart: 240, latestStart: 240, duration: 60 } })],
      jobs: [visit('a', { window: { start: 230, end: 400 } }), visit('b', { window: { start: 200, end: 400 } })],
    };
    const s = run(p);
    const r = s.routes[0]!;
    expect(r.break).toEqual({ start: 240, end: 300 });
    for (const x of r.stops) expect(x.end <= 240 || x.start >= 300).toBe(true);
  });

  it('certifications: the nearby technician whose certificate has expired does not get the visit', () => {
    const p: Problem = {
      travel: { kind: 'euclidean' },
      vehicles: [
        tech('A', home, { certifications: [{ code: 'gas', expiresAt: 100 }] }),
        tech('B', far, { certifications: [{ code: 'gas' }] }),
        tech('C', home),
      ],
      jobs: [visit('j', { window: { start: 200, end: 300 }, certification: 'gas' })],
    };
    expect(techOf(run(p), 'j')).toBe('B');
  });

  it('parts: visits go to vans holding their parts, and one van does not give the same part twice', () => {
    const p: Problem = {
      travel: { kind: 'euclidean' },
      vehicles: [tech('A', home), tech('B', far, { stock: { valve: 1 } }), tech('C', far, { stock: { valve: 1 } })],
      jobs: [visit('j1', { parts: { valve: 1 } }), visit('j2', { parts: { valve: 1 } })],
    };
    const s = run(p);
    expect([techOf(s, 'j1'), techOf(s, 'j2')].sort()).toEqual(['B', 'C']);
  });

  it('parts from the outlet: shared by the technicians leaving from it, never given twice', () => {
    // Both at the outlet, one valve there, two visits needing one each: only one can be served.
    const shared: Problem = {
      travel: { kind: 'euclidean' },
      depotStock: { valve: 1 },
      vehicles: [tech('A', home, { depotAccess: true }), tech('B', home, { depotAccess: true })],
      jobs: [visit('j1', { parts: { valve: 1 } }), visit('j2', { parts: { valve: 1 }, location: { x: 0, y: 5 } })],
    };
    const s = run(shared);
    expect(s.unassigned).toHaveLength(1);
    // A van holding a valve of its own (far away) serves the other one.
    const withVan: Problem = {
      ...shared,
      vehicles: [...shared.vehicles, tech('C', far, { stock: { valve: 1 } })],
    };
    const t = run(withVan);
    expect(t.unassigned).toEqual([]);
    expect([techOf(t, 'j1'), techOf(t, 'j2')]).toContain('C');
    // The van's own stock first: A holds one valve and takes the outlet's for the second visit.
    const own: Problem = {
      ...shared,
      vehicles: [tech('A', home, { depotAccess: true, stock: { valve: 1 } })],
    };
    expect(run(own).unassigned).toEqual([]);
  });

  it('parts from the outlet: the shared stock holds through a long search', () => {
    const base = smallInstance(21, 30, 4);
    const none: Record<string, number> = {};
    const p: Problem = {
      ...base,
      depotStock: { valve: 4, pump: 2 },
      vehicles: base.vehicles.map((v, i) => ({ ...v, depotAccess: i < 3, stock: i === 3 ? { pump: 1 } : none })),
      jobs: base.jobs.map((j, i) => ({ ...j, parts: i % 3 === 0 ? { valve: 1 } : i % 5 === 0 ? { pump: 1 } : none })),
    };
    const s = solve(p, { timeLimitMs: 10_000, maxIterations: 400, seed: 2 });
    feasible(p, s);
    // 10 visits need a valve (4 at the outlet), 4 a pump (2 at the outlet, 1 in the last van).
    expect(s.unassigned.length).toBeGreaterThanOrEqual(7);
  });

  it('parts from the outlet: a technician who does not leave from it cannot use it', () => {
    const p: Problem = {
      travel: { kind: 'euclidean' },
      depotStock: { valve: 5 },
      vehicles: [tech('A', home), tech('B', far, { depotAccess: true })],
      jobs: [visit('j', { parts: { valve: 1 } })],
    };
    expect(techOf(run(p), 'j')).toBe('B');
    const none: Problem = { ...p, vehicles: [tech('A', home)] };
    expect(run(none).unassigned).toEqual(['j']);
  });

  it('pinned: a confirmed visit stays with its technician at its time', () => {
    const p: Problem = {
      travel: { kind: 'euclidean' },
      vehicles: [tech('A', home), tech('B', far)],
      jobs: [visit('j', { pinned: { vehicleId: 'B', start: 150 } }), visit('k')],
    };
    const s = run(p);
    expect(techOf(s, 'j')).toBe('B');
    const stop = s.routes.flatMap((r) => r.stops).find((x) => x.jobId === 'j')!;
    expect(stop.start).toBe(150);
  });

  it('capacity: a technician takes at most his number of jobs and minutes of work', () => {
    const p: Problem = {
      travel: { kind: 'euclidean' },
      vehicles: [tech('A', home, { capacity: { jobs: 1 } }), tech('B', far, { capacity: { workMinutes: 60 } })],
      jobs: [visit('j1'), visit('j2'), visit('j3'), visit('j4')],
    };
    const s = run(p);
    const counts = Object.fromEntries(s.routes.map((r) => [r.vehicleId, r.stops.length]));
    expect(counts).toEqual({ A: 1, B: 2 });
    expect(s.unassigned).toHaveLength(1);
  });

  it('soft windows: lateness is avoided when travel allows, and counted when it does not', () => {
    const p: Problem = {
      travel: { kind: 'euclidean' },
      vehicles: [tech('A', home)],
      jobs: [
        visit('a', { location: { x: 40, y: 0 }, softEnd: 50 }),
        visit('b', { location: { x: 5, y: 0 }, softEnd: 300 }),
      ],
    };
    const s = run(p);
    // The shortest order visits b first (then a at 65 > 50); the plan goes to a first instead.
    expect(s.routes[0]!.stops.map((x) => x.jobId)).toEqual(['a', 'b']);
    expect(s.cost.lateness).toBe(0);
    expect(checkSolution(p, s).lateness).toBe(0);
  });
});
