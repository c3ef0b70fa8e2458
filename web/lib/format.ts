import { DEFAULT_LANG, type Lang } from '../../shared/i18n.js';
import { formatInstant, type InstantFormat } from '../../shared/time-zone.js';

/*
 * Every date a person reads is in the company's time zone (company.timeZone, from /api/setup),
 * not the browser's: a dispatcher abroad and the outlet in Beijing read the same due time. The
 * app shell sets the zone once it is known (DisplayZone) and the language when it changes.
 */
let displayZone = 'Asia/Shanghai';
let displayLang: Lang = DEFAULT_LANG;

export function setDisplayZone(timeZone: string): void {
  displayZone = timeZone;
}

export function setDisplayLang(lang: Lang): void {
  displayLang = lang;
}

/** The zone dates are shown in (for labels that name it). */
export function getDisplayZone(): string {
  return displayZone;
}

/** An instant in the company zone and the reader's language; '' for none. */
export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '';
  return formatInstant(iso, displayZone, displayLang, { seconds: withSeconds });
}

/** An instant with its weekday, for due times people plan around ("周一 10:00"). */
export function formatDueTime(iso: string | null | undefined, opts: InstantFormat = {}): string {
  if (!iso) return '';
  return formatInstant(iso, displayZone, displayLang, { ...opts, weekday: true });
}

/** A calendar day (YYYY-MM-DD) as it is; an instant in the company zone (a 三包 remedy's `since`). */
export function formatDayOrInstant(value: string | null | undefined): string {
  if (!value) return '';
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : formatDateTime(value);
}

/** A stored value as one line of text: strings as they are, everything else as JSON. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
