import type { Text } from '../../../../shared/i18n.js';
import { yuan } from '../../../../shared/money.js';
import type { ServiceType } from '../../work-orders/index.js';
import { type CenterGroup, type CenterSettings, centerMonthFigures } from '../center-rules.js';
import type { FeeRule } from '../contract.js';
import { type OwnStockPart, outletServiceFee } from '../fee-rules.js';
import {
  lineEffectFen,
  type PartsWaitFacts,
  type SettlementMilestone,
  type TimelinessSettings,
  timelinessLines,
} from '../settlement-rules.js';
import type { LineKind } from './contract.js';

/*
 * The lines of a monthly settlement statement from the facts of the month's orders; pure
 * (docs/money-statements.md). The facts are read in sets (facts.ts), the rules are those of the
 * money module: the outlet's service fee and its parts at cost (fee-rules.ts, outletServiceFee,
 * by the schedule in force on the completion day), the timeliness lines (settlement-rules.ts,
 * timelinessLines), the center figures (center-rules.ts, centerMonthFigures). No database, no
 * clock. Amounts are whole fen, signed: + paid to the unit, − deducted; a statement's total is
 * the sum of its lines, always.
 */

/** A line as built, before it is stored. */
export interface BuiltLine {
  kind: LineKind;
  orderId: string | null;
  orderCode: string | null;
  amountFen: number;
  explanation: Text;
  /** What the line cites besides the order: the rule, the milestone, the obligation, the adjustment. */
  ref: Record<string, unknown> | null;
}

export interface ConsumedPart {
  partId: string;
  partCode: string;
  partName: string;
  quantity: number;
  /** Unit cost on the completion day × the quantity; null when the part had no price. */
  costFen: number | null;
  depotUnitId: string;
  /** The depot's own stock: taken at completion, or issued from it before (not shipped by the center or HQ). */
  fromStock: boolean;
  customerPays: boolean | null;
}

export interface WithheldPart {
  obligationId: string;
  partId: string;
  partCode: string;
  partName: string;
  quantity: number;
  outcome: 'no_fault_found' | 'wrong_part' | 'missing';
  warrantyAmountFen: number | null;
  withheldFen: number;
}

/** Everything the statement rules read of one completed order. */
export interface OrderFacts {
  id: string;
  code: string;
  outletId: string | null;
  centerId: string | null;
  /** The completion day, company time zone: the schedule in force on it prices the order. */
  day: string;
  serviceType: ServiceType;
  productLineId: string | null;
  productLine: { code: string; name: Text } | null;
  zone: 'near' | 'far' | null;
  distanceKm: number | null;
  booked: boolean;
  milestones: readonly SettlementMilestone[];
  partsWaits: readonly PartsWaitFacts[];
  /** Who pays the labour by the order's stored warranty decision; null without one. */
  labourPayer: 'company' | 'contract' | 'customer' | null;
  consumed: readonly ConsumedPart[];
  withheld: readonly WithheldPart[];
  /** Confirmed by the callback or by hand (or closed since). */
  confirmed: boolean;
  /** The repeat visit it was reopened as, by code (not fixed). */
  reopenedAsCode: string | null;
}

/** The rules in force for an order: the settings at its completion and the schedule on its day. */
export interface OrderRules {
  timeliness: TimelinessSettings;
  nearZoneKm: number;
  feeRules: readonly FeeRule[];
  /** `confirmed`: an order's outlet lines wait for its confirmation (money.settleAfter). */
  settleAfter: 'confirmed' | 'completed';
}

export interface OrderLines {
  /** Lines of the serving outlet's statement. */
  outlet: BuiltLine[];
  /** Late dispatches, each to the unit that dispatched (a center's statement; HQ's are listed only). */
  dispatch: { level: 'hq' | 'center'; unitId: string; line: BuiltLine }[];
}

export type AppraisalOutcome = WithheldPart['outcome'] | 'faulty_confirmed';

const OUTCOME_TEXT: Record<AppraisalOutcome, Text> = {
  faulty_confirmed: { 'zh-CN': '鉴定确有故障', en: 'fault confirmed' },
  no_fault_found: { 'zh-CN': '鉴定无故障', en: 'no fault found' },
  wrong_part: { 'zh-CN': '返还件不符', en: 'the wrong part came back' },
  missing: { 'zh-CN': '旧件未返还', en: 'the old part was not returned' },
};

/**
 * The lines of one completed order:
 * - the service fee (outletServiceFee, schedule in force on the completion day) when the warranty
 *   decision says the company pays the labour — warranty work only; a missing rule is a 0-fen line
 *   saying so, so the outlet can dispute it;
 * - each part fitted from the outlet's own stock (its depot or its technicians' vans, taken from
 *   stock at completion or issued from it before) that the customer did not pay for, at its cost
 *   on the completion day;
 * - the timeliness lines (timelinessLines): the bonus and the late-completion penalties to the
 *   outlet, late dispatches to the unit that dispatched;
 * - each old part whose appraisal withholds (wrong part, no fault found, missing): its warranty
 *   amount, or, while the parts module has none, the part's cost as consumed on the order.
 */
export function orderLines(o: OrderFacts, rules: OrderRules, hqId: string): OrderLines {
  const lines = linesOfOrder(o, rules, hqId);
  if (!o.outletId || rules.settleAfter !== 'confirmed' || o.confirmed) return lines;
  const held = lines.outlet.filter((l) => HELD_KINDS.has(l.kind));
  const kept = lines.outlet.filter((l) => !HELD_KINDS.has(l.kind));
  return { outlet: [awaitingLine(o, held), ...kept], dispatch: lines.dispatch };
}

/**
 * What the confirmation gate holds: what the order pays the outlet (the service fee, parts at
 * cost, the timeliness bonus and penalties). Old parts withheld are not held: an old part not
 * returned is withheld whatever the customer says (and a late appraisal is carried on its own).
 */
export const HELD_KINDS: ReadonlySet<LineKind> = new Set([
  'service_fee',
  'parts_reimbursement',
  'timeliness_bonus',
  'late_completion',
  'over_cap',
]);

/**
 * The confirmation gate (money.settleAfter = confirmed): an order not yet confirmed — its callback
 * still open, the customer unreachable, a fee in dispute, or "not fixed" and reopened — pays the
 * outlet nothing yet. One 0-fen line says so and what the order would pay once confirmed; old
 * parts withheld and late dispatches stand (the dispatching unit's, whatever the customer says). Confirmed
 * after the statement left draft, the difference is carried into the next open month.
 */
export function awaitingLine(
  o: Pick<OrderFacts, 'id' | 'code' | 'reopenedAsCode'>,
  held: readonly BuiltLine[],
): BuiltLine {
  const heldFen = held.reduce((sum, l) => sum + l.amountFen, 0);
  const amount = yuan(heldFen);
  const explanation: Text = o.reopenedAsCode
    ? {
        'zh-CN': `未修好，已重开为返修单${o.reopenedAsCode}：本单不予结算（确认前应结${amount['zh-CN']}）`,
        en: `Not fixed, reopened as repeat visit ${o.reopenedAsCode}: not settled (${amount.en} if it is confirmed)`,
      }
    : {
        'zh-CN': `待确认：服务单尚未经回访或人工确认，确认后结算${amount['zh-CN']}`,
        en: `Awaiting confirmation: the order is not yet confirmed by the callback or by hand; ${amount.en} once confirmed`,
      };
  return {
    kind: 'awaiting_confirmation',
    orderId: o.id,
    orderCode: o.code,
    amountFen: 0,
    explanation,
    ref: { heldFen, reopenedAsCode: o.reopenedAsCode },
  };
}

function linesOfOrder(o: OrderFacts, rules: OrderRules, hqId: string): OrderLines {
  const outlet: BuiltLine[] = [];
  const dispatch: OrderLines['dispatch'] = [];
  const cite = { orderId: o.id, orderCode: o.code };

  if (o.outletId) {
    // --- Service fee and parts from the outlet's own stock.
    const own = o.consumed.filter(
      (c) => c.fromStock && c.depotUnitId === o.outletId && c.customerPays !== true && c.quantity > 0,
    );
    const ownParts: OwnStockPart[] = own.map((c) => ({
      partId: c.partId,
      name: `${c.partCode} ${c.partName}`,
      quantity: c.quantity,
      // costFen is the unit cost × the quantity, so it divides; no price → not priced (listed as missing).
      costFen: c.costFen === null ? Number.NaN : c.costFen / c.quantity,
    }));
    const companyPays = o.labourPayer === 'company';
    if (companyPays || ownParts.length) {
      const fee = outletServiceFee(
        {
          serviceType: o.serviceType,
          productLineId: o.productLineId,
          modelClass: null,
          repairKind: null,
          distanceM: o.distanceKm === null ? null : Math.round(o.distanceKm * 1000),
          zone: o.zone,
          nearZoneKm: rules.nearZoneKm,
        },
        rules.feeRules,
        ownParts,
        o.day,
      );
      if (companyPays) {
        const paid = { 'zh-CN': '保修服务，公司支付', en: 'Warranty work paid by the company' };
        for (const l of fee.lines)
          if (l.item === 'service_fee')
            outlet.push({
              kind: 'service_fee',
              ...cite,
              amountFen: l.amountFen,
              explanation: {
                'zh-CN': `${paid['zh-CN']}：${l.explanation['zh-CN']}（按${o.day}有效的收费标准）`,
                en: `${paid.en}: ${l.explanation.en} (schedule in force on ${o.day})`,
              },
              ref: { ruleId: l.ruleId, day: o.day },
            });
        for (const m of fee.missing)
          if (m.item === 'service_fee')
            outlet.push({
              kind: 'service_fee',
              ...cite,
              amountFen: 0,
              explanation: {
                'zh-CN': `${paid['zh-CN']}：${m.explanation['zh-CN']}，本行计0元`,
                en: `${paid.en}: ${m.explanation.en}; this line is 0`,
              },
              ref: { ruleId: null, day: o.day },
            });
      }
      for (const l of fee.lines)
        if (l.item === 'part')
          outlet.push({
            kind: 'parts_reimbursement',
            ...cite,
            amountFen: l.amountFen,
            explanation: {
              'zh-CN': `网点自有库存配件按成本报销：${l.explanation['zh-CN']}（${o.day}成本价）`,
              en: `Part from the outlet's own stock reimbursed at cost: ${l.explanation.en} (cost on ${o.day})`,
            },
            ref: { partId: l.partId, quantity: l.quantity, unitFen: l.unitFen },
          });
      for (const m of fee.missing)
        if (m.item === 'part')
          outlet.push({
            kind: 'parts_reimbursement',
            ...cite,
            amountFen: 0,
            explanation: {
              'zh-CN': `网点自有库存配件：${m.explanation['zh-CN']}（无成本价），本行计0元`,
              en: `Part from the outlet's own stock: ${m.explanation.en} (no cost price); this line is 0`,
            },
            ref: { partId: m.partId },
          });
    }

    // --- Old parts withheld.
    for (const w of o.withheld) outlet.push({ kind: 'withheld_old_part', ...cite, ...withheldLine(w, o.consumed) });
  }

  // --- Timeliness: the bonus and penalties (to the outlet), late dispatches (to the dispatcher).
  const t = timelinessLines(
    {
      orderId: o.id,
      orderCode: o.code,
      outletId: o.outletId ?? '',
      productClass: o.productLine,
      distanceKm: o.distanceKm,
      zone: o.zone,
      booked: o.booked,
      milestones: o.milestones,
      dispatchers: { hq: hqId, center: o.centerId },
      partsWaits: o.partsWaits,
    },
    rules.timeliness,
  );
  for (const l of t.lines) {
    const line: BuiltLine = {
      kind: l.rule,
      ...cite,
      amountFen: lineEffectFen(l),
      explanation: l.explanation,
      ref: { milestoneId: l.milestoneId, milestoneKey: l.milestoneKey },
    };
    if (l.party.kind === 'outlet') {
      if (o.outletId) outlet.push(line);
    } else dispatch.push({ level: l.party.kind, unitId: l.party.unitId, line });
  }
  return { outlet, dispatch };
}

/**
 * What one withholding appraisal takes from the outlet: the line's warranty amount when the parts
 * module has one, else the part's unit cost as consumed on the order × the returned quantity; null
 * when neither is known.
 */
export function withheldAmount(
  w: Pick<WithheldPart, 'quantity' | 'warrantyAmountFen' | 'withheldFen' | 'partId'>,
  consumed: readonly ConsumedPart[],
): number | null {
  if (w.warrantyAmountFen !== null) return w.withheldFen;
  const used = consumed.filter((c) => c.partId === w.partId && c.costFen !== null && c.quantity > 0);
  const q = used.reduce((s, c) => s + c.quantity, 0);
  const cost = used.reduce((s, c) => s + (c.costFen ?? 0), 0);
  return q > 0 && cost % q === 0 ? (cost / q) * w.quantity : null;
}

/** The old part's words: part, quantity and what the appraisal found. */
export function withheldWhat(
  w: Pick<WithheldPart, 'partCode' | 'partName' | 'quantity'>,
  outcome: AppraisalOutcome,
): Text {
  return {
    'zh-CN': `旧件「${w.partCode} ${w.partName}」${w.quantity}件${OUTCOME_TEXT[outcome]['zh-CN']}`,
    en: `Old part "${w.partCode} ${w.partName}" × ${w.quantity}: ${OUTCOME_TEXT[outcome].en}`,
  };
}

/** The `withheld_old_part` line of one withholding appraisal (without the order it cites). */
export function withheldLine(
  w: WithheldPart,
  consumed: readonly ConsumedPart[],
): Pick<BuiltLine, 'amountFen' | 'explanation' | 'ref'> {
  const amount = withheldAmount(w, consumed);
  const what = withheldWhat(w, w.outcome);
  return {
    amountFen: amount === null ? 0 : -amount,
    explanation:
      amount === null
        ? {
            'zh-CN': `${what['zh-CN']}：应扣保修金额未知（无保修金额、无成本价），本行计0元`,
            en: `${what.en}: the amount to withhold is unknown (no warranty amount, no cost), this line is 0`,
          }
        : w.warrantyAmountFen !== null
          ? {
              'zh-CN': `${what['zh-CN']}：扣回保修金额${yuan(amount)['zh-CN']}`,
              en: `${what.en}: warranty amount withheld ${yuan(amount).en}`,
            }
          : {
              'zh-CN': `${what['zh-CN']}：按配件成本扣回${yuan(amount)['zh-CN']}`,
              en: `${what.en}: withheld at the part's cost ${yuan(amount).en}`,
            },
    ref: { obligationId: w.obligationId },
  };
}

/**
 * A fact that changed after the statement of its month left draft (docs/money-statements.md: a
 * late old-part appraisal, a complaint penalty decided or changed): what the statement should
 * hold for it (the amount of its line: a withheld old part or a penalty, ≤ 0) against what is
 * already accounted for it (its line on that statement, corrections of that line, adjustments
 * carried for it before). The difference is the adjustment, or null when there is none — so a
 * retried appraisal, or one already on the statement, adds nothing.
 */
export function carriedDifferenceFen(shouldFen: number, accountedFen: number): number | null {
  const d = shouldFen - accountedFen;
  return d === 0 ? null : d;
}

/** A discipline penalty of a complaint, as the outlet's statement reads it. */
export interface PenaltyFacts {
  complaintId: string;
  complaintCode: string;
  technicianId: string | null;
  technicianName: string | null;
  penaltyFen: number;
  reason: string;
  orderCodes: readonly string[];
}

/**
 * A complaint's discipline penalty (seed 004: 投诉处罚 against the outlet or its technician) on the
 * outlet's statement of the month it was decided, deducted in full. The orders are named in the
 * words, not cited: they may belong to another month's statement.
 */
export function complaintPenaltyLine(p: PenaltyFacts): BuiltLine {
  const amountFen = -p.penaltyFen;
  const orders = p.orderCodes.length ? p.orderCodes : null;
  const who: Text = p.technicianName
    ? { 'zh-CN': `，技术员${p.technicianName}`, en: `, technician ${p.technicianName}` }
    : { 'zh-CN': '', en: '' };
  return {
    kind: 'complaint_penalty',
    orderId: null,
    orderCode: null,
    amountFen,
    explanation: {
      'zh-CN': `投诉${p.complaintCode}处罚（${orders ? `服务单${orders.join('、')}` : '无关联服务单'}${who['zh-CN']}）：${p.reason}，扣${yuan(p.penaltyFen)['zh-CN']}`,
      en: `Penalty of complaint ${p.complaintCode} (${orders ? `order ${orders.join(', ')}` : 'no order'}${who.en}): ${p.reason}; ${yuan(p.penaltyFen).en} deducted`,
    },
    ref: {
      complaintId: p.complaintId,
      complaintCode: p.complaintCode,
      technicianId: p.technicianId,
      technicianName: p.technicianName,
      reason: p.reason,
    },
  };
}

/** A carried adjustment of an earlier locked statement. */
export interface CarriedAdjustment {
  id: string;
  amountFen: number;
  reason: string;
  sourceCode: string;
  sourceMonth: string;
  /** Written by the system (an old-part appraisal or a complaint penalty after the month left draft): the reason in both languages. */
  explanation?: Text | null;
  obligationId?: string | null;
  complaintId?: string | null;
  orderId?: string | null;
}

export function adjustmentLine(a: CarriedAdjustment): BuiltLine {
  if (a.explanation)
    return {
      kind: 'adjustment',
      // The order is named in the words, not cited: it belongs to an earlier month's statement.
      orderId: null,
      orderCode: null,
      amountFen: a.amountFen,
      explanation: {
        'zh-CN': `${a.sourceMonth}结算单${a.sourceCode}发出后的调整：${a.explanation['zh-CN']}（${yuan(a.amountFen)['zh-CN']}）`,
        en: `Adjustment to statement ${a.sourceCode} of ${a.sourceMonth}, made after it was sent: ${a.explanation.en} (${yuan(a.amountFen).en})`,
      },
      ref: {
        adjustmentId: a.id,
        obligationId: a.obligationId ?? null,
        complaintId: a.complaintId ?? null,
        orderId: a.orderId ?? null,
      },
    };
  return {
    kind: 'adjustment',
    orderId: null,
    orderCode: null,
    amountFen: a.amountFen,
    explanation: {
      'zh-CN': `${a.sourceMonth}结算单${a.sourceCode}锁定后的调整：${a.reason}（${yuan(a.amountFen)['zh-CN']}）`,
      en: `Adjustment to statement ${a.sourceCode} of ${a.sourceMonth}, made after its lock: ${a.reason} (${yuan(a.amountFen).en})`,
    },
    ref: { adjustmentId: a.id },
  };
}

/**
 * The center's line of the month: the figures (centerMonthFigures: the 3-day and 7-day targets of
 * its province group and whether its staff keep the monthly bonus) in the explanation. The seed's
 * bonus is the staff's, not an amount paid to the center, and no setting gives it an amount: the
 * line is 0 fen and says kept or lost.
 */
export function centerBonusLine(
  orders: readonly Pick<OrderFacts, 'id' | 'code' | 'milestones' | 'partsWaits'>[],
  group: CenterGroup | null,
  settings: CenterSettings,
): { line: BuiltLine; bonusLost: boolean } {
  const f = centerMonthFigures(
    orders.map((o) => ({ orderId: o.id, orderCode: o.code, milestones: o.milestones, partsWaits: o.partsWaits })),
    group,
    settings,
  );
  const bonus = f.lines.find((l) => l.rule === 'monthly_bonus')!;
  const targets = f.lines.filter((l) => l.kind === 'target');
  const head: Text = f.bonusLost
    ? { 'zh-CN': '月度考核奖金：取消', en: 'Monthly bonus: lost' }
    : { 'zh-CN': '月度考核奖金：保留', en: 'Monthly bonus: kept' };
  return {
    bonusLost: f.bonusLost,
    line: {
      kind: 'center_bonus',
      orderId: null,
      orderCode: null,
      amountFen: 0,
      explanation: {
        'zh-CN': `${head['zh-CN']}。${bonus.explanation['zh-CN']}。${targets.map((l) => l.explanation['zh-CN']).join('；')}（金额不在结算单内，本行计0元）`,
        en: `${head.en}. ${bonus.explanation.en}. ${targets.map((l) => l.explanation.en).join('; ')} (the bonus is not paid through the statement: this line is 0)`,
      },
      ref: {
        bonusLost: f.bonusLost,
        total: f.total,
        over3Days: f.over3Days,
        over7Days: f.over7Days,
        over3DaysCounted: f.over3DaysCounted,
        over7DaysCounted: f.over7DaysCounted,
      },
    },
  };
}

/** A statement's figures from its lines: the total is their sum, always. */
export function statementFigures(lines: readonly Pick<BuiltLine, 'amountFen' | 'orderId'>[]): {
  totalFen: number;
  lineCount: number;
  orderCount: number;
} {
  let totalFen = 0;
  const orders = new Set<string>();
  for (const l of lines) {
    totalFen += l.amountFen;
    if (l.orderId) orders.add(l.orderId);
  }
  return { totalFen, lineCount: lines.length, orderCount: orders.size };
}

/**
 * The lines of one statement in their order: the orders' lines by completion (as given), then
 * the late dispatches, then the complaint penalties by decision, then the center's line, then the
 * carried adjustments.
 */
export function statementLines(parts: {
  orderLines: readonly BuiltLine[];
  dispatchLines: readonly BuiltLine[];
  penalties?: readonly PenaltyFacts[];
  centerLine?: BuiltLine | null;
  adjustments: readonly CarriedAdjustment[];
}): BuiltLine[] {
  return [
    ...parts.orderLines,
    ...parts.dispatchLines,
    ...(parts.penalties ?? []).map(complaintPenaltyLine),
    ...(parts.centerLine ? [parts.centerLine] : []),
    ...parts.adjustments.map(adjustmentLine),
  ];
}

/** The month after 'YYYY-MM'. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The statement's code: JS + the month + the unit's code (JS202611-O-GD-01). */
export function statementCode(month: string, unitCode: string): string {
  return `JS${month.replace('-', '')}-${unitCode}`;
}
