import { describe, expect, it } from 'vitest';
import { checkSolution } from './check.js';
import type { Location, Problem, TravelConfig } from './problem.js';
import { solve } from './solve.js';
import { travelMatrix, travelMinutes } from './travel.js';

// A depot and two places; the given table is one-way-ish: from A to B is quick, back is slow.
const depot: Location = { lat: 43.0, lng: 131.9 };
const a: Location = { lat: 43.1, lng: 131.9 };
const b: Location = { lat: 43.2, lng: 131.9 };
const table: TravelConfig = {
  kind: 'matrix',
  points: [depot, a, b],
  minutes: [
    [0, 10, 30],
    [12, 0, 5],
    [25, 40, 0],
  ],
};

describe('travel from a given matrix', () => {
  it('reads minutes[i][j] by the points with the same coordinates', () => {
    expect(travelMinutes({ lat: 43.1, lng: 131.9 }, { lat: 43.2, lng: 131.9 }, table)).toBe(5);
    expect(travelMinutes(b, a, table)).toBe(40);
    expect(Array.from(travelMatrix([b, depot, a], table))).toEqual([0, 25, 40, 30, 0, 10, 5, 12, 0]);
  });

  it('refuses a location that is not among the points, and a table of the wrong shape', () => {
    expect(() => travelMatrix([depot, { lat: 1, lng: 2 }], table)).toThrow(/\(lat 1, lng 2\) is not among its points/);
    expect(() => travelMatrix([depot], { ...table, minutes: [[0, 1, 2]] })).toThrow(/3 points need 3 rows/);
    const p: Problem = {
      travel: table,
      vehicles: [{ id: 'T', shift: { start: 0, end: 600 }, start: depot, end: depot }],
      jobs: [{ id: 'x', location: { lat: 44, lng: 131.9 }, window: { start: 0, end: 600 }, duration: 10 }],
    };
    expect(() => solve(p, { timeLimitMs: 1000, maxIterations: 10, seed: 1 })).toThrow(/not among its points/);
  });

  it('plans by the table, not the coordinates, and the checker reads it alike', () => {
    const p: Problem = {
      travel: table,
      vehicles: [{ id: 'T', shift: { start: 0, end: 600 }, start: depot, end: depot }],
      jobs: [
        { id: 'to-b', location: b, window: { start: 0, end: 600 }, duration: 10 },
        { id: 'to-a', location: a, window: { start: 0, end: 600 }, duration: 10 },
      ],
    };
    const s = solve(p, { timeLimitMs: 10_000, maxIterations: 100, seed: 1 });
    // depot → a → b → depot: 10 + 5 + 25 = 40 (the other way: 30 + 40 + 12 = 82).
    expect(s.routes[0]!.stops.map((x) => x.jobId)).toEqual(['to-a', 'to-b']);
    expect(s.cost.travelTime).toBe(40);
    const c = checkSolution(p, s);
    expect(c.violations).toEqual([]);
    expect(c.travelTime).toBe(40);
  });
});

describe('great-circle travel with a faster far zone', () => {
  // 0.9° of latitude ≈ 100.1 km; road = 1.3 × that ≈ 130.1 km.
  const town: Location = { lat: 23.0, lng: 113.3 };
  const away: Location = { lat: 23.9, lng: 113.3 };
  const near: TravelConfig = { kind: 'great-circle', roadFactor: 1.3, speedKmh: 25 };
  const zoned: TravelConfig = { ...near, far: { beyondKm: 30, speedKmh: 50 } };

  it('runs the road beyond the near zone at the far speed; a short leg is as before', () => {
    const road = (travelMinutes(town, away, near) / 60) * 25;
    expect(travelMinutes(town, away, zoned)).toBeCloseTo((30 / 25 + (road - 30) / 50) * 60, 6);
    const short: Location = { lat: 23.1, lng: 113.3 };
    expect(travelMinutes(town, short, zoned)).toBe(travelMinutes(town, short, near));
  });

  it('the solver and the checker agree on it', () => {
    const problem: Problem = {
      vehicles: [{ id: 'T', shift: { start: 0, end: 600 }, start: town, end: town }],
      jobs: [{ id: 'j', location: away, window: { start: 0, end: 600 }, duration: 30 }],
      travel: zoned,
    };
    const solution = solve(problem, { timeLimitMs: 1000, seed: 1, maxIterations: 50 });
    expect(solution.unassigned).toEqual([]);
    expect(checkSolution(problem, solution)).toMatchObject({ feasible: true, violations: [] });
    expect(solution.cost.travelTime).toBeCloseTo(2 * travelMinutes(town, away, zoned), 6);
  });
});
