import {
  CALLBACK_KINDS,
  CALLBACK_STATES,
  type CallbackKind,
  type CallbackQuery,
  type CallbackState,
  DUE_FILTERS,
  type DueFilter,
  type OutcomeKind,
  SCORE_LEVELS,
  type ScoreLevel,
} from '../../../server/modules/callbacks/contract.js';
import { parseYuan } from '../statements/statement-rules.js';

/*
 * The callback screens' pure rules (docs/callbacks-screens.md): where a task stands against its
 * window, when the next attempt may be made, the queue's and the scores' filters as the page's
 * address carries them, the answer form's values → the API's body (yuan typed → integer fen), and
 * where an outcome leads. What a reader may do with a task is the server's answer (`actions`),
 * never decided here.
 */

export type WindowPhase = 'upcoming' | 'open' | 'overdue';

export interface WindowView {
  phase: WindowPhase;
  /**
   * Whole minutes: to the window's start (upcoming), left to its end (open), or past its end
   * (overdue, counted by minutes begun). Never negative.
   */
  minutes: number;
  /** Less than a day left in the window: shown in orange. */
  closing: boolean;
}

const MINUTE = 60_000;

/**
 * Where an open task stands against its window (dueFrom–dueBy) at `now` (ms); null for a task no
 * longer waiting (done, unreachable, cancelled) or with unreadable times.
 */
export function windowView(
  task: { state: CallbackState; dueFrom: string; dueBy: string },
  now: number,
): WindowView | null {
  if (task.state !== 'open') return null;
  const from = Date.parse(task.dueFrom);
  const by = Date.parse(task.dueBy);
  if (Number.isNaN(from) || Number.isNaN(by)) return null;
  if (now < from) return { phase: 'upcoming', minutes: Math.floor((from - now) / MINUTE), closing: false };
  if (now <= by) {
    const minutes = Math.floor((by - now) / MINUTE);
    return { phase: 'open', minutes, closing: minutes < 24 * 60 };
  }
  return { phase: 'overdue', minutes: Math.ceil((now - by) / MINUTE), closing: false };
}

export interface NextAttemptView {
  /** The next attempt may be made now. */
  ready: boolean;
  /** Whole minutes still to wait (minutes begun); 0 when ready. */
  wait: number;
}

/** Whether the next attempt may be made at `now`; null when none is waiting. */
export function nextAttemptView(nextAttemptAt: string | null, now: number): NextAttemptView | null {
  if (!nextAttemptAt) return null;
  const at = Date.parse(nextAttemptAt);
  if (Number.isNaN(at)) return null;
  return at <= now ? { ready: true, wait: 0 } : { ready: false, wait: Math.ceil((at - now) / MINUTE) };
}

function pickOf<T extends string>(values: readonly T[], v: string | null): T | undefined {
  return v && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

export interface QueueFilters {
  due: DueFilter;
  /** `all`: every state; the queue shows the tasks still to call (open) unless asked otherwise. */
  state: CallbackState | 'all';
  kind?: CallbackKind;
  q?: string;
  page: number;
}

/** The queue's filters read from the address (unknown values dropped, so a stale link still opens). */
export function queueFilters(params: URLSearchParams): QueueFilters {
  const q = params.get('q')?.trim();
  const state = params.get('state');
  return {
    due: pickOf(DUE_FILTERS, params.get('due')) ?? 'all',
    state: state === 'all' ? 'all' : (pickOf(CALLBACK_STATES, state) ?? 'open'),
    kind: pickOf(CALLBACK_KINDS, params.get('kind')),
    q: q ? q.slice(0, 60) : undefined,
    page: Math.max(1, Math.floor(Number(params.get('page') ?? 1)) || 1),
  };
}

/** The list query of the queue's filters. */
export function queueQuery(f: QueueFilters, pageSize: number): Partial<CallbackQuery> {
  return {
    due: f.due,
    state: f.state === 'all' ? undefined : f.state,
    kind: f.kind,
    q: f.q,
    page: f.page,
    pageSize,
  };
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day (YYYY-MM-DD) moved by whole days, by the calendar (no zone, no daylight saving). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function isDay(v: string | null): v is string {
  return !!v && DAY_RE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && addDays(v, 0) === v;
}

export interface ScoreFilters {
  level: ScoreLevel;
  from: string;
  to: string;
}

/** The days of a period: 30 days ending today (today counted). */
export const DEFAULT_PERIOD_DAYS = 30;

/**
 * The scores' filters from the address: the level (outlets by default) and the period, by default
 * the last 30 days to `today` (the company's day). A period given backwards is turned round.
 */
export function scoreFilters(params: URLSearchParams, today: string): ScoreFilters {
  const from = params.get('from');
  const to = params.get('to');
  let period = { from: addDays(today, 1 - DEFAULT_PERIOD_DAYS), to: today };
  if (isDay(from) && isDay(to)) period = from <= to ? { from, to } : { from: to, to: from };
  return { level: pickOf(SCORE_LEVELS, params.get('level')) ?? 'outlet', ...period };
}

export type FenParse = { ok: true; fen: number } | { ok: false; error: 'required' | 'format' | 'range' };

/** Yuan typed by a person → integer fen (string arithmetic), 0 or more: what the customer says was paid. */
export function yuanToFen(text: string | null | undefined): FenParse {
  const r = parseYuan(text, { allowZero: true });
  if (!r.ok) return { ok: false, error: r.error === 'zero' ? 'format' : r.error };
  if (r.fen < 0) return { ok: false, error: 'format' };
  return r;
}

/** The answer form's values as the form holds them. */
export interface AnswerValues {
  fixed: boolean;
  feeAsRecorded: boolean;
  /** Yuan as typed (named as the API's field, so a refusal lands on it); asked only when the fee differs. */
  feeSaidFen?: string;
  attitude: number;
  quality: number;
  timeliness: number;
  /** 0..10, or none. */
  nps?: number | null;
  comments?: string;
}

/** The body of POST /api/callbacks/:id/answer (AnswerBody) from the form's values. */
/** The answers as the API takes them (fee in fen; empty optional fields left out). */
export function answerFields(v: AnswerValues) {
  const comments = v.comments?.trim();
  const fee = v.feeAsRecorded ? null : yuanToFen(v.feeSaidFen);
  return {
    fixed: v.fixed,
    feeAsRecorded: v.feeAsRecorded,
    ...(fee?.ok ? { feeSaidFen: fee.fen } : {}),
    attitude: v.attitude,
    quality: v.quality,
    timeliness: v.timeliness,
    ...(typeof v.nps === 'number' ? { nps: v.nps } : {}),
    ...(comments ? { comments } : {}),
  };
}

/** The agent's answer: the answers at the task's version. */
export function answerBody(v: AnswerValues, version: number) {
  return { version, ...answerFields(v) };
}

/** Where an outcome of an answer leads: the order, the repeat visit, the complaint or the next task. */
export function outcomeLink(o: { kind: OutcomeKind; refId: string | null }): string | null {
  if (!o.refId) return null;
  switch (o.kind) {
    case 'order_confirmed':
    case 'order_not_confirmable':
    case 'repeat_visit':
      return `/orders/${o.refId}`;
    case 'fee_complaint':
    case 'low_score_complaint':
      return `/complaints/${o.refId}`;
    case 'second_callback':
      return `/callbacks/${o.refId}`;
    default:
      return null;
  }
}

/**
 * A span of minutes as people read a window measured in days: days and hours from a day on, hours
 * and minutes from an hour on, else minutes (the finer part dropped when zero).
 */
export function durationParts(minutes: number): { unit: 'days' | 'hours' | 'minutes'; n: number }[] {
  const m = Math.max(0, Math.floor(minutes));
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const mins = m % 60;
  const parts: { unit: 'days' | 'hours' | 'minutes'; n: number }[] =
    days > 0
      ? [
          { unit: 'days', n: days },
          { unit: 'hours', n: hours },
        ]
      : hours > 0
        ? [
            { unit: 'hours', n: hours },
            { unit: 'minutes', n: mins },
          ]
        : [{ unit: 'minutes', n: mins }];
  return parts.length > 1 && parts[1]!.n === 0 ? [parts[0]!] : parts;
}
