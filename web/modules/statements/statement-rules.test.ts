import { describe, expect, it } from 'vitest';
import {
  daysUntil,
  fenToYuanText,
  parseMonth,
  parseYuan,
  previousMonth,
  type StatementFacts,
  statementActions,
} from './statement-rules.js';

const TODAY = '2026-12-06';
const CENTER = ['settlement.read', 'settlement.manage'];
const OUTLET = ['settlement.read', 'settlement.respond'];
const READER = ['settlement.read'];
const s = (over: Partial<StatementFacts>): StatementFacts => ({
  state: 'draft',
  disputedCount: 0,
  respondBy: null,
  ...over,
});
const on = (a: ReturnType<typeof statementActions>) =>
  Object.entries(a)
    .filter(([, v]) => v)
    .map(([k]) => k)
    .sort();

describe('statementActions', () => {
  it('a draft is recomputed and sent by the center only', () => {
    expect(on(statementActions(s({}), CENTER, TODAY))).toEqual(['recompute', 'send']);
    expect(on(statementActions(s({}), OUTLET, TODAY))).toEqual([]);
    expect(on(statementActions(s({}), READER, TODAY))).toEqual([]);
  });

  it('a sent statement within respond-by: the outlet accepts or disputes, the center waits', () => {
    const sent = s({ state: 'sent', respondBy: '2026-12-16' });
    expect(on(statementActions(sent, OUTLET, TODAY))).toEqual(['accept', 'dispute']);
    expect(on(statementActions(sent, CENTER, TODAY))).toEqual([]);
    // The respond-by day itself still counts.
    expect(on(statementActions(sent, OUTLET, '2026-12-16'))).toEqual(['accept', 'dispute']);
  });

  it('past respond-by the outlet can no longer answer and the center may lock a sent statement', () => {
    const sent = s({ state: 'sent', respondBy: '2026-12-05' });
    expect(on(statementActions(sent, OUTLET, TODAY))).toEqual([]);
    expect(on(statementActions(sent, CENTER, TODAY))).toEqual(['lock']);
  });

  it('an open dispute blocks accept and lock; the center resolves it', () => {
    const disputed = s({ state: 'disputed', disputedCount: 1, respondBy: '2026-12-16' });
    expect(on(statementActions(disputed, OUTLET, TODAY))).toEqual(['dispute']);
    expect(on(statementActions(disputed, CENTER, TODAY))).toEqual(['resolve']);
  });

  it('disputes all resolved: the outlet may accept, the center lock', () => {
    const resolved = s({ state: 'disputed', disputedCount: 0, respondBy: '2026-12-16' });
    expect(on(statementActions(resolved, OUTLET, TODAY))).toEqual(['accept', 'dispute']);
    expect(on(statementActions(resolved, CENTER, TODAY))).toEqual(['lock', 'resolve']);
  });

  it('accepted is locked by the center; locked takes only an adjustment for next month', () => {
    expect(on(statementActions(s({ state: 'accepted', respondBy: '2026-12-16' }), CENTER, TODAY))).toEqual(['lock']);
    expect(on(statementActions(s({ state: 'accepted', respondBy: '2026-12-16' }), OUTLET, TODAY))).toEqual([]);
    expect(on(statementActions(s({ state: 'locked', respondBy: '2026-12-16' }), CENTER, TODAY))).toEqual(['adjust']);
    expect(on(statementActions(s({ state: 'locked' }), OUTLET, TODAY))).toEqual([]);
  });

  it('both permissions together (an administrator) see both sides', () => {
    const sent = s({ state: 'sent', respondBy: '2026-12-16' });
    expect(on(statementActions(sent, [...CENTER, 'settlement.respond'], TODAY))).toEqual(['accept', 'dispute']);
  });
});

describe('parseYuan', () => {
  it('reads yuan with up to 2 decimals into integer fen without floating point', () => {
    expect(parseYuan('12')).toEqual({ ok: true, fen: 1200 });
    expect(parseYuan('12.5')).toEqual({ ok: true, fen: 1250 });
    expect(parseYuan('12.05')).toEqual({ ok: true, fen: 1205 });
    expect(parseYuan('0.29')).toEqual({ ok: true, fen: 29 });
    expect(parseYuan('.5')).toEqual({ ok: true, fen: 50 });
    expect(parseYuan('1,234.56')).toEqual({ ok: true, fen: 123456 });
    expect(parseYuan(' ¥ 20 ')).toEqual({ ok: true, fen: 2000 });
    expect(parseYuan('-30.10')).toEqual({ ok: true, fen: -3010 });
    expect(parseYuan('+8')).toEqual({ ok: true, fen: 800 });
    // 1.005 * 100 in floating point is 100.49999…: string arithmetic never meets it.
    expect(parseYuan('4.35')).toEqual({ ok: true, fen: 435 });
    expect(parseYuan('1.15')).toEqual({ ok: true, fen: 115 });
  });

  it('refuses what is not an amount', () => {
    expect(parseYuan('')).toEqual({ ok: false, error: 'required' });
    expect(parseYuan(undefined)).toEqual({ ok: false, error: 'required' });
    expect(parseYuan('1.234')).toEqual({ ok: false, error: 'format' });
    expect(parseYuan('abc')).toEqual({ ok: false, error: 'format' });
    expect(parseYuan('1e3')).toEqual({ ok: false, error: 'format' });
    expect(parseYuan('12,34')).toEqual({ ok: false, error: 'format' });
    expect(parseYuan('--1')).toEqual({ ok: false, error: 'format' });
    expect(parseYuan('20000000.01')).toEqual({ ok: false, error: 'range' });
    expect(parseYuan('99999999999999')).toEqual({ ok: false, error: 'range' });
    expect(parseYuan('20000000')).toEqual({ ok: true, fen: 2_000_000_000 });
  });

  it('zero is an amount unless refused (an adjustment must not be 0)', () => {
    expect(parseYuan('0')).toEqual({ ok: true, fen: 0 });
    expect(parseYuan('-0.00')).toEqual({ ok: true, fen: 0 });
    expect(parseYuan('0.00', { allowZero: false })).toEqual({ ok: false, error: 'zero' });
  });

  it('fenToYuanText is its inverse for an input', () => {
    for (const fen of [0, 5, 1205, -3010, 123456]) {
      const back = parseYuan(fenToYuanText(fen));
      expect(back).toEqual({ ok: true, fen });
    }
    expect(fenToYuanText(-5)).toBe('-0.05');
  });
});

describe('months and days', () => {
  it('previousMonth crosses the year', () => {
    expect(previousMonth('2026-12-06')).toBe('2026-11');
    expect(previousMonth('2027-01-01')).toBe('2026-12');
  });

  it('parseMonth accepts YYYY-MM only', () => {
    expect(parseMonth('2026-11')).toBe('2026-11');
    expect(parseMonth('2026-13')).toBeNull();
    expect(parseMonth('2026-1')).toBeNull();
    expect(parseMonth(null)).toBeNull();
  });

  it('daysUntil counts calendar days', () => {
    expect(daysUntil('2026-12-16', TODAY)).toBe(10);
    expect(daysUntil(TODAY, TODAY)).toBe(0);
    expect(daysUntil('2026-12-05', TODAY)).toBe(-1);
    expect(daysUntil('2027-01-05', '2026-12-31')).toBe(5);
  });
});
