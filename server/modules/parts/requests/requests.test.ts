import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tables from '../../../db/schema.js';
import { setSetting } from '../../../platform/config/store.js';
import { systemCtx } from '../../../platform/context.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { orderInRepair, type ServiceWorld, setUpServiceWorld } from '../../../test/service-world.js';
import { ensureDepotFor, postMovements } from '../index.js';

// Until the price list exists the cost is 0; the tests price every part at ¥100 to exercise value quotas.
vi.mock('./cost.js', () => ({ partCostFen: async () => 10_000 }));

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
const ids = {} as Record<'valve' | 'belt' | 'hqDepot' | 'centerDepot' | 'outletDepot', string>;
let order: { id: string; version: number };

const orderState = async () => (await as['gd01.manager']!.get(`/api/orders/${order.id}`)).body;
const DAY = 86_400_000;
const USERS = [
  'admin',
  'hotline',
  'dispatcher',
  'manager',
  'parts',
  'gd.dispatch',
  'gd.center',
  'gd01.manager',
  'gd01.tech1',
  'gd02.manager',
];
/** Days pass (sessions expire with them: everyone signs in again). */
async function advance(days: number) {
  t.clock.advance(days * DAY);
  for (const u of USERS) as[u] = await t.login(u);
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  for (const u of USERS) as[u] = await t.login(u);
  const db = t.database.db;
  const [valve] = await db.insert(tables.parts).values({ code: 'P-VALVE', name: '进水阀' }).returning();
  const [belt] = await db.insert(tables.parts).values({ code: 'P-BELT', name: '皮带' }).returning();
  ids.valve = valve!.id;
  ids.belt = belt!.id;
  await db.insert(tables.modelParts).values([
    { modelId: w.modelId, partId: w.partId },
    { modelId: w.modelId, partId: ids.valve },
  ]);
  ids.hqDepot = (await ensureDepotFor(db, t.hqId)).id;
  ids.centerDepot = (await ensureDepotFor(db, w.units['C-GD']!)).id;
  ids.outletDepot = (await ensureDepotFor(db, w.units['O-GD-01']!)).id;
  const ctx = systemCtx(db, { now: t.clock.now() });
  await postMovements(db, ctx, [
    { kind: 'receipt', depotId: ids.centerDepot, partId: ids.valve, quantity: 5 },
    { kind: 'receipt', depotId: ids.hqDepot, partId: w.partId, quantity: 10 },
  ]);
  await setSetting(db, ctx, { key: 'parts.hqApprovalAboveFen', value: 100_000, effectiveFrom: new Date('2020-01-01') });

  // An order of outlet O-GD-01 in repair by gd01.tech1.
  order = await orderInRepair(as, w);
}, 120_000);
afterAll(() => t.close());

describe('parts requests', () => {
  it('refuses bad input naming the field, and parts outside the model', async () => {
    const zero = await as['gd01.tech1']!.post('/api/part-requests', {
      orderId: order.id,
      lines: [{ partId: ids.valve, quantity: 0 }],
    });
    expect(zero.status).toBe(400);
    expect(JSON.stringify(zero.body.errors)).toContain('lines.0.quantity');
    const foreign = await as['gd01.tech1']!.post('/api/part-requests', {
      orderId: order.id,
      lines: [{ partId: ids.belt, quantity: 1 }],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe('part_request.part_not_in_model');
    expect(JSON.stringify(foreign.body.errors)).toContain('lines.0.partId');
    expect((await orderState()).state).toBe('in_repair');
  });

  it('sets quotas; a request within them is approved on its own and the order waits for parts', async () => {
    for (const holder of [{ orgUnitId: w.units['O-GD-01'] }, { userId: w.users['gd01.tech1'] }]) {
      const res = await as['gd.center']!.put('/api/part-quotas', { ...holder, valueFen: 50_000, quantity: 5 });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const before = await as['gd01.tech1']!.get(`/api/part-requests/quota?orderId=${order.id}`);
    expect(before.status).toBe(200);
    expect(before.body.outlet.remaining).toMatchObject({ valueFen: 50_000, quantity: 5 });
    expect(before.body.parts.map((p: { code: string }) => p.code).sort()).toEqual(['P-PUMP', 'P-VALVE']);

    // Before sending, the requester is told who would approve and why; nothing is written.
    const preview = (quantity: number) =>
      as['gd01.tech1']!.post('/api/part-requests/preview', {
        orderId: order.id,
        lines: [{ partId: ids.valve, quantity }],
      });
    const within = await preview(2);
    expect(within.status, JSON.stringify(within.body)).toBe(200);
    expect(within.body).toMatchObject({ level: 'auto', totalFen: 20_000, totalQuantity: 2 });
    const beyond = await preview(6);
    expect(beyond.body.level).toBe('center');
    expect(beyond.body.explanation.map((e: { 'zh-CN': string }) => e['zh-CN'])).toContain(
      '超出网点金额额度：申请600.00元，剩余500.00元，超出100.00元',
    );
    const hq = await preview(11);
    expect(hq.body.level).toBe('hq');
    expect(hq.body.explanation[0].en).toContain('above the HQ approval threshold of ¥1000.00');
    const foreign = await as['gd01.tech1']!.post('/api/part-requests/preview', {
      orderId: order.id,
      lines: [{ partId: ids.belt, quantity: 1 }],
    });
    expect(foreign.body.code).toBe('part_request.part_not_in_model');
    expect((await as['gd01.tech1']!.get(`/api/part-requests?orderId=${order.id}`)).body.total).toBe(0);
    expect((await orderState()).state).toBe('in_repair');

    const res = await as['gd01.tech1']!.post('/api/part-requests', {
      orderId: order.id,
      lines: [{ partId: ids.valve, quantity: 2 }],
      urgency: 'urgent',
      note: '进水阀坏',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.request).toMatchObject({
      status: 'approved',
      approvalLevel: 'auto',
      urgency: 'urgent',
      totalFen: 20_000,
    });
    expect(res.body.request.code).toMatch(/^PR-\d{8}-0001$/);
    expect(res.body.request.lines[0].fromDepotId).toBe(ids.centerDepot);
    expect(res.body.orderWaiting).toBe(true);
    expect(res.body.quota.outlet.remaining).toMatchObject({ valueFen: 30_000, quantity: 3 });
    expect(res.body.quota.technician.remaining).toMatchObject({ valueFen: 30_000, quantity: 3 });
    const o = await orderState();
    expect(o).toMatchObject({ state: 'waiting', waitReason: 'parts' });
  });

  it('ships from the center; a short receipt keeps the order waiting; the rest arrives late and resumes it', async () => {
    const [req] = (await as['gd01.manager']!.get(`/api/part-requests?orderId=${order.id}`)).body.items;
    const db = t.database.db;
    // The outlet's manager also wants this notice by e-mail.
    const manager = w.users['gd01.manager']!;
    await db.update(tables.users).set({ email: 'gd01.manager@example.com' }).where(eq(tables.users.id, manager));
    await db
      .insert(tables.staffMailPrefs)
      .values({ userId: manager, event: 'parts.shipped', createdAt: t.clock.now() });
    const shipped = await as.parts!.post(`/api/part-requests/${req.id}/ship`, { carrier: '顺丰', trackingNo: 'SF001' });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect(shipped.body.status).toBe('shipped');
    const s1 = shipped.body.shipments[0];
    // The receiving outlet's people who request or manage parts are told, naming the shipment and its lines.
    const notices = await db.select().from(tables.inboxItems).where(eq(tables.inboxItems.entityId, req.id));
    const told = new Set(notices.map((n) => n.userId));
    expect(told.has(manager)).toBe(true);
    expect(told.has(w.users['gd01.tech1']!)).toBe(true);
    expect(told.has(w.users['gd02.manager']!)).toBe(false);
    expect(told.has(w.users.parts!)).toBe(false);
    expect(notices[0]!.title['zh-CN']).toBe(`配件已发货：${s1.code}`);
    expect(notices[0]!.body['zh-CN']).toContain('共1项配件');
    expect(notices[0]!.body.en).toContain(`${s1.code}`);
    const mails = await db.select().from(tables.outbox).where(eq(tables.outbox.template, 'parts.shipped'));
    expect(mails).toMatchObject([{ channel: 'email', recipient: 'gd01.manager@example.com' }]);
    expect(mails[0]!.body).toContain(s1.code);
    expect(s1).toMatchObject({
      fromDepotId: ids.centerDepot,
      toDepotId: ids.outletDepot,
      fromLevel: 'center',
      promisedDays: 3,
    });
    const [bal] = await t.database.db
      .select()
      .from(tables.stockBalances)
      .where(eq(tables.stockBalances.depotId, ids.outletDepot));
    expect(bal).toMatchObject({ inTransit: 2, onHand: 0 });
    const onBoard = async () =>
      (await as['gd01.manager']!.get(`/api/part-requests?orderId=${order.id}`)).body.items[0].lines[0];
    expect(await onBoard()).toMatchObject({ quantity: 2, receivedQty: 0, inTransitQty: 2 });

    const short = await as['gd01.manager']!.post(`/api/part-shipments/${s1.id}/receive`, {
      lines: [{ partId: ids.valve, quantity: 1 }],
    });
    expect(short.status, JSON.stringify(short.body)).toBe(200);
    expect(short.body.status).toBe('shipped');
    expect(short.body.shipments[0]).toMatchObject({ wrong: true, attributedParty: 'center', latenessDays: 0 });
    expect(short.body.shipments[0].lines[0]).toMatchObject({ qtyShipped: 2, qtyReceived: 1, outcome: 'short' });
    expect(short.body.lines[0]).toMatchObject({ receivedQty: 1, inTransitQty: 0 });
    expect((await orderState()).state).toBe('waiting');
    const again = await as['gd01.manager']!.post(`/api/part-shipments/${s1.id}/receive`, { lines: [] });
    expect(again.body.code).toBe('part_shipment.already_received');

    const s2 = await as.parts!.post(`/api/part-requests/${req.id}/ship`, { carrier: '顺丰', trackingNo: 'SF002' });
    expect(s2.status, JSON.stringify(s2.body)).toBe(200);
    const second = s2.body.shipments[1];
    expect(second.lines[0]).toMatchObject({ qtyShipped: 1 });
    await advance(5);
    const late = await as.parts!.get('/api/part-shipments?late=true');
    expect(late.body.items.map((s: { id: string }) => s.id)).toContain(second.id);
    const done = await as['gd01.manager']!.post(`/api/part-shipments/${second.id}/receive`, {
      lines: [{ partId: ids.valve, quantity: 1 }],
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.status).toBe('received');
    expect(done.body.shipments[1]).toMatchObject({ latenessDays: 2, attributedParty: 'center', wrong: false });
    expect(done.body.waitParty).toBe('center');
    expect(done.body.events.map((e: { action: string }) => e.action)).toEqual([
      'part_request.created',
      'part_request.shipped',
      'part_shipment.received',
      'part_request.shipped',
      'part_shipment.received',
      'part_request.received',
    ]);
    expect(await orderState()).toMatchObject({ state: 'in_repair', waitReason: null });
  });

  it('beyond the remaining quota the center approves; the outlet cannot', async () => {
    const res = await as['gd01.tech1']!.post('/api/part-requests', {
      orderId: order.id,
      lines: [{ partId: w.partId, quantity: 4 }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.request).toMatchObject({ status: 'pending_center', approvalLevel: 'center' });
    expect(res.body.request.explanation.map((e: { en: string }) => e.en).join(' ')).toContain('quantity quota');
    expect((await orderState()).state).toBe('waiting');
    const id = res.body.request.id;
    expect((await as['gd01.manager']!.post(`/api/part-requests/${id}/approve`, {})).status).toBe(403);
    const ok = await as['gd.center']!.post(`/api/part-requests/${id}/approve`, {});
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved' });
    expect(ok.body.lines[0].fromDepotId).toBe(ids.hqDepot);
    const cancelled = await as['gd01.tech1']!.post(`/api/part-requests/${id}/cancel`, { reason: '客户自行购买' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await orderState()).state).toBe('in_repair');
  });

  it('above the HQ threshold HQ approves; a part HQ lacks makes the wait HQ’s', async () => {
    const res = await as['gd01.tech1']!.post('/api/part-requests', {
      orderId: order.id,
      lines: [{ partId: w.partId, quantity: 11 }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.request).toMatchObject({ status: 'pending_hq', approvalLevel: 'hq', totalFen: 110_000 });
    const id = res.body.request.id;
    expect((await as['gd.center']!.post(`/api/part-requests/${id}/approve`, {})).status).toBe(403);
    const ok = await as.manager!.post(`/api/part-requests/${id}/approve`, {});
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', unavailableAtHq: true });
    expect(ok.body.lines[0].fromDepotId).toBeNull();
    // HQ gets stock three days later and ships.
    await advance(3);
    await postMovements(t.database.db, systemCtx(t.database.db, { now: t.clock.now() }), [
      { kind: 'receipt', depotId: ids.hqDepot, partId: w.partId, quantity: 5 },
    ]);
    const shipped = await as.parts!.post(`/api/part-requests/${id}/ship`, {
      fromDepotId: ids.hqDepot,
      carrier: 'EMS',
      trackingNo: 'E1',
    });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    await advance(1);
    const got = await as['gd01.manager']!.post(`/api/part-shipments/${shipped.body.shipments[0].id}/receive`, {
      lines: [{ partId: w.partId, quantity: 11 }],
    });
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    expect(got.body).toMatchObject({ status: 'received', waitParty: 'hq' });
    expect(await orderState()).toMatchObject({ state: 'in_repair' });
  });

  it('returns unused parts to the outlet depot and frees the quota', async () => {
    const [req] = (
      await as['gd01.manager']!.get(`/api/part-requests?orderId=${order.id}&status=received`)
    ).body.items.filter((r: { totalFen: number }) => r.totalFen === 20_000);
    const before = (await as['gd01.tech1']!.get(`/api/part-requests/quota?orderId=${order.id}`)).body;
    const tooMany = await as['gd01.tech1']!.post(`/api/part-requests/${req.id}/return`, {
      lines: [{ partId: ids.valve, quantity: 3 }],
    });
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body.errors)).toContain('lines.0.quantity');
    const ok = await as['gd01.tech1']!.post(`/api/part-requests/${req.id}/return`, {
      lines: [{ partId: ids.valve, quantity: 1 }],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.lines[0]).toMatchObject({ returnedQty: 1 });
    // Returned in December what was drawn in November: November's use is not touched, December's stays at 0.
    const after = (await as['gd01.tech1']!.get(`/api/part-requests/quota?orderId=${order.id}`)).body;
    expect(after.period.start).toBe('2026-12-01');
    expect(after.outlet.used).toEqual(before.outlet.used);
    const freed = await t.database.db
      .select()
      .from(tables.partQuotaMovements)
      .where(eq(tables.partQuotaMovements.kind, 'returned_unused'));
    expect(freed.map((f) => [f.quantity, f.valueFen, f.day])).toContainEqual([1, 10_000, '2026-12-02']);
    const [bal] = await t.database.db
      .select()
      .from(tables.stockBalances)
      .where(and(eq(tables.stockBalances.partId, ids.valve), eq(tables.stockBalances.depotId, ids.outletDepot)));
    expect(bal).toMatchObject({ onHand: 1, inTransit: 1 });
  });

  it('issues straight from the outlet depot when it holds the part: no shipment, no wait', async () => {
    const res = await as['gd01.tech1']!.post('/api/part-requests', {
      orderId: order.id,
      lines: [{ partId: ids.valve, quantity: 1 }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.request).toMatchObject({ status: 'received', approvalLevel: 'auto', waitParty: null });
    expect(res.body.request.lines[0]).toMatchObject({ fromDepotId: ids.outletDepot, receivedQty: 1 });
    expect(res.body.orderWaiting).toBe(false);
    expect((await orderState()).state).toBe('in_repair');
    const detail = await as['gd01.manager']!.get(`/api/part-requests/${res.body.request.id}`);
    expect(detail.body.shipments).toEqual([]);
  });

  it('keeps each outlet to its own requests', async () => {
    const other = await as['gd02.manager']!.get('/api/part-requests');
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
    const mine = await as['gd01.manager']!.get('/api/part-requests');
    const id = mine.body.items[0].id;
    expect((await as['gd02.manager']!.get(`/api/part-requests/${id}`)).status).toBe(404);
    expect((await as['gd02.manager']!.get('/api/part-shipments')).body.items).toEqual([]);
    const foreign = await as['gd02.manager']!.post('/api/part-requests', {
      orderId: order.id,
      lines: [{ partId: ids.valve, quantity: 1 }],
    });
    expect(foreign.status).toBe(404);
  });
});
