import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tables from '../../../db/schema.js';
import { systemCtx } from '../../../platform/context.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { type ServiceWorld, setUpServiceWorld } from '../../../test/service-world.js';
import { ensureDepotFor, postMovements } from '../index.js';

// Every part costs ¥100, so value quotas are easy to read.
vi.mock('./cost.js', () => ({ partCostFen: async () => 10_000 }));

/** The quota screen's list: quota in force, used and remaining this period, over-quota, scope, XLSX. */
let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
let valve: string;
let order: { id: string; version: number };
type Standing = {
  holderKind: string;
  holderId: string;
  quota: { valueFen: number | null; quantity: number | null } | null;
  used: { valueFen: number; quantity: number };
  remaining: { valueFen: number | null; quantity: number | null; overValueFen: number; overQuantity: number } | null;
  over: boolean;
  period: { kind: string; start: string; end: string };
};

async function act(who: string, o: { id: string; version: number }, path: string, body: Record<string, unknown> = {}) {
  const res = await as[who]!.post(`/api/orders/${o.id}/${path}`, { version: o.version, ...body });
  expect(res.status, `${who} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  for (const u of ['hotline', 'dispatcher', 'gd.dispatch', 'gd.center', 'gd01.manager', 'gd01.tech1', 'gd02.manager'])
    as[u] = await t.login(u);
  const db = t.database.db;
  const [part] = await db.insert(tables.parts).values({ code: 'P-VALVE', name: '进水阀' }).returning();
  valve = part!.id;
  await db.insert(tables.modelParts).values([{ modelId: w.modelId, partId: valve }]);
  const centerDepot = (await ensureDepotFor(db, w.units['C-GD']!)).id;
  await postMovements(db, systemCtx(db, { now: t.clock.now() }), [
    { kind: 'receipt', depotId: centerDepot, partId: valve, quantity: 5 },
  ]);
  const made = await as.hotline!.post('/api/orders', {
    customerId: w.customerId,
    unitId: w.unitId,
    serviceType: 'carry_in',
    faultDescription: '不进水',
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  let o = made.body;
  o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
  o = await act('gd.dispatch', o, 'dispatch', { toUnitId: w.units['O-GD-01'] });
  o = await act('gd01.manager', o, 'accept');
  o = await act('gd01.manager', o, 'receive', { condition: '完好' });
  o = await act('gd01.manager', o, 'start');
  order = o;
}, 120_000);
afterAll(() => t.close());

async function standing(who: string, query = '') {
  const res = await as[who]!.get(`/api/part-quotas/standing${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(Number.isInteger(res.body.total)).toBe(true);
  return res.body as { items: Standing[]; total: number };
}

describe('quota standing', () => {
  it('refuses a bad quota naming the field', async () => {
    const res = await as['gd.center']!.put('/api/part-quotas', {
      orgUnitId: w.units['O-GD-01'],
      valueFen: -1,
      quantity: 1,
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('valueFen');
  });

  it('lists every outlet and technician in scope, with no quota until one is set', async () => {
    const list = await standing('gd.center');
    const outlet = list.items.find((s) => s.holderId === w.units['O-GD-01']);
    expect(outlet).toMatchObject({ holderKind: 'outlet', quota: null, remaining: null, over: false });
    expect(list.items.some((s) => s.holderKind === 'technician' && s.holderId === w.users['gd01.tech1'])).toBe(true);
  });

  it('counts what approvals used this period against the quota in force, as the approval does, and flags over-quota', async () => {
    const set = await as['gd.center']!.put('/api/part-quotas', {
      orgUnitId: w.units['O-GD-01'],
      valueFen: 15_000,
      quantity: 1,
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const tech = await as['gd.center']!.put('/api/part-quotas', {
      userId: w.users['gd01.tech1'],
      valueFen: null,
      quantity: 5,
    });
    expect(tech.status, JSON.stringify(tech.body)).toBe(200);
    const req = await as['gd01.manager']!.post('/api/part-requests', {
      orderId: order.id,
      lines: [{ partId: valve, quantity: 2 }],
    });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    expect(req.body.request.status).toBe('pending_center');
    const ok = await as['gd.center']!.post(`/api/part-requests/${req.body.request.id}/approve`, {});
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);

    const list = await standing('gd.center');
    const outlet = list.items.find((s) => s.holderId === w.units['O-GD-01'])!;
    expect(outlet.quota).toMatchObject({ valueFen: 15_000, quantity: 1 });
    expect(outlet.used).toEqual({ valueFen: 20_000, quantity: 2 });
    expect(outlet.remaining).toEqual({ valueFen: 0, quantity: 0, overValueFen: 5_000, overQuantity: 1 });
    expect(outlet.over).toBe(true);
    expect(outlet.period.kind).toBe('monthly');
    // The same figures as the quota the request screen reads.
    const view = await as['gd.center']!.get(`/api/part-requests/quota?outletId=${w.units['O-GD-01']}`);
    expect(view.body.outlet.remaining).toEqual(outlet.remaining);
    // The carry-in order has no technician: the request counts against the outlet only.
    const techRow = list.items.find((s) => s.holderId === w.users['gd01.tech1'])!;
    expect(techRow.remaining).toMatchObject({ valueFen: null, quantity: 5, overQuantity: 0 });
    expect(techRow.over).toBe(false);

    const over = await standing('gd.center', '?over=true');
    expect(over.items.map((s) => s.holderId)).toEqual([w.units['O-GD-01']]);
    const techs = await standing('gd.center', '?kind=technician');
    expect(techs.items.every((s) => s.holderKind === 'technician')).toBe(true);
  });

  it("never shows another outlet's quota", async () => {
    const list = await standing('gd02.manager');
    expect(list.items.some((s) => s.holderId === w.units['O-GD-01'] || s.holderId === w.users['gd01.tech1'])).toBe(
      false,
    );
    expect(list.items.some((s) => s.holderId === w.units['O-GD-02'])).toBe(true);
  });

  it('exports the list as XLSX, recorded as an export', async () => {
    const res = await as['gd.center']!.get('/api/part-quotas/standing.xlsx?over=true');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['x-total-count']).toBe('1');
  });
});
