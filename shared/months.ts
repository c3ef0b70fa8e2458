import { addDays } from './time-zone.js';

/*
 * Calendar months as YYYY-MM strings: the reports' periods, purchase months and settlement months,
 * on the server and in the browser alike.
 */

/** The first and last day of a month (YYYY-MM), both counted. */
export function monthDays(month: string): { from: string; to: string } {
  return { from: `${month}-01`, to: addDays(`${addMonths(month, 1)}-01`, -1) };
}

/** A month moved by `n` months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** How many months run from one month to another, both counted (0 when `to` is before `from`). */
export function monthSpan(from: string, to: string): number {
  const index = (month: string) => {
    const [y, m] = month.split('-').map(Number) as [number, number];
    return y * 12 + m;
  };
  return Math.max(0, index(to) - index(from) + 1);
}

/** Each month from `from` to `to`, in order. */
export function eachMonth(from: string, to: string): string[] {
  return Array.from({ length: monthSpan(from, to) }, (_, i) => addMonths(from, i));
}
