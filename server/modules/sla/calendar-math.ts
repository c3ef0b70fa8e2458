import chineseDays from 'chinese-days';
import { localDay } from '../../../shared/time-zone.js';

// The package is CommonJS: Node's ESM loader offers no named exports, so take them off the default.
const { getDayDetail, getHolidaysInRange } = chineseDays;

/*
 * Working-time arithmetic for time limits (DOMAIN.md, Time limits): pure — no database, no
 * clock. A calendar is either 24x7 (every minute counts) or `working`: per-weekday intervals
 * of local time in the calendar's zone, with statutory holidays and adjusted working days
 * (调休) from chinese-days, and the project's own day overrides winning over the package.
 *
 * Which day is a working day, in order:
 *   1. an override of the calendar (admin: 'work' or 'off');
 *   2. the statutory calendar: a listed holiday is off, a listed adjusted working day (调休) is on;
 *   3. otherwise the weekday: a day is a working day when its weekday has intervals.
 * A working day whose weekday has no intervals (a 调休 Saturday) uses the first weekday that
 * has some (Monday's hours by default).
 *
 * A year chinese-days does not know (it covers 2004–2026 and silently reports unknown years as
 * plain weekdays) is *provisional* unless the admin confirmed it: the result of any computation
 * that looks at a day of such a year carries `provisional: true`.
 *
 * Times are counted in milliseconds; minutes in results are exact (possibly fractional).
 */

/** Minutes since local midnight, [from, to) with 0 ≤ from < to ≤ 1440. */
export type Interval = readonly [from: number, to: number];

export interface CalendarSpec {
  kind: '24x7' | 'working';
  timeZone: string;
  /** Index 0 = Monday … 6 = Sunday; local-time intervals, sorted, not overlapping. */
  hours: readonly (readonly Interval[])[];
  /** 'YYYY-MM-DD' → work/off; wins over the statutory calendar. */
  overrides: ReadonlyMap<string, 'work' | 'off'>;
  /** Years the admin confirmed (statutory data entered by hand as overrides). */
  confirmedYears: ReadonlySet<number>;
}

export interface Pause {
  from: Date;
  /** null: still paused. */
  to: Date | null;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far a computation may look ahead before giving up (a calendar with no working time). */
const MAX_DAYS = 3 * 366;

// ---------------------------------------------------------------------------------------------
// Statutory calendar

const knownYearCache = new Map<number, boolean>();

/** Whether chinese-days carries statutory data for a year (it has at least one holiday). */
export function packageKnowsYear(year: number): boolean {
  let known = knownYearCache.get(year);
  if (known === undefined) {
    known = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    knownYearCache.set(year, known);
  }
  return known;
}

const statutoryCache = new Map<string, 'work' | 'off' | null>();

/** The package's word on one date: a listed holiday ('off'), a 调休 working day ('work'), or nothing. */
export function statutoryDay(date: string): 'work' | 'off' | null {
  let v = statutoryCache.get(date);
  if (v === undefined) {
    const d = getDayDetail(date);
    // Listed days are named "English,中文,n"; plain days carry the weekday's name.
    v = d.name.includes(',') ? (d.work ? 'work' : 'off') : null;
    statutoryCache.set(date, v);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Time zones

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Offsets by zone and quarter hour. Every zone's offset changes only on a quarter hour of UTC
 * (tz database), so one lookup serves the whole quarter; `Intl` formatting is the costly part of
 * due-time maths (order creation, board reads, the demo load). Bounded: cleared when large.
 */
const QUARTER = 15 * 60 * 1000;
const offsetCache = new Map<string, number>();

/** The zone's offset from UTC at an instant, in ms (local = utc + offset). */
export function zoneOffset(ms: number, timeZone: string): number {
  const quarter = Math.floor(ms / QUARTER);
  const key = `${timeZone}|${quarter}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const at = quarter * QUARTER;
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const offset = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - at;
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** The local calendar day (as a UTC-midnight day number) of an instant. */
function localDayNumber(ms: number, timeZone: string): number {
  return Math.floor((ms + zoneOffset(ms, timeZone)) / DAY);
}

/** The instant of local time `minutes` after midnight of local day `day` (day number). */
function localToUtc(day: number, minutes: number, timeZone: string): number {
  const local = day * DAY + minutes * MINUTE;
  let guess = local - zoneOffset(local, timeZone);
  guess = local - zoneOffset(guess, timeZone);
  return guess;
}

export function isoDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD' of an instant in a zone. */
export function localDate(at: Date, timeZone: string): string {
  return localDay(at, timeZone);
}

// ---------------------------------------------------------------------------------------------
// Days

export interface DayInfo {
  date: string;
  work: boolean;
  /** Where the answer came from. */
  source: 'override' | 'statutory' | 'weekday';
  /** The year has no statutory data and was not confirmed: the answer may be wrong. */
  provisional: boolean;
  /** Statutory name, e.g. '国庆节'. */
  name?: string;
}

/** Monday = 0 … Sunday = 6 for a day number. */
function weekdayIndex(day: number): number {
  return (new Date(day * DAY).getUTCDay() + 6) % 7;
}

export function yearProvisional(cal: Pick<CalendarSpec, 'confirmedYears'>, year: number): boolean {
  return !packageKnowsYear(year) && !cal.confirmedYears.has(year);
}

function dayInfoOf(cal: CalendarSpec, day: number): DayInfo {
  const date = isoDate(day);
  const year = Number(date.slice(0, 4));
  const provisional = cal.kind === 'working' && yearProvisional(cal, year);
  const override = cal.overrides.get(date);
  if (override) return { date, work: override === 'work', source: 'override', provisional };
  if (packageKnowsYear(year)) {
    const s = statutoryDay(date);
    if (s) {
      const name = getDayDetail(date).name.split(',')[1];
      return { date, work: s === 'work', source: 'statutory', provisional, name };
    }
  }
  return { date, work: (cal.hours[weekdayIndex(day)]?.length ?? 0) > 0, source: 'weekday', provisional };
}

/** Work/off for one 'YYYY-MM-DD' (the month view of the admin page). */
export function dayInfo(cal: CalendarSpec, date: string): DayInfo {
  return dayInfoOf(cal, Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY));
}

/** The local intervals of a day: none on a day off; a working weekend day borrows Monday's hours. */
function hoursOf(cal: CalendarSpec, day: number, work: boolean): readonly Interval[] {
  if (!work) return [];
  const own = cal.hours[weekdayIndex(day)] ?? [];
  if (own.length) return own;
  return cal.hours.find((h) => h.length > 0) ?? [];
}

// ---------------------------------------------------------------------------------------------
// Running time

interface Segments {
  /** Disjoint [from, to) instants when the clock runs, in order; to may be Infinity. */
  next(): [number, number] | null;
  provisional: boolean;
}

/** The calendar's working time from `startMs` on, in order. */
function workingTime(cal: CalendarSpec, startMs: number): Segments {
  if (cal.kind === '24x7') {
    let done = false;
    return {
      provisional: false,
      next() {
        if (done) return null;
        done = true;
        return [startMs, Number.POSITIVE_INFINITY];
      },
    };
  }
  let day = localDayNumber(startMs, cal.timeZone);
  const lastDay = day + MAX_DAYS;
  let queue: [number, number][] = [];
  const self: Segments = {
    provisional: false,
    next() {
      while (queue.length === 0) {
        if (day > lastDay) return null;
        const info = dayInfoOf(cal, day);
        if (info.provisional) self.provisional = true;
        for (const [from, to] of hoursOf(cal, day, info.work)) {
          const a = Math.max(localToUtc(day, from, cal.timeZone), startMs);
          const b = localToUtc(day, to, cal.timeZone);
          if (b > a) queue.push([a, b]);
        }
        day += 1;
      }
      const [first, ...rest] = queue;
      queue = rest;
      return first!;
    },
  };
  return self;
}

/** Pauses as sorted, merged [from, to) instants (an open pause runs to Infinity). */
function mergePauses(pauses: readonly Pause[]): [number, number][] {
  const list = pauses
    .map((p): [number, number] => [p.from.getTime(), p.to ? p.to.getTime() : Number.POSITIVE_INFINITY])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of list) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Working time minus pauses: the instants when a limit's clock runs. */
function runningTime(cal: CalendarSpec, startMs: number, pauses: readonly Pause[]): Segments {
  const work = workingTime(cal, startMs);
  const stops = mergePauses(pauses);
  let pending: [number, number][] = [];
  let ended = false;
  const self: Segments = {
    get provisional() {
      return work.provisional;
    },
    next() {
      while (pending.length === 0) {
        if (ended) return null;
        const seg = work.next();
        if (!seg) return null;
        let [a, b] = seg;
        for (const [p, q] of stops) {
          if (q <= a) continue;
          if (p >= b) break;
          if (p > a) pending.push([a, p]);
          a = Math.max(a, q);
          if (a >= b) break;
        }
        if (a < b) pending.push([a, b]);
        // An open pause (q = Infinity) stops the clock for good.
        if (a === Number.POSITIVE_INFINITY) ended = true;
      }
      const [first, ...rest] = pending;
      pending = rest;
      return first!;
    },
  };
  return self;
}

/**
 * When a limit of `limitMinutes` of running time, started at `start`, runs out. `due` is null
 * when an open-ended pause stops the clock before then (nobody knows when it restarts).
 */
export function dueAt(
  start: Date,
  limitMinutes: number,
  calendar: CalendarSpec,
  pauses: readonly Pause[] = [],
): { due: Date | null; provisional: boolean } {
  let left = Math.max(0, limitMinutes) * MINUTE;
  const t = runningTime(calendar, start.getTime(), pauses);
  if (left === 0) return { due: new Date(start), provisional: false };
  for (let seg = t.next(); seg; seg = t.next()) {
    const [a, b] = seg;
    if (b - a >= left) return { due: new Date(a + left), provisional: t.provisional };
    left -= b - a;
  }
  return { due: null, provisional: t.provisional };
}

/** Running minutes between `start` and `until` (0 when until ≤ start). */
export function elapsedMinutes(
  start: Date,
  until: Date,
  calendar: CalendarSpec,
  pauses: readonly Pause[] = [],
): number {
  return elapsed(start, until, calendar, pauses).minutes;
}

/** `elapsedMinutes` with the provisional flag. */
export function elapsed(
  start: Date,
  until: Date,
  calendar: CalendarSpec,
  pauses: readonly Pause[] = [],
): { minutes: number; provisional: boolean } {
  const end = until.getTime();
  if (end <= start.getTime()) return { minutes: 0, provisional: false };
  const t = runningTime(calendar, start.getTime(), pauses);
  let ms = 0;
  for (let seg = t.next(); seg && seg[0] < end; seg = t.next()) ms += Math.min(seg[1], end) - seg[0];
  return { minutes: ms / MINUTE, provisional: t.provisional };
}

// ---------------------------------------------------------------------------------------------
// Hours as people write them

/** '09:00' → 540; '24:00' → 1440. */
export function parseClock(s: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 1440 ? v : null;
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Default office hours: Mon–Fri 09:00–12:00 and 13:00–18:00 (lunch break), weekends off. */
export const OFFICE_HOURS: Interval[][] = [0, 1, 2, 3, 4, 5, 6].map((d) =>
  d < 5
    ? [
        [540, 720],
        [780, 1080],
      ]
    : [],
);
