import { describe, expect, it } from 'vitest';
import { checkSolution } from './check.js';
import type { Problem, Route, Solution } from './problem.js';

// One technician at (0,0), shift 0–100, two visits on a line: 10 and 20 minutes away.
const problem: Problem = {
  travel: { kind: 'euclidean' },
  vehicles: [
    {
      id: 'A',
      shift: { start: 0, end: 100 },
      start: { x: 0, y: 0 },
      end: { x: 0, y: 0 },
      capacity: { jobs: 2, units: 5 },
      certifications: [{ code: 'gas', expiresAt: 50 }],
      stock: { valve: 1 },
      break: { earliestStart: 30, latestStart: 40, duration: 10 },
    },
  ],
  jobs: [
    { id: 'j1', location: { x: 10, y: 0 }, window: { start: 0, end: 20 }, duration: 5, demand: 2 },
    { id: 'j2', location: { x: 20, y: 0 }, window: { start: 20, end: 60 }, duration: 5, demand: 3 },
  ],
};

const route: Route = {
  vehicleId: 'A',
  departure: 0,
  stops: [
    { jobId: 'j1', arrival: 10, start: 10, end: 15 },
    { jobId: 'j2', arrival: 25, start: 25, end: 30 },
  ],
  break: { start: 30, end: 40 },
  returnAt: 60,
  travelTime: 40,
};

const solution = (routes: Route[], unassigned: string[] = []): Solution => ({
  routes,
  unassigned,
  cost: { unassigned: unassigned.length, unassignedPriority: 0, lateness: 0, travelTime: 40, vehicles: 1 },
  iterations: 0,
});

const withStop = (i: number, patch: Partial<Route['stops'][number]>): Route => ({
  ...route,
  stops: route.stops.map((s, k) => (k === i ? { ...s, ...patch } : s)),
});

const violations = (p: Problem, s: Solution) => checkSolution(p, s).violations.join('\n');

describe('the feasibility checker', () => {
  it('lets technicians leaving from the outlet take parts there, within its stock over all routes', () => {
    const outlet: Problem = {
      travel: { kind: 'euclidean' },
      depotStock: { valve: 1 },
      vehicles: [
        { id: 'A', shift: { start: 0, end: 100 }, start: { x: 0, y: 0 }, end: { x: 0, y: 0 }, depotAccess: true },
        { id: 'B', shift: { start: 0, end: 100 }, start: { x: 0, y: 0 }, end: { x: 0, y: 0 }, depotAccess: true },
        { id: 'C', shift: { start: 0, end: 100 }, start: { x: 0, y: 0 }, end: { x: 0, y: 0 } },
      ],
      jobs: [
        { id: 'j1', location: { x: 10, y: 0 }, window: { start: 0, end: 50 }, duration: 5, parts: { valve: 1 } },
        { id: 'j2', location: { x: 10, y: 0 }, window: { start: 0, end: 50 }, duration: 5, parts: { valve: 1 } },
      ],
    };
    const one = (vehicleId: string, jobId: string): Route => ({
      vehicleId,
      departure: 0,
      stops: [{ jobId, arrival: 10, start: 10, end: 15 }],
      returnAt: 25,
      travelTime: 20,
    });
    expect(violations(outlet, solution([one('A', 'j1')], ['j2']))).toBe('');
    expect(violations(outlet, solution([one('A', 'j1'), one('B', 'j2')]))).toMatch(
      /outlet: the routes take 2 of part valve, it holds 1/,
    );
    expect(violations(outlet, solution([one('C', 'j1')], ['j2']))).toMatch(/vehicle C.*needs 1 of part valve/);
  });

  it('accepts a plan that keeps every rule and recomputes its travel', () => {
    const r = checkSolution(problem, solution([route]));
    expect(r.violations).toEqual([]);
    expect(r.feasible).toBe(true);
    expect(r.travelTime).toBe(40);
    expect(r.vehicles).toBe(1);
  });

  it('finds a visit missing, one twice, and an unknown one', () => {
    expect(violations(problem, solution([{ ...route, stops: [route.stops[0]!] }], []))).toMatch(/j2: appears 0/);
    expect(violations(problem, solution([route], ['j1']))).toMatch(/j1: appears 2/);
    expect(violations(problem, solution([route], ['zz']))).toMatch(/zz: not in the problem/);
  });

  it('finds a start outside the window and an arrival faster than the travel', () => {
    expect(violations(problem, solution([withStop(1, { arrival: 61, start: 61, end: 66 })]))).toMatch(
      /outside its window/,
    );
    expect(violations(problem, solution([withStop(0, { arrival: 5, start: 5, end: 10 })]))).toMatch(/before it can/);
  });

  it('finds a late return, an early departure and a wrong duration', () => {
    const p = { ...problem, vehicles: [{ ...problem.vehicles[0]!, shift: { start: 0, end: 50 } }] };
    expect(violations(p, solution([route]))).toMatch(/after the shift ends/);
    expect(violations(problem, solution([{ ...route, departure: -1 }]))).toMatch(/before the shift/);
    expect(violations(problem, solution([withStop(0, { end: 14 })]))).toMatch(/lasts 4/);
  });

  it('finds loads over capacity: jobs, units and work minutes', () => {
    const cap = (capacity: { jobs?: number; units?: number; workMinutes?: number }) => ({
      ...problem,
      vehicles: [{ ...problem.vehicles[0]!, capacity }],
    });
    expect(violations(cap({ jobs: 1 }), solution([route]))).toMatch(/2 jobs over 1/);
    expect(violations(cap({ units: 4 }), solution([route]))).toMatch(/load 5 over 4/);
    expect(violations(cap({ workMinutes: 9 }), solution([route]))).toMatch(/10 minutes of work over 9/);
  });

  it('finds a missing or expired certification and parts the van does not hold', () => {
    const job = (patch: Partial<Problem['jobs'][number]>) => ({
      ...problem,
      jobs: [{ ...problem.jobs[0]!, ...patch }, problem.jobs[1]!],
    });
    expect(checkSolution(job({ certification: 'gas' }), solution([route])).feasible).toBe(true);
    expect(violations(job({ certification: 'electric' }), solution([route]))).toMatch(/valid electric/);
    const expired = {
      ...job({ certification: 'gas' }),
      vehicles: [{ ...problem.vehicles[0]!, certifications: [{ code: 'gas', expiresAt: 12 }] }],
    };
    expect(violations(expired, solution([route]))).toMatch(/valid gas/);
    expect(checkSolution(job({ parts: { valve: 1 } }), solution([route])).feasible).toBe(true);
    const twoValves = { ...problem, jobs: problem.jobs.map((j) => ({ ...j, parts: { valve: 1 } })) };
    expect(violations(twoValves, solution([route]))).toMatch(/2 of part valve/);
  });

  it('finds a pinned visit moved to another technician or another time', () => {
    const pin = (pinned: { vehicleId: string; start?: number }) => ({
      ...problem,
      jobs: [{ ...problem.jobs[0]!, pinned }, problem.jobs[1]!],
    });
    expect(checkSolution(pin({ vehicleId: 'A', start: 10 }), solution([route])).feasible).toBe(true);
    expect(violations(pin({ vehicleId: 'B' }), solution([route]))).toMatch(/pinned to B/);
    expect(violations(pin({ vehicleId: 'A', start: 12 }), solution([route]))).toMatch(/pinned at 12/);
  });

  it('finds a break missing, outside its window, or overlapping a visit or the travel', () => {
    expect(violations(problem, solution([{ ...route, break: undefined } as Route]))).toMatch(/no break/);
    expect(violations(problem, solution([{ ...route, break: { start: 45, end: 55 } }]))).toMatch(/outside/);
    // Inside the window but over j2's visit (25–30).
    const overlap = {
      ...route,
      stops: [route.stops[0]!, { jobId: 'j2', arrival: 32, start: 32, end: 37 }],
      break: { start: 30, end: 40 },
    };
    expect(violations(problem, solution([overlap]))).toMatch(/overlaps/);
  });

  it('finds an unknown vehicle and a vehicle with two routes', () => {
    expect(violations(problem, solution([{ ...route, vehicleId: 'Z' }], ['j1', 'j2']))).toMatch(/Z: unknown/);
    const empty = { ...route, stops: [] };
    expect(violations(problem, solution([route, empty]))).toMatch(/two routes/);
  });
});
