import type { Permission } from '../../../shared/permissions.js';
import type { Appraisal, CaseAction, CaseState, LocalText, RemedyItem, RemedyKind, RemedyRules } from './contract.js';
import {
  type DayCounting,
  endOfLocalDay,
  lastCoveredDay,
  localDateTime,
  localDay,
  monthsElapsed,
  monthsStarted,
  withinPeriod,
} from './dates.js';
import { countedFrom, lastDay, type RepairFacts } from './entitlement.js';

/*
 * The 三包 remedies and the return/exchange case, as pure rules (docs/warranty.md). The case's
 * state machine is one table; each action has a validate/apply pair the command calls.
 */

// Remedies

export interface VisitFacts {
  orderId: string;
  reportedAt: Date;
  arrivedAt: Date | null;
  /** Waiting for the customer before the arrival: excused from the no-show count. */
  customerPauses: { from: Date; to: Date | null }[];
}

export interface RemedyInput {
  purchaseDate: string | null;
  /** The unit replaces an exchanged one (its warranty restarted on the exchange). */
  isExchangeUnit: boolean;
  rules: RemedyRules;
  /** Last day of the whole-unit warranty; repairs after it do not count. */
  warrantyEnd: string | null;
  repairs: RepairFacts[];
  visits: VisitFacts[];
  /** The date judged (company time zone) and the instant it ends (open visits are counted until then). */
  at: string;
  asOf: Date;
  /** How periods are counted (every period here: the 7/15 days and the no-show days). */
  counting: DayCounting;
  /** The company time zone: a report's day, and the instant the no-show period's last day ends. */
  timeZone: string;
}

const DAY_MS = 86_400_000;
const PURCHASE = { 'zh-CN': '购买日期', en: 'purchase' };
const REPORT = { 'zh-CN': '报修日', en: 'the report' };

function sameFaultGroups(input: RemedyInput): { faultCode: string; repairs: RepairFacts[] }[] {
  const groups = new Map<string, RepairFacts[]>();
  for (const r of input.repairs) {
    if (!r.faultCode || r.completedOn > input.at) continue;
    if (input.warrantyEnd === null || r.completedOn > input.warrantyEnd) continue;
    const list = groups.get(r.faultCode) ?? [];
    list.push(r);
    groups.set(r.faultCode, list);
  }
  return [...groups.entries()]
    .map(([faultCode, repairs]) => ({
      faultCode,
      repairs: repairs.sort((a, b) => (a.completedOn < b.completedOn ? -1 : 1)),
    }))
    .sort((a, b) => b.repairs.length - a.repairs.length || (a.faultCode < b.faultCode ? -1 : 1));
}

/** Excused (customer-caused) time of a visit between the report and `until`. */
export function excusedMs(v: VisitFacts, until: Date): number {
  let ms = 0;
  for (const p of v.customerPauses) {
    const from = Math.max(p.from.getTime(), v.reportedAt.getTime());
    const to = Math.min((p.to ?? until).getTime(), until.getTime());
    if (to > from) ms += to - from;
  }
  return ms;
}

/** Eligibility for refund or exchange under each statutory rule, with the moment it began. */
export function remedies(input: RemedyInput): { eligible: RemedyKind[]; items: RemedyItem[] } {
  const r = input.rules;
  const items: RemedyItem[] = [];
  const item = (x: Omit<RemedyItem, 'faultCode' | 'orderIds'> & Partial<Pick<RemedyItem, 'faultCode' | 'orderIds'>>) =>
    items.push({ faultCode: null, orderIds: [], ...x });

  if (input.purchaseDate) {
    const bought = input.purchaseDate;
    const since = countedFrom(PURCHASE, bought, input.counting);
    const refundUntil = lastCoveredDay(bought, { days: r.refundDays }, input.counting);
    const exchangeUntil = lastCoveredDay(bought, { days: r.exchangeDays }, input.counting);
    const inRefund = withinPeriod(bought, { days: r.refundDays }, input.counting, input.at);
    const inExchange = withinPeriod(bought, { days: r.exchangeDays }, input.counting, input.at);
    const verdict = (ok: boolean) =>
      ok ? { 'zh-CN': '符合', en: 'eligible' } : { 'zh-CN': '不符合', en: 'not eligible' };
    item({
      rule: 'within_refund_days',
      eligible: inRefund,
      remedies: ['refund', 'exchange'],
      since: inRefund ? bought : null,
      until: refundUntil,
      reasons: [
        {
          'zh-CN': `${r.refundDays}日内出现性能故障可选择退货或换货：${since['zh-CN']}，${lastDay(refundUntil)['zh-CN']}；今天${input.at}，${verdict(inRefund)['zh-CN']}`,
          en: `A performance fault within ${r.refundDays} days allows a refund or an exchange: ${since.en}, ${lastDay(refundUntil).en}; today is ${input.at}: ${verdict(inRefund).en}`,
        },
      ],
    });
    item({
      rule: 'within_exchange_days',
      eligible: inExchange,
      remedies: ['exchange'],
      since: inExchange ? bought : null,
      until: exchangeUntil,
      reasons: [
        {
          'zh-CN': `${r.exchangeDays}日内出现性能故障可换货：${since['zh-CN']}，${lastDay(exchangeUntil)['zh-CN']}；今天${input.at}，${verdict(inExchange)['zh-CN']}`,
          en: `A performance fault within ${r.exchangeDays} days allows an exchange: ${since.en}, ${lastDay(exchangeUntil).en}; today is ${input.at}: ${verdict(inExchange).en}`,
        },
      ],
    });
  }
  // The repeated-fault rules count repairs within the whole-unit warranty: its last day is said.
  const warrantyLast = lastDay(input.warrantyEnd);

  const groups = sameFaultGroups(input);
  const top = groups[0];
  if (top && top.repairs.length >= r.sameFaultRepairs) {
    const nth = top.repairs[r.sameFaultRepairs - 1]!;
    item({
      rule: 'repeated_fault',
      eligible: true,
      remedies: ['exchange'],
      since: nth.completedOn,
      until: input.warrantyEnd,
      faultCode: top.faultCode,
      orderIds: top.repairs.map((x) => x.orderId),
      reasons: [
        {
          'zh-CN': `保修期内（整机保修${warrantyLast['zh-CN']}）同一故障（${top.faultCode}）已维修${top.repairs.length}次（第${r.sameFaultRepairs}次完工于${nth.completedOn}），仍不能正常使用可换货`,
          en: `The same fault (${top.faultCode}) was repaired ${top.repairs.length} times within the warranty (whole unit: ${warrantyLast.en}; repair ${r.sameFaultRepairs} completed ${nth.completedOn}); if it still fails, the customer may exchange`,
        },
      ],
    });
  } else {
    item({
      rule: 'repeated_fault',
      eligible: false,
      remedies: ['exchange'],
      since: null,
      until: input.warrantyEnd,
      faultCode: top?.faultCode ?? null,
      orderIds: top?.repairs.map((x) => x.orderId) ?? [],
      reasons: [
        {
          'zh-CN': `保修期内（整机保修${warrantyLast['zh-CN']}）同一故障维修满${r.sameFaultRepairs}次仍不能正常使用可换货；目前最多${top?.repairs.length ?? 0}次${top ? `（${top.faultCode}）` : ''}`,
          en: `An exchange needs the same fault repaired ${r.sameFaultRepairs} times within the warranty (whole unit: ${warrantyLast.en}); so far at most ${top?.repairs.length ?? 0}${top ? ` (${top.faultCode})` : ''}`,
        },
      ],
    });
  }

  if (r.refundAfterExchangeRepairs !== null) {
    const need = r.refundAfterExchangeRepairs;
    const ok = input.isExchangeUnit && top !== undefined && top.repairs.length >= need;
    item({
      rule: 'refund_after_exchange',
      eligible: ok,
      remedies: ['refund'],
      since: ok ? top!.repairs[need - 1]!.completedOn : null,
      until: input.warrantyEnd,
      faultCode: top?.faultCode ?? null,
      orderIds: ok ? top!.repairs.map((x) => x.orderId) : [],
      reasons: [
        input.isExchangeUnit
          ? {
              'zh-CN': `换货后保修期内（整机保修${warrantyLast['zh-CN']}）同一故障又维修${need}次仍不能正常使用可退货；目前${top?.repairs.length ?? 0}次${ok ? '：符合' : ''}`,
              en: `After an exchange, ${need} more repairs of the same fault within the warranty (whole unit: ${warrantyLast.en}) allow a refund; so far ${top?.repairs.length ?? 0}${ok ? ': eligible' : ''}`,
            }
          : {
              'zh-CN': '未换过货，不适用换货后退货',
              en: 'Never exchanged: the refund after an exchange does not apply',
            },
      ],
    });
  }

  let noShow: RemedyItem | null = null;
  // An order still waiting for its visit and not yet late: its last day is said too.
  let waiting: { v: VisitFacts; last: string } | null = null;
  for (const v of input.visits) {
    const until = v.arrivedAt ?? input.asOf;
    if (until.getTime() <= v.reportedAt.getTime()) continue;
    const excused = excusedMs(v, until);
    // The report day is the period's start day (counted per the convention); the period ends at
    // 24:00 of its last day (art. 203) in the company zone, moved on by the customer's delays.
    const reportDay = localDay(v.reportedAt, input.timeZone);
    const last = lastCoveredDay(reportDay, { days: r.noShowDays }, input.counting)!;
    const deadline = new Date(endOfLocalDay(last, input.timeZone).getTime() + 1 + excused);
    if (until.getTime() >= deadline.getTime()) {
      const excusedDays = Math.round((excused / DAY_MS) * 10) / 10;
      const since = countedFrom(REPORT, reportDay, input.counting);
      const moved =
        excused > 0
          ? {
              'zh-CN': `；扣除客户原因延误${excusedDays}天，顺延至${localDateTime(deadline, input.timeZone)['zh-CN']}`,
              en: `; less ${excusedDays} days the customer caused, moved to ${localDateTime(deadline, input.timeZone).en}`,
            }
          : { 'zh-CN': '', en: '' };
      noShow = {
        rule: 'no_show',
        eligible: true,
        remedies: ['exchange'],
        since: deadline.toISOString(),
        until: null,
        faultCode: null,
        orderIds: [v.orderId],
        reasons: [
          {
            'zh-CN': `报修于${localDateTime(v.reportedAt, input.timeZone)['zh-CN']}，${r.noShowDays}日内未上门（${since['zh-CN']}，${lastDay(last)['zh-CN']}${moved['zh-CN']}），可换货`,
            en: `Reported ${localDateTime(v.reportedAt, input.timeZone).en}; nobody came within ${r.noShowDays} days (${since.en}, ${lastDay(last).en}${moved.en}): exchange`,
          },
        ],
      };
      break;
    }
    if (!v.arrivedAt && !waiting) waiting = { v, last };
  }
  const pending = waiting
    ? {
        'zh-CN': `；报修于${localDateTime(waiting.v.reportedAt, input.timeZone)['zh-CN']}的服务单尚未上门，${countedFrom(REPORT, localDay(waiting.v.reportedAt, input.timeZone), input.counting)['zh-CN']}，${lastDay(waiting.last)['zh-CN']}`,
        en: `; the order reported ${localDateTime(waiting.v.reportedAt, input.timeZone).en} awaits its visit, counted ${countedFrom(REPORT, localDay(waiting.v.reportedAt, input.timeZone), input.counting).en}, ${lastDay(waiting.last).en}`,
      }
    : { 'zh-CN': '', en: '' };
  items.push(
    noShow ?? {
      rule: 'no_show',
      eligible: false,
      remedies: ['exchange'],
      since: null,
      until: null,
      faultCode: null,
      orderIds: [],
      reasons: [
        {
          'zh-CN': `报修后${r.noShowDays}日内未上门可换货；没有超期的报修${pending['zh-CN']}`,
          en: `No visit within ${r.noShowDays} days of a report allows an exchange; no report is that late${pending.en}`,
        },
      ],
    },
  );

  const eligible = new Set<RemedyKind>();
  for (const i of items) if (i.eligible) for (const k of i.remedies) eligible.add(k);
  return { eligible: (['refund', 'exchange'] as const).filter((k) => eligible.has(k)), items };
}

/**
 * The refund after depreciation: none within the free days, else the percentage per started month.
 * `monthsUsed` is what the customer is told they used: whole months ended (`monthsElapsed`), not
 * the months begun the depreciation counts, so a unit bought 5 days ago used "不足1个月", not 1.
 */
export function refundAmount(
  priceFen: number,
  purchaseDate: string | null,
  at: string,
  rules: Pick<RemedyRules, 'depreciationFreeDays' | 'depreciationPercentPerMonth'>,
  counting: DayCounting,
): { refundFen: number; depreciationFen: number; monthsUsed: number } {
  if (!purchaseDate) return { refundFen: priceFen, depreciationFen: 0, monthsUsed: 0 };
  const months = monthsStarted(purchaseDate, at, counting);
  const monthsUsed = monthsElapsed(purchaseDate, at, counting);
  if (withinPeriod(purchaseDate, { days: rules.depreciationFreeDays }, counting, at))
    return { refundFen: priceFen, depreciationFen: 0, monthsUsed };
  const depreciationFen = Math.min(priceFen, Math.round((priceFen * rules.depreciationPercentPerMonth * months) / 100));
  return { refundFen: priceFen - depreciationFen, depreciationFen, monthsUsed };
}

// The return/exchange case

export interface CaseTransition {
  from: readonly CaseState[];
  /** Any one of these. */
  permissions: readonly Permission[];
}

export const CASE_TRANSITIONS: Record<CaseAction, CaseTransition> = {
  appraise: { from: ['opened'], permissions: ['orders.execute'] },
  approve: { from: ['appraised', 'pending_hq'], permissions: ['orders.approve'] },
  reject: { from: ['opened', 'appraised', 'pending_hq'], permissions: ['orders.approve'] },
  execute: { from: ['approved'], permissions: ['orders.execute', 'orders.approve'] },
  close: { from: ['executed'], permissions: ['orders.execute', 'orders.approve'] },
  cancel: { from: ['opened', 'appraised'], permissions: ['orders.create', 'orders.execute'] },
};

/** Opening a case: orders.create or orders.execute. */
export const OPEN_PERMISSIONS: readonly Permission[] = ['orders.create', 'orders.execute'];

export const CASE_STATE_NAMES: Record<CaseState, LocalText> = {
  opened: { 'zh-CN': '已受理', en: 'opened' },
  appraised: { 'zh-CN': '已鉴定', en: 'appraised' },
  pending_hq: { 'zh-CN': '待总部审批', en: 'awaiting HQ approval' },
  approved: { 'zh-CN': '已批准', en: 'approved' },
  executed: { 'zh-CN': '已执行', en: 'carried out' },
  closed: { 'zh-CN': '已结案', en: 'closed' },
  rejected: { 'zh-CN': '已驳回', en: 'rejected' },
  cancelled: { 'zh-CN': '已撤销', en: 'withdrawn' },
};

/** The decision as the customer's message says it ('warranty.case_decided', its {{decision}}). */
export const DECISION_WORDS = {
  exchange: { 'zh-CN': '同意换货', en: 'exchange approved' },
  refund: { 'zh-CN': '同意退货退款', en: 'refund approved' },
  rejected: { 'zh-CN': '未获批准', en: 'not approved' },
} as const satisfies Record<RemedyKind | 'rejected', LocalText>;

export const CASE_ACTION_NAMES: Record<CaseAction, LocalText> = {
  appraise: { 'zh-CN': '鉴定', en: 'appraise' },
  approve: { 'zh-CN': '审批', en: 'approve' },
  reject: { 'zh-CN': '驳回', en: 'reject' },
  execute: { 'zh-CN': '执行', en: 'carry out' },
  close: { 'zh-CN': '结案', en: 'close' },
  cancel: { 'zh-CN': '撤销', en: 'withdraw' },
};

export type CaseProblem =
  | { code: 'warranty.case_transition' }
  | { code: 'auth.forbidden'; permission: string }
  | { code: 'warranty.hq_approval_required' }
  | { code: 'warranty.appraisal_conclusion'; conclusion: string };

/** May the actor take this action in this state (state and permission only)? */
export function validateCaseAction(
  state: CaseState,
  action: CaseAction,
  has: (p: Permission) => boolean,
): CaseProblem | null {
  const t = CASE_TRANSITIONS[action];
  if (!t.from.includes(state)) return { code: 'warranty.case_transition' };
  if (!t.permissions.some(has)) return { code: 'auth.forbidden', permission: t.permissions.join(' / ') };
  return null;
}

/** What approval depends on besides the right: where the approver sits, the value and the threshold. */
export interface ApprovalFacts {
  level: 'hq' | 'center' | 'outlet';
  appraisal: Pick<Appraisal, 'conclusion'> | null;
  priceFen: number;
  thresholdFen: number;
}

/**
 * The actions the actor may take now (the case page's buttons). Approve is offered only where
 * `validateApprove` would accept it, so a center sees 审批 on an appraised case and not on one
 * waiting for HQ, and an outlet never does (docs/warranty.md, Return/exchange cases).
 */
export function allowedCaseActions(
  state: CaseState,
  has: (p: Permission) => boolean,
  approval: ApprovalFacts,
): CaseAction[] {
  return (Object.keys(CASE_TRANSITIONS) as CaseAction[]).filter(
    (a) =>
      validateCaseAction(state, a, has) === null &&
      (a !== 'approve' ||
        !(
          'problem' in
          validateApprove(state, approval.appraisal, approval.level, approval.priceFen, approval.thresholdFen)
        )),
  );
}

export function applyAppraise(): CaseState {
  return 'appraised';
}

/**
 * Approval: the center approves; above the threshold the case then waits for HQ, whose approval
 * is final. An HQ approver approves at once. An outlet cannot approve.
 */
export function validateApprove(
  state: CaseState,
  appraisal: Pick<Appraisal, 'conclusion'> | null,
  level: 'hq' | 'center' | 'outlet',
  priceFen: number,
  thresholdFen: number,
): { problem: CaseProblem } | { to: CaseState; level: 'hq' | 'center' } {
  if (state === 'appraised' && appraisal && appraisal.conclusion !== 'refund' && appraisal.conclusion !== 'exchange') {
    return { problem: { code: 'warranty.appraisal_conclusion', conclusion: appraisal.conclusion } };
  }
  if (level === 'outlet') return { problem: { code: 'auth.forbidden', permission: 'orders.approve (center / HQ)' } };
  if (state === 'pending_hq') {
    if (level !== 'hq') return { problem: { code: 'warranty.hq_approval_required' } };
    return { to: 'approved', level: 'hq' };
  }
  if (level === 'hq') return { to: 'approved', level: 'hq' };
  return { to: priceFen > thresholdFen ? 'pending_hq' : 'approved', level: 'center' };
}

/** What is carried out (the case page shows it too, so it lives in the contract). */
export { executionKind } from './contract.js';
