import { describe, expect, it } from 'vitest';
import {
  creditCodeProblem,
  dueOf,
  entitlementText,
  isPaidWork,
  leftToCollect,
  netAfterCorrection,
  reconciliationRows,
} from './rules.js';

// The pure rules of paid work (docs/money-collection.md).

describe('the unified social credit code (GB 32100-2015)', () => {
  it('accepts codes whose check character matches', () => {
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull();
    expect(creditCodeProblem('91110000100001525Y')).toBeNull();
  });
  it('refuses the wrong length, forbidden characters and a wrong check character, saying which', () => {
    expect(creditCodeProblem('91350100M000100Y4')!.en).toContain('18 characters, not 17');
    expect(creditCodeProblem('91350100M000100O43')!['zh-CN']).toContain('「O」');
    expect(creditCodeProblem('91350100m000100Y43')!.en).toContain('"m"');
    expect(creditCodeProblem('91350100M000100Y44')!.en).toBe('its check character should be 3, not 4');
  });
  it('a check value of 31 is the character 0', () => {
    // Find a 17-character body whose weighted sum is a multiple of 31: its check character is 0.
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const bodies = [...chars].map((c) => `9111000010000152${c}`);
    const body = bodies.find((b) => [...b].reduce((s, c, i) => s + chars.indexOf(c) * weights[i]!, 0) % 31 === 0);
    expect(body).toBeDefined();
    expect(creditCodeProblem(`${body}0`)).toBeNull();
  });
});

describe('what is due and collected', () => {
  it('the agreed total, a refused quote’s call-out charge, nothing before a decision', () => {
    expect(dueOf(null)).toBe(0);
    expect(dueOf({ state: 'proposed', totalFen: 11_000, calloutFen: 2500 })).toBe(0);
    expect(dueOf({ state: 'agreed', totalFen: 11_000, calloutFen: 2500 })).toBe(11_000);
    expect(dueOf({ state: 'refused', totalFen: 11_000, calloutFen: 2500 })).toBe(2500);
  });
  it('never more than is left; corrections add up', () => {
    expect(leftToCollect(11_000, 4000)).toBe(7000);
    expect(leftToCollect(11_000, 12_000)).toBe(0);
    expect(netAfterCorrection(10_000, [-1000], -9000)).toBe(0);
    expect(netAfterCorrection(10_000, [-1000], -9001)).toBe(-1);
  });
  it('paid work is work whose labour the customer pays', () => {
    expect(isPaidWork(null)).toBe(true);
    expect(isPaidWork({ covered: false, labour: 'customer', reasons: [] })).toBe(true);
    expect(isPaidWork({ covered: true, labour: 'company', reasons: [] })).toBe(false);
    expect(isPaidWork({ covered: true, labour: 'contract', reasons: [] })).toBe(false);
    expect(
      entitlementText({ covered: false, labour: 'customer', reasons: [{ 'zh-CN': '已过保', en: 'Expired' }] }),
    ).toEqual({ 'zh-CN': '已过保', en: 'Expired' });
  });
});

describe('cash reconciliation', () => {
  const day = (technicianId: string, d: string, collectedCashFen: number, handedOverFen: number) => ({
    technicianId,
    day: d,
    collectedCashFen,
    handedOverFen,
  });

  it('the difference is cumulative from the opening balance, per technician', () => {
    const rows = reconciliationRows(new Map([['a', 500]]), [
      day('a', '2026-11-02', 0, 3500),
      day('a', '2026-11-01', 3000, 0),
      day('b', '2026-11-01', 2000, 2000),
    ]);
    expect(rows.map((r) => [r.day, r.technicianId, r.differenceFen])).toEqual([
      ['2026-11-01', 'a', 3500],
      ['2026-11-01', 'b', 0],
      ['2026-11-02', 'a', 0],
    ]);
  });
  it('onlyOpen keeps the rows whose difference is not 0; a negative difference (handed over more) is open', () => {
    const rows = reconciliationRows(
      new Map(),
      [day('a', '2026-11-01', 3000, 0), day('a', '2026-11-02', 0, 3000), day('b', '2026-11-01', 0, 100)],
      true,
    );
    expect(rows.map((r) => [r.day, r.technicianId, r.differenceFen])).toEqual([
      ['2026-11-01', 'a', 3000],
      ['2026-11-01', 'b', -100],
    ]);
  });
  it('the last row of a technician is what they still hold: all collected − all handed over', () => {
    const days = [day('a', '2026-11-01', 1234, 200), day('a', '2026-11-03', 5000, 6000), day('a', '2026-11-04', 10, 0)];
    const rows = reconciliationRows(new Map([['a', 7]]), days);
    const sum = days.reduce((s, d) => s + d.collectedCashFen - d.handedOverFen, 7);
    expect(rows.at(-1)!.differenceFen).toBe(sum);
  });
});
