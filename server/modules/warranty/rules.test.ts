import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DayCounting, RemedyRules } from './contract.js';
import { DAY_COUNTINGS } from '../../../shared/day-counting.js';
import {
  addDays,
  daysBetween,
  endOfLocalDay,
  lastCoveredDay,
  monthsElapsed,
  monthsStarted,
  type PeriodLength,
  withinPeriod,
} from './dates.js';
import { DEFAULT_POLICIES } from './defaults.js';
import {
  type ContractFacts,
  type EntitlementInput,
  entitlement,
  latestApplicableEnd,
  type PartFacts,
  type PolicyVersion,
  type RepairFacts,
  selectPolicy,
  type UnitFacts,
} from './entitlement.js';
import {
  allowedCaseActions,
  executionKind,
  refundAmount,
  remedies,
  validateApprove,
  validateCaseAction,
  type VisitFacts,
} from './rules.js';

const policies: PolicyVersion[] = DEFAULT_POLICIES.map((p, i) => ({
  ...p,
  id: `p${i}`,
  version: 1,
  effectiveFrom: '2000-01-01',
  active: true,
}));

const washer = (over: Partial<UnitFacts> = {}): UnitFacts => ({
  id: 'u1',
  usage: 'household',
  category: 'washer',
  lineCode: 'WM-AUTO',
  modelCode: 'XQG80',
  purchaseDate: '2024-03-01',
  invoiceDate: null,
  installedOn: null,
  acceptedOn: null,
  ...over,
});

const motor: PartFacts = { id: 'motor', code: 'WA-MOTOR', name: '电机', nameEn: 'motor', isMain: true };
const valve: PartFacts = { id: 'valve', code: 'WA-INLET-VALVE', name: '进水阀', nameEn: 'inlet valve', isMain: false };

const input = (over: Partial<EntitlementInput> = {}): EntitlementInput => ({
  unit: washer(),
  policies,
  contracts: [],
  history: [],
  parts: [],
  exclusion: null,
  at: '2024-06-01',
  counting: 'civil_code',
  ...over,
});

describe('period arithmetic: one last covered day per convention (docs/warranty.md, Dates)', () => {
  // [start, length, last covered day under the Civil Code, … counting the start day]
  const cases: [start: string, length: PeriodLength, civil: string, startCounted: string][] = [
    ['2026-03-01', { days: 7 }, '2026-03-08', '2026-03-07'],
    ['2026-03-01', { days: 15 }, '2026-03-16', '2026-03-15'],
    ['2024-02-28', { days: 1 }, '2024-02-29', '2024-02-28'],
    ['2026-12-25', { days: 15 }, '2027-01-09', '2027-01-08'],
    ['2026-07-01', { months: 3 }, '2026-10-01', '2026-09-30'],
    ['2024-03-01', { months: 12 }, '2025-03-01', '2025-02-28'],
    ['2024-02-29', { months: 12 }, '2025-02-28', '2025-02-28'],
    ['2024-02-29', { months: 36 }, '2027-02-28', '2027-02-28'],
    ['2024-02-29', { months: 48 }, '2028-02-29', '2028-02-28'],
    ['2023-03-01', { months: 12 }, '2024-03-01', '2024-02-29'],
    ['2026-01-31', { months: 3 }, '2026-04-30', '2026-04-30'],
    ['2026-01-31', { months: 1 }, '2026-02-28', '2026-02-28'],
    ['2026-01-30', { months: 1 }, '2026-02-28', '2026-02-28'],
    ['2026-01-28', { months: 1 }, '2026-02-28', '2026-02-27'],
    ['2026-01-10', { months: 3 }, '2026-04-10', '2026-04-09'],
    ['2025-12-15', { months: 1 }, '2026-01-15', '2026-01-14'],
    ['2024-01-01', { months: 240 }, '2044-01-01', '2043-12-31'],
  ];
  it.each(cases)('%s + %o: Civil Code %s, start day counted %s', (start, length, civil, startCounted) => {
    expect(lastCoveredDay(start, length, 'civil_code')).toBe(civil);
    expect(lastCoveredDay(start, length, 'start_day_counted')).toBe(startCounted);
  });
  it('a zero period has no last day', () => {
    for (const c of DAY_COUNTINGS) {
      expect(lastCoveredDay('2024-01-01', { months: 0 }, c)).toBeNull();
      expect(lastCoveredDay('2024-01-01', { days: 0 }, c)).toBeNull();
      expect(withinPeriod('2024-01-01', { days: 0 }, c, '2024-01-01')).toBe(false);
    }
  });
  it('months begun', () => {
    expect(monthsStarted('2026-01-10', '2026-01-10', 'civil_code')).toBe(1);
    expect(monthsStarted('2026-01-10', '2026-02-10', 'civil_code')).toBe(1);
    expect(monthsStarted('2026-01-10', '2026-02-11', 'civil_code')).toBe(2);
    expect(monthsStarted('2026-01-10', '2026-02-09', 'start_day_counted')).toBe(1);
    expect(monthsStarted('2026-01-10', '2026-02-10', 'start_day_counted')).toBe(2);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
  it.each([
    ['civil_code', '2026-03-01', '2026-03-06', 0], // bought 5 days ago: 不足1个月
    ['civil_code', '2026-03-01', '2026-04-01', 0], // the first month runs through 04-01 (art. 201)
    ['civil_code', '2026-03-01', '2026-04-02', 1],
    ['civil_code', '2026-01-31', '2026-03-01', 1], // a month from 01-31 ends 02-28
    ['civil_code', '2026-03-01', '2026-02-20', 0], // before the purchase
    ['start_day_counted', '2026-03-01', '2026-03-31', 0],
    ['start_day_counted', '2026-03-01', '2026-04-01', 1],
  ] as const)('months of use ended, %s: %s → %s is %i', (counting, start, at, n) => {
    expect(monthsElapsed(start, at, counting)).toBe(n);
  });
  it('the last day ends at 24:00 in the company zone (art. 203)', () => {
    expect(endOfLocalDay('2026-03-08', 'Asia/Shanghai').toISOString()).toBe('2026-03-08T15:59:59.999Z');
  });

  const day = fc
    .date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  it('days: the Civil Code’s last day is always one day after the start-day-counted one', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 3650 }), (start, n) => {
        const civil = lastCoveredDay(start, { days: n }, 'civil_code')!;
        const counted = lastCoveredDay(start, { days: n }, 'start_day_counted')!;
        expect(daysBetween(counted, civil)).toBe(1);
        expect(daysBetween(start, civil)).toBe(n);
      }),
      { numRuns: 500 },
    );
  });
  it('months: the corresponding day, else the month’s last day; counting the start day ends one day earlier unless clamped', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 600 }), (start, n) => {
        const civil = lastCoveredDay(start, { months: n }, 'civil_code')!;
        const counted = lastCoveredDay(start, { months: n }, 'start_day_counted')!;
        const startDay = Number(start.slice(8));
        const [y, m] = civil.split('-').map(Number) as [number, number];
        expect((y - Number(start.slice(0, 4))) * 12 + m - Number(start.slice(5, 7))).toBe(n);
        const lastOfMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
        const clamped = startDay > lastOfMonth;
        expect(Number(civil.slice(8))).toBe(clamped ? lastOfMonth : startDay);
        expect(daysBetween(counted, civil)).toBe(clamped ? 0 : 1);
      }),
      { numRuns: 500 },
    );
  });
  it('a period holds its start day and its last day, and not the day after', () => {
    const length = fc.oneof(
      fc.integer({ min: 1, max: 400 }).map((days): PeriodLength => ({ days })),
      fc.integer({ min: 1, max: 240 }).map((months): PeriodLength => ({ months })),
    );
    fc.assert(
      fc.property(day, length, fc.constantFrom(...DAY_COUNTINGS), (start, len, c) => {
        const last = lastCoveredDay(start, len, c)!;
        expect(withinPeriod(start, len, c, start)).toBe(true);
        expect(withinPeriod(start, len, c, last)).toBe(true);
        expect(withinPeriod(start, len, c, addDays(last, 1))).toBe(false);
        expect(withinPeriod(start, len, c, addDays(start, -1))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('policy selection', () => {
  it('picks the most specific policy: washer over the household default', () => {
    expect(selectPolicy(policies, washer(), '2024-06-01')?.code).toBe('washer-household');
    expect(selectPolicy(policies, washer({ usage: 'commercial' }), '2024-06-01')?.code).toBe('washer-commercial');
    expect(selectPolicy(policies, washer({ category: 'electronics', lineCode: 'TV' }), '2024-06-01')?.code).toBe(
      'household',
    );
  });
  it('a product-line policy beats the category (marine engines vs boats)', () => {
    expect(selectPolicy(policies, washer({ category: 'boat', lineCode: 'BOAT-ENGINE' }), '2024-06-01')?.code).toBe(
      'boat-engine',
    );
    expect(selectPolicy(policies, washer({ category: 'boat', lineCode: 'BOAT-HULL' }), '2024-06-01')?.code).toBe(
      'boat',
    );
  });
  it('a later version applies from its effective date only', () => {
    const v2: PolicyVersion = { ...policies[2]!, id: 'v2', version: 2, effectiveFrom: '2025-01-01', unitMonths: 24 };
    expect(selectPolicy([...policies, v2], washer(), '2024-12-31')?.version).toBe(1);
    expect(selectPolicy([...policies, v2], washer(), '2025-01-01')?.version).toBe(2);
  });
});

describe('entitlement: washing machines', () => {
  const cases: [
    what: string,
    over: Partial<EntitlementInput>,
    unitCovered: boolean,
    rule: string,
    until: string | null,
  ][] = [
    ['household, last day of year 1', { at: '2025-03-01' }, true, 'unit_term', '2025-03-01'],
    ['household, day after year 1', { at: '2025-03-02' }, false, 'expired', null],
    [
      'commercial bought 07-01, 3 months: covered on 10-01',
      { unit: washer({ usage: 'commercial', purchaseDate: '2026-07-01' }), at: '2026-10-01' },
      true,
      'unit_term',
      '2026-10-01',
    ],
    [
      'commercial bought 07-01, 3 months: not on 10-02',
      { unit: washer({ usage: 'commercial', purchaseDate: '2026-07-01' }), at: '2026-10-02' },
      false,
      'expired',
      null,
    ],
    [
      'counting the start day: household, last day of year 1',
      { at: '2025-02-28', counting: 'start_day_counted' },
      true,
      'unit_term',
      '2025-02-28',
    ],
    [
      'counting the start day: household, day after year 1',
      { at: '2025-03-01', counting: 'start_day_counted' },
      false,
      'expired',
      null,
    ],
    [
      '29 February purchase, 1 year',
      { unit: washer({ purchaseDate: '2024-02-29' }), at: '2025-02-28' },
      true,
      'unit_term',
      '2025-02-28',
    ],
    [
      '29 February purchase, next day',
      { unit: washer({ purchaseDate: '2024-02-29' }), at: '2025-03-01' },
      false,
      'expired',
      null,
    ],
    ['no purchase date', { unit: washer({ purchaseDate: null }) }, false, 'no_start_date', null],
    ['power surge excluded', { exclusion: 'power_surge' }, false, 'excluded', null],
    ['no policy', { policies: [] }, false, 'no_policy', null],
  ];
  it.each(cases)('%s', (_w, over, covered, rule, until) => {
    const e = entitlement(input(over));
    expect(e.unit.covered).toBe(covered);
    expect(e.unit.rule).toBe(rule);
    expect(e.unit.until).toBe(until);
    expect(e.unit.reasons.length).toBeGreaterThan(0);
    expect(e.unit.labour).toBe(covered ? 'company' : 'customer');
    expect(e.dayCounting).toBe(over.counting ?? 'civil_code');
    // The last covered day is in the explanation, in both languages.
    if (until)
      for (const lang of ['zh-CN', 'en'] as const) expect(e.unit.reasons.map((r) => r[lang]).join()).toContain(until);
  });

  it('main part (motor) 3 years, from 29 February, with the reason text', () => {
    const unit = washer({ purchaseDate: '2024-02-29' });
    const inside = entitlement(input({ unit, parts: [motor], at: '2027-02-28' })).parts[0]!;
    expect(inside).toMatchObject({ covered: true, rule: 'main_part_term', until: '2027-02-28', parts: 'company' });
    expect(inside.reasons.map((r) => r['zh-CN'])).toContain(
      '主要部件（电机）保修3年，自购买日期2024-02-29次日起算，至2027-02-28（含当日）；本次在保',
    );
    expect(inside.reasons.map((r) => r.en)).toContain(
      'Main part (motor) warranted 3 years from the day after purchase on 2024-02-29, last covered day 2027-02-28: covered',
    );
    expect(entitlement(input({ unit, parts: [motor], at: '2027-03-01' })).parts[0]).toMatchObject({
      covered: false,
      rule: 'expired',
    });
  });

  it('motor from 2024-03-01: through 2027-03-01, or 2027-02-28 counting the purchase day', () => {
    const p = entitlement(input({ parts: [motor], at: '2026-05-01' })).parts[0]!;
    expect(p.reasons.map((r) => r['zh-CN'])).toContain(
      '主要部件（电机）保修3年，自购买日期2024-03-01次日起算，至2027-03-01（含当日）；本次在保',
    );
    const q = entitlement(input({ parts: [motor], at: '2026-05-01', counting: 'start_day_counted' })).parts[0]!;
    expect(q.reasons.map((r) => r['zh-CN'])).toContain(
      '主要部件（电机）保修3年，自购买日期2024-03-01当日起算，至2027-02-28（含当日）；本次在保',
    );
    expect(q.reasons.map((r) => r.en)).toContain(
      'Main part (motor) warranted 3 years from purchase on 2024-03-01 (that day counted), last covered day 2027-02-28: covered',
    );
  });

  it('a non-main part follows the whole unit', () => {
    expect(entitlement(input({ parts: [valve], at: '2025-03-02' })).parts[0]).toMatchObject({ covered: false });
  });

  const replaced = (on: string): RepairFacts[] => [
    { orderId: 'o1', completedOn: on, faultCode: 'E1', partsReplaced: [{ partId: 'valve', on }] },
  ];
  it.each([
    ['replaced 01-10, 3 months: covered on 04-10', 'civil_code', '2026-04-10', true, '2026-04-10'],
    ['replaced 01-10, 3 months: not on 04-11', 'civil_code', '2026-04-11', false, null],
    ['counting the start day: covered on 04-09', 'start_day_counted', '2026-04-09', true, '2026-04-09'],
    ['counting the start day: not on 04-10', 'start_day_counted', '2026-04-10', false, null],
  ] as const)('replaced part, %s', (_w, counting, at, covered, until) => {
    const unit = washer({ purchaseDate: '2024-01-01' });
    const p = entitlement(input({ unit, parts: [valve], history: replaced('2026-01-10'), at, counting })).parts[0]!;
    expect(p.covered).toBe(covered);
    if (until) {
      expect(p).toMatchObject({ rule: 'replaced_part_term', until });
      expect(p.reasons.map((r) => r['zh-CN']).join()).toContain(`至${until}（含当日）`);
      expect(p.reasons.map((r) => r.en).join()).toContain(`last covered day ${until}`);
    }
  });
  it('commercial replaced part: 1 month', () => {
    const unit = washer({ purchaseDate: '2024-01-01', usage: 'commercial' });
    expect(
      entitlement(input({ unit, parts: [valve], history: replaced('2026-01-10'), at: '2026-02-10' })).parts[0]!.covered,
    ).toBe(true);
    expect(
      entitlement(input({ unit, parts: [valve], history: replaced('2026-01-10'), at: '2026-02-11' })).parts[0]!.covered,
    ).toBe(false);
  });

  it('labour may end before parts', () => {
    const p = policies.map((x) => (x.code === 'washer-household' ? { ...x, unitLabourMonths: 6 } : x));
    const e = entitlement(input({ policies: p, at: '2024-10-01' }));
    expect(e.unit).toMatchObject({ covered: true, parts: 'company', labour: 'customer' });
    // Six months of labour from the day after 2024-03-01.
    expect(e.unit.reasons.map((r) => r['zh-CN'])).toContain('人工费保修至2024-09-01（含当日），已过');
    expect(entitlement(input({ policies: p, at: '2024-09-01' })).unit.labour).toBe('company');
  });

  it('an extended warranty takes over after the warranty', () => {
    const c: ContractFacts = {
      id: 'c1',
      kind: 'extended_warranty',
      coversParts: true,
      coversLabour: true,
      materialsAtCost: false,
      startsOn: '2025-03-01',
      endsOn: '2027-02-28',
      status: 'active',
    };
    expect(entitlement(input({ contracts: [c], at: '2026-01-01' })).unit).toMatchObject({
      covered: true,
      rule: 'contract',
      labour: 'contract',
      parts: 'contract',
      contractId: 'c1',
    });
    expect(entitlement(input({ contracts: [{ ...c, status: 'cancelled' }], at: '2026-01-01' })).unit.covered).toBe(
      false,
    );
  });

  it('lifetime paid maintenance: paid, materials at cost', () => {
    const c: ContractFacts = {
      id: 'c2',
      kind: 'lifetime_paid',
      coversParts: false,
      coversLabour: false,
      materialsAtCost: true,
      startsOn: '2025-03-01',
      endsOn: null,
      status: 'active',
    };
    expect(entitlement(input({ contracts: [c], at: '2030-01-01' })).unit).toMatchObject({
      covered: false,
      rule: 'lifetime_paid',
      materialsAtCost: true,
    });
  });

  it('a non-transferable policy ends with a change of owner', () => {
    const p = policies.map((x) => ({ ...x, transferable: false }));
    expect(entitlement(input({ policies: p, unit: washer({ transferred: true }) })).unit.rule).toBe('not_transferable');
  });

  it('an exchanged unit (purchase date = exchange date) starts a fresh warranty', () => {
    const fresh = washer({ id: 'u2', purchaseDate: '2025-02-20' });
    expect(entitlement(input({ unit: fresh, at: '2026-02-20' })).unit).toMatchObject({
      covered: true,
      until: '2026-02-20',
    });
  });
});

describe('entitlement: other lines', () => {
  const lamp = washer({
    category: 'lighting',
    lineCode: 'LAMP',
    usage: 'commercial',
    purchaseDate: '2020-01-01',
    installedOn: '2020-03-01',
  });
  const pole: PartFacts = { id: 'pole', code: 'SL-POLE-10', name: '灯杆 10 m', nameEn: 'Pole 10 m', isMain: true };
  const fixture: PartFacts = { id: 'fix', code: 'SL-FIXTURE', name: '灯具壳体', nameEn: 'Fixture', isMain: true };
  const source: PartFacts = { id: 'src', code: 'SL-LIGHT-LED60', name: '光源', nameEn: 'Light source', isMain: true };
  it('lighting counts from installation: source 3 y, fixture 5 y, pole 20 y', () => {
    const e = entitlement(input({ unit: lamp, parts: [source, fixture, pole], at: '2024-06-01' }));
    expect(e.startBasis).toBe('installation');
    expect(e.parts.map((p) => [p.partCode, p.covered, p.until])).toEqual([
      ['SL-LIGHT-LED60', false, null],
      ['SL-FIXTURE', true, '2025-03-01'],
      ['SL-POLE-10', true, '2040-03-01'],
    ]);
  });
  it('equipment: 12 months from final acceptance; falls back to purchase when not accepted', () => {
    const eq = washer({ category: 'equipment', lineCode: 'EQ', purchaseDate: '2024-01-01', acceptedOn: '2024-06-15' });
    expect(entitlement(input({ unit: eq, at: '2025-06-15' })).unit.covered).toBe(true);
    expect(entitlement(input({ unit: eq, at: '2025-06-16' })).unit.covered).toBe(false);
    const notYet = entitlement(input({ unit: { ...eq, acceptedOn: null }, at: '2024-06-01' }));
    expect(notYet.startBasis).toBe('purchase');
    expect(notYet.unit.reasons[0]!.en).toContain('No final acceptance date');
  });
  it('marine engine: 2 years per the maker', () => {
    const engine = washer({ category: 'boat', lineCode: 'BOAT-ENGINE', purchaseDate: '2024-05-01' });
    expect(entitlement(input({ unit: engine, at: '2026-05-01' })).unit.covered).toBe(true);
    expect(entitlement(input({ unit: engine, at: '2026-05-02' })).unit.covered).toBe(false);
  });
});

describe('entitlement properties', () => {
  const day = fc
    .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const contract = fc.record({
    id: fc.constantFrom('c1', 'c2', 'c3'),
    kind: fc.constantFrom('extended_warranty', 'maintenance', 'lifetime_paid') as fc.Arbitrary<ContractFacts['kind']>,
    coversParts: fc.boolean(),
    coversLabour: fc.boolean(),
    materialsAtCost: fc.boolean(),
    startsOn: day,
    endsOn: fc.option(day, { nil: null }),
    status: fc.constantFrom('active', 'cancelled') as fc.Arbitrary<ContractFacts['status']>,
  });
  const world = fc.record({
    purchase: day,
    at: day,
    usage: fc.constantFrom('household', 'commercial') as fc.Arbitrary<'household' | 'commercial'>,
    replacedOn: fc.option(day, { nil: null }),
    contracts: fc.array(contract, { maxLength: 3 }),
    counting: fc.constantFrom(...DAY_COUNTINGS),
  });
  const toInput = (w: {
    purchase: string;
    at: string;
    usage: 'household' | 'commercial';
    replacedOn: string | null;
    contracts: ContractFacts[];
    counting: DayCounting;
  }) =>
    input({
      unit: washer({ purchaseDate: w.purchase, usage: w.usage }),
      parts: [motor, valve],
      history: w.replacedOn
        ? [
            {
              orderId: 'o',
              completedOn: w.replacedOn,
              faultCode: null,
              partsReplaced: [{ partId: 'valve', on: w.replacedOn }],
            },
          ]
        : [],
      contracts: w.contracts,
      at: w.at,
      counting: w.counting,
    });

  it('coverage never extends beyond the latest applicable end date', () => {
    fc.assert(
      fc.property(world, (w) => {
        const i = toInput(w);
        const e = entitlement(i);
        for (const c of [e.unit, ...e.parts]) {
          if (!c.covered) continue;
          const latest = latestApplicableEnd(i, c.partId);
          expect(latest).not.toBeNull();
          expect(i.at <= latest!).toBe(true);
          if (c.until !== null) expect(c.until <= latest!).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a term covers through its last covered day, which every reason of a covering term states', () => {
    fc.assert(
      fc.property(world, (w) => {
        const e = entitlement(toInput(w));
        for (const c of [e.unit, ...e.parts]) {
          if (!c.covered || c.rule === 'contract' || c.until === null) continue;
          expect(w.at <= c.until).toBe(true);
          expect(c.reasons.some((r) => r['zh-CN'].includes(`至${c.until}（含当日）`))).toBe(true);
          expect(c.reasons.some((r) => r.en.includes(`last covered day ${c.until}`))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the Civil Code never covers less than counting the start day', () => {
    fc.assert(
      fc.property(world, (w) => {
        const counted = entitlement(toInput({ ...w, counting: 'start_day_counted' }));
        const civil = entitlement(toInput({ ...w, counting: 'civil_code' }));
        [counted.unit, ...counted.parts].forEach((b, n) => {
          if (b.covered) expect([civil.unit, ...civil.parts][n]!.covered).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('adding a contract never reduces coverage', () => {
    fc.assert(
      fc.property(world, contract, (w, extra) => {
        const before = entitlement(toInput(w));
        const after = entitlement(toInput({ ...w, contracts: [...w.contracts, extra] }));
        const rank = { company: 2, contract: 1, customer: 0 } as const;
        [before.unit, ...before.parts].forEach((b, n) => {
          const a = [after.unit, ...after.parts][n]!;
          if (b.covered) expect(a.covered).toBe(true);
          expect(rank[a.parts] > 0 || rank[b.parts] === 0).toBe(true);
          expect(rank[a.labour] > 0 || rank[b.labour] === 0).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('三包 remedies', () => {
  const rules = RemedyRules.parse({});
  const base = {
    purchaseDate: '2026-03-01',
    isExchangeUnit: false,
    rules,
    warrantyEnd: '2027-03-01',
    repairs: [] as RepairFacts[],
    visits: [] as VisitFacts[],
    at: '2026-03-01',
    asOf: new Date('2026-03-01T12:00:00+08:00'),
    counting: 'civil_code' as DayCounting,
    timeZone: 'Asia/Shanghai',
  };
  const item = (r: ReturnType<typeof remedies>, rule: string) => r.items.find((i) => i.rule === rule)!;

  it.each([
    ['civil_code', 'the purchase day: refund or exchange', '2026-03-01', ['refund', 'exchange']],
    ['civil_code', '03-08: refund or exchange', '2026-03-08', ['refund', 'exchange']],
    ['civil_code', '03-09: exchange only', '2026-03-09', ['exchange']],
    ['civil_code', '03-16: exchange only', '2026-03-16', ['exchange']],
    ['civil_code', '03-17: repair only', '2026-03-17', []],
    ['start_day_counted', '03-07: refund or exchange', '2026-03-07', ['refund', 'exchange']],
    ['start_day_counted', '03-08: exchange only', '2026-03-08', ['exchange']],
    ['start_day_counted', '03-15: exchange', '2026-03-15', ['exchange']],
    ['start_day_counted', '03-16: nothing', '2026-03-16', []],
  ] as const)('bought 03-01, %s, %s', (counting, _w, at, eligible) => {
    expect(remedies({ ...base, at, counting }).eligible).toEqual(eligible);
  });

  it('the 7- and 15-day reasons state the last day, both languages', () => {
    const r = remedies({ ...base, at: '2026-03-09' });
    expect(item(r, 'within_refund_days')).toMatchObject({ eligible: false, until: '2026-03-08' });
    expect(item(r, 'within_exchange_days')).toMatchObject({ eligible: true, until: '2026-03-16' });
    expect(item(r, 'within_refund_days').reasons[0]).toEqual({
      'zh-CN':
        '7日内出现性能故障可选择退货或换货：自购买日期2026-03-01次日起算，至2026-03-08（含当日）；今天2026-03-09，不符合',
      en: 'A performance fault within 7 days allows a refund or an exchange: from the day after purchase on 2026-03-01, last covered day 2026-03-08; today is 2026-03-09: not eligible',
    });
    expect(item(r, 'within_exchange_days').reasons[0]!['zh-CN']).toContain('至2026-03-16（含当日）');
    expect(item(r, 'repeated_fault').reasons[0]!['zh-CN']).toContain('至2027-03-01（含当日）');
    expect(item(r, 'repeated_fault').reasons[0]!.en).toContain('last covered day 2027-03-01');
  });

  const repair = (orderId: string, completedOn: string, faultCode: string | null): RepairFacts => ({
    orderId,
    completedOn,
    faultCode,
    partsReplaced: [],
  });
  const at = '2026-09-01';
  it('the 3rd repair of the same fault: exchange, since its completion', () => {
    const r = remedies({
      ...base,
      at,
      repairs: [repair('a', '2026-05-01', 'E21'), repair('b', '2026-06-01', 'E21'), repair('c', '2026-07-01', 'E21')],
    });
    expect(r.eligible).toEqual(['exchange']);
    expect(item(r, 'repeated_fault')).toMatchObject({
      eligible: true,
      since: '2026-07-01',
      faultCode: 'E21',
      orderIds: ['a', 'b', 'c'],
    });
  });
  it('the 3rd repair of a different fault: no exchange', () => {
    const r = remedies({
      ...base,
      at,
      repairs: [repair('a', '2026-05-01', 'E21'), repair('b', '2026-06-01', 'E21'), repair('c', '2026-07-01', 'E30')],
    });
    expect(r.eligible).toEqual([]);
    expect(item(r, 'repeated_fault').eligible).toBe(false);
  });
  it('repairs after the warranty do not count', () => {
    const r = remedies({
      ...base,
      at: '2027-06-01',
      repairs: [repair('a', '2026-05-01', 'E21'), repair('b', '2026-06-01', 'E21'), repair('c', '2027-03-02', 'E21')],
    });
    expect(item(r, 'repeated_fault').eligible).toBe(false);
  });
  it('furniture: 2 repairs → exchange; after an exchange 2 more → refund', () => {
    const furniture = RemedyRules.parse({ sameFaultRepairs: 2, refundAfterExchangeRepairs: 2 });
    const two = [repair('a', '2026-05-01', 'F1'), repair('b', '2026-06-01', 'F1')];
    expect(remedies({ ...base, at, rules: furniture, repairs: two }).eligible).toEqual(['exchange']);
    expect(remedies({ ...base, at, rules: furniture, repairs: two, isExchangeUnit: true }).eligible).toEqual([
      'refund',
      'exchange',
    ]);
  });

  // Reported 04-01 10:00 in Shanghai: 15 days run through 04-16 (Civil Code) and end at 24:00.
  const reported = new Date('2026-04-01T10:00:00+08:00');
  const hours = (h: number) => new Date(reported.getTime() + h * 3_600_000);
  const local = (t: string) => new Date(`${t}+08:00`);
  it.each([
    ['arrived on 04-16 23:59', 'civil_code', { arrivedAt: local('2026-04-16T23:59:00'), customerPauses: [] }, false],
    ['arrived on 04-17 00:00', 'civil_code', { arrivedAt: local('2026-04-17T00:00:00'), customerPauses: [] }, true],
    ['not come after 15 days', 'civil_code', { arrivedAt: null, customerPauses: [] }, true],
    [
      'not come after 15 days, 3 of them waiting for the customer',
      'civil_code',
      { arrivedAt: null, customerPauses: [{ from: hours(24), to: hours(24 * 4) }] },
      false,
    ],
    [
      'came after 16 days, 2 of them waiting for the customer',
      'civil_code',
      { arrivedAt: hours(16 * 24), customerPauses: [{ from: hours(24), to: hours(24 * 3) }] },
      false,
    ],
    [
      'counting the report day: arrived on 04-15 23:59',
      'start_day_counted',
      { arrivedAt: local('2026-04-15T23:59:00'), customerPauses: [] },
      false,
    ],
    [
      'counting the report day: arrived on 04-16 00:00',
      'start_day_counted',
      { arrivedAt: local('2026-04-16T00:00:00'), customerPauses: [] },
      true,
    ],
  ] as const)('no-show: %s', (_w, counting, visit, eligible) => {
    const r = remedies({
      ...base,
      counting,
      at: '2026-04-17',
      asOf: hours(16 * 24),
      visits: [{ orderId: 'o', reportedAt: reported, ...visit, customerPauses: [...visit.customerPauses] }],
    });
    expect(item(r, 'no_show').eligible).toBe(eligible);
    const last = counting === 'civil_code' ? '2026-04-16' : '2026-04-15';
    if (eligible) {
      expect(item(r, 'no_show').since).toBe(local(`${addDays(last, 1)}T00:00:00`).toISOString());
      expect(item(r, 'no_show').reasons[0]!['zh-CN']).toContain(`报修于2026-04-01 10:00`);
      // Each language reads the company-zone time in its own format, never a UTC ISO string.
      expect(item(r, 'no_show').reasons[0]!.en).toContain('Reported 1 Apr 2026 10:00;');
      expect(JSON.stringify(item(r, 'no_show').reasons)).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      expect(item(r, 'no_show').reasons[0]!['zh-CN']).toContain(`至${last}（含当日）`);
      expect(item(r, 'no_show').reasons[0]!.en).toContain(`last covered day ${last}`);
    }
  });
  it('no-show: an order still waiting states its last day; customer delays move the deadline', () => {
    const waiting = remedies({
      ...base,
      at: '2026-04-10',
      asOf: local('2026-04-10T12:00:00'),
      visits: [{ orderId: 'o', reportedAt: reported, arrivedAt: null, customerPauses: [] }],
    });
    expect(item(waiting, 'no_show').eligible).toBe(false);
    expect(item(waiting, 'no_show').reasons[0]!['zh-CN']).toContain('至2026-04-16（含当日）');
    const moved = remedies({
      ...base,
      at: '2026-04-20',
      asOf: local('2026-04-20T12:00:00'),
      visits: [
        { orderId: 'o', reportedAt: reported, arrivedAt: null, customerPauses: [{ from: hours(24), to: hours(36) }] },
      ],
    });
    expect(item(moved, 'no_show')).toMatchObject({ eligible: true, since: local('2026-04-17T12:00:00').toISOString() });
    expect(item(moved, 'no_show').reasons[0]!['zh-CN']).toContain('顺延至2026-04-17 12:00');
    expect(item(moved, 'no_show').reasons[0]!.en).toContain('moved to 17 Apr 2026 12:00');
  });
});

describe('refund depreciation', () => {
  const rules = { depreciationFreeDays: 7, depreciationPercentPerMonth: 2 };
  it.each([
    ['civil_code', '03-08: none', '2026-03-08', 100_000, 0],
    ['civil_code', '03-09, month 1: 2%', '2026-03-09', 98_000, 2_000],
    ['civil_code', '04-02, month 2: 4%', '2026-04-02', 96_000, 4_000],
    ['civil_code', 'month 3: 6%', '2026-05-10', 94_000, 6_000],
    ['start_day_counted', '03-07: none', '2026-03-07', 100_000, 0],
    ['start_day_counted', '03-08, month 1: 2%', '2026-03-08', 98_000, 2_000],
    ['start_day_counted', '04-01, month 2: 4%', '2026-04-01', 96_000, 4_000],
  ] as const)('%s, %s', (counting, _w, at, refund, dep) => {
    expect(refundAmount(100_000, '2026-03-01', at, rules, counting)).toMatchObject({
      refundFen: refund,
      depreciationFen: dep,
    });
  });
  it('tells the months used as whole months ended, not months begun', () => {
    expect(refundAmount(100_000, '2026-03-01', '2026-03-06', rules, 'civil_code').monthsUsed).toBe(0);
    expect(refundAmount(100_000, '2026-03-01', '2026-04-02', rules, 'civil_code')).toMatchObject({
      depreciationFen: 4_000,
      monthsUsed: 1,
    });
    expect(refundAmount(100_000, null, '2026-04-02', rules, 'civil_code').monthsUsed).toBe(0);
  });
});

describe('the return/exchange case state machine', () => {
  const all = () => true;
  const hq = {
    level: 'hq' as const,
    appraisal: { conclusion: 'exchange' as const },
    priceFen: 1000,
    thresholdFen: 5000,
  };
  it('follows the table', () => {
    expect(allowedCaseActions('opened', all, hq)).toEqual(['appraise', 'reject', 'cancel']);
    expect(allowedCaseActions('appraised', all, hq)).toEqual(['approve', 'reject', 'cancel']);
    expect(allowedCaseActions('approved', all, hq)).toEqual(['execute']);
    expect(allowedCaseActions('executed', all, hq)).toEqual(['close']);
    expect(allowedCaseActions('closed', all, hq)).toEqual([]);
    expect(validateCaseAction('opened', 'approve', all)).toEqual({ code: 'warranty.case_transition' });
    expect(validateCaseAction('opened', 'appraise', (p) => p === 'orders.read')?.code).toBe('auth.forbidden');
  });
  it('approval: center below the threshold, HQ above it', () => {
    const a = { conclusion: 'exchange' as const };
    expect(validateApprove('appraised', a, 'center', 1000, 5000)).toEqual({ to: 'approved', level: 'center' });
    expect(validateApprove('appraised', a, 'center', 6000, 5000)).toEqual({ to: 'pending_hq', level: 'center' });
    expect(validateApprove('pending_hq', a, 'center', 6000, 5000)).toEqual({
      problem: { code: 'warranty.hq_approval_required' },
    });
    expect(validateApprove('pending_hq', a, 'hq', 6000, 5000)).toEqual({ to: 'approved', level: 'hq' });
    expect(validateApprove('appraised', { conclusion: 'repair' }, 'hq', 1, 5000)).toMatchObject({
      problem: { code: 'warranty.appraisal_conclusion' },
    });
    expect(validateApprove('appraised', a, 'outlet', 1, 5000)).toMatchObject({ problem: { code: 'auth.forbidden' } });
  });
  it('offers approval where it would be accepted: a center below and above the threshold, never an outlet', () => {
    const center = { ...hq, level: 'center' as const };
    expect(allowedCaseActions('appraised', all, center)).toContain('approve');
    expect(allowedCaseActions('appraised', all, { ...center, priceFen: 6000 })).toContain('approve');
    expect(allowedCaseActions('pending_hq', all, { ...center, priceFen: 6000 })).not.toContain('approve');
    expect(allowedCaseActions('pending_hq', all, { ...hq, priceFen: 6000 })).toContain('approve');
    expect(allowedCaseActions('appraised', all, { ...hq, level: 'outlet' })).not.toContain('approve');
    expect(allowedCaseActions('appraised', all, { ...hq, appraisal: { conclusion: 'repair' } })).not.toContain(
      'approve',
    );
  });
  it('carries out the customer’s choice', () => {
    expect(executionKind('exchange', { conclusion: 'refund', customerChoice: 'exchange' })).toBe('exchange');
    expect(executionKind('exchange', { conclusion: 'refund', customerChoice: null })).toBe('refund');
    expect(executionKind('refund', null)).toBe('refund');
  });
});
