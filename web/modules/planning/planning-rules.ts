import type {
  BoardTechnician,
  BoardVisit,
  Plan,
  PlanRoute,
  PlanStop,
  Point,
  UnplacedReason,
} from '../../../server/modules/planning/contract.js';
import { addDays, localDay } from '../../../shared/time-zone.js';
import type { MessageKey } from '../../i18n/index.js';

/*
 * The planning screens' pure helpers: clock times of plan minutes, a colour per technician, the
 * plain plot's projection of lat/lng, the timeline's scale, and where a visit stands in a plan.
 */

const DAY = 24 * 60;

/** Minutes since the plan day's midnight as "HH:MM"; past midnight (a late shift) adds "+1". */
export function clock(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const days = Math.floor(m / DAY);
  const inDay = m % DAY;
  const hh = String(Math.floor(inDay / 60)).padStart(2, '0');
  const mm = String(inDay % 60).padStart(2, '0');
  return days > 0 ? `${hh}:${mm}+${days}` : `${hh}:${mm}`;
}

/** "HH:MM–HH:MM" of a span of plan minutes. */
export function span(start: number, end: number): string {
  return `${clock(start)}–${clock(end)}`;
}

/** Twelve colours far enough apart on a map and a timeline; a thirteenth technician starts over. */
export const TECH_PALETTE = [
  '#1677ff',
  '#fa541c',
  '#52c41a',
  '#722ed1',
  '#eb2f96',
  '#13c2c2',
  '#faad14',
  '#2f54eb',
  '#a0d911',
  '#f5222d',
  '#08979c',
  '#614700',
] as const;

/** Each technician's colour, by their place in the board's list (stable for a board). */
export function techColors(technicians: readonly Pick<BoardTechnician, 'id'>[]): Map<string, string> {
  return new Map(technicians.map((t, i) => [t.id, TECH_PALETTE[i % TECH_PALETTE.length]!]));
}

/** The colour of visits no route holds. */
export const UNPLANNED_COLOR = '#8c8c8c';

/** Tomorrow in the company's zone: the day a planner plans by default. */
export function tomorrow(now: Date, timeZone: string): string {
  return addDays(localDay(now, timeZone), 1);
}

/** Today in the company's zone. */
export function today(now: Date, timeZone: string): string {
  return localDay(now, timeZone);
}

export interface Projection {
  /** Screen x, y of a point inside the box (padding kept). */
  toXY(p: Point): { x: number; y: number };
  width: number;
  height: number;
}

/**
 * An equirectangular projection of the points into a box of `width` × `height` with `pad` around:
 * longitude shrunk by cos(mean latitude) so a city's streets keep their shape, the scale the same on
 * both axes, the drawing centred, north up. One point or none: the middle of the box.
 */
export function projection(points: readonly Point[], width: number, height: number, pad = 16): Projection {
  if (points.length === 0) return { width, height, toXY: () => ({ x: width / 2, y: height / 2 }) };
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  const minLat = Math.min(...lats);
  const maxLat = Math.max(...lats);
  const minLng = Math.min(...lngs);
  const maxLng = Math.max(...lngs);
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = (maxLng - minLng) * k;
  const spanY = maxLat - minLat;
  const innerW = Math.max(1, width - 2 * pad);
  const innerH = Math.max(1, height - 2 * pad);
  if (spanX === 0 && spanY === 0) return { width, height, toXY: () => ({ x: width / 2, y: height / 2 }) };
  const scale = Math.min(spanX > 0 ? innerW / spanX : Infinity, spanY > 0 ? innerH / spanY : Infinity);
  const offX = pad + (innerW - spanX * scale) / 2;
  const offY = pad + (innerH - spanY * scale) / 2;
  return {
    width,
    height,
    toXY: (p) => ({ x: offX + (p.lng - minLng) * k * scale, y: offY + (maxLat - p.lat) * scale }),
  };
}

/** The timeline's span: from the earliest shift start to the latest end, whole hours around. */
export function timelineSpan(
  technicians: readonly Pick<BoardTechnician, 'shift'>[],
  routes: readonly Pick<PlanRoute, 'departure' | 'returnAt'>[] = [],
): { from: number; to: number } {
  const starts = [...technicians.map((t) => t.shift.start), ...routes.map((r) => r.departure)];
  const ends = [...technicians.map((t) => t.shift.end), ...routes.map((r) => r.returnAt)];
  if (starts.length === 0) return { from: 8 * 60, to: 18 * 60 };
  const from = Math.floor(Math.min(...starts) / 60) * 60;
  const to = Math.max(from + 60, Math.ceil(Math.max(...ends) / 60) * 60);
  return { from, to };
}

/** Where a minute falls on the timeline, in percent of its width (clamped to 0–100). */
export function percentOf(minute: number, range: { from: number; to: number }): number {
  const w = range.to - range.from;
  if (w <= 0) return 0;
  return Math.min(100, Math.max(0, ((minute - range.from) / w) * 100));
}

/** The whole hours of a span, for the timeline's scale. */
export function hourTicks(range: { from: number; to: number }): number[] {
  const ticks: number[] = [];
  for (let m = Math.ceil(range.from / 60) * 60; m <= range.to; m += 60) ticks.push(m);
  return ticks;
}

/** Where a visit stands in a plan: its technician, 0-based position and the stop itself. */
export interface Placement {
  technicianId: string;
  position: number;
  stop: PlanStop;
}

export function placements(plan: Pick<Plan, 'routes'> | null | undefined): Map<string, Placement> {
  const out = new Map<string, Placement>();
  for (const r of plan?.routes ?? [])
    r.stops.forEach((stop, position) => {
      out.set(stop.orderId, { technicianId: r.technicianId, position, stop });
    });
  return out;
}

/** The message key of an unplaced reason. */
export const reasonKey = (r: UnplacedReason): MessageKey => `planning.reason.${r}`;

/** How far the progress bar stands while the solver runs: elapsed over the time limit, never 100 before the answer. */
export function progressPercent(elapsedMs: number, limitMs: number): number {
  if (limitMs <= 0) return 99;
  return Math.min(99, Math.max(0, Math.floor((elapsedMs / limitMs) * 100)));
}

/** The visits of the board a plan does not place and that are not listed as unplaced (e.g. new since). */
export function visitsOutsidePlan(visits: readonly BoardVisit[], plan: Plan | null | undefined): BoardVisit[] {
  if (!plan) return [];
  const placed = placements(plan);
  const unplaced = new Set(plan.unplaced.map((u) => u.orderId));
  return visits.filter((v) => !placed.has(v.orderId) && !unplaced.has(v.orderId));
}

/** Visits the pool may take: not started, no technician, not pooled already. */
export function poolable(v: BoardVisit): boolean {
  return !v.fixed && !v.technicianId && !v.pooled;
}

/** Positions a moved visit may take in a route of `stops` stops (its own stop left out when it is already there). */
export function positionCount(route: Pick<PlanRoute, 'stops'> | undefined, orderId: string): number {
  if (!route) return 1;
  return route.stops.filter((s) => s.orderId !== orderId).length + 1;
}
