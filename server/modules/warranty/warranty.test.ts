import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { ensureWarrantyDefaults } from './index.js';
import { SIGNATURE, setUpServiceWorld, type ServiceWorld } from '../../test/service-world.js';

/*
 * The warranty API on the demo organisation (runs on PGlite, and on PostgreSQL with
 * TEST_DATABASE_URL): entitlement at a date, decisions recorded at completion and kept when the
 * policy changes, remedies, contracts, and a return/exchange case to an exchange with a fresh warranty.
 * The test clock starts at 2026-11-23 10:00 in Asia/Shanghai.
 */

let t: TestApp;
let w: ServiceWorld;
let dataDir: string;
let motorId: string;
const as: Record<string, Agent> = {};

async function newUnit(serial: string, purchaseDate: string | null): Promise<string> {
  const db = t.database.db;
  const [u] = await db.select().from(tables.units).where(eq(tables.units.id, w.unitId));
  const [row] = await db
    .insert(tables.units)
    .values({
      modelId: w.modelId,
      serialNo: serial,
      customerId: w.customerId,
      usage: 'household',
      purchaseDate,
      orgPath: u!.orgPath,
    })
    .returning();
  return row!.id;
}

/** The decision messages the customer got about a case. */
const decided = (caseCode: string) =>
  t.database.db
    .select()
    .from(tables.outbox)
    .where(
      and(eq(tables.outbox.template, 'warranty.case_decided'), sql`${tables.outbox.params}->>'caseCode' = ${caseCode}`),
    );

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sanbao-warranty-'));
  process.env.SANBAO_DATA_DIR = dataDir;
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  const db = t.database.db;
  await db.update(tables.units).set({ purchaseDate: '2026-01-10' }).where(eq(tables.units.id, w.unitId));
  const [motor] = await db.insert(tables.parts).values({ code: 'P-MOTOR', name: '电机', nameEn: 'motor' }).returning();
  motorId = motor!.id;
  await db.insert(tables.modelParts).values([
    { modelId: w.modelId, partId: motorId, isMain: true },
    { modelId: w.modelId, partId: w.partId, isMain: false },
  ]);
  for (const u of [
    'admin',
    'hotline',
    'dispatcher',
    'gd.dispatch',
    'gd.center',
    'manager',
    'gd01.manager',
    'gd01.tech1',
    'gd02.manager',
  ])
    as[u] = await t.login(u);
  // A center approver: the manager role at the Guangdong center.
  const created = await as.admin!.post('/api/users', {
    username: 'gd.approver',
    displayName: '广东中心 审批',
    password: 'Approve2026x',
    orgUnitId: w.units['C-GD'],
    roles: ['manager'],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  as['gd.approver'] = await t.login('gd.approver', 'Approve2026x');
}, 60_000);
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function act(
  who: string,
  order: { id: string; version: number },
  path: string,
  body: Record<string, unknown> = {},
  status = 200,
) {
  const res = await as[who]!.post(`/api/orders/${order.id}/${path}`, { version: order.version, ...body });
  expect(res.status, `${who} ${path}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

/** A carry-in order on the unit, received and in repair at outlet O-GD-01. */
async function orderInRepair(unitId = w.unitId) {
  const created = await as.hotline!.post('/api/orders', {
    customerId: w.customerId,
    unitId,
    serviceType: 'carry_in',
    faultDescription: '不脱水',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  let o = created.body;
  o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
  o = await act('gd.dispatch', o, 'dispatch', { toUnitId: w.units['O-GD-01'] });
  o = await act('gd01.manager', o, 'accept');
  o = await act('gd01.manager', o, 'receive', { condition: '完好' });
  return act('gd01.manager', o, 'start');
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);

/** A multipart/form-data body with file parts named photo, as the browser's upload control sends it. */
function photoForm(files: { name: string; type: string; bytes: Buffer }[]) {
  const boundary = `----sanbao${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
    );
    chunks.push(f.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const completion = (extra: Record<string, unknown> = {}) => ({
  diagnosis: '排水泵损坏',
  faultCode: 'E21',
  cause: '老化',
  solution: '更换排水泵',
  parts: [],
  labourMinutes: 30,
  signature: SIGNATURE,
  ...extra,
});

describe('policies', () => {
  it('are seeded with the defaults and versioned', async () => {
    const list = await as.hotline!.get('/api/warranty/policies');
    expect(list.status).toBe(200);
    const codes = list.body.items.map((p: { code: string }) => p.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'household',
        'commercial',
        'washer-household',
        'washer-commercial',
        'boat-engine',
        'lighting',
        'equipment',
        'furniture',
      ]),
    );
    expect(
      (
        await as.hotline!.post('/api/warranty/policies/washer-household/versions', {
          name: 'x',
          effectiveFrom: '2030-01-01',
          unitMonths: 1,
        })
      ).status,
    ).toBe(403);
    const early = await as.admin!.post('/api/warranty/policies/washer-household/versions', {
      name: '洗衣机（家用）',
      effectiveFrom: '1999-01-01',
      category: 'washer',
      usage: 'household',
      unitMonths: 12,
    });
    expect(early.body).toMatchObject({
      code: 'warranty.effective_before_previous',
      errors: [{ path: 'body.effectiveFrom' }],
    });
  });

  it('are topped up at server start without touching existing ones', async () => {
    const db = t.database.db;
    await db.delete(tables.warrantyPolicies).where(eq(tables.warrantyPolicies.code, 'equipment'));
    const before = (await db.select().from(tables.warrantyPolicies)).length;
    await ensureWarrantyDefaults(db, t.clock.now());
    await ensureWarrantyDefaults(db, t.clock.now());
    const after = await db.select().from(tables.warrantyPolicies);
    expect(after.length).toBe(before + 1);
    expect(after.filter((p) => p.code === 'equipment')).toHaveLength(1);
  });
});

describe('entitlement', () => {
  it('answers for the unit and each part at a date, with reasons', async () => {
    const url = (q: string) => `/api/warranty/units/${w.unitId}/entitlement?${q}`;
    // Civil Code art. 201–202 by default: the purchase day is not counted, a year ends on the
    // corresponding day.
    const inside = await as['gd01.manager']!.get(url(`at=2027-01-10&parts=${motorId},${w.partId}`));
    expect(inside.status, JSON.stringify(inside.body)).toBe(200);
    expect(inside.body).toMatchObject({
      policy: { code: 'washer-household', version: 1 },
      startBasis: 'purchase',
      startDate: '2026-01-10',
      dayCounting: 'civil_code',
      unit: { covered: true, rule: 'unit_term', until: '2027-01-10' },
      parts: [
        { partId: motorId, covered: true, rule: 'main_part_term', until: '2029-01-10' },
        { partId: w.partId, covered: true, rule: 'unit_term' },
      ],
    });
    const after = await as['gd01.manager']!.get(url(`at=2027-01-11&parts=${motorId},${w.partId}`));
    expect(after.body.unit).toMatchObject({ covered: false, rule: 'expired', labour: 'customer' });
    expect(after.body.parts.map((p: { covered: boolean }) => p.covered)).toEqual([true, false]);
    expect(after.body.parts[0].reasons.map((r: { 'zh-CN': string }) => r['zh-CN'])).toContain(
      '主要部件（电机）保修3年，自购买日期2026-01-10次日起算，至2029-01-10（含当日）；本次在保',
    );
    const misuse = await as['gd01.manager']!.get(url(`at=2026-10-01&cause=misuse&parts=${motorId}`));
    expect(misuse.body.parts[0]).toMatchObject({ covered: false, rule: 'excluded' });
    expect((await as['gd01.manager']!.get(url('parts=nope'))).status).toBe(400);
  });

  it('needs the unit to be readable', async () => {
    expect((await as['gd02.manager']!.get(`/api/warranty/units/${w.unitId}/entitlement`)).status).toBe(404);
    expect((await as['gd02.manager']!.get(`/api/warranty/units/${w.unitId}/remedies`)).status).toBe(404);
  });
});

describe('decisions at completion', () => {
  it('records the unit and each replaced part, and keeps them when the policy changes', async () => {
    let o = await orderInRepair();
    o = await act('gd01.manager', o, 'complete', completion({ parts: [{ partId: w.partId, qty: 1 }] }));
    expect(o.warrantyDecisions).toMatchObject([
      {
        subject: 'unit',
        covered: true,
        rule: 'unit_term',
        policyCode: 'washer-household',
        policyVersion: 1,
        orderId: o.id,
      },
      { subject: 'part', partId: w.partId, covered: true, rule: 'unit_term', policyVersion: 1 },
    ]);
    // The unit's warranty is now shortened to 6 months by a new version: the decision stays.
    const v2 = await as.admin!.post('/api/warranty/policies/washer-household/versions', {
      name: '洗衣机（家用）',
      effectiveFrom: '2026-11-23',
      category: 'washer',
      usage: 'household',
      unitMonths: 6,
      mainParts: [{ months: 36 }],
    });
    expect(v2.status, JSON.stringify(v2.body)).toBe(201);
    expect(v2.body.version).toBe(2);
    const again = (await as['gd01.manager']!.get(`/api/orders/${o.id}`)).body;
    expect(again.warrantyDecisions).toMatchObject([
      { covered: true, policyVersion: 1 },
      { covered: true, policyVersion: 1 },
    ]);
    const now = await as['gd01.manager']!.get(`/api/warranty/units/${w.unitId}/entitlement`);
    expect(now.body).toMatchObject({ policy: { version: 2 }, unit: { covered: false } });
    // The pump replaced today is warranted 3 months from its replacement.
    const pump = await as['gd01.manager']!.get(
      `/api/warranty/units/${w.unitId}/entitlement?at=2027-02-23&parts=${w.partId}`,
    );
    expect(pump.body.parts[0]).toMatchObject({ covered: true, rule: 'replaced_part_term', until: '2027-02-23' });
    const decisions = await as['gd01.manager']!.get(`/api/warranty/units/${w.unitId}/decisions`);
    expect(decisions.body.items).toHaveLength(2);
  });

  it('an exclusion chosen at completion makes the work paid', async () => {
    let o = await orderInRepair();
    o = await act(
      'gd01.manager',
      o,
      'complete',
      completion({ exclusion: { kind: 'power_surge', note: '雷雨后电压异常' } }),
    );
    expect(o.warrantyDecisions).toMatchObject([
      {
        subject: 'unit',
        covered: false,
        rule: 'excluded',
        labour: 'customer',
        parts: 'customer',
        exclusion: { kind: 'power_surge' },
      },
    ]);
    const bad = await as['gd01.manager']!.post(`/api/orders/${(await orderInRepair()).id}/complete`, {
      version: 5,
      ...completion({ exclusion: { kind: 'misuse', note: 'x', photoIds: [crypto.randomUUID()] } }),
    });
    expect(bad.status).toBeGreaterThanOrEqual(400);
  });
});

describe('remedies and contracts', () => {
  it('within 7 days of purchase: refund or exchange', async () => {
    const id = await newUnit('SN-W-NEW1', '2026-11-20');
    const r = await as['gd01.manager']!.get(`/api/warranty/units/${id}/remedies`);
    expect(r.status).toBe(200);
    expect(r.body.eligible).toEqual(['refund', 'exchange']);
    expect(r.body.dayCounting).toBe('civil_code');
    // Bought 11-20: the 7 days run 11-21 … 11-27, the 15 days … 12-05 (the purchase day not counted).
    const on = async (day: string) =>
      (await as['gd01.manager']!.get(`/api/warranty/units/${id}/remedies?at=${day}`)).body.eligible;
    expect(await on('2026-11-27')).toEqual(['refund', 'exchange']);
    expect(await on('2026-11-28')).toEqual(['exchange']);
    expect(await on('2026-12-05')).toEqual(['exchange']);
    expect(await on('2026-12-06')).toEqual([]);
  });

  it('the 3rd completed repair of the same fault gives an exchange, a different fault does not', async () => {
    const unitId = await newUnit('SN-W-REPEAT', '2026-06-01');
    const remedy = async () =>
      (await as['gd01.manager']!.get(`/api/warranty/units/${unitId}/remedies`)).body.items.find(
        (i: { rule: string }) => i.rule === 'repeated_fault',
      );
    for (const code of ['E31', 'E31', 'E40'])
      await act('gd01.manager', await orderInRepair(unitId), 'complete', completion({ faultCode: code }));
    expect(await remedy()).toMatchObject({ eligible: false, faultCode: 'E31' });
    await act('gd01.manager', await orderInRepair(unitId), 'complete', completion({ faultCode: 'e31' }));
    expect(await remedy()).toMatchObject({ eligible: true, faultCode: 'E31', since: '2026-11-23' });
    expect((await remedy()).orderIds).toHaveLength(3);
  });

  it('nobody came within 15 days of the report: exchange', async () => {
    const unitId = await newUnit('SN-W-NOSHOW', '2026-06-01');
    const created = await as.hotline!.post('/api/orders', {
      customerId: w.customerId,
      unitId,
      serviceType: 'on_site',
      faultDescription: '不启动',
    });
    expect(created.status).toBe(201);
    const at = async (day: string) =>
      (await as['gd01.manager']!.get(`/api/warranty/units/${unitId}/remedies?at=${day}`)).body.items.find(
        (i: { rule: string }) => i.rule === 'no_show',
      );
    // Reported 11-23 10:00: the 15 days run 11-24 … 12-08, ending at 24:00 Beijing time.
    expect(await at('2026-12-08')).toMatchObject({ eligible: false });
    expect(await at('2026-12-09')).toMatchObject({
      eligible: true,
      orderIds: [created.body.id],
      since: '2026-12-08T16:00:00.000Z',
    });
    expect((await at('2026-12-09')).reasons[0]['zh-CN']).toContain('至2026-12-08（含当日）');
  });

  it('sells, lists and updates service contracts that extend coverage', async () => {
    const body = {
      kind: 'extended_warranty',
      unitId: w.unitId,
      coversParts: true,
      coversLabour: true,
      startsOn: '2027-01-10',
      endsOn: '2029-01-09',
      priceFen: 29_900,
    };
    expect((await as['gd01.manager']!.post('/api/warranty/contracts', body)).status).toBe(403);
    const none = await as.hotline!.post('/api/warranty/contracts', { ...body, unitId: undefined });
    expect(none.body).toMatchObject({ code: 'warranty.contract_target', errors: [{ path: 'body.unitId' }] });
    const bad = await as.hotline!.post('/api/warranty/contracts', { ...body, endsOn: '2026-01-01' });
    expect(bad.body).toMatchObject({ code: 'warranty.contract_dates', errors: [{ path: 'body.endsOn' }] });
    const c = await as.hotline!.post('/api/warranty/contracts', body);
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(
      (await as['gd01.manager']!.get(`/api/warranty/contracts?unitId=${w.unitId}`)).body.items.map(
        (x: { id: string }) => x.id,
      ),
    ).toContain(c.body.id);
    const e = await as['gd01.manager']!.get(`/api/warranty/units/${w.unitId}/entitlement?at=2027-06-01`);
    expect(e.body.unit).toMatchObject({
      covered: true,
      rule: 'contract',
      labour: 'contract',
      parts: 'contract',
      contractId: c.body.id,
    });
    const used = await as.hotline!.patch(`/api/warranty/contracts/${c.body.id}`, { visitsUsed: 1, version: 1 });
    expect(used.body).toMatchObject({ visitsUsed: 1, version: 2 });
    expect(
      (await as.hotline!.patch(`/api/warranty/contracts/${c.body.id}`, { visitsUsed: 2, version: 1 })).status,
    ).toBe(409);
    await as.hotline!.patch(`/api/warranty/contracts/${c.body.id}`, { status: 'cancelled', version: 2 });
  });

  it('a contract sold for a number of months ends as every warranty period does', async () => {
    const body = {
      kind: 'extended_warranty',
      unitId: w.unitId,
      coversParts: true,
      coversLabour: true,
      startsOn: '2027-01-10',
      months: 24,
    };
    const both = await as.hotline!.post('/api/warranty/contracts', { ...body, endsOn: '2029-01-09' });
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({ code: 'warranty.contract_term', errors: [{ path: 'body.months' }] });
    // Civil Code art. 202: two years from 2027-01-10 end on the corresponding day.
    const c = await as.hotline!.post('/api/warranty/contracts', body);
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({ startsOn: '2027-01-10', endsOn: '2029-01-10' });
    const e = await as['gd01.manager']!.get(`/api/warranty/units/${w.unitId}/entitlement?at=2029-01-10`);
    expect(e.body.unit).toMatchObject({ covered: true, rule: 'contract', until: '2029-01-10' });
    expect(e.body.unit.reasons.map((r: { 'zh-CN': string }) => r['zh-CN']).join()).toContain('至2029-01-10（含当日）');
    await as.hotline!.patch(`/api/warranty/contracts/${c.body.id}`, { status: 'cancelled', version: 1 });
  });
});

describe('return/exchange cases', () => {
  const caseAct = async (
    who: string,
    c: { id: string; version: number },
    action: string,
    body: Record<string, unknown> = {},
    status = 200,
  ) => {
    const res = await as[who]!.post(`/api/warranty/cases/${c.id}/${action}`, { version: c.version, ...body });
    expect(res.status, `${who} ${action}: ${JSON.stringify(res.body)}`).toBe(status);
    return res.body;
  };
  const appraisal = {
    faultVerified: true,
    faultCode: 'E21',
    findings: '通电后电机不转',
    testResults: '空载测试不通过',
    conclusion: 'exchange',
    customerChoice: 'exchange',
  };

  it('takes the appraisal photos as uploads to the case, in its scope, and only those as photoIds', async () => {
    const unitId = await newUnit('SN-W-PHOTO', '2026-11-18');
    const opened = await as['gd01.manager']!.post('/api/warranty/cases', {
      unitId,
      requested: 'exchange',
      reason: '外壳开裂',
      priceFen: 199_900,
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    let c = opened.body;
    expect(c.photos).toEqual([]);
    const upload = (who: string, form: ReturnType<typeof photoForm>, id = c.id) =>
      as[who]!.request('POST', `/api/warranty/cases/${id}/photos`, form.payload, form.headers);

    const up = await upload('gd01.tech1', photoForm([{ name: '裂纹.png', type: 'image/png', bytes: PNG }]));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ fileName: '裂纹.png', mime: 'image/png', size: PNG.length });
    const photoId: string = up.body.id;
    // Not an image by its bytes, none at all, or two at once: refused naming the field, nothing kept.
    const fake = await upload(
      'gd01.tech1',
      photoForm([{ name: 'x.png', type: 'image/png', bytes: Buffer.from('%PDF') }]),
    );
    expect(fake.status).toBe(415);
    expect(fake.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fake.body).toMatchObject({ code: 'portal.file_type', errors: [{ path: 'body.photo' }] });
    const none = await upload('gd01.tech1', photoForm([]));
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([{ path: 'body.photo', code: 'required', message: 'body.photo: 必填' }]);
    const two = photoForm([
      { name: 'a.png', type: 'image/png', bytes: PNG },
      { name: 'b.png', type: 'image/png', bytes: PNG },
    ]);
    expect((await upload('gd01.tech1', two)).body).toMatchObject({
      code: 'portal.too_many_files',
      errors: [{ path: 'body.photo' }],
    });
    // Another outlet neither adds to the case nor reads its photos.
    const other = await upload('gd02.manager', photoForm([{ name: 'y.png', type: 'image/png', bytes: PNG }]));
    expect(other.status).toBe(404);
    expect((await as['gd02.manager']!.get(up.body.url)).status).toBe(404);
    const file = await as['gd01.manager']!.get(up.body.url);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');

    // photoIds are the case's uploads: any other id is refused naming the field.
    const stranger = await as['gd01.tech1']!.post(`/api/warranty/cases/${c.id}/appraise`, {
      version: c.version,
      ...appraisal,
      photoIds: [crypto.randomUUID()],
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body).toMatchObject({ code: 'warranty.photo_unknown', errors: [{ path: 'body.photoIds' }] });
    c = await caseAct('gd01.tech1', c, 'appraise', { ...appraisal, photoIds: [photoId] });
    expect(c).toMatchObject({ state: 'appraised', appraisal: { photoIds: [photoId] }, photos: [{ id: photoId }] });
    // Once appraised the evidence is fixed: no more uploads.
    const late = await upload('gd01.tech1', photoForm([{ name: 'z.png', type: 'image/png', bytes: PNG }]));
    expect(late.status).toBe(409);
    const db = t.database.db;
    const kept = await db.select().from(tables.attachments).where(eq(tables.attachments.ownerId, c.id));
    expect(kept.map((a) => a.id)).toEqual([photoId]);
    const events = await db
      .select()
      .from(tables.events)
      .where(and(eq(tables.events.entityId, c.id), eq(tables.events.action, 'warranty_case.photo_added')));
    expect(events).toHaveLength(1);
  });

  it('runs from opening to an exchange; the new unit starts a fresh warranty', async () => {
    const unitId = await newUnit('SN-W-CASE1', '2026-11-18');
    const opened = await as['gd01.manager']!.post('/api/warranty/cases', {
      unitId,
      requested: 'exchange',
      rule: 'within_refund_days',
      reason: '买回第二天就不转',
      priceFen: 259_900,
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    let c = opened.body;
    expect(c).toMatchObject({
      state: 'opened',
      actions: ['appraise', 'cancel'],
      remediesAtOpen: { eligible: ['refund', 'exchange'] },
    });
    const twice = await as['gd01.manager']!.post('/api/warranty/cases', {
      unitId,
      requested: 'refund',
      reason: 'x',
      priceFen: 1,
    });
    expect(twice.body).toMatchObject({ code: 'warranty.case_open_exists', errors: [{ path: 'body.unitId' }] });
    await caseAct('gd01.tech1', c, 'approve', {}, 409);
    c = await caseAct('gd01.tech1', c, 'appraise', appraisal);
    expect(c).toMatchObject({ state: 'appraised', appraisal: { conclusion: 'exchange', byName: expect.any(String) } });
    await caseAct('gd01.tech1', c, 'approve', {}, 403);
    c = await caseAct('gd.approver', c, 'approve', { note: '同意换机' });
    expect(c).toMatchObject({ state: 'approved', approvals: [{ level: 'center' }] });
    const noSerial = await as['gd01.manager']!.post(`/api/warranty/cases/${c.id}/execute`, { version: c.version });
    expect(noSerial.body).toMatchObject({
      code: 'warranty.exchange_serial_required',
      errors: [{ path: 'body.newSerialNo' }],
    });
    c = await caseAct('gd01.manager', c, 'execute', { newSerialNo: 'SN-W-CASE1-NEW' });
    expect(c).toMatchObject({ state: 'executed', execution: { kind: 'exchange', newSerialNo: 'SN-W-CASE1-NEW' } });
    const db = t.database.db;
    const [old] = await db.select().from(tables.units).where(eq(tables.units.id, unitId));
    const [fresh] = await db.select().from(tables.units).where(eq(tables.units.id, c.execution.newUnitId));
    expect(old).toMatchObject({ status: 'replaced', replacedById: fresh!.id });
    expect(fresh).toMatchObject({ replacesId: unitId, purchaseDate: '2026-11-23', status: 'active' });
    // A fresh warranty from the exchange (the household washer policy is 6 months since version 2 above).
    const e = await as['gd01.manager']!.get(`/api/warranty/units/${fresh!.id}/entitlement?at=2027-05-23`);
    expect(e.body).toMatchObject({ startDate: '2026-11-23', unit: { covered: true, until: '2027-05-23' } });
    c = await caseAct('gd01.manager', c, 'close');
    expect(c.state).toBe('closed');
    expect(c.history.map((h: { action: string }) => h.action)).toEqual([
      'open',
      'appraise',
      'approve',
      'execute',
      'close',
    ]);
    // The unit stands at the owner's address: the form names province, city and district.
    await db.update(tables.units).set({ addressId: w.addressId }).where(eq(tables.units.id, c.unitId));
    const form = await as['gd01.manager']!.get(`/api/warranty/cases/${c.id}/appraisal-form`);
    expect(form.body.customer.address).toMatch(/^广东省 广州市 天河区 天河路/);
    expect(form.body).toMatchObject({
      caseCode: c.code,
      product: { serialNo: 'SN-W-CASE1' },
      appraisal: { conclusion: 'exchange' },
    });
    expect(form.body.remedyReasons.length).toBeGreaterThan(0);
    expect((await as['gd02.manager']!.get(`/api/warranty/cases/${c.id}`)).status).toBe(404);
    const events = await db
      .select()
      .from(tables.events)
      .where(and(eq(tables.events.entity, 'warranty_case'), eq(tables.events.entityId, c.id)));
    expect(events).toHaveLength(5);
  });

  it('above the threshold HQ approves after the center; a refund is depreciated per the policy', async () => {
    const unitId = await newUnit('SN-W-CASE2', '2026-11-01');
    let c = (
      await as['gd01.manager']!.post('/api/warranty/cases', {
        unitId,
        requested: 'refund',
        reason: '多次维修',
        priceFen: 900_000,
      })
    ).body;
    c = await caseAct('gd01.tech1', c, 'appraise', { ...appraisal, conclusion: 'refund', customerChoice: 'refund' });
    c = await caseAct('gd.approver', c, 'approve');
    expect(c.state).toBe('pending_hq');
    // Not final yet: the customer hears nothing until HQ approves.
    expect(await decided(c.code)).toEqual([]);
    const again = await as['gd.approver']!.post(`/api/warranty/cases/${c.id}/approve`, { version: c.version });
    expect(again.body).toMatchObject({ code: 'warranty.hq_approval_required' });
    c = await caseAct('admin', c, 'approve');
    expect(c).toMatchObject({ state: 'approved', approvals: [{ level: 'center' }, { level: 'hq' }] });
    const told = await decided(c.code);
    expect(told).toMatchObject([{ channel: 'sms', params: { caseCode: c.code, decision: '同意退货退款' } }]);
    expect(told[0]!.body).toContain('同意退货退款');
    const over = await as['gd01.manager']!.post(`/api/warranty/cases/${c.id}/execute`, {
      version: c.version,
      refundFen: 900_001,
    });
    expect(over.body).toMatchObject({ code: 'warranty.refund_exceeds_price', errors: [{ path: 'body.refundFen' }] });
    c = await caseAct('gd01.manager', c, 'execute');
    // Bought 2026-11-01, refunded 2026-11-23: less than a whole month used (不足1个月), not 1.
    expect(c.execution).toMatchObject({ kind: 'refund', refundFen: 900_000, depreciationFen: 0, monthsUsed: 0 });
    const [refund] = await t.database.db
      .select()
      .from(tables.warrantyRefunds)
      .where(eq(tables.warrantyRefunds.caseId, c.id));
    expect(refund).toMatchObject({ amountFen: 900_000, priceFen: 900_000, monthsUsed: 0 });
    const [unit] = await t.database.db.select().from(tables.units).where(eq(tables.units.id, unitId));
    expect(unit!.status).toBe('returned');
  });

  it('center staff approve up to the threshold; above it the case waits for HQ, which alone is offered approval', async () => {
    const open = async (serial: string, priceFen: number) => {
      const unitId = await newUnit(serial, '2026-11-20');
      let c = (
        await as['gd01.manager']!.post('/api/warranty/cases', { unitId, requested: 'refund', reason: '不转', priceFen })
      ).body;
      c = await caseAct('gd01.tech1', c, 'appraise', { ...appraisal, conclusion: 'refund', customerChoice: 'refund' });
      return c;
    };
    const seen = async (who: string, id: string) => (await as[who]!.get(`/api/warranty/cases/${id}`)).body;

    let low = await open('SN-W-CENTER1', 300_000);
    expect((await seen('gd.center', low.id)).actions).toEqual(['approve', 'reject', 'cancel']);
    expect((await seen('gd01.manager', low.id)).actions).not.toContain('approve');
    low = await caseAct('gd.center', low, 'approve', { note: '中心同意' });
    expect(low).toMatchObject({ state: 'approved', approvals: [{ level: 'center' }] });

    let high = await open('SN-W-CENTER2', 600_000);
    high = await caseAct('gd.center', high, 'approve');
    expect(high.state).toBe('pending_hq');
    expect(high.actions).not.toContain('approve');
    expect((await seen('manager', high.id)).actions).toContain('approve');
    high = await caseAct('manager', high, 'approve');
    expect(high).toMatchObject({ state: 'approved', approvals: [{ level: 'center' }, { level: 'hq' }] });
  });

  it('carrying out a case ends the unit’s open orders: closed as refunded, with a timeline row and an event', async () => {
    const unitId = await newUnit('SN-W-ENDS', '2026-11-19');
    const inRepair = await orderInRepair(unitId);
    const second = (
      await as.hotline!.post('/api/orders', {
        customerId: w.customerId,
        unitId,
        serviceType: 'on_site',
        faultDescription: '又报不转',
      })
    ).body;
    let c = (
      await as['gd01.manager']!.post('/api/warranty/cases', {
        unitId,
        orderId: inRepair.id,
        requested: 'refund',
        reason: '七日内性能故障',
        priceFen: 199_900,
      })
    ).body;
    c = await caseAct('gd01.tech1', c, 'appraise', { ...appraisal, conclusion: 'refund', customerChoice: 'refund' });
    c = await caseAct('gd.center', c, 'approve');
    c = await caseAct('gd01.manager', c, 'execute');
    expect(c.state).toBe('executed');

    for (const o of [inRepair, second]) {
      const detail = (await as.admin!.get(`/api/orders/${o.id}`)).body;
      expect(detail).toMatchObject({ state: 'closed', resolution: 'refunded' });
      expect(detail.timeline.at(-1)).toMatchObject({
        action: 'close_by_case',
        toState: 'closed',
        note: c.code,
        data: { caseId: c.id, resolution: 'refunded' },
      });
      expect(detail.allowedActions).not.toContain('reopen');
      const live = detail.milestones.filter((m: { state: string }) =>
        ['pending', 'running', 'paused'].includes(m.state),
      );
      expect(live).toEqual([]);
      const events = await t.database.db
        .select()
        .from(tables.events)
        .where(and(eq(tables.events.entityId, o.id), eq(tables.events.action, 'work_order.close_by_case')));
      expect(events).toHaveLength(1);
    }
    // The outlet's technician no longer has the job.
    const jobs = (await as['gd01.tech1']!.get('/api/orders?open=true')).body;
    expect(jobs.items.map((o: { id: string }) => o.id)).not.toContain(inRepair.id);
    const e = (await as['gd01.manager']!.get(`/api/warranty/units/${unitId}/entitlement`)).body;
    expect(e.unitStatus).toBe('returned');
  });

  it('a rejection keeps the reason and tells the customer by SMS', async () => {
    const unitId = await newUnit('SN-W-CASE3', '2025-01-01');
    let c = (
      await as.hotline!.post('/api/warranty/cases', {
        unitId,
        requested: 'exchange',
        reason: '要求换新',
        priceFen: 100_000,
      })
    ).body;
    expect(c.state).toBe('opened');
    c = await caseAct('gd01.tech1', c, 'appraise', {
      ...appraisal,
      faultVerified: false,
      conclusion: 'not_eligible',
      customerChoice: null,
    });
    const cannot = await as['gd.approver']!.post(`/api/warranty/cases/${c.id}/approve`, { version: c.version });
    expect(cannot.body).toMatchObject({ code: 'warranty.appraisal_conclusion' });
    c = await caseAct('gd.approver', c, 'reject', { reason: '鉴定无性能故障' });
    expect(c).toMatchObject({ state: 'rejected', rejection: { reason: '鉴定无性能故障' }, actions: [] });
    const sms = await decided(c.code);
    expect(sms).toMatchObject([
      {
        channel: 'sms',
        recipient: '13800138000',
        params: { caseCode: c.code, decision: '未获批准', reason: '鉴定无性能故障' },
      },
    ]);
    expect(sms[0]!.body).toContain(c.code);
    expect(sms[0]!.body).toContain('鉴定无性能故障');
    const list = await as['gd01.manager']!.get('/api/warranty/cases?state=rejected');
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(c.id);
  });
});

describe('the day-counting setting', () => {
  it('switches, audited and effective-dated; stored decisions keep the convention they were made under', async () => {
    const unitId = await newUnit('SN-W-COUNT', '2026-11-20');
    let o = await orderInRepair(unitId);
    o = await act('gd01.manager', o, 'complete', completion());
    expect(o.warrantyDecisions[0]).toMatchObject({ dayCounting: 'civil_code', covered: true });
    const madeUntil = o.warrantyDecisions[0].until;
    // The corresponding day of the last month (the term is 12 or 6 months, per the policy version in force).
    expect(madeUntil).toMatch(/^2027-(11|05)-20$/);
    const dayBefore = madeUntil.replace(/-20$/, '-19');

    const listed = (await as.admin!.get('/api/settings')).body.items.find(
      (s: { key: string }) => s.key === 'warranty.dayCounting',
    );
    expect(listed).toMatchObject({ group: 'warranty', value: 'civil_code', default: 'civil_code' });
    expect(listed.options.map((x: { value: string }) => x.value)).toEqual(['civil_code', 'start_day_counted']);

    const bad = await as.admin!.put('/api/settings/warranty.dayCounting', { value: 'weekdays' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: [{ path: 'body.value' }] });
    expect((await as['gd01.manager']!.put('/api/settings/warranty.dayCounting', { value: 'civil_code' })).status).toBe(
      403,
    );

    // The company's own terms count the purchase day from 2026-12-01 (Beijing time).
    const put = await as.admin!.put('/api/settings/warranty.dayCounting', {
      value: 'start_day_counted',
      effectiveFrom: '2026-12-01T00:00:00+08:00',
      note: '本公司保修条款：购买当日计入',
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const [event] = await t.database.db
      .select()
      .from(tables.events)
      .where(and(eq(tables.events.entityId, 'warranty.dayCounting'), eq(tables.events.action, 'setting.changed')));
    expect(event).toMatchObject({
      changes: { value: { before: 'civil_code', after: 'start_day_counted' } },
      reason: '本公司保修条款：购买当日计入',
    });

    const remediesOn = async (day: string) =>
      (await as['gd01.manager']!.get(`/api/warranty/units/${unitId}/remedies?at=${day}`)).body;
    expect(await remediesOn('2026-11-27')).toMatchObject({
      dayCounting: 'civil_code',
      eligible: ['refund', 'exchange'],
    });
    const entitled = await as['gd01.manager']!.get(`/api/warranty/units/${unitId}/entitlement?at=${madeUntil}`);
    expect(entitled.body).toMatchObject({ dayCounting: 'start_day_counted', unit: { covered: false } });
    expect(
      (await as['gd01.manager']!.get(`/api/warranty/units/${unitId}/entitlement?at=${dayBefore}`)).body.unit,
    ).toMatchObject({ covered: true, until: dayBefore });

    // The stored decision was made under the Civil Code and stays so.
    const again = (await as['gd01.manager']!.get(`/api/orders/${o.id}`)).body;
    expect(again.warrantyDecisions[0]).toMatchObject({ dayCounting: 'civil_code', until: madeUntil });

    // Back to the default for anything after this test.
    const back = await as.admin!.put('/api/settings/warranty.dayCounting', {
      value: 'civil_code',
      effectiveFrom: '2026-12-01T00:00:00+08:00',
    });
    expect(back.status).toBe(200);
  });
});
