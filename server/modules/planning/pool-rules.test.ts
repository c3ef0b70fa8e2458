import { describe, expect, it } from 'vitest';
import { areaOf, claimable, claimProblem, orderPoolable, poolEnabledFor } from './pool-rules.js';

const OUTLET = { provinceCode: '440000', cityCode: '440100', districtCode: '440106' };

describe('the order pool region', () => {
  it('matches the outlet’s province, city or district', () => {
    expect(poolEnabledFor(OUTLET, ['440000'])).toBe(true);
    expect(poolEnabledFor(OUTLET, ['440100'])).toBe(true);
    expect(poolEnabledFor(OUTLET, ['110000', '440106'])).toBe(true);
  });
  it('refuses other regions, a nearby code and an empty setting', () => {
    expect(poolEnabledFor(OUTLET, [])).toBe(false);
    expect(poolEnabledFor(OUTLET, ['440300', '440105', '44'])).toBe(false);
    expect(poolEnabledFor({ provinceCode: null, cityCode: null, districtCode: null }, ['440000'])).toBe(false);
  });
});

describe('orders the pool takes', () => {
  it('an accepted order held by the outlet', () => {
    expect(orderPoolable({ state: 'accepted', holderUnitId: 'o1', outletId: 'o1' }, 'o1')).toBe(true);
  });
  it('not another state, another holder or another outlet', () => {
    expect(orderPoolable({ state: 'assigned', holderUnitId: 'o1', outletId: 'o1' }, 'o1')).toBe(false);
    expect(orderPoolable({ state: 'dispatched_outlet', holderUnitId: 'o1', outletId: 'o1' }, 'o1')).toBe(false);
    expect(orderPoolable({ state: 'cancelled', holderUnitId: 'o1', outletId: 'o1' }, 'o1')).toBe(false);
    expect(orderPoolable({ state: 'accepted', holderUnitId: 'o2', outletId: 'o2' }, 'o1')).toBe(false);
    expect(orderPoolable({ state: 'accepted', holderUnitId: 'o1', outletId: null }, 'o1')).toBe(false);
  });
});

describe('who may claim', () => {
  const offer = { state: 'open' as const, outletId: 'o1', productLineId: 'wash' };
  const tech = { orgUnitId: 'o1', executes: true };
  it('a technician of the outlet certified for the line', () => {
    expect(claimProblem({ offer, claimer: tech, certifiedLines: new Set(['wash']) })).toBeNull();
    expect(claimable({ offer, claimer: tech, certifiedLines: new Set(['wash', 'fridge']) })).toBe(true);
  });
  it('any technician of the outlet when the offer names no line', () => {
    expect(claimable({ offer: { ...offer, productLineId: null }, claimer: tech, certifiedLines: new Set() })).toBe(
      true,
    );
  });
  it('not one without the certification, of another outlet or who does not execute orders', () => {
    expect(claimProblem({ offer, claimer: tech, certifiedLines: new Set(['fridge']) })).toBe(
      'planning.pool_not_certified',
    );
    expect(claimProblem({ offer, claimer: { ...tech, orgUnitId: 'o2' }, certifiedLines: new Set(['wash']) })).toBe(
      'planning.pool_not_of_outlet',
    );
    expect(claimProblem({ offer, claimer: { ...tech, executes: false }, certifiedLines: new Set(['wash']) })).toBe(
      'planning.pool_not_of_outlet',
    );
  });
  it('nobody once claimed or withdrawn', () => {
    const lines = new Set(['wash']);
    expect(claimProblem({ offer: { ...offer, state: 'claimed' }, claimer: tech, certifiedLines: lines })).toBe(
      'planning.pool_taken',
    );
    expect(claimProblem({ offer: { ...offer, state: 'withdrawn' }, claimer: tech, certifiedLines: lines })).toBe(
      'planning.pool_closed',
    );
  });
});

describe('the place an offer shows', () => {
  it('city and district names, no more', () => {
    expect(areaOf(OUTLET)).toBe('广州市天河区');
  });
  it('the city alone, or the province when nothing finer is known', () => {
    expect(areaOf({ provinceCode: '440000', cityCode: '440100', districtCode: null })).toBe('广州市');
    expect(areaOf({ provinceCode: '440000', cityCode: null, districtCode: null })).toBe('广东省');
    expect(areaOf({ provinceCode: null, cityCode: null, districtCode: null })).toBe('');
  });
});
