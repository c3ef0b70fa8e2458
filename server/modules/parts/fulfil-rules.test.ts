import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DepotStock, planFulfilment } from './fulfil-rules.js';

const chain = (outlet: Record<string, number>, center: Record<string, number>, hq: Record<string, number>) =>
  [
    { depotId: 'O', level: 'outlet', available: outlet },
    { depotId: 'C', level: 'center', available: center },
    { depotId: 'H', level: 'hq', available: hq },
  ] satisfies DepotStock[];

describe('planFulfilment', () => {
  it('ships from the nearest depot that has the whole line', () => {
    const [a, b, c] = planFulfilment({
      lines: [
        { partId: 'p', quantity: 2 },
        { partId: 'q', quantity: 1 },
        { partId: 'r', quantity: 5 },
      ],
      chain: chain({ p: 2, q: 0 }, { p: 9, q: 1 }, { r: 5 }),
    });
    expect(a).toMatchObject({ status: 'ok', split: false, from: [{ depotId: 'O', level: 'outlet', quantity: 2 }] });
    expect(b).toMatchObject({ status: 'ok', from: [{ depotId: 'C', quantity: 1 }] });
    expect(c).toMatchObject({ status: 'ok', from: [{ depotId: 'H', level: 'hq', quantity: 5 }] });
  });

  it('prefers a farther depot holding the whole line to splitting', () => {
    const [a] = planFulfilment({ lines: [{ partId: 'p', quantity: 4 }], chain: chain({ p: 3 }, { p: 2 }, { p: 4 }) });
    expect(a).toMatchObject({ status: 'ok', split: false, from: [{ depotId: 'H', quantity: 4 }] });
  });

  it('splits nearest first only when no single depot has it all', () => {
    const [a] = planFulfilment({ lines: [{ partId: 'p', quantity: 6 }], chain: chain({ p: 3 }, { p: 2 }, { p: 4 }) });
    expect(a).toMatchObject({
      status: 'ok',
      split: true,
      from: [
        { depotId: 'O', quantity: 3 },
        { depotId: 'C', quantity: 2 },
        { depotId: 'H', quantity: 1 },
      ],
    });
    expect(a!.explanation['zh-CN']).toContain('分3处发货');
  });

  it('says the shortfall when the chain together lacks it', () => {
    const [a] = planFulfilment({ lines: [{ partId: 'p', quantity: 10 }], chain: chain({ p: 1 }, {}, { p: 2 }) });
    expect(a).toMatchObject({
      status: 'unavailable',
      shortfall: 7,
      unavailableAtHq: true,
      partial: [
        { depotId: 'O', quantity: 1 },
        { depotId: 'H', quantity: 2 },
      ],
    });
    expect(a!.explanation.en).toBe('The depots hold 3 together: 7 short (HQ lacks the part)');
  });

  it('lines of the same part share the stock', () => {
    const plans = planFulfilment({
      lines: [
        { partId: 'p', quantity: 2 },
        { partId: 'p', quantity: 2 },
        { partId: 'p', quantity: 2 },
      ],
      chain: chain({ p: 2 }, { p: 2 }, {}),
    });
    expect(plans.map((p) => p.status)).toEqual(['ok', 'ok', 'unavailable']);
    expect(plans[1]).toMatchObject({ from: [{ depotId: 'C' }] });
  });

  it("an approver's chosen depot ships when it has the whole line, else it is refused with the reason", () => {
    const others: DepotStock[] = [{ depotId: 'C2', level: 'center', available: { p: 3 } }];
    const [a, b, c] = planFulfilment({
      lines: [
        { partId: 'p', quantity: 3, depotId: 'C2' },
        { partId: 'p', quantity: 2, depotId: 'H' },
        { partId: 'p', quantity: 1, depotId: 'nowhere' },
      ],
      chain: chain({ p: 5 }, {}, { p: 1 }),
      others,
    });
    expect(a).toMatchObject({ status: 'ok', from: [{ depotId: 'C2', quantity: 3 }] });
    expect(b).toMatchObject({ status: 'refused', reason: 'no_stock_at_chosen_depot', depotId: 'H', availableThere: 1 });
    expect(b!.explanation['zh-CN']).toBe('所选总部中央库可用1件，不足申请的2件');
    expect(c).toMatchObject({ status: 'refused', reason: 'unknown_depot' });
  });

  it('refuses a line with an invalid quantity and never ships from a depot not in the chain on its own', () => {
    const [a, b] = planFulfilment({
      lines: [
        { partId: 'p', quantity: 0 },
        { partId: 'p', quantity: 1 },
      ],
      chain: chain({}, {}, {}),
      others: [{ depotId: 'X', level: 'center', available: { p: 9 } }],
    });
    expect(a).toMatchObject({ status: 'refused', reason: 'invalid_quantity' });
    expect(b).toMatchObject({ status: 'unavailable', shortfall: 1 });
  });

  it('never ships more than a depot has, and each planned line adds up (property)', () => {
    const stock = fc.dictionary(fc.constantFrom('a', 'b'), fc.integer({ min: -1, max: 6 }));
    fc.assert(
      fc.property(
        stock,
        stock,
        stock,
        fc.array(fc.record({ partId: fc.constantFrom('a', 'b'), quantity: fc.integer({ min: 1, max: 8 }) }), {
          maxLength: 6,
        }),
        (o, c, h, lines) => {
          const ch = chain(o, c, h);
          const plans = planFulfilment({ lines, chain: ch });
          const taken = new Map<string, number>();
          for (const p of plans) {
            if (p.status === 'ok') {
              expect(p.from.reduce((s, a) => s + a.quantity, 0)).toBe(p.quantity);
              expect(p.split).toBe(p.from.length > 1);
              for (const a of p.from)
                taken.set(`${a.depotId}/${p.partId}`, (taken.get(`${a.depotId}/${p.partId}`) ?? 0) + a.quantity);
            } else if (p.status === 'unavailable') {
              expect(p.shortfall).toBeGreaterThan(0);
              expect(p.partial.reduce((s, a) => s + a.quantity, 0) + p.shortfall).toBe(p.quantity);
            }
          }
          for (const d of ch)
            for (const part of ['a', 'b'])
              expect(taken.get(`${d.depotId}/${part}`) ?? 0).toBeLessThanOrEqual(Math.max(0, d.available[part] ?? 0));
        },
      ),
    );
  });
});
