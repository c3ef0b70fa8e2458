import { describe, expect, expectTypeOf, it } from 'vitest';
import type { UnplacedReason as ContractReason } from '../contract.js';
import { explainUnplaced, type UnplacedReason } from './explain.js';
import type { Job, Problem, Solution, Vehicle } from './problem.js';
import { solve } from './solve.js';

// One technician at (0,0), shift 0–100, certified for gas until 60, a valve in the van.
const tech: Vehicle = {
  id: 'A',
  shift: { start: 0, end: 100 },
  start: { x: 0, y: 0 },
  end: { x: 0, y: 0 },
  certifications: [{ code: 'gas', expiresAt: 60 }],
  stock: { valve: 1 },
  capacity: { jobs: 1 },
};

const job = (id: string, patch: Partial<Job> = {}): Job => ({
  id,
  location: { x: 10, y: 0 },
  window: { start: 0, end: 80 },
  duration: 5,
  ...patch,
});

const unassigned = (ids: string[]): Solution => ({
  routes: [],
  unassigned: ids,
  cost: { unassigned: ids.length, unassignedPriority: ids.length, lateness: 0, travelTime: 0, vehicles: 0 },
  iterations: 0,
});

const explain = (jobs: Job[], vehicles: Vehicle[] = [tech]) =>
  Object.fromEntries(
    explainUnplaced({ travel: { kind: 'euclidean' }, vehicles, jobs }, unassigned(jobs.map((j) => j.id))),
  );

describe('why a visit was left out', () => {
  it('uses the contract strings, less the one the caller decides', () => {
    expectTypeOf<UnplacedReason>().toMatchTypeOf<ContractReason>();
  });

  it('no certified technician: nobody holds it, or it expires before the visit could end, or the pinned one lacks it', () => {
    expect(explain([job('j', { certification: 'electric' })])).toEqual({ j: 'no_certified_technician' });
    // Latest end 80 + 5 > 60: the certificate does not cover a visit that may end at 85.
    expect(explain([job('j', { certification: 'gas' })])).toEqual({ j: 'no_certified_technician' });
    expect(explain([job('j', { certification: 'gas', window: { start: 0, end: 50 } })])).toEqual({ j: 'no_room' });
    const other: Vehicle = { ...tech, id: 'B', certifications: [{ code: 'gas' }] };
    expect(explain([job('j', { certification: 'gas', pinned: { vehicleId: 'A' } })], [tech, other])).toEqual({
      j: 'no_certified_technician',
    });
  });

  it('part missing: no certified van holds the parts', () => {
    expect(explain([job('j', { parts: { valve: 2 } })])).toEqual({ j: 'part_missing' });
    expect(explain([job('j', { parts: { pump: 1 } })])).toEqual({ j: 'part_missing' });
    // A van holding them but not certified does not count.
    const uncertified: Vehicle = { ...tech, id: 'B', certifications: [], stock: { pump: 1 } };
    expect(
      explain(
        [job('j', { certification: 'gas', window: { start: 0, end: 40 }, parts: { pump: 1 } })],
        [tech, uncertified],
      ),
    ).toEqual({ j: 'part_missing' });
  });

  it('part missing: the outlet counts only for a technician leaving from it', () => {
    const p = (depotAccess: boolean): Problem => ({
      travel: { kind: 'euclidean' },
      depotStock: { pump: 1 },
      vehicles: [{ ...tech, depotAccess }],
      jobs: [job('j', { parts: { pump: 1 } })],
    });
    const why = (q: Problem) => Object.fromEntries(explainUnplaced(q, unassigned(['j'])));
    expect(why(p(false))).toEqual({ j: 'part_missing' });
    expect(why(p(true))).toEqual({ j: 'no_room' });
  });

  it('window unreachable: not even an empty route reaches it in its window and returns in the shift', () => {
    // 10 minutes away, window closes at 5.
    expect(explain([job('j', { window: { start: 0, end: 5 } })])).toEqual({ j: 'window_unreachable' });
    // 60 away: there at 60, back at 125 after a shift ending at 100.
    expect(explain([job('j', { location: { x: 60, y: 0 } })])).toEqual({ j: 'window_unreachable' });
    // Pinned at a start it cannot reach.
    expect(explain([job('j', { pinned: { vehicleId: 'A', start: 3 } })])).toEqual({ j: 'window_unreachable' });
    // A 40-minute break starting by 10: after the visit (done at 15) it is too late; before leaving,
    // the technician is back at 65, after a shift ending at 60 (but within one ending at 70).
    const lunch: Vehicle = {
      ...tech,
      shift: { start: 0, end: 60 },
      break: { earliestStart: 0, latestStart: 10, duration: 40 },
    };
    expect(explain([job('j')], [lunch])).toEqual({ j: 'window_unreachable' });
    expect(explain([job('j')], [{ ...lunch, shift: { start: 0, end: 70 } }])).toEqual({ j: 'no_room' });
  });

  it('window unreachable: by the travel matrix when one is given', () => {
    const p = (minutes: number): Problem => ({
      travel: {
        kind: 'matrix',
        points: [tech.start, { x: 10, y: 0 }],
        minutes: [
          [0, minutes],
          [minutes, 0],
        ],
      },
      vehicles: [tech],
      jobs: [job('j')],
    });
    const why = (q: Problem) => Object.fromEntries(explainUnplaced(q, unassigned(['j'])));
    expect(why(p(10))).toEqual({ j: 'no_room' });
    expect(why(p(90))).toEqual({ j: 'window_unreachable' });
  });

  it('no room: each could alone, but the day is full', () => {
    const p: Problem = { travel: { kind: 'euclidean' }, vehicles: [tech], jobs: [job('a'), job('b')] };
    const s = solve(p, { timeLimitMs: 10_000, maxIterations: 50, seed: 1 });
    expect(s.unassigned).toHaveLength(1);
    expect(Object.fromEntries(explainUnplaced(p, s))).toEqual({ [s.unassigned[0]!]: 'no_room' });
  });
});
