import { describe, expect, it } from 'vitest';
import {
  eligibleRemedies,
  exclusionBody,
  fenToYuan,
  formatYuan,
  splitIds,
  verdictColor,
  verdictOf,
  yuanToFen,
} from './warranty-rules.js';

describe('money', () => {
  it('turns yuan into whole fen and back', () => {
    expect(yuanToFen(12.34)).toBe(1234);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen(null)).toBeNull();
    expect(yuanToFen('')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
    expect(fenToYuan(1234)).toBe(12.34);
    expect(fenToYuan(null)).toBeNull();
  });
  it('formats fen as yuan with separators', () => {
    expect(formatYuan(123456)).toBe('¥1,234.56');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(formatYuan(500000000)).toBe('¥5,000,000.00');
    expect(formatYuan(null)).toBe('');
  });
});

describe('verdict colouring', () => {
  const line = { covered: true, rule: 'unit_term' as const, labour: 'company' as const, parts: 'company' as const };
  it('colours by who pays', () => {
    expect(verdictOf(line)).toBe('covered');
    expect(verdictColor(line)).toBe('green');
    expect(verdictOf({ ...line, labour: 'customer' })).toBe('partial');
    expect(verdictColor({ ...line, rule: 'contract', parts: 'contract', labour: 'contract' })).toBe('blue');
    expect(verdictColor({ ...line, covered: false, rule: 'expired', labour: 'customer', parts: 'customer' })).toBe(
      'red',
    );
    expect(verdictOf({ ...line, covered: false, rule: 'no_policy' })).toBe('unknown');
  });
});

describe('helpers', () => {
  it('keeps eligible remedies only', () => {
    const item = {
      rule: 'repeated_fault' as const,
      eligible: true,
      remedies: ['exchange' as const],
      since: null,
      until: null,
      faultCode: null,
      orderIds: [],
      reasons: [],
    };
    const r = {
      unitId: 'u',
      at: '2026-01-01',
      purchaseDate: null,
      policy: null,
      dayCounting: 'civil_code' as const,
      eligible: ['exchange' as const],
      items: [item, { ...item, rule: 'no_show' as const, eligible: false }],
    };
    expect(eligibleRemedies(r).map((i) => i.rule)).toEqual(['repeated_fault']);
    expect(eligibleRemedies(undefined)).toEqual([]);
  });
  it('builds the exclusion only with a kind and a note', () => {
    expect(exclusionBody({ kind: null, note: 'x' })).toBeUndefined();
    expect(exclusionBody({ kind: 'misuse', note: '  ' })).toBeUndefined();
    expect(exclusionBody({ kind: 'misuse', note: ' 进水 ', photoIds: 'a, b\nc' })).toEqual({
      kind: 'misuse',
      note: '进水',
      photoIds: ['a', 'b', 'c'],
    });
    expect(splitIds('')).toEqual([]);
  });
});
