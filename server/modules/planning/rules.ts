import { addDays, endOfLocalDay } from '../../../shared/time-zone.js';
import type { UnplacedReason } from './contract.js';
import type { Location, Problem, Route, Solution, Vehicle } from './solver/problem.js';
import { travelMinutes } from './solver/travel.js';
import type { StoredPlan, StoredRoute, StoredStop } from './tables.js';

/*
 * The planning board's pure rules (docs/planning-board.md): clock times and the minutes axis of a
 * plan day in the company's time zone, the appointment a published stop books, when a plan is
 * stale, a solver solution as a stored plan, and the schedule of a route in a given order (moves
 * by hand). No database, no clock.
 */

type LocalText = { 'zh-CN': string; en: string };

const MINUTE = 60_000;

/** "HH:MM" → minutes since midnight. */
export function clockMinutes(clock: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(clock);
  if (!m) throw new Error(`not a clock time: ${clock}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The instant the day starts (local midnight) in the zone. */
export function dayStart(day: string, timeZone: string): Date {
  return new Date(endOfLocalDay(addDays(day, -1), timeZone).getTime() + 1);
}

/** The instant `minutes` after the day's local midnight. */
export function instantOf(day: string, minutes: number, timeZone: string): Date {
  return new Date(dayStart(day, timeZone).getTime() + minutes * MINUTE);
}

/** Minutes since the day's local midnight of an instant (negative before, over 1440 after the day). */
export function minutesOf(day: string, at: Date, timeZone: string): number {
  return (at.getTime() - dayStart(day, timeZone).getTime()) / MINUTE;
}

/** Whole days from `a` to `b` (YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The appointment a published stop books: from its start rounded down to the half hour, `length` minutes. */
export function appointmentWindow(start: number, length: number): { from: number; to: number } {
  const from = Math.floor(start / 30) * 30;
  return { from, to: from + length };
}

/** Whether a booked window [from, to) holds the instant. */
export function windowHolds(from: Date | null, to: Date | null, at: Date): boolean {
  return !!from && !!to && from.getTime() <= at.getTime() && at.getTime() < to.getTime();
}

/** Order priority 1 (most urgent) … 3 → the solver's weight of leaving it out (3 … 1). */
export function solverPriority(priority: number): number {
  return Math.max(1, Math.min(3, 4 - priority));
}

/** A plan is stale when a visit's order changed since it was made, a new visit came, or a planned one left. */
export function isStale(
  orderVersions: Readonly<Record<string, number>>,
  visits: readonly { orderId: string; version: number }[],
): boolean {
  const now = new Map(visits.map((v) => [v.orderId, v.version]));
  for (const [id, version] of Object.entries(orderVersions)) if (now.get(id) !== version) return true;
  return visits.some((v) => !(v.orderId in orderVersions));
}

const round = (n: number) => Math.round(n);

/** One solver route as stored (whole minutes); lateness against the visits' soft ends. */
export function storedRouteOf(route: Route, softEnds: ReadonlyMap<string, number>): StoredRoute {
  return {
    technicianId: route.vehicleId,
    departure: round(route.departure),
    returnAt: round(route.returnAt),
    travelMinutes: round(route.travelTime),
    break: route.break ? { start: round(route.break.start), end: round(route.break.end) } : null,
    stops: route.stops.map((s, i): StoredStop => {
      const soft = softEnds.get(s.jobId);
      const prevEnd = i === 0 ? route.departure : route.stops[i - 1]!.end;
      const pause =
        route.break && route.break.start >= prevEnd && route.break.end <= s.start
          ? route.break.end - route.break.start
          : 0;
      return {
        orderId: s.jobId,
        arrival: round(s.arrival),
        start: round(s.start),
        end: round(s.end),
        // The leg from the previous stop (or the start), as the arrival shows it (waiting and the break excluded).
        travelMinutes: Math.max(0, round(s.arrival - prevEnd - pause)),
        lateMinutes: soft !== undefined && s.start > soft ? round(s.start - soft) : 0,
      };
    }),
  };
}

/** The cost of stored routes and unplaced visits. */
export function costOf(routes: readonly StoredRoute[], unplaced: number): StoredPlan['cost'] {
  let late = 0;
  let travel = 0;
  let used = 0;
  for (const r of routes) {
    if (r.stops.length === 0) continue;
    used++;
    travel += r.travelMinutes;
    for (const s of r.stops) late += s.lateMinutes;
  }
  return { unplaced, lateMinutes: late, travelMinutes: travel, technicians: used };
}

/**
 * A solver solution as a stored plan: every technician's route (empty ones too, so the board shows
 * each technician's row), the unplaced visits with their reason (`reasons`: the diagnosis; visits
 * never given to the solver — no coordinates — come in `excluded`), and the orders' versions.
 */
export function storedPlanOf(
  problem: Problem,
  solution: Solution,
  reasons: ReadonlyMap<string, UnplacedReason>,
  excluded: readonly { orderId: string; reason: UnplacedReason }[],
  orderVersions: Record<string, number>,
): StoredPlan {
  const softEnds = new Map<string, number>();
  for (const j of problem.jobs) if (j.softEnd !== undefined) softEnds.set(j.id, j.softEnd);
  const byVehicle = new Map(solution.routes.map((r) => [r.vehicleId, r]));
  const routes = problem.vehicles.map((v) => {
    const r = byVehicle.get(v.id);
    return r ? storedRouteOf(r, softEnds) : emptyRoute(v);
  });
  const unplaced = [
    ...excluded,
    ...solution.unassigned.map((id) => ({ orderId: id, reason: reasons.get(id) ?? ('no_room' as const) })),
  ];
  return { routes, unplaced, cost: costOf(routes, unplaced.length), orderVersions };
}

function emptyRoute(v: Vehicle): StoredRoute {
  return {
    technicianId: v.id,
    departure: v.shift.start,
    returnAt: v.shift.start,
    travelMinutes: 0,
    break: null,
    stops: [],
  };
}

/**
 * The earliest schedule of a technician's visits in the given order: leave at the shift's start
 * (later when the first visit's window opens later), start each visit as soon as it is reached and
 * its window (or pinned start) allows, and take the break before travelling on at the first stop
 * where it costs no waiting the visit would not have anyway, or where it is the last chance before
 * its latest start. Feasibility is not judged here: the independent checker reads the result.
 */
export function scheduleRoute(problem: Problem, vehicle: Vehicle, jobIds: readonly string[]): Route {
  const jobs = new Map(problem.jobs.map((j) => [j.id, j]));
  const brk = vehicle.break;
  const leg = (a: Location, b: Location) => travelMinutes(a, b, problem.travel);
  if (jobIds.length === 0) {
    return {
      vehicleId: vehicle.id,
      departure: vehicle.shift.start,
      stops: [],
      returnAt: vehicle.shift.start,
      travelTime: 0,
    };
  }
  const list = jobIds.map((id) => {
    const j = jobs.get(id);
    if (!j) throw new Error(`unknown visit ${id}`);
    return j;
  });
  const lower = (i: number) => list[i]!.pinned?.start ?? list[i]!.window.start;
  let at: Location = vehicle.start;
  let free = vehicle.shift.start;
  let breakAt: { start: number; end: number } | undefined;
  let travel = 0;
  const stops: { jobId: string; arrival: number; start: number; end: number }[] = [];
  // Legs 0…n-1 lead to the visits, leg n back to the end location.
  for (let i = 0; i <= list.length; i++) {
    const to = i < list.length ? list[i]!.location : vehicle.end;
    const d = leg(at, to);
    travel += d;
    const lb = i < list.length ? lower(i) : Number.NEGATIVE_INFINITY;
    let depart = free;
    if (brk && !breakAt) {
      const bStart = Math.max(free, brk.earliestStart);
      if (bStart <= brk.latestStart) {
        const withBreak = Math.max(bStart + brk.duration + d, lb);
        const without = Math.max(free + d, lb);
        // The stop after this one ends no earlier than this one's end: the last chance is here
        // when waiting for the next gap would start the break too late.
        const nextFree = i < list.length ? without + list[i]!.duration : Number.POSITIVE_INFINITY;
        if (withBreak <= without || nextFree > brk.latestStart || i === list.length) {
          breakAt = { start: bStart, end: bStart + brk.duration };
          depart = breakAt.end;
        }
      }
    }
    if (i === list.length) {
      const departure = departureOf(vehicle, stops, breakAt, leg(vehicle.start, list[0]!.location));
      return {
        vehicleId: vehicle.id,
        departure,
        stops,
        ...(breakAt ? { break: breakAt } : {}),
        returnAt: depart + d,
        travelTime: travel,
      };
    }
    const arrival = depart + d;
    const start = Math.max(arrival, lb);
    stops.push({ jobId: list[i]!.id, arrival, start, end: start + list[i]!.duration });
    free = start + list[i]!.duration;
    at = list[i]!.location;
  }
  throw new Error('unreachable');
}

/** Leave as late as the first visit allows (no waiting on the doorstep), unless the break comes first. */
function departureOf(
  vehicle: Vehicle,
  stops: { arrival: number; start: number }[],
  breakAt: { start: number; end: number } | undefined,
  firstLeg: number,
): number {
  const first = stops[0]!;
  // The break taken before the first leg: leave at the shift's start, as scheduled.
  if (breakAt && breakAt.end <= first.start) return vehicle.shift.start;
  const departure = Math.max(vehicle.shift.start, first.start - firstLeg);
  first.arrival = departure + firstLeg;
  return departure;
}

/** What the checker's first complaint about a route means, for the planner (bilingual). */
export function violationText(violations: readonly string[]): LocalText {
  const v = violations[0] ?? '';
  const pick = (zh: string, en: string): LocalText => ({ 'zh-CN': zh, en });
  if (/outside its window/.test(v)) return pick('无法在预约时段内到达', 'The visit cannot start inside its window');
  if (/after the shift ends/.test(v)) return pick('超出工程师的下班时间', 'The route runs past the end of the shift');
  if (/before the shift/.test(v)) return pick('早于工程师的上班时间', 'The route starts before the shift');
  if (/certification/.test(v))
    return pick('工程师没有该产品线的有效资质', 'The technician is not certified for the product line');
  if (/of part/.test(v)) return pick('工程师车载库存缺少所需配件', "The technician's van lacks a part the visit needs");
  if (/pinned at/.test(v))
    return pick('已锁定或已开始的服务时间会被推迟', 'A locked or started visit would move in time');
  if (/pinned to/.test(v)) return pick('该服务已由其他工程师执行', 'The visit is held by another technician');
  if (/jobs over/.test(v)) return pick('超出工程师每日最多服务数', "Over the technician's visits a day");
  if (/break/.test(v)) return pick('午休无法安排', 'No room for the lunch break');
  return pick('该安排不可行', 'The arrangement does not fit');
}
