import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../platform/context.js';
import { buildOrgUnit, buildUser } from '../../test/factories.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { ensureDepotFor, postMovements } from './index.js';
import { stockBalances, stockMovements } from './tables.js';

/*
 * Never negative under contention (docs/parts.md): 200 requests race for the last 10 units;
 * exactly 10 win. On PostgreSQL the conditional UPDATE re-reads the row each waiter was blocked
 * on; PGlite runs them one by one, which must give the same answer.
 */
describe('parts ledger under racing requests', () => {
  let t: TestApp;
  let manager: Agent;
  let depotId = '';
  let partId = '';
  let otherDepotId = '';

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.login('admin');
    const center = await buildOrgUnit(t, { kind: 'center' });
    const outlet = await buildOrgUnit(t, { kind: 'outlet', parentId: center.id });
    const m = await buildUser(t, { roles: ['outlet_manager'], orgUnitId: outlet.id });
    manager = await t.login(m.username);
    depotId = (await ensureDepotFor(t.database.db, outlet.id)).id;
    otherDepotId = (await ensureDepotFor(t.database.db, center.id)).id;
    partId = (await admin.post('/api/catalog/parts', { code: 'RACE-1', name: '门封' })).body.id;
    expect(
      (await manager.post('/api/parts/movements', { kind: 'receipt', depotId, partId, quantity: 10 })).status,
    ).toBe(201);
  });
  afterAll(() => t.close());

  it('lets exactly 10 of 200 concurrent issues of the last 10 units through', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        manager.post('/api/parts/movements', { kind: 'issue', depotId, partId, quantity: 1, orderId: randomUUID() }),
      ),
    );
    const ok = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 409);
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(190);
    for (const r of refused)
      expect(r.body).toMatchObject({ code: 'stock.insufficient', params: { available: 0, asked: 1 } });
    const [b] = await t.database.db
      .select()
      .from(stockBalances)
      .where(and(eq(stockBalances.depotId, depotId), eq(stockBalances.partId, partId)));
    expect(b).toMatchObject({ onHand: 0, reserved: 0 });
    const [issued] = await t.database.db
      .select({ n: count() })
      .from(stockMovements)
      .where(and(eq(stockMovements.depotId, depotId), eq(stockMovements.kind, 'issue')));
    expect(issued!.n).toBe(10);
    // The running balance steps down one by one, with no gap or repeat.
    const afters = ok.map((r) => r.body.items[0].onHandAfter).sort((a: number, c: number) => a - c);
    expect(afters).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('does not deadlock when transfers cross in both directions at once', async () => {
    const db = t.database.db;
    const ctx = systemCtx(db);
    await db.transaction((tx) =>
      postMovements(tx, ctx, [
        { kind: 'receipt', depotId, partId, quantity: 50 },
        { kind: 'receipt', depotId: otherDepotId, partId, quantity: 50 },
      ]),
    );
    const runs = Array.from({ length: 40 }, (_, i) =>
      db.transaction((tx) =>
        postMovements(tx, ctx, [
          i % 2
            ? { kind: 'transfer_out', depotId, partId, quantity: 1, toDepotId: otherDepotId }
            : { kind: 'transfer_out', depotId: otherDepotId, partId, quantity: 1, toDepotId: depotId },
        ]),
      ),
    );
    await Promise.all(runs);
    const rows = await db.select().from(stockBalances).where(eq(stockBalances.partId, partId));
    const total = rows.reduce((s, r) => s + r.onHand + r.inTransit, 0);
    expect(total).toBe(100);
  });
});
