import { describe, expect, it } from 'vitest';
import { boardFilters, boardQuery, deadlineView, yuanToFen } from './complaint-rules.js';

const NOW = Date.parse('2026-11-18T08:00:00Z');

describe('deadline countdown', () => {
  it('counts whole minutes left and turns red in the last quarter hour', () => {
    expect(deadlineView('2026-11-18T10:00:00Z', NOW)).toEqual({ minutes: 120, overdue: false, urgent: false });
    expect(deadlineView('2026-11-18T08:14:59Z', NOW)).toEqual({ minutes: 14, overdue: false, urgent: true });
  });
  it('is overdue past the deadline, by whole minutes begun', () => {
    expect(deadlineView('2026-11-18T07:59:30Z', NOW)).toEqual({ minutes: -1, overdue: true, urgent: true });
    expect(deadlineView('2026-11-18T06:00:00Z', NOW)).toEqual({ minutes: -120, overdue: true, urgent: true });
  });
  it('has none without a deadline', () => {
    expect(deadlineView(null, NOW)).toBeNull();
    expect(deadlineView('not a date', NOW)).toBeNull();
  });
});

describe('board filters', () => {
  it('reads known values and drops the rest', () => {
    const f = boardFilters(new URLSearchParams('state=bogus&severity=crisis&type=fees&level=4&page=x'));
    expect(f).toMatchObject({ state: undefined, severity: 'crisis', type: 'fees', level: undefined, page: 1 });
    expect(f.open).toBe(true);
  });
  it('shows closed complaints when a state is chosen or all are asked for', () => {
    expect(boardFilters(new URLSearchParams('state=closed')).open).toBe(false);
    expect(boardFilters(new URLSearchParams('all=1')).open).toBe(false);
  });
  it('builds the list query', () => {
    const q = boardQuery(boardFilters(new URLSearchParams('level=2&q=%20张%20')), 50);
    expect(q).toMatchObject({ level: 2, q: '张', open: 'true', page: 1, pageSize: 50 });
  });
});

describe('yuan to fen', () => {
  it('parses amounts of 0 or more', () => {
    expect(yuanToFen('200')).toEqual({ ok: true, fen: 20000 });
    expect(yuanToFen('12.5')).toEqual({ ok: true, fen: 1250 });
    expect(yuanToFen('0')).toEqual({ ok: true, fen: 0 });
  });
  it('refuses negative and malformed amounts', () => {
    expect(yuanToFen('-5')).toEqual({ ok: false, error: 'format' });
    expect(yuanToFen('1.234')).toEqual({ ok: false, error: 'format' });
    expect(yuanToFen('')).toEqual({ ok: false, error: 'required' });
  });
});
