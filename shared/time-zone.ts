/** True when the runtime knows the IANA time zone (e.g. Asia/Shanghai). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar day of `at` in `timeZone` as yyyymmdd, the date part of document numbers
 * (orders, cases, contracts): a number taken at 01:00 in Beijing carries that day, not UTC's.
 */
export function compactDay(at: Date, timeZone: string): string {
  // Building a formatter costs far more than using one.
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}${get('month')}${get('day')}`;
}
