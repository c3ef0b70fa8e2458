import { addDays } from '../../../shared/time-zone.js';

/*
 * The reports' pure arithmetic (docs/reports.md): periods as local days of the company's time
 * zone. A month runs from its first day to its last, both counted (a report of November is
 * 2026-11-01 … 2026-11-30 local time, so an order completed at 23:59 on the 30th is November's
 * and one at 00:01 on 1 December is December's).
 */

export { addMonths, eachMonth, monthDays, monthSpan } from '../../../shared/months.js';

/** Days from `from` to `to`, both counted (0 when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return ms < 0 ? 0 : ms / 86_400_000 + 1;
}

/** A report's period may span at most this many days (a year, leap day included). */
export const MAX_REPORT_DAYS = 366;

/** Each day from `from` to `to`, in order. */
export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The month (YYYY-MM) of a local day. */
export const monthOf = (day: string) => day.slice(0, 7);
