import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../db/schema.js';
import { loadActor } from '../../platform/auth/actors.js';
import { systemCtx, type Ctx } from '../../platform/context.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { type ServiceWorld, setUpServiceWorld } from '../../test/service-world.js';
import { createOrder } from './commands/create-queue.js';
import { OrderCreate, type OrderDetail } from './contract.js';
import { getOrder } from './queries.js';

/*
 * Issue 11 items 2 and 6, issue 20 item 3: a far-zone order's limits from creation on and
 * re-planned when its zone changes; backdated report times within a window, with a reason and
 * recorded; idempotency keys bound to their request. The answer to a creation must tell what a
 * read of the order tells.
 */

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
let farCustomerId: string;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  for (const u of ['admin', 'hotline', 'dispatcher', 'gd.dispatch', 'gd01.manager', 'gd02.manager'])
    as[u] = await t.login(u);
  // In 天河 (covered by O-GD-01) but about 50 km north of it: beyond the 30 km near zone.
  const [c] = await t.database.db
    .insert(tables.customers)
    .values({ code: 'CWO-FAR', kind: 'individual', name: '远郊客户', orgPath: (await pathOf('O-GD-01'))! })
    .returning();
  await t.database.db.insert(tables.customerAddresses).values({
    customerId: c!.id,
    provinceCode: '440000',
    cityCode: '440100',
    districtCode: '440106',
    detail: '远郊村 1 号',
    lat: 23.6,
    lng: 113.36,
    isPrimary: true,
  });
  farCustomerId = c!.id;
}, 60_000);
afterAll(() => t.close());

const HOUR = 3_600_000;

async function pathOf(code: string): Promise<string | undefined> {
  const [u] = await t.database.db
    .select({ path: tables.orgUnits.path })
    .from(tables.orgUnits)
    .where(eq(tables.orgUnits.code, code));
  return u?.path;
}

async function ctxOf(username: string): Promise<Ctx> {
  const [u] = await t.database.db.select().from(tables.users).where(eq(tables.users.username, username));
  return { ...systemCtx(t.database.db, { now: t.clock.now() }), actor: (await loadActor(t.database.db, u!.id))! };
}

/**
 * The same input created twice through the one pipeline: the answer built from what was written
 * (`grouped`), and the order read back (`oneByOne`). Each is the created order or the error it
 * was refused with; both must tell the same.
 */
async function bothPaths(
  username: string,
  input: Record<string, unknown>,
): Promise<{ grouped: OrderDetail | Error; oneByOne: OrderDetail | Error }> {
  const body = OrderCreate.parse(input);
  const answered = async () => {
    const r = await createOrder(await ctxOf(username), body, null);
    if (r.kind !== 'created') throw new Error(r.kind);
    const { suggestion: _, ...detail } = r.detail;
    return detail;
  };
  const readBack = async () => {
    const ctx = await ctxOf(username);
    return getOrder(ctx, (await createOrder(ctx, body, null)).id);
  };
  const settle = (p: Promise<OrderDetail>) => p.catch((e: Error) => e);
  return { grouped: await settle(answered()), oneByOne: await settle(readBack()) };
}

/** What must be the same whichever path created the order. */
function outcome(o: OrderDetail | Error) {
  if (o instanceof Error)
    return { error: (o as { code?: string }).code, fields: (o as { fieldErrors?: unknown }).fieldErrors };
  return {
    zone: o.zone,
    reportedAt: o.reportedAt,
    backdate: o.backdate && { ...o.backdate },
    created: o.timeline[0]!.data,
    milestones: o.milestones.map((m) => ({
      key: m.key,
      limitMinutes: m.limitMinutes,
      startedAt: m.startedAt,
      dueAt: m.dueAt,
      backdate: m.backdate,
    })),
  };
}

const direct = (extra: Record<string, unknown> = {}) => ({
  customerId: w.customerId,
  serviceType: 'on_site',
  faultDescription: '不制冷',
  ...extra,
});

describe('the zone of an order', () => {
  it('is known at creation: a far customer gets the 72 h on-site limit on both paths (seed 004)', async () => {
    const { grouped, oneByOne } = await bothPaths('hotline', direct({ customerId: farCustomerId }));
    expect(outcome(grouped)).toEqual(outcome(oneByOne));
    const o = grouped as OrderDetail;
    expect(o.zone).toBe('far');
    expect(o.milestones.find((m) => m.key === 'on_site')).toMatchObject({ limitMinutes: 72 * 60 });
    const near = await bothPaths('hotline', direct());
    expect(outcome(near.grouped)).toEqual(outcome(near.oneByOne));
    expect((near.grouped as OrderDetail).zone).toBe('near');
    expect((near.grouped as OrderDetail).milestones.find((m) => m.key === 'on_site')).toMatchObject({
      limitMinutes: 24 * 60,
    });
  });

  it('re-plans the open milestones when dispatched to an outlet at another distance, and says why', async () => {
    const created = await as.hotline!.post('/api/orders', direct());
    expect(created.status).toBe(201);
    expect(created.body.zone).toBe('near');
    const toCenter = await as.dispatcher!.post(`/api/orders/${created.body.id}/dispatch`, {
      toUnitId: w.units['C-GD'],
      version: created.body.version,
    });
    expect(toCenter.status).toBe(200);
    // O-GD-02 (深圳) is far from the customer in 广州: the on-site limit becomes 72 h.
    const res = await as['gd.dispatch']!.post(`/api/orders/${created.body.id}/dispatch`, {
      toUnitId: w.units['O-GD-02'],
      overrideReason: '客户要求深圳网点',
      version: toCenter.body.version,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.zone).toBe('far');
    const onSite = res.body.milestones.find((m: { key: string }) => m.key === 'on_site');
    expect(onSite).toMatchObject({ limitMinutes: 72 * 60, state: 'running' });
    expect(new Date(onSite.dueAt).getTime() - new Date(onSite.startedAt).getTime()).toBe(72 * HOUR);
    const entry = res.body.timeline.at(-1);
    expect(entry).toMatchObject({
      action: 'zone_changed',
      data: {
        from: 'near',
        to: 'far',
        cause: 'dispatch',
        outletId: w.units['O-GD-02'],
        milestones: expect.arrayContaining([
          expect.objectContaining({ key: 'on_site', limitBefore: 24 * 60, limitAfter: 72 * 60 }),
        ]),
      },
    });
    const [event] = await t.database.db
      .select()
      .from(tables.events)
      .where(eq(tables.events.action, 'work_order.zone_changed'));
    expect(event!.changes).toMatchObject({ zone: { before: 'near', after: 'far' } });
  });

  it('lifts an on-site breach the far limit does not have', async () => {
    // Reported 30 h ago (entered late, with its reason): the near limit of 24 h has passed.
    const reportedAt = new Date(t.clock.now().getTime() - 30 * HOUR).toISOString();
    const created = await as.hotline!.post('/api/orders', direct({ reportedAt, backdateReason: '夜班来电次日录入' }));
    const toCenter = await as.dispatcher!.post(`/api/orders/${created.body.id}/dispatch`, {
      toUnitId: w.units['C-GD'],
      version: created.body.version,
    });
    const late = await as['gd.dispatch']!.get(`/api/orders/${created.body.id}`);
    expect(late.body.milestones.find((m: { key: string }) => m.key === 'on_site').state).toBe('breached');
    const res = await as['gd.dispatch']!.post(`/api/orders/${created.body.id}/dispatch`, {
      toUnitId: w.units['O-GD-02'],
      overrideReason: '客户要求深圳网点',
      version: toCenter.body.version,
    });
    expect(res.status).toBe(200);
    expect(res.body.milestones.find((m: { key: string }) => m.key === 'on_site')).toMatchObject({
      state: 'running',
      limitMinutes: 72 * 60,
      breachedAt: null,
    });
  });
});

describe('a corrected address', () => {
  it('judges the zone again at the serving outlet and re-plans the open limits, saying why (near → far)', async () => {
    const created = await as.hotline!.post('/api/orders', direct());
    const toCenter = await as.dispatcher!.post(`/api/orders/${created.body.id}/dispatch`, {
      toUnitId: w.units['C-GD'],
      version: created.body.version,
    });
    const toOutlet = await as['gd.dispatch']!.post(`/api/orders/${created.body.id}/dispatch`, {
      toUnitId: w.units['O-GD-01'],
      version: toCenter.body.version,
    });
    expect(toOutlet.status, JSON.stringify(toOutlet.body)).toBe(200);
    expect(toOutlet.body.zone).toBe('near');
    // The customer's house is really out in the suburbs, about 50 km north of the outlet.
    const [moved] = await t.database.db
      .insert(tables.customerAddresses)
      .values({
        customerId: w.customerId,
        provinceCode: '440000',
        cityCode: '440100',
        districtCode: '440106',
        detail: '远郊村 8 号',
        lat: 23.6,
        lng: 113.36,
      })
      .returning();
    const url = `/api/orders/${created.body.id}/address`;
    const body = { addressId: moved!.id, reason: '客户来电更正：实际在远郊老家', version: toOutlet.body.version };

    // Another outlet cannot see the order at all.
    expect((await as['gd02.manager']!.post(url, body)).status).toBe(404);
    // Bad input is refused at its field, nothing written.
    const unknown = await as['gd01.manager']!.post(url, { ...body, addressId: crypto.randomUUID() });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ errors: [{ path: 'body.addressId' }] });
    const [foreign] = await t.database.db
      .select({ id: tables.customerAddresses.id })
      .from(tables.customerAddresses)
      .where(eq(tables.customerAddresses.customerId, farCustomerId));
    expect((await as['gd01.manager']!.post(url, { ...body, addressId: foreign!.id })).status).toBe(404);
    const same = await as['gd01.manager']!.post(url, { ...body, addressId: w.addressId });
    expect(same.status).toBe(400);
    expect(same.body).toMatchObject({ code: 'order.address_unchanged', errors: [{ path: 'body.addressId' }] });
    const bare = await as['gd01.manager']!.post(url, { ...body, reason: ' ' });
    expect(bare.status).toBe(400);
    expect(bare.body).toMatchObject({ errors: [{ path: 'body.reason' }] });

    const res = await as['gd01.manager']!.post(url, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ state: 'dispatched_outlet', addressId: moved!.id, zone: 'far' });
    const onSite = res.body.milestones.find((m: { key: string }) => m.key === 'on_site');
    expect(onSite).toMatchObject({ limitMinutes: 72 * 60, state: 'running' });
    expect(new Date(onSite.dueAt).getTime() - new Date(onSite.startedAt).getTime()).toBe(72 * HOUR);
    const [corrected, replanned] = res.body.timeline.slice(-2);
    expect(corrected).toMatchObject({
      action: 'correct_address',
      fromState: 'dispatched_outlet',
      toState: 'dispatched_outlet',
      actorId: w.users['gd01.manager'],
      note: body.reason,
      data: {
        from: { addressId: w.addressId, districtCode: '440106' },
        to: { addressId: moved!.id, districtCode: '440106' },
        zone: 'far',
      },
    });
    expect(replanned).toMatchObject({
      action: 'zone_changed',
      data: {
        from: 'near',
        to: 'far',
        cause: 'correct_address',
        outletId: w.units['O-GD-01'],
        milestones: expect.arrayContaining([
          expect.objectContaining({ key: 'on_site', limitBefore: 24 * 60, limitAfter: 72 * 60 }),
        ]),
      },
    });
    const events = await t.database.db
      .select()
      .from(tables.events)
      .where(eq(tables.events.action, 'work_order.correct_address'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: w.users['gd01.manager'],
      reason: body.reason,
      changes: { addressId: { before: w.addressId, after: moved!.id }, zone: { before: 'near', after: 'far' } },
    });
  });
});

describe('backdated reports', () => {
  it('need a reason, are recorded with who and by how much, and the SLA shows it: alike on both paths', async () => {
    const reportedAt = new Date(t.clock.now().getTime() - 10 * HOUR).toISOString();
    const refused = await bothPaths('hotline', direct({ reportedAt }));
    expect(outcome(refused.grouped)).toEqual(outcome(refused.oneByOne));
    expect(outcome(refused.grouped)).toMatchObject({
      error: 'order.backdate_reason_required',
      fields: [{ path: 'backdateReason' }],
    });
    const ok = await bothPaths('hotline', direct({ reportedAt, backdateReason: '停电后补录纸质单' }));
    expect(outcome(ok.grouped)).toEqual(outcome(ok.oneByOne));
    const o = ok.grouped as OrderDetail;
    const backdate = {
      minutes: 600,
      reason: '停电后补录纸质单',
      byId: w.users.hotline,
      byName: expect.any(String),
      recordedAt: t.clock.now().toISOString(),
    };
    expect(o.backdate).toEqual(backdate);
    expect(o.timeline[0]!.data).toEqual({ backdate });
    // Timed from the report, and attributed to the backdating.
    const onSite = o.milestones.find((m) => m.key === 'on_site')!;
    expect(onSite).toMatchObject({ startedAt: reportedAt, backdate });
  });

  it('beyond the window (72 h) need the permission; a future report time is refused', async () => {
    const months = new Date(t.clock.now().getTime() - 210 * 24 * HOUR).toISOString();
    const body = direct({ reportedAt: months, backdateReason: '历史纸质单录入' });
    const refused = await bothPaths('hotline', body);
    expect(outcome(refused.grouped)).toEqual(outcome(refused.oneByOne));
    expect(outcome(refused.grouped)).toMatchObject({
      error: 'order.backdate_beyond_window',
      fields: [{ path: 'reportedAt' }],
    });
    const res = await as.hotline!.post('/api/orders', body);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'order.backdate_beyond_window', errors: [{ path: 'body.reportedAt' }] });
    const allowed = await as.admin!.post('/api/orders', body);
    expect(allowed.status).toBe(201);
    expect(allowed.body.backdate).toMatchObject({ minutes: 210 * 24 * 60, byId: w.users.admin });
    // Within the window: no permission needed.
    const within = await as.hotline!.post(
      '/api/orders',
      direct({ reportedAt: new Date(t.clock.now().getTime() - 71 * HOUR).toISOString(), backdateReason: '来电漏记' }),
    );
    expect(within.status).toBe(201);
    // A few minutes are the same moment (device clocks): no reason asked.
    const now = await as.hotline!.post(
      '/api/orders',
      direct({ reportedAt: new Date(t.clock.now().getTime() - 2 * 60_000).toISOString() }),
    );
    expect(now.status).toBe(201);
    expect(now.body.backdate).toBeNull();
    const future = await as.hotline!.post(
      '/api/orders',
      direct({ reportedAt: new Date(t.clock.now().getTime() + HOUR).toISOString() }),
    );
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ code: 'order.reported_in_future', errors: [{ path: 'body.reportedAt' }] });
  });
});

describe('backdated conversions', () => {
  it('take the request as the report: converting it later is not backdating, dating it earlier is', async () => {
    const request = () =>
      as.hotline!.post('/api/intake/requests', { kind: 'repair', customerId: w.customerId, symptoms: '漏水' });
    const first = await request();
    expect(first.status).toBe(201);
    t.clock.advance(60 * 60_000);
    const converted = await as.hotline!.post('/api/orders', {
      serviceRequestId: first.body.id,
      serviceType: 'on_site',
    });
    expect(converted.status, JSON.stringify(converted.body)).toBe(201);
    expect(converted.body).toMatchObject({ reportedAt: first.body.createdAt, backdate: null });
    const onSite = converted.body.milestones.find((m: { key: string }) => m.key === 'on_site');
    expect(onSite.startedAt).toBe(first.body.createdAt);

    const second = await request();
    const earlier = new Date(new Date(second.body.createdAt).getTime() - 3 * HOUR).toISOString();
    const bare = await as.hotline!.post('/api/orders', {
      serviceRequestId: second.body.id,
      serviceType: 'on_site',
      reportedAt: earlier,
    });
    expect(bare.status).toBe(400);
    expect(bare.body).toMatchObject({
      code: 'order.backdate_reason_required',
      errors: [{ path: 'body.backdateReason' }],
    });
    const reasoned = await as.hotline!.post('/api/orders', {
      serviceRequestId: second.body.id,
      serviceType: 'on_site',
      reportedAt: earlier,
      backdateReason: '客户先打过一次电话未登记',
    });
    expect(reasoned.status).toBe(201);
    expect(reasoned.body.backdate).toMatchObject({ minutes: 180, recordedAt: second.body.createdAt });

    // Later than the request was logged would start every clock late.
    const third = await request();
    t.clock.advance(30 * 60_000);
    const later = await as.hotline!.post('/api/orders', {
      serviceRequestId: third.body.id,
      serviceType: 'on_site',
      reportedAt: new Date(new Date(third.body.createdAt).getTime() + 20 * 60_000).toISOString(),
    });
    expect(later.status).toBe(400);
    expect(later.body).toMatchObject({ code: 'order.reported_in_future', errors: [{ path: 'body.reportedAt' }] });
  });
});

describe('idempotency keys', () => {
  it('replay the first order for the same body in any key order, and refuse another body (422)', async () => {
    const first = await as.hotline!.request('POST', '/api/orders', direct({ priority: 1 }), {
      'idempotency-key': 'k-body',
    });
    expect(first.status).toBe(201);
    const reordered = { priority: 1, faultDescription: '不制冷', serviceType: 'on_site', customerId: w.customerId };
    const again = await as.hotline!.request('POST', '/api/orders', reordered, { 'idempotency-key': 'k-body' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const other = await as.hotline!.request('POST', '/api/orders', direct({ customerId: farCustomerId }), {
      'idempotency-key': 'k-body',
    });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({
      code: 'idempotency.key_reused',
      errors: [{ path: 'headers.idempotency-key' }],
    });
  });

  it('refuse a different body sent at the same time with the same key', async () => {
    const answers = await Promise.all([
      as.hotline!.request('POST', '/api/orders', direct(), { 'idempotency-key': 'k-race' }),
      as.hotline!.request('POST', '/api/orders', direct({ customerId: farCustomerId }), {
        'idempotency-key': 'k-race',
      }),
      as.hotline!.request('POST', '/api/orders', direct({ faultDescription: '另一个故障' }), {
        'idempotency-key': 'k-race',
      }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422, 422]);
  });
});
