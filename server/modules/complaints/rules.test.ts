import { describe, expect, it } from 'vitest';
import type { RouteRow } from './contract.js';
import {
  afterAcceptance,
  allows,
  approvalLevel,
  crisisReasons,
  DEFAULT_CONFIG,
  deadlineOf,
  escalationAt,
  nextLevel,
  routeDecision,
  severityOf,
  startLevel,
} from './rules.js';

const routes: RouteRow[] = [
  { type: 'attitude', target: 'department', departmentId: 'market' },
  { type: 'quality', target: 'department', departmentId: 'rnd' },
  { type: 'timeliness', target: 'holder', departmentId: null },
  { type: 'fees', target: 'department', departmentId: 'gone' },
];
const names: Record<string, { 'zh-CN': string; en: string }> = {
  market: { 'zh-CN': '市场部', en: 'Market department' },
  rnd: { 'zh-CN': '研发部', en: 'R&D' },
};
const name = (id: string) => names[id] ?? null;

describe('crisis triggers', () => {
  it.each([
    [{ source: 'hotline', urgeCount: 0 }, []],
    [{ source: 'regulator', regulatorKind: 'consumer_association', urgeCount: 0 }, ['regulator']],
    [{ source: 'hotline', compensationDemanded: true, urgeCount: 0 }, ['compensation_demanded']],
    [{ source: 'media', urgeCount: 0 }, ['media_exposure']],
    [{ source: 'hotline', mediaExposure: true, urgeCount: 0 }, ['media_exposure']],
    [{ source: 'urge', urgeCount: 3 }, []],
    [{ source: 'urge', urgeCount: 4 }, ['urged_over_limit']],
  ] as const)('%o → %o', (facts, want) => {
    expect(crisisReasons(facts, DEFAULT_CONFIG)).toEqual(want);
  });
  it('only configured triggers count', () => {
    const config = { ...DEFAULT_CONFIG, crisisTriggers: ['media_exposure' as const] };
    expect(crisisReasons({ source: 'regulator', urgeCount: 9, compensationDemanded: true }, config)).toEqual([]);
  });
  it('a trigger makes a crisis; otherwise the asked severity, general by default', () => {
    expect(severityOf('general', ['media_exposure'])).toBe('crisis');
    expect(severityOf('difficult', [])).toBe('difficult');
    expect(severityOf(undefined, [])).toBe('general');
  });
});

describe('routing', () => {
  it.each([
    ['attitude', { target: 'department', departmentId: 'market' }],
    ['quality', { target: 'department', departmentId: 'rnd' }],
    ['timeliness', { target: 'holder', unitId: 'u1' }],
    ['fees', { target: 'none' }],
    ['other', { target: 'none' }],
  ] as const)('%s → %o', (type, want) => {
    expect(routeDecision(type, routes, { id: 'u1', name: '网点' }, name)).toMatchObject(want);
  });
  it('timeliness without an order stays unrouted', () => {
    expect(routeDecision('timeliness', routes, null, name).target).toBe('none');
  });
  it('says why in both languages', () => {
    const d = routeDecision('quality', routes, null, name);
    expect(d.why['zh-CN']).toContain('研发部');
    expect(d.why.en).toContain('Product quality');
    expect(d.why.en).toContain('R&D');
    expect(d.why.en).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('deadlines and levels', () => {
  const start = new Date('2026-12-04T10:00:00Z');
  const never = () => null;
  it.each([
    ['general', 120],
    ['difficult', 24 * 60],
    ['crisis', 120],
  ] as const)('%s on 24×7: %i minutes', (severity, minutes) => {
    expect(deadlineOf(severity, start, DEFAULT_CONFIG, never)?.getTime()).toBe(start.getTime() + minutes * 60_000);
  });
  it('the business calendar asks the working-time arithmetic', () => {
    const config = { ...DEFAULT_CONFIG, calendar: 'business' as const };
    const due = new Date('2026-12-07T02:00:00Z');
    expect(deadlineOf('general', start, config, (s, m) => (s === start && m === 120 ? due : null))).toBe(due);
  });
  it('crisis starts at leadership; others at the handler', () => {
    expect(startLevel('crisis', DEFAULT_CONFIG)).toBe(3);
    expect(startLevel('difficult', DEFAULT_CONFIG)).toBe(1);
  });
  it('levels go up to 3', () => {
    expect([1, 2, 3].map(nextLevel)).toEqual([2, 3, null]);
  });
  it.each([
    [
      { state: 'open', level: 1 },
      { escalate: true, toLevel: 2 },
    ],
    [
      { state: 'reopened', level: 2 },
      { escalate: true, toLevel: 3 },
    ],
    [{ state: 'open', level: 3 }, { escalate: false }],
    [{ state: 'answered', level: 1 }, { escalate: false }],
    [{ state: 'closed', level: 1 }, { escalate: false }],
  ] as const)('escalation of %o', (c, want) => {
    expect(escalationAt(c)).toEqual(want);
  });
});

describe('compensation and states', () => {
  it.each([
    [0, 1],
    [50_000, 1],
    [50_001, 2],
    [500_000, 2],
    [500_001, 3],
  ])('%i fen → level %i', (fen, level) => {
    expect(approvalLevel(fen, DEFAULT_CONFIG)).toBe(level);
  });
  it('acceptance closes; refusal reopens', () => {
    expect(afterAcceptance(true)).toBe('closed');
    expect(afterAcceptance(false)).toBe('reopened');
  });
  it('actions per state', () => {
    expect(allows('open', 'reply')).toBe(true);
    expect(allows('answered', 'reply')).toBe(false);
    expect(allows('answered', 'acceptance')).toBe(true);
    expect(allows('closed', 'close')).toBe(false);
    expect(allows('reopened', 'route')).toBe(true);
  });
});
