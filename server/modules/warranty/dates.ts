import type { DayCounting } from '../../../shared/day-counting.js';
import type { Text } from '../../../shared/i18n.js';
import { formatInstant, localDay, localParts } from '../../../shared/time-zone.js';

/*
 * Calendar dates of the warranty (YYYY-MM-DD in the company time zone), pure arithmetic.
 *
 * Every period of the module — the 7- and 15-day remedies, the whole-unit, main-part and
 * replaced-part terms, contract terms, the days of the no-show rule and the depreciation-free
 * days — ends on the day `lastCoveredDay` returns, under one of two counting conventions (the
 * `warranty.dayCounting` setting):
 *
 * - `civil_code` (the default; 民法典 art. 201–202): the start day is not counted, counting
 *   begins the next day. N days from D end on D + N (bought 2026-03-01, "within 7 days" runs
 *   through 2026-03-08). N months or years end on the corresponding day of the last month
 *   (3 months from 07-01 end 10-01), or the month's last day when it has none (1 year from
 *   2024-02-29 ends 2025-02-28).
 * - `start_day_counted` (a company's own terms may count the start day as day 1): N days from D
 *   end on D + N − 1; N months end the day before the corresponding day (1 year from 2024-03-01
 *   ends 2025-02-28), or the month's last day when there is no corresponding day.
 *
 * The extension of art. 203 (a last day falling on a statutory holiday moves to the next working
 * day) is not applied: it protects a party kept from acting by a holiday, while the hotline and
 * the portal take reports every day, and the 三包 periods bound when a fault appears, not when
 * a claim is filed. Its second sentence (the last day ends at 24:00) is `endOfLocalDay`.
 */

export type { DayCounting };

/** A period's length: whole days or whole months (a year is 12 months). */
export type PeriodLength = { days: number } | { months: number };

const DAY = 86_400_000;

function parts(d: string): [number, number, number] {
  const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
  return [y, m, dd];
}
function fmt(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
function utc(d: string): number {
  const [y, m, dd] = parts(d);
  return Date.UTC(y, m - 1, dd);
}

export function addDays(d: string, n: number): string {
  const t = new Date(utc(d) + n * DAY);
  return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole days from a to b (b − a); negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
  return Math.round((utc(b) - utc(a)) / DAY);
}

/**
 * The last day (inclusive) of a period of `length` starting on `start`, under `counting`; null
 * for a zero-length period. The one place a period's end is computed (see the header).
 */
export function lastCoveredDay(start: string, length: PeriodLength, counting: DayCounting): string | null {
  // Art. 201: the start day is not counted; a convention counting it ends one day earlier.
  const shift = counting === 'civil_code' ? 0 : -1;
  if ('days' in length) return length.days <= 0 ? null : addDays(start, length.days + shift);
  const months = length.months;
  if (months <= 0) return null;
  const [y, m, d] = parts(start);
  const index = m - 1 + months;
  const ty = y + Math.floor(index / 12);
  const tm = (index % 12) + 1;
  const last = daysInMonth(ty, tm);
  // Art. 202: no corresponding day in the last month → the month's last day (both conventions).
  if (d > last) return fmt(ty, tm, last);
  return addDays(fmt(ty, tm, d), shift);
}

/** Is `at` inside the period of `length` from `start` (the start day itself included)? */
export function withinPeriod(start: string, length: PeriodLength, counting: DayCounting, at: string): boolean {
  const end = lastCoveredDay(start, length, counting);
  return end !== null && start <= at && at <= end;
}

/** Whole months of use from `start` to `at` that have begun (the first month's period is month 1). */
export function monthsStarted(start: string, at: string, counting: DayCounting): number {
  if (at < start) return 0;
  let n = 1;
  for (;;) {
    const end = lastCoveredDay(start, { months: n }, counting);
    if (end === null || at <= end) return n;
    n++;
  }
}

/**
 * Whole months of use from `start` to `at` that have ended, counted as every period here: under
 * Civil Code art. 201–203 a month from 03-01 runs through 04-01, so it is complete from 04-02 on.
 * A unit bought 5 days ago has 0 ("不足1个月"). It is the month begun before the current one.
 */
export function monthsElapsed(start: string, at: string, counting: DayCounting): number {
  return Math.max(0, monthsStarted(start, at, counting) - 1);
}

/** Today's date in a time zone: the one helper, re-exported for the module's readers. */
export { localDay };

/** The instant a local day ends (its last millisecond) in a time zone: art. 203, "24时". */
export function endOfLocalDay(day: string, timeZone: string): Date {
  const guess = new Date(`${day}T23:59:59.999Z`);
  const p = localParts(guess, timeZone);
  const local = `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
  const offset = new Date(`${local}.999Z`).getTime() - guess.getTime();
  return new Date(guess.getTime() - offset);
}

/** A local date and time in the company zone, in each language, for reasons people read. */
export function localDateTime(at: Date, timeZone: string): Text {
  return { 'zh-CN': formatInstant(at, timeZone, 'zh-CN'), en: formatInstant(at, timeZone, 'en') };
}

/**
 * The instant a judged day is judged at: now for today, else the day's end (a future day projects
 * open orders as still not visited). Settings that decide the judgement are read at this instant.
 */
export function judgedInstant(day: string, now: Date, timeZone: string): Date {
  return day === localDay(now, timeZone) ? now : endOfLocalDay(day, timeZone);
}

export function maxDay(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
