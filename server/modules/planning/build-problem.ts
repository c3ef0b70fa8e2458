import type { BoardTechnician, BoardVisit, UnplacedReason } from './contract.js';
import { daysBetween, solverPriority } from './rules.js';
import type { Job, Problem, TravelConfig, Vehicle } from './solver/problem.js';
import type { StoredLock } from './tables.js';

/*
 * The board as the route optimiser's problem (pure). Minutes since the plan day's midnight in the
 * company time zone are the axis. Technicians who work that day and have a start and end place are
 * the vehicles; visits with coordinates are the jobs — a visit without them never reaches the
 * solver and is unplaced as 'no_location'. Certification codes are product line ids; parts are
 * keyed by part code. Fixed visits (started or done) are pinned to their technician, and to their
 * start when a previous plan gave one; locked visits to the technician (and start) of the lock.
 */

export interface ProblemInput {
  day: string;
  technicians: readonly BoardTechnician[];
  visits: readonly BoardVisit[];
  travel: { roadFactor: number; speedKmh: number };
  /** orderId → the planner's lock. */
  locks?: Readonly<Record<string, StoredLock>>;
  /** orderId → the start a previous plan gave a fixed visit. */
  fixedStarts?: ReadonlyMap<string, number>;
  /** Leave this visit's lock out (the visit being moved by hand). */
  unlocked?: string;
  /** The outlet's good stock (part code → quantity): technicians leaving from the outlet may take from it. */
  outletStock?: Readonly<Record<string, number>>;
}

export interface BuiltProblem {
  problem: Problem;
  /** Visits kept from the solver, with why. */
  excluded: { orderId: string; reason: UnplacedReason }[];
}

export function vehicleOf(day: string, t: BoardTechnician): Vehicle | null {
  if (!t.working || !t.start || !t.end) return null;
  return {
    id: t.id,
    shift: { start: t.shift.start, end: t.shift.end },
    ...(t.break && t.break.minutes > 0
      ? {
          break: { earliestStart: t.break.earliestStart, latestStart: t.break.latestStart, duration: t.break.minutes },
        }
      : {}),
    start: t.start,
    end: t.end,
    certifications: t.certifications.map((c) => {
      // Valid through the end of validUntil: minutes of that day's end on the plan day's axis.
      const expiresAt = (daysBetween(day, c.validUntil) + 1) * 1440;
      return expiresAt < 2 * 1440 ? { code: c.productLineId, expiresAt } : { code: c.productLineId };
    }),
    ...(t.maxJobs !== null ? { capacity: { jobs: t.maxJobs } } : {}),
    stock: Object.fromEntries(t.stock.map((s) => [s.code, s.qty])),
    depotAccess: t.startAt === 'outlet',
  };
}

export function jobOf(v: BoardVisit, pinned: Job['pinned'] | undefined): Job | null {
  if (!v.location) return null;
  const parts: Record<string, number> = {};
  for (const p of v.parts) parts[p.code] = (parts[p.code] ?? 0) + p.qty;
  return {
    id: v.orderId,
    location: v.location,
    window: { start: v.window.start, end: Math.max(v.window.start, v.window.end) },
    ...(v.dueAt !== null ? { softEnd: v.dueAt } : {}),
    duration: v.duration,
    ...(v.productLine ? { certification: v.productLine.id } : {}),
    ...(v.parts.length ? { parts } : {}),
    priority: solverPriority(v.priority),
    ...(pinned ? { pinned } : {}),
  };
}

export function buildProblem(input: ProblemInput): BuiltProblem {
  const vehicles = input.technicians.map((t) => vehicleOf(input.day, t)).filter((v): v is Vehicle => v !== null);
  const onBoard = new Set(vehicles.map((v) => v.id));
  const excluded: BuiltProblem['excluded'] = [];
  const jobs: Job[] = [];
  for (const v of input.visits) {
    let pinned: Job['pinned'] | undefined;
    if (v.fixed && v.technicianId) {
      const start = input.fixedStarts?.get(v.orderId);
      pinned = { vehicleId: v.technicianId, ...(start !== undefined ? { start } : {}) };
    } else {
      const lock = v.orderId === input.unlocked ? undefined : input.locks?.[v.orderId];
      if (lock && onBoard.has(lock.technicianId)) {
        pinned = { vehicleId: lock.technicianId, ...(lock.start !== undefined ? { start: lock.start } : {}) };
      }
    }
    const job = jobOf(v, pinned);
    if (job) jobs.push(job);
    else excluded.push({ orderId: v.orderId, reason: 'no_location' });
  }
  const travel: TravelConfig = {
    kind: 'great-circle',
    roadFactor: input.travel.roadFactor,
    speedKmh: input.travel.speedKmh,
  };
  return {
    problem: { vehicles, jobs, travel, ...(input.outletStock ? { depotStock: input.outletStock } : {}) },
    excluded,
  };
}
