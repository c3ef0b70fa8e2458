import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../db/rows.js';
import { createTestApp, type TestApp } from '../test/harness.js';

/*
 * The demo's recall campaign (server/demo/recalls-load.ts) over the loaded demo: one campaign
 * half done — units done through completed recall orders, units booked with their orders open,
 * units reached by SMS, one unreachable, one declined — read through the API.
 */
describe('demo recall campaign', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ demo: true, demoCustomers: true });
  }, 600_000);
  afterAll(() => t?.close());

  it('is active and half done: some done, some booked, some reached, one unreachable, one declined', async () => {
    const manager = await t.login('manager');
    const list = await manager.get('/api/recalls');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const c = list.body.items[0];
    expect(c).toMatchObject({ state: 'active' });
    expect(c.counts.total).toBe(24);
    expect(c.counts.done).toBeGreaterThanOrEqual(2);
    expect(c.counts.booked).toBeGreaterThanOrEqual(2);
    expect(c.counts.reached).toBeGreaterThanOrEqual(1);
    expect(c.counts.unreachable).toBe(1);
    expect(c.counts.declined).toBe(1);
    const done = await manager.get(`/api/recalls/${c.id}/units?state=done`);
    for (const u of done.body.items) expect(u).toMatchObject({ orderState: 'completed' });
    const booked = await manager.get(`/api/recalls/${c.id}/units?state=booked`);
    for (const u of booked.body.items) expect(u.orderCode).toMatch(/\S/);
    const orders = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int as n from work_orders where service_type = 'recall'`),
    )[0]!;
    expect(orders.n).toBe(c.counts.done + c.counts.booked);
    const sms = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int as n from outbox where template = 'recall.outreach'`),
    )[0]!;
    expect(sms.n).toBeGreaterThanOrEqual(c.counts.reached + c.counts.booked + c.counts.done - 1);
    const byProvince = await manager.get(`/api/recalls/${c.id}/progress?by=province`);
    expect(byProvince.body.sum.total).toBe(24);
    console.info(`demo recall ${c.code}: ${JSON.stringify(c.counts)}`);
  });
});
