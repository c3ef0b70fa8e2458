import { describe, expect, it } from 'vitest';
import { documentCode } from './codes.js';

describe('case and contract numbers', () => {
  it('carry the company-zone day: 01:00 in Beijing is already the next day in UTC terms', () => {
    const at = new Date('2026-11-23T17:00:00Z'); // 2026-11-24 01:00 in Asia/Shanghai
    expect(documentCode('TH', at, 'Asia/Shanghai', 'ABC123')).toBe('TH20261124-ABC123');
    expect(documentCode('SC', at, 'UTC', 'ABC123')).toBe('SC20261123-ABC123');
  });

  it('differ by their random part', () => {
    const at = new Date('2026-11-23T02:00:00Z');
    const codes = new Set(Array.from({ length: 200 }, () => documentCode('TH', at, 'Asia/Shanghai')));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^TH20261123-[0-9A-F]{6}$/);
  });
});
