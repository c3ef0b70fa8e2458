import { describe, expect, it } from 'vitest';
import {
  areaOutletOf,
  campaignActions,
  centerPathOf,
  covers,
  type Criteria,
  criteriaProblems,
  foldCounts,
  inBatch,
  purchasedWithin,
  serialInRange,
  takesRegistrations,
  unitActions,
  unitAllows,
} from './rules.js';

const NONE: Criteria = {
  modelIds: ['m1'],
  serialFrom: null,
  serialTo: null,
  serialPrefix: null,
  purchasedFrom: null,
  purchasedTo: null,
};
const unit = (
  serialNo: string,
  over: Partial<{ modelId: string; purchaseDate: string | null; status: string }> = {},
) => ({
  modelId: 'm1',
  serialNo,
  purchaseDate: null,
  status: 'active',
  ...over,
});

describe('serial range: equal length, character by character, both bounds included', () => {
  it.each([
    ['SN0100', true],
    ['SN0200', true],
    ['SN0150', true],
    ['SN0099', false],
    ['SN0201', false],
    // Another length is in no range, even where a numeric reading would put it inside.
    ['SN150', false],
    ['SN00150', false],
    // Letters after digits: 'A' (0x41) sorts after '9' (0x39).
    ['SN01A0', true],
    ['SN02A0', false],
  ])('%s in SN0100..SN0200 → %s', (serial, inside) => {
    expect(serialInRange(serial, 'SN0100', 'SN0200')).toBe(inside);
  });
  it('an open bound holds the other only', () => {
    expect(serialInRange('SN9999', 'SN0100', null)).toBe(true);
    expect(serialInRange('SN0001', 'SN0100', null)).toBe(false);
    expect(serialInRange('SN0001', null, 'SN0100')).toBe(true);
    expect(serialInRange('SN01000', null, 'SN0100')).toBe(false);
    expect(serialInRange('anything', null, null)).toBe(true);
  });
});

describe('batch prefix and purchase dates', () => {
  it('a batch is the serials that begin with its prefix', () => {
    expect(inBatch('2611B07-0001', '2611B07')).toBe(true);
    expect(inBatch('2611B08-0001', '2611B07')).toBe(false);
    expect(inBatch('X2611B07', '2611B07')).toBe(false);
    expect(inBatch('X', null)).toBe(true);
  });
  it('purchase days from and to are included; an unknown day is in no range', () => {
    expect(purchasedWithin('2026-03-01', '2026-03-01', '2026-03-31')).toBe(true);
    expect(purchasedWithin('2026-03-31', '2026-03-01', '2026-03-31')).toBe(true);
    expect(purchasedWithin('2026-02-28', '2026-03-01', '2026-03-31')).toBe(false);
    expect(purchasedWithin('2026-04-01', '2026-03-01', '2026-03-31')).toBe(false);
    expect(purchasedWithin(null, '2026-03-01', null)).toBe(false);
    expect(purchasedWithin(null, null, null)).toBe(true);
  });
});

describe('covers: a model of the campaign, with its owner, and every criterion given', () => {
  const c: Criteria = {
    ...NONE,
    serialFrom: 'SN0100',
    serialTo: 'SN0200',
    serialPrefix: 'SN01',
    purchasedFrom: '2026-01-01',
  };
  it('all criteria hold', () => {
    expect(covers(c, unit('SN0150', { purchaseDate: '2026-05-01' }))).toBe(true);
  });
  it('one failing criterion is enough to leave a unit out', () => {
    expect(covers(c, unit('SN0250', { purchaseDate: '2026-05-01' }))).toBe(false);
    expect(covers(c, unit('SN0200', { purchaseDate: '2026-05-01' }))).toBe(false); // in range, not in batch SN01
    expect(covers(c, unit('SN0150', { purchaseDate: '2025-12-31' }))).toBe(false);
    expect(covers(c, unit('SN0150', { purchaseDate: '2026-05-01', modelId: 'm2' }))).toBe(false);
  });
  it('returned, replaced and scrapped units are out; recalled ones stay in', () => {
    expect(covers(NONE, unit('A', { status: 'returned' }))).toBe(false);
    expect(covers(NONE, unit('A', { status: 'replaced' }))).toBe(false);
    expect(covers(NONE, unit('A', { status: 'scrapped' }))).toBe(false);
    expect(covers(NONE, unit('A', { status: 'recalled' }))).toBe(true);
  });
});

describe('criteria problems name their field', () => {
  const base = { ...NONE, effectiveFrom: '2026-11-01', effectiveUntil: null };
  it('bounds of different lengths, reversed bounds, reversed dates, a model twice', () => {
    expect(criteriaProblems({ ...base, serialFrom: 'SN0100', serialTo: 'SN200' })).toEqual([
      { field: 'body.serialTo', code: 'recall.serial_range_lengths' },
    ]);
    expect(criteriaProblems({ ...base, serialFrom: 'SN0200', serialTo: 'SN0100' })).toEqual([
      { field: 'body.serialTo', code: 'recall.serial_range_order' },
    ]);
    expect(criteriaProblems({ ...base, purchasedFrom: '2026-02-01', purchasedTo: '2026-01-01' })).toEqual([
      { field: 'body.purchasedTo', code: 'recall.purchase_range_order' },
    ]);
    expect(criteriaProblems({ ...base, effectiveUntil: '2026-10-31' })).toEqual([
      { field: 'body.effectiveUntil', code: 'recall.effective_range_order' },
    ]);
    expect(criteriaProblems({ ...base, modelIds: ['m1', 'm1'] })).toEqual([
      { field: 'body.modelIds', code: 'recall.models_repeated' },
    ]);
    expect(criteriaProblems({ ...base, serialFrom: 'SN0100', serialTo: 'SN0100' })).toEqual([]);
  });
});

describe('states and actions', () => {
  it('registrations join an active campaign within its effective days (both included)', () => {
    const c = { state: 'active' as const, effectiveFrom: '2026-11-01', effectiveUntil: '2026-12-31' };
    expect(takesRegistrations(c, '2026-11-01')).toBe(true);
    expect(takesRegistrations(c, '2026-12-31')).toBe(true);
    expect(takesRegistrations(c, '2026-10-31')).toBe(false);
    expect(takesRegistrations(c, '2027-01-01')).toBe(false);
    expect(takesRegistrations({ ...c, state: 'closed' }, '2026-11-20')).toBe(false);
    expect(takesRegistrations({ ...c, state: 'draft' }, '2026-11-20')).toBe(false);
  });
  it('a campaign: edit and activate in draft; close and outreach while active; nothing without the right', () => {
    expect(campaignActions('draft', true)).toEqual(['edit', 'activate']);
    expect(campaignActions('active', true)).toEqual(['close', 'outreach']);
    expect(campaignActions('closed', true)).toEqual([]);
    expect(campaignActions('draft', false)).toEqual([]);
  });
  it('a unit: booked until booked or done; unreachable before contact succeeds; declined before booking', () => {
    expect(unitActions('active', 'affected', true)).toEqual(['book', 'unreachable', 'decline']);
    expect(unitActions('active', 'reached', true)).toEqual(['book', 'unreachable', 'decline']);
    expect(unitActions('active', 'unreachable', true)).toEqual(['book', 'decline']);
    expect(unitActions('active', 'declined', true)).toEqual(['book']);
    expect(unitActions('active', 'booked', true)).toEqual([]);
    expect(unitActions('active', 'done', true)).toEqual([]);
    expect(unitActions('closed', 'affected', true)).toEqual([]);
    expect(unitActions('active', 'affected', false)).toEqual([]);
    expect(unitAllows('draft', 'affected', 'book')).toBe(false);
  });
});

describe('counts and paths', () => {
  it('counts fold per key with a total and a sum', () => {
    const { byKey, sum } = foldCounts([
      { key: '440000', state: 'done', n: 2 },
      { key: '440000', state: 'affected', n: 3 },
      { key: null, state: 'booked', n: 1 },
    ]);
    expect(byKey.get('440000')).toMatchObject({ total: 5, done: 2, affected: 3, booked: 0 });
    expect(byKey.get(null)).toMatchObject({ total: 1, booked: 1 });
    expect(sum).toMatchObject({ total: 6, done: 2, affected: 3, booked: 1 });
  });
  it('the center of an area path, and its outlet', () => {
    expect(centerPathOf('hq/c1/o1/')).toBe('hq/c1/');
    expect(centerPathOf('hq/c1/')).toBe('hq/c1/');
    expect(centerPathOf('hq/')).toBe('hq/');
    expect(areaOutletOf('hq/c1/o1/')).toBe('o1');
    expect(areaOutletOf('hq/c1/')).toBeNull();
  });
});
