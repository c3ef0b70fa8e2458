import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../platform/config/registry.js';
import {
  clockMinutes,
  durationText,
  lineEffectFen,
  type SettlementMilestone,
  type TimelinessOrderFacts,
  type TimelinessSettings,
  timelinessLines,
  yuanText,
} from './settlement-rules.js';

// Defaults of seed 004 (server/platform/config/registry.ts, group money).
const S: TimelinessSettings = {
  nearKm: 30,
  onSiteNearHours: 24,
  onSiteFarHours: 72,
  bonusFenByClass: { 'WM-TWIN': 1000, 'WM-AUTO': 2000 },
  lateCompletionHours: 72,
  lateCompletionPenaltyFen: 3000,
  completionCapDays: 7,
  overCapPenaltyFen: 5000,
  lateDispatchPenaltyFen: 3000,
};
const AUTO = { code: 'WM-AUTO', name: { 'zh-CN': '全自动洗衣机', en: 'automatic washer' } };
const TWIN = { code: 'WM-TWIN', name: { 'zh-CN': '双桶洗衣机', en: 'twin-tub washer' } };
const H = 60;

/** A met milestone whose clock ran `spent` minutes against `limit` (as the SLA module's view gives it). */
function ms(key: string, spent: number, limit: number, extra: Partial<SettlementMilestone> = {}): SettlementMilestone {
  const remainingMinutes = limit - spent;
  return {
    id: `${key}-1`,
    key,
    state: remainingMinutes < 0 ? 'breached' : 'met',
    metAt: '2026-11-20T10:00:00.000Z',
    limitMinutes: limit,
    remainingMinutes,
    lateMinutes: Math.max(0, -remainingMinutes),
    pausedMinutes: 0,
    timeKind: 'calendar',
    excused: false,
    excusedReason: null,
    ...extra,
  };
}

/** An order on time everywhere unless overridden: dispatched in 5 min each, on site in 3 h, completed in 20 h. */
function order(p: Partial<TimelinessOrderFacts> & { onSite?: number; done?: number } = {}): TimelinessOrderFacts {
  const { onSite = 3 * H, done = 20 * H, ...rest } = p;
  return {
    orderId: 'o1',
    orderCode: 'FW20261120000001',
    outletId: 'outlet-1',
    productClass: AUTO,
    distanceKm: 12,
    zone: 'near',
    booked: false,
    milestones: [
      ms('hq_dispatch', 5, 15),
      ms('center_dispatch', 5, 15),
      ms('on_site', onSite, 24 * H),
      ms('resolved_cap', done, 7 * 24 * H),
    ],
    dispatchers: { hq: 'hq-1', center: 'center-1' },
    partsWaits: [],
    ...rest,
  };
}
const withMilestone = (o: TimelinessOrderFacts, m: SettlementMilestone): TimelinessOrderFacts => ({
  ...o,
  milestones: [...o.milestones.filter((x) => x.key !== m.key), m],
});
const bonus = (o: TimelinessOrderFacts) => timelinessLines(o, S).lines.filter((l) => l.rule === 'timeliness_bonus');
const penalties = (o: TimelinessOrderFacts) => timelinessLines(o, S).lines.filter((l) => l.kind === 'penalty');

describe('settings', () => {
  it('the tests run on the registry defaults (seed 004), and each default passes its schema', () => {
    expect({
      nearKm: SETTINGS['orders.nearZoneKm'].default,
      onSiteNearHours: SETTINGS['money.onSiteNearHours'].default,
      onSiteFarHours: SETTINGS['money.onSiteFarHours'].default,
      bonusFenByClass: SETTINGS['money.timelinessBonusFen'].default,
      lateCompletionHours: SETTINGS['money.lateCompletionHours'].default,
      lateCompletionPenaltyFen: SETTINGS['money.lateCompletionPenaltyFen'].default,
      completionCapDays: SETTINGS['money.completionCapDays'].default,
      overCapPenaltyFen: SETTINGS['money.overCapPenaltyFen'].default,
      lateDispatchPenaltyFen: SETTINGS['money.lateDispatchPenaltyFen'].default,
    }).toEqual(S);
    for (const [key, def] of Object.entries(SETTINGS))
      if (key.startsWith('money.')) expect(def.schema.safeParse(def.default).success, key).toBe(true);
  });
});

describe('formatting', () => {
  it('yuan without decimals when whole, durations in hours below 4 days', () => {
    expect(yuanText(2000)).toEqual({ 'zh-CN': '20元', en: '¥20' });
    expect(yuanText(2050)).toEqual({ 'zh-CN': '20.50元', en: '¥20.50' });
    expect(yuanText(5)).toEqual({ 'zh-CN': '0.05元', en: '¥0.05' });
    expect(durationText(23 * H + 59)['zh-CN']).toBe('23小时59分');
    expect(durationText(73 * H).en).toBe('73 h');
    expect(durationText(7 * 24 * H + 61)['zh-CN']).toBe('7天1小时1分');
  });
  it('the clock minutes are the limit minus what was left', () => {
    expect(clockMinutes(ms('on_site', 1439, 1440))).toBe(1439);
    expect(clockMinutes(ms('on_site', 1441, 1440))).toBe(1441);
  });
});

describe('timeliness bonus (seed 004: 30公里以内24小时内、以外72小时内上门，双桶10元/台、全自动20元/台)', () => {
  const near = (spent: number) => withMilestone(order(), ms('on_site', spent, 24 * H));
  const far = (spent: number, distanceKm = 45) =>
    withMilestone(order({ distanceKm, zone: 'far' }), ms('on_site', spent, 72 * H));

  it.each([
    ['23 h 59 within 30 km', near(23 * H + 59), 2000],
    ['exactly 24 h within 30 km', near(24 * H), 2000],
    ['24 h 01 within 30 km', near(24 * H + 1), 0],
    ['71 h beyond 30 km', far(71 * H), 2000],
    ['73 h beyond 30 km', far(73 * H), 0],
    ['30 h at 30.0 km (near: 24 h)', far(30 * H, 30.0), 0],
    ['30 h at 30.1 km (far: 72 h)', far(30 * H, 30.1), 2000],
  ])('%s', (_, o, fen) => {
    expect(bonus(o).reduce((a, l) => a + l.amountFen, 0)).toBe(fen);
  });

  it('cites the figures', () => {
    const [l] = bonus(near(23 * H + 59));
    expect(l).toMatchObject({ kind: 'bonus', party: { kind: 'outlet', unitId: 'outlet-1' }, amountFen: 2000 });
    expect(l!.explanation['zh-CN']).toBe(
      '到场用时23小时59分，距离12.0公里，30公里内限24小时：及时奖励20元（全自动洗衣机）',
    );
    expect(l!.explanation.en).toBe(
      'On site after 23 h 59 min; 12.0 km, within 30 km: 24 h allowed: timeliness bonus ¥20 (automatic washer)',
    );
    const late = timelinessLines(near(24 * H + 1), S).notes.find((n) => n.rule === 'timeliness_bonus');
    expect(late).toMatchObject({ outcome: 'no_bonus' });
    expect(late!.explanation['zh-CN']).toBe('到场用时24小时1分，距离12.0公里，30公里内限24小时：超时上门，无及时奖励');
  });

  it('twin-tub 10 yuan, automatic 20 yuan; an unknown class earns none, with the reason', () => {
    expect(bonus(order({ productClass: TWIN }))[0]!.amountFen).toBe(1000);
    expect(bonus(order({ productClass: AUTO }))[0]!.amountFen).toBe(2000);
    const other = { code: 'DRYER', name: { 'zh-CN': '干衣机', en: 'dryer' } };
    const r = timelinessLines(order({ productClass: other }), S);
    expect(r.lines.filter((l) => l.kind === 'bonus')).toEqual([]);
    expect(r.notes.find((n) => n.rule === 'timeliness_bonus')!.explanation['zh-CN']).toContain(
      '产品类别DRYER（干衣机）未设及时奖励',
    );
    const none = timelinessLines(order({ productClass: null }), S);
    expect(none.notes.find((n) => n.rule === 'timeliness_bonus')!.explanation.en).toContain('product class unknown');
  });

  it('booked time met earns the bonus past 24 h; missed does not', () => {
    // Booked window ending 30 h after the report: the SLA module extended on_site's limit to 30 h.
    const met = withMilestone(order({ booked: true }), ms('on_site', 29 * H, 30 * H));
    const missed = withMilestone(order({ booked: true }), ms('on_site', 31 * H, 30 * H));
    expect(bonus(met)[0]!.explanation['zh-CN']).toContain('按预约时间到场：及时奖励20元');
    expect(bonus(missed)).toEqual([]);
    expect(timelinessLines(missed, S).notes[0]!.explanation['zh-CN']).toContain('未按预约时间到场');
    // Not booked, the same 29 h is simply late.
    expect(bonus(withMilestone(order(), ms('on_site', 29 * H, 24 * H)))).toEqual([]);
  });

  it('waiting for the customer is off the clock: the SLA figure is taken as it is', () => {
    const o = withMilestone(order(), ms('on_site', 20 * H, 24 * H, { pausedMinutes: 10 * H }));
    expect(bonus(o)[0]!.explanation['zh-CN']).toBe(
      '到场用时20小时（已扣除等待客户10小时），距离12.0公里，30公里内限24小时：及时奖励20元（全自动洗衣机）',
    );
  });

  it('unknown distance: the zone, else within 30 km', () => {
    const byZone = withMilestone(order({ distanceKm: null, zone: 'far' }), ms('on_site', 50 * H, 72 * H));
    expect(bonus(byZone)).toHaveLength(1);
    const unknown = withMilestone(order({ distanceKm: null, zone: null }), ms('on_site', 25 * H, 24 * H));
    expect(bonus(unknown)).toEqual([]);
    expect(timelinessLines(unknown, S).notes[0]!.explanation['zh-CN']).toContain('距离未知，按30公里内限24小时');
  });

  it('an excused late arrival earns no bonus and no penalty', () => {
    const o = withMilestone(order(), ms('on_site', 30 * H, 24 * H, { excused: true, excusedReason: '暴雨封路' }));
    const r = timelinessLines(o, S);
    expect(r.lines).toEqual([]);
    expect(r.notes[0]!.explanation['zh-CN']).toContain('已免责：暴雨封路，不罚款');
  });

  it('no arrival recorded: not judged', () => {
    const o = order();
    const r = timelinessLines({ ...o, milestones: o.milestones.filter((m) => m.key !== 'on_site') }, S);
    expect(r.lines.filter((l) => l.kind === 'bonus')).toEqual([]);
    expect(r.notes[0]).toMatchObject({ rule: 'timeliness_bonus', outcome: 'not_judged' });
  });
});

describe('late completion (seed 004: 超72小时、超7天未完成维修的，给予网点处罚)', () => {
  const done = (minutes: number, extra: Partial<SettlementMilestone> = {}, p: Partial<TimelinessOrderFacts> = {}) =>
    withMilestone(order(p), ms('resolved_cap', minutes, 7 * 24 * H, extra));

  it.each([
    ['72 h', 72 * H, []],
    ['72 h 01', 72 * H + 1, [['late_completion', 3000]]],
    ['7 days', 7 * 24 * H, [['late_completion', 3000]]],
    ['7 days 1 min: the cap tier instead', 7 * 24 * H + 1, [['over_cap', 5000]]],
  ])('%s', (_, minutes, want) => {
    expect(penalties(done(minutes)).map((l) => [l.rule, l.amountFen])).toEqual(want);
  });

  it('to the outlet, citing the figures', () => {
    const [l] = penalties(done(80 * H));
    expect(l).toMatchObject({
      kind: 'penalty',
      party: { kind: 'outlet', unitId: 'outlet-1' },
      milestoneKey: 'resolved_cap',
    });
    expect(l!.explanation['zh-CN']).toBe('报修至完工用时80小时，超72小时未完成维修：扣罚网点30元');
  });

  it('no penalty when a parts wait was HQ’s', () => {
    const hq = {
      party: 'hq' as const,
      total: 6,
      explanation: { 'zh-CN': '等待配件6天：总部4天，服务中心2天', en: 'Waited 6 days for parts: HQ 4, the center 2' },
    };
    const r = timelinessLines(done(8 * 24 * H, {}, { partsWaits: [hq] }), S);
    expect(r.lines.filter((l) => l.kind === 'penalty')).toEqual([]);
    expect(r.notes.find((n) => n.rule === 'over_cap')).toMatchObject({ outcome: 'waived' });
    expect(r.notes.find((n) => n.rule === 'over_cap')!.explanation['zh-CN']).toContain(
      '总部原因缺件（等待配件6天：总部4天，服务中心2天），对网点不予处罚',
    );
    // A wait that was the center's or the outlet's does not waive it.
    const center = { ...hq, party: 'center' as const };
    expect(penalties(done(8 * 24 * H, {}, { partsWaits: [center] }))).toHaveLength(1);
  });

  it('no penalty when the delay was excused (customer, weather)', () => {
    const r = timelinessLines(done(80 * H, { excused: true, excusedReason: '用户外出' }), S);
    expect(r.lines.filter((l) => l.kind === 'penalty')).toEqual([]);
    expect(r.notes.find((n) => n.rule === 'late_completion')!.explanation['zh-CN']).toContain(
      '已免责（用户外出），不予处罚',
    );
  });

  it('a penalty set to 0 charges nothing and says so', () => {
    const r = timelinessLines(done(80 * H), { ...S, lateCompletionPenaltyFen: 0 });
    expect(r.lines).toHaveLength(1); // the bonus only
    expect(r.notes.find((n) => n.rule === 'late_completion')!.explanation['zh-CN']).toContain('扣罚金额设为0');
  });

  it('waiting for the customer does not count: 90 h with 20 h paused is 70 h on the clock', () => {
    expect(penalties(done(70 * H, { pausedMinutes: 20 * H }))).toEqual([]);
  });
});

describe('late dispatch (seed 004: 接单后15分钟内必须派单，否则扣罚30元/次)', () => {
  it.each([
    ['hq 15 min', 'hq_dispatch', 15, []],
    ['hq 16 min', 'hq_dispatch', 16, [['hq', 'hq-1', 3000]]],
    ['center 15 min', 'center_dispatch', 15, []],
    ['center 16 min', 'center_dispatch', 16, [['center', 'center-1', 3000]]],
  ])('%s', (_, key, spent, want) => {
    const o = withMilestone(order(), ms(key, spent, 15));
    expect(penalties(o).map((l) => [l.party.kind, l.party.unitId, l.amountFen])).toEqual(want);
  });

  it('cites the figures; each late step is a line; another center by milestone', () => {
    const o = order();
    const second = { ...ms('center_dispatch', 40, 15), id: 'cd-2' };
    const r = timelinessLines(
      { ...o, milestones: [...o.milestones, second], dispatcherByMilestone: { 'cd-2': 'center-2' } },
      S,
    );
    expect(r.lines).toContainEqual(
      expect.objectContaining({
        rule: 'late_dispatch',
        party: { kind: 'center', unitId: 'center-2' },
        amountFen: 3000,
        explanation: {
          'zh-CN': '省中心派单用时40分钟，限15分钟：扣罚省中心派单30元',
          en: "The center dispatched after 40 min, 15 min allowed: penalty to the center's dispatch ¥30",
        },
      }),
    );
  });

  it('excused or cancelled steps carry no penalty; an HQ parts wait does not excuse a dispatch', () => {
    const excused = withMilestone(order(), ms('hq_dispatch', 30, 15, { excused: true, excusedReason: '系统停电' }));
    expect(penalties(excused)).toEqual([]);
    const cancelled = withMilestone(order(), ms('center_dispatch', 30, 15, { state: 'cancelled' }));
    expect(penalties(cancelled)).toEqual([]);
    const hq = { party: 'hq' as const, total: 3, explanation: { 'zh-CN': '', en: '' } };
    expect(penalties(withMilestone(order({ partsWaits: [hq] }), ms('hq_dispatch', 16, 15)))).toHaveLength(1);
  });
});

describe('properties', () => {
  const facts = fc.record({
    onSite: fc.integer({ min: 0, max: 10 * 24 * H }),
    onSiteLimit: fc.constantFrom(24 * H, 72 * H, 30 * H),
    done: fc.integer({ min: 0, max: 12 * 24 * H }),
    hqD: fc.integer({ min: 0, max: 60 }),
    cD: fc.integer({ min: 0, max: 60 }),
    distanceKm: fc.option(fc.double({ min: 0, max: 200, noNaN: true })),
    booked: fc.boolean(),
    excused: fc.boolean(),
    cls: fc.constantFrom(AUTO, TWIN, null, { code: 'X', name: { 'zh-CN': 'X', en: 'X' } }),
    hqWait: fc.boolean(),
  });
  type Facts = typeof facts extends fc.Arbitrary<infer T> ? T : never;
  const build = (x: Facts): TimelinessOrderFacts =>
    order({
      productClass: x.cls,
      distanceKm: x.distanceKm,
      booked: x.booked,
      partsWaits: x.hqWait ? [{ party: 'hq', total: 2, explanation: { 'zh-CN': '', en: '' } }] : [],
      milestones: [
        ms('hq_dispatch', x.hqD, 15),
        ms('center_dispatch', x.cD, 15),
        ms('on_site', x.onSite, x.onSiteLimit, { excused: x.excused }),
        ms('resolved_cap', x.done, 7 * 24 * H, { excused: x.excused }),
      ],
    });

  it('amounts are positive whole fen, and effects add up by sign', () => {
    fc.assert(
      fc.property(facts, (x) => {
        const { lines } = timelinessLines(build(x), S);
        for (const l of lines) {
          expect(Number.isSafeInteger(l.amountFen)).toBe(true);
          expect(l.amountFen).toBeGreaterThan(0);
          expect(Number.isSafeInteger(lineEffectFen(l))).toBe(true);
        }
      }),
    );
  });

  it('never a bonus and a late penalty for the same milestone; at most one of each per order and rule', () => {
    fc.assert(
      fc.property(facts, (x) => {
        const { lines } = timelinessLines(build(x), S);
        const byMilestone = new Map<string, Set<string>>();
        for (const l of lines)
          byMilestone.set(l.milestoneId, (byMilestone.get(l.milestoneId) ?? new Set()).add(l.kind));
        for (const kinds of byMilestone.values()) expect(kinds.size).toBe(1);
        expect(lines.filter((l) => l.rule === 'timeliness_bonus').length).toBeLessThanOrEqual(1);
        expect(lines.filter((l) => l.rule === 'late_completion' || l.rule === 'over_cap').length).toBeLessThanOrEqual(
          1,
        );
      }),
    );
  });

  it('later on site never earns more; an excused or HQ-caused order is never penalised to the outlet', () => {
    fc.assert(
      fc.property(facts, fc.integer({ min: 0, max: 3 * 24 * H }), (x, more) => {
        const a = bonus(build(x)).length;
        const b = bonus(build({ ...x, onSite: x.onSite + more })).length;
        expect(b).toBeLessThanOrEqual(a);
        if (x.excused || x.hqWait) expect(penalties(build(x)).filter((l) => l.party.kind === 'outlet')).toEqual([]);
      }),
    );
  });
});
