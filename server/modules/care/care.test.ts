import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { type ServiceWorld, setUpServiceWorld } from '../../test/service-world.js';
import { fireCareReminders } from './scheduler.js';

/*
 * Customer care (docs/care.md) through the API on a real database (PGlite, and PostgreSQL with
 * TEST_DATABASE_URL): due dates from the model's cycle, a custom plan and its clearing, reminders
 * that fire once however often the sweep runs, bulk maintenance orders through the order pipeline
 * with each unit answered, the warranty-expiry offer answered up to "bought" and its contract,
 * scope and bad input. The test clock starts at 2026-11-23 10:00 in Asia/Shanghai.
 */

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
const USERS = ['admin', 'hotline', 'dispatcher', 'gd01.manager', 'gd02.manager', 'auditor'];
/** U1: due tomorrow by the cycle; U2: maintenance overdue, warranty ends 2026-12-10; U3: another outlet's. */
const u: Record<'U1' | 'U2' | 'U3', string> = { U1: '', U2: '', U3: '' };

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  const db = t.database.db;
  await db.update(tables.productModels).set({ maintenanceDays: 180 }).where(eq(tables.productModels.id, w.modelId));
  await db.update(tables.customers).set({ consentMessages: true }).where(eq(tables.customers.id, w.customerId));
  // Bought 2026-05-28: 180 days later (the start day not counted) is 2026-11-24.
  await db.update(tables.units).set({ purchaseDate: '2026-05-28' }).where(eq(tables.units.id, w.unitId));
  u.U1 = w.unitId;
  const [o1] = await db.select().from(tables.units).where(eq(tables.units.id, w.unitId));
  const [u2] = await db
    .insert(tables.units)
    .values({
      modelId: w.modelId,
      serialNo: 'SN-CARE-0002',
      customerId: w.customerId,
      usage: 'household',
      addressId: w.addressId,
      purchaseDate: '2025-12-10',
      orgPath: o1!.orgPath,
    })
    .returning();
  u.U2 = u2!.id;
  const [o2] = await db
    .select({ path: tables.orgUnits.path })
    .from(tables.orgUnits)
    .where(eq(tables.orgUnits.code, 'O-GD-02'));
  const [c3] = await db
    .insert(tables.customers)
    .values({ code: 'CCARE03', kind: 'individual', name: '李四', orgPath: o2!.path, consentMessages: false })
    .returning();
  const [u3] = await db
    .insert(tables.units)
    .values({
      modelId: w.modelId,
      serialNo: 'SN-CARE-0003',
      customerId: c3!.id,
      usage: 'household',
      installedOn: '2026-06-01',
      orgPath: o2!.path,
    })
    .returning();
  u.U3 = u3!.id;
  for (const name of USERS) as[name] = await t.login(name);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const ids = (items: { unitId: string }[]) => items.map((i) => i.unitId).sort();

describe('due dates', () => {
  it('the planner lists units due in the period and overdue ones, with what dated them', async () => {
    const res = await as.dispatcher!.get('/api/care/maintenance');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const one = res.body.items.find((i: { unitId: string }) => i.unitId === u.U1);
    expect(one).toMatchObject({
      nextOn: '2026-11-24',
      status: 'due',
      daysLeft: 1,
      source: 'cycle',
      basis: 'purchase',
      basisOn: '2026-05-28',
      cycleDays: 180,
      openOrder: null,
    });
    const two = res.body.items.find((i: { unitId: string }) => i.unitId === u.U2);
    expect(two).toMatchObject({ nextOn: '2026-06-08', status: 'overdue' });
    // U3: installed 2026-06-01 → 2026-11-28, within the default 7-day lead.
    expect(res.body.items.find((i: { unitId: string }) => i.unitId === u.U3)).toMatchObject({
      nextOn: '2026-11-28',
      basis: 'installation',
    });
    const later = await as.dispatcher!.get('/api/care/maintenance?from=2026-11-25&to=2026-11-30&status=due');
    expect(ids(later.body.items)).toEqual([u.U3]);
  });

  it('filters by area: the province or city of the address, and an org unit', async () => {
    const gd = await as.dispatcher!.get('/api/care/maintenance?province=440100');
    expect(ids(gd.body.items)).toEqual([u.U1, u.U2].sort());
    const outlet = await as.dispatcher!.get(`/api/care/maintenance?orgUnitId=${w.units['O-GD-02']}`);
    expect(ids(outlet.body.items)).toEqual([u.U3]);
  });

  it('each reader sees the units of their own area only', async () => {
    const mine = await as['gd01.manager']!.get('/api/care/maintenance');
    expect(ids(mine.body.items)).toEqual([u.U1, u.U2].sort());
    const theirs = await as['gd02.manager']!.get('/api/care/maintenance');
    expect(ids(theirs.body.items)).toEqual([u.U3]);
    expect((await as['gd02.manager']!.get(`/api/care/units/${u.U1}`)).status).toBe(404);
    expect((await as['gd02.manager']!.get(`/api/care/maintenance?orgUnitId=${w.units['O-GD-01']}`)).status).toBe(404);
  });

  it('refuses bad input naming the field', async () => {
    const period = await as.dispatcher!.get('/api/care/maintenance?from=2026-12-10&to=2026-12-01');
    expect(period.status).toBe(400);
    expect(period.body.code).toBe('care.period_invalid');
    expect(period.body.errors[0].path).toBe('querystring.to');
    const status = await as.dispatcher!.get('/api/care/maintenance?status=soon');
    expect(status.status).toBe(400);
    expect(JSON.stringify(status.body.errors)).toContain('status');
    const both = await as.dispatcher!.put(`/api/care/units/${u.U1}/plan`, {
      version: 0,
      intervalDays: 30,
      intervalMonths: 1,
    });
    expect(both.status).toBe(400);
    expect(both.body.errors[0].path).toBe('body.intervalMonths');
    const none = await as.dispatcher!.put(`/api/care/units/${u.U1}/plan`, { version: 0 });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].path).toBe('body.intervalDays');
    const past = await as.dispatcher!.put(`/api/care/units/${u.U1}/plan`, { version: 0, nextOn: '2026-11-01' });
    expect(past.status).toBe(400);
    expect(past.body.errors[0].path).toBe('body.nextOn');
  });
});

describe('a custom plan', () => {
  it('overrides the cycle, is versioned, audited, and cleared back to the cycle', async () => {
    const set = await as.dispatcher!.put(`/api/care/units/${u.U1}/plan`, {
      version: 0,
      nextOn: '2026-12-20',
      note: '客户出差',
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ planVersion: 1, plan: { nextOn: '2026-12-20', note: '客户出差' } });
    expect(set.body.maintenance).toMatchObject({ nextOn: '2026-12-20', source: 'plan', status: 'upcoming' });
    const stale = await as.dispatcher!.put(`/api/care/units/${u.U1}/plan`, { version: 0, intervalMonths: 3 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('entity.version_conflict');
    const months = await as.dispatcher!.put(`/api/care/units/${u.U1}/plan`, { version: 1, intervalMonths: 3 });
    // Three months from purchase 2026-05-28 is 2026-08-28: overdue.
    expect(months.body.maintenance).toMatchObject({ nextOn: '2026-08-28', source: 'plan', status: 'overdue' });
    const cleared = await as.dispatcher!.post(`/api/care/units/${u.U1}/plan/clear`, { version: 2 });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body).toMatchObject({ plan: null, planVersion: 3 });
    expect(cleared.body.maintenance).toMatchObject({ nextOn: '2026-11-24', source: 'cycle' });
    const again = await as.dispatcher!.post(`/api/care/units/${u.U1}/plan/clear`, { version: 3 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('care.no_plan');
    const events = await t.database.db
      .select()
      .from(tables.events)
      .where(and(eq(tables.events.entity, 'care_plan'), eq(tables.events.entityId, u.U1)));
    expect(events.map((e) => e.action)).toEqual(['care_plan.set', 'care_plan.set', 'care_plan.cleared']);
    expect(
      (await as['gd01.manager']!.put(`/api/care/units/${u.U1}/plan`, { version: 3, intervalDays: 30 })).status,
    ).toBe(403);
  });
});

describe('reminders', () => {
  it('fire once per unit and date, however often the sweep runs', async () => {
    const db = t.database.db;
    const fired = await fireCareReminders(db, t.clock.now(), { force: true });
    // U1's maintenance (2026-11-24), U3's (2026-11-28, no consent: recorded, not sent), U2's warranty end (2026-12-10).
    expect(fired).toBe(3);
    expect(await fireCareReminders(db, t.clock.now())).toBe(0);
    expect(await fireCareReminders(db, t.clock.now(), { force: true })).toBe(0);
    t.clock.advance(11 * 60_000);
    expect(await fireCareReminders(db, t.clock.now())).toBe(0);
    const reminders = await db.select().from(tables.careReminders);
    expect(reminders.map((r) => `${r.kind} ${r.dueOn} ${r.skipped ?? 'sent'}`).sort()).toEqual([
      'maintenance 2026-11-24 sent',
      'maintenance 2026-11-28 no_consent',
      'warranty_expiry 2026-12-10 sent',
    ]);
    const sms = await db.select().from(tables.outbox);
    const care = sms.filter((m) => m.template.startsWith('care.'));
    expect(care.map((m) => m.template).sort()).toEqual(['care.maintenance', 'care.warranty_expiry']);
    expect(care.every((m) => m.recipient === '13800138000')).toBe(true);
    expect(care.find((m) => m.template === 'care.warranty_expiry')!.body).toContain('2026-12-10');
  });
  it('two sweeps at once (two instances) still send each reminder once', async () => {
    const db = t.database.db;
    // Forget what was sent, as if these dates had never been reminded.
    await db.delete(tables.careOfferEvents);
    await db.delete(tables.careOffers);
    await db.delete(tables.careReminders);
    const before = (await db.select().from(tables.outbox)).length;
    const fired = await Promise.all([
      fireCareReminders(db, t.clock.now(), { force: true }),
      fireCareReminders(db, t.clock.now(), { force: true }),
    ]);
    expect(fired[0]! + fired[1]!).toBe(3);
    expect((await db.select().from(tables.outbox)).length - before).toBe(2);
    expect(await db.select().from(tables.careReminders)).toHaveLength(3);
  });
});

describe('warranty-expiry offers', () => {
  it('lists the unit whose warranty ends within the lead, with the reminder on its timeline', async () => {
    const res = await as.hotline!.get('/api/care/warranty-offers');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      unitId: u.U2,
      warrantyEndsOn: '2026-12-10',
      daysLeft: 17,
      state: 'open',
      version: 1,
    });
    expect(res.body.items[0].remindedAt).not.toBeNull();
    expect(res.body.items[0].history.map((h: { kind: string }) => h.kind)).toEqual(['reminder']);
    expect((await as['gd02.manager']!.get('/api/care/warranty-offers')).body.items).toHaveLength(0);
  });

  it('records answers, and "bought" sells the extended warranty through the warranty module', async () => {
    const path = `/api/care/warranty-offers/${u.U2}/response`;
    const interested = await as.hotline!.post(path, {
      version: 1,
      warrantyEndsOn: '2026-12-10',
      response: 'interested',
      note: '考虑一下',
    });
    expect(interested.status, JSON.stringify(interested.body)).toBe(200);
    expect(interested.body).toMatchObject({ state: 'interested', note: '考虑一下', version: 2 });
    const noContract = await as.hotline!.post(path, { version: 2, warrantyEndsOn: '2026-12-10', response: 'bought' });
    expect(noContract.status).toBe(400);
    expect(noContract.body.errors[0].path).toBe('body.contract');
    const wrongEnd = await as.hotline!.post(path, { version: 0, warrantyEndsOn: '2026-12-31', response: 'declined' });
    expect(wrongEnd.status).toBe(409);
    expect(wrongEnd.body.code).toBe('care.not_expiring');
    const badDay = await as.hotline!.post(path, { version: 0, warrantyEndsOn: '0000-01-01', response: 'declined' });
    expect(badDay.status).toBe(400);
    expect(badDay.body.errors[0].path).toBe('body.warrantyEndsOn');
    expect(
      (await as['gd02.manager']!.post(path, { version: 2, warrantyEndsOn: '2026-12-10', response: 'declined' })).status,
    ).toBe(403);
    const bought = await as.hotline!.post(path, {
      version: 2,
      warrantyEndsOn: '2026-12-10',
      response: 'bought',
      note: '购买两年延保',
      contract: { months: 24, priceFen: 39_900 },
    });
    expect(bought.status, JSON.stringify(bought.body)).toBe(200);
    expect(bought.body).toMatchObject({ state: 'bought', version: 3 });
    expect(bought.body.contractCode).toMatch(/^SC/);
    expect(bought.body.history.map((h: { response: string | null }) => h.response)).toEqual([
      null,
      'interested',
      'bought',
    ]);
    const contracts = await as.hotline!.get(`/api/warranty/contracts?unitId=${u.U2}`);
    const c = contracts.body.items.find((x: { id: string }) => x.id === bought.body.contractId);
    expect(c).toMatchObject({
      kind: 'extended_warranty',
      startsOn: '2026-12-11',
      endsOn: '2028-12-11',
      priceFen: 39_900,
    });
    const closed = await as.hotline!.post(path, { version: 3, warrantyEndsOn: '2026-12-10', response: 'declined' });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('care.offer_closed');
    // The unit's warranty now ends with the contract; the bought offer stays listed.
    const care = await as.hotline!.get(`/api/care/units/${u.U2}`);
    expect(care.body.warrantyEndsOn).toBe('2028-12-11');
    expect(care.body.offer).toMatchObject({ state: 'bought', warrantyEndsOn: '2026-12-10' });
    const list = await as.hotline!.get('/api/care/warranty-offers?state=bought');
    expect(ids(list.body.items)).toEqual([u.U2]);
  });
});

describe('bulk maintenance orders', () => {
  it('creates one order per unit through the order pipeline and answers every unit', async () => {
    // A unit unknown (or out of scope) refuses the request before anything is created.
    const unknown = await as.dispatcher!.post('/api/care/maintenance/orders', {
      unitIds: [u.U1, '00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].path).toBe('body.unitIds.1');
    expect((await as.dispatcher!.get(`/api/care/maintenance?unitId=${u.U1}`)).body.items[0].openOrder).toBeNull();
    const res = await as.dispatcher!.post('/api/care/maintenance/orders', { unitIds: [u.U1, u.U2, u.U1] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ total: 3, created: 2, refused: 1 });
    expect(res.body.items.map((i: { result: string }) => i.result)).toEqual(['created', 'created', 'refused']);
    expect(res.body.items[2].code).toBe('care.duplicate_unit');
    expect(res.body.items[2].reason.en).toContain('more than once');
    const order = await as.dispatcher!.get(`/api/orders/${res.body.items[0].orderId}`);
    expect(order.body).toMatchObject({ serviceType: 'maintenance', unitId: u.U1, state: 'created' });
    expect(order.body.faultDescription).toContain('2026-11-24');
    const again = await as.dispatcher!.post('/api/care/maintenance/orders', { unitIds: [u.U1] });
    expect(again.body.items[0]).toMatchObject({ result: 'refused', code: 'care.open_maintenance_order' });
    const listed = await as.dispatcher!.get(`/api/care/maintenance?unitId=${u.U1}`);
    expect(listed.body.items[0].openOrder.code).toBe(res.body.items[0].orderCode);
    // Out of scope reads as not found for the outlet's people; without the right the request is refused.
    expect((await as['gd01.manager']!.post('/api/care/maintenance/orders', { unitIds: [u.U3] })).status).toBe(403);
    const empty = await as.dispatcher!.post('/api/care/maintenance/orders', { unitIds: [] });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body.errors)).toContain('unitIds');
  });

  it('a completed maintenance moves the next date one cycle on from its completion day', async () => {
    const db = t.database.db;
    const [o] = await db
      .select()
      .from(tables.workOrders)
      .where(and(eq(tables.workOrders.unitId, u.U1), eq(tables.workOrders.serviceType, 'maintenance')));
    // Completed 2026-11-23 10:00 Shanghai (the order's own walk is the work-order module's test).
    await db
      .update(tables.workOrders)
      .set({ state: 'completed', completedAt: t.clock.now() })
      .where(eq(tables.workOrders.id, o!.id));
    const res = await as.dispatcher!.get(`/api/care/units/${u.U1}`);
    expect(res.body.maintenance).toMatchObject({
      nextOn: '2027-05-22',
      basis: 'maintenance',
      lastMaintenanceOn: '2026-11-23',
      status: 'upcoming',
      openOrder: null,
    });
  });
});

describe('service contract visits', () => {
  it('spread the visits left over the term and date the unit when earlier than the cycle', async () => {
    const made = await as.admin!.post('/api/warranty/contracts', {
      kind: 'maintenance',
      unitId: u.U3,
      coversParts: false,
      coversLabour: true,
      startsOn: '2026-11-01',
      endsOn: '2027-10-31',
      visitsIncluded: 52,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    // 364 days ÷ 52 visits = every 7 days from the start: 2026-11-08, before the cycle's 2026-11-28.
    const res = await as['gd02.manager']!.get(`/api/care/units/${u.U3}`);
    expect(res.body.maintenance).toMatchObject({
      nextOn: '2026-11-08',
      source: 'contract',
      basis: 'contract_start',
      status: 'overdue',
    });
    expect(res.body.maintenance.why.en).toContain('52 visit(s) left');
  });
});
