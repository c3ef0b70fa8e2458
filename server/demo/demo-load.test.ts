import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../platform/context.js';
import { createTestApp, type TestApp } from '../test/harness.js';
import { demoArchive } from './customers-data.js';
import { DEMO_REFERENCE_DATE } from './index.js';
import { loadDemoArchive, loadDemoCatalog } from './load.js';

/** The demo archive loaded into the demo organisation, read back through the API. */
describe('demo archive in the database', () => {
  let t: TestApp;
  const archive = demoArchive({ referenceDate: DEMO_REFERENCE_DATE });

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    const ctx = systemCtx(t.database.db, { name: 'setup', now: t.clock.now() });
    await t.database.db.transaction(async (tx) => {
      const c = { ...ctx, db: tx as unknown as typeof ctx.db };
      await loadDemoArchive(c, archive, await loadDemoCatalog(c));
    });
  }, 60_000);
  afterAll(() => t?.close());

  it('finds a demo customer by phone with their units, and by serial', async () => {
    const hotline = await t.login('hotline');
    const unit = archive.units[0]!;
    const owner = archive.customers.find((c) => c.id === unit.customerId)!;
    const res = await hotline.get(`/api/intake/lookup?q=${owner.phones[0]!.number}`);
    expect(res.status).toBe(200);
    const card = res.body.cards.find((c: { customer: { id: string } }) => c.customer.id === owner.id);
    expect(card.customer.name).toBe(owner.name);
    expect(card.units.map((u: { serialNo: string }) => u.serialNo)).toContain(unit.serialNo);
    const bySerial = await hotline.get(`/api/units?q=${unit.serialNo}`);
    expect(bySerial.body.items.map((u: { id: string }) => u.id)).toEqual([unit.id]);
  });

  it('puts every customer in the area of the outlet serving the address', async () => {
    const manager = await t.login('gd01.manager');
    const res = await manager.get('/api/customers?pageSize=1');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(archive.customers.filter((c) => c.outletCode === 'O-GD-01').length);
    const audit = await (await t.login('admin')).get('/api/audit?limit=200');
    const loaded = audit.body.items.filter((e: { action: string }) => e.action === 'demo.loaded');
    // One event for the catalog, one per outlet batch.
    expect(loaded.length).toBe(20);
  });
});
