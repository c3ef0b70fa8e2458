import { addDays, localDay, localParts } from '../../../shared/time-zone.js';

/*
 * Pure rules of delivery (docs/messages.md): quiet hours and the retry schedule. `now` is passed in.
 */

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The instant of a local wall-clock time on a local day in a zone (offset found the same way as endOfLocalDay). */
export function localInstant(day: string, hhmm: string, timeZone: string): Date {
  const guess = new Date(`${day}T${hhmm}:00.000Z`);
  const p = localParts(guess, timeZone);
  const offset =
    new Date(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}.000Z`).getTime() - guess.getTime();
  return new Date(guess.getTime() - offset);
}

/**
 * When a customer's message made at `now` may go: null at once, or the end of the quiet hours
 * (company time) it falls in. A window may run over midnight (21:00–08:00) or not (12:00–13:30);
 * from = to means no quiet hours.
 */
export function quietRelease(now: Date, timeZone: string, quiet: { from: string; to: string } | null): Date | null {
  if (!quiet || quiet.from === quiet.to) return null;
  const p = localParts(now, timeZone);
  const minute = Number(p.hour) * 60 + Number(p.minute);
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  const today = localDay(now, timeZone);
  if (from < to) return minute >= from && minute < to ? localInstant(today, quiet.to, timeZone) : null;
  // Over midnight: late evening waits for tomorrow morning, early morning for this morning.
  if (minute >= from) return localInstant(addDays(today, 1), quiet.to, timeZone);
  if (minute < to) return localInstant(today, quiet.to, timeZone);
  return null;
}

/** The wait after the n-th failed attempt (1-based): 30 s, 1, 2, 4, 8… minutes, never more than an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

/** 'TD', 'T', '退订', 'N' and the like, as customers reply to stop messages (China's SMS practice). */
export function isOptOutReply(text: string): boolean {
  return /^(td|t|退订|退|n|unsubscribe|stop)$/i.test(text.trim().replace(/[。.!！\s]+$/u, ''));
}
