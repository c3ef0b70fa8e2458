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
 * Re-planning during the day (`now`) plans nothing before now.
 */

export interface ProblemInput {
  day: string;
  technicians: readonly BoardTechnician[];
  visits: readonly BoardVisit[];
  travel: { roadFactor: number; speedKmh: number; farSpeedKmh?: number };
  /** Where the far zone begins (setting orders.nearZoneKm): road beyond it runs at farSpeedKmh. */
  nearZoneKm?: number;
  /** orderId → the planner's lock. */
  locks?: Readonly<Record<string, StoredLock>>;
  /** orderId → the start a previous plan gave a fixed visit. */
  fixedStarts?: ReadonlyMap<string, number>;
  /** Leave this visit's lock out (the visit being moved by hand). */
  unlocked?: string;
  /** The outlet's good stock (part code → quantity): technicians leaving from the outlet may take from it. */
  outletStock?: Readonly<Record<string, number>>;
  /**
   * Now, on the plan day's axis, when re-planning during the day (absent for a day still to come):
   * nothing not yet started is planned before it, a visit whose window has passed is unreachable,
   * and a technician on the way arrives no earlier than now (late: the rest of the route moves).
   */
  now?: number;
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
  // A started visit's pinned start stands even outside its window (a technician running late).
  const at = pinned?.start;
  const start = at !== undefined ? Math.min(v.window.start, at) : v.window.start;
  const end = at !== undefined ? Math.max(v.window.end, at) : v.window.end;
  return {
    id: v.orderId,
    location: v.location,
    window: { start, end: Math.max(start, end) },
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
    const now = input.now;
    if (v.fixed && v.technicianId) {
      let start = input.fixedStarts?.get(v.orderId);
      if (now !== undefined && v.state === 'en_route') start = Math.max(start ?? now, Math.ceil(now));
      pinned = { vehicleId: v.technicianId, ...(start !== undefined ? { start } : {}) };
    } else if (now !== undefined && v.window.end < now) {
      // The promised window has passed: no plan reaches it; the planner re-books it with the customer.
      excluded.push({ orderId: v.orderId, reason: v.location ? 'window_unreachable' : 'no_location' });
      continue;
    } else {
      const lock = v.orderId === input.unlocked ? undefined : input.locks?.[v.orderId];
      if (lock && onBoard.has(lock.technicianId)) {
        pinned = { vehicleId: lock.technicianId, ...(lock.start !== undefined ? { start: lock.start } : {}) };
      }
    }
    const job = jobOf(
      now !== undefined && !v.fixed
        ? { ...v, window: { ...v.window, start: Math.max(v.window.start, Math.ceil(now)) } }
        : v,
      pinned,
    );
    if (job) jobs.push(job);
    else excluded.push({ orderId: v.orderId, reason: 'no_location' });
  }
  const travel: TravelConfig = {
    kind: 'great-circle',
    roadFactor: input.travel.roadFactor,
    speedKmh: input.travel.speedKmh,
    ...(input.travel.farSpeedKmh && input.nearZoneKm
      ? { far: { beyondKm: input.nearZoneKm, speedKmh: input.travel.farSpeedKmh } }
      : {}),
  };
  return {
    problem: { vehicles, jobs, travel, ...(input.outletStock ? { depotStock: input.outletStock } : {}) },
    excluded,
  };
}
