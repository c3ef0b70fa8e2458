import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { type ServiceWorld, SIGNATURE, setUpServiceWorld } from '../../test/service-world.js';
import { ensureDepotFor, ensureVanDepot, issuedToOrder, priceOn } from './index.js';

/*
 * Part prices (effective-dated) and completion consuming stock with its cost (docs/parts.md,
 * "Prices and consumption"), through the HTTP API, on PGlite and PostgreSQL.
 */

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
const ids = {} as Record<'belt' | 'motor' | 'van' | 'outletDepot' | 'outlet', string>;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  for (const u of ['admin', 'hotline', 'dispatcher', 'gd.dispatch', 'gd01.manager', 'gd01.tech1', 'gd02.manager']) {
    as[u] = await t.login(u);
  }
  const cert = await as['gd01.manager']!.post('/api/technician-certifications', {
    userId: w.users['gd01.tech1'],
    productLineId: w.lineId,
    validUntil: '2027-12-31',
  });
  expect(cert.status, JSON.stringify(cert.body)).toBe(201);
  for (const [key, code, name] of [
    ['belt', 'BELT-C', '皮带'],
    ['motor', 'MOTOR-C', '电机'],
  ] as const) {
    const res = await as.admin!.post('/api/catalog/parts', { code, name });
    expect(res.status).toBe(201);
    ids[key] = res.body.id;
  }
  const db = t.database.db;
  ids.outlet = w.units['O-GD-01']!;
  ids.van = (await ensureVanDepot(db, w.users['gd01.tech1']!)).id;
  ids.outletDepot = (await ensureDepotFor(db, ids.outlet)).id;
}, 60_000);
afterAll(() => t.close());

async function act(who: string, order: { id: string; version: number }, path: string, body = {}, status = 200) {
  const res = await as[who]!.post(`/api/orders/${order.id}/${path}`, { version: order.version, ...body });
  expect(res.status, `${who} ${path}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

/** An order at O-GD-01 assigned to gd01.tech1 and in repair. */
async function inRepair() {
  const res = await as.hotline!.post('/api/orders', {
    customerId: w.customerId,
    unitId: w.unitId,
    serviceType: 'on_site',
    priority: 2,
    faultDescription: '不脱水',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  let o = res.body;
  o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
  o = await act('gd.dispatch', o, 'dispatch', { toUnitId: ids.outlet });
  o = await act('gd01.manager', o, 'accept');
  o = await act('gd01.manager', o, 'dispatch', { technicianId: w.users['gd01.tech1'] });
  o = await act('gd01.tech1', o, 'appointment', {
    from: '2026-11-23T06:00:00Z',
    to: '2026-11-23T08:00:00Z',
    confirmedWithCustomer: true,
  });
  o = await act('gd01.tech1', o, 'depart');
  o = await act('gd01.tech1', o, 'arrive', { position: { lat: 23.1372, lng: 113.3245, accuracyM: 12 } });
  return act('gd01.tech1', o, 'start');
}

const completion = (parts: { partId: string; qty: number; newSerial?: string }[]) => ({
  diagnosis: '皮带断裂',
  cause: '老化',
  solution: '更换',
  labourMinutes: 30,
  signature: SIGNATURE,
  parts,
});

async function balance(depotId: string, partId: string) {
  const [b] = await t.database.db
    .select({ onHand: tables.stockBalances.onHand })
    .from(tables.stockBalances)
    .where(
      and(
        eq(tables.stockBalances.depotId, depotId),
        eq(tables.stockBalances.partId, partId),
        eq(tables.stockBalances.grade, 'good'),
      ),
    );
  return b?.onHand ?? 0;
}

const consumed = (orderId: string) =>
  t.database.db
    .select()
    .from(tables.stockMovements)
    .where(and(eq(tables.stockMovements.orderId, orderId), eq(tables.stockMovements.kind, 'consume')))
    .orderBy(tables.stockMovements.id);

describe('part prices', () => {
  it('keeps the history and finds the price in force on a day (the boundary day included)', async () => {
    const put = (body: Record<string, unknown>) => as.admin!.put(`/api/parts/${ids.belt}/prices`, body);
    const first = await put({ costFen: 1000, salePriceFen: 1500, effectiveFrom: '2026-11-01' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ costFen: 1000, salePriceFen: 1500, effectiveFrom: '2026-11-01' });
    expect((await put({ costFen: 1200, salePriceFen: 1800, effectiveFrom: '2026-11-24' })).status).toBe(200);
    const db = t.database.db;
    expect(await priceOn(db, ids.belt, '2026-10-31')).toBeNull();
    expect(await priceOn(db, ids.belt, '2026-11-01')).toMatchObject({ costFen: 1000 });
    expect(await priceOn(db, ids.belt, '2026-11-23')).toMatchObject({ costFen: 1000 });
    expect(await priceOn(db, ids.belt, '2026-11-24')).toMatchObject({ costFen: 1200, salePriceFen: 1800 });
    // A second price on the same day: the later entered wins; the first stays in the history.
    expect((await put({ costFen: 1100, salePriceFen: 1500, effectiveFrom: '2026-11-01' })).status).toBe(200);
    expect(await priceOn(db, ids.belt, '2026-11-23')).toMatchObject({ costFen: 1100 });
    const history = await as['gd01.tech1']!.get(`/api/parts/${ids.belt}/prices`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((p: { costFen: number }) => p.costFen)).toEqual([1200, 1100, 1000]);
    // The test clock's day is 2026-11-23 (Asia/Shanghai).
    expect(history.body.current).toMatchObject({ costFen: 1100, effectiveFrom: '2026-11-01' });
    const [ev] = await db
      .select({ n: count() })
      .from(tables.events)
      .where(and(eq(tables.events.action, 'part.price_set'), eq(tables.events.entityId, ids.belt)));
    expect(ev!.n).toBe(3);
    // Back to one price in force for the consumption tests: 1000 fen from 2026-11-01.
    expect((await put({ costFen: 1000, salePriceFen: 1500, effectiveFrom: '2026-11-01' })).status).toBe(200);
  });

  it('names the field of bad input and writes nothing', async () => {
    const before = (await t.database.db.select({ n: count() }).from(tables.partPrices))[0]!.n;
    const put = (body: Record<string, unknown>) => as.admin!.put(`/api/parts/${ids.motor}/prices`, body);
    const cases: [Record<string, unknown>, string][] = [
      [{ costFen: -1, salePriceFen: 100, effectiveFrom: '2026-11-01' }, 'body.costFen'],
      [{ costFen: 10.5, salePriceFen: 100, effectiveFrom: '2026-11-01' }, 'body.costFen'],
      [{ costFen: 10, salePriceFen: -5, effectiveFrom: '2026-11-01' }, 'body.salePriceFen'],
      [{ costFen: 10, salePriceFen: 100, effectiveFrom: '2026/11/01' }, 'body.effectiveFrom'],
      [{ costFen: 10, salePriceFen: 100, effectiveFrom: '2026-02-30' }, 'body.effectiveFrom'],
    ];
    for (const [body, path] of cases) {
      const res = await put(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const unknown = await as.admin!.put(`/api/parts/${crypto.randomUUID()}/prices`, {
      costFen: 1,
      salePriceFen: 1,
      effectiveFrom: '2026-11-01',
    });
    expect(unknown.status).toBe(404);
    const tech = await as['gd01.tech1']!.put(`/api/parts/${ids.motor}/prices`, {
      costFen: 1,
      salePriceFen: 1,
      effectiveFrom: '2026-11-01',
    });
    expect(tech.status).toBe(403);
    expect((await t.database.db.select({ n: count() }).from(tables.partPrices))[0]!.n).toBe(before);
  });
});

describe('consumption at completion', () => {
  it("consumes from the technician's van with the cost of the day", async () => {
    const receipt = await as['gd01.manager']!.post('/api/parts/movements', {
      kind: 'receipt',
      depotId: ids.van,
      partId: ids.belt,
      quantity: 5,
    });
    expect(receipt.status, JSON.stringify(receipt.body)).toBe(201);
    const o = await inRepair();
    const done = await act('gd01.tech1', o, 'complete', completion([{ partId: ids.belt, qty: 2 }]));
    expect(done.state).toBe('completed');
    expect(await balance(ids.van, ids.belt)).toBe(3);
    const rows = await consumed(o.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ depotId: ids.van, quantity: -2, issuedDelta: 0, costFen: 2000 });
    // Who pays comes from the warranty decision recorded first in the same transaction.
    expect(typeof rows[0]!.customerPays).toBe('boolean');
  });

  it('consumes what was issued to the order first, then the van', async () => {
    const o = await inRepair();
    for (const body of [
      { kind: 'receipt', depotId: ids.outletDepot, partId: ids.belt, quantity: 4 },
      { kind: 'issue', depotId: ids.outletDepot, partId: ids.belt, quantity: 1, orderId: o.id },
    ]) {
      const res = await as['gd01.manager']!.post('/api/parts/movements', body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const vanBefore = await balance(ids.van, ids.belt);
    await act('gd01.tech1', o, 'complete', completion([{ partId: ids.belt, qty: 2 }]));
    const rows = await consumed(o.id);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.depotId === ids.outletDepot)).toMatchObject({
      issuedDelta: -1,
      quantity: 0,
      costFen: 1000,
    });
    expect(rows.find((r) => r.depotId === ids.van)).toMatchObject({ issuedDelta: 0, quantity: -1, costFen: 1000 });
    expect(await issuedToOrder(t.database.db, o.id, ids.outletDepot, ids.belt, 'good')).toBe(0);
    expect(await balance(ids.van, ids.belt)).toBe(vanBefore - 1);
    expect(await balance(ids.outletDepot, ids.belt)).toBe(3);
    const costs = await as['gd01.manager']!.get(`/api/parts/costs/orders/${o.id}`);
    expect(costs.status).toBe(200);
    expect(costs.body).toMatchObject({ total: 2, totalCostFen: 2000 });
    expect((await as['gd02.manager']!.get(`/api/parts/costs/orders/${o.id}`)).status).toBe(404);
    // The ledger names the order by its code, as people know it.
    const ledger = await as['gd01.manager']!.get(`/api/parts/ledger?depotId=${ids.outletDepot}&partId=${ids.belt}`);
    const code = (await as['gd01.manager']!.get(`/api/orders/${o.id}`)).body.code;
    expect(
      ledger.body.items
        .filter((r: { orderId: string }) => r.orderId === o.id)
        .map((r: { orderCode: string }) => r.orderCode),
    ).toEqual([code, code]);
  });

  it("records a part no depot holds with 'record', and never makes stock negative", async () => {
    const o = await inRepair();
    const done = await act('gd01.tech1', o, 'complete', completion([{ partId: ids.motor, qty: 1, newSerial: 'M-1' }]));
    expect(done.state).toBe('completed');
    expect(await consumed(o.id)).toHaveLength(0);
    const [fact] = await t.database.db
      .select()
      .from(tables.unstockedConsumptions)
      .where(eq(tables.unstockedConsumptions.orderId, o.id));
    expect(fact).toMatchObject({ partId: ids.motor, quantity: 1, outletOrgUnitId: ids.outlet, costFen: null });
    expect(await balance(ids.van, ids.motor)).toBe(0);
    const costs = await as['gd01.manager']!.get(`/api/parts/costs/orders/${o.id}`);
    expect(costs.body.items).toMatchObject([{ partId: ids.motor, unstocked: true, quantity: 1 }]);
  });

  it("refuses the completion with 'refuse', naming the part, and writes nothing", async () => {
    const set = await as.admin!.put('/api/settings/parts.completionWithoutStock', { value: 'refuse' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    try {
      const o = await inRepair();
      const db = t.database.db;
      const counts = async () => ({
        moves: (await db.select({ n: count() }).from(tables.stockMovements))[0]!.n,
        unstocked: (await db.select({ n: count() }).from(tables.unstockedConsumptions))[0]!.n,
        parts: (await db.select({ n: count() }).from(tables.workOrderParts))[0]!.n,
        decisions: (await db.select({ n: count() }).from(tables.warrantyDecisions))[0]!.n,
      });
      const before = await counts();
      const vanBefore = await balance(ids.van, ids.belt);
      const res = await as['gd01.tech1']!.post(`/api/orders/${o.id}/complete`, {
        version: o.version,
        ...completion([
          { partId: ids.belt, qty: 1 },
          { partId: ids.motor, qty: 1 },
        ]),
      });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'stock.insufficient', params: { part: 'MOTOR-C' } });
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
        expect.stringMatching(/parts\.1\.partId$/),
      ]);
      expect(await counts()).toEqual(before);
      expect(await balance(ids.van, ids.belt)).toBe(vanBefore);
      expect((await as['gd01.tech1']!.get(`/api/orders/${o.id}`)).body.state).toBe('in_repair');
    } finally {
      t.clock.advance(1000);
      expect((await as.admin!.put('/api/settings/parts.completionWithoutStock', { value: 'record' })).status).toBe(200);
    }
  });

  it("reads a month's parts cost per outlet off the ledger, equal to the sum of the consumptions", async () => {
    const res = await as['gd01.manager']!.get(`/api/parts/costs?month=2026-11&outletId=${ids.outlet}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [sum] = await t.database.db
      .select({ n: sql<number>`coalesce(sum(${tables.stockMovements.costFen}), 0)::int` })
      .from(tables.stockMovements)
      .where(eq(tables.stockMovements.kind, 'consume'));
    expect(sum!.n).toBe(4000);
    const row = res.body.items.find((i: { orgUnitId: string }) => i.orgUnitId === ids.outlet);
    expect(row).toMatchObject({ costFen: 4000, quantity: 4, unstockedQuantity: 1 });
    expect(res.body.totalCostFen).toBe(4000);
    expect((await as['gd01.manager']!.get('/api/parts/costs?month=2026-10')).body.totalCostFen).toBe(0);
    const bad = await as['gd01.manager']!.get('/api/parts/costs?month=2026-13');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('querystring.month');
    // Another outlet's unit is out of reach.
    expect((await as['gd02.manager']!.get(`/api/parts/costs?month=2026-11&outletId=${ids.outlet}`)).status).toBe(404);
  });

  it('consumes a serial-tracked part by the fitted serial, with no cost when the part has no price', async () => {
    const made = await as.admin!.post('/api/catalog/parts', { code: 'PUMP-T', name: '主泵' });
    expect(made.status).toBe(201);
    const pump = made.body.id as string;
    expect((await as.admin!.put(`/api/parts/tracking/${pump}`, { serialTracked: true })).status).toBe(200);
    const receipt = await as['gd01.manager']!.post('/api/parts/movements', {
      kind: 'receipt',
      depotId: ids.van,
      partId: pump,
      quantity: 2,
      serials: ['S-1', 'S-2'],
    });
    expect(receipt.status, JSON.stringify(receipt.body)).toBe(201);
    const o = await inRepair();
    await act('gd01.tech1', o, 'complete', completion([{ partId: pump, qty: 1, newSerial: 'S-2' }]));
    const rows = await consumed(o.id);
    expect(rows).toMatchObject([{ depotId: ids.van, partId: pump, serial: 'S-2', quantity: -1, costFen: null }]);
    const serials = await t.database.db
      .select({ serial: tables.partSerials.serial, state: tables.partSerials.state })
      .from(tables.partSerials)
      .where(eq(tables.partSerials.partId, pump))
      .orderBy(tables.partSerials.serial);
    expect(serials).toEqual([
      { serial: 'S-1', state: 'in_stock' },
      { serial: 'S-2', state: 'consumed' },
    ]);
    const month = await as['gd01.manager']!.get(`/api/parts/costs?month=2026-11&outletId=${ids.outlet}`);
    expect(month.body.items.find((i: { orgUnitId: string }) => i.orgUnitId === ids.outlet)).toMatchObject({
      costFen: 4000,
      quantity: 5,
      unpricedQuantity: 1,
    });
  });
});
