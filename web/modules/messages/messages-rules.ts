import type { Lang } from '../../../shared/i18n.js';
import { MESSAGE_EVENTS } from '../../../shared/message-events.js';

/*
 * Pure helpers of the message screens (outbox, delivery report, templates), tested without a browser.
 */

export const TEMPLATES_URL = '/api/messages/templates';

export const MESSAGE_CHANNELS = ['sms', 'email', 'wechat'] as const;
export type Channel = (typeof MESSAGE_CHANNELS)[number];

/** An event's name in the reader's language; an event this build does not know shows its key. */
export function eventLabel(event: string, lang: Lang): string {
  const def = (MESSAGE_EVENTS as Record<string, { label: Record<Lang, string> } | undefined>)[event];
  return def ? def.label[lang] : event;
}

/** Every event key with its label, for a filter. */
export function eventOptions(lang: Lang): { value: string; label: string }[] {
  return Object.entries(MESSAGE_EVENTS).map(([value, d]) => ({ value, label: d.label[lang] }));
}

/** Characters of one SMS; a longer text is sent in parts of 67 (the rest of each part carries the joining header). */
export const SMS_SINGLE = 70;
export const SMS_PART = 67;

/** How many SMS parts a text of `length` characters (counted as the carrier counts: per character) is billed as. */
export function smsParts(length: number): number {
  if (length <= 0) return 0;
  return length <= SMS_SINGLE ? 1 : Math.ceil(length / SMS_PART);
}

/** `token` put in place of the selection [start, end) of `text`; the caret after it. */
export function insertAt(text: string, start: number, end: number, token: string): { text: string; caret: number } {
  const a = Math.max(0, Math.min(start, text.length));
  const b = Math.max(a, Math.min(end, text.length));
  return { text: text.slice(0, a) + token + text.slice(b), caret: a + token.length };
}

/**
 * A template refusal's field path as the editor's form names it. The server names the template's
 * fields by their place in the request: 'body.subject.zh-CN'; the text of the message is itself
 * called `body`, so its errors read 'body.zh-CN' — the request's `body.` prefix already taken as
 * the field's name. Both land on the field (['body', 'zh-CN'] once the request prefix is removed).
 */
export function templateErrorPath(path: string): string {
  return /^body\.(zh-CN|en)$/.test(path) ? `body.${path}` : path;
}

/** The `n` company days ending today, as the report's default period. */
export function lastDays(today: string, n: number): { from: string; to: string } {
  return { from: addDays(today, -(n - 1)), to: today };
}

/** A calendar day moved by `days` (YYYY-MM-DD in, YYYY-MM-DD out; no time zone involved). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Every day from `from` to `to` inclusive (at most 400, so a typo in the address cannot hang the page). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 400; d = addDays(d, 1)) out.push(d);
  return out;
}

export interface ReportRowLike {
  day: string;
  sent: number;
  delivered: number;
  failed: number;
}

export interface DayPoint {
  day: string;
  sent: number;
  delivered: number;
  failed: number;
}

/** The chart's points: each day of the period with its channels added up, days without messages at zero. */
export function dailySeries(rows: readonly ReportRowLike[], from: string, to: string): DayPoint[] {
  const byDay = new Map<string, DayPoint>();
  for (const day of daysBetween(from, to)) byDay.set(day, { day, sent: 0, delivered: 0, failed: 0 });
  for (const r of rows) {
    const p = byDay.get(r.day);
    if (!p) continue;
    p.sent += r.sent;
    p.delivered += r.delivered;
    p.failed += r.failed;
  }
  return [...byDay.values()];
}
