import type { Location, Problem, Solution, TravelConfig } from './problem.js';

/*
 * The independent checker: reads a plan as a dispatcher would and lists every broken rule. It shares
 * nothing with the solver's own feasibility maths (no segments, no compiled model, its own travel
 * formula) so a bug there cannot hide here. It trusts only the problem and the reported times:
 * each visit once, the right technician, windows, shifts, the break, certifications, parts, pinned
 * visits and loads, and it recomputes the travel and lateness from the coordinates.
 */

export interface CheckResult {
  readonly feasible: boolean;
  readonly violations: readonly string[];
  readonly travelTime: number;
  readonly lateness: number;
  readonly vehicles: number;
  readonly unassigned: number;
}

/** Where a location sits in a matrix configuration's points: same coordinates. */
function pointAt(points: readonly Location[], p: Location): number {
  const i = points.findIndex((q) =>
    'x' in p ? 'x' in q && q.x === p.x && q.y === p.y : 'lat' in q && q.lat === p.lat && q.lng === p.lng,
  );
  if (i < 0) throw new Error('location not among the travel matrix points');
  return i;
}

function minutes(a: Location, b: Location, c: TravelConfig): number {
  if (c.kind === 'matrix') {
    const t = c.minutes[pointAt(c.points, a)]?.[pointAt(c.points, b)];
    if (t === undefined) throw new Error('travel matrix row or column missing');
    return t;
  }
  if (c.kind === 'euclidean') {
    if (!('x' in a) || !('x' in b)) throw new Error('planar locations expected');
    const d2 = (a.x - b.x) ** 2 + (a.y - b.y) ** 2;
    return c.decimals === 1 ? Math.trunc(Math.sqrt(d2 * 100)) / 10 : Math.sqrt(d2);
  }
  if (!('lat' in a) || !('lat' in b)) throw new Error('lat/lng locations expected');
  const r = Math.PI / 180;
  const s =
    Math.sin(((b.lat - a.lat) * r) / 2) ** 2 +
    Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lng - a.lng) * r) / 2) ** 2;
  const km = 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(s)));
  const road = km * c.roadFactor;
  const near = c.far ? Math.min(road, c.far.beyondKm) : road;
  return 60 * (near / c.speedKmh + (c.far ? (road - near) / c.far.speedKmh : 0));
}

export function checkSolution(problem: Problem, solution: Solution, tolerance = 1e-6): CheckResult {
  const bad: string[] = [];
  const tol = tolerance;
  const jobs = new Map(problem.jobs.map((j) => [j.id, j]));
  const vehicles = new Map(problem.vehicles.map((v) => [v.id, v]));
  const seen = new Map<string, number>();
  const count = (id: string) => seen.set(id, (seen.get(id) ?? 0) + 1);
  const usedVehicles = new Set<string>();
  let travel = 0;
  let lateness = 0;
  let used = 0;
  // Parts taken from the outlet by the technicians leaving from it, over all routes.
  const fromOutlet = new Map<string, number>();

  for (const route of solution.routes) {
    const v = vehicles.get(route.vehicleId);
    const who = `vehicle ${route.vehicleId}`;
    if (!v) {
      bad.push(`${who}: unknown`);
      continue;
    }
    if (usedVehicles.has(v.id)) bad.push(`${who}: has two routes`);
    usedVehicles.add(v.id);
    if (route.stops.length === 0) continue;
    used++;
    if (route.departure < v.shift.start - tol) bad.push(`${who}: leaves at ${route.departure} before the shift`);
    const travelBefore = travel;
    let at = v.start;
    let free = route.departure;
    let units = 0;
    let work = 0;
    const parts = new Map<string, number>();
    // Idle gaps [from, to] with the travel inside them: where the break may sit.
    const gaps: { from: number; to: number; leg: number }[] = [];
    for (const stop of route.stops) {
      count(stop.jobId);
      const job = jobs.get(stop.jobId);
      if (!job) {
        bad.push(`${who}: unknown job ${stop.jobId}`);
        continue;
      }
      const what = `${who}, job ${job.id}`;
      const leg = minutes(at, job.location, problem.travel);
      travel += leg;
      gaps.push({ from: free, to: stop.start, leg });
      if (stop.arrival < free + leg - tol)
        bad.push(`${what}: arrives at ${stop.arrival}, before it can (${free + leg})`);
      if (stop.start < stop.arrival - tol) bad.push(`${what}: starts before arriving`);
      if (stop.start < job.window.start - tol || stop.start > job.window.end + tol) {
        bad.push(`${what}: starts at ${stop.start} outside its window [${job.window.start}, ${job.window.end}]`);
      }
      if (Math.abs(stop.end - stop.start - job.duration) > tol)
        bad.push(`${what}: lasts ${stop.end - stop.start}, not ${job.duration}`);
      if (job.softEnd !== undefined && stop.start > job.softEnd) lateness += stop.start - job.softEnd;
      if (job.pinned) {
        if (job.pinned.vehicleId !== v.id) bad.push(`${what}: pinned to ${job.pinned.vehicleId}`);
        if (job.pinned.start !== undefined && Math.abs(stop.start - job.pinned.start) > tol) {
          bad.push(`${what}: pinned at ${job.pinned.start}, starts at ${stop.start}`);
        }
      }
      if (job.certification !== undefined) {
        const ok = (v.certifications ?? []).some(
          (c) => c.code === job.certification && (c.expiresAt === undefined || c.expiresAt >= stop.end - tol),
        );
        if (!ok) bad.push(`${what}: needs a valid ${job.certification} certification`);
      }
      for (const [code, qty] of Object.entries(job.parts ?? {})) parts.set(code, (parts.get(code) ?? 0) + qty);
      units += job.demand ?? 1;
      work += job.duration;
      free = stop.end;
      at = job.location;
    }
    const back = minutes(at, v.end, problem.travel);
    travel += back;
    gaps.push({ from: free, to: route.returnAt, leg: back });
    if (route.returnAt < free + back - tol)
      bad.push(`${who}: back at ${route.returnAt}, before it can (${free + back})`);
    if (route.returnAt > v.shift.end + tol)
      bad.push(`${who}: back at ${route.returnAt}, after the shift ends (${v.shift.end})`);
    if (Math.abs(route.travelTime - (travel - travelBefore)) > 1e-6 * Math.max(1, travel)) {
      bad.push(`${who}: reports ${route.travelTime} minutes of travel, the coordinates give ${travel - travelBefore}`);
    }
    const cap = v.capacity;
    if (cap?.jobs !== undefined && route.stops.length > cap.jobs)
      bad.push(`${who}: ${route.stops.length} jobs over ${cap.jobs}`);
    if (cap?.units !== undefined && units > cap.units + tol) bad.push(`${who}: load ${units} over ${cap.units}`);
    if (cap?.workMinutes !== undefined && work > cap.workMinutes + tol)
      bad.push(`${who}: ${work} minutes of work over ${cap.workMinutes}`);
    for (const [code, qty] of parts) {
      const have = v.stock?.[code] ?? 0;
      if (qty <= have + tol) continue;
      if (v.depotAccess) fromOutlet.set(code, (fromOutlet.get(code) ?? 0) + qty - have);
      else bad.push(`${who}: needs ${qty} of part ${code}, the van holds ${have}`);
    }
    if (v.break) {
      const b = route.break;
      if (!b) bad.push(`${who}: no break`);
      else {
        if (b.start < v.break.earliestStart - tol || b.start > v.break.latestStart + tol) {
          bad.push(`${who}: break at ${b.start} outside [${v.break.earliestStart}, ${v.break.latestStart}]`);
        }
        if (Math.abs(b.end - b.start - v.break.duration) > tol) bad.push(`${who}: break of ${b.end - b.start} minutes`);
        const fits = gaps.some(
          (g) => b.start >= g.from - tol && b.end <= g.to + tol && g.to - g.from - g.leg >= v.break!.duration - tol,
        );
        if (!fits) bad.push(`${who}: break [${b.start}, ${b.end}] overlaps a visit or the travel`);
      }
    }
  }
  for (const [code, qty] of fromOutlet) {
    const held = problem.depotStock?.[code] ?? 0;
    if (qty > held + tol) bad.push(`outlet: the routes take ${qty} of part ${code}, it holds ${held}`);
  }
  for (const id of solution.unassigned) count(id);
  for (const job of problem.jobs) {
    const n = seen.get(job.id) ?? 0;
    if (n !== 1) bad.push(`job ${job.id}: appears ${n} times`);
  }
  for (const id of seen.keys()) if (!jobs.has(id)) bad.push(`job ${id}: not in the problem`);
  return {
    feasible: bad.length === 0,
    violations: bad,
    travelTime: travel,
    lateness,
    vehicles: used,
    unassigned: solution.unassigned.length,
  };
}
