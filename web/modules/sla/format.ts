import type { Translate } from '../../i18n/index.js';

/** 90 → '1 小时 30 分钟'; whole days and hours when they divide. */
export function formatMinutes(t: Translate, n: number): string {
  if (n === 0) return t('sla.minutes', { n });
  if (n % 1440 === 0) return t('sla.days', { n: n / 1440 });
  if (n % 60 === 0) return t('sla.hours', { n: n / 60 });
  if (n > 60) return `${t('sla.hours', { n: Math.floor(n / 60) })} ${t('sla.minutes', { n: n % 60 })}`;
  return t('sla.minutes', { n });
}

/** What milestoneMinutesLeft reads of a milestone (the API's, or the order board's reading of it). */
export interface MilestoneClock {
  state: string;
  dueAt: string | null;
  remainingMinutes: number | null;
  timeKind: 'working' | 'calendar' | null;
}

/**
 * The one figure of time left (negative: late by) of a milestone, everywhere it is shown: in the
 * milestone's own kind of time, as the server counts it (remainingMinutes). Only a
 * running calendar-time (24x7) clock is counted on from its due time between refreshes, which is
 * the same quantity; a working-time clock is never turned into wall time (a Friday-evening order
 * due Monday 10:00 has 1 working hour left, not 60 wall-clock hours).
 */
export function milestoneMinutesLeft(m: MilestoneClock, now: number): number {
  const live = m.state === 'running' || m.state === 'breached';
  if (m.remainingMinutes !== null && !(live && m.dueAt && m.timeKind === 'calendar')) return m.remainingMinutes;
  if (m.dueAt) return Math.floor((Date.parse(m.dueAt) - now) / 60_000);
  return m.remainingMinutes ?? 0;
}
