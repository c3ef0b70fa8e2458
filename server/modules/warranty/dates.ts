/*
 * Calendar dates of the warranty (YYYY-MM-DD in the company time zone), pure arithmetic.
 *
 * A term of N months counts the start day as its first day and ends on the day before the
 * same day of the month N months later (the purchase day is day 1): 1 year from 2024-03-01
 * ends 2025-02-28 inclusive. When that day does not exist in the target month (29 February in a
 * common year, the 31st of a short month), the term ends on the last day of the target month:
 * 1 year from 2024-02-29 ends 2025-02-28, 3 months from 2026-01-31 end 2026-04-30, 1 month from
 * 2026-01-30 ends 2026-02-28. Day counts ("within 7 days") number the start day 1.
 */

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

/** Day number of `at` counting `start` as day 1 (start + 6 is day 7). */
export function dayNumber(start: string, at: string): number {
  return daysBetween(start, at) + 1;
}

/** The last day (inclusive) of a term of `months` starting on `start`; null for a zero-length term. */
export function termEnd(start: string, months: number): string | null {
  if (months <= 0) return null;
  const [y, m, d] = parts(start);
  const index = m - 1 + months;
  const ty = y + Math.floor(index / 12);
  const tm = (index % 12) + 1;
  const last = daysInMonth(ty, tm);
  if (d > last) return fmt(ty, tm, last);
  return addDays(fmt(ty, tm, d), -1);
}

/** Whole months of use from `start` to `at` that have begun (day 1 to the end of month 1 is 1). */
export function monthsStarted(start: string, at: string): number {
  if (at < start) return 0;
  let n = 1;
  for (;;) {
    const end = termEnd(start, n);
    if (end === null || at <= end) return n;
    n++;
  }
}

/** Today's date in a time zone. */
export function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function maxDay(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
