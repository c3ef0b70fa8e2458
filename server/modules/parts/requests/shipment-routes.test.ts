import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tables from '../../../db/schema.js';
import { systemCtx } from '../../../platform/context.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { orderInRepair, type ServiceWorld, setUpServiceWorld } from '../../../test/service-world.js';
import { ensureDepotFor, postMovements } from '../index.js';

// Promised days per route (docs/parts-requests.md, "Promised days per route").
vi.mock('./cost.js', () => ({ partCostFen: async () => 10_000 }));

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
const ids = {} as Record<'valve' | 'hqDepot' | 'centerDepot' | 'outletDepot', string>;
let order: { id: string; version: number };
const DAY = 86_400_000;
const USERS = ['admin', 'hotline', 'dispatcher', 'parts', 'gd.dispatch', 'gd.center', 'gd01.manager', 'gd01.tech1'];

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  for (const u of USERS) as[u] = await t.login(u);
  const db = t.database.db;
  const [valve] = await db.insert(tables.parts).values({ code: 'P-VALVE', name: '进水阀' }).returning();
  ids.valve = valve!.id;
  await db.insert(tables.modelParts).values([
    { modelId: w.modelId, partId: w.partId },
    { modelId: w.modelId, partId: ids.valve },
  ]);
  ids.hqDepot = (await ensureDepotFor(db, t.hqId)).id;
  ids.centerDepot = (await ensureDepotFor(db, w.units['C-GD']!)).id;
  ids.outletDepot = (await ensureDepotFor(db, w.units['O-GD-01']!)).id;
  await postMovements(db, systemCtx(db, { now: t.clock.now() }), [
    { kind: 'receipt', depotId: ids.centerDepot, partId: ids.valve, quantity: 5 },
    { kind: 'receipt', depotId: ids.hqDepot, partId: w.partId, quantity: 5 },
  ]);
  // An order of outlet O-GD-01 in repair by gd01.tech1.
  order = await orderInRepair(as, w);
}, 120_000);
afterAll(() => t.close());

describe('shipping routes', () => {
  it('refuses bad input naming the field, and people without parts.manage', async () => {
    const put = (who: string, body: Record<string, unknown>) => as[who]!.put('/api/part-shipment-routes', body);
    const ok = { fromDepotId: ids.centerDepot, toOrgUnitId: w.units['C-GD'], promisedDays: 1 };
    for (const [field, bad] of [
      ['promisedDays', -1],
      ['promisedDays', 1.5],
      ['promisedDays', 366],
      ['fromDepotId', 'x'],
    ] as const) {
      const res = await put('parts', { ...ok, [field]: bad });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(`body.${field}`);
    }
    const outlet = await put('parts', { ...ok, fromDepotId: ids.outletDepot });
    expect(outlet.status).toBe(400);
    expect(outlet.body).toMatchObject({ code: 'part_route.not_shipping_depot' });
    expect(outlet.body.errors[0].path).toMatch(/fromDepotId$/);
    const nowhere = await put('parts', { ...ok, toOrgUnitId: crypto.randomUUID() });
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.errors[0].path).toMatch(/toOrgUnitId$/);
    // The center's staff approve requests but do not keep depots' promises (parts.manage).
    expect((await put('gd.center', ok)).status).toBe(403);
    // An outlet manager keeps their own depot: the center's depot is out of their scope.
    const foreign = await put('gd01.manager', ok);
    expect(foreign.status).toBe(404);
    expect(foreign.body.errors[0].path).toMatch(/fromDepotId$/);
    expect((await as.parts!.get('/api/part-shipment-routes')).body).toMatchObject({
      items: [],
      total: 0,
      defaultPromisedDays: 3,
    });
  });

  it('sets, changes and removes a route, each with an audit event', async () => {
    const set = await as.parts!.put('/api/part-shipment-routes', {
      fromDepotId: ids.hqDepot,
      toOrgUnitId: w.units['O-GD-02'],
      promisedDays: 4,
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({
      toOrgUnitId: w.units['O-GD-02'],
      promisedDays: 4,
      fromDepotCode: expect.any(String),
    });
    const again = await as.parts!.put('/api/part-shipment-routes', {
      fromDepotId: ids.hqDepot,
      toOrgUnitId: w.units['O-GD-02'],
      promisedDays: 1,
    });
    expect(again.body).toMatchObject({ id: set.body.id, promisedDays: 1 });
    const list = await as.parts!.get('/api/part-shipment-routes');
    expect(list.body.total).toBe(1);
    // An outlet's people do not see HQ's routes (scoped by the shipping depot's unit).
    expect((await as['gd01.manager']!.get('/api/part-shipment-routes')).body.total).toBe(0);
    const removed = await as.parts!.delete(`/api/part-shipment-routes/${set.body.id}`);
    expect(removed.status).toBe(204);
    expect((await as.parts!.delete(`/api/part-shipment-routes/${set.body.id}`)).status).toBe(404);
    expect((await as.parts!.get('/api/part-shipment-routes')).body.total).toBe(0);
    const audit = await as.admin!.get(`/api/audit?entityId=${set.body.id}`);
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'part_shipment_route.set')).toHaveLength(2);
    expect(actions).toContain('part_shipment_route.removed');
    // Set again after removal: the same route is active again.
    const back = await as.parts!.put('/api/part-shipment-routes', {
      fromDepotId: ids.hqDepot,
      toOrgUnitId: w.units['O-GD-02'],
      promisedDays: 1,
    });
    expect(back.body.id).toBe(set.body.id);
  });

  it('a shipment on a 1-day route received on day 3 is 2 days late, the shipping depot’s; elsewhere the default', async () => {
    // The center promises 1 day to every depot of its province (a unit's subtree covers the outlet).
    const route = await as.parts!.put('/api/part-shipment-routes', {
      fromDepotId: ids.centerDepot,
      toOrgUnitId: w.units['C-GD'],
      promisedDays: 1,
    });
    expect(route.status, JSON.stringify(route.body)).toBe(200);
    const made = await as['gd01.tech1']!.post('/api/part-requests', {
      orderId: order.id,
      lines: [
        { partId: ids.valve, quantity: 1 },
        { partId: w.partId, quantity: 1 },
      ],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.request.id;
    if (made.body.request.status !== 'approved') {
      const approved = await as['gd.center']!.post(`/api/part-requests/${id}/approve`, {});
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    }
    const fromCenter = await as.parts!.post(`/api/part-requests/${id}/ship`, {
      fromDepotId: ids.centerDepot,
      lines: [{ partId: ids.valve, quantity: 1 }],
      carrier: '顺丰',
      trackingNo: 'SF101',
    });
    expect(fromCenter.status, JSON.stringify(fromCenter.body)).toBe(200);
    // HQ has a route only to O-GD-02: to O-GD-01 it ships on the default promise.
    const fromHq = await as.parts!.post(`/api/part-requests/${id}/ship`, {
      fromDepotId: ids.hqDepot,
      lines: [{ partId: w.partId, quantity: 1 }],
      carrier: '顺丰',
      trackingNo: 'SF102',
    });
    expect(fromHq.status, JSON.stringify(fromHq.body)).toBe(200);
    const [c, h] = fromHq.body.shipments;
    expect(c).toMatchObject({ fromDepotId: ids.centerDepot, promisedDays: 1, promiseSource: 'route' });
    expect(h).toMatchObject({ fromDepotId: ids.hqDepot, promisedDays: 3, promiseSource: 'default' });

    t.clock.advance(3 * DAY);
    for (const u of USERS) as[u] = await t.login(u);
    const late = await as.parts!.get(`/api/part-shipments?late=true&requestId=${id}`);
    expect(late.body.items.map((s: { id: string }) => s.id)).toEqual([c.id]);
    const rc = await as['gd01.manager']!.post(`/api/part-shipments/${c.id}/receive`, {
      lines: [{ partId: ids.valve, quantity: 1 }],
    });
    expect(rc.status, JSON.stringify(rc.body)).toBe(200);
    const rh = await as['gd01.manager']!.post(`/api/part-shipments/${h.id}/receive`, {
      lines: [{ partId: w.partId, quantity: 1 }],
    });
    expect(rh.status, JSON.stringify(rh.body)).toBe(200);
    const byId = new Map(rh.body.shipments.map((s: { id: string }) => [s.id, s]));
    expect(byId.get(c.id)).toMatchObject({ latenessDays: 2, attributedParty: 'center', promiseSource: 'route' });
    expect(byId.get(h.id)).toMatchObject({ latenessDays: 0, attributedParty: null, promiseSource: 'default' });
    // Removing the route later does not change what a shipment was promised.
    await as.parts!.delete(`/api/part-shipment-routes/${route.body.id}`);
    const after = await as.parts!.get(`/api/part-shipments?requestId=${id}`);
    expect(after.body.items.find((s: { id: string }) => s.id === c.id)).toMatchObject({
      promisedDays: 1,
      promiseSource: 'route',
    });
  });
});
