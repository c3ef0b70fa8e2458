import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type JudgeRequestInput,
  type QuotaMovement,
  quotaPeriodOf,
  quotaUse,
  type Remaining,
  judgeRequest,
  remainingQuota,
} from './quota-rules.js';

const day = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const base = { hqApprovalAboveFen: 500_000, withoutQuota: 'center' as const };
const unlimited: Remaining = { valueFen: null, quantity: null, overValueFen: 0, overQuantity: 0 };
const rem = (valueFen: number | null, quantity: number | null): Remaining => ({
  valueFen,
  quantity,
  overValueFen: 0,
  overQuantity: 0,
});

describe('quotaPeriodOf', () => {
  it('months, quarters and years are calendar periods', () => {
    expect(quotaPeriodOf('2026-02-14', 'monthly')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(quotaPeriodOf('2024-02-29', 'monthly')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(quotaPeriodOf('2026-12-31', 'monthly')).toEqual({ start: '2026-12-01', end: '2026-12-31' });
    expect(quotaPeriodOf('2026-05-01', 'quarterly')).toEqual({ start: '2026-04-01', end: '2026-06-30' });
    expect(quotaPeriodOf('2026-03-31', 'quarterly')).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(quotaPeriodOf('2026-11-30', 'quarterly')).toEqual({ start: '2026-10-01', end: '2026-12-31' });
    expect(quotaPeriodOf('2026-07-09', 'yearly')).toEqual({ start: '2026-01-01', end: '2026-12-31' });
  });

  it('always contains the day, starts on a 1st and ends on the last day of its month (property)', () => {
    fc.assert(
      fc.property(day, fc.constantFrom('monthly', 'quarterly', 'yearly' as const), (d, p) => {
        const { start, end } = quotaPeriodOf(d, p);
        expect(start <= d && d <= end).toBe(true);
        expect(start.endsWith('-01')).toBe(true);
        const next = new Date(`${end}T00:00:00Z`);
        next.setUTCDate(next.getUTCDate() + 1);
        expect(next.getUTCDate()).toBe(1);
        // The day after the end starts the next period.
        const after = next.toISOString().slice(0, 10);
        expect(quotaPeriodOf(after, p).start).toBe(after);
      }),
    );
  });
});

describe('quotaUse', () => {
  const feb = quotaPeriodOf('2026-02-10', 'monthly');
  const mv = (kind: QuotaMovement['kind'], day: string, quantity: number, valueFen: number): QuotaMovement => ({
    kind,
    day,
    quantity,
    valueFen,
  });

  it('counts net drawn: issued in the period minus returned unused; consumption is not counted twice', () => {
    const use = quotaUse(
      [
        mv('issued', '2026-02-01', 5, 50_000),
        mv('consumed', '2026-02-03', 3, 30_000),
        mv('returned_unused', '2026-02-20', 1, 10_000),
        mv('issued', '2026-01-31', 9, 90_000), // last month
        mv('issued', '2026-03-01', 9, 90_000), // next month
      ],
      feb,
    );
    expect(use).toEqual({ quantity: 4, valueFen: 40_000 });
  });

  it('a return of last period’s parts brings the use to 0, never below', () => {
    expect(quotaUse([mv('returned_unused', '2026-02-02', 4, 40_000)], feb)).toEqual({ quantity: 0, valueFen: 0 });
    expect(quotaUse([mv('issued', '2026-02-02', 1, 100), mv('returned_unused', '2026-02-03', 4, 400)], feb)).toEqual({
      quantity: 0,
      valueFen: 0,
    });
  });

  it('ignores negative and non-finite amounts', () => {
    expect(
      quotaUse(
        [mv('issued', '2026-02-02', -3, -100), mv('issued', '2026-02-02', Number.NaN, Number.POSITIVE_INFINITY)],
        feb,
      ),
    ).toEqual({ quantity: 0, valueFen: 0 });
  });
});

describe('remainingQuota', () => {
  it('is the quota less the use, floored at 0, with the overrun said', () => {
    expect(remainingQuota({ valueFen: 100_000, quantity: 10 }, { valueFen: 30_000, quantity: 4 })).toEqual({
      valueFen: 70_000,
      quantity: 6,
      overValueFen: 0,
      overQuantity: 0,
    });
    expect(remainingQuota({ valueFen: 100_000, quantity: null }, { valueFen: 130_000, quantity: 40 })).toEqual({
      valueFen: 0,
      quantity: null,
      overValueFen: 30_000,
      overQuantity: 0,
    });
  });

  it('never reports a negative remainder, and remaining + used − over = quota (property)', () => {
    const limit = fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null });
    const used = fc.integer({ min: 0, max: 20_000_000 });
    fc.assert(
      fc.property(limit, limit, used, used, (lv, lq, uv, uq) => {
        const r = remainingQuota({ valueFen: lv, quantity: lq }, { valueFen: uv, quantity: uq });
        for (const [lim, u, left, over] of [
          [lv, uv, r.valueFen, r.overValueFen],
          [lq, uq, r.quantity, r.overQuantity],
        ] as const) {
          expect(over).toBeGreaterThanOrEqual(0);
          if (lim === null) {
            expect(left).toBeNull();
            expect(over).toBe(0);
          } else {
            expect(left).toBeGreaterThanOrEqual(0);
            expect(left! + u - over).toBe(lim);
            expect(left === 0 || over === 0).toBe(true);
          }
        }
      }),
    );
  });
});

describe('judgeRequest', () => {
  const line = (quantity: number, unitCostFen: number, partId = 'p1') => ({ partId, quantity, unitCostFen });

  it('passes on its own within both remaining quotas', () => {
    const j = judgeRequest({
      ...base,
      lines: [line(2, 10_000), line(1, 5_000, 'p2')],
      outlet: rem(100_000, 10),
      technician: rem(25_000, 3),
    });
    expect(j.level).toBe('auto');
    expect(j.totalFen).toBe(25_000);
    expect(j.totalQuantity).toBe(3);
    expect(j.reasons).toEqual([]);
    expect(j.explanation.at(-1)!['zh-CN']).toContain('自动通过');
    expect(j.explanation.at(-1)!.en).toContain('approved automatically');
  });

  it('goes to the center beyond a quota, saying which and by how much', () => {
    const j = judgeRequest({
      ...base,
      lines: [line(4, 10_000)],
      outlet: rem(100_000, 10),
      technician: rem(25_000, 3),
    });
    expect(j.level).toBe('center');
    expect(j.reasons).toEqual([
      { code: 'over_value_quota', scope: 'technician', requestedFen: 40_000, remainingFen: 25_000, overFen: 15_000 },
      { code: 'over_quantity_quota', scope: 'technician', requested: 4, remaining: 3, over: 1 },
    ]);
    expect(j.explanation[0]!['zh-CN']).toBe('超出技术员金额额度：申请400.00元，剩余250.00元，超出150.00元');
    expect(j.explanation[1]!.en).toBe("Beyond the technician's quantity quota: 4 requested, 3 left, 1 over");
  });

  it('goes to HQ above the threshold even within the quotas', () => {
    const j = judgeRequest({ ...base, lines: [line(1, 500_001)], outlet: unlimited });
    expect(j.level).toBe('hq');
    expect(j.reasons).toEqual([{ code: 'above_hq_threshold', totalFen: 500_001, thresholdFen: 500_000, overFen: 1 }]);
    // Exactly the threshold is not above it.
    expect(judgeRequest({ ...base, lines: [line(1, 500_000)], outlet: unlimited }).level).toBe('auto');
  });

  it('a holder without a quota: the center approves, unless the setting says auto', () => {
    expect(judgeRequest({ ...base, lines: [line(1, 100)], outlet: null }).reasons).toEqual([
      { code: 'no_quota', scope: 'outlet' },
    ]);
    expect(judgeRequest({ ...base, lines: [line(1, 100)], outlet: rem(1000, 5), technician: null }).level).toBe(
      'center',
    );
    expect(judgeRequest({ ...base, withoutQuota: 'auto', lines: [line(1, 100)], outlet: null }).level).toBe('auto');
  });

  it('never passes an empty request or an invalid line on its own', () => {
    expect(judgeRequest({ ...base, lines: [], outlet: unlimited }).level).toBe('center');
    for (const bad of [
      line(0, 100),
      line(-1, 100),
      line(1.5, 100),
      line(1, -5),
      line(Number.NaN, 1),
      line(2 ** 40, 2 ** 20),
    ]) {
      const j = judgeRequest({ ...base, lines: [bad, line(1, 100, 'ok')], outlet: unlimited });
      expect(j.level).toBe('center');
      expect(j.reasons).toEqual([{ code: 'invalid_line', index: 0, partId: 'p1' }]);
      expect(j.totalFen).toBe(100);
      expect(j.totalQuantity).toBe(1);
    }
  });

  it('urgency is said first but does not change who approves', () => {
    const j = judgeRequest({ ...base, urgency: 'urgent', lines: [line(1, 100)], outlet: unlimited });
    expect(j.level).toBe('auto');
    expect(j.explanation[0]).toEqual({ 'zh-CN': '加急申请', en: 'Urgent request' });
  });

  it('auto only when both remaining quotas cover the request and it is not above the HQ threshold (property)', () => {
    const remaining = fc.option(
      fc.record({
        valueFen: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
        quantity: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
        overValueFen: fc.constant(0),
        overQuantity: fc.constant(0),
      }),
      { nil: null },
    );
    const lines = fc.array(
      fc.record({
        partId: fc.constantFrom('a', 'b', 'c'),
        quantity: fc.integer({ min: -2, max: 20 }),
        unitCostFen: fc.integer({ min: -10, max: 100_000 }),
      }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(
        lines,
        remaining,
        fc.option(remaining, { nil: undefined }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.constantFrom('center' as const, 'auto' as const),
        (ls, outlet, technician, hqApprovalAboveFen, withoutQuota) => {
          const input: JudgeRequestInput = { lines: ls, outlet, technician, hqApprovalAboveFen, withoutQuota };
          const j = judgeRequest(input);
          const valid = ls.filter((l) => l.quantity > 0 && l.unitCostFen >= 0);
          const total = valid.reduce((s, l) => s + l.quantity * l.unitCostFen, 0);
          const count = valid.reduce((s, l) => s + l.quantity, 0);
          expect(j.totalFen).toBe(total);
          expect(j.totalQuantity).toBe(count);
          const covers = (r: Remaining | null | undefined) =>
            r === undefined ||
            (r === null
              ? withoutQuota === 'auto'
              : (r.valueFen === null || total <= r.valueFen) && (r.quantity === null || count <= r.quantity));
          const expectAuto =
            ls.length > 0 &&
            valid.length === ls.length &&
            total <= hqApprovalAboveFen &&
            covers(outlet) &&
            covers(technician);
          expect(j.level === 'auto').toBe(expectAuto);
          expect(j.level === 'hq').toBe(total > hqApprovalAboveFen);
          for (const r of j.reasons) {
            if (r.code === 'over_value_quota') expect(r.overFen).toBeGreaterThan(0);
            if (r.code === 'over_quantity_quota') expect(r.over).toBeGreaterThan(0);
          }
          expect(j.explanation.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
