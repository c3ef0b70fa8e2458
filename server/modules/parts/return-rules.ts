import type { Text } from '../../../shared/i18n.js';
import { daysBetween, lastCoveredDay, localDay } from '../warranty/index.js';
import { yuan } from '../../../shared/money.js';

/*
 * Old-part returns (旧件返还) — pure rules (docs/parts-rules.md).
 *
 * DOMAIN.md, Parts: "old-part return (旧件退回) after a replacement". Seed 004: "维修网点退件流程",
 * "维修网点旧件退回、换件要求", and the fault-part flow "终端经销商处不良品…申请流程": a part replaced at
 * the company's cost goes back so the company can appraise it. Seed 003: the company "负责修理或更换
 * 有缺陷的设备…并承担更换…的全部费用" — it bears the cost of replacing a *defective* part, so the
 * appraisal of the old part settles whether the replacement is paid.
 *
 * Who paid for a part is the warranty decision stored at completion (warranty decisions, one per
 * replaced part, `parts`: company | contract | customer): a part paid by the company or by a
 * service contract the company sold must come back; a part the customer paid for is the
 * customer's to keep.
 */

/** The stored warranty decision of a replaced part, as far as returns need it (WarrantyDecision). */
export interface PartDecisionFacts {
  subject: 'unit' | 'part';
  partId: string | null;
  parts: 'company' | 'contract' | 'customer';
}

export interface CompletionReturnFacts {
  orderId: string;
  technicianId: string | null;
  outletId: string | null;
  completedAt: Date;
  /** Parts replaced by the order (the old part of each goes back when the company paid). */
  replaced: readonly { partId: string; quantity: number; serial?: string | null }[];
  /** The order's stored warranty decisions. */
  decisions: readonly PartDecisionFacts[];
}

export interface ReturnObligation {
  orderId: string;
  technicianId: string | null;
  outletId: string | null;
  partId: string;
  serial: string | null;
  quantity: number;
  /** Who paid for the new part (why the old one must come back). */
  paidBy: 'company' | 'contract';
  /** The last day to return it (inclusive). */
  dueDay: string;
}

export interface ReturnObligations {
  obligations: ReturnObligation[];
  /** Replaced parts without a stored part decision: none created; someone must look. */
  undecided: string[];
}

/**
 * The return obligations a completed order creates: one per replaced part (per line) whose part
 * decision says the company or a contract paid, due `returnDueDays` (setting parts.returnDueDays)
 * after the completion's local day, the completion day not counted (Civil Code art. 201): completed
 * on 03-01 with 30 days, due by 03-31.
 */
export function returnObligations(
  completion: CompletionReturnFacts,
  returnDueDays: number,
  timeZone: string,
): ReturnObligations {
  const day = localDay(completion.completedAt, timeZone);
  const dueDay = lastCoveredDay(day, { days: Math.max(0, Math.floor(returnDueDays)) }, 'civil_code') ?? day;
  const payer = new Map<string, PartDecisionFacts['parts']>();
  for (const d of completion.decisions) if (d.subject === 'part' && d.partId) payer.set(d.partId, d.parts);
  const obligations: ReturnObligation[] = [];
  const undecided: string[] = [];
  for (const r of completion.replaced) {
    if (!Number.isFinite(r.quantity) || r.quantity <= 0) continue;
    const paidBy = payer.get(r.partId);
    if (paidBy === undefined) {
      if (!undecided.includes(r.partId)) undecided.push(r.partId);
      continue;
    }
    if (paidBy === 'customer') continue;
    obligations.push({
      orderId: completion.orderId,
      technicianId: completion.technicianId,
      outletId: completion.outletId,
      partId: r.partId,
      serial: r.serial ?? null,
      quantity: Math.floor(r.quantity),
      paidBy,
      dueDay,
    });
  }
  return { obligations, undecided };
}

export type ObligationStatus = 'due' | 'overdue' | 'shipped' | 'received';

export interface ObligationState {
  status: ObligationStatus;
  /** Days past the due day: of today while not shipped, of the shipping day once shipped. */
  daysOverdue: number;
  explanation: Text;
}

/**
 * Where an obligation stands at `now`: received (the depot booked the old part in), shipped (sent
 * back, not yet received), overdue (not shipped and the due day has passed — the due day itself
 * is still on time, art. 203), else due. `daysOverdue` keeps a late shipment visible.
 */
export function obligationStatus(
  ob: { dueDay: string; shippedAt: Date | null; receivedAt: Date | null },
  now: Date,
  timeZone: string,
): ObligationState {
  const sentDay = ob.shippedAt ? localDay(ob.shippedAt, timeZone) : null;
  const today = localDay(now, timeZone);
  const daysOverdue = Math.max(0, daysBetween(ob.dueDay, sentDay ?? today));
  const late: Text =
    daysOverdue > 0
      ? { 'zh-CN': `，逾期${daysOverdue}天`, en: `, ${daysOverdue} day(s) late` }
      : { 'zh-CN': '', en: '' };
  if (ob.receivedAt)
    return {
      status: 'received',
      daysOverdue,
      explanation: { 'zh-CN': `旧件已收回${late['zh-CN']}`, en: `Old part received${late.en}` },
    };
  if (sentDay)
    return {
      status: 'shipped',
      daysOverdue,
      explanation: {
        'zh-CN': `旧件已于${sentDay}寄回${late['zh-CN']}`,
        en: `Old part sent back on ${sentDay}${late.en}`,
      },
    };
  if (daysOverdue > 0)
    return {
      status: 'overdue',
      daysOverdue,
      explanation: {
        'zh-CN': `旧件应于${ob.dueDay}前返还，已逾期${daysOverdue}天`,
        en: `Old part was due back by ${ob.dueDay}: ${daysOverdue} day(s) overdue`,
      },
    };
  return {
    status: 'due',
    daysOverdue: 0,
    explanation: { 'zh-CN': `旧件应于${ob.dueDay}前返还`, en: `Old part due back by ${ob.dueDay}` },
  };
}

export const APPRAISAL_OUTCOMES = ['faulty_confirmed', 'no_fault_found', 'wrong_part', 'missing'] as const;
export type AppraisalOutcome = (typeof APPRAISAL_OUTCOMES)[number];

export interface SettlementEffect {
  outcome: AppraisalOutcome;
  /** Fen withheld from the outlet's settlement for this line (0 … the line's warranty amount). */
  withheldFen: number;
  explanation: Text;
}

/**
 * What an appraisal of a returned old part does to the outlet's settlement for that line:
 * - faulty_confirmed: the replacement was owed (seed 003: the company bears the cost of replacing a
 *   defective part) — nothing withheld;
 * - no_fault_found: the part was not defective, so the company did not owe its replacement (seed
 *   003, read the other way) — the line's warranty amount is withheld, as for a wrong part;
 * - wrong_part: what came back is not the part replaced — the line's warranty amount is withheld;
 * - missing: the old part never came back — the line's warranty amount is withheld.
 * A negative or non-integer amount is treated as 0 (nothing to withhold).
 */
export function settlementEffect(outcome: AppraisalOutcome, lineWarrantyAmountFen: number): SettlementEffect {
  const amount = Number.isSafeInteger(lineWarrantyAmountFen) && lineWarrantyAmountFen > 0 ? lineWarrantyAmountFen : 0;
  const withheldFen = outcome === 'faulty_confirmed' ? 0 : amount;
  const y = yuan(withheldFen);
  const explanation: Record<AppraisalOutcome, Text> = {
    faulty_confirmed: {
      'zh-CN': '旧件鉴定确有故障，照常结算',
      en: 'The old part is confirmed faulty: settled as claimed',
    },
    no_fault_found: {
      'zh-CN': `旧件鉴定无故障，更换不属保修，扣回${y['zh-CN']}`,
      en: `No fault found in the old part: the replacement was not owed, ${y.en} withheld`,
    },
    wrong_part: {
      'zh-CN': `返还的旧件与更换的配件不符，扣回${y['zh-CN']}`,
      en: `The part returned is not the part replaced: ${y.en} withheld`,
    },
    missing: { 'zh-CN': `旧件未返还，扣回${y['zh-CN']}`, en: `The old part was not returned: ${y.en} withheld` },
  };
  return { outcome, withheldFen, explanation: explanation[outcome] };
}
