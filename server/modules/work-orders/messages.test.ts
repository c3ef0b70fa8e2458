import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant } from '../../../shared/time-zone.js';
import * as tables from '../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { orderActor, type ServiceWorld, setUpServiceWorld } from '../../test/service-world.js';

/*
 * The customer's messages about their order (docs/work-orders.md, "Messages to the customer"),
 * through the API on a real database: acceptance, booking (and booking again) and setting off each
 * write one message per reachable channel with the event's variables, rendered in the customer's
 * language. The completion message and its survey link are tested with the callbacks
 * (callbacks.test.ts, "the completion message"). The test clock starts at 2026-11-23 10:00 in
 * Asia/Shanghai.
 */

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
const act = orderActor(as);

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  for (const u of ['hotline', 'dispatcher', 'gd.dispatch', 'gd01.manager', 'gd01.tech1']) as[u] = await t.login(u);
  const cert = await as['gd01.manager']!.post('/api/technician-certifications', {
    userId: w.users['gd01.tech1'],
    productLineId: w.lineId,
    validUntil: '2027-12-31',
  });
  expect(cert.status, JSON.stringify(cert.body)).toBe(201);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** The messages of one event about one order, oldest first. */
const messages = (event: string, orderCode: string) =>
  t.database.db
    .select()
    .from(tables.outbox)
    .where(and(eq(tables.outbox.template, event), sql`${tables.outbox.params}->>'orderCode' = ${orderCode}`))
    .orderBy(asc(tables.outbox.createdAt));

/** An on-site order of the world's customer dispatched HQ → center → outlet O-GD-01, not yet accepted. */
async function atOutlet() {
  const made = await as.hotline!.post('/api/orders', {
    customerId: w.customerId,
    unitId: w.unitId,
    serviceType: 'on_site',
    priority: 2,
    faultDescription: '不进水',
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  let o = made.body;
  o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
  return act('gd.dispatch', o, 'dispatch', { toUnitId: w.units['O-GD-01'] });
}

describe('messages to the customer', () => {
  it('acceptance tells the customer the outlet, its phone and when they will be contacted', async () => {
    const o = await atOutlet();
    expect(await messages('order.accepted', o.code)).toEqual([]);
    const accepted = await act('gd01.manager', o, 'accept');
    const [outlet] = await t.database.db
      .select()
      .from(tables.orgUnits)
      .where(eq(tables.orgUnits.id, w.units['O-GD-01']!));
    const contact = accepted.milestones.find(
      (m: { key: string; state: string }) => m.key === 'appointment_contact' && m.state === 'running',
    );
    expect(contact?.dueAt).toEqual(expect.any(String));
    const contactBy = formatInstant(contact.dueAt, 'Asia/Shanghai', 'zh-CN');
    const msgs = await messages('order.accepted', o.code);
    const [row] = await t.database.db.select().from(tables.workOrders).where(eq(tables.workOrders.id, o.id));
    expect(msgs).toMatchObject([
      {
        channel: 'sms',
        recipient: '13800138000',
        customerId: w.customerId,
        orgPath: row!.orgPath,
        params: { orderCode: o.code, outletName: outlet!.name, outletPhone: outlet!.contactPhone, contactBy },
      },
    ]);
    expect(msgs[0]!.body).toContain(o.code);
    expect(msgs[0]!.body).toContain(outlet!.name);
    expect(msgs[0]!.body).toContain(contactBy);
    if (outlet!.contactPhone) expect(msgs[0]!.body).toContain(outlet!.contactPhone);
  });

  it('booking and booking again each send the window and the technician with their mobile; setting off says who comes', async () => {
    let o = await act('gd01.manager', await atOutlet(), 'accept');
    o = await act('gd01.manager', o, 'dispatch', { technicianId: w.users['gd01.tech1'] });
    const [tech] = await t.database.db.select().from(tables.users).where(eq(tables.users.id, w.users['gd01.tech1']!));
    expect(tech!.mobile).toEqual(expect.any(String));
    o = await act('gd01.tech1', o, 'appointment', {
      from: '2026-11-24T06:00:00Z',
      to: '2026-11-24T08:00:00Z',
      confirmedWithCustomer: true,
    });
    let booked = await messages('order.booked', o.code);
    expect(booked).toMatchObject([
      {
        channel: 'sms',
        recipient: '13800138000',
        params: {
          orderCode: o.code,
          window: '2026-11-24 14:00–16:00',
          technicianName: tech!.displayName,
          technicianPhone: tech!.mobile,
        },
      },
    ]);
    for (const text of [o.code, '2026-11-24 14:00–16:00', tech!.displayName, tech!.mobile!])
      expect(booked[0]!.body).toContain(text);

    // The customer asks for another day: a second message with the new window.
    t.clock.advance(60_000);
    o = await act('gd01.tech1', o, 'appointment', {
      from: '2026-11-25T01:00:00Z',
      to: '2026-11-25T03:00:00Z',
      confirmedWithCustomer: true,
    });
    booked = await messages('order.booked', o.code);
    expect(booked.map((m) => m.params.window)).toEqual(['2026-11-24 14:00–16:00', '2026-11-25 09:00–11:00']);

    expect(await messages('order.on_the_way', o.code)).toEqual([]);
    o = await act('gd01.tech1', o, 'depart');
    const onTheWay = await messages('order.on_the_way', o.code);
    expect(onTheWay).toMatchObject([
      {
        channel: 'sms',
        recipient: '13800138000',
        params: { orderCode: o.code, technicianName: tech!.displayName, technicianPhone: tech!.mobile },
      },
    ]);
    expect(onTheWay[0]!.body).toContain(tech!.displayName);
    // Arrival sends nothing more.
    await act('gd01.tech1', o, 'arrive', {});
    expect(await messages('order.on_the_way', o.code)).toHaveLength(1);
  });

  it('a customer the archive has no address for gets nothing, and the action still goes through', async () => {
    const [mine] = await t.database.db.select().from(tables.customers).where(eq(tables.customers.id, w.customerId));
    const [other] = await t.database.db
      .insert(tables.customers)
      .values({ code: 'CWO-NOADDR', kind: 'individual', name: '李四', orgPath: mine!.orgPath })
      .returning();
    const made = await as.hotline!.post('/api/orders', {
      customerId: other!.id,
      serviceType: 'on_site',
      priority: 2,
      faultDescription: '不制冷',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    let o = await act('dispatcher', made.body, 'dispatch', { toUnitId: w.units['C-GD'] });
    o = await act('gd.dispatch', o, 'dispatch', { toUnitId: w.units['O-GD-01'] });
    o = await act('gd01.manager', o, 'accept');
    expect(o.state).toBe('accepted');
    expect(await messages('order.accepted', o.code)).toEqual([]);
  });
});
