import { describe, expect, it } from 'vitest';
import { ownShares } from './settlement-reads.js';

/*
 * Parts consumed from what an order held issued: how many came from the depot's own stock (a hand
 * issue, a request the depot fulfilled itself) and how many a shipment brought from the center or
 * HQ. The shipped ones count as used first (docs/money-statements.md, `parts_reimbursement`).
 */
describe('ownShares', () => {
  it.each([
    ['all own: issued from the depot, nothing shipped', [2], 0, [{ own: 2, above: 0 }]],
    ['all shipped', [2], 2, [{ own: 0, above: 2 }]],
    ['one row, part shipped, part own', [3], 1, [{ own: 2, above: 1 }]],
    [
      'serial rows one by one: the shipped ones first',
      [1, 1, 1],
      2,
      [
        { own: 0, above: 1 },
        { own: 0, above: 1 },
        { own: 1, above: 0 },
      ],
    ],
    ['more shipped than used (the rest given back unused)', [1], 3, [{ own: 0, above: 1 }]],
    ['a negative count is none', [1], -1, [{ own: 1, above: 0 }]],
    ['no rows', [], 4, []],
  ])('%s', (_, consumed, fromAbove, expected) => {
    expect(ownShares(consumed, fromAbove)).toEqual(expected);
  });
});
