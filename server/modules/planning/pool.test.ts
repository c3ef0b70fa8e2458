import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../platform/context.js';
import { events } from '../../platform/events/tables.js';
import { buildUser } from '../../test/factories.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { orderActor, type ServiceWorld, setUpServiceWorld } from '../../test/service-world.js';
import { workOrderHistory, workOrders } from '../work-orders/index.js';
import { withdrawPoolOffersOf } from './pool-commands.js';
import { planningPool } from './tables.js';

/*
 * The order pool (docs/planning-pool.md) through the API: the region setting, publishing accepted
 * orders of outlet O-GD-01, what technicians see, claims (certified only, first claim wins) and
 * withdrawing. The racing claims run for real on PostgreSQL (`node scripts/test-pg.mjs` runs this
 * file there); PGlite serialises them, which must give the same answer.
 */
describe('the order pool', () => {
  let t: TestApp;
  let w: ServiceWorld;
  const as: Record<string, Agent> = {};
  /** Certified technicians of O-GD-01 (tech1 and eight built ones); tech2 is not certified. */
  const certified: Agent[] = [];

  /** An on-site order of the world's unit, accepted by O-GD-01. */
  async function acceptedOrder(): Promise<{ id: string; version: number; code: string }> {
    const act = orderActor(as);
    const made = await as.hotline!.post('/api/orders', {
      customerId: w.customerId,
      unitId: w.unitId,
      serviceType: 'on_site',
      faultDescription: '不脱水',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    let o = made.body;
    o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
    o = await act('gd.dispatch', o, 'dispatch', { toUnitId: w.units['O-GD-01'] });
    return act('gd01.manager', o, 'accept') as Promise<{ id: string; version: number; code: string }>;
  }

  const publish = (orderIds: string[]) =>
    as['gd01.manager']!.post('/api/planning/pool', { outletId: w.units['O-GD-01'], orderIds });

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    w = await setUpServiceWorld(t);
    for (const u of ['admin', 'hotline', 'dispatcher', 'gd.dispatch', 'gd01.manager', 'gd01.tech1', 'gd01.tech2'])
      as[u] = await t.login(u);
    const cert = async (userId: string) => {
      const res = await as['gd01.manager']!.post('/api/technician-certifications', {
        userId,
        productLineId: w.lineId,
        validUntil: '2027-12-31',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    await cert(w.users['gd01.tech1']!);
    certified.push(as['gd01.tech1']!);
    for (let i = 0; i < 8; i++) {
      // The last one reads English.
      const u = await buildUser(t, {
        roles: ['technician'],
        orgUnitId: w.units['O-GD-01']!,
        ...(i === 7 ? { lang: 'en' as const } : {}),
      });
      await cert(u.id);
      certified.push(await t.login(u.username));
    }
  });
  afterAll(() => t.close());

  it('refuses to publish while the outlet’s region does not use the pool', async () => {
    const o = await acceptedOrder();
    const res = await publish([o.id]);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'planning.pool_region_disabled', errors: [{ path: 'body.outletId' }] });
    // Enabled for 广州市 (the outlet is in 天河区 of it).
    const set = await as.admin!.put('/api/settings/planning.poolRegions', { value: ['440100'] });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
  });

  it('refuses bad input and orders the pool does not take, naming the field', async () => {
    const empty = await publish([]);
    expect(empty.status).toBe(400);
    const notUuid = await as['gd01.manager']!.post('/api/planning/pool', { outletId: 'x', orderIds: ['y'] });
    expect(notUuid.status).toBe(400);
    const made = await as.hotline!.post('/api/orders', {
      customerId: w.customerId,
      unitId: w.unitId,
      serviceType: 'on_site',
      faultDescription: '不进水',
    });
    const ok = await acceptedOrder();
    const created = await publish([ok.id, made.body.id]);
    expect(created.status).toBe(404);
    expect(created.body.errors).toEqual([expect.objectContaining({ path: 'body.orderIds.1' })]);
    const repeated = await publish([ok.id, ok.id]);
    expect(repeated.status).toBe(400);
    expect(repeated.body).toMatchObject({
      code: 'planning.pool_orders_repeated',
      errors: [{ path: 'body.orderIds.1' }],
    });
    // The center holds it: not the outlet's to offer.
    const atCenter = await orderActor(as)('dispatcher', made.body, 'dispatch', { toUnitId: w.units['C-GD'] });
    const byCenter = await as['gd.dispatch']!.post('/api/planning/pool', {
      outletId: w.units['C-GD'],
      orderIds: [atCenter.id],
    });
    expect(byCenter.body).toMatchObject({ code: 'planning.pool_not_outlet' });
    // Nothing was written by the refusals.
    expect(await t.database.db.select().from(planningPool)).toEqual([]);
    const badClaim = await as['gd01.tech1']!.post('/api/planning/pool/nope/claim');
    expect(badClaim.status).toBe(400);
    const badWithdraw = await as['gd01.manager']!.post(`/api/planning/pool/${ok.id}/withdraw`, { version: 'x' });
    expect(badWithdraw.status).toBe(400);
  });

  it('publishes, lists for technicians with whether they may claim, and claims for the certified only', async () => {
    const o = await acceptedOrder();
    const res = await publish([o.id]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.published).toBe(1);
    const offer = res.body.offers[0];
    expect(offer).toMatchObject({
      orderId: o.id,
      code: o.code,
      state: 'open',
      outletId: w.units['O-GD-01'],
      productLine: { id: w.lineId, name: '洗衣机' },
      area: '广州市天河区',
      claimedBy: null,
      version: 1,
    });
    const again = await publish([o.id]);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'planning.pool_already_open', errors: [{ path: 'body.orderIds.0' }] });
    const published = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.entityId, offer.id), eq(events.action, 'planning.pool_published')));
    expect(published).toHaveLength(1);

    // The technicians of the outlet see it; only the certified one may claim. No street, no customer.
    const mine = await as['gd01.tech1']!.get('/api/planning/pool');
    expect(mine.status).toBe(200);
    expect(mine.body.items.find((i: { id: string }) => i.id === offer.id)).toMatchObject({ claimable: true });
    const text = JSON.stringify(mine.body);
    expect(text).not.toContain('天河路');
    expect(text).not.toContain('张三');
    expect(text).not.toContain('13800138000');
    const theirs = await as['gd01.tech2']!.get('/api/planning/pool');
    expect(theirs.body.items.find((i: { id: string }) => i.id === offer.id)).toMatchObject({ claimable: false });
    // Another outlet's technician sees nothing of it.
    const other = await (await t.login('gd02.tech1')).get('/api/planning/pool');
    expect(other.body).toMatchObject({ items: [], total: 0 });
    // The dispatcher's list.
    const desk = await as['gd01.manager']!.get('/api/planning/pool?state=open');
    expect(desk.body.total).toBeGreaterThanOrEqual(1);

    const refused = await as['gd01.tech2']!.post(`/api/planning/pool/${offer.id}/claim`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('planning.pool_not_certified');
    const outsider = await (await t.login('gd02.tech1')).post(`/api/planning/pool/${offer.id}/claim`);
    expect(outsider.status).toBe(404);

    const claim = await as['gd01.tech1']!.post(`/api/planning/pool/${offer.id}/claim`);
    expect(claim.status, JSON.stringify(claim.body)).toBe(200);
    expect(claim.body.offer).toMatchObject({
      state: 'claimed',
      claimedBy: { id: w.users['gd01.tech1'] },
      version: 2,
      claimable: false,
    });
    const [order] = await t.database.db.select().from(workOrders).where(eq(workOrders.id, o.id));
    expect(order).toMatchObject({ state: 'assigned', technicianId: w.users['gd01.tech1'] });
    const history = await t.database.db
      .select()
      .from(workOrderHistory)
      .where(and(eq(workOrderHistory.orderId, o.id), eq(workOrderHistory.toState, 'assigned')));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'dispatch', actorId: w.users['gd01.tech1'] });
    const claimed = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.entityId, offer.id), eq(events.action, 'planning.pool_claimed')));
    expect(claimed).toHaveLength(1);
    expect(claimed[0]!.changes).toMatchObject({ via: { after: 'pool' } });
    const late = await as['gd01.tech1']!.post(`/api/planning/pool/${offer.id}/claim`);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('planning.pool_taken');
    // Claimed offers leave the technicians' list.
    const after = await as['gd01.tech1']!.get('/api/planning/pool');
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(offer.id);
  });

  it('racing pool claims: of 8 certified technicians claiming at once, exactly one wins', async () => {
    const o = await acceptedOrder();
    const offer = (await publish([o.id])).body.offers[0];
    const racers = certified.slice(1, 9);
    expect(racers).toHaveLength(8);
    const results = await Promise.all(racers.map((a) => a.post(`/api/planning/pool/${offer.id}/claim`)));
    const won = results.filter((r) => r.status === 200);
    const lost = results.filter((r) => r.status === 409);
    expect(won, JSON.stringify(results.map((r) => [r.status, r.body?.code]))).toHaveLength(1);
    expect(lost).toHaveLength(7);
    for (const r of lost) {
      expect(r.body).toMatchObject({ code: 'planning.pool_taken' });
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    const winner = racers[results.findIndex((r) => r.status === 200)]!;
    const [order] = await t.database.db.select().from(workOrders).where(eq(workOrders.id, o.id));
    expect(order).toMatchObject({ state: 'assigned', technicianId: winner.userId });
    const assigned = await t.database.db
      .select()
      .from(workOrderHistory)
      .where(and(eq(workOrderHistory.orderId, o.id), eq(workOrderHistory.toState, 'assigned')));
    expect(assigned).toHaveLength(1);
    const [row] = await t.database.db.select().from(planningPool).where(eq(planningPool.id, offer.id));
    expect(row).toMatchObject({ state: 'claimed', claimedBy: winner.userId, version: 2 });
    const claimed = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.entityId, offer.id), eq(events.action, 'planning.pool_claimed')));
    expect(claimed).toHaveLength(1);
  });

  it('withdraws an open offer; it can be claimed no more', async () => {
    const o = await acceptedOrder();
    const offer = (await publish([o.id])).body.offers[0];
    const stale = await as['gd01.manager']!.post(`/api/planning/pool/${offer.id}/withdraw`, { version: 2 });
    expect(stale.status).toBe(409);
    const res = await as['gd01.manager']!.post(`/api/planning/pool/${offer.id}/withdraw`, { version: 1 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ state: 'withdrawn', version: 2 });
    const claim = await as['gd01.tech1']!.post(`/api/planning/pool/${offer.id}/claim`);
    expect(claim.status).toBe(409);
    expect(claim.body.code).toBe('planning.pool_closed');
    const twice = await as['gd01.manager']!.post(`/api/planning/pool/${offer.id}/withdraw`, { version: 2 });
    expect(twice.body.code).toBe('planning.pool_not_open');
    const byTech = await as['gd01.tech1']!.post(`/api/planning/pool/${offer.id}/withdraw`, { version: 2 });
    expect(byTech.status).toBe(403);
    // The order can go to the pool again.
    expect((await publish([o.id])).status).toBe(201);
  });

  it('an order assigned by other means leaves the pool: hidden from the list, a claim withdraws the offer', async () => {
    const o = await acceptedOrder();
    const offer = (await publish([o.id])).body.offers[0];
    await orderActor(as)('gd01.manager', o, 'dispatch', {
      technicianId: w.users['gd01.tech1'],
      overrideReason: '客户指定',
    });
    const list = await certified[1]!.get('/api/planning/pool');
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(offer.id);
    const claim = await certified[1]!.post(`/api/planning/pool/${offer.id}/claim`);
    expect(claim.status).toBe(409);
    expect(claim.body.code).toBe('planning.pool_order_moved');
    const [row] = await t.database.db.select().from(planningPool).where(eq(planningPool.id, offer.id));
    expect(row).toMatchObject({ state: 'withdrawn', claimedBy: null });
    const [order] = await t.database.db.select().from(workOrders).where(eq(workOrders.id, o.id));
    expect(order!.technicianId).toBe(w.users['gd01.tech1']);
    const withdrawn = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.entityId, offer.id), eq(events.action, 'planning.pool_withdrawn')));
    expect(withdrawn).toHaveLength(1);
  });

  it('closes the open offers of orders given out by other means at once (withdrawPoolOffersOf)', async () => {
    const o = await acceptedOrder();
    const offer = (await publish([o.id])).body.offers[0];
    const ctx = systemCtx(t.database.db, { name: 'plan', now: t.clock.now() });
    const n = await t.database.db.transaction((tx) => withdrawPoolOffersOf(tx, ctx, [o.id, offer.id]));
    expect(n).toBe(1);
    const [row] = await t.database.db.select().from(planningPool).where(eq(planningPool.id, offer.id));
    expect(row).toMatchObject({ state: 'withdrawn', version: 2 });
    expect(await t.database.db.transaction((tx) => withdrawPoolOffersOf(tx, ctx, [o.id]))).toBe(0);
  });

  it('tells a late English reader in English', async () => {
    const o = await acceptedOrder();
    const offer = (await publish([o.id])).body.offers[0];
    expect((await certified[2]!.post(`/api/planning/pool/${offer.id}/claim`)).status).toBe(200);
    const res = await certified[8]!.post(`/api/planning/pool/${offer.id}/claim`);
    expect(res.body).toMatchObject({
      status: 409,
      code: 'planning.pool_taken',
      detail: 'Another technician has already claimed this order',
    });
  });
});
