import type { Text } from '../../../shared/i18n.js';
import type { CampaignAction, CampaignState, RecallUnitAction, RecallUnitState, StateCounts } from './contract.js';

/*
 * The pure rules of recall campaigns (docs/recalls.md): which units a campaign covers, what may
 * happen to a campaign and to a unit in each state, the SMS text, and the progress counts.
 * Serials reach these rules normalised as the installed base stores them (NFKC, no spaces,
 * upper case: customers' normaliseSerial).
 */

export interface Criteria {
  modelIds: readonly string[];
  serialFrom: string | null;
  serialTo: string | null;
  serialPrefix: string | null;
  purchasedFrom: string | null;
  purchasedTo: string | null;
}

export interface UnitFacts {
  modelId: string;
  serialNo: string;
  /** YYYY-MM-DD, or null when not known. */
  purchaseDate: string | null;
  status: string;
}

/** Units still with their owner: returned, replaced and scrapped units are out of any recall. */
export const RECALLABLE_STATUSES = ['active', 'recalled'] as const;

/**
 * A serial within a range: serials are compared only with bounds of their own length, character
 * by character by code point (so "SN0100" lies between "SN0001" and "SN0999", while "SN100" of
 * another length lies in no such range). Both bounds are included; a missing bound is open.
 */
export function serialInRange(serial: string, from: string | null, to: string | null): boolean {
  if (from !== null && (serial.length !== from.length || serial < from)) return false;
  if (to !== null && (serial.length !== to.length || serial > to)) return false;
  return true;
}

/** A production batch is the serials that begin with its prefix (units carry no batch column). */
export function inBatch(serial: string, prefix: string | null): boolean {
  return prefix === null || serial.startsWith(prefix);
}

/** A purchase date within the range (both days included); an unknown date is in no range. */
export function purchasedWithin(day: string | null, from: string | null, to: string | null): boolean {
  if (from === null && to === null) return true;
  if (day === null) return false;
  return (from === null || day >= from) && (to === null || day <= to);
}

/** Whether a campaign covers a unit: one of its models, still with its owner, and every criterion given. */
export function covers(c: Criteria, u: UnitFacts): boolean {
  return (
    c.modelIds.includes(u.modelId) &&
    (RECALLABLE_STATUSES as readonly string[]).includes(u.status) &&
    serialInRange(u.serialNo, c.serialFrom, c.serialTo) &&
    inBatch(u.serialNo, c.serialPrefix) &&
    purchasedWithin(u.purchaseDate, c.purchasedFrom, c.purchasedTo)
  );
}

export interface CriteriaProblem {
  field: string;
  code:
    | 'recall.serial_range_lengths'
    | 'recall.serial_range_order'
    | 'recall.purchase_range_order'
    | 'recall.effective_range_order'
    | 'recall.models_repeated';
}

/** What is wrong with a campaign's criteria, each naming its field (body.*). */
export function criteriaProblems(
  c: Criteria & { effectiveFrom: string; effectiveUntil: string | null },
): CriteriaProblem[] {
  const out: CriteriaProblem[] = [];
  if (new Set(c.modelIds).size !== c.modelIds.length)
    out.push({ field: 'body.modelIds', code: 'recall.models_repeated' });
  if (c.serialFrom !== null && c.serialTo !== null) {
    if (c.serialFrom.length !== c.serialTo.length)
      out.push({ field: 'body.serialTo', code: 'recall.serial_range_lengths' });
    else if (c.serialFrom > c.serialTo) out.push({ field: 'body.serialTo', code: 'recall.serial_range_order' });
  }
  if (c.purchasedFrom !== null && c.purchasedTo !== null && c.purchasedFrom > c.purchasedTo)
    out.push({ field: 'body.purchasedTo', code: 'recall.purchase_range_order' });
  if (c.effectiveUntil !== null && c.effectiveFrom > c.effectiveUntil)
    out.push({ field: 'body.effectiveUntil', code: 'recall.effective_range_order' });
  return out;
}

/** Whether a campaign in force on `day` takes units registered that day (active, within its dates). */
export function takesRegistrations(
  c: { state: CampaignState; effectiveFrom: string; effectiveUntil: string | null },
  day: string,
): boolean {
  return c.state === 'active' && day >= c.effectiveFrom && (c.effectiveUntil === null || day <= c.effectiveUntil);
}

// ---- States and actions ------------------------------------------------------------------------

export const CAMPAIGN_STATE_NAMES: Record<CampaignState, Text> = {
  draft: { 'zh-CN': '草稿', en: 'draft' },
  active: { 'zh-CN': '进行中', en: 'active' },
  closed: { 'zh-CN': '已结束', en: 'closed' },
};

export const UNIT_STATE_NAMES: Record<RecallUnitState, Text> = {
  affected: { 'zh-CN': '待通知', en: 'affected' },
  reached: { 'zh-CN': '已通知', en: 'reached' },
  booked: { 'zh-CN': '已预约', en: 'booked' },
  done: { 'zh-CN': '已完成', en: 'done' },
  unreachable: { 'zh-CN': '无法联系', en: 'unreachable' },
  declined: { 'zh-CN': '客户拒绝', en: 'declined' },
};

export const CAMPAIGN_ACTION_NAMES: Record<CampaignAction, Text> = {
  edit: { 'zh-CN': '修改', en: 'edited' },
  activate: { 'zh-CN': '启动', en: 'activated' },
  close: { 'zh-CN': '结束', en: 'closed' },
  outreach: { 'zh-CN': '发送通知', en: 'sent its outreach' },
};

export const UNIT_ACTION_NAMES: Record<RecallUnitAction, Text> = {
  book: { 'zh-CN': '预约', en: 'booked' },
  unreachable: { 'zh-CN': '标记为无法联系', en: 'marked unreachable' },
  decline: { 'zh-CN': '标记为客户拒绝', en: 'marked declined' },
};

/** What may be done to a campaign in a state (before permissions). */
export function campaignAllows(state: CampaignState, action: CampaignAction): boolean {
  if (action === 'edit' || action === 'activate') return state === 'draft';
  return state === 'active';
}

export function campaignActions(state: CampaignState, manage: boolean): CampaignAction[] {
  if (!manage) return [];
  return (['edit', 'activate', 'close', 'outreach'] as const).filter((a) => campaignAllows(state, a));
}

/**
 * What may be done to a unit of an active campaign: a booking until the unit is booked or done
 * (a customer marked unreachable or declined may still call and book); marking unreachable or
 * declined before the booking.
 */
export function unitAllows(campaign: CampaignState, state: RecallUnitState, action: RecallUnitAction): boolean {
  if (campaign !== 'active') return false;
  if (action === 'book') return state !== 'booked' && state !== 'done';
  if (action === 'unreachable') return state === 'affected' || state === 'reached';
  return state === 'affected' || state === 'reached' || state === 'unreachable';
}

export function unitActions(campaign: CampaignState, state: RecallUnitState, work: boolean): RecallUnitAction[] {
  if (!work) return [];
  return (['book', 'unreachable', 'decline'] as const).filter((a) => unitAllows(campaign, state, a));
}

// ---- Texts and numbers ---------------------------------------------------------------------------

/** RC + the company-zone day + a 3-digit sequence: RC20261123001. */
export function campaignCode(day: string, n: number): string {
  return `RC${day}${String(n % 1000).padStart(3, '0')}`;
}

/** The purpose of the one-time links recall messages carry (platform/links). */
export const BOOKING = 'recall.booking' as const;

/** The fault description of a recall order. */
export function orderDescription(code: string, title: string, note: string | undefined): string {
  return `召回${code}：${title}${note ? `。${note}` : ''}`;
}

export const emptyCounts = (): StateCounts => ({
  total: 0,
  affected: 0,
  reached: 0,
  booked: 0,
  done: 0,
  unreachable: 0,
  declined: 0,
});

/** Counts per key from rows of (key, state, n), keys in first-seen order; and their sum. */
export function foldCounts(rows: readonly { key: string | null; state: RecallUnitState; n: number }[]): {
  byKey: Map<string | null, StateCounts>;
  sum: StateCounts;
} {
  const byKey = new Map<string | null, StateCounts>();
  const sum = emptyCounts();
  for (const r of rows) {
    let c = byKey.get(r.key);
    if (!c) {
      c = emptyCounts();
      byKey.set(r.key, c);
    }
    c[r.state] += r.n;
    c.total += r.n;
    sum[r.state] += r.n;
    sum.total += r.n;
  }
  return { byKey, sum };
}

/** The org path's center: `hq/center/…` → `hq/center/`; a path at HQ stays HQ's. */
export function centerPathOf(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return `${parts.slice(0, 2).join('/')}/`;
}

/** The outlet of a unit's area: the third segment of its org path, when there is one. */
export function areaOutletOf(path: string): string | null {
  return path.split('/').filter(Boolean)[2] ?? null;
}
