import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CenterGroup, CenterSettings } from '../center-rules.js';
import type { FeeRule } from '../contract.js';
import type { SettlementMilestone, TimelinessSettings } from '../settlement-rules.js';
import {
  adjustmentLine,
  carriedDifferenceFen,
  type BuiltLine,
  centerBonusLine,
  nextMonth,
  type OrderFacts,
  type OrderRules,
  orderLines,
  statementCode,
  statementFigures,
  statementLines,
  withheldAmount,
} from './build.js';

/*
 * The statement builder, pure (docs/money-statements.md): which lines an order's facts make, where
 * late dispatches go, the center's line, carried adjustments, and — as a property over random
 * facts — that a statement's total is the sum of its lines.
 */

const T: TimelinessSettings = {
  nearKm: 30,
  onSiteNearHours: 24,
  onSiteFarHours: 72,
  bonusFenByClass: { 'WM-TWIN': 1000, 'WM-AUTO': 2000 },
  lateCompletionHours: 72,
  lateCompletionPenaltyFen: 3000,
  completionCapDays: 7,
  overCapPenaltyFen: 5000,
  lateDispatchPenaltyFen: 3000,
};
const FEE: FeeRule = {
  id: 'rule-1',
  schedule: 'outlet',
  item: 'service_fee',
  serviceType: null,
  productLineId: null,
  modelClass: null,
  repairKind: null,
  zone: null,
  minDistanceM: null,
  maxDistanceM: null,
  amountFen: 4000,
  effectiveFrom: '2026-01-01',
  effectiveTo: null,
  label: '维修服务费',
};
const RULES: OrderRules = { timeliness: T, nearZoneKm: 30, feeRules: [FEE], settleAfter: 'confirmed' };
const CENTER: CenterSettings = {
  lateCompletionHours: 72,
  completionCapDays: 7,
  over3DaysMaxPercent: 21,
  over7DaysMaxCount: 5,
};
const P14: CenterGroup = {
  code: 'P14',
  name: { 'zh-CN': '14省市', en: '14-province group' },
  provinces: ['44'],
  within3DaysPercent: 85,
  within7DaysPercent: 100,
};
const H = 60;

function ms(key: string, spent: number, limit: number, extra: Partial<SettlementMilestone> = {}): SettlementMilestone {
  const remainingMinutes = limit - spent;
  return {
    id: `${key}-1`,
    key,
    state: remainingMinutes < 0 ? 'breached' : 'met',
    metAt: '2026-11-20T10:00:00.000Z',
    limitMinutes: limit,
    remainingMinutes,
    lateMinutes: Math.max(0, -remainingMinutes),
    pausedMinutes: 0,
    timeKind: 'calendar',
    excused: false,
    excusedReason: null,
    ...extra,
  };
}

function order(p: Partial<OrderFacts> & { done?: number; onSite?: number; centerDispatch?: number } = {}): OrderFacts {
  const { done = 20 * H, onSite = 3 * H, centerDispatch = 5, ...rest } = p;
  return {
    id: 'o1',
    code: 'FW20261120-000001',
    outletId: 'outlet-1',
    centerId: 'center-1',
    day: '2026-11-20',
    serviceType: 'on_site',
    productLineId: null,
    productLine: { code: 'WM-AUTO', name: { 'zh-CN': '全自动洗衣机', en: 'automatic washer' } },
    zone: 'near',
    distanceKm: 12,
    booked: false,
    milestones: [
      ms('hq_dispatch', 5, 15),
      ms('center_dispatch', centerDispatch, 15),
      ms('on_site', onSite, 24 * H),
      ms('resolved_cap', done, 7 * 24 * H),
    ],
    partsWaits: [],
    labourPayer: 'company',
    consumed: [],
    withheld: [],
    confirmed: true,
    reopenedAsCode: null,
    ...rest,
  };
}

const kinds = (lines: BuiltLine[]) => lines.map((l) => [l.kind, l.amountFen]);

describe('the confirmation gate (money.settleAfter)', () => {
  it('an order not yet confirmed pays the outlet nothing yet: one 0-fen line saying what it would pay', () => {
    const late = order({ confirmed: false, centerDispatch: 40 });
    const r = orderLines(late, RULES, 'hq');
    expect(kinds(r.outlet)).toEqual([['awaiting_confirmation', 0]]);
    expect(r.outlet[0]!.ref).toEqual({ heldFen: 6000, reopenedAsCode: null });
    expect(r.outlet[0]!.explanation['zh-CN']).toBe('待确认：服务单尚未经回访或人工确认，确认后结算60.00元');
    // The late dispatch stands: it is the dispatching unit's.
    expect(r.dispatch.map((d) => [d.level, d.line.kind])).toEqual([['center', 'late_dispatch']]);
  });

  it('reopened as a repeat visit (not fixed): not settled, naming the repeat visit', () => {
    const r = orderLines(order({ confirmed: false, reopenedAsCode: 'FW20261125-000009' }), RULES, 'hq');
    expect(r.outlet[0]!.explanation).toEqual({
      'zh-CN': '未修好，已重开为返修单FW20261125-000009：本单不予结算（确认前应结60.00元）',
      en: 'Not fixed, reopened as repeat visit FW20261125-000009: not settled (¥60.00 if it is confirmed)',
    });
  });

  it('confirmed, or settled on completion by the setting: the lines as ever', () => {
    expect(kinds(orderLines(order({ confirmed: true }), RULES, 'hq').outlet)).toEqual([
      ['service_fee', 4000],
      ['timeliness_bonus', 2000],
    ]);
    const onCompletion = { ...RULES, settleAfter: 'completed' as const };
    expect(kinds(orderLines(order({ confirmed: false }), onCompletion, 'hq').outlet)).toEqual([
      ['service_fee', 4000],
      ['timeliness_bonus', 2000],
    ]);
  });
});

describe('the lines of an order', () => {
  it('warranty work: the service fee by the schedule, the timeliness bonus', () => {
    const r = orderLines(order(), RULES, 'hq');
    expect(kinds(r.outlet)).toEqual([
      ['service_fee', 4000],
      ['timeliness_bonus', 2000],
    ]);
    expect(r.outlet[0]!.explanation['zh-CN']).toContain('维修服务费');
    expect(r.outlet[0]!.ref).toMatchObject({ ruleId: 'rule-1', day: '2026-11-20' });
    expect(r.dispatch).toEqual([]);
  });

  it('paid work earns no service fee; a missing rule is a 0 line saying so', () => {
    expect(kinds(orderLines(order({ labourPayer: 'customer' }), RULES, 'hq').outlet)).toEqual([
      ['timeliness_bonus', 2000],
    ]);
    expect(kinds(orderLines(order({ labourPayer: null }), RULES, 'hq').outlet)).toEqual([['timeliness_bonus', 2000]]);
    const none = orderLines(order(), { ...RULES, feeRules: [] }, 'hq').outlet;
    expect(kinds(none)).toEqual([
      ['service_fee', 0],
      ['timeliness_bonus', 2000],
    ]);
    expect(none[0]!.explanation.en).toContain('this line is 0');
  });

  it("parts at cost only from the outlet's own stock, not paid by the customer", () => {
    const part = {
      partId: 'p1',
      partCode: 'P-PUMP',
      partName: '排水泵',
      quantity: 2,
      costFen: 2468,
      depotUnitId: 'outlet-1',
    };
    const lines = orderLines(
      order({
        consumed: [
          { ...part, fromStock: true, customerPays: false },
          // Issued to the order by a request (shipped by the center): not the outlet's cost.
          { ...part, fromStock: false, customerPays: false },
          // Another unit's depot.
          { ...part, depotUnitId: 'outlet-2', fromStock: true, customerPays: false },
          // The customer paid for it.
          { ...part, fromStock: true, customerPays: true },
          // No price: listed, 0.
          { ...part, partCode: 'P-X', costFen: null, fromStock: true, customerPays: null },
        ],
      }),
      RULES,
      'hq',
    ).outlet;
    expect(kinds(lines)).toEqual([
      ['service_fee', 4000],
      ['parts_reimbursement', 2468],
      ['parts_reimbursement', 0],
      ['timeliness_bonus', 2000],
    ]);
    expect(lines[1]!.explanation['zh-CN']).toContain('2件');
  });

  it('old parts withheld: the warranty amount, else the cost consumed', () => {
    const w = { obligationId: 'ob1', partId: 'p1', partCode: 'P-PUMP', partName: '排水泵', quantity: 1 };
    const consumed = [
      {
        partId: 'p1',
        partCode: 'P-PUMP',
        partName: '排水泵',
        quantity: 2,
        costFen: 2468,
        depotUnitId: 'center-1',
        fromStock: false,
        customerPays: false,
      },
    ];
    const lines = orderLines(
      order({
        consumed,
        withheld: [
          { ...w, outcome: 'wrong_part', warrantyAmountFen: 9900, withheldFen: 9900 },
          { ...w, obligationId: 'ob2', outcome: 'missing', warrantyAmountFen: null, withheldFen: 0 },
          { ...w, obligationId: 'ob3', partId: 'p9', outcome: 'missing', warrantyAmountFen: null, withheldFen: 0 },
        ],
      }),
      RULES,
      'hq',
    ).outlet.filter((l) => l.kind === 'withheld_old_part');
    expect(lines.map((l) => l.amountFen)).toEqual([-9900, -1234, 0]);
    expect(lines[2]!.explanation.en).toContain('unknown');
  });

  it("late completion to the outlet; a late center dispatch to the center's list, HQ's too", () => {
    const r = orderLines(
      order({
        done: 80 * H,
        centerDispatch: 16,
        milestones: [
          ms('hq_dispatch', 20, 15),
          ms('center_dispatch', 16, 15),
          ms('on_site', 3 * H, 24 * H),
          ms('resolved_cap', 80 * H, 7 * 24 * H),
        ],
      }),
      RULES,
      'hq',
    );
    expect(kinds(r.outlet)).toEqual([
      ['service_fee', 4000],
      ['timeliness_bonus', 2000],
      ['late_completion', -3000],
    ]);
    expect(r.dispatch.map((d) => [d.level, d.unitId, d.line.kind, d.line.amountFen])).toEqual([
      ['hq', 'hq', 'late_dispatch', -3000],
      ['center', 'center-1', 'late_dispatch', -3000],
    ]);
  });

  it('an order without an outlet gives the outlet nothing', () => {
    expect(orderLines(order({ outletId: null }), RULES, 'hq').outlet).toEqual([]);
  });
});

describe('the center line and adjustments', () => {
  it('the bonus kept or lost, 0 fen, the figures in the explanation', () => {
    const fine = centerBonusLine([order()], P14, CENTER);
    expect(fine.bonusLost).toBe(false);
    expect(fine.line).toMatchObject({ kind: 'center_bonus', amountFen: 0, orderId: null });
    expect(fine.line.explanation['zh-CN']).toContain('保留');
    const late = Array.from({ length: 10 }, (_, i) => order({ id: `o${i}`, done: i < 3 ? 80 * H : 20 * H }));
    const lost = centerBonusLine(late, P14, CENTER);
    expect(lost.bonusLost).toBe(true);
    expect(lost.line.explanation['zh-CN']).toContain('取消');
    expect(lost.line.explanation.en).toContain('lost');
    expect(lost.line.amountFen).toBe(0);
  });

  it('a carried adjustment cites the locked statement', () => {
    const l = adjustmentLine({
      id: 'a1',
      amountFen: -500,
      reason: '补扣运费',
      sourceCode: 'JS202611-O-GD-01',
      sourceMonth: '2026-11',
    });
    expect(l).toMatchObject({ kind: 'adjustment', amountFen: -500, orderId: null, ref: { adjustmentId: 'a1' } });
    expect(l.explanation['zh-CN']).toContain('JS202611-O-GD-01');
    expect(l.explanation['zh-CN']).toContain('补扣运费');
    const lines = statementLines({
      orderLines: orderLines(order(), RULES, 'hq').outlet,
      dispatchLines: [],
      adjustments: [{ id: 'a1', amountFen: -500, reason: 'x', sourceCode: 'S', sourceMonth: '2026-10' }],
    });
    expect(lines.at(-1)!.kind).toBe('adjustment');
    expect(statementFigures(lines)).toEqual({ totalFen: 4000 + 2000 - 500, lineCount: 3, orderCount: 1 });
  });

  it('months and codes', () => {
    expect(nextMonth('2026-11')).toBe('2026-12');
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(statementCode('2026-11', 'O-GD-01')).toBe('JS202611-O-GD-01');
  });
});

describe('property: a statement total is the sum of its lines', () => {
  const facts = fc.record({
    done: fc.integer({ min: 60, max: 12 * 24 * H }),
    onSite: fc.integer({ min: 10, max: 100 * H }),
    centerDispatch: fc.integer({ min: 1, max: 40 }),
    labourPayer: fc.constantFrom('company', 'contract', 'customer', null),
    distanceKm: fc.option(fc.double({ min: 0, max: 200, noNaN: true }), { nil: null }),
    parts: fc.array(
      fc.record({
        quantity: fc.integer({ min: 1, max: 5 }),
        unit: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
        fromStock: fc.boolean(),
        customerPays: fc.constantFrom(true, false, null),
      }),
      { maxLength: 4 },
    ),
    withheld: fc.array(
      fc.record({
        outcome: fc.constantFrom('no_fault_found', 'wrong_part', 'missing'),
        amount: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
      }),
      { maxLength: 2 },
    ),
  });
  const adjustments = fc.array(
    fc.integer({ min: -1_000_000, max: 1_000_000 }).filter((n) => n !== 0),
    { maxLength: 3 },
  );

  it('for any orders and adjustments', () => {
    fc.assert(
      fc.property(fc.array(facts, { maxLength: 12 }), adjustments, (orders, adj) => {
        const built = orders.map((f, i) =>
          orderLines(
            order({
              id: `o${i}`,
              code: `FW-${i}`,
              done: f.done,
              onSite: f.onSite,
              centerDispatch: f.centerDispatch,
              labourPayer: f.labourPayer as OrderFacts['labourPayer'],
              distanceKm: f.distanceKm,
              consumed: f.parts.map((p, j) => ({
                partId: `p${j}`,
                partCode: `P${j}`,
                partName: '件',
                quantity: p.quantity,
                costFen: p.unit === null ? null : p.unit * p.quantity,
                depotUnitId: 'outlet-1',
                fromStock: p.fromStock,
                customerPays: p.customerPays,
              })),
              withheld: f.withheld.map((x, j) => ({
                obligationId: `ob${j}`,
                partId: `p${j}`,
                partCode: `P${j}`,
                partName: '件',
                quantity: 1,
                outcome: x.outcome as 'missing',
                warrantyAmountFen: x.amount,
                withheldFen: x.amount ?? 0,
              })),
            }),
            RULES,
            'hq',
          ),
        );
        const lines = statementLines({
          orderLines: built.flatMap((b) => b.outlet),
          dispatchLines: built.flatMap((b) => b.dispatch.filter((d) => d.level === 'center').map((d) => d.line)),
          adjustments: adj.map((a, k) => ({
            id: `a${k}`,
            amountFen: a,
            reason: 'r',
            sourceCode: 'S',
            sourceMonth: '2026-10',
          })),
        });
        const fig = statementFigures(lines);
        expect(fig.totalFen).toBe(lines.reduce((s, l) => s + l.amountFen, 0));
        expect(fig.lineCount).toBe(lines.length);
        for (const l of lines) {
          expect(Number.isSafeInteger(l.amountFen)).toBe(true);
          expect(l.explanation['zh-CN'].length).toBeGreaterThan(0);
          expect(l.explanation.en.length).toBeGreaterThan(0);
          // Deductions are negative, payments positive.
          if (['late_completion', 'over_cap', 'late_dispatch', 'withheld_old_part'].includes(l.kind))
            expect(l.amountFen).toBeLessThanOrEqual(0);
          if (['service_fee', 'parts_reimbursement', 'timeliness_bonus'].includes(l.kind))
            expect(l.amountFen).toBeGreaterThanOrEqual(0);
        }
        expect(fig.orderCount).toBeLessThanOrEqual(orders.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('an old-part appraisal after the month left draft', () => {
  const consumed = [
    {
      partId: 'p',
      partCode: 'P1',
      partName: '排水泵',
      quantity: 2,
      costFen: 2468,
      depotUnitId: 'o',
      fromStock: true,
      customerPays: false,
    },
  ];
  it.each([
    ['the warranty amount when known', { warrantyAmountFen: 5000, withheldFen: 5000 }, 5000],
    ['else the unit cost × the returned quantity', { warrantyAmountFen: null, withheldFen: 0 }, 1234],
  ])('withholds %s', (_, w, fen) => {
    expect(withheldAmount({ partId: 'p', quantity: 1, ...w }, consumed)).toBe(fen);
  });
  it('withholds an unknown amount as null (no warranty amount, no cost)', () => {
    expect(withheldAmount({ partId: 'x', quantity: 1, warrantyAmountFen: null, withheldFen: 0 }, consumed)).toBeNull();
  });
  it.each([
    ['withheld after the lock', -1234, 0, -1234],
    ['already on the locked statement (or a retried appraisal)', -1234, -1234, null],
    ['corrected to a confirmed fault: paid back', 0, -1234, 1234],
    ['a correction line upheld at half: the rest', -1234, -617, -617],
  ])('%s', (_, should, accounted, adj) => {
    expect(carriedDifferenceFen(should, accounted)).toBe(adj);
  });
  it('an appraisal adjustment carries its words in both languages', () => {
    const l = adjustmentLine({
      id: 'a',
      amountFen: -1234,
      reason: '服务单X',
      sourceCode: 'JS202611-O-GD-01',
      sourceMonth: '2026-11',
      explanation: { 'zh-CN': '服务单WO1旧件', en: 'order WO1 old part' },
      obligationId: 'ob',
    });
    expect(l).toMatchObject({ kind: 'adjustment', amountFen: -1234, orderId: null, ref: { obligationId: 'ob' } });
    expect(l.explanation['zh-CN']).toContain('服务单WO1旧件');
    expect(l.explanation.en).toContain('order WO1 old part');
  });
});
