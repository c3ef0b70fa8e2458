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

/** The wall clock of an instant in a zone, each part zero-padded: year '2026', month '11', hour '00'–'23'. */
export interface LocalParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date and clock time of `at` in `timeZone` (throws RangeError for an unknown zone). */
export function localParts(at: Date, timeZone: string): LocalParts {
  // Building a formatter costs far more than using one.
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      // Not hour12: false, which some engines answer with "24" at midnight.
      hourCycle: 'h23',
    });
    partFormats.set(timeZone, format);
  }
  const out: LocalParts = { year: '0000', month: '00', day: '00', hour: '00', minute: '00', second: '00' };
  for (const p of format.formatToParts(at)) if (p.type in out) out[p.type as keyof LocalParts] = p.value;
  return out;
}

function formatDay(ms: number, timeZone: string): string {
  const p = localParts(new Date(ms), timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * Days by zone and quarter hour of UTC. Every zone's offset is a whole number of quarter hours
 * (tz database, since local mean time ended), so a local day starts on a quarter hour of UTC and
 * one lookup serves the whole quarter; formatting is the costly part (order numbers, demo loads,
 * warranty histories). A quarter whose ends fall on different days is never stored, which keeps
 * the answer exact even there. Bounded: cleared when large.
 */
const QUARTER = 15 * 60 * 1000;
const dayCache = new Map<string, string>();

/**
 * The calendar day (YYYY-MM-DD) of `at` in `timeZone`: business rules use the company's zone, so
 * 01:00 in Beijing is that day, not the previous one UTC still has. The one way to ask for it.
 */
export function localDay(at: Date, timeZone: string): string {
  const ms = at.getTime();
  const quarter = Math.floor(ms / QUARTER);
  const key = `${timeZone}|${quarter}`;
  const hit = dayCache.get(key);
  if (hit !== undefined) return hit;
  const start = quarter * QUARTER;
  const day = formatDay(start, timeZone);
  if (formatDay(start + QUARTER - 1, timeZone) === day) {
    if (dayCache.size > 50_000) dayCache.clear();
    dayCache.set(key, day);
    return day;
  }
  return formatDay(ms, timeZone);
}

/**
 * The calendar day of `at` in `timeZone` as yyyymmdd, the date part of document numbers
 * (orders, cases, contracts): a number taken at 01:00 in Beijing carries that day, not UTC's.
 */
export function compactDay(at: Date, timeZone: string): string {
  return localDay(at, timeZone).replaceAll('-', '');
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

/**
 * A time window as a person reads it (a booked visit): "2026-12-08 14:00–16:00" within one day,
 * "2026-12-08 22:00 – 2026-12-09 02:00" across days; company zone, reader's language.
 */
export function formatWindow(from: Date | string, to: Date | string, timeZone: string, lang: Lang): string {
  const start = formatInstant(from, timeZone, lang);
  const end = formatInstant(to, timeZone, lang);
  const a = typeof from === 'string' ? new Date(from) : from;
  const b = typeof to === 'string' ? new Date(to) : to;
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) return `${start} – ${end}`;
  return localDay(a, timeZone) === localDay(b, timeZone) ? `${start}–${end.slice(-5)}` : `${start} – ${end}`;
}

/** The instant a local day ends (its last millisecond) in a zone: Civil Code art. 203, "24时". */
export function endOfLocalDay(day: string, timeZone: string): Date {
  const guess = new Date(`${day}T23:59:59.999Z`);
  const p = localParts(guess, timeZone);
  const local = `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
  const offset = new Date(`${local}.999Z`).getTime() - guess.getTime();
  return new Date(guess.getTime() - offset);
}

/** A calendar day plus n days (YYYY-MM-DD; month and year ends roll over). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
