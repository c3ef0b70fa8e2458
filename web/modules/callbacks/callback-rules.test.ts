import { describe, expect, it } from 'vitest';
import {
  addDays,
  answerBody,
  durationParts,
  nextAttemptView,
  outcomeLink,
  queueFilters,
  queueQuery,
  scoreFilters,
  windowView,
  yuanToFen,
} from './callback-rules.js';

const NOW = Date.parse('2026-11-18T08:00:00Z');
const task = (dueFrom: string, dueBy: string, state: 'open' | 'done' = 'open') => ({ state, dueFrom, dueBy });

describe('the window of a task', () => {
  it('counts down to the start of a window not yet open', () => {
    expect(windowView(task('2026-11-18T10:00:00Z', '2026-11-20T15:59:59Z'), NOW)).toEqual({
      phase: 'upcoming',
      minutes: 120,
      closing: false,
    });
  });
  it('counts what is left of an open window, closing in its last day', () => {
    expect(windowView(task('2026-11-16T16:00:00Z', '2026-11-20T08:00:00Z'), NOW)).toEqual({
      phase: 'open',
      minutes: 2 * 24 * 60,
      closing: false,
    });
    expect(windowView(task('2026-11-16T16:00:00Z', '2026-11-18T15:59:59Z'), NOW)).toMatchObject({
      phase: 'open',
      minutes: 479,
      closing: true,
    });
  });
  it('is overdue past its end, by minutes begun', () => {
    expect(windowView(task('2026-11-10T16:00:00Z', '2026-11-18T07:59:30Z'), NOW)).toEqual({
      phase: 'overdue',
      minutes: 1,
      closing: false,
    });
  });
  it('has none once the task is no longer waiting, or with unreadable times', () => {
    expect(windowView(task('2026-11-10T16:00:00Z', '2026-11-12T16:00:00Z', 'done'), NOW)).toBeNull();
    expect(windowView(task('x', '2026-11-12T16:00:00Z'), NOW)).toBeNull();
  });
});

describe('the next attempt', () => {
  it('is ready at or after its time, else says how long to wait', () => {
    expect(nextAttemptView('2026-11-18T08:00:00Z', NOW)).toEqual({ ready: true, wait: 0 });
    expect(nextAttemptView('2026-11-18T09:00:30Z', NOW)).toEqual({ ready: false, wait: 61 });
    expect(nextAttemptView(null, NOW)).toBeNull();
  });
});

describe('queue filters', () => {
  it('shows the open tasks of every window by default and drops unknown values', () => {
    expect(queueFilters(new URLSearchParams(''))).toEqual({
      due: 'all',
      state: 'open',
      kind: undefined,
      q: undefined,
      page: 1,
    });
    expect(queueFilters(new URLSearchParams('due=soon&state=bogus&kind=third&page=x'))).toMatchObject({
      due: 'all',
      state: 'open',
      kind: undefined,
      page: 1,
    });
  });
  it('reads the chosen window, state, kind and search', () => {
    const f = queueFilters(new URLSearchParams('due=overdue&state=unreachable&kind=second&q=%20张%20&page=3'));
    expect(f).toEqual({ due: 'overdue', state: 'unreachable', kind: 'second', q: '张', page: 3 });
  });
  it('builds the list query; every state leaves the state out', () => {
    expect(queueQuery(queueFilters(new URLSearchParams('state=all&due=today')), 50)).toEqual({
      due: 'today',
      state: undefined,
      kind: undefined,
      q: undefined,
      page: 1,
      pageSize: 50,
    });
  });
});

describe('score filters', () => {
  it('defaults to outlets over the last 30 days', () => {
    expect(scoreFilters(new URLSearchParams(''), '2026-03-01')).toEqual({
      level: 'outlet',
      from: '2026-01-31',
      to: '2026-03-01',
    });
  });
  it('reads a period, turning a backward one round, and ignores bad days', () => {
    expect(scoreFilters(new URLSearchParams('level=technician&from=2026-02-10&to=2026-02-01'), '2026-03-01')).toEqual({
      level: 'technician',
      from: '2026-02-01',
      to: '2026-02-10',
    });
    expect(scoreFilters(new URLSearchParams('from=2026-02-30&to=2026-03-01'), '2026-03-01').from).toBe('2026-01-31');
  });
  it('moves days by the calendar', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});

describe('the answer', () => {
  const base = { fixed: true, feeAsRecorded: true, attitude: 5, quality: 4, timeliness: 3 };
  it('sends no amount when the fee is as recorded, and leaves empty answers out', () => {
    expect(answerBody({ ...base, feeSaidFen: '50', nps: null, comments: '  ' }, 7)).toEqual({ version: 7, ...base });
  });
  it('sends the amount the customer says, in fen, when it differs', () => {
    expect(answerBody({ ...base, feeAsRecorded: false, feeSaidFen: '120.5', nps: 0, comments: ' 很好 ' }, 2)).toEqual({
      version: 2,
      ...base,
      feeAsRecorded: false,
      feeSaidFen: 12050,
      nps: 0,
      comments: '很好',
    });
  });
  it('parses yuan of 0 or more', () => {
    expect(yuanToFen('0')).toEqual({ ok: true, fen: 0 });
    expect(yuanToFen('¥1,200')).toEqual({ ok: true, fen: 120000 });
    expect(yuanToFen('-5')).toEqual({ ok: false, error: 'format' });
    expect(yuanToFen('')).toEqual({ ok: false, error: 'required' });
  });
});

describe('outcome links', () => {
  it('leads to the order, the complaint or the next task', () => {
    const id = '6f1c1c8e-1111-4a4a-8b8b-000000000001';
    expect(outcomeLink({ kind: 'order_confirmed', refId: id })).toBe(`/orders/${id}`);
    expect(outcomeLink({ kind: 'repeat_visit', refId: id })).toBe(`/orders/${id}`);
    expect(outcomeLink({ kind: 'fee_complaint', refId: id })).toBe(`/complaints/${id}`);
    expect(outcomeLink({ kind: 'second_callback', refId: id })).toBe(`/callbacks/${id}`);
    expect(outcomeLink({ kind: 'low_score_notice', refId: id })).toBeNull();
    expect(outcomeLink({ kind: 'low_score_complaint', refId: id })).toBe(`/complaints/${id}`);
    expect(outcomeLink({ kind: 'repeat_visit', refId: null })).toBeNull();
  });
});

describe('durations', () => {
  it('reads days and hours, hours and minutes, or minutes', () => {
    expect(durationParts(3 * 1440 + 5 * 60 + 7)).toEqual([
      { unit: 'days', n: 3 },
      { unit: 'hours', n: 5 },
    ]);
    expect(durationParts(2 * 1440 + 30)).toEqual([{ unit: 'days', n: 2 }]);
    expect(durationParts(125)).toEqual([
      { unit: 'hours', n: 2 },
      { unit: 'minutes', n: 5 },
    ]);
    expect(durationParts(59)).toEqual([{ unit: 'minutes', n: 59 }]);
    expect(durationParts(-3)).toEqual([{ unit: 'minutes', n: 0 }]);
  });
});
