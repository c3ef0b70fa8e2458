import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tables from '../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { type ServiceWorld, setUpServiceWorld } from '../../test/service-world.js';
import { withRoadTable } from './plan-commands.js';
import type { Problem } from './solver/problem.js';

/*
 * The planning board and its plans (docs/planning-board.md), through the API on a real database
 * (PGlite, and PostgreSQL with TEST_DATABASE_URL): outlet O-GD-01's day with four accepted visits —
 * two of a product line only gd01.tech1 is certified for, one of no line, one without coordinates.
 * The board lists them and the technicians; a plan respects the certification and leaves the
 * visit without coordinates unplaced; moves are checked (dry run and real), a lock survives
 * re-planning; publishing dispatches and books through the orders' own actions, and again
 * changes nothing; a started visit stays fixed; the technician reads the ordered route; shifts
 * are validated field by field; the other outlet sees none of it.
 */

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
const USERS = ['hotline', 'dispatcher', 'gd.dispatch', 'gd01.manager', 'gd01.tech1', 'gd01.tech2', 'gd02.manager'];
const DAY = '2026-11-24';
const o: Record<string, { id: string; code: string; version: number }> = {};
let outletId: string;
let tech1: string;
let tech2: string;
let outletPath: string;

async function act(who: string, order: { id: string; version: number }, path: string, body: object = {}) {
  const res = await as[who]!.post(`/api/orders/${order.id}/${path}`, { version: order.version, ...body });
  expect(res.status, `${who} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

async function acceptedOrder(body: Record<string, unknown>) {
  const made = await as.hotline!.post('/api/orders', {
    customerId: w.customerId,
    serviceType: 'on_site',
    faultDescription: '不进水',
    ...body,
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  let r = made.body;
  r = await act('dispatcher', r, 'dispatch', { toUnitId: w.units['C-GD'] });
  r = await act('gd.dispatch', r, 'dispatch', { toUnitId: outletId });
  return act('gd01.manager', r, 'accept');
}

const board = async (who = 'gd01.manager') => as[who]!.get(`/api/planning/board?outletId=${outletId}&day=${DAY}`);
const routeOf = (plan: any, techId: string) => plan.routes.find((r: any) => r.technicianId === techId);
const techOfVisit = (plan: any, orderId: string) =>
  plan.routes.find((r: any) => r.stops.some((s: any) => s.orderId === orderId))?.technicianId ?? null;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  outletId = w.units['O-GD-01']!;
  tech1 = w.users['gd01.tech1']!;
  tech2 = w.users['gd01.tech2']!;
  for (const u of USERS) as[u] = await t.login(u);
  const db = t.database.db;
  const address = async (detail: string, lat: number | null, lng: number | null) => {
    const [a] = await db
      .insert(tables.customerAddresses)
      .values({
        customerId: w.customerId,
        provinceCode: '440000',
        cityCode: '440100',
        districtCode: '440106',
        detail,
        lat,
        lng,
      })
      .returning();
    return a!.id;
  };
  const [o1] = await db
    .select({ path: tables.orgUnits.path })
    .from(tables.orgUnits)
    .where(eq(tables.orgUnits.id, outletId));
  outletPath = o1!.path;
  const [unitB] = await db
    .insert(tables.units)
    .values({
      modelId: w.modelId,
      serialNo: 'SN-PLAN-0002',
      customerId: w.customerId,
      usage: 'household',
      orgPath: o1!.path,
    })
    .returning();
  const cert = await as['gd01.manager']!.post('/api/technician-certifications', {
    userId: tech1,
    productLineId: w.lineId,
    validUntil: '2027-12-31',
  });
  expect(cert.status).toBe(201);
  o.a = await acceptedOrder({ unitId: w.unitId, addressId: w.addressId });
  o.b = await acceptedOrder({ unitId: unitB!.id, addressId: await address('体育西路 2 号', 23.135, 113.32) });
  o.c = await acceptedOrder({ addressId: await address('珠江新城 8 号', 23.12, 113.34) });
  o.d = await acceptedOrder({ addressId: await address('无坐标路 1 号', null, null) });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the planning board', () => {
  let plan: any;

  it('lists the day’s visits and the outlet’s technicians', async () => {
    const res = await board();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const b = res.body;
    expect(b.outlet.id).toBe(outletId);
    expect(b.plan).toBeNull();
    const ids = b.technicians.map((x: any) => x.id);
    expect(ids).toContain(tech1);
    expect(ids).toContain(tech2);
    expect(ids).not.toContain(w.users['gd01.manager']);
    const t1 = b.technicians.find((x: any) => x.id === tech1);
    expect(t1.shift).toEqual({ start: 510, end: 1050 });
    expect(t1.certifications.map((c: any) => c.productLineId)).toEqual([w.lineId]);
    const visits = new Map(b.visits.map((v: any) => [v.orderId, v]));
    for (const k of ['a', 'b', 'c', 'd']) expect(visits.has(o[k]!.id)).toBe(true);
    const a: any = visits.get(o.a!.id);
    expect(a.window).toEqual({ start: 510, end: 1050 });
    expect(a.productLine.id).toBe(w.lineId);
    expect(a.duration).toBe(60);
    expect(a.fixed).toBe(false);
    // The SLA's on-site due time (24 h after the report at 10:00 the day before) is the soft end.
    expect(a.dueAt).toBe(600);
    expect((visits.get(o.d!.id) as any).location).toBeNull();
  });

  it('refuses another outlet’s board and an unknown plan', async () => {
    expect((await board('gd02.manager')).status).toBe(403);
    expect((await as['gd01.tech1']!.get(`/api/planning/board?outletId=${outletId}&day=${DAY}`)).status).toBe(403);
    expect((await as['gd01.manager']!.get(`/api/planning/plans/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('plans the day: certified technicians only, a visit without coordinates unplaced', async () => {
    const res = await as['gd01.manager']!.post('/api/planning/plans', { outletId, day: DAY, timeLimitMs: 300 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    plan = res.body;
    expect(plan.state).toBe('draft');
    expect(plan.stale).toBe(false);
    expect(techOfVisit(plan, o.a!.id)).toBe(tech1);
    expect(techOfVisit(plan, o.b!.id)).toBe(tech1);
    expect(techOfVisit(plan, o.c!.id)).not.toBeNull();
    expect(plan.unplaced).toEqual([
      { orderId: o.d!.id, reason: 'no_location', detail: expect.objectContaining({ en: expect.any(String) }) },
    ]);
    expect(plan.cost.unplaced).toBe(1);
    for (const r of plan.routes)
      for (const s of r.stops) {
        expect(s.start).toBeGreaterThanOrEqual(510);
        expect(s.end - s.start).toBe(60);
      }
    const b = (await board()).body;
    expect(b.plan.id).toBe(plan.id);
  });

  it('checks a move: an uncertified technician does not fit, dry run or not, and nothing is written', async () => {
    const body = { version: plan.version, orderId: o.a!.id, technicianId: tech2, position: 0 };
    const dry = await as['gd01.manager']!.post(`/api/planning/plans/${plan.id}/moves`, { ...body, dryRun: true });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.feasible).toBe(false);
    expect(dry.body.violation.en).toMatch(/certified/);
    expect(dry.body.violation['zh-CN']).toMatch(/资质/);
    const real = await as['gd01.manager']!.post(`/api/planning/plans/${plan.id}/moves`, body);
    expect(real.body.feasible).toBe(false);
    expect(real.body.plan.version).toBe(plan.version);
    expect(techOfVisit(real.body.plan, o.a!.id)).toBe(tech1);
  });

  it('moves a visit by hand: a dry run changes nothing, the move writes and locks it', async () => {
    const from = techOfVisit(plan, o.c!.id);
    const to = from === tech1 ? tech2 : tech1;
    const body = { version: plan.version, orderId: o.c!.id, technicianId: to, position: 0 };
    const dry = await as['gd01.manager']!.post(`/api/planning/plans/${plan.id}/moves`, { ...body, dryRun: true });
    expect(dry.body.feasible).toBe(true);
    expect(dry.body.plan.version).toBe(plan.version);
    expect(techOfVisit(dry.body.plan, o.c!.id)).toBe(from);
    const real = await as['gd01.manager']!.post(`/api/planning/plans/${plan.id}/moves`, body);
    expect(real.status, JSON.stringify(real.body)).toBe(200);
    expect(real.body.feasible).toBe(true);
    plan = real.body.plan;
    expect(plan.version).toBe(body.version + 1);
    const stop = routeOf(plan, to).stops[0];
    expect(stop.orderId).toBe(o.c!.id);
    expect(stop.locked).toBe(true);
    // A stale version is refused.
    const again = await as['gd01.manager']!.post(`/api/planning/plans/${plan.id}/moves`, body);
    expect(again.status).toBe(409);
  });

  it('re-plans keeping the lock; the plan before is superseded', async () => {
    const target = techOfVisit(plan, o.c!.id);
    const res = await as['gd01.manager']!.post(`/api/planning/plans/${plan.id}/replan`, {
      version: plan.version,
      timeLimitMs: 300,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const before = plan;
    plan = res.body;
    expect(plan.id).not.toBe(before.id);
    expect(techOfVisit(plan, o.c!.id)).toBe(target);
    expect(routeOf(plan, target).stops.find((s: any) => s.orderId === o.c!.id).locked).toBe(true);
    expect((await as['gd01.manager']!.get(`/api/planning/plans/${before.id}`)).body.state).toBe('superseded');
    const stale = await as['gd01.manager']!.post(`/api/planning/plans/${before.id}/locks`, {
      version: before.version,
      orderId: o.a!.id,
      locked: true,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('planning.plan_superseded');
  });

  it('refuses to publish when an order’s dispatch is refused, naming the order, and changes nothing', async () => {
    const db = t.database.db;
    const certs = tables.technicianCertifications;
    const [cert] = await db.select().from(certs).where(eq(certs.userId, tech1));
    await db.update(certs).set({ validUntil: '2026-01-01' }).where(eq(certs.id, cert!.id));
    const res = await as['gd01.manager']!.post(`/api/planning/plans/${plan.id}/publish`, { version: plan.version });
    await db.update(certs).set({ validUntil: cert!.validUntil }).where(eq(certs.id, cert!.id));
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.code).toBe('planning.publish_refused');
    // The first visit of the certified line on tech1's route is the one refused.
    const first = routeOf(plan, tech1).stops.find((s: any) => [o.a!.id, o.b!.id].includes(s.orderId)).orderId;
    const code = Object.values(o).find((x) => x.id === first)!.code;
    expect(res.body.detail).toContain(code);
    for (const k of ['a', 'b', 'c']) {
      const detail = (await as['gd01.manager']!.get(`/api/orders/${o[k]!.id}`)).body;
      expect(detail.state).toBe('accepted');
      expect(detail.version).toBe(o[k]!.version);
    }
    expect((await as['gd01.manager']!.get(`/api/planning/plans/${plan.id}`)).body).toMatchObject({
      state: 'draft',
      version: plan.version,
    });
  });

  it('publishes: technicians assigned and appointments booked through the orders’ actions; again, nothing changes', async () => {
    const res = await as['gd01.manager']!.post(`/api/planning/plans/${plan.id}/publish`, { version: plan.version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ assigned: 3, booked: 3, unchanged: 0 });
    plan = res.body.plan;
    expect(plan.state).toBe('published');
    expect(plan.publishedAt).not.toBeNull();
    expect(plan.stale).toBe(false);
    for (const k of ['a', 'b', 'c']) {
      const tech = techOfVisit(plan, o[k]!.id);
      const stop = routeOf(plan, tech).stops.find((s: any) => s.orderId === o[k]!.id);
      const detail = (await as['gd01.manager']!.get(`/api/orders/${o[k]!.id}`)).body;
      expect(detail.state).toBe('booked');
      expect(detail.technicianId ?? detail.technician?.id).toBe(tech);
      // Minutes of the plan day in Beijing (UTC+8) → the booked window holds the planned start.
      const start = Date.parse(`${DAY}T00:00:00+08:00`) + stop.start * 60_000;
      expect(Date.parse(detail.bookedFrom)).toBeLessThanOrEqual(start);
      expect(Date.parse(detail.bookedTo)).toBeGreaterThan(start);
      expect(Date.parse(detail.bookedTo) - Date.parse(detail.bookedFrom)).toBe(120 * 60_000);
      expect(new Date(detail.bookedFrom).getUTCMinutes() % 30).toBe(0);
      o[k]!.version = detail.version;
    }
    const events = await t.database.db
      .select()
      .from(tables.events)
      .where(and(eq(tables.events.entity, 'planning_plan'), eq(tables.events.entityId, plan.id)));
    expect(events.map((e) => e.action)).toContain('published');
    const history = await t.database.db
      .select()
      .from(tables.workOrderHistory)
      .where(eq(tables.workOrderHistory.orderId, o.a!.id));
    expect(history.map((h) => h.action)).toEqual(expect.arrayContaining(['dispatch', 'book']));

    const again = await as['gd01.manager']!.post(`/api/planning/plans/${plan.id}/publish`, { version: plan.version });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ assigned: 0, booked: 0, unchanged: 3 });
    plan = again.body.plan;
  });

  it('gives the technician the ordered route of the published plan', async () => {
    const res = await as['gd01.tech1']!.get(`/api/planning/my-route?day=${DAY}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const route = routeOf(plan, tech1);
    expect(res.body.planId).toBe(plan.id);
    expect(res.body.stops.map((s: any) => s.orderId)).toEqual(route.stops.map((s: any) => s.orderId));
    const starts = res.body.stops.map((s: any) => s.start);
    expect([...starts].sort((x, y) => x - y)).toEqual(starts);
    const a = res.body.stops.find((s: any) => s.orderId === o.a!.id);
    expect(a.code).toBe(o.a!.code);
    expect(a.state).toBe('booked');
    expect(a.address).toContain('天河路 100 号 3 栋');
    const none = await as['gd01.tech1']!.get('/api/planning/my-route?day=2026-12-01');
    expect(none.body).toMatchObject({ planId: null, stops: [] });
    expect((await as.hotline!.get(`/api/planning/my-route?day=${DAY}`)).status).toBe(403);
  });

  it('keeps a started visit fixed with its technician and start on re-planning', async () => {
    const stop = routeOf(plan, tech1).stops.find((s: any) => s.orderId === o.a!.id);
    await act('gd01.tech1', o.a!, 'depart');
    const b = (await board()).body;
    expect(b.visits.find((v: any) => v.orderId === o.a!.id).fixed).toBe(true);
    expect(b.plan.stale).toBe(true);
    const res = await as['gd01.manager']!.post(`/api/planning/plans/${plan.id}/replan`, {
      version: plan.version,
      timeLimitMs: 300,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const again = routeOf(res.body, tech1).stops.find((s: any) => s.orderId === o.a!.id);
    expect(again).toMatchObject({ fixed: true, start: stop.start });
    expect(res.body.stale).toBe(false);
    // The published plan stays published until the new draft is published.
    expect((await as['gd01.manager']!.get(`/api/planning/plans/${plan.id}`)).body.state).toBe('published');
  });

  it('reads the parts a visit needs from its requests; a part no van or the outlet holds leaves it unplaced', async () => {
    const db = t.database.db;
    // A part nobody stocks: no van holds it and the outlet has none.
    const [part] = await db.insert(tables.parts).values({ code: 'PLAN-NONE-1', name: '无库存配件' }).returning();
    await db.insert(tables.modelParts).values({ modelId: w.modelId, partId: part!.id });
    const [unitE] = await db
      .insert(tables.units)
      .values({
        modelId: w.modelId,
        serialNo: 'SN-PLAN-0005',
        customerId: w.customerId,
        usage: 'household',
        orgPath: outletPath,
      })
      .returning();
    const e = await acceptedOrder({ unitId: unitE!.id, addressId: w.addressId });
    const req = await as['gd01.manager']!.post('/api/part-requests', {
      orderId: e.id,
      lines: [{ partId: part!.id, quantity: 2 }],
    });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    const b = (await board()).body;
    expect(b.visits.find((v: any) => v.orderId === e.id).parts).toEqual([
      { partId: part!.id, code: 'PLAN-NONE-1', qty: 2 },
    ]);
    const res = await as['gd01.manager']!.post('/api/planning/plans', { outletId, day: DAY, timeLimitMs: 300 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.unplaced.find((u: any) => u.orderId === e.id)).toMatchObject({ reason: 'part_missing' });
  });
});

describe('shifts', () => {
  const good = {
    start: '08:00',
    end: '17:00',
    breakFrom: '11:30',
    breakTo: '13:00',
    breakMinutes: 45,
    startAt: 'outlet',
    home: null,
    maxJobs: 6,
    daysOff: ['2026-11-30'],
    version: 0,
  };

  it('reads the default, refuses a bad shift naming the fields, stores a good one', async () => {
    const url = `/api/planning/shifts/${tech2}`;
    const read = await as['gd01.manager']!.get(url);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ userId: tech2, start: '08:30', stored: false, version: 0 });
    const bad = await as['gd01.manager']!.put(url, {
      ...good,
      startAt: 'home',
      end: '07:00',
      breakFrom: '06:00',
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.errors.map((e: any) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.home', 'body.end', 'body.breakFrom']));
    const saved = await as['gd01.manager']!.put(url, good);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ start: '08:00', maxJobs: 6, stored: true, version: 1 });
    const stale = await as['gd01.manager']!.put(url, good);
    expect(stale.status).toBe(409);
    const b = (await board()).body;
    const t2 = b.technicians.find((x: any) => x.id === tech2);
    expect(t2).toMatchObject({ shift: { start: 480, end: 1020 }, maxJobs: 6, working: true });
  });

  it('is not found for another outlet’s technician or a non-technician', async () => {
    expect((await as['gd02.manager']!.get(`/api/planning/shifts/${tech1}`)).status).toBe(404);
    expect((await as['gd02.manager']!.put(`/api/planning/shifts/${tech1}`, good)).status).toBe(404);
    expect((await as['gd01.manager']!.get(`/api/planning/shifts/${w.users['gd01.manager']}`)).status).toBe(404);
  });
});

describe('the road travel table', () => {
  const outletPlace = { lat: 23.12, lng: 113.3 };
  const problem: Problem = {
    vehicles: [{ id: 't', shift: { start: 480, end: 1020 }, start: outletPlace, end: outletPlace }],
    jobs: [{ id: 'j', location: { lat: 23.13, lng: 113.33 }, window: { start: 480, end: 1020 }, duration: 30 }],
    travel: { kind: 'great-circle', roadFactor: 1.3, speedKmh: 25 },
  };
  const log = { warn: vi.fn() } as never;

  it('asks the router for the durations of every place and makes them minutes', async () => {
    const fetch = vi.fn(async () =>
      Response.json({
        code: 'Ok',
        durations: [
          [0, 600],
          [660, 0],
        ],
      }),
    );
    vi.stubGlobal('fetch', fetch);
    try {
      const p = await withRoadTable({ log }, problem, 'http://router.example/');
      expect(String((fetch.mock.calls[0] as unknown[])[0])).toBe(
        'http://router.example/table/v1/driving/113.3,23.12;113.33,23.13?annotations=duration',
      );
      expect(p.travel).toEqual({
        kind: 'matrix',
        points: [outletPlace, { lat: 23.13, lng: 113.33 }],
        minutes: [
          [0, 10],
          [11, 0],
        ],
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('keeps the estimate when no router is set or it fails', async () => {
    expect(await withRoadTable({ log }, problem, '')).toBe(problem);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('busy', { status: 503 })),
    );
    try {
      expect(await withRoadTable({ log }, problem, 'http://router.example')).toBe(problem);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
