import type { Job, Problem, Solution, Vehicle } from './problem.js';
import { travelMinutes } from './travel.js';

/*
 * Why a visit was left out of a plan: the first reason that applies, from the most basic (nobody may
 * do it) to the least (each could alone, but the day is full). Pure: it reads the problem and the
 * plan's unassigned ids only. `no_location` (an address with no coordinates) never reaches the solver
 * and is the caller's to decide; the strings are the board contract's (contract.ts) minus that one.
 */
export type UnplacedReason = 'no_certified_technician' | 'part_missing' | 'window_unreachable' | 'no_room';

const EPS = 1e-7;

/** The technicians pinning and certification allow for the job (certification valid through its latest end). */
function certified(job: Job, vehicles: readonly Vehicle[]): Vehicle[] {
  const latestEnd = (job.pinned?.start ?? job.window.end) + job.duration;
  return vehicles.filter((v) => {
    if (job.pinned && job.pinned.vehicleId !== v.id) return false;
    if (job.certification === undefined) return true;
    return (v.certifications ?? []).some(
      (c) => c.code === job.certification && (c.expiresAt === undefined || c.expiresAt >= latestEnd),
    );
  });
}

/** Whether the van (and, for a technician leaving from the outlet, the outlet's stock) holds the job's parts. */
function partsCovered(job: Job, v: Vehicle, depotStock: Readonly<Record<string, number>> | undefined): boolean {
  for (const [code, qty] of Object.entries(job.parts ?? {})) {
    if (qty <= 0) continue;
    const have = (v.stock?.[code] ?? 0) + (v.depotAccess ? (depotStock?.[code] ?? 0) : 0);
    if (have + EPS < qty) return false;
  }
  return true;
}

/**
 * Whether the technician could do the job alone: leave the start at the shift start, reach it inside
 * its window (or at its pinned start), be back at the end by the shift end, with the break taken
 * before leaving or after the visit (where the solver takes it: where the technician is).
 */
function reachableAlone(problem: Problem, job: Job, v: Vehicle): boolean {
  const early = job.pinned?.start ?? job.window.start;
  const late = job.pinned?.start ?? job.window.end;
  const there = travelMinutes(v.start, job.location, problem.travel);
  const back = travelMinutes(job.location, v.end, problem.travel);
  const brk = v.break;
  const run = (breakFirst: boolean): boolean => {
    let t = v.shift.start;
    if (brk && breakFirst) {
      t = Math.max(t, brk.earliestStart);
      if (t > brk.latestStart + EPS) return false;
      t += brk.duration;
    }
    t = Math.max(t + there, early);
    if (t > late + EPS) return false;
    t += job.duration;
    if (brk && !breakFirst) {
      t = Math.max(t, brk.earliestStart);
      if (t > brk.latestStart + EPS) return false;
      t += brk.duration;
    }
    return t + back <= v.shift.end + EPS;
  };
  return run(false) || (brk !== undefined && run(true));
}

/** For each unassigned job of the plan, why it was left out (the first reason that applies). */
export function explainUnplaced(problem: Problem, solution: Solution): Map<string, UnplacedReason> {
  const jobs = new Map(problem.jobs.map((j) => [j.id, j]));
  const out = new Map<string, UnplacedReason>();
  for (const id of solution.unassigned) {
    const job = jobs.get(id);
    if (!job) continue;
    const able = certified(job, problem.vehicles);
    if (able.length === 0) {
      out.set(id, 'no_certified_technician');
      continue;
    }
    const stocked = able.filter((v) => partsCovered(job, v, problem.depotStock));
    if (stocked.length === 0) {
      out.set(id, 'part_missing');
      continue;
    }
    out.set(id, stocked.some((v) => reachableAlone(problem, job, v)) ? 'no_room' : 'window_unreachable');
  }
  return out;
}
