import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../db/schema.js';
import { outbox } from '../../platform/notify/index.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { SIGNATURE, type ServiceWorld, setUpServiceWorld } from '../../test/service-world.js';

/*
 * Recall campaigns (docs/recalls.md), through the API on a real database (PGlite, and PostgreSQL
 * with TEST_DATABASE_URL): a campaign over a serial range is defined and started, the affected
 * units are found (edges included, another length and a returned unit left out), a unit
 * registered afterwards joins, the outreach messages each unit's customer once, a booking makes
 * a recall order through the order pipeline, its completion marks the unit done; a center reads
 * its province's units only, an outlet its own orders'; bad input is refused naming the field.
 */

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
const USERS = ['admin', 'hotline', 'dispatcher', 'gd.center', 'gd.dispatch', 'zj.center', 'gd01.manager', 'gd01.tech1'];
const ids: Record<string, string> = {};

async function act(who: string, o: { id: string; version: number }, path: string, body: Record<string, unknown> = {}) {
  const res = await as[who]!.post(`/api/orders/${o.id}/${path}`, { version: o.version, ...body });
  expect(res.status, `${who} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  const db = t.database.db;
  // 张三 (广州, O-GD-01's area) agrees to messages; a customer in 杭州 (O-ZJ-01's area) does not.
  await db.update(tables.customers).set({ consentMessages: true }).where(eq(tables.customers.id, w.customerId));
  const [zj] = await db
    .select({ id: tables.orgUnits.id, path: tables.orgUnits.path })
    .from(tables.orgUnits)
    .where(eq(tables.orgUnits.code, 'O-ZJ-01'));
  const [li] = await db
    .insert(tables.customers)
    .values({ code: 'CRC0001', kind: 'individual', name: '李四', orgPath: zj!.path })
    .returning();
  await db
    .insert(tables.customerPhones)
    .values({ customerId: li!.id, number: '13900139000', kind: 'mobile', isPrimary: true });
  await db.insert(tables.customerAddresses).values({
    customerId: li!.id,
    provinceCode: '330000',
    cityCode: '330100',
    districtCode: '330106',
    detail: '文三路 1 号',
    isPrimary: true,
  });
  ids.li = li!.id;
  const unit = async (serialNo: string, customerId: string, orgPath: string, status = 'active' as const) => {
    const [u] = await db
      .insert(tables.units)
      .values({ modelId: w.modelId, serialNo, customerId, usage: 'household', orgPath, status, addressId: null })
      .returning();
    return u!.id;
  };
  const [o1] = await db
    .select({ path: tables.orgUnits.path })
    .from(tables.orgUnits)
    .where(eq(tables.orgUnits.code, 'O-GD-01'));
  ids.low = await unit('XQ2611-0100', w.customerId, o1!.path);
  ids.high = await unit('XQ2611-0200', li!.id, zj!.path);
  ids.below = await unit('XQ2611-0099', w.customerId, o1!.path);
  ids.above = await unit('XQ2611-0201', w.customerId, o1!.path);
  ids.shorter = await unit('XQ2611-150', w.customerId, o1!.path);
  const [ret] = await db
    .insert(tables.units)
    .values({
      modelId: w.modelId,
      serialNo: 'XQ2611-0150',
      customerId: w.customerId,
      usage: 'household',
      orgPath: o1!.path,
      status: 'returned',
    })
    .returning();
  ids.returned = ret!.id;
  for (const u of USERS) as[u] = await t.login(u);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const DEFINITION = () => ({
  title: { 'zh-CN': '排水泵召回', en: 'Drain pump recall' },
  reason: '2026年11月批次排水泵密封圈可能老化漏水',
  modelIds: [w.modelId],
  serialFrom: 'xq2611-0100',
  serialTo: 'XQ2611-0200',
  effectiveFrom: '2026-11-01',
});

let campaign: { id: string; version: number; code: string };

describe('definition', () => {
  it('refuses bad input naming the field', async () => {
    const lengths = await as.admin!.post('/api/recalls', { ...DEFINITION(), serialTo: 'XQ2611-200' });
    expect(lengths.status).toBe(400);
    expect(lengths.body).toMatchObject({ code: 'recall.serial_range_lengths', errors: [{ path: 'body.serialTo' }] });
    const order = await as.admin!.post('/api/recalls', { ...DEFINITION(), serialFrom: 'XQ2611-0300' });
    expect(order.body).toMatchObject({ code: 'recall.serial_range_order', errors: [{ path: 'body.serialTo' }] });
    const model = await as.admin!.post('/api/recalls', { ...DEFINITION(), modelIds: [crypto.randomUUID()] });
    expect(model.body).toMatchObject({ code: 'catalog.unknown_model', errors: [{ path: 'body.modelIds.0' }] });
    const serial = await as.admin!.post('/api/recalls', { ...DEFINITION(), serialPrefix: '#1' });
    expect(serial.body).toMatchObject({ code: 'unit.invalid_serial', errors: [{ path: 'body.serialPrefix' }] });
    const none = await as.admin!.post('/api/recalls', { ...DEFINITION(), modelIds: [] });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].path).toBe('body.modelIds');
    expect((await as['gd.center']!.post('/api/recalls', DEFINITION())).status).toBe(403);
  });

  it('creates a draft (serials normalised), edits it, and only the manager may', async () => {
    const res = await as.admin!.post('/api/recalls', { ...DEFINITION(), serialTo: 'XQ2611-0300' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      state: 'draft',
      serialFrom: 'XQ2611-0100',
      serialTo: 'XQ2611-0300',
      models: [{ id: w.modelId, code: 'XQG-100' }],
      counts: { total: 0 },
      actions: ['edit', 'activate'],
    });
    expect(res.body.code).toMatch(/^RC\d{8}\d{3}$/);
    const edited = await as.admin!.put(`/api/recalls/${res.body.id}`, { ...DEFINITION(), version: res.body.version });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ serialTo: 'XQ2611-0200', version: 2 });
    const stale = await as.admin!.put(`/api/recalls/${res.body.id}`, { ...DEFINITION(), version: 1 });
    expect(stale.status).toBe(409);
    const read = await as['gd.center']!.get(`/api/recalls/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.actions).toEqual([]);
    campaign = edited.body;
  });
});

describe('a recall over a serial range', () => {
  it('activation finds the units in range, edges included; another length and a returned unit are left out', async () => {
    const res = await as.admin!.post(`/api/recalls/${campaign.id}/activate`, { version: campaign.version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      state: 'active',
      counts: { total: 2, affected: 2 },
      actions: ['close', 'outreach'],
    });
    campaign = res.body;
    const list = await as.admin!.get(`/api/recalls/${campaign.id}/units`);
    expect(list.body.items.map((u: { serialNo: string }) => u.serialNo)).toEqual(['XQ2611-0100', 'XQ2611-0200']);
    expect(list.body.items[0]).toMatchObject({
      unitId: ids.low,
      customerName: '张三',
      phone: '138****8000',
      provinceCode: '440000',
      outletId: w.units['O-GD-01'],
      addedBy: 'activation',
      state: 'affected',
    });
    expect(list.body.items[1]).toMatchObject({ unitId: ids.high, provinceCode: '330000', consent: false });
    const again = await as.admin!.post(`/api/recalls/${campaign.id}/activate`, { version: campaign.version });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('recall.wrong_state');
  });

  it('a unit registered afterwards within the range joins in its registration; one outside does not', async () => {
    const inside = await as.hotline!.post('/api/units', {
      customerId: w.customerId,
      modelId: w.modelId,
      serialNo: 'XQ2611-0180',
      usage: 'household',
      addressId: w.addressId,
    });
    expect(inside.status, JSON.stringify(inside.body)).toBe(201);
    const outside = await as.hotline!.post('/api/units', {
      customerId: w.customerId,
      modelId: w.modelId,
      serialNo: 'XQ2611-0300',
      usage: 'household',
    });
    expect(outside.status).toBe(201);
    const list = await as.admin!.get(`/api/recalls/${campaign.id}/units?state=affected`);
    expect(list.body.total).toBe(3);
    expect(list.body.items.find((u: { unitId: string }) => u.unitId === inside.body.id)).toMatchObject({
      serialNo: 'XQ2611-0180',
      addedBy: 'registration',
      provinceCode: '440000',
    });
    const detail = await as.admin!.get(`/api/recalls/${campaign.id}`);
    expect(detail.body.counts).toMatchObject({ total: 3, affected: 3 });
  });

  it('outreach messages each consenting customer with a mobile once per unit, naming the campaign and the hotline', async () => {
    const hot = await as.admin!.put('/api/settings/company.hotline', { value: '400-800-1234' });
    expect(hot.status, JSON.stringify(hot.body)).toBe(200);
    const res = await as.admin!.post(`/api/recalls/${campaign.id}/outreach`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ sent: 2, noConsent: 1, noMobile: 0 });
    const again = await as.admin!.post(`/api/recalls/${campaign.id}/outreach`, {});
    expect(again.body).toEqual({ sent: 0, noConsent: 1, noMobile: 0 });
    const sms = await t.database.db.select().from(outbox).where(eq(outbox.template, 'recall.outreach'));
    expect(sms).toHaveLength(2);
    expect(sms.every((m) => m.recipient === '13800138000' && m.channel === 'sms')).toBe(true);
    expect(sms[0]!.body).toContain(campaign.code);
    expect(sms[0]!.body).toContain('400-800-1234');
    expect(sms[0]!.body).toContain('排水泵召回');
    expect(sms.map((m) => m.params.serialNo).sort()).toEqual(['XQ2611-0100', 'XQ2611-0180']);
    expect(sms.every((m) => m.orgPath !== null && m.customerId !== null)).toBe(true);
    const detail = await as.admin!.get(`/api/recalls/${campaign.id}`);
    expect(detail.body.counts).toMatchObject({ total: 3, affected: 1, reached: 2 });
  });

  it('scope: a center reads its province’s units only; an outlet none until it holds their orders', async () => {
    const gd = await as['gd.center']!.get(`/api/recalls/${campaign.id}/units`);
    expect(gd.body.items.map((u: { serialNo: string }) => u.serialNo).sort()).toEqual(['XQ2611-0100', 'XQ2611-0180']);
    const zj = await as['zj.center']!.get(`/api/recalls/${campaign.id}/units`);
    expect(zj.body.items.map((u: { serialNo: string }) => u.serialNo)).toEqual(['XQ2611-0200']);
    const zjDetail = await as['zj.center']!.get(`/api/recalls/${campaign.id}`);
    expect(zjDetail.body.counts).toMatchObject({ total: 1, affected: 1 });
    const outlet = await as['gd01.manager']!.get(`/api/recalls/${campaign.id}/units`);
    expect(outlet.body.total).toBe(0);
    const byProvince = await as.admin!.get(`/api/recalls/${campaign.id}/progress?by=province`);
    expect(byProvince.body.items).toEqual([
      expect.objectContaining({ key: '440000', name: '广东省', total: 2, reached: 2 }),
      expect.objectContaining({ key: '330000', name: '浙江省', total: 1, affected: 1 }),
    ]);
    const gdProvince = await as['gd.center']!.get(`/api/recalls/${campaign.id}/progress?by=province`);
    expect(gdProvince.body.items.map((r: { key: string }) => r.key)).toEqual(['440000']);
    // A center may not work another province's unit (it reads as not found).
    const zjUnit = zj.body.items[0];
    const cross = await as['gd.center']!.post(`/api/recall-units/${zjUnit.id}/unreachable`, {
      version: zjUnit.version,
      reason: '越界',
    });
    expect(cross.status).toBe(404);
  });

  it('a booking makes a recall order through the pipeline; its completion marks the unit done', async () => {
    const gd = await as['gd.center']!.get(`/api/recalls/${campaign.id}/units?q=XQ2611-0100`);
    const u = gd.body.items[0];
    expect(u.actions).toEqual(['book', 'unreachable', 'decline']);
    const booked = await as['gd.center']!.post(`/api/recall-units/${u.id}/book`, {
      version: u.version,
      note: '周六上午方便',
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(200);
    expect(booked.body).toMatchObject({ state: 'booked', actions: [] });
    const order = (await as.admin!.get(`/api/orders/${booked.body.orderId}`)).body;
    expect(order).toMatchObject({
      serviceType: 'recall',
      unitId: ids.low,
      state: 'created',
      code: booked.body.orderCode,
    });
    expect(order.faultDescription).toContain(campaign.code);
    const twice = await as['gd.center']!.post(`/api/recall-units/${u.id}/book`, { version: booked.body.version });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('recall.unit_wrong_state');

    // The normal chain: the center's dispatcher hands it to the outlet, its technician does the work.
    const cert = await as['gd01.manager']!.post('/api/technician-certifications', {
      userId: w.users['gd01.tech1'],
      productLineId: w.lineId,
      validUntil: '2027-12-31',
    });
    expect(cert.status, JSON.stringify(cert.body)).toBe(201);
    let o = order;
    if (o.holderUnitId !== w.units['C-GD']) o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
    o = await act('gd.dispatch', o, 'dispatch', { toUnitId: w.units['O-GD-01'] });
    o = await act('gd01.manager', o, 'accept');
    // The outlet now holds the order: it reads the unit.
    const outlet = await as['gd01.manager']!.get(`/api/recalls/${campaign.id}/units`);
    expect(outlet.body.items.map((x: { serialNo: string }) => x.serialNo)).toEqual(['XQ2611-0100']);
    expect(outlet.body.items[0].actions).toEqual([]);
    o = await act('gd01.manager', o, 'dispatch', { technicianId: w.users['gd01.tech1'] });
    o = await act('gd01.tech1', o, 'appointment', {
      from: '2026-11-23T06:00:00Z',
      to: '2026-11-23T08:00:00Z',
      confirmedWithCustomer: true,
    });
    o = await act('gd01.tech1', o, 'depart');
    o = await act('gd01.tech1', o, 'arrive', { position: { lat: 23.1372, lng: 113.3245, accuracyM: 12 } });
    o = await act('gd01.tech1', o, 'start');
    o = await act('gd01.tech1', o, 'complete', {
      diagnosis: '召回检查',
      cause: '密封圈批次缺陷',
      solution: '更换密封圈',
      labourMinutes: 20,
      signature: SIGNATURE,
    });
    expect(o.state).toBe('completed');
    const done = await as['gd.center']!.get(`/api/recalls/${campaign.id}/units?q=XQ2611-0100`);
    expect(done.body.items[0]).toMatchObject({ state: 'done', orderState: 'completed', outletId: w.units['O-GD-01'] });
    const byOutlet = await as.admin!.get(`/api/recalls/${campaign.id}/progress?by=outlet`);
    expect(byOutlet.body.items).toContainEqual(
      expect.objectContaining({ key: w.units['O-GD-01'], total: 2, done: 1, reached: 1 }),
    );
    const events = await t.database.db
      .select()
      .from(tables.events)
      .where(and(eq(tables.events.entity, 'recall_unit'), eq(tables.events.entityId, u.id)));
    expect(events.map((e) => e.action)).toEqual(['recall.unit_reached', 'recall.unit_booked', 'recall.unit_done']);
  });

  it('marks unreachable and declined with a reason; a reason is required', async () => {
    const list = await as['gd.center']!.get(`/api/recalls/${campaign.id}/units?q=XQ2611-0180`);
    const u = list.body.items[0];
    const bare = await as['gd.center']!.post(`/api/recall-units/${u.id}/unreachable`, { version: u.version });
    expect(bare.status).toBe(400);
    expect(bare.body.errors[0].path).toBe('body.reason');
    const res = await as['gd.center']!.post(`/api/recall-units/${u.id}/unreachable`, {
      version: u.version,
      reason: '三次拨打无人接听',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ state: 'unreachable', reason: '三次拨打无人接听', actions: ['book', 'decline'] });
    const zj = (await as['zj.center']!.get(`/api/recalls/${campaign.id}/units`)).body.items[0];
    const declined = await as['zj.center']!.post(`/api/recall-units/${zj.id}/decline`, {
      version: zj.version,
      reason: '客户已自行维修',
    });
    expect(declined.body).toMatchObject({ state: 'declined' });
  });

  it('the customer books through the SMS link: a recall order like an agent’s booking, once; the page shows it', async () => {
    const [msg] = await t.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.template, 'recall.outreach'), sql`${outbox.params}->>'serialNo' = 'XQ2611-0180'`));
    const url = String(msg!.params.url);
    expect(url).toMatch(/^http:\/\/localhost:3000\/portal\/recall\/[A-Za-z0-9_-]{32}$/);
    expect(msg!.body).toContain(url);
    const token = url.slice(url.lastIndexOf('/') + 1);
    const page = await t.request({ method: 'GET', url: `/api/portal/recall/${token}` });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body).toMatchObject({
      state: 'open',
      campaignCode: campaign.code,
      serialNo: 'XQ2611-0180',
      orderCode: null,
    });
    expect(JSON.stringify(page.body)).not.toContain('13800138000');
    const long = await t.request({
      method: 'POST',
      url: `/api/portal/recall/${token}`,
      payload: { preferredTime: 'x'.repeat(101) },
    });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).toContain('preferredTime');
    const booked = await t.request({
      method: 'POST',
      url: `/api/portal/recall/${token}`,
      payload: { preferredTime: '周末上午', note: '请提前电话联系' },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(200);
    expect(booked.body.orderCode).toMatch(/^FW/);
    const unit = (await as['gd.center']!.get(`/api/recalls/${campaign.id}/units?q=XQ2611-0180`)).body.items[0];
    expect(unit).toMatchObject({ state: 'booked', orderCode: booked.body.orderCode });
    const order = (await as.admin!.get(`/api/orders/${unit.orderId}`)).body;
    expect(order).toMatchObject({ serviceType: 'recall', holderUnitId: t.hqId });
    expect(order.faultDescription).toContain('周末上午');
    const again = await t.request({ method: 'POST', url: `/api/portal/recall/${token}`, payload: {} });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('link.booked');
    expect((await t.request({ method: 'GET', url: `/api/portal/recall/${token}` })).body).toMatchObject({
      state: 'booked',
      orderCode: booked.body.orderCode,
    });
    expect((await t.request({ method: 'GET', url: `/api/portal/recall/${'B'.repeat(32)}` })).status).toBe(404);
  });

  it('exports the units as XLSX in the reader’s scope; closing stops registrations and work', async () => {
    const x = await as['gd.center']!.get(`/api/recalls/${campaign.id}/units.xlsx`);
    expect(x.status).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.headers['x-total-count']).toBe('2');
    const detail = (await as.admin!.get(`/api/recalls/${campaign.id}`)).body;
    const closed = await as.admin!.post(`/api/recalls/${campaign.id}/close`, {
      version: detail.version,
      reason: '整改完成',
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.state).toBe('closed');
    const later = await as.hotline!.post('/api/units', {
      customerId: w.customerId,
      modelId: w.modelId,
      serialNo: 'XQ2611-0190',
      usage: 'household',
    });
    expect(later.status).toBe(201);
    expect((await as.admin!.get(`/api/recalls/${campaign.id}`)).body.counts.total).toBe(3);
    const u = (await as.admin!.get(`/api/recalls/${campaign.id}/units?state=declined`)).body.items[0];
    expect(u.actions).toEqual([]);
    const book = await as.admin!.post(`/api/recall-units/${u.id}/book`, { version: u.version });
    expect(book.status).toBe(409);
    expect(book.body.code).toBe('recall.wrong_state');
  });
});
