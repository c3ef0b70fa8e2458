import type { Location, Problem } from './problem.js';
import { travelMatrix } from './travel.js';

/*
 * The problem compiled to flat typed arrays, once per solve: the search loop then reads numbers by
 * index and allocates nothing. Node ids: jobs are 0..J-1, vehicle v's lunch break is J+v.
 * Location ids: job j is j, vehicle v's start is J+2v and its end J+2v+1.
 */
export interface Model {
  readonly J: number;
  readonly V: number;
  /** Number of locations (matrix side). */
  readonly L: number;
  readonly time: Float64Array;
  /** Per node (jobs then breaks): location (-1 for a break: it is taken where the technician is). */
  readonly loc: Int32Array;
  /** Per node: earliest and latest start, and minutes spent. */
  readonly early: Float64Array;
  readonly late: Float64Array;
  readonly service: Float64Array;
  readonly demand: Float64Array;
  readonly softEnd: Float64Array;
  readonly hasSoft: boolean;
  readonly latenessWeight: number;
  /** Penalty of leaving job j unassigned: large enough to dominate any travel. */
  readonly missPenalty: Float64Array;
  readonly shiftStart: Float64Array;
  readonly shiftEnd: Float64Array;
  readonly hasBreak: Uint8Array;
  readonly capJobs: Float64Array;
  readonly capUnits: Float64Array;
  readonly capWork: Float64Array;
  /** eligible[j * V + v]: certification (valid through the window) and pinning allow v for j. */
  readonly eligible: Uint8Array;
  /** Parts: P codes; per job its (part, qty) pairs flattened; per vehicle its stock. */
  readonly P: number;
  readonly jobPartsStart: Int32Array;
  readonly jobParts: Float64Array;
  readonly stock: Float64Array;
  /** Per vehicle: 1 when it may take parts from the outlet; per part: the outlet's stock. */
  readonly depotAccess: Uint8Array;
  readonly depotStock: Float64Array;
  /** Per job the other jobs by increasing travel time (the ruin's neighbourhoods). */
  readonly near: Int32Array;
  /**
   * Per vehicle: vehicles with the same end location, shift and break share a class; a route's tail
   * may move to another route of its class as it is (the local search's tail exchange).
   */
  readonly endClass: Int32Array;
}

/** Lexicographic objective: any job served beats any amount of travel or lateness. */
const MISS_BASE = 1e7;

export function compile(problem: Problem): Model {
  const J = problem.jobs.length;
  const V = problem.vehicles.length;
  const L = J + 2 * V;
  const locations: Location[] = problem.jobs.map((j) => j.location);
  for (const v of problem.vehicles) locations.push(v.start, v.end);
  const time = travelMatrix(locations, problem.travel);
  const N = J + V;
  const loc = new Int32Array(N).fill(-1);
  const early = new Float64Array(N);
  const late = new Float64Array(N);
  const service = new Float64Array(N);
  const demand = new Float64Array(J);
  const softEnd = new Float64Array(J).fill(Number.POSITIVE_INFINITY);
  const missPenalty = new Float64Array(J);
  const vehicleIndex = new Map(problem.vehicles.map((v, i) => [v.id, i]));
  const partIndex = new Map<string, number>();
  const partOf = (code: string) => {
    const known = partIndex.get(code);
    if (known !== undefined) return known;
    const p = partIndex.size;
    partIndex.set(code, p);
    return p;
  };
  const jobPartsStart = new Int32Array(J + 1);
  const jobPartsList: number[] = [];
  let hasSoft = false;
  problem.jobs.forEach((job, j) => {
    loc[j] = j;
    early[j] = job.pinned?.start ?? job.window.start;
    late[j] = job.pinned?.start ?? job.window.end;
    service[j] = job.duration;
    demand[j] = job.demand ?? 1;
    if (job.softEnd !== undefined) {
      softEnd[j] = job.softEnd;
      hasSoft = true;
    }
    // Confirmed visits weigh as a hundred ordinary ones: dropping one breaks a promise already made.
    missPenalty[j] = MISS_BASE * (job.priority ?? 1) * (job.pinned ? 100 : 1);
    jobPartsStart[j] = jobPartsList.length / 2;
    for (const [code, qty] of Object.entries(job.parts ?? {})) if (qty > 0) jobPartsList.push(partOf(code), qty);
  });
  jobPartsStart[J] = jobPartsList.length / 2;
  const P = partIndex.size;
  const stock = new Float64Array(V * P);
  const shiftStart = new Float64Array(V);
  const shiftEnd = new Float64Array(V);
  const hasBreak = new Uint8Array(V);
  const depotAccess = new Uint8Array(V);
  const depotStock = new Float64Array(P);
  for (const [code, qty] of Object.entries(problem.depotStock ?? {})) {
    const p = partIndex.get(code);
    if (p !== undefined) depotStock[p] = qty;
  }
  const capJobs = new Float64Array(V);
  const capUnits = new Float64Array(V);
  const capWork = new Float64Array(V);
  problem.vehicles.forEach((v, i) => {
    shiftStart[i] = v.shift.start;
    shiftEnd[i] = v.shift.end;
    capJobs[i] = v.capacity?.jobs ?? Number.POSITIVE_INFINITY;
    capUnits[i] = v.capacity?.units ?? Number.POSITIVE_INFINITY;
    capWork[i] = v.capacity?.workMinutes ?? Number.POSITIVE_INFINITY;
    depotAccess[i] = v.depotAccess ? 1 : 0;
    for (const [code, qty] of Object.entries(v.stock ?? {})) {
      const p = partIndex.get(code);
      if (p !== undefined) stock[i * P + p] = qty;
    }
    if (v.break) {
      hasBreak[i] = 1;
      early[J + i] = v.break.earliestStart;
      late[J + i] = v.break.latestStart;
      service[J + i] = v.break.duration;
    }
  });
  const eligible = new Uint8Array(J * V);
  problem.jobs.forEach((job, j) => {
    const pinnedTo = job.pinned ? vehicleIndex.get(job.pinned.vehicleId) : undefined;
    problem.vehicles.forEach((v, i) => {
      if (job.pinned && pinnedTo !== i) return;
      if (job.certification !== undefined) {
        // Valid through the latest moment the visit could end: a cert expiring mid-visit does not count.
        const until = late[j]! + job.duration;
        const ok = (v.certifications ?? []).some(
          (c) => c.code === job.certification && (c.expiresAt === undefined || c.expiresAt >= until),
        );
        if (!ok) return;
      }
      // The van, and the outlet's whole stock for a technician leaving from it (shared: routes.ts).
      for (let k = jobPartsStart[j]!; k < jobPartsStart[j + 1]!; k++) {
        const p = jobPartsList[2 * k]!;
        const have = stock[i * P + p]! + (depotAccess[i] ? depotStock[p]! : 0);
        if (have < jobPartsList[2 * k + 1]!) return;
      }
      eligible[j * V + i] = 1;
    });
  });
  const near = new Int32Array(J * Math.max(0, J - 1));
  const order: number[] = [];
  for (let j = 0; j < J; j++) {
    order.length = 0;
    for (let k = 0; k < J; k++) if (k !== j) order.push(k);
    order.sort((a, b) => time[j * L + a]! - time[j * L + b]! || a - b);
    near.set(order, j * (J - 1));
  }
  const endClass = new Int32Array(V);
  const classes = new Map<string, number>();
  problem.vehicles.forEach((v, i) => {
    const key = JSON.stringify([v.end, v.shift.start, v.shift.end, v.break ?? null]);
    if (!classes.has(key)) classes.set(key, classes.size);
    endClass[i] = classes.get(key)!;
  });
  return {
    J,
    V,
    L,
    time,
    loc,
    early,
    late,
    service,
    demand,
    softEnd,
    hasSoft,
    latenessWeight: problem.latenessWeight ?? 10,
    missPenalty,
    shiftStart,
    shiftEnd,
    hasBreak,
    capJobs,
    capUnits,
    capWork,
    eligible,
    P,
    jobPartsStart,
    jobParts: Float64Array.from(jobPartsList),
    stock,
    depotAccess,
    depotStock,
    near,
    endClass,
  };
}

export const startLoc = (m: Model, v: number) => m.J + 2 * v;
export const endLoc = (m: Model, v: number) => m.J + 2 * v + 1;
