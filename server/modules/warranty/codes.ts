import { compactDay } from '../../../shared/time-zone.js';

/**
 * Numbers of return/exchange cases (TH…) and service contracts (SC…): prefix, the company-zone
 * day, and six random characters — unique without a counter, and the day is the one the desk
 * sees on its calendar.
 */
export function documentCode(
  prefix: string,
  now: Date,
  timeZone: string,
  suffix = crypto.randomUUID().slice(0, 6).toUpperCase(),
): string {
  return `${prefix}${compactDay(now, timeZone)}-${suffix}`;
}
