import type { Lang } from './i18n.js';

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

export interface InstantFormat {
  /** Adds the seconds (audit trails, contact logs). */
  seconds?: boolean;
  /** Adds the weekday: a due time people plan around ("Monday 10:00", not just a date). */
  weekday?: boolean;
}

const instantFormats = new Map<string, Intl.DateTimeFormat>();

function instantParts(at: Date, timeZone: string, lang: Lang): Record<string, string> {
  const key = `${lang}|${timeZone}`;
  let format = instantFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone,
      year: 'numeric',
      month: lang === 'en' ? 'short' : '2-digit',
      day: lang === 'en' ? 'numeric' : '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    instantFormats.set(key, format);
  }
  const out: Record<string, string> = {};
  for (const p of format.formatToParts(at)) out[p.type] = p.value;
  return out;
}

/**
 * An instant as a person reads it: always in the company's time zone (never the reader's device
 * or UTC), in the reader's language. zh-CN "2026-11-18 16:44" (the order of GB/T 7408, "周三"
 * with the weekday); en "18 Nov 2026 16:44" ("Wed 18 Nov 2026 16:44"): a day-month order no
 * reader mistakes for month-day. Unparseable input is returned as it came.
 */
export function formatInstant(at: Date | string, timeZone: string, lang: Lang, opts: InstantFormat = {}): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return typeof at === 'string' ? at : '';
  const p = instantParts(date, timeZone, lang);
  const time = `${p.hour}:${p.minute}${opts.seconds ? `:${p.second}` : ''}`;
  if (lang === 'en') return `${opts.weekday ? `${p.weekday} ` : ''}${p.day} ${p.month} ${p.year} ${time}`;
  return `${p.year}-${p.month}-${p.day}${opts.weekday ? ` ${p.weekday}` : ''} ${time}`;
}
