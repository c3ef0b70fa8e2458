import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../platform/config/registry.js';
import {
  type CenterGroup,
  type CenterOrderFacts,
  type CenterSettings,
  centerGroupOf,
  centerMonthFigures,
  percentText,
} from './center-rules.js';
import type { PartsWaitFacts, SettlementMilestone } from './settlement-rules.js';

// Defaults of seed 004 (server/platform/config/registry.ts, group money).
const S: CenterSettings = {
  lateCompletionHours: 72,
  completionCapDays: 7,
  over3DaysMaxPercent: 21,
  over7DaysMaxCount: 5,
};
const P14: CenterGroup = {
  code: 'P14',
  name: { 'zh-CN': '14省市', en: '14-province group' },
  provinces: ['44', '45', '43', '42', '33', '32', '51', '50', '35', '36', '34', '41', '13', '61'],
  within3DaysPercent: 85,
  within7DaysPercent: 100,
};
const P6: CenterGroup = {
  code: 'P6',
  name: { 'zh-CN': '6省', en: '6-province group' },
  provinces: ['53', '52', '37', '21', '22', '23'],
  within3DaysPercent: 70,
  within7DaysPercent: 100,
};
const H = 60;
const DAY = 24 * H;
const HQ_WAIT: PartsWaitFacts = {
  party: 'hq',
  total: 5,
  explanation: { 'zh-CN': '等待配件5天：总部5天', en: 'Waited 5 days for parts: HQ 5' },
};

let n = 0;
/** An order completed `spent` minutes after the report on the resolved_cap clock. */
function done(spent: number, p: { excused?: boolean; waits?: PartsWaitFacts[] } = {}): CenterOrderFacts {
  n += 1;
  const cap: SettlementMilestone = {
    id: `m${n}`,
    key: 'resolved_cap',
    state: spent > 7 * DAY ? 'breached' : 'met',
    metAt: '2026-11-20T10:00:00.000Z',
    limitMinutes: 7 * DAY,
    remainingMinutes: 7 * DAY - spent,
    lateMinutes: Math.max(0, spent - 7 * DAY),
    pausedMinutes: 0,
    timeKind: 'calendar',
    excused: p.excused ?? false,
    excusedReason: p.excused ? '恶劣天气' : null,
  };
  return { orderId: `o${n}`, orderCode: `FW${n}`, milestones: [cap], partsWaits: p.waits ?? [] };
}
const many = (count: number, spent: number, p?: Parameters<typeof done>[1]) =>
  Array.from({ length: count }, () => done(spent, p));
const line = (r: ReturnType<typeof centerMonthFigures>, rule: string) => r.lines.find((l) => l.rule === rule)!;

describe('settings', () => {
  it('the tests run on the registry defaults (seed 004)', () => {
    expect({
      lateCompletionHours: SETTINGS['money.lateCompletionHours'].default,
      completionCapDays: SETTINGS['money.completionCapDays'].default,
      over3DaysMaxPercent: SETTINGS['money.centerOver3DaysMaxPercent'].default,
      over7DaysMaxCount: SETTINGS['money.centerOver7DaysMaxCount'].default,
    }).toEqual(S);
    expect(SETTINGS['money.centerGroups'].default).toEqual([P14, P6]);
    expect(new Set([...P14.provinces, ...P6.provinces]).size).toBe(20);
  });
});

describe('percentText', () => {
  it('rounds half up to a tenth, in integers', () => {
    expect(percentText(21, 100)).toBe('21%');
    expect(percentText(1, 3)).toBe('33.3%');
    expect(percentText(2, 3)).toBe('66.7%');
    expect(percentText(1, 8)).toBe('12.5%');
    expect(percentText(1, 16)).toBe('6.3%'); // 6.25 → 6.3
    expect(percentText(0, 0)).toBe('0%');
  });
});

describe('centerGroupOf', () => {
  it('finds the group of a province; none for a province no group lists', () => {
    expect(centerGroupOf('44', [P14, P6])?.code).toBe('P14');
    expect(centerGroupOf('53', [P14, P6])?.code).toBe('P6');
    expect(centerGroupOf('11', [P14, P6])).toBeNull();
  });
});

describe('over 3 days = over 72 h on the resolved_cap clock', () => {
  it.each([
    [72 * H, 0, 0],
    [72 * H + 1, 1, 0],
    [7 * DAY, 1, 0],
    [7 * DAY + 1, 1, 1],
  ])('%i minutes → over 3: %i, over 7: %i', (spent, o3, o7) => {
    const r = centerMonthFigures([done(spent)], P14, S);
    expect([r.over3Days, r.over7Days]).toEqual([o3, o7]);
  });
});

describe('monthly bonus (seed 004: 超三单据超过21%、超七单据超过5张取消月度考核奖金)', () => {
  it.each([
    ['21% over 3 days', [...many(21, 4 * DAY), ...many(79, DAY)], false],
    ['22% over 3 days', [...many(22, 4 * DAY), ...many(78, DAY)], true],
    ['5 over 7 days', [...many(5, 8 * DAY), ...many(95, DAY)], false],
    ['6 over 7 days', [...many(6, 8 * DAY), ...many(194, DAY)], true],
  ])('%s', (_, orders, lost) => {
    const r = centerMonthFigures(orders, P14, S);
    expect(r.bonusLost).toBe(lost);
    expect(line(r, 'monthly_bonus').outcome).toBe(lost ? 'lost' : 'kept');
  });

  it('orders whose delay was HQ’s are not counted as over, and stay in the total', () => {
    const orders = [...many(20, 4 * DAY), ...many(5, 4 * DAY, { waits: [HQ_WAIT] }), ...many(75, DAY)];
    const r = centerMonthFigures(orders, P14, S);
    expect(r).toMatchObject({ total: 100, over3Days: 25, over3DaysHq: 5, over3DaysCounted: 20, bonusLost: false });
    expect(line(r, 'monthly_bonus').explanation['zh-CN']).toBe(
      '超72小时20单，占100单的20%，不计总部原因5单（上限21%）；超7天0单（上限5张）：保留月度考核奖金',
    );
    // The same 5 without HQ's wait: 25% over, the bonus is lost.
    const without = centerMonthFigures([...many(25, 4 * DAY), ...many(75, DAY)], P14, S);
    expect(without.bonusLost).toBe(true);
    expect(line(without, 'monthly_bonus').explanation['zh-CN']).toBe(
      '超72小时25单，占100单的25%（上限21%）；超7天0单（上限5张）：超72小时单据占比超过21%，取消当月省中心月度考核奖金',
    );
    // Six over 7 days, one of them HQ's: five counted, the bonus kept on that count.
    const seven = centerMonthFigures(
      [...many(5, 8 * DAY), done(8 * DAY, { waits: [HQ_WAIT] }), ...many(194, DAY)],
      P14,
      S,
    );
    expect(seven).toMatchObject({ over7Days: 6, over7DaysHq: 1, over7DaysCounted: 5, bonusLost: false });
  });

  it('excused delays (customer, weather) are not counted either; a center wait is the center’s', () => {
    const r = centerMonthFigures([...many(6, 8 * DAY, { excused: true }), ...many(94, DAY)], P14, S);
    expect(r).toMatchObject({ over7DaysExcused: 6, over7DaysCounted: 0 });
    expect(r.over3DaysCounted).toBe(0);
    expect(line(r, 'monthly_bonus').explanation.en).toContain('not counting 6 excused');
    const center = { ...HQ_WAIT, party: 'center' as const };
    expect(centerMonthFigures(many(6, 8 * DAY, { waits: [center] }), P14, S).bonusLost).toBe(true);
  });
});

describe('targets (seed 004: 14省≥85%、6省≥70%三天完成，七天100%)', () => {
  const month = (over3: number, total: number) => [...many(over3, 4 * DAY), ...many(total - over3, DAY)];

  const groups: Record<string, CenterGroup> = { P14, P6 };
  it.each([
    ['P14', 15, 'met'],
    ['P14', 16, 'missed'],
    ['P6', 30, 'met'],
    ['P6', 31, 'missed'],
  ])('%s with %i of 100 over 3 days: %s', (code, over3, outcome) => {
    expect(line(centerMonthFigures(month(over3, 100), groups[code]!, S), 'within_3_days').outcome).toBe(outcome);
  });

  it('cites the figures and the group', () => {
    const r = centerMonthFigures(month(16, 100), P14, S);
    expect(line(r, 'within_3_days').explanation['zh-CN']).toBe(
      '72小时完成率84%（100单中16单超72小时），目标≥85%（14省市）：未达标',
    );
    expect(line(r, 'within_7_days')).toMatchObject({ outcome: 'met' });
  });

  it('7 days: one over misses 100%; HQ-caused orders count for the targets (the customers waited)', () => {
    const r = centerMonthFigures([done(8 * DAY, { waits: [HQ_WAIT] }), ...many(99, DAY)], P6, S);
    expect(line(r, 'within_7_days').outcome).toBe('missed');
    expect(line(r, 'within_7_days').explanation['zh-CN']).toBe('7天完成率99%（100单中1单超7天），目标≥100%：未达标');
    expect(r.bonusLost).toBe(false);
  });

  it('no group: no 3-day target; an empty month keeps everything', () => {
    expect(line(centerMonthFigures(month(50, 100), null, S), 'within_3_days').outcome).toBe('no_target');
    const empty = centerMonthFigures([], P14, S);
    expect(empty).toMatchObject({ total: 0, bonusLost: false });
    expect(empty.lines.map((l) => l.outcome)).toEqual(['met', 'met', 'kept']);
  });

  it('an order without a met completion clock is not judged, and said', () => {
    const o = done(DAY);
    const r = centerMonthFigures([{ ...o, milestones: [] }, done(DAY)], P14, S);
    expect(r).toMatchObject({ total: 1, notJudged: [o.orderId] });
  });
});

describe('properties', () => {
  const orders = fc.array(
    fc.record({
      spent: fc.integer({ min: 0, max: 12 * DAY }),
      hq: fc.boolean(),
      excused: fc.boolean(),
    }),
    { maxLength: 60 },
  );

  it('the bonus decision is the integer comparison: counted × 100 > 21 × total or counted 7 > 5', () => {
    fc.assert(
      fc.property(orders, (xs) => {
        const r = centerMonthFigures(
          xs.map((x) => done(x.spent, { excused: x.excused, waits: x.hq ? [HQ_WAIT] : [] })),
          P14,
          S,
        );
        expect(r.total).toBe(xs.length);
        expect(r.over3DaysCounted).toBeGreaterThanOrEqual(0);
        expect(r.over7Days).toBeLessThanOrEqual(r.over3Days);
        expect(r.over3DaysCounted + r.over3DaysHq + r.over3DaysExcused).toBe(r.over3Days);
        const lost3 = r.over3DaysCounted * 100 > 21 * r.total;
        expect(r.bonusLost).toBe(lost3 || r.over7DaysCounted > 5);
      }),
    );
  });

  it('an HQ-caused order never makes the bonus lost', () => {
    fc.assert(
      fc.property(orders, fc.integer({ min: 0, max: 12 * DAY }), (xs, spent) => {
        const base = xs.map((x) => done(x.spent, { excused: x.excused, waits: x.hq ? [HQ_WAIT] : [] }));
        const before = centerMonthFigures(base, P14, S).bonusLost;
        const after = centerMonthFigures([...base, done(spent, { waits: [HQ_WAIT] })], P14, S).bonusLost;
        if (!before) expect(after).toBe(false);
      }),
    );
  });
});
