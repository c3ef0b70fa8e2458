import { describe, expect, it } from 'vitest';
import {
  haversineKm,
  pickCenter,
  pickOutlet,
  rankTechnicians,
  type RoutingOrder,
  type RoutingUnit,
  routingStep,
  suggest,
  suggestedId,
} from './routing.js';

const units: RoutingUnit[] = [
  { id: 'hq', kind: 'hq', path: 'hq/', name: '总部', provinceCode: null, serviceArea: [], lat: null, lng: null },
  {
    id: 'gd',
    kind: 'center',
    path: 'hq/gd/',
    name: '广东省服务中心',
    provinceCode: '440000',
    serviceArea: ['440000'],
    lat: 23.1291,
    lng: 113.2668,
  },
  {
    id: 'zj',
    kind: 'center',
    path: 'hq/zj/',
    name: '浙江省服务中心',
    provinceCode: '330000',
    serviceArea: ['330000'],
    lat: 30.2775,
    lng: 120.1405,
  },
  // Tianhe (district 440106, city 440100), Shenzhen Nanshan, and a Guangzhou-wide outlet far out.
  {
    id: 'th',
    kind: 'outlet',
    path: 'hq/gd/th/',
    name: '天河网点',
    provinceCode: '440000',
    serviceArea: ['440106', '440100'],
    lat: 23.1246,
    lng: 113.3612,
  },
  {
    id: 'sz',
    kind: 'outlet',
    path: 'hq/gd/sz/',
    name: '南山网点',
    provinceCode: '440000',
    serviceArea: ['440305', '440300'],
    lat: 22.5333,
    lng: 113.9304,
  },
  {
    id: 'gz',
    kind: 'outlet',
    path: 'hq/gd/gz/',
    name: '从化网点',
    provinceCode: '440000',
    serviceArea: ['440100'],
    lat: 23.5486,
    lng: 113.5863,
  },
];

const tianhe = { provinceCode: '440000', cityCode: '440100', districtCode: '440106', lat: 23.13, lng: 113.33 };

function order(extra: Partial<RoutingOrder> = {}): RoutingOrder {
  return {
    state: 'created',
    orgPath: 'hq/',
    holderKind: 'hq',
    ...tianhe,
    bookedFrom: null,
    bookedTo: null,
    productLineKnown: true,
    ...extra,
  };
}

describe('routing', () => {
  it('measures great-circle distances', () => {
    // Guangzhou to Shenzhen is about 100 km as the crow flies.
    const d = haversineKm({ lat: 23.1291, lng: 113.2668 }, { lat: 22.5431, lng: 114.0579 });
    expect(d).toBeGreaterThan(95);
    expect(d).toBeLessThan(110);
    expect(haversineKm({ lat: 30, lng: 120 }, { lat: 30, lng: 120 })).toBe(0);
  });

  it('picks the center of the customer’s province', () => {
    expect(pickCenter('440000', units)?.unitId).toBe('gd');
    expect(pickCenter('330000', units)?.unitId).toBe('zj');
    expect(pickCenter('510000', units)).toBeNull();
    expect(pickCenter(null, units)).toBeNull();
  });

  it('prefers the outlet covering the district, then the city, and measures the zone', () => {
    const { outlet, zone } = pickOutlet(tianhe, units, 'hq/gd/', 30);
    expect(outlet?.unitId).toBe('th');
    expect(outlet?.reasons[0]?.en).toContain('district');
    expect(outlet?.distanceKm).toBeLessThan(5);
    expect(zone).toBe('near');
    // Baiyun district (440111): only city coverage; the nearer of the two city outlets wins.
    const baiyun = { ...tianhe, districtCode: '440111', lat: 23.56, lng: 113.58 };
    expect(pickOutlet(baiyun, units, 'hq/gd/', 30).outlet?.unitId).toBe('gz');
  });

  it('is far beyond the threshold from the nearest covering outlet', () => {
    const remote = { ...tianhe, lat: 24.5, lng: 113.3 };
    const r = pickOutlet(remote, units, 'hq/gd/', 30);
    expect(r.zone).toBe('far');
    expect(r.outlet?.reasons.some((x) => x['zh-CN'].includes('远区'))).toBe(true);
    expect(pickOutlet({ ...tianhe, lat: null, lng: null }, units, 'hq/gd/', 30).zone).toBeNull();
    expect(
      pickOutlet({ ...tianhe, cityCode: '110100', districtCode: '110101' }, units, 'hq/gd/', 30).outlet,
    ).toBeNull();
  });

  it('ranks certified technicians: free at the booked time, then the lowest load', () => {
    const booked = { from: new Date('2026-11-23T06:00:00Z'), to: new Date('2026-11-23T08:00:00Z') };
    const techs = [
      {
        id: 'a',
        name: '甲',
        certifiedUntil: '2027-01-01',
        openLoad: 1,
        busy: [{ from: new Date('2026-11-23T07:00:00Z'), to: new Date('2026-11-23T09:00:00Z') }],
      },
      { id: 'b', name: '乙', certifiedUntil: '2027-01-01', openLoad: 4, busy: [] },
      { id: 'c', name: '丙', certifiedUntil: null, openLoad: 0, busy: [] },
      { id: 'd', name: '丁', certifiedUntil: '2027-01-01', openLoad: 2, busy: [] },
    ];
    expect(rankTechnicians(techs, booked, true).map((t) => t.userId)).toEqual(['d', 'b', 'a']);
    expect(rankTechnicians(techs, null, true).map((t) => t.userId)).toEqual(['a', 'd', 'b']);
    expect(rankTechnicians(techs, null, false).map((t) => t.userId)).toEqual(['c', 'a', 'd', 'b']);
    const [best] = rankTechnicians(techs, booked, true);
    expect(best?.reasons.map((r) => r.en)).toEqual([
      'certified for the product line until 2027-01-01',
      '2 open orders now',
      'free in the booked window',
    ]);
  });

  it('suggests the next step by state and holder', () => {
    expect(routingStep({ state: 'created', holderKind: 'hq' })).toBe('center');
    expect(routingStep({ state: 'created', holderKind: 'center' })).toBe('outlet');
    expect(routingStep({ state: 'dispatched_center', holderKind: 'center' })).toBe('outlet');
    expect(routingStep({ state: 'accepted', holderKind: 'outlet' })).toBe('technician');
    expect(routingStep({ state: 'completed', holderKind: 'outlet' })).toBe('none');
    const atHq = suggest(order(), units, [], 30);
    expect(atHq).toMatchObject({ step: 'center', center: { unitId: 'gd' }, outlet: { unitId: 'th' }, zone: 'near' });
    expect(suggestedId(atHq)).toBe('gd');
    const atCenter = suggest(
      order({ state: 'dispatched_center', orgPath: 'hq/gd/', holderKind: 'center' }),
      units,
      [],
      30,
    );
    expect(suggestedId(atCenter)).toBe('th');
    const noCerts = suggest(
      order({ state: 'accepted', orgPath: 'hq/gd/th/', holderKind: 'outlet' }),
      units,
      [{ id: 'x', name: 'x', certifiedUntil: null, openLoad: 0, busy: [] }],
      30,
    );
    expect(noCerts.technician).toBeNull();
    expect(noCerts.reasons[0]?.en).toContain('certified');
    const unknownProvince = suggest(
      order({ provinceCode: '510000', cityCode: '510100', districtCode: '510104' }),
      units,
      [],
      30,
    );
    expect(unknownProvince.center).toBeNull();
    expect(unknownProvince.reasons[0]?.['zh-CN']).toContain('人工');
  });
});
