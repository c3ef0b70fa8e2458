import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../db/schema.js';
import { buildOrgUnit, buildUnit, type BuiltUnit, buildUser } from '../../test/factories.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';

/*
 * The intake desk's one-step order (直接建服务单): the contact is logged, then the order is
 * created from it with the call's Idempotency-Key. The desk relies on what is tested here: a
 * retry after a lost answer returns the first order, and a refused creation leaves nothing, so
 * the same key serves the corrected body.
 */

let t: TestApp;
let w: BuiltUnit;
let hotline: Agent;

beforeAll(async () => {
  t = await createTestApp();
  // A center for the province, so the suggestion has somewhere to send the order.
  await buildOrgUnit(t, { kind: 'center' });
  hotline = await t.login((await buildUser(t, { roles: ['hotline_agent'] })).username);
  w = await buildUnit(t);
}, 60_000);
afterAll(() => t.close());

const ordersOfContact = async (contactId: string) =>
  (
    await t.database.db.select({ n: count() }).from(tables.workOrders).where(eq(tables.workOrders.contactId, contactId))
  )[0]!.n;

async function logRepairCall(): Promise<string> {
  const res = await hotline.post('/api/intake/contacts', {
    channel: 'phone',
    class: 'repair',
    customerId: w.customerId,
    unitId: w.id,
    content: '洗衣机不脱水',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

const orderBody = (contactId: string, extra: Record<string, unknown> = {}) => ({
  serviceType: 'on_site',
  priority: 2,
  customerId: w.customerId,
  unitId: w.id,
  addressId: w.addressId,
  faultDescription: '不脱水，有异响',
  contactId,
  ...extra,
});

describe('an order from the intake desk', () => {
  it('links the order to the contact and answers with the routing suggestion; a retry returns the same order', async () => {
    const contactId = await logRepairCall();
    const key = randomUUID();
    const first = await hotline.request('POST', '/api/orders', orderBody(contactId), { 'idempotency-key': key });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.contactId).toBe(contactId);
    expect(first.body.suggestion).toMatchObject({ orderId: first.body.id, step: 'center' });
    const retry = await hotline.request('POST', '/api/orders', orderBody(contactId), { 'idempotency-key': key });
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    expect(await ordersOfContact(contactId)).toBe(1);
  });

  it('writes nothing on a refusal naming the field, and the same key then makes the corrected order', async () => {
    const contactId = await logRepairCall();
    const key = randomUUID();
    const refused = await hotline.request('POST', '/api/orders', orderBody(contactId, { unitId: randomUUID() }), {
      'idempotency-key': key,
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain('body.unitId');
    expect(await ordersOfContact(contactId)).toBe(0);
    const fixed = await hotline.request('POST', '/api/orders', orderBody(contactId), { 'idempotency-key': key });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(201);
    expect(await ordersOfContact(contactId)).toBe(1);
  });
});
