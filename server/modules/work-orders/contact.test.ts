import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../platform/events/tables.js';
import {
  buildAddress,
  buildCustomer,
  buildOrgUnit,
  buildProductModel,
  buildUnit,
  buildUser,
} from '../../test/factories.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { SIGNATURE } from '../../test/service-world.js';
import { workOrders } from './tables.js';

/*
 * Phones and addresses on a need-to-know basis (DOMAIN.md, Privacy), through the API: who sees
 * the order's customer whole while the order is served and after it ends, and the audited reveal.
 * The rule itself is table-tested in customers/rules.test.ts; the scope walk checks every route.
 */

let t: TestApp;
/** The customer 张三 in 广州天河 with one unit, and the ids of the people and units acting. */
const w = { customerId: '', unitId: '', addressId: '', lineId: '', users: {} as Record<string, string> };
const units: Record<string, string> = {};
const as: Record<string, Agent> = {};
const WHOLE = '13800138000';
const MASKED = '138****8000';

beforeAll(async () => {
  t = await createTestApp();
  // A center for 广东, the outlet serving 天河 (the customer's district) and one in 深圳南山.
  const center = await buildOrgUnit(t, { kind: 'center' });
  units['C-GD'] = center.id;
  units['O-GD-01'] = (await buildOrgUnit(t, { kind: 'outlet', parentId: center.id })).id;
  units['O-GD-02'] = (
    await buildOrgUnit(t, { kind: 'outlet', parentId: center.id, cityCode: '440300', districtCode: '440305' })
  ).id;
  const people: [string, 'hotline_agent' | 'dispatcher' | 'outlet_manager' | 'technician', string][] = [
    ['hotline', 'hotline_agent', t.hqId],
    ['dispatcher', 'dispatcher', t.hqId],
    ['gd.dispatch', 'dispatcher', units['C-GD']],
    ['gd01.manager', 'outlet_manager', units['O-GD-01']],
    ['gd01.tech1', 'technician', units['O-GD-01']],
    ['gd01.tech2', 'technician', units['O-GD-01']],
    ['gd02.manager', 'outlet_manager', units['O-GD-02']],
  ];
  as.admin = await t.login('admin');
  for (const [key, role, orgUnitId] of people) {
    const user = await buildUser(t, { roles: [role], orgUnitId });
    w.users[key] = user.id;
    as[key] = await t.login(user.username);
  }
  const model = await buildProductModel(t);
  const customer = await buildCustomer(t, {
    name: '张三',
    phones: [{ number: WHOLE, isPrimary: true }],
    addresses: [buildAddress({ detail: '天河路 100 号 3 栋' })],
  });
  const unit = await buildUnit(t, { customerId: customer.id, modelId: model.id, addressId: customer.addresses[0]!.id });
  Object.assign(w, { customerId: customer.id, unitId: unit.id, addressId: unit.addressId, lineId: model.lineId });
  const cert = await as['gd01.manager']!.post('/api/technician-certifications', {
    userId: w.users['gd01.tech1'],
    productLineId: w.lineId,
    validUntil: '2027-12-31',
  });
  expect(cert.status, JSON.stringify(cert.body)).toBe(201);
}, 60_000);
afterAll(() => t.close());

async function act(
  who: string,
  order: { id: string; version: number },
  path: string,
  body: Record<string, unknown> = {},
) {
  const res = await as[who]!.post(`/api/orders/${order.id}/${path}`, { version: order.version, ...body });
  expect(res.status, `${who} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

/** An order HQ → center → O-GD-01, accepted and assigned to gd01.tech1. */
async function assignedOrder() {
  const created = await as.hotline!.post('/api/orders', {
    customerId: w.customerId,
    unitId: w.unitId,
    addressId: w.addressId,
    serviceType: 'on_site',
    faultDescription: '不脱水',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  let o = await act('dispatcher', created.body, 'dispatch', { toUnitId: units['C-GD'] });
  o = await act('gd.dispatch', o, 'dispatch', { toUnitId: units['O-GD-01'] });
  o = await act('gd01.manager', o, 'accept');
  return act('gd01.manager', o, 'dispatch', { technicianId: w.users['gd01.tech1'] });
}

/** What each reader sees of the customer on the order page, the archive and the unit page. */
async function seen(who: string, orderId: string) {
  const order = (await as[who]!.get(`/api/orders/${orderId}`)).body;
  const customer = await as[who]!.get(`/api/customers/${w.customerId}`);
  const unit = await as[who]!.get(`/api/units/${w.unitId}`);
  return {
    order: order.customerPhone,
    orderAddress: order.address,
    contactMasked: order.contactMasked,
    customer: customer.status === 200 ? customer.body.phones[0].number : customer.status,
    unitStreet: unit.status === 200 ? unit.body.address.detail : unit.status,
  };
}

describe('who sees the phone and address of an order being served', () => {
  let orderId = '';
  beforeAll(async () => {
    orderId = (await assignedOrder()).id;
  });

  const whole = {
    order: WHOLE,
    orderAddress: '广东省 广州市 天河区 天河路 100 号 3 栋',
    contactMasked: false,
    customer: WHOLE,
    unitStreet: '天河路 100 号 3 栋',
  };
  const masked = {
    order: MASKED,
    orderAddress: '广东省 广州市 天河区 天河路****',
    contactMasked: true,
    customer: MASKED,
    unitStreet: '天河路****',
  };
  it.each([
    // The hotline keeps the archive (customers.manage): the intake desk works as before.
    ['hotline', whole],
    // HQ and the center dispatched the order on; the outlet holds it now.
    ['dispatcher', masked],
    ['gd.dispatch', masked],
    // The holding outlet's manager and the assigned technician serve it.
    ['gd01.manager', whole],
    ['gd01.tech1', whole],
    // Another technician of the same outlet does not.
    ['gd01.tech2', masked],
  ])('%s', async (who, expected) => {
    expect(await seen(who, orderId)).toEqual(expected);
  });

  it('shows the phone of a request the outlet serves to its technician, masked to the other', async () => {
    const lookup = await as['gd01.tech2']!.get(`/api/intake/lookup?q=${encodeURIComponent('张三')}`);
    expect(JSON.stringify(lookup.body)).not.toContain(WHOLE);
  });
});

describe('after the order ends', () => {
  it('the technician sees the details through the last of the days after completion, then masked', async () => {
    let o = await assignedOrder();
    o = await act('gd01.tech1', o, 'appointment', {
      from: '2026-11-23T06:00:00Z',
      to: '2026-11-23T08:00:00Z',
      confirmedWithCustomer: true,
    });
    o = await act('gd01.tech1', o, 'depart');
    o = await act('gd01.tech1', o, 'arrive');
    o = await act('gd01.tech1', o, 'start');
    o = await act('gd01.tech1', o, 'complete', {
      diagnosis: '排水泵堵塞',
      cause: '异物',
      solution: '清理',
      labourMinutes: 30,
      signature: SIGNATURE,
    });
    expect(o.contactMasked).toBe(false);
    // Now is 10:00 on 23 November in Shanghai. Civil Code art. 201/203: 7 days counted from the
    // day after completion, to the end of the 7th. Completed at 10:00 on 16 November: the 7th day
    // is today, still whole; completed at 23:59 on 15 November: it ended yesterday, masked.
    const completedAt = (at: string) =>
      t.database.db
        .update(workOrders)
        .set({ completedAt: new Date(at) })
        .where(eq(workOrders.id, o.id));
    await completedAt('2026-11-16T02:00:00Z');
    expect((await as['gd01.tech1']!.get(`/api/orders/${o.id}`)).body.customerPhone).toBe(WHOLE);
    expect((await as['gd01.manager']!.get(`/api/orders/${o.id}`)).body.customerPhone).toBe(WHOLE);
    await completedAt('2026-11-15T15:59:00Z');
    expect((await as['gd01.tech1']!.get(`/api/orders/${o.id}`)).body).toMatchObject({
      customerPhone: MASKED,
      contactMasked: true,
    });
    expect((await as['gd01.manager']!.get(`/api/orders/${o.id}`)).body.customerPhone).toBe(MASKED);
    // The days are a setting (audited, effective-dated): with 10 days it shows again.
    const set = await as.admin!.put('/api/settings/customers.contactDaysAfterEnd', { value: 10 });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect((await as['gd01.tech1']!.get(`/api/orders/${o.id}`)).body.customerPhone).toBe(WHOLE);
    expect((await as.admin!.put('/api/settings/customers.contactDaysAfterEnd', { value: 7 })).status).toBe(200);
  });
});

describe('revealing a masked number', () => {
  const revealEvents = () =>
    t.database.db
      .select()
      .from(events)
      .where(and(eq(events.action, 'customer.contact_revealed'), eq(events.entityId, w.customerId)))
      .orderBy(desc(events.id));

  it('refuses without a reason, naming the field in zh-CN and English, and writes nothing', async () => {
    const o = await assignedOrder();
    const before = (await revealEvents()).length;
    const zh = await as['gd01.tech2']!.post(`/api/orders/${o.id}/reveal-contact`, { reason: ' ' });
    expect(zh.status).toBe(400);
    expect(zh.body.errors[0].path).toBe('body.reason');
    expect(zh.headers['content-type']).toContain('application/problem+json');
    const en = await as['gd01.tech2']!.request(
      'POST',
      `/api/orders/${o.id}/reveal-contact`,
      {},
      { 'accept-language': 'en' },
    );
    expect(en.status).toBe(400);
    expect(en.body.errors[0].path).toBe('body.reason');
    expect((await revealEvents()).length).toBe(before);
  });

  it('shows the order’s phone and address whole and audits who, which order and why', async () => {
    const o = await assignedOrder();
    const res = await as['gd01.tech2']!.post(`/api/orders/${o.id}/reveal-contact`, {
      reason: '同事请假，代为联系客户',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ customerPhone: WHOLE, address: '广东省 广州市 天河区 天河路 100 号 3 栋' });
    const [event] = await revealEvents();
    expect(event).toMatchObject({
      entity: 'customer',
      actorId: w.users['gd01.tech2'],
      reason: '同事请假，代为联系客户',
      changes: { orderId: { before: null, after: o.id }, orderCode: { before: null, after: o.code } },
    });
    // The trail records the act, never the number.
    expect(JSON.stringify(event)).not.toContain(WHOLE);
    // The order page itself stays masked for the next read.
    expect((await as['gd01.tech2']!.get(`/api/orders/${o.id}`)).body.customerPhone).toBe(MASKED);
    // Another outlet cannot reveal what it cannot read, and leaves no trace.
    const before = (await revealEvents()).length;
    expect((await as['gd02.manager']!.post(`/api/orders/${o.id}/reveal-contact`, { reason: '越界' })).status).toBe(404);
    expect((await revealEvents()).length).toBe(before);
  });

  it('shows a customer’s phones and addresses from the archive, audited', async () => {
    const res = await as.dispatcher!.post(`/api/customers/${w.customerId}/reveal-contact`, { reason: '投诉回复' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.phones[0]).toMatchObject({ number: WHOLE, display: '138 0013 8000' });
    expect(res.body.addresses[0]).toMatchObject({ detail: '天河路 100 号 3 栋', lat: 23.13 });
    const [event] = await revealEvents();
    expect(event).toMatchObject({ actorId: w.users.dispatcher, reason: '投诉回复' });
  });
});
