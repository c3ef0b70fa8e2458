import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yuan } from '../../../shared/money.js';
import { FeeRule, type FeeRuleInput } from './contract.js';
import {
  customerQuote,
  type FeeFacts,
  feeDay,
  feeZone,
  inForce,
  km,
  matches,
  outletServiceFee,
  proportionFen,
  refusedQuoteCharge,
  ruleInForce,
  SERVICE_TYPE_NAMES,
  specificity,
} from './fee-rules.js';

/** Every service type of the work-order module (the names' record is typed by it, so none is left out). */
const SERVICE_TYPES = Object.keys(SERVICE_TYPE_NAMES) as (keyof typeof SERVICE_TYPE_NAMES)[];

const LINE = 'line-washers';
const OTHER_LINE = 'line-dryers';

/** A schedule rule as it would be stored (parsed by the contract, defaults filled). */
const rule = (r: Partial<FeeRuleInput> & Pick<FeeRuleInput, 'id' | 'item' | 'amountFen'>): FeeRule =>
  FeeRule.parse({
    schedule: r.item === 'service_fee' ? 'outlet' : 'customer',
    effectiveFrom: '2026-01-01',
    label: r.id,
    ...r,
  });

const facts = (f: Partial<FeeFacts> = {}): FeeFacts => ({
  serviceType: 'on_site',
  productLineId: LINE,
  modelClass: 'automatic',
  repairKind: 'motor',
  distanceM: 12_000,
  zone: 'near',
  nearZoneKm: 30,
  ...f,
});

const DAY = '2026-03-15';

describe('ruleInForce: the most specific matching rule wins', () => {
  const rules = [
    rule({ id: 'any', item: 'labour', amountFen: 5000 }),
    rule({ id: 'onsite', item: 'labour', amountFen: 6000, serviceType: 'on_site' }),
    rule({ id: 'onsite-line', item: 'labour', amountFen: 8000, serviceType: 'on_site', productLineId: LINE }),
    rule({
      id: 'line-auto-motor',
      item: 'labour',
      amountFen: 12000,
      productLineId: LINE,
      modelClass: 'automatic',
      repairKind: 'motor',
    }),
    rule({ id: 'install', item: 'labour', amountFen: 3000, serviceType: 'installation' }),
    rule({ id: 'travel-any', item: 'travel', amountFen: 2000 }),
  ];

  it.each([
    ['three criteria beat two and one', facts(), 'line-auto-motor', 12000],
    ['another repair kind: service type + line', facts({ repairKind: 'pump' }), 'onsite-line', 8000],
    ['another line: the service type alone', facts({ productLineId: OTHER_LINE }), 'onsite', 6000],
    ['no line known: a line criterion does not match', facts({ productLineId: null }), 'onsite', 6000],
    ['installation', facts({ serviceType: 'installation', repairKind: null }), 'install', 3000],
    ['nothing specific: the general rule', facts({ serviceType: 'training', productLineId: null }), 'any', 5000],
  ] as const)('%s', (_, f, id, amount) => {
    const c = ruleInForce(rules, 'labour', f, DAY);
    expect(c.found).toBe(true);
    expect(c.rule?.id).toBe(id);
    expect(c.rule?.amountFen).toBe(amount);
  });

  it('looks only at the item asked for, and only in its schedule', () => {
    expect(ruleInForce(rules, 'travel', facts(), DAY).rule?.id).toBe('travel-any');
    expect(ruleInForce(rules, 'callout', facts(), DAY)).toMatchObject({ found: false, rule: null });
    expect(ruleInForce(rules, 'service_fee', facts(), DAY).found).toBe(false);
  });

  it('no rule is an answer the caller can show, not a throw', () => {
    const c = ruleInForce([], 'labour', facts(), DAY);
    expect(c).toMatchObject({ found: false, rule: null, candidates: 0 });
    expect(c.explanation).toEqual({
      'zh-CN': '2026-03-15没有适用于本单的人工费标准',
      en: 'No labour rule applies to this order on 2026-03-15',
    });
  });

  it('says which rule and the figures, in both languages', () => {
    const c = ruleInForce(rules, 'labour', facts({ repairKind: 'pump' }), DAY);
    expect(c.explanation['zh-CN']).toBe('人工费按标准「onsite-line」（上门维修、本产品线，2026-01-01起）：80.00元');
    expect(c.explanation.en).toBe(
      'Labour by rule "onsite-line" (on-site repair, this product line, from 2026-01-01): ¥80.00',
    );
  });

  it('ties: the later effectiveFrom, then the smaller id, whatever the order of the rules (property)', () => {
    const tied = [
      rule({ id: 'b', item: 'labour', amountFen: 100, serviceType: 'on_site', effectiveFrom: '2026-02-01' }),
      rule({ id: 'a', item: 'labour', amountFen: 200, serviceType: 'on_site', effectiveFrom: '2026-02-01' }),
      rule({ id: 'c', item: 'labour', amountFen: 300, serviceType: 'on_site', effectiveFrom: '2026-01-01' }),
      rule({ id: 'z', item: 'labour', amountFen: 400, productLineId: LINE, effectiveFrom: '2026-03-01' }),
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(tied, { minLength: tied.length }), (shuffled) => {
        // 'z' is the newest, but 'a' and 'b' tie with it on one criterion: 'z' wins by date.
        expect(ruleInForce(shuffled, 'labour', facts(), DAY).rule?.id).toBe('z');
        const noZ = shuffled.filter((r) => r.id !== 'z');
        expect(ruleInForce(noZ, 'labour', facts(), DAY).rule?.id).toBe('a');
        expect(ruleInForce(noZ, 'labour', facts(), '2026-01-20').rule?.id).toBe('c');
      }),
    );
  });
});

describe('ruleInForce: properties', () => {
  const DAYS = ['2026-02-28', '2026-03-01', '2026-03-15', '2026-03-31', '2026-04-01'];
  const arbRule = fc
    .record({
      id: fc.stringMatching(/^[a-z0-9]{1,3}$/),
      amountFen: fc.integer({ min: 0, max: 100_000 }),
      serviceType: fc.option(fc.constantFrom('on_site', 'installation' as const), { nil: null }),
      productLineId: fc.option(fc.constantFrom(LINE, OTHER_LINE), { nil: null }),
      modelClass: fc.option(fc.constantFrom('automatic', 'twin_tub'), { nil: null }),
      zone: fc.option(fc.constantFrom('near', 'far' as const), { nil: null }),
      minDistanceM: fc.option(fc.constantFrom(0, 30_000, 50_000), { nil: null }),
      effectiveFrom: fc.constantFrom(...DAYS),
      effectiveTo: fc.option(fc.constantFrom(...DAYS), { nil: null }),
    })
    .filter((r) => r.effectiveTo === null || r.effectiveTo >= r.effectiveFrom)
    .map((r) => rule({ ...r, item: 'labour' }));
  const arbFacts = fc.record({
    serviceType: fc.constantFrom('on_site', 'installation' as const),
    productLineId: fc.option(fc.constantFrom(LINE, OTHER_LINE), { nil: null }),
    modelClass: fc.option(fc.constantFrom('automatic', 'twin_tub'), { nil: null }),
    distanceM: fc.option(fc.integer({ min: 0, max: 80_000 }), { nil: null }),
    zone: fc.option(fc.constantFrom('near', 'far' as const), { nil: null }),
  });

  it('picks a rule in force that matches, none more specific; none only when no rule qualifies; order-free', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(arbRule, { maxLength: 10, selector: (r) => r.id }),
        arbFacts,
        fc.constantFrom(...DAYS),
        (rs, f, day) => {
          const ff = facts(f);
          const qualifying = rs.filter((r) => inForce(r, day) && matches(r, ff));
          const c = ruleInForce(rs, 'labour', ff, day);
          expect(c.found).toBe(qualifying.length > 0);
          if (c.rule) {
            expect(qualifying).toContain(c.rule);
            for (const r of qualifying) expect(specificity(r)).toBeLessThanOrEqual(specificity(c.rule));
            expect(c.explanation['zh-CN']).toContain(yuan(c.rule.amountFen)['zh-CN']);
            expect(c.explanation.en).toContain(yuan(c.rule.amountFen).en);
          }
          expect(ruleInForce([...rs].reverse(), 'labour', ff, day).rule).toBe(c.rule);
        },
      ),
    );
  });
});

describe('ruleInForce: effective dates', () => {
  // March's rule (last day 03-31), replaced from April by a new rule.
  const rules = [
    rule({ id: 'march', item: 'labour', amountFen: 5000, effectiveFrom: '2026-03-01', effectiveTo: '2026-03-31' }),
    rule({ id: 'april', item: 'labour', amountFen: 5500, effectiveFrom: '2026-04-01' }),
  ];

  it.each([
    ['the day before effectiveFrom', '2026-02-28', null],
    ['the first day', '2026-03-01', 'march'],
    ['the last day (effectiveTo, included)', '2026-03-31', 'march'],
    ['the day after effectiveTo: the next rule', '2026-04-01', 'april'],
    ['long after, with no end', '2030-12-31', 'april'],
  ] as const)('%s (%s)', (_, day, id) => {
    expect(ruleInForce(rules, 'labour', facts(), day).rule?.id ?? null).toBe(id);
  });

  it('the day after effectiveTo with no successor: no rule', () => {
    expect(ruleInForce(rules.slice(0, 1), 'labour', facts(), '2026-04-01').found).toBe(false);
  });

  it('a rule from a later day does not apply before it, however specific', () => {
    const r = [
      ...rules,
      rule({ id: 'soon', item: 'labour', amountFen: 9000, serviceType: 'on_site', effectiveFrom: '2026-03-20' }),
    ];
    expect(ruleInForce(r, 'labour', facts(), '2026-03-19').rule?.id).toBe('march');
    expect(ruleInForce(r, 'labour', facts(), '2026-03-20').rule?.id).toBe('soon');
  });
});

describe('zones: the near-zone rule of orders.nearZoneKm', () => {
  const rules = [
    rule({ id: 'near', item: 'travel', amountFen: 3000, zone: 'near' }),
    rule({ id: 'far', item: 'travel', amountFen: 6000, zone: 'far' }),
  ];

  it('30.0 km is near, 30.1 km is far', () => {
    expect(feeZone(facts({ distanceM: 30_000, zone: null }))).toBe('near');
    expect(feeZone(facts({ distanceM: 30_100, zone: null }))).toBe('far');
    expect(feeZone(facts({ distanceM: 30_001, zone: null }))).toBe('far');
    expect(ruleInForce(rules, 'travel', facts({ distanceM: 30_000 }), DAY).rule?.id).toBe('near');
    expect(ruleInForce(rules, 'travel', facts({ distanceM: 30_100 }), DAY).rule?.id).toBe('far');
  });

  it('follows the setting: 50 km near with orders.nearZoneKm = 50', () => {
    expect(feeZone(facts({ distanceM: 50_000, nearZoneKm: 50 }))).toBe('near');
    expect(feeZone(facts({ distanceM: 50_100, nearZoneKm: 50 }))).toBe('far');
  });

  it("the distance decides when known; else the order's stored zone; else no zone rule matches", () => {
    expect(feeZone(facts({ distanceM: 40_000, zone: 'near' }))).toBe('far');
    expect(ruleInForce(rules, 'travel', facts({ distanceM: null, zone: 'far' }), DAY).rule?.id).toBe('far');
    expect(ruleInForce(rules, 'travel', facts({ distanceM: null, zone: null }), DAY).found).toBe(false);
  });
});

describe('distance bands: lower bound included, upper bound excluded', () => {
  const rules = [
    rule({ id: 'b0', item: 'travel', amountFen: 2000, maxDistanceM: 30_000 }),
    rule({ id: 'b30', item: 'travel', amountFen: 4000, minDistanceM: 30_000, maxDistanceM: 50_000 }),
    rule({ id: 'b50', item: 'travel', amountFen: 7000, minDistanceM: 50_000 }),
  ];

  it.each([
    [0, 'b0'],
    [29_999, 'b0'],
    [30_000, 'b30'],
    [49_999, 'b30'],
    [50_000, 'b50'],
    [500_000, 'b50'],
  ] as const)('%i m → %s', (m, id) => {
    expect(ruleInForce(rules, 'travel', facts({ distanceM: m }), DAY).rule?.id).toBe(id);
  });

  it('an unknown distance matches no band', () => {
    expect(ruleInForce(rules, 'travel', facts({ distanceM: null }), DAY).found).toBe(false);
  });

  it('at the same number of criteria a band beats a zone (it is narrower)', () => {
    const r = [
      ...rules,
      rule({ id: 'near', item: 'travel', amountFen: 3000, zone: 'near', effectiveFrom: '2026-03-01' }),
    ];
    expect(ruleInForce(r, 'travel', facts({ distanceM: 20_000 }), DAY).rule?.id).toBe('b0');
  });

  it('says the band in kilometres', () => {
    const c = ruleInForce(rules, 'travel', facts({ distanceM: 30_000 }), DAY);
    expect(c.explanation['zh-CN']).toContain('30–50公里（不含50公里）');
    expect(c.explanation.en).toContain('30 km up to 50 km (excluded)');
    expect(km(30_100)).toBe('30.1');
    expect(km(250)).toBe('0.25');
    expect(km(30_000)).toBe('30');
  });
});

describe('customerQuote', () => {
  const rules = [
    rule({ id: 'labour', item: 'labour', amountFen: 8000, label: '洗衣机人工' }),
    rule({ id: 'labour-remote', item: 'labour', amountFen: 0, serviceType: 'remote', label: '远程无人工' }),
    rule({ id: 'near', item: 'travel', amountFen: 3000, zone: 'near', label: '近区上门' }),
    rule({ id: 'far', item: 'travel', amountFen: 6000, zone: 'far', label: '远区上门' }),
    rule({ id: 'remote', item: 'remote', amountFen: 1500, label: '远程' }),
    rule({ id: 'callout', item: 'callout', amountFen: 2500, label: '上门检测' }),
  ];
  const motor = { partId: 'p-motor', name: '电机', quantity: 1, salePriceFen: 23_550 };
  const belt = { partId: 'p-belt', name: '皮带', quantity: 2, salePriceFen: 1_225 };

  it('labour + travel + parts at sale price × quantity; the total is their sum', () => {
    const q = customerQuote(facts({ distanceM: 30_100 }), rules, [motor, belt], DAY);
    expect(q.lines.map((l) => [l.item, l.ruleId ?? l.partId, l.amountFen])).toEqual([
      ['labour', 'labour', 8000],
      ['travel', 'far', 6000],
      ['part', 'p-motor', 23_550],
      ['part', 'p-belt', 2_450],
    ]);
    expect(q.totalFen).toBe(8000 + 6000 + 23_550 + 2_450);
    expect(q).toMatchObject({ complete: true, missing: [], day: DAY });
    expect(q.lines[1]!.explanation['zh-CN']).toBe(
      '距离30.1公里，超出30公里（远区）；上门费按标准「远区上门」（远区，2026-01-01起）：60.00元',
    );
    expect(q.lines[1]!.explanation.en).toBe(
      '30.1 km away, beyond 30 km (far zone); Travel by rule "远区上门" (far zone, from 2026-01-01): ¥60.00',
    );
    expect(q.lines[3]!.explanation).toEqual({
      'zh-CN': '配件「皮带」2件 × 售价12.25元 = 24.50元',
      en: 'Part "皮带": 2 × sale price ¥12.25 = ¥24.50',
    });
    expect(q.explanation['zh-CN']).toBe(
      '报价合计400.00元（人工费80.00元 + 上门费60.00元 + 配件235.50元 + 配件24.50元），按2026-03-15有效的收费标准',
    );
    expect(q.explanation.en).toBe(
      'Quote: total ¥400.00 (Labour ¥80.00 + Travel ¥60.00 + Part ¥235.50 + Part ¥24.50), by the schedule in force on 2026-03-15',
    );
  });

  it('30.0 km: the near travel fee', () => {
    const q = customerQuote(facts({ distanceM: 30_000 }), rules, [], DAY);
    expect(q.lines.find((l) => l.item === 'travel')).toMatchObject({ ruleId: 'near', amountFen: 3000 });
    expect(q.totalFen).toBe(11_000);
  });

  it('a remote service: the remote fee, no travel', () => {
    const q = customerQuote(facts({ serviceType: 'remote' }), rules, [], DAY);
    expect(q.lines.map((l) => [l.item, l.ruleId, l.amountFen])).toEqual([
      ['labour', 'labour-remote', 0],
      ['remote', 'remote', 1500],
    ]);
    expect(q.totalFen).toBe(1500);
  });

  it('a carry-in: no travel', () => {
    const q = customerQuote(facts({ serviceType: 'carry_in' }), rules, [motor], DAY);
    expect(q.lines.map((l) => l.item)).toEqual(['labour', 'part']);
  });

  it('an item without a rule or a part that cannot be priced is missing, not 0; the quote is incomplete', () => {
    const q = customerQuote(
      facts({ distanceM: null, zone: null }),
      rules,
      [motor, { partId: 'p-x', name: '门封', quantity: 0, salePriceFen: 100 }],
      DAY,
    );
    expect(q.complete).toBe(false);
    expect(q.missing.map((m) => [m.item, m.partId])).toEqual([
      ['travel', null],
      ['part', 'p-x'],
    ]);
    expect(q.totalFen).toBe(8000 + 23_550);
    expect(q.explanation['zh-CN']).toContain('另有2项无法计价');
    expect(q.explanation.en).toContain('2 items could not be priced');
  });

  it('the total always equals the sum of the lines, in whole fen (property)', () => {
    const arbRule = fc.record({
      id: fc.stringMatching(/^[a-z0-9]{1,4}$/),
      item: fc.constantFrom('labour', 'travel', 'remote', 'callout', 'service_fee' as const),
      amountFen: fc.integer({ min: 0, max: 1_000_000 }),
      serviceType: fc.option(fc.constantFrom(...SERVICE_TYPES), { nil: null }),
      zone: fc.option(fc.constantFrom('near', 'far' as const), { nil: null }),
      minDistanceM: fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: null }),
      effectiveFrom: fc.constantFrom('2026-01-01', '2026-03-15', '2026-04-01'),
    });
    const arbPart = fc.record({
      partId: fc.string({ minLength: 1, maxLength: 4 }),
      name: fc.string({ maxLength: 4 }),
      quantity: fc.integer({ min: -1, max: 20 }),
      salePriceFen: fc.integer({ min: 0, max: 2_000_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(arbRule, { maxLength: 12 }),
        fc.array(arbPart, { maxLength: 6 }),
        fc.constantFrom(...SERVICE_TYPES),
        fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
        (rs, parts, serviceType, distanceM) => {
          const q = customerQuote(facts({ serviceType, distanceM }), rs.map(rule), parts, DAY);
          const sum = q.lines.reduce((s, l) => s + l.amountFen, 0);
          expect(q.totalFen).toBe(sum);
          expect(Number.isSafeInteger(q.totalFen)).toBe(true);
          for (const l of q.lines) {
            expect(l.amountFen).toBe(l.quantity * l.unitFen);
            // Every line says its amount, in both languages.
            expect(l.explanation['zh-CN']).toContain(yuan(l.amountFen)['zh-CN']);
            expect(l.explanation.en).toContain(yuan(l.amountFen).en);
          }
          expect(q.complete).toBe(q.missing.length === 0);
          expect(q.explanation['zh-CN']).toContain(yuan(sum)['zh-CN']);
          expect(q.explanation.en).toContain(yuan(sum).en);
        },
      ),
    );
  });
});

describe('refusedQuoteCharge', () => {
  it('the call-out rule in force', () => {
    const rules = [
      rule({ id: 'callout', item: 'callout', amountFen: 2500, label: '上门检测' }),
      rule({ id: 'callout-far', item: 'callout', amountFen: 4000, zone: 'far', label: '远区检测' }),
    ];
    const near = refusedQuoteCharge(facts({ distanceM: 5_000 }), rules, DAY);
    expect(near).toMatchObject({ totalFen: 2500, complete: true });
    expect(near.lines).toHaveLength(1);
    expect(near.explanation['zh-CN']).toBe(
      '客户拒绝报价，合计25.00元（上门检测费25.00元），按2026-03-15有效的收费标准',
    );
    expect(near.lines[0]!.explanation.en).toBe('Call-out by rule "上门检测" (any order, from 2026-01-01): ¥25.00');
    expect(refusedQuoteCharge(facts({ distanceM: 45_000 }), rules, DAY).totalFen).toBe(4000);
  });

  it('else nothing to pay', () => {
    const r = refusedQuoteCharge(facts(), [rule({ id: 'labour', item: 'labour', amountFen: 8000 })], DAY);
    expect(r).toMatchObject({ totalFen: 0, lines: [], missing: [], complete: true });
    expect(r.explanation).toEqual({
      'zh-CN': '客户拒绝报价，2026-03-15没有适用的上门检测费标准，不收费',
      en: 'Quote refused: no call-out rule applies on 2026-03-15, nothing to pay',
    });
  });
});

describe('outletServiceFee', () => {
  const rules = [
    rule({ id: 'svc', item: 'service_fee', amountFen: 4000, label: '维修服务费' }),
    rule({
      id: 'svc-line-far',
      item: 'service_fee',
      amountFen: 7000,
      productLineId: LINE,
      zone: 'far',
      label: '洗衣机远区',
    }),
    rule({ id: 'svc-install', item: 'service_fee', amountFen: 2500, serviceType: 'installation', label: '安装费' }),
    // A customer rule never pays an outlet.
    rule({ id: 'labour', item: 'labour', amountFen: 99_999 }),
  ];

  it('by service type, product line and zone, without own-stock parts', () => {
    expect(outletServiceFee(facts({ distanceM: 12_000 }), rules, [], DAY)).toMatchObject({
      totalFen: 4000,
      complete: true,
      lines: [{ item: 'service_fee', ruleId: 'svc', amountFen: 4000 }],
    });
    const far = outletServiceFee(facts({ distanceM: 30_100 }), rules, [], DAY);
    expect(far.totalFen).toBe(7000);
    expect(far.lines[0]!.explanation['zh-CN']).toBe(
      '距离30.1公里，超出30公里（远区）；服务费按标准「洗衣机远区」（本产品线、远区，2026-01-01起）：70.00元',
    );
    expect(outletServiceFee(facts({ serviceType: 'installation' }), rules, [], DAY).totalFen).toBe(2500);
  });

  it('plus parts from its own stock at cost × quantity', () => {
    const f = outletServiceFee(
      facts(),
      rules,
      [
        { partId: 'p-motor', name: '电机', quantity: 1, costFen: 15_000 },
        { partId: 'p-belt', name: '皮带', quantity: 3, costFen: 333 },
      ],
      DAY,
    );
    expect(f.lines.map((l) => [l.item, l.amountFen])).toEqual([
      ['service_fee', 4000],
      ['part', 15_000],
      ['part', 999],
    ]);
    expect(f.totalFen).toBe(19_999);
    expect(f.lines[2]!.explanation).toEqual({
      'zh-CN': '配件「皮带」3件 × 网点自有库存，按成本价3.33元 = 9.99元',
      en: `Part "皮带": 3 × from the outlet's own stock at cost ¥3.33 = ¥9.99`,
    });
    expect(f.explanation['zh-CN']).toContain('199.99元');
    expect(f.explanation.en).toContain('¥199.99');
  });

  it('no service-fee rule: missing, and the parts still reimbursed', () => {
    const f = outletServiceFee(
      facts(),
      rules.slice(3),
      [{ partId: 'p', name: '电机', quantity: 1, costFen: 100 }],
      DAY,
    );
    expect(f).toMatchObject({ complete: false, totalFen: 100 });
    expect(f.missing[0]!.explanation['zh-CN']).toBe('2026-03-15没有适用于本单的服务费标准');
  });
});

describe('money: fen, rounding, the day', () => {
  it('yuan formats whole fen without floats', () => {
    expect(yuan(0)).toEqual({ 'zh-CN': '0.00元', en: '¥0.00' });
    expect(yuan(5)).toEqual({ 'zh-CN': '0.05元', en: '¥0.05' });
    expect(yuan(123_456)).toEqual({ 'zh-CN': '1234.56元', en: '¥1234.56' });
    expect(yuan(-250).en).toBe('-¥2.50');
  });

  it.each([
    [10_000, 5, 1000, 50], // 0.5% of ¥100.00
    [1, 1, 2, 1], // half a fen goes up
    [3, 1, 2, 2], // 1.5 → 2
    [5, 1, 2, 3], // 2.5 → 3 (half up, not to even)
    [1, 1, 3, 0], // 0.33 → 0
    [2, 1, 3, 1], // 0.67 → 1
    [12_345, 0, 7, 0],
  ] as const)('proportionFen(%i, %i, %i) = %i (half up)', (a, n, d, r) => {
    expect(proportionFen(a, n, d)).toBe(r);
  });

  it('proportionFen is within half a fen of the exact amount, halves up (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (a, n, d) => {
          const r = BigInt(proportionFen(a, n, d));
          const exact2 = 2n * BigInt(a) * BigInt(n); // twice the exact amount, times d
          const D = BigInt(d);
          // −d < 2·r·d − 2·a·n ≤ d: |r − a·n/d| ≤ ½, with exactly ½ only upwards.
          expect(2n * r * D - exact2 > -D).toBe(true);
          expect(2n * r * D - exact2 <= D).toBe(true);
        },
      ),
    );
  });

  it('refuses negative or non-integer inputs rather than guess', () => {
    expect(() => proportionFen(-1, 1, 2)).toThrow(RangeError);
    expect(() => proportionFen(1.5, 1, 2)).toThrow(RangeError);
    expect(() => proportionFen(1, 1, 0)).toThrow(RangeError);
  });

  it('the fee day is the completion day in the company time zone', () => {
    expect(feeDay(new Date('2026-01-31T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-02-01');
    expect(feeDay(new Date('2026-01-31T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-01-31');
  });
});

describe('FeeRule (the stored shape)', () => {
  const base = {
    id: 'r',
    schedule: 'customer',
    item: 'labour',
    amountFen: 100,
    effectiveFrom: '2026-01-01',
    label: 'x',
  };

  it('fills the criteria with null (any) and the end with null (until further notice)', () => {
    expect(FeeRule.parse(base)).toMatchObject({
      serviceType: null,
      productLineId: null,
      modelClass: null,
      repairKind: null,
      zone: null,
      minDistanceM: null,
      maxDistanceM: null,
      effectiveTo: null,
    });
  });

  it.each([
    ['an item of the other schedule', { schedule: 'outlet' }, 'item'],
    ['a last day before the first', { effectiveTo: '2025-12-31' }, 'effectiveTo'],
    ['an empty band', { minDistanceM: 30_000, maxDistanceM: 30_000 }, 'maxDistanceM'],
    ['fractional fen', { amountFen: 10.5 }, 'amountFen'],
    ['fractional metres', { minDistanceM: 30_000.5 }, 'minDistanceM'],
    ['an unknown service type', { serviceType: 'delivery' }, 'serviceType'],
  ])('refuses %s', (_, patch, path) => {
    const r = FeeRule.safeParse({ ...base, ...patch });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('a one-day rule is fine (effectiveTo = effectiveFrom)', () => {
    expect(FeeRule.safeParse({ ...base, effectiveTo: '2026-01-01' }).success).toBe(true);
  });
});
