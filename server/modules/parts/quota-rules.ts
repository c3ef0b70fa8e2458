import type { Text } from '../../../shared/i18n.js';
import { yuan } from '../../../shared/money.js';

/*
 * Parts quotas (配件额度) — pure rules, no database, no clock (docs/parts-rules.md).
 *
 * Seed 004, 配件发放管理工作: "代理商所需配件发放和额度管理工作方面的有关规定", "每月代理商配件申请
 * 额度报表": agents (outlets) request parts against a quota, reported each month. A quota is set per
 * outlet and per technician, as a value (fen) and/or a quantity per period (the setting
 * `parts.quotaPeriod`, monthly by default). A request within both remaining quotas passes on its
 * own; beyond a quota the center approves; above `parts.hqApprovalAboveFen` HQ approves, whatever
 * the quotas (the same threshold habit as return/exchange cases, `orders.returnHqApprovalFen`).
 */

export type QuotaPeriod = 'monthly' | 'quarterly' | 'yearly';
export const QUOTA_PERIODS: readonly QuotaPeriod[] = ['monthly', 'quarterly', 'yearly'];

/** A calendar period, both days inclusive (YYYY-MM-DD, company time zone). */
export interface DayRange {
  start: string;
  end: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The quota period a local day falls in: the calendar month, quarter (Jan–Mar, Apr–Jun, Jul–Sep,
 * Oct–Dec) or year. Quotas are calendar periods — reported "每月" — not running terms counted from a
 * start day, so Civil Code art. 201 does not enter here.
 */
export function quotaPeriodOf(day: string, period: QuotaPeriod): DayRange {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const year = pad(y, 4);
  if (period === 'yearly') return { start: `${year}-01-01`, end: `${year}-12-31` };
  const first = period === 'monthly' ? m : Math.floor((m - 1) / 3) * 3 + 1;
  const last = period === 'monthly' ? m : first + 2;
  return { start: `${year}-${pad(first)}-01`, end: `${year}-${pad(last)}-${pad(lastDayOfMonth(y, last))}` };
}

/**
 * One stock movement of the quota holder (an outlet's, or a technician's), as the ledger records it.
 * - `issued`: parts drawn from stock for the holder (a request fulfilled, a van refilled);
 * - `returned_unused`: parts given back unused (they come back to stock);
 * - `consumed`: parts fitted on an order. Not counted again: they were counted when issued.
 * Old parts returned after a replacement (旧件) are not movements of the quota.
 */
export interface QuotaMovement {
  kind: 'issued' | 'returned_unused' | 'consumed';
  /** The local day of the movement. */
  day: string;
  quantity: number;
  /** The movement's value in fen (quantity × unit cost at the time). */
  valueFen: number;
}

export interface QuotaUse {
  quantity: number;
  valueFen: number;
}

/**
 * What a holder has used of a period's quota: net drawn = issued in the period − returned unused in
 * the period, floored at 0 (for quantity and value separately). A part drawn counts from the day it
 * is issued, whether it then sits in the van or is fitted on an order (consumption is not counted a
 * second time); a part given back unused frees its quota on the day it comes back. A return of parts
 * drawn in an earlier period can bring the period's use down to 0, never below. Movements outside
 * the period, non-finite or negative amounts are ignored.
 */
export function quotaUse(movements: readonly QuotaMovement[], period: DayRange): QuotaUse {
  let quantity = 0;
  let valueFen = 0;
  for (const mv of movements) {
    if (mv.day < period.start || mv.day > period.end) continue;
    const q = clean(mv.quantity);
    const v = clean(mv.valueFen);
    if (mv.kind === 'issued') {
      quantity += q;
      valueFen += v;
    } else if (mv.kind === 'returned_unused') {
      quantity -= q;
      valueFen -= v;
    }
  }
  return { quantity: Math.max(0, quantity), valueFen: Math.max(0, valueFen) };
}

function clean(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** A quota: null for a dimension not limited. Both null is a quota row that limits nothing. */
export interface Quota {
  valueFen: number | null;
  quantity: number | null;
}

/** What remains of a quota: never negative; null where the quota does not limit. */
export interface Remaining {
  valueFen: number | null;
  quantity: number | null;
  /** How far the use already exceeds the quota (0 when within it), so a report can say it. */
  overValueFen: number;
  overQuantity: number;
}

export function remainingQuota(quota: Quota, use: QuotaUse): Remaining {
  const left = (limit: number | null, used: number) => (limit === null ? null : Math.max(0, limit - used));
  const over = (limit: number | null, used: number) => (limit === null ? 0 : Math.max(0, used - limit));
  return {
    valueFen: left(quota.valueFen, use.valueFen),
    quantity: left(quota.quantity, use.quantity),
    overValueFen: over(quota.valueFen, use.valueFen),
    overQuantity: over(quota.quantity, use.quantity),
  };
}

export interface RequestLine {
  partId: string;
  quantity: number;
  unitCostFen: number;
}

export type QuotaScope = 'outlet' | 'technician';
export type ApprovalLevel = 'auto' | 'center' | 'hq';
export type Urgency = 'normal' | 'urgent';

export interface JudgeRequestInput {
  lines: readonly RequestLine[];
  /** The outlet's remaining quota; null when the outlet has no quota set. */
  outlet: Remaining | null;
  /**
   * The technician's remaining quota when the request is for a technician (a van refill); null
   * when the technician has no quota set; undefined when the request is the outlet's own.
   */
  technician?: Remaining | null;
  /** The setting `parts.hqApprovalAboveFen`. */
  hqApprovalAboveFen: number;
  /** The setting `parts.requestWithoutQuota`: who approves when a holder has no quota set. */
  withoutQuota: 'center' | 'auto';
  /** Said in the explanation so the approver sees it first; it does not change who approves. */
  urgency?: Urgency;
}

export type RequestReason =
  | { code: 'above_hq_threshold'; totalFen: number; thresholdFen: number; overFen: number }
  | { code: 'over_value_quota'; scope: QuotaScope; requestedFen: number; remainingFen: number; overFen: number }
  | { code: 'over_quantity_quota'; scope: QuotaScope; requested: number; remaining: number; over: number }
  | { code: 'no_quota'; scope: QuotaScope }
  | { code: 'invalid_line'; index: number; partId: string }
  | { code: 'empty' };

export interface RequestJudgement {
  level: ApprovalLevel;
  totalFen: number;
  totalQuantity: number;
  urgency: Urgency;
  reasons: RequestReason[];
  explanation: Text[];
}

const SCOPE: Record<QuotaScope, Text> = {
  outlet: { 'zh-CN': '网点', en: "the outlet's" },
  technician: { 'zh-CN': '技术员', en: "the technician's" },
};

const validLine = (l: RequestLine) =>
  Number.isSafeInteger(l.quantity) &&
  l.quantity > 0 &&
  Number.isSafeInteger(l.unitCostFen) &&
  l.unitCostFen >= 0 &&
  Number.isSafeInteger(l.quantity * l.unitCostFen);

/**
 * Who approves a parts request:
 * - 'hq' when its value is above `hqApprovalAboveFen` (whatever the quotas);
 * - else 'center' when it exceeds a remaining quota (value or quantity, outlet's or technician's),
 *   when a holder has no quota set and `withoutQuota` is 'center', or when a line is not valid
 *   (quantity not a positive whole number, a negative cost, or a value beyond exact integers — the
 *   schemas refuse those, the rule still never passes them on its own) or the request is empty;
 * - else 'auto': within both remaining quotas.
 * Every reason says which quota and by how much.
 */
export function judgeRequest(input: JudgeRequestInput): RequestJudgement {
  const reasons: RequestReason[] = [];
  let totalFen = 0;
  let totalQuantity = 0;
  input.lines.forEach((l, index) => {
    if (!validLine(l)) {
      reasons.push({ code: 'invalid_line', index, partId: l.partId });
      return;
    }
    totalFen += l.quantity * l.unitCostFen;
    totalQuantity += l.quantity;
  });
  if (input.lines.length === 0) reasons.push({ code: 'empty' });
  const hq = totalFen > input.hqApprovalAboveFen;
  if (hq)
    reasons.push({
      code: 'above_hq_threshold',
      totalFen,
      thresholdFen: input.hqApprovalAboveFen,
      overFen: totalFen - input.hqApprovalAboveFen,
    });
  const holders: [QuotaScope, Remaining | null][] = [['outlet', input.outlet]];
  if (input.technician !== undefined) holders.push(['technician', input.technician]);
  for (const [scope, r] of holders) {
    if (r === null) {
      if (input.withoutQuota === 'center') reasons.push({ code: 'no_quota', scope });
      continue;
    }
    if (r.valueFen !== null && totalFen > r.valueFen)
      reasons.push({
        code: 'over_value_quota',
        scope,
        requestedFen: totalFen,
        remainingFen: r.valueFen,
        overFen: totalFen - r.valueFen,
      });
    if (r.quantity !== null && totalQuantity > r.quantity)
      reasons.push({
        code: 'over_quantity_quota',
        scope,
        requested: totalQuantity,
        remaining: r.quantity,
        over: totalQuantity - r.quantity,
      });
  }
  const level: ApprovalLevel = hq ? 'hq' : reasons.length > 0 ? 'center' : 'auto';
  const urgency = input.urgency ?? 'normal';
  return { level, totalFen, totalQuantity, urgency, reasons, explanation: explain(level, urgency, totalFen, reasons) };
}

function explain(level: ApprovalLevel, urgency: Urgency, totalFen: number, reasons: RequestReason[]): Text[] {
  const out: Text[] = [];
  if (urgency === 'urgent') out.push({ 'zh-CN': '加急申请', en: 'Urgent request' });
  for (const r of reasons) out.push(reasonText(r));
  const total = yuan(totalFen);
  out.push(
    level === 'auto'
      ? {
          'zh-CN': `申请金额${total['zh-CN']}，在网点及技术员剩余额度内，自动通过`,
          en: `Request of ${total.en} is within the remaining quotas: approved automatically`,
        }
      : level === 'center'
        ? { 'zh-CN': `申请金额${total['zh-CN']}，需服务中心审批`, en: `Request of ${total.en}: the center approves` }
        : { 'zh-CN': `申请金额${total['zh-CN']}，需总部审批`, en: `Request of ${total.en}: HQ approves` },
  );
  return out;
}

function reasonText(r: RequestReason): Text {
  switch (r.code) {
    case 'above_hq_threshold':
      return {
        'zh-CN': `申请金额${yuan(r.totalFen)['zh-CN']}超过总部审批金额${yuan(r.thresholdFen)['zh-CN']}（超出${yuan(r.overFen)['zh-CN']}）`,
        en: `The request's ${yuan(r.totalFen).en} is above the HQ approval threshold of ${yuan(r.thresholdFen).en} (by ${yuan(r.overFen).en})`,
      };
    case 'over_value_quota':
      return {
        'zh-CN': `超出${SCOPE[r.scope]['zh-CN']}金额额度：申请${yuan(r.requestedFen)['zh-CN']}，剩余${yuan(r.remainingFen)['zh-CN']}，超出${yuan(r.overFen)['zh-CN']}`,
        en: `Beyond ${SCOPE[r.scope].en} value quota: ${yuan(r.requestedFen).en} requested, ${yuan(r.remainingFen).en} left, ${yuan(r.overFen).en} over`,
      };
    case 'over_quantity_quota':
      return {
        'zh-CN': `超出${SCOPE[r.scope]['zh-CN']}数量额度：申请${r.requested}件，剩余${r.remaining}件，超出${r.over}件`,
        en: `Beyond ${SCOPE[r.scope].en} quantity quota: ${r.requested} requested, ${r.remaining} left, ${r.over} over`,
      };
    case 'no_quota':
      return {
        'zh-CN': `${SCOPE[r.scope]['zh-CN']}未设配件额度`,
        en: `No quota is set for ${r.scope === 'outlet' ? 'the outlet' : 'the technician'}`,
      };
    case 'invalid_line':
      return {
        'zh-CN': `第${r.index + 1}行数量或单价无效`,
        en: `Line ${r.index + 1} has an invalid quantity or unit cost`,
      };
    case 'empty':
      return { 'zh-CN': '申请没有配件', en: 'The request has no lines' };
  }
}
