import { describe, expect, it } from 'vitest';
import {
  appointmentWindow,
  clockMinutes,
  costOf,
  dayStart,
  instantOf,
  isStale,
  minutesOf,
  scheduleRoute,
  solverPriority,
  storedPlanOf,
  violationText,
  windowHolds,
} from './rules.js';
import { checkSolution } from './solver/check.js';
import type { Problem, Solution, Vehicle } from './solver/problem.js';

/*
 * The planning board's pure rules: the minutes axis of a plan day in the company's zone, the
 * appointment a published stop books, staleness, solutions as stored plans, and the schedule of a
 * route in a given order, read by the independent checker.
 */

describe('the minutes axis', () => {
  it('reads clock times', () => {
    expect(clockMinutes('00:00')).toBe(0);
    expect(clockMinutes('08:30')).toBe(510);
    expect(clockMinutes('23:59')).toBe(1439);
    expect(() => clockMinutes('8h')).toThrow();
  });

  it('counts minutes from the local midnight of the day, both ways', () => {
    expect(dayStart('2026-11-24', 'Asia/Shanghai').toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(instantOf('2026-11-24', 540, 'Asia/Shanghai').toISOString()).toBe('2026-11-24T01:00:00.000Z');
    expect(minutesOf('2026-11-24', new Date('2026-11-24T01:30:00Z'), 'Asia/Shanghai')).toBe(570);
    expect(minutesOf('2026-11-24', new Date('2026-11-23T15:00:00Z'), 'Asia/Shanghai')).toBe(-60);
    expect(instantOf('2026-11-24', 0, 'UTC').toISOString()).toBe('2026-11-24T00:00:00.000Z');
  });
});

describe('appointments and staleness', () => {
  it('books from the start rounded down to the half hour', () => {
    expect(appointmentWindow(545, 120)).toEqual({ from: 540, to: 660 });
    expect(appointmentWindow(600, 90)).toEqual({ from: 600, to: 690 });
    expect(appointmentWindow(629.9, 120)).toEqual({ from: 600, to: 720 });
  });

  it('holds an instant in [from, to)', () => {
    const from = new Date('2026-11-24T01:00:00Z');
    const to = new Date('2026-11-24T03:00:00Z');
    expect(windowHolds(from, to, from)).toBe(true);
    expect(windowHolds(from, to, to)).toBe(false);
    expect(windowHolds(null, to, from)).toBe(false);
  });

  it('maps the order priority (1 most urgent) to the solver weight', () => {
    expect([1, 2, 3].map(solverPriority)).toEqual([3, 2, 1]);
  });

  it('is stale when a version changed, a visit came or a planned one left', () => {
    const planned = { a: 2, b: 5 };
    expect(
      isStale(planned, [
        { orderId: 'a', version: 2 },
        { orderId: 'b', version: 5 },
      ]),
    ).toBe(false);
    expect(
      isStale(planned, [
        { orderId: 'a', version: 3 },
        { orderId: 'b', version: 5 },
      ]),
    ).toBe(true);
    expect(isStale(planned, [{ orderId: 'a', version: 2 }])).toBe(true);
    expect(
      isStale(planned, [
        { orderId: 'a', version: 2 },
        { orderId: 'b', version: 5 },
        { orderId: 'c', version: 1 },
      ]),
    ).toBe(true);
  });
});

const outlet = { lat: 23.12, lng: 113.3 };
const tech = (id: string, extra: Partial<Vehicle> = {}): Vehicle => ({
  id,
  shift: { start: 510, end: 1050 },
  break: { earliestStart: 690, latestStart: 780, duration: 60 },
  start: outlet,
  end: outlet,
  ...extra,
});
const problem: Problem = {
  vehicles: [tech('t1'), tech('t2')],
  jobs: [
    { id: 'j1', location: { lat: 23.13, lng: 113.33 }, window: { start: 540, end: 600 }, duration: 60 },
    { id: 'j2', location: { lat: 23.14, lng: 113.31 }, window: { start: 510, end: 1050 }, duration: 90, softEnd: 600 },
    { id: 'j3', location: { lat: 23.1, lng: 113.32 }, window: { start: 840, end: 900 }, duration: 60 },
    { id: 'j4', location: { lat: 23.1, lng: 113.32 }, window: { start: 600, end: 620 }, duration: 30 },
  ],
  travel: { kind: 'great-circle', roadFactor: 1.3, speedKmh: 25 },
};
const solutionOf = (routes: Solution['routes'], unassigned: string[] = []): Solution => ({
  routes,
  unassigned,
  cost: { unassigned: 0, unassignedPriority: 0, lateness: 0, travelTime: 0, vehicles: 0 },
  iterations: 0,
});

describe('the schedule of a route in a given order', () => {
  it('is what the checker accepts: windows, the break in a gap, leaving no earlier than needed', () => {
    const r = scheduleRoute(problem, problem.vehicles[0]!, ['j1', 'j2', 'j3']);
    const check = checkSolution(problem, solutionOf([r], ['j4']));
    expect(check.violations).toEqual([]);
    expect(r.stops.map((s) => s.jobId)).toEqual(['j1', 'j2', 'j3']);
    expect(r.stops[0]!.start).toBe(540);
    expect(r.departure).toBeGreaterThan(510);
    expect(r.break!.start).toBeGreaterThanOrEqual(690);
    expect(r.break!.start).toBeLessThanOrEqual(780);
    expect(r.stops[2]!.start).toBeGreaterThanOrEqual(840);
  });

  it('lets the checker find a missed window', () => {
    const r = scheduleRoute(problem, problem.vehicles[0]!, ['j2', 'j1']);
    const check = checkSolution(problem, solutionOf([r], ['j3', 'j4']));
    expect(check.feasible).toBe(false);
    expect(violationText(check.violations).en).toMatch(/window/);
  });

  it('keeps an empty route at the start, with no break', () => {
    const r = scheduleRoute(problem, problem.vehicles[1]!, []);
    expect(r).toMatchObject({ departure: 510, returnAt: 510, stops: [], travelTime: 0 });
    expect(r.break).toBeUndefined();
  });
});

describe('a solution as a stored plan', () => {
  it('has every technician’s row, whole minutes, lateness, the unplaced with reasons and the cost', () => {
    const r1 = scheduleRoute(problem, problem.vehicles[0]!, ['j1', 'j2', 'j3']);
    const stored = storedPlanOf(
      problem,
      solutionOf([r1], ['j4']),
      new Map([['j4', 'window_unreachable' as const]]),
      [{ orderId: 'j5', reason: 'no_location' }],
      { j1: 1, j2: 1, j3: 1, j4: 1, j5: 1 },
    );
    expect(stored.routes.map((r) => r.technicianId)).toEqual(['t1', 't2']);
    expect(stored.routes[1]!.stops).toEqual([]);
    const stops = stored.routes[0]!.stops;
    for (const s of stops) expect(Number.isInteger(s.start) && Number.isInteger(s.travelMinutes)).toBe(true);
    expect(stops[1]!.lateMinutes).toBe(Math.round(r1.stops[1]!.start - 600));
    expect(stored.unplaced).toEqual([
      { orderId: 'j5', reason: 'no_location' },
      { orderId: 'j4', reason: 'window_unreachable' },
    ]);
    expect(stored.cost).toEqual(costOf(stored.routes, 2));
    expect(stored.cost.technicians).toBe(1);
  });
});
