import { describe, expect, it } from 'vitest';
import {
  addMonths,
  contractVisitDue,
  type DueFacts,
  expiresWithin,
  inPeriod,
  nextMaintenance,
  statusOf,
  type VisitContract,
} from './rules.js';

/* The due-date rules of docs/care.md, pure: days are company-zone YYYY-MM-DD, counted as the Civil Code counts. */

const base: DueFacts = {
  today: '2026-12-06',
  leadDays: 7,
  cycleDays: 180,
  lastMaintenanceOn: null,
  installedOn: null,
  acceptedOn: null,
  purchaseDate: null,
  plan: null,
  contracts: [],
};
const facts = (f: Partial<DueFacts>): DueFacts => ({ ...base, ...f });

describe('the model cycle counts from the last maintenance, else installation, acceptance, purchase', () => {
  it('from the last completed maintenance (the start day not counted: D + N)', () => {
    const n = nextMaintenance(
      facts({ lastMaintenanceOn: '2026-06-10', installedOn: '2025-01-01', purchaseDate: '2024-12-20' }),
    );
    expect(n).toMatchObject({ nextOn: '2026-12-07', source: 'cycle', basis: 'maintenance', basisOn: '2026-06-10' });
    expect(n.status).toBe('due');
    expect(n.daysLeft).toBe(1);
  });
  it('from installation when no maintenance was completed', () => {
    expect(
      nextMaintenance(facts({ installedOn: '2026-07-01', acceptedOn: '2026-07-05', purchaseDate: '2026-06-20' })),
    ).toMatchObject({
      nextOn: '2026-12-28',
      basis: 'installation',
      status: 'upcoming',
    });
  });
  it('from acceptance, then purchase', () => {
    expect(nextMaintenance(facts({ acceptedOn: '2026-06-01', purchaseDate: '2026-05-01' }))).toMatchObject({
      nextOn: '2026-11-28',
      basis: 'acceptance',
      status: 'overdue',
      daysLeft: -8,
    });
    expect(nextMaintenance(facts({ purchaseDate: '2026-06-09' }))).toMatchObject({
      nextOn: '2026-12-06',
      basis: 'purchase',
      status: 'due',
      daysLeft: 0,
    });
  });
  it('not planned without a cycle or without any start day', () => {
    expect(nextMaintenance(facts({ cycleDays: null, purchaseDate: '2026-01-01' })).status).toBe('not_planned');
    expect(nextMaintenance(facts({})).status).toBe('not_planned');
    expect(nextMaintenance(facts({})).why.en).toMatch(/No installation/);
  });
  it('crosses month ends and a leap day as plain days', () => {
    expect(nextMaintenance(facts({ cycleDays: 30, purchaseDate: '2028-01-31' })).nextOn).toBe('2028-03-01');
    expect(nextMaintenance(facts({ cycleDays: 30, purchaseDate: '2027-01-31' })).nextOn).toBe('2027-03-02');
    expect(nextMaintenance(facts({ cycleDays: 365, purchaseDate: '2028-02-28' })).nextOn).toBe('2029-02-27');
  });
});

describe('status against the lead', () => {
  it('overdue before today, due within the lead (both ends), upcoming after', () => {
    expect(statusOf('2026-12-05', '2026-12-06', 7)).toBe('overdue');
    expect(statusOf('2026-12-06', '2026-12-06', 7)).toBe('due');
    expect(statusOf('2026-12-13', '2026-12-06', 7)).toBe('due');
    expect(statusOf('2026-12-14', '2026-12-06', 7)).toBe('upcoming');
    expect(statusOf(null, '2026-12-06', 7)).toBe('not_planned');
  });
  it('the planner period takes dates within it, and overdue units whatever the period', () => {
    expect(inPeriod({ nextOn: '2026-12-08', status: 'due' }, '2026-12-07', '2026-12-13')).toBe(true);
    expect(inPeriod({ nextOn: '2026-12-14', status: 'upcoming' }, '2026-12-07', '2026-12-13')).toBe(false);
    expect(inPeriod({ nextOn: '2026-11-01', status: 'overdue' }, '2026-12-07', '2026-12-13')).toBe(true);
    expect(inPeriod({ nextOn: '2026-12-01', status: 'upcoming' }, '2026-12-07', '2026-12-13')).toBe(false);
  });
});

describe('a custom plan overrides', () => {
  it('an explicit date wins over the cycle until a maintenance is completed after the plan was set', () => {
    const plan = { intervalDays: null, intervalMonths: null, nextOn: '2027-01-15', setOn: '2026-12-01' };
    expect(nextMaintenance(facts({ purchaseDate: '2026-06-09', plan }))).toMatchObject({
      nextOn: '2027-01-15',
      source: 'plan',
      basis: 'plan_date',
      status: 'upcoming',
    });
    // Done on 2026-12-03: the date is used up, the model's cycle counts from that maintenance.
    expect(nextMaintenance(facts({ purchaseDate: '2026-06-09', lastMaintenanceOn: '2026-12-03', plan }))).toMatchObject(
      {
        nextOn: '2027-06-01',
        source: 'cycle',
      },
    );
  });
  it('an interval in days from the last maintenance', () => {
    const plan = { intervalDays: 90, intervalMonths: null, nextOn: null, setOn: '2026-01-01' };
    expect(nextMaintenance(facts({ lastMaintenanceOn: '2026-10-01', plan }))).toMatchObject({
      nextOn: '2026-12-30',
      source: 'plan',
      basis: 'maintenance',
    });
  });
  it('an interval in months ends on the corresponding day, else the month’s last day (leap years too)', () => {
    const plan = (m: number) => ({ intervalDays: null, intervalMonths: m, nextOn: null, setOn: '2026-01-01' });
    expect(nextMaintenance(facts({ installedOn: '2027-08-31', plan: plan(6) })).nextOn).toBe('2028-02-29');
    expect(nextMaintenance(facts({ installedOn: '2026-08-31', plan: plan(6) })).nextOn).toBe('2027-02-28');
    expect(nextMaintenance(facts({ installedOn: '2026-07-15', plan: plan(5) })).nextOn).toBe('2026-12-15');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });
  it('a plan without a usable rule falls back to the cycle', () => {
    const plan = { intervalDays: null, intervalMonths: null, nextOn: null, setOn: '2026-01-01' };
    expect(nextMaintenance(facts({ purchaseDate: '2026-06-09', plan })).source).toBe('cycle');
  });
});

describe('a service contract spreads its visits left over what is left of its term', () => {
  const c: VisitContract = {
    id: 'c1',
    code: 'SC1',
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    visitsIncluded: 4,
    visitsUsed: 0,
    status: 'active',
  };
  it('four visits from the start: the term’s 364 days ÷ 4 = every 91 days', () => {
    expect(contractVisitDue(c, null, '2026-02-01')).toBe('2026-04-02');
  });
  it('counted from the last maintenance with the visits left', () => {
    // 2026-04-10 → 2026-12-31 is 265 days, 3 visits left: every 88 days.
    expect(contractVisitDue({ ...c, visitsUsed: 1 }, '2026-04-10', '2026-05-01')).toBe('2026-07-07');
  });
  it('none when used up, cancelled, open-ended or over', () => {
    expect(contractVisitDue({ ...c, visitsUsed: 4 }, null, '2026-02-01')).toBeNull();
    expect(contractVisitDue({ ...c, status: 'cancelled' }, null, '2026-02-01')).toBeNull();
    expect(contractVisitDue({ ...c, endsOn: null }, null, '2026-02-01')).toBeNull();
    expect(contractVisitDue(c, null, '2027-01-01')).toBeNull();
  });
  it('the earlier of the contract and the cycle dates the unit', () => {
    const n = nextMaintenance(facts({ today: '2026-02-01', purchaseDate: '2025-12-01', contracts: [c] }));
    expect(n).toMatchObject({ nextOn: '2026-04-02', source: 'contract', basis: 'contract_start' });
    const later = nextMaintenance(
      facts({ today: '2026-02-01', cycleDays: 60, purchaseDate: '2025-12-01', contracts: [c] }),
    );
    expect(later).toMatchObject({ nextOn: '2026-01-30', source: 'cycle', status: 'overdue' });
  });
});

describe('warranty expiry within the lead', () => {
  it('today through today + lead', () => {
    expect(expiresWithin('2026-12-06', '2026-12-06', 30)).toBe(true);
    expect(expiresWithin('2027-01-05', '2026-12-06', 30)).toBe(true);
    expect(expiresWithin('2027-01-06', '2026-12-06', 30)).toBe(false);
    expect(expiresWithin('2026-12-05', '2026-12-06', 30)).toBe(false);
    expect(expiresWithin(null, '2026-12-06', 30)).toBe(false);
  });
});
