import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
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
  for (const u of ['admin', 'hotline', 'dispatcher', 'gd.dispatch', 'gd01.manager', 'gd01.tech1', 'gd02.manager'])
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
    const inside = await as['gd01.manager']!.get(url(`at=2027-01-09&parts=${motorId},${w.partId}`));
    expect(inside.status, JSON.stringify(inside.body)).toBe(200);
    expect(inside.body).toMatchObject({
      policy: { code: 'washer-household', version: 1 },
      startBasis: 'purchase',
      startDate: '2026-01-10',
      unit: { covered: true, rule: 'unit_term', until: '2027-01-09' },
      parts: [
        { partId: motorId, covered: true, rule: 'main_part_term', until: '2029-01-09' },
        { partId: w.partId, covered: true, rule: 'unit_term' },
      ],
    });
    const after = await as['gd01.manager']!.get(url(`at=2027-01-10&parts=${motorId},${w.partId}`));
    expect(after.body.unit).toMatchObject({ covered: false, rule: 'expired', labour: 'customer' });
    expect(after.body.parts.map((p: { covered: boolean }) => p.covered)).toEqual([true, false]);
    expect(after.body.parts[0].reasons.map((r: { 'zh-CN': string }) => r['zh-CN'])).toContain(
      '主要部件（电机）保修3年，购买日期2026-01-10，至2029-01-09；本次在保',
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
      `/api/warranty/units/${w.unitId}/entitlement?at=2027-02-22&parts=${w.partId}`,
    );
    expect(pump.body.parts[0]).toMatchObject({ covered: true, rule: 'replaced_part_term', until: '2027-02-22' });
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
    const later = await as['gd01.manager']!.get(`/api/warranty/units/${id}/remedies?at=2026-11-27`);
    expect(later.body.eligible).toEqual(['exchange']);
    const none = await as['gd01.manager']!.get(`/api/warranty/units/${id}/remedies?at=2026-12-05`);
    expect(none.body.eligible).toEqual([]);
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
    expect(await at('2026-12-07')).toMatchObject({ eligible: false });
    expect(await at('2026-12-08')).toMatchObject({
      eligible: true,
      orderIds: [created.body.id],
      since: '2026-12-08T02:00:00.000Z',
    });
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
    const e = await as['gd01.manager']!.get(`/api/warranty/units/${fresh!.id}/entitlement?at=2027-05-22`);
    expect(e.body).toMatchObject({ startDate: '2026-11-23', unit: { covered: true, until: '2027-05-22' } });
    c = await caseAct('gd01.manager', c, 'close');
    expect(c.state).toBe('closed');
    expect(c.history.map((h: { action: string }) => h.action)).toEqual([
      'open',
      'appraise',
      'approve',
      'execute',
      'close',
    ]);
    const form = await as['gd01.manager']!.get(`/api/warranty/cases/${c.id}/appraisal-form`);
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
    const again = await as['gd.approver']!.post(`/api/warranty/cases/${c.id}/approve`, { version: c.version });
    expect(again.body).toMatchObject({ code: 'warranty.hq_approval_required' });
    c = await caseAct('admin', c, 'approve');
    expect(c).toMatchObject({ state: 'approved', approvals: [{ level: 'center' }, { level: 'hq' }] });
    const over = await as['gd01.manager']!.post(`/api/warranty/cases/${c.id}/execute`, {
      version: c.version,
      refundFen: 900_001,
    });
    expect(over.body).toMatchObject({ code: 'warranty.refund_exceeds_price', errors: [{ path: 'body.refundFen' }] });
    c = await caseAct('gd01.manager', c, 'execute');
    expect(c.execution).toMatchObject({ kind: 'refund', refundFen: 900_000, depreciationFen: 0 });
    const [refund] = await t.database.db
      .select()
      .from(tables.warrantyRefunds)
      .where(eq(tables.warrantyRefunds.caseId, c.id));
    expect(refund).toMatchObject({ amountFen: 900_000, priceFen: 900_000 });
    const [unit] = await t.database.db.select().from(tables.units).where(eq(tables.units.id, unitId));
    expect(unit!.status).toBe('returned');
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
    const sms = await t.database.db
      .select()
      .from(tables.outbox)
      .where(eq(tables.outbox.template, 'warranty.case_rejected'));
    expect(sms).toMatchObject([
      { channel: 'sms', recipient: '13800138000', params: { code: c.code, reason: '鉴定无性能故障' } },
    ]);
    const list = await as['gd01.manager']!.get('/api/warranty/cases?state=rejected');
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(c.id);
  });
});
