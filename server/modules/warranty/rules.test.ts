import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RemedyRules } from './contract.js';
import { addDays, dayNumber, monthsStarted, termEnd } from './dates.js';
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
  ...over,
});

describe('term arithmetic (docs/warranty.md)', () => {
  const cases: [start: string, months: number, end: string][] = [
    ['2024-03-01', 12, '2025-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 36, '2027-02-28'],
    ['2024-02-29', 48, '2028-02-28'],
    ['2023-03-01', 12, '2024-02-29'],
    ['2026-01-31', 3, '2026-04-30'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-01-30', 1, '2026-02-28'],
    ['2026-01-28', 1, '2026-02-27'],
    ['2026-01-10', 3, '2026-04-09'],
    ['2025-12-15', 1, '2026-01-14'],
    ['2024-01-01', 240, '2043-12-31'],
  ];
  it.each(cases)('%s + %i months ends %s inclusive', (start, months, end) => {
    expect(termEnd(start, months)).toBe(end);
  });
  it('a zero term has no end', () => expect(termEnd('2024-01-01', 0)).toBeNull());
  it('day numbers count the start as day 1', () => {
    expect(dayNumber('2026-03-01', '2026-03-01')).toBe(1);
    expect(dayNumber('2026-03-01', '2026-03-07')).toBe(7);
    expect(dayNumber('2026-03-01', '2026-03-08')).toBe(8);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
  it('months started', () => {
    expect(monthsStarted('2026-01-10', '2026-01-10')).toBe(1);
    expect(monthsStarted('2026-01-10', '2026-02-09')).toBe(1);
    expect(monthsStarted('2026-01-10', '2026-02-10')).toBe(2);
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
    ['household, last day of year 1', { at: '2025-02-28' }, true, 'unit_term', '2025-02-28'],
    ['household, day after year 1', { at: '2025-03-01' }, false, 'expired', null],
    [
      'commercial, 3 months',
      { unit: washer({ usage: 'commercial' }), at: '2024-05-31' },
      true,
      'unit_term',
      '2024-05-31',
    ],
    ['commercial, after 3 months', { unit: washer({ usage: 'commercial' }), at: '2024-06-01' }, false, 'expired', null],
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
  });

  it('main part (motor) 3 years, from 29 February, with the reason text', () => {
    const unit = washer({ purchaseDate: '2024-02-29' });
    const inside = entitlement(input({ unit, parts: [motor], at: '2027-02-28' })).parts[0]!;
    expect(inside).toMatchObject({ covered: true, rule: 'main_part_term', until: '2027-02-28', parts: 'company' });
    expect(inside.reasons.map((r) => r['zh-CN'])).toContain(
      '主要部件（电机）保修3年，购买日期2024-02-29，至2027-02-28；本次在保',
    );
    expect(inside.reasons.map((r) => r.en)).toContain(
      'Main part (motor) warranted 3 years from purchase 2024-02-29, until 2027-02-28: covered',
    );
    expect(entitlement(input({ unit, parts: [motor], at: '2027-03-01' })).parts[0]).toMatchObject({
      covered: false,
      rule: 'expired',
    });
  });

  it('the issue example: motor from 2024-03-01 until 2027-02-28', () => {
    const p = entitlement(input({ parts: [motor], at: '2026-05-01' })).parts[0]!;
    expect(p.reasons.map((r) => r['zh-CN'])).toContain(
      '主要部件（电机）保修3年，购买日期2024-03-01，至2027-02-28；本次在保',
    );
  });

  it('a non-main part follows the whole unit', () => {
    expect(entitlement(input({ parts: [valve], at: '2025-03-01' })).parts[0]).toMatchObject({ covered: false });
  });

  const replaced = (on: string): RepairFacts[] => [
    { orderId: 'o1', completedOn: on, faultCode: 'E1', partsReplaced: [{ partId: 'valve', on }] },
  ];
  it.each([
    ['2 months 30 days after the replacement', '2026-04-09', true],
    ['3 months 1 day after the replacement', '2026-04-10', false],
  ] as const)('replaced part, %s', (_w, at, covered) => {
    const unit = washer({ purchaseDate: '2024-01-01' });
    const p = entitlement(input({ unit, parts: [valve], history: replaced('2026-01-10'), at })).parts[0]!;
    expect(p.covered).toBe(covered);
    if (covered) expect(p).toMatchObject({ rule: 'replaced_part_term', until: '2026-04-09' });
  });
  it('commercial replaced part: 1 month', () => {
    const unit = washer({ purchaseDate: '2024-01-01', usage: 'commercial' });
    expect(
      entitlement(input({ unit, parts: [valve], history: replaced('2026-01-10'), at: '2026-02-09' })).parts[0]!.covered,
    ).toBe(true);
    expect(
      entitlement(input({ unit, parts: [valve], history: replaced('2026-01-10'), at: '2026-02-10' })).parts[0]!.covered,
    ).toBe(false);
  });

  it('labour may end before parts', () => {
    const p = policies.map((x) => (x.code === 'washer-household' ? { ...x, unitLabourMonths: 6 } : x));
    const e = entitlement(input({ policies: p, at: '2024-10-01' }));
    expect(e.unit).toMatchObject({ covered: true, parts: 'company', labour: 'customer' });
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
    expect(entitlement(input({ unit: fresh, at: '2026-02-19' })).unit).toMatchObject({
      covered: true,
      until: '2026-02-19',
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
      ['SL-FIXTURE', true, '2025-02-28'],
      ['SL-POLE-10', true, '2040-02-29'],
    ]);
  });
  it('equipment: 12 months from final acceptance; falls back to purchase when not accepted', () => {
    const eq = washer({ category: 'equipment', lineCode: 'EQ', purchaseDate: '2024-01-01', acceptedOn: '2024-06-15' });
    expect(entitlement(input({ unit: eq, at: '2025-06-14' })).unit.covered).toBe(true);
    expect(entitlement(input({ unit: eq, at: '2025-06-15' })).unit.covered).toBe(false);
    const notYet = entitlement(input({ unit: { ...eq, acceptedOn: null }, at: '2024-06-01' }));
    expect(notYet.startBasis).toBe('purchase');
    expect(notYet.unit.reasons[0]!.en).toContain('No final acceptance date');
  });
  it('marine engine: 2 years per the maker', () => {
    const engine = washer({ category: 'boat', lineCode: 'BOAT-ENGINE', purchaseDate: '2024-05-01' });
    expect(entitlement(input({ unit: engine, at: '2026-04-30' })).unit.covered).toBe(true);
    expect(entitlement(input({ unit: engine, at: '2026-05-01' })).unit.covered).toBe(false);
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
  });
  const toInput = (w: {
    purchase: string;
    at: string;
    usage: 'household' | 'commercial';
    replacedOn: string | null;
    contracts: ContractFacts[];
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
    warrantyEnd: '2027-02-28',
    repairs: [] as RepairFacts[],
    visits: [] as VisitFacts[],
    at: '2026-03-01',
    asOf: new Date('2026-03-01T12:00:00+08:00'),
  };
  const item = (r: ReturnType<typeof remedies>, rule: string) => r.items.find((i) => i.rule === rule)!;

  it.each([
    ['day 7: refund or exchange', '2026-03-07', ['refund', 'exchange']],
    ['day 8: exchange only', '2026-03-08', ['exchange']],
    ['day 15: exchange', '2026-03-15', ['exchange']],
    ['day 16: nothing', '2026-03-16', []],
  ] as const)('%s', (_w, at, eligible) => {
    expect(remedies({ ...base, at }).eligible).toEqual(eligible);
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
      repairs: [repair('a', '2026-05-01', 'E21'), repair('b', '2026-06-01', 'E21'), repair('c', '2027-03-01', 'E21')],
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

  const reported = new Date('2026-04-01T10:00:00+08:00');
  const hours = (h: number) => new Date(reported.getTime() + h * 3_600_000);
  it.each([
    ['arrived on day 15', { arrivedAt: hours(15 * 24 - 1), customerPauses: [] }, false],
    ['not come after 15 days', { arrivedAt: null, customerPauses: [] }, true],
    [
      'not come after 15 days, 3 of them waiting for the customer',
      { arrivedAt: null, customerPauses: [{ from: hours(24), to: hours(24 * 4) }] },
      false,
    ],
    [
      'came after 16 days, 2 of them waiting for the customer',
      { arrivedAt: hours(16 * 24), customerPauses: [{ from: hours(24), to: hours(24 * 3) }] },
      false,
    ],
  ] as const)('no-show: %s', (_w, visit, eligible) => {
    const r = remedies({
      ...base,
      at: '2026-04-17',
      asOf: hours(16 * 24),
      visits: [{ orderId: 'o', reportedAt: reported, ...visit, customerPauses: [...visit.customerPauses] }],
    });
    expect(item(r, 'no_show').eligible).toBe(eligible);
    if (eligible) expect(item(r, 'no_show').since).toBe(hours(15 * 24).toISOString());
  });
});

describe('refund depreciation', () => {
  const rules = { depreciationFreeDays: 7, depreciationPercentPerMonth: 2 };
  it.each([
    ['day 7: none', '2026-03-07', 100_000, 0],
    ['day 8, month 1: 2%', '2026-03-08', 98_000, 2_000],
    ['month 3: 6%', '2026-05-10', 94_000, 6_000],
  ] as const)('%s', (_w, at, refund, dep) => {
    expect(refundAmount(100_000, '2026-03-01', at, rules)).toMatchObject({ refundFen: refund, depreciationFen: dep });
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
