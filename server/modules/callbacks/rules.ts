import { createHash } from 'node:crypto';
import type { Text } from '../../../shared/i18n.js';
import { addDays, endOfLocalDay, localDay } from '../../../shared/time-zone.js';
import type { CallbackAction, CallbackKind, CallbackState, ScoreRow } from './contract.js';

/*
 * The callback rules, pure: which plan covers an order, whether the order is sampled, the due
 * windows, the retry of an unreachable customer, what an answer leads to, and the scores. No
 * database, no clock: `now`, the settings and the time zone come in.
 */

/** A plan as the setting callbacks.plans holds it. */
export interface Plan {
  serviceType: string | null;
  productLineCode: string | null;
  kind: 'first' | 'installation' | 'checks';
  sharePercent: number;
  firstAfterDays: readonly [number, number] | readonly number[];
  secondWithinDays: number | null;
  checkDays?: readonly number[] | null;
}

/** Seed 001: decoration works are checked on day 30, 100, 200 and 300 after acceptance. */
export const DEFAULT_CHECK_DAYS = [30, 100, 200, 300] as const;
/** A check is due from its day to the end of the sixth day after it: a week to make the visit or call. */
export const CHECK_WINDOW_DAYS = 7;

// ---- Plans and sampling -----------------------------------------------------------------------

/** The key a plan is known by (it salts the sampling, so two plans sample independently). */
export function planKey(p: Pick<Plan, 'serviceType' | 'productLineCode' | 'kind'>): string {
  return `${p.kind}:${p.serviceType ?? '*'}:${p.productLineCode ?? '*'}`;
}

/**
 * The plan covering an order: of the plans whose service type and product line match (null
 * matches any), the most specific — a service type weighs more than a product line; among equals
 * the first listed. Null when none matches.
 */
export function choosePlan<P extends Plan>(
  plans: readonly P[],
  serviceType: string,
  productLineCode: string | null,
): P | null {
  let best: P | null = null;
  let bestScore = -1;
  for (const p of plans) {
    if (p.serviceType !== null && p.serviceType !== serviceType) continue;
    if (p.productLineCode !== null && p.productLineCode !== productLineCode) continue;
    const score = (p.serviceType !== null ? 2 : 0) + (p.productLineCode !== null ? 1 : 0);
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}

/**
 * A uniform number in [0, 1) fixed by the order and the plan: the first 48 bits of
 * sha256(`orderId:planKey`) over 2^48. The same order under the same plan always draws the
 * same number (reproducible: a restore, a second instance or an audit draws it again), and since
 * sha256 spreads its input evenly the draws are independent of the outlet, product or time
 * (unbiased: every stratum is sampled at the plan's share).
 */
export function sampleDraw(orderId: string, key: string): number {
  const h = createHash('sha256').update(`${orderId}:${key}`).digest();
  return h.readUIntBE(0, 6) / 2 ** 48;
}

/** Whether the order is called back under the plan (share 0..100 %). */
export function isSampled(orderId: string, plan: Plan): boolean {
  if (plan.sharePercent >= 100) return true;
  if (plan.sharePercent <= 0) return false;
  return sampleDraw(orderId, planKey(plan)) < plan.sharePercent / 100;
}

// ---- Days and windows -------------------------------------------------------------------------

export { addDays, endOfLocalDay };

/** The instant a local day starts in a zone. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  return new Date(endOfLocalDay(addDays(day, -1), timeZone).getTime() + 1);
}

export interface Window {
  dueFrom: Date;
  dueBy: Date;
}

/**
 * The window of a first (or installation) callback. Days are counted per Civil Code art. 201: the
 * completion day is not counted, so "3 days to 1 week after" is from the start of the third day
 * after the completion day to the end (24时, art. 203) of the seventh, in the company zone. A
 * window opening on the completion day itself (from = 0) opens at the completion.
 */
export function firstWindow(completedAt: Date, afterDays: readonly number[], timeZone: string): Window {
  const day = localDay(completedAt, timeZone);
  const [from = 0, to = from] = afterDays;
  const start = startOfLocalDay(addDays(day, from), timeZone);
  return {
    dueFrom: start < completedAt ? completedAt : start,
    dueBy: endOfLocalDay(addDays(day, Math.max(from, to)), timeZone),
  };
}

/**
 * The windows of a `checks` plan, one per check day: day d after acceptance (the completion day
 * not counted, art. 201) to the end of day d + 6 (art. 203) — a week each, in the company zone.
 */
export function checkWindows(completedAt: Date, checkDays: readonly number[], timeZone: string): Window[] {
  return checkDays.map((d) => firstWindow(completedAt, [d, d + CHECK_WINDOW_DAYS - 1], timeZone));
}

/** The window of a second callback: opens at the first's answer, ends `withinDays` days later (end of day). */
export function secondWindow(answeredAt: Date, withinDays: number, timeZone: string): Window {
  return {
    dueFrom: answeredAt,
    dueBy: endOfLocalDay(addDays(localDay(answeredAt, timeZone), withinDays), timeZone),
  };
}

/** Where a task stands against its window at `now`. */
export function dueStatus(w: Window, now: Date, timeZone: string): 'overdue' | 'today' | 'upcoming' {
  if (w.dueBy < now) return 'overdue';
  if (w.dueFrom > endOfLocalDay(localDay(now, timeZone), timeZone)) return 'upcoming';
  return 'today';
}

// ---- Attempts ---------------------------------------------------------------------------------

export interface AttemptFacts {
  attempts: number;
  nextAttemptAt: Date | null;
}

/** Whether another attempt may be made now: null, or the instant it may be made from. */
export function attemptTooEarly(t: AttemptFacts, now: Date): Date | null {
  return t.nextAttemptAt && now < t.nextAttemptAt ? t.nextAttemptAt : null;
}

/**
 * A failed attempt: counted; at the configured maximum the task closes as unreachable, else the
 * next attempt waits `retryMinutes`.
 */
export function afterFailedAttempt(
  t: AttemptFacts,
  now: Date,
  maxAttempts: number,
  retryMinutes: number,
): { attempts: number; state: 'open' | 'unreachable'; nextAttemptAt: Date | null } {
  const attempts = t.attempts + 1;
  if (attempts >= maxAttempts) return { attempts, state: 'unreachable', nextAttemptAt: null };
  return { attempts, state: 'open', nextAttemptAt: new Date(now.getTime() + retryMinutes * 60_000) };
}

// ---- Answers ----------------------------------------------------------------------------------

export interface Scores {
  attitude: number;
  quality: number;
  timeliness: number;
}

/** Low score: any of attitude, quality, timeliness at or below the threshold (callbacks.lowScore). */
export function isLowScore(s: Scores, threshold: number): boolean {
  return s.attitude <= threshold || s.quality <= threshold || s.timeliness <= threshold;
}

export interface AnswerFacts extends Scores {
  fixed: boolean;
  feeAsRecorded: boolean;
}

export interface OrderNow {
  state: string;
  reopenedAsId: string | null;
}

/** What an answer leads to, before anything is written. */
export interface AnswerPlan {
  /** Confirm the order (it is completed, the fault is fixed and the fee as recorded). */
  confirm: boolean;
  /** Reopen the order as a repeat visit (the fault is not fixed). */
  reopen: boolean;
  /** The order could not take the step the answer asked for (it moved on): recorded only. */
  notPossible: 'confirm' | 'reopen' | null;
  feeComplaint: boolean;
  lowScore: boolean;
}

const REOPENABLE = ['completed', 'confirmed', 'closed'];

export function planAnswer(a: AnswerFacts, order: OrderNow, lowScoreThreshold: number): AnswerPlan {
  const wantsConfirm = a.fixed && a.feeAsRecorded;
  const confirm = wantsConfirm && order.state === 'completed';
  const wantsReopen = !a.fixed;
  const reopen = wantsReopen && REOPENABLE.includes(order.state) && !order.reopenedAsId;
  return {
    confirm,
    reopen,
    notPossible: wantsConfirm && !confirm ? 'confirm' : wantsReopen && !reopen ? 'reopen' : null,
    feeComplaint: !a.feeAsRecorded,
    lowScore: isLowScore(a, lowScoreThreshold),
  };
}

/**
 * The complaint a low score opens (DOMAIN.md: complaints about service attitude, quality, norms;
 * the complaints issue: "a callback with a low score"): typed by the lowest of the three scores —
 * attitude, then quality, then timeliness on a tie.
 */
export function lowScoreComplaintType(
  a: Pick<AnswerFacts, 'attitude' | 'quality' | 'timeliness'>,
): 'attitude' | 'quality' | 'timeliness' {
  const lowest = Math.min(a.attitude, a.quality, a.timeliness);
  return a.attitude === lowest ? 'attitude' : a.quality === lowest ? 'quality' : 'timeliness';
}

/** Which actions a task allows now for a reader with these permissions. */
export function actionsOf(state: CallbackState, can: { work: boolean; manage: boolean }): CallbackAction[] {
  if (state !== 'open') return [];
  const out: CallbackAction[] = [];
  if (can.work) out.push('answer', 'attempt');
  if (can.manage) out.push('cancel');
  return out;
}

/** Whether a second callback follows an answered first one under its plan. */
export function secondDue(kind: CallbackKind, secondWithinDays: number | null): boolean {
  return kind === 'first' && secondWithinDays !== null && secondWithinDays > 0;
}

// ---- Scores -----------------------------------------------------------------------------------

export interface ScoreInput extends Scores {
  id: string;
  name: string;
  fixed: boolean;
  nps: number | null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The callbacks' own figures of an outlet or technician (at least one answered callback). */
export interface CallbackScore {
  id: string;
  name: string;
  callbacks: number;
  attitude: number;
  quality: number;
  timeliness: number;
  nps: number | null;
  satisfaction: number;
}

/**
 * Rolling satisfaction per outlet or technician: averages of attitude, quality and timeliness
 * (two decimals), the net promoter score (% promoters 9–10 − % detractors 0–6, over the answers
 * that gave one), and satisfaction = the share of answers with the fault fixed and every score
 * 4 or 5, in percent. Sorted by name.
 */
export function aggregateScores(rows: readonly ScoreInput[]): CallbackScore[] {
  const groups = new Map<string, ScoreInput[]>();
  for (const r of rows) groups.set(r.id, [...(groups.get(r.id) ?? []), r]);
  const out: CallbackScore[] = [];
  for (const [id, xs] of groups) {
    const n = xs.length;
    const avg = (f: (x: ScoreInput) => number) => round2(xs.reduce((s, x) => s + f(x), 0) / n);
    const npsAnswers = xs.map((x) => x.nps).filter((x): x is number => x !== null);
    const nps = npsAnswers.length
      ? round2(
          (100 * (npsAnswers.filter((x) => x >= 9).length - npsAnswers.filter((x) => x <= 6).length)) /
            npsAnswers.length,
        )
      : null;
    const satisfied = xs.filter((x) => x.fixed && Math.min(x.attitude, x.quality, x.timeliness) >= 4).length;
    out.push({
      id,
      name: xs[0]!.name,
      callbacks: n,
      attitude: avg((x) => x.attitude),
      quality: avg((x) => x.quality),
      timeliness: avg((x) => x.timeliness),
      nps,
      satisfaction: round2((100 * satisfied) / n),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
}

// ---- Complaints in the scores -----------------------------------------------------------------

/** A complaint held against an outlet or technician (`id`), dated by its opening. */
export interface HeldComplaint {
  id: string;
  at: Date;
  /** It carries a discipline penalty. */
  penalty: boolean;
}

export interface ComplaintCount {
  complaints: number;
  penalties: number;
}

/** Points a score loses per complaint held against them, and more per discipline penalty. */
export interface Deductions {
  complaint: number;
  penalty: number;
}

/**
 * The complaints held against each outlet or technician within the window [from, until] — the
 * scores page's period, or the rolling window up to `now` — and how many carry a penalty.
 */
export function countComplaints(
  facts: readonly HeldComplaint[],
  window: { from: Date; until: Date },
): Map<string, ComplaintCount> {
  const out = new Map<string, ComplaintCount>();
  for (const f of facts) {
    if (f.at < window.from || f.at > window.until) continue;
    const c = out.get(f.id) ?? { complaints: 0, penalties: 0 };
    c.complaints += 1;
    if (f.penalty) c.penalties += 1;
    out.set(f.id, c);
  }
  return out;
}

/**
 * The score: satisfaction less `complaint` points per complaint held against them and `penalty`
 * points more per discipline penalty, never below 0, two decimals. Null without a satisfaction
 * (no callbacks: nothing to deduct from; the complaints are shown beside it).
 */
export function deductedScore(
  satisfaction: number | null,
  c: ComplaintCount | undefined,
  d: Deductions,
): number | null {
  if (satisfaction === null) return null;
  if (!c) return satisfaction;
  return round2(Math.max(0, satisfaction - c.complaints * d.complaint - c.penalties * d.penalty));
}

/**
 * The score rows: every outlet or technician with callbacks or with complaints held against them
 * (the latter with no callback figures), each with its complaints, penalties and score. Sorted by name.
 */
export function scoreRows(
  callbackScores: readonly CallbackScore[],
  counts: ReadonlyMap<string, ComplaintCount>,
  names: ReadonlyMap<string, string>,
  d: Deductions,
): ScoreRow[] {
  const none = { complaints: 0, penalties: 0 };
  const rows: ScoreRow[] = callbackScores.map((s) => {
    const c = counts.get(s.id) ?? none;
    return { ...s, ...c, score: deductedScore(s.satisfaction, c, d) };
  });
  const seen = new Set(rows.map((r) => r.id));
  for (const [id, c] of counts) {
    if (seen.has(id) || c.complaints === 0) continue;
    rows.push({
      id,
      name: names.get(id) ?? '',
      callbacks: 0,
      attitude: null,
      quality: null,
      timeliness: null,
      nps: null,
      satisfaction: null,
      ...c,
      score: null,
    });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
}

/**
 * The rolling window of the scores shown on the dispatch suggestion and the outlet's page: the
 * last `days` company-zone days, today included — from the start of day (today − days + 1).
 */
export function rollingFrom(now: Date, days: number, timeZone: string): Date {
  return startOfLocalDay(addDays(localDay(now, timeZone), 1 - days), timeZone);
}

// ---- Names ------------------------------------------------------------------------------------

export const STATE_NAMES: Record<CallbackState, Text> = {
  open: { 'zh-CN': '待回访', en: 'open' },
  done: { 'zh-CN': '已回访', en: 'done' },
  unreachable: { 'zh-CN': '无法联系', en: 'unreachable' },
  cancelled: { 'zh-CN': '已取消', en: 'cancelled' },
};

export const KIND_NAMES: Record<CallbackKind, Text> = {
  first: { 'zh-CN': '首次回访', en: 'first callback' },
  second: { 'zh-CN': '二次回访', en: 'second callback' },
  installation: { 'zh-CN': '安装回访', en: 'installation callback' },
  check: { 'zh-CN': '定期检查回访', en: 'scheduled check' },
};

export const ACTION_NAMES: Record<CallbackAction, Text> = {
  answer: { 'zh-CN': '登记回访结果', en: 'answered' },
  attempt: { 'zh-CN': '登记未接通', en: 'given a failed attempt' },
  cancel: { 'zh-CN': '取消', en: 'cancelled' },
};

export const ATTEMPT_NAMES: Record<string, Text> = {
  no_answer: { 'zh-CN': '无人接听', en: 'no answer' },
  busy: { 'zh-CN': '占线', en: 'busy' },
  wrong_number: { 'zh-CN': '号码错误', en: 'wrong number' },
  refused_to_talk: { 'zh-CN': '拒绝回访', en: 'refused to talk' },
};

/** Callback task number: HF + company-zone day + 5-digit sequence. */
export function callbackCode(compactDay: string, seq: number): string {
  return `HF${compactDay}${String(seq).padStart(5, '0')}`;
}
