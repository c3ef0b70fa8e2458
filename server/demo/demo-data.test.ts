import { areaList } from '@vant/area-data';
import { describe, expect, it } from 'vitest';
import { checkDivisions } from '../../shared/divisions.js';
import { normalisePhone } from '../../shared/phone.js';
import { DEMO_LINES, DEMO_MODELS, DEMO_PARTS } from './catalog-data.js';
import { DEMO_AREAS, demoArchive } from './customers-data.js';
import { DEMO_REFERENCE_DATE } from './index.js';
import { DEMO_CENTERS } from './org-data.js';

const archive = demoArchive({ referenceDate: DEMO_REFERENCE_DATE });
const today = '2026-11-20';

describe('demo catalog', () => {
  it('has the product lines of the domain, each model with an 8–15 part BOM of known parts and main parts', () => {
    expect(new Set(DEMO_LINES.map((l) => l.category))).toEqual(
      new Set(['washer', 'boat', 'electronics', 'furniture', 'lighting']),
    );
    const parts = new Set(DEMO_PARTS.map((p) => p.code));
    expect(parts.size).toBe(DEMO_PARTS.length);
    for (const m of DEMO_MODELS) {
      expect(m.bom.length, m.code).toBeGreaterThanOrEqual(8);
      expect(m.bom.length, m.code).toBeLessThanOrEqual(15);
      expect(
        m.bom.every(([p]) => parts.has(p)),
        m.code,
      ).toBe(true);
      expect(new Set(m.bom.map(([p]) => p)).size, m.code).toBe(m.bom.length);
      expect(
        m.bom.some(([, , main]) => main),
        m.code,
      ).toBe(true);
    }
    const engine = DEMO_MODELS.filter((m) => m.line === 'BOAT-ENGINE');
    expect(engine.every((m) => m.maintenanceHours === 100 && m.maintenanceDays === 180)).toBe(true);
    expect(DEMO_MODELS.filter((m) => m.line === 'LAMP').every((m) => m.maintenanceDays === 365)).toBe(true);
    const washers = DEMO_MODELS.filter((m) => m.line.startsWith('WM-'));
    expect(washers.some((m) => m.usageKinds.includes('household'))).toBe(true);
    expect(washers.some((m) => m.usageKinds.includes('commercial'))).toBe(true);
  });
});

describe('demo archive', () => {
  it('is the same on every run', () => {
    const again = demoArchive({ referenceDate: DEMO_REFERENCE_DATE });
    expect(again.customers.map((c) => [c.id, c.code, c.name, c.phones[0]?.number])).toEqual(
      archive.customers.map((c) => [c.id, c.code, c.name, c.phones[0]?.number]),
    );
    expect(again.units.map((u) => u.serialNo)).toEqual(archive.units.map((u) => u.serialNo));
  });

  it('has ~2,000 customers, ~10% businesses, in every outlet, ~3,000 units', () => {
    expect(archive.customers).toHaveLength(2000);
    const business = archive.customers.filter((c) => c.kind === 'business').length;
    expect(business).toBeGreaterThan(150);
    expect(business).toBeLessThan(260);
    const outlets = DEMO_CENTERS.flatMap((c) => c.outlets.map((o) => o.code));
    expect(new Set(archive.customers.map((c) => c.outletCode))).toEqual(new Set(outlets));
    expect(archive.units.length).toBeGreaterThan(2700);
    expect(archive.units.length).toBeLessThan(3500);
  });

  it('has valid, distinct phones and real division codes', () => {
    const numbers = archive.customers.flatMap((c) => c.phones.map((p) => p.number));
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const c of archive.customers) {
      for (const p of c.phones)
        expect(normalisePhone(p.number), p.number).toMatchObject({ number: p.number, kind: p.kind });
      expect(c.phones.filter((p) => p.isPrimary)).toHaveLength(1);
      for (const a of c.addresses) {
        expect(checkDivisions(a), a.districtCode).toBeNull();
        expect(areaList.county_list[a.districtCode], a.districtCode).toBeTruthy();
      }
    }
    for (const a of DEMO_AREAS) expect(a.districts.every((d) => d.slice(0, 4) === a.cityCode.slice(0, 4))).toBe(true);
  });

  it('has unique serials per model, usages the model allows, dates not after the reference date', () => {
    expect(new Set(archive.units.map((u) => `${u.modelCode} ${u.serialNo}`)).size).toBe(archive.units.length);
    const kind = new Map(archive.customers.map((c) => [c.id, c.kind]));
    for (const u of archive.units) {
      const m = DEMO_MODELS.find((x) => x.code === u.modelCode)!;
      expect(m.usageKinds).toContain(u.usage);
      expect(u.usage).toBe(kind.get(u.customerId) === 'business' ? 'commercial' : 'household');
      for (const d of [u.purchaseDate, u.installedOn, u.acceptedOn]) if (d) expect(d <= today, u.serialNo).toBe(true);
      expect(u.purchaseDate >= '2022-11-01').toBe(true);
    }
  });
});
