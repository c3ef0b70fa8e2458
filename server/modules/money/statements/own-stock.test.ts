import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../../db/schema.js';
import { systemCtx } from '../../../platform/context.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { orderInRepair, SIGNATURE, type ServiceWorld, setUpServiceWorld } from '../../../test/service-world.js';
import { ensureDepotFor, postMovements } from '../../parts/index.js';

/*
 * Parts issued to an order before completion (PGlite, and PostgreSQL with TEST_DATABASE_URL): a
 * pump issued from the outlet's own depot is reimbursed at cost on the statement like one taken at
 * completion; a valve a request brought from the center's depot (shipped and received) is not — it
 * cost the outlet nothing. The test clock starts at 2026-11-23 10:00 in Asia/Shanghai.
 */

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
let valve: string;
let outletDepot: string;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  const db = t.database.db;
  await db.update(tables.units).set({ purchaseDate: '2026-01-10' }).where(eq(tables.units.id, w.unitId));
  const [v] = await db.insert(tables.parts).values({ code: 'P-VALVE', name: '进水阀' }).returning();
  valve = v!.id;
  await db.insert(tables.modelParts).values([{ modelId: w.modelId, partId: valve }]);
  await db.insert(tables.partPrices).values([
    { partId: w.partId, costFen: 1234, salePriceFen: 2500, effectiveFrom: '2026-01-01' },
    { partId: valve, costFen: 800, salePriceFen: 1500, effectiveFrom: '2026-01-01' },
  ]);
  const ctx = systemCtx(db, { now: t.clock.now() });
  outletDepot = (await ensureDepotFor(db, w.units['O-GD-01']!)).id;
  const centerDepot = (await ensureDepotFor(db, w.units['C-GD']!)).id;
  await postMovements(db, ctx, [
    { kind: 'receipt', depotId: outletDepot, partId: w.partId, quantity: 5 },
    { kind: 'receipt', depotId: centerDepot, partId: valve, quantity: 5 },
  ]);
  for (const u of ['hotline', 'dispatcher', 'gd.dispatch', 'gd.center', 'gd01.manager', 'gd01.tech1', 'parts'])
    as[u] = await t.login(u);
}, 120_000);
afterAll(() => t.close());

describe('parts issued to an order before completion', () => {
  let order: { id: string; version: number };

  it('a pump issued from the outlet depot, a valve shipped by the center; the order completed', async () => {
    order = await orderInRepair(as, w);
    await postMovements(t.database.db, systemCtx(t.database.db, { now: t.clock.now() }), [
      { kind: 'issue', depotId: outletDepot, partId: w.partId, quantity: 1, orderId: order.id },
    ]);
    const req = await as['gd01.tech1']!.post('/api/part-requests', {
      orderId: order.id,
      lines: [{ partId: valve, quantity: 1 }],
    });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    const id = req.body.request.id;
    if (req.body.request.status !== 'approved')
      expect((await as['gd.center']!.post(`/api/part-requests/${id}/approve`, {})).status).toBe(200);
    const shipped = await as.parts!.post(`/api/part-requests/${id}/ship`, { carrier: '顺丰', trackingNo: 'SF9' });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    const received = await as['gd01.manager']!.post(`/api/part-shipments/${shipped.body.shipments[0].id}/receive`, {
      lines: [{ partId: valve, quantity: 1 }],
    });
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    const current = (await as['gd01.tech1']!.get(`/api/orders/${order.id}`)).body;
    expect(current.state).toBe('in_repair');
    const done = await as['gd01.tech1']!.post(`/api/orders/${order.id}/complete`, {
      version: current.version,
      diagnosis: '排水泵、进水阀损坏',
      cause: '老化',
      solution: '更换',
      parts: [
        { partId: w.partId, qty: 1 },
        { partId: valve, qty: 1 },
      ],
      labourMinutes: 30,
      signature: SIGNATURE,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    // Both were consumed from what the order held issued, none from stock at completion.
    const consumes = await t.database.db
      .select()
      .from(tables.stockMovements)
      .where(eq(tables.stockMovements.orderId, order.id));
    expect(consumes.filter((m) => m.kind === 'consume').map((m) => m.quantity)).toEqual([0, 0]);
    // Confirmed (the settlement pays confirmed orders: money.settleAfter).
    const confirmed = await as['gd.dispatch']!.post(`/api/orders/${order.id}/confirm`, { version: done.body.version });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  });

  it('the statement reimburses the pump at cost and not the valve', async () => {
    const drafted = await as['gd.center']!.post('/api/statements/draft', {
      month: '2026-11',
      unitId: w.units['O-GD-01'],
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(200);
    const list = await as['gd.center']!.get(`/api/statements?month=2026-11&unitId=${w.units['O-GD-01']}`);
    const s = await as['gd.center']!.get(`/api/statements/${list.body.items[0].id}`);
    const parts = s.body.lines.filter((l: { kind: string; orderId: string }) => l.kind === 'parts_reimbursement');
    expect(parts).toEqual([expect.objectContaining({ orderId: order.id, amountFen: 1234 })]);
    expect(parts[0].explanation['zh-CN']).toContain('网点自有库存');
  });
});
