import { describe, expect, it } from 'vitest';
import { type BomRow, bomChanged, bomItems, CODE_PATTERN } from './catalog-rules.js';

const row = (partId: string, quantity: number, isMain = false): BomRow => ({
  partId,
  code: partId,
  name: partId,
  quantity,
  isMain,
});

describe('bomItems', () => {
  it('merges a repeated part, clamps quantities', () => {
    expect(bomItems([row('a', 2), row('b', 0, true), row('a', 3, true)])).toEqual([
      { partId: 'a', quantity: 5, isMain: true },
      { partId: 'b', quantity: 1, isMain: true },
    ]);
  });
});

describe('bomChanged', () => {
  it('ignores order, sees quantity and main-part changes', () => {
    expect(bomChanged([row('a', 1), row('b', 2)], [row('b', 2), row('a', 1)])).toBe(false);
    expect(bomChanged([row('a', 1)], [row('a', 2)])).toBe(true);
    expect(bomChanged([row('a', 1)], [row('a', 1, true)])).toBe(true);
  });
});

describe('CODE_PATTERN', () => {
  it('accepts model codes, refuses spaces and leading punctuation', () => {
    expect(CODE_PATTERN.test('XQB80-1508')).toBe(true);
    expect(CODE_PATTERN.test('xqb 80')).toBe(false);
    expect(CODE_PATTERN.test('-A')).toBe(false);
  });
});
