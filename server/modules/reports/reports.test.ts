import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../db/schema.js';
import { ADMIN, type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { completedCarryIn, type ServiceWorld, setUpServiceWorld } from '../../test/service-world.js';
import { systemCtx } from '../../platform/context.js';
import { ensureDepotFor, postMovements } from '../parts/index.js';
import { mailMonthlyReports } from './mailing.js';

/*
 * Reports (docs/reports.md) through the API on a real database (PGlite, and PostgreSQL with
 * TEST_DATABASE_URL). Reconciliation: a few hundred orders of random states, units, instants and
 * completion clocks are written straight into the orders' and milestones' tables (the triggers
 * mark them), and every cell of the monthly summary (by province, center and outlet) and of the
 * daily ledger (by day and by outlet) equals a count made here from those raw rows, as does the
 * total of the drill-down behind it. Then: late edits (a corrected completion, a reopened order),
 * the month's edge at 23:59 and 00:01 company time, scope, bad input and the XLSX exports.
 */

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
const USERS = [
  'admin',
  'hotline',
  'dispatcher',
  'gd.dispatch',
  'gd.center',
  'zj.center',
  'gd01.manager',
  'gd02.manager',
  'gd01.tech1',
];
const TZ = 'Asia/Shanghai';
const day = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(at);

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Step {
  measured: boolean;
  minutes: number | null;
  late: boolean;
}

interface Raw {
  id: string;
  state: string;
  serviceType: string;
  unitId: string | null;
  technicianId: string | null;
  modelId: string | null;
  productLineId: string | null;
  purchase: string | null;
  cause: string | null;
  reopened: boolean;
  receivedAt: number;
  completedAt: number | null;
  steps: Record<string, Step>;
  province: string | null;
  centerId: string | null;
  outletId: string | null;
  received: string;
  dispatched: string | null;
  completed: string | null;
  ended: string | null;
  minutes: number | null;
}

/** The orders as the tables hold them, read and judged here without the reports' code. */
async function rawOrders(): Promise<Raw[]> {
  const orders = await t.database.db.select().from(tables.workOrders);
  const ms = await t.database.db.select().from(tables.slaMilestones);
  const units = new Map((await t.database.db.select().from(tables.units)).map((u) => [u.id, u]));
  return orders.map((o) => {
    const step = (key: string): Step => {
      const m = ms
        .filter((x) => x.orderId === o.id && x.key === key && x.state !== 'cancelled')
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .at(-1);
      if (!m) return { measured: false, minutes: null, late: false };
      const measured = m.metAt !== null && m.remainingMinutes !== null;
      return {
        measured,
        minutes: measured ? m.limitMinutes - m.remainingMinutes! : null,
        late: m.state === 'breached' || (m.lateMinutes ?? 0) > 0,
      };
    };
    const mine = ms.filter((m) => m.orderId === o.id && m.metAt !== null && m.state !== 'cancelled');
    const last = (key: string) =>
      mine
        .filter((m) => m.key === key)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .at(-1);
    const cap = last('resolved_cap');
    const dispatch = last('center_dispatch');
    return {
      id: o.id,
      state: o.state,
      serviceType: o.serviceType,
      unitId: o.unitId,
      technicianId: o.technicianId,
      modelId: o.modelId,
      productLineId: o.productLineId,
      purchase: o.unitId ? (units.get(o.unitId)?.purchaseDate ?? null) : null,
      cause: o.completion?.cause || null,
      reopened: o.reopenedAsId !== null,
      receivedAt: o.reportedAt.getTime(),
      completedAt: o.completedAt?.getTime() ?? null,
      steps: Object.fromEntries(
        ['hq_dispatch', 'center_dispatch', 'appointment_contact', 'on_site', 'resolved'].map((k) => [k, step(k)]),
      ),
      province: o.provinceCode ? o.provinceCode.slice(0, 2) : null,
      centerId: o.centerId,
      outletId: o.outletId,
      received: day(o.reportedAt),
      dispatched: dispatch?.metAt ? day(dispatch.metAt) : null,
      completed: o.completedAt ? day(o.completedAt) : null,
      ended: o.completedAt ? day(o.completedAt) : o.closedAt ? day(o.closedAt) : null,
      minutes: cap && o.completedAt && cap.remainingMinutes !== null ? cap.limitMinutes - cap.remainingMinutes : null,
    };
  });
}

const between = (d: string | null, from: string, to: string) => d !== null && d >= from && d <= to;

async function signIn() {
  for (const u of USERS) as[u] = await t.login(u);
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  await signIn();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('reconciliation', () => {
  beforeAll(async () => {
    // Two real orders through the API: their milestones are the template of the random ones.
    const real = await completedCarryIn(as, w);
    await completedCarryIn(as, w, { outlet: '02' });
    const db = t.database.db;
    // One order that consumed a part from the outlet's stock (the parts report's orders).
    const depot = await db.transaction((tx) => ensureDepotFor(tx, w.units['O-GD-01']!));
    await db.transaction((tx) =>
      postMovements(tx, systemCtx(db, { now: t.clock.now() }), [
        { kind: 'receipt', depotId: depot.id, partId: w.partId, quantity: 5 },
      ]),
    );
    await completedCarryIn(as, w, { parts: [{ partId: w.partId, qty: 2 }] });
    const [tpl] = await db.select().from(tables.workOrders).where(eq(tables.workOrders.id, real.id));
    const [mtpl] = await db.select().from(tables.slaMilestones).where(eq(tables.slaMilestones.orderId, real.id));
    const units = await db.select().from(tables.orgUnits);
    const outlets = units.filter((u) => u.kind === 'outlet');
    const hq = units.find((u) => u.kind === 'hq')!;
    const r = rng(20261207);
    // Units of the world's customer bought over two years: repeat repairs and failure rates.
    const unitRows = await db
      .insert(tables.units)
      .values(
        Array.from({ length: 24 }, (_, i) => ({
          modelId: w.modelId,
          serialNo: `RPT-U-${i}`,
          customerId: w.customerId,
          usage: 'household' as const,
          purchaseDate: `202${5 + (i % 2)}-${String(1 + (i % 12)).padStart(2, '0')}-15`,
          orgPath: tpl!.orgPath,
        })),
      )
      .returning();
    const causes = ['异物堵塞', '元件老化', '人为损坏', ''];
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const states = [
      'created',
      'dispatched_outlet',
      'in_repair',
      'completed',
      'confirmed',
      'closed',
      'cancelled',
    ] as const;
    const from = Date.parse('2026-10-25T00:00:00Z');
    const span = Date.parse('2026-12-05T00:00:00Z') - from;
    const orders: (typeof tables.workOrders.$inferInsert)[] = [];
    const milestones: (typeof tables.slaMilestones.$inferInsert)[] = [];
    for (let i = 0; i < 300; i++) {
      const outlet = r() < 0.05 ? null : pick(outlets);
      const state = pick(states);
      const reportedAt = new Date(from + Math.floor(r() * span));
      const done = state === 'completed' || state === 'confirmed' || (state === 'closed' && r() < 0.7);
      // Completion up to 10 days later, some straddling a month's edge.
      const completedAt = done ? new Date(reportedAt.getTime() + Math.floor(r() * 10 * 86_400_000)) : null;
      const closedAt = state === 'closed' ? new Date((completedAt ?? reportedAt).getTime() + 3_600_000) : null;
      const cause = pick(causes);
      const completion = completedAt
        ? {
            ...(tpl!.completion as object),
            cause,
            faultCode: cause ? `E${cause.length}` : null,
            completedAt: completedAt.toISOString(),
          }
        : null;
      const id = randomUUID();
      const code = `RPT${String(i).padStart(4, '0')}`;
      const orgPath = outlet?.path ?? hq.path;
      orders.push({
        ...tpl!,
        id,
        code,
        state,
        reportedAt,
        completedAt,
        closedAt,
        completion: completion as (typeof tables.workOrders.$inferInsert)['completion'],
        custodyLabel: null,
        reopenedAsId: completedAt && r() < 0.1 ? real.id : null,
        // Some orders without a technician, a model or a product line: the "-" rows.
        technicianId: i % 7 === 0 ? null : (tpl!.technicianId ?? w.users['gd01.tech1']!),
        modelId: i % 11 === 0 ? null : tpl!.modelId,
        productLineId: i % 13 === 0 ? null : tpl!.productLineId,
        unitId: pick(unitRows).id,
        serviceType: pick(['on_site', 'carry_in', 'remote', 'installation'] as const),
        repeatOfId: null,
        centerId: outlet?.parentId ?? null,
        outletId: outlet?.id ?? null,
        holderUnitId: outlet?.id ?? hq.id,
        orgPath,
        provinceCode: outlet ? (r() < 0.9 ? outlet.provinceCode : null) : null,
        serviceRequestId: null,
        contactId: null,
      });
      const base = { ...mtpl!, orderId: id, orderCode: code, orgPath, excused: false, excusedReason: null };
      if (state !== 'created' && outlet) {
        const metAt = new Date(reportedAt.getTime() + Math.floor(r() * 3 * 86_400_000));
        const spent = Math.floor(r() * 30);
        milestones.push({
          ...base,
          id: randomUUID(),
          key: 'center_dispatch',
          state: 'met',
          limitMinutes: 15,
          startedAt: reportedAt,
          metAt,
          endedAt: metAt,
          remainingMinutes: 15 - spent,
          lateMinutes: spent > 15 ? spent - 15 : null,
          pausedMinutes: 0,
        });
      }
      // Contact, arrival and the fix: met within or after their limits, or breached still open.
      for (const [key, limit] of [
        ['appointment_contact', 60],
        ['on_site', 1440],
        ['resolved', 4320],
      ] as const) {
        if (!outlet || state === 'created' || r() < 0.2) continue;
        const spent = Math.floor(r() * limit * 1.6);
        const met = completedAt !== null || r() < 0.5;
        const metAt = met ? new Date(reportedAt.getTime() + spent * 60_000) : null;
        milestones.push({
          ...base,
          id: randomUUID(),
          key,
          state: met ? 'met' : 'breached',
          limitMinutes: limit,
          startedAt: reportedAt,
          metAt,
          endedAt: metAt,
          remainingMinutes: met ? limit - spent : null,
          lateMinutes: met && spent > limit ? spent - limit : null,
          pausedMinutes: met ? 0 : null,
        });
      }
      if (completedAt && r() < 0.9) {
        const spent = Math.floor(r() * 12_000);
        milestones.push({
          ...base,
          id: randomUUID(),
          key: 'resolved_cap',
          state: spent > 10_080 ? 'breached' : 'met',
          limitMinutes: 10_080,
          startedAt: reportedAt,
          metAt: completedAt,
          endedAt: completedAt,
          remainingMinutes: 10_080 - spent,
          pausedMinutes: 0,
          excused: r() < 0.1,
        });
      }
    }
    await db.insert(tables.workOrders).values(orders);
    await db.insert(tables.slaMilestones).values(milestones);
  }, 120_000);

  it('every monthly cell, by province, center and outlet, equals a count of the raw orders, and so does its drill-down', async () => {
    const raw = await rawOrders();
    for (const month of ['2026-11', '2026-12']) {
      const [from, to] = month === '2026-11' ? ['2026-11-01', '2026-11-30'] : ['2026-12-01', '2026-12-31'];
      for (const by of ['province', 'center', 'outlet'] as const) {
        const res = await as.admin!.get(`/api/reports/monthly?month=${month}&by=${by}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const key = (o: Raw) => (by === 'province' ? o.province : by === 'center' ? o.centerId : o.outletId) ?? '-';
        const inMonth = raw.filter((o) => between(o.completed, from, to));
        const keys = [...new Set(inMonth.map(key))].sort();
        expect(res.body.items.map((x: { key: string }) => x.key).sort()).toEqual(keys);
        for (const row of res.body.items) {
          const mine = inMonth.filter((o) => key(o) === row.key);
          const judged = mine.filter((o) => o.minutes !== null);
          expect(row, `${month} ${by} ${row.key}`).toMatchObject({
            completed: mine.length,
            judged: judged.length,
            over3: judged.filter((o) => o.minutes! > 72 * 60).length,
            over7: judged.filter((o) => o.minutes! > 7 * 1440).length,
            within3: judged.filter((o) => o.minutes! <= 72 * 60).length,
          });
        }
        expect(res.body.sum.completed).toBe(inMonth.length);
      }
      // The drill-down behind each province's figures lists exactly the orders counted.
      const res = await as.admin!.get(`/api/reports/monthly?month=${month}&by=province`);
      for (const row of res.body.items) {
        const narrow = row.key === '-' ? 'noProvince=true' : `province=${row.key}`;
        for (const metric of ['completed', 'judged', 'over3', 'over7', 'within3'] as const) {
          const list = await as.admin!.get(
            `/api/reports/orders?from=${from}&to=${to}&metric=${metric}&${narrow}&pageSize=1`,
          );
          expect(list.status, JSON.stringify(list.body)).toBe(200);
          expect(list.body.total, `${month} ${row.key} ${metric}`).toBe(row[metric]);
        }
      }
    }
  });

  it('the dashboard’s live counts each equal their drill-down, the "-" rows too', async () => {
    const dash = await as.admin!.get('/api/reports/dashboard');
    expect(dash.status, JSON.stringify(dash.body)).toBe(200);
    const d = dash.body.today;
    for (const [metric, value] of [
      ['received', dash.body.live.received],
      ['dispatched', dash.body.live.dispatched],
      ['completed', dash.body.live.completed],
      ['open', dash.body.live.open],
      ['open_over3', dash.body.live.openOver3],
    ] as const) {
      const list = await as.admin!.get(`/api/reports/orders?from=${d}&to=${d}&metric=${metric}&pageSize=1`);
      expect(list.body.total, metric).toBe(value);
    }
    expect(dash.body.live.openOver3).toBeGreaterThan(0);
    const byOutlet = await as.admin!.get('/api/reports/monthly?month=2026-11&by=outlet');
    const none = byOutlet.body.items.find((x: { key: string }) => x.key === '-');
    expect(none.name).toBe('（未派至网点）');
    const list = await as.admin!.get(
      '/api/reports/orders?from=2026-11-01&to=2026-11-30&metric=completed&noOutlet=true',
    );
    expect(list.body.total).toBe(none.completed);
  });

  it('the daily ledger by day and by outlet equals counts of the raw orders, open orders included', async () => {
    const raw = await rawOrders();
    const [from, to] = ['2026-11-01', '2026-11-30'];
    const byDay = await as.admin!.get(`/api/reports/daily?from=${from}&to=${to}`);
    expect(byDay.status, JSON.stringify(byDay.body)).toBe(200);
    expect(byDay.body.items).toHaveLength(30);
    const openAt = (o: Raw, d: string) =>
      o.received <= d && (o.ended === null || o.ended > d) && o.state !== 'cancelled';
    for (const row of byDay.body.items) {
      const d = row.key as string;
      expect(row, d).toMatchObject({
        received: raw.filter((o) => o.received === d).length,
        dispatched: raw.filter((o) => o.dispatched === d).length,
        completed: raw.filter((o) => o.completed === d).length,
        open: raw.filter((o) => openAt(o, d)).length,
      });
    }
    const byOutlet = await as.admin!.get(`/api/reports/daily?from=${from}&to=${to}&by=outlet`);
    expect(byOutlet.status).toBe(200);
    for (const row of byOutlet.body.items) {
      const mine = raw.filter((o) => (o.outletId ?? '-') === row.key);
      expect(row, row.name).toMatchObject({
        received: mine.filter((o) => between(o.received, from, to)).length,
        dispatched: mine.filter((o) => between(o.dispatched, from, to)).length,
        completed: mine.filter((o) => between(o.completed, from, to)).length,
        open: mine.filter((o) => openAt(o, to)).length,
      });
      if (row.key === '-') continue;
      for (const metric of ['received', 'dispatched', 'completed', 'open'] as const) {
        const list = await as.admin!.get(
          `/api/reports/orders?from=${from}&to=${to}&metric=${metric}&outletId=${row.key}&pageSize=1`,
        );
        expect(list.body.total, `${row.name} ${metric}`).toBe(row[metric]);
      }
    }
  });
});

describe('analyses reconcile with the raw orders', () => {
  const [from, to] = ['2026-11-01', '2026-11-30'];
  const inPeriod = (d: string | null) => between(d, from, to);
  const DAY = 86_400_000;

  it('SLA: each step’s measured and late counts, and each outlet’s late steps', async () => {
    const raw = (await rawOrders()).filter((o) => inPeriod(o.received));
    const res = await as.admin!.get(`/api/reports/sla?from=${from}&to=${to}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const keys: Record<string, string> = {
      hq_dispatch: 'hq_dispatch',
      center_dispatch: 'center_dispatch',
      contact: 'appointment_contact',
      on_site: 'on_site',
      fix: 'resolved',
    };
    for (const row of res.body.steps) {
      const k = keys[row.step]!;
      expect(row, row.step).toMatchObject({
        measured: raw.filter((o) => o.steps[k]!.measured).length,
        late: raw.filter((o) => o.steps[k]!.late).length,
      });
      const mins = raw.map((o) => o.steps[k]!.minutes).filter((m): m is number => m !== null);
      if (row.step !== 'hq_dispatch') expect(row.late, row.step).toBeGreaterThan(0);
      if (mins.length) expect(row.meanMinutes).toBeCloseTo(mins.reduce((a, b) => a + b, 0) / mins.length, 0);
    }
    for (const u of res.body.items.filter((x: { kind: string }) => x.kind === 'outlet')) {
      const mine = raw.filter((o) => o.outletId === u.key);
      expect(u, u.name).toMatchObject({
        orders: mine.length,
        contactLate: mine.filter((o) => o.steps.appointment_contact!.late).length,
        onSiteLate: mine.filter((o) => o.steps.on_site!.late).length,
        fixLate: mine.filter((o) => o.steps.resolved!.late).length,
      });
      const list = await as.admin!.get(
        `/api/reports/orders?from=${from}&to=${to}&metric=late_fix&outletId=${u.key}&pageSize=1`,
      );
      expect(list.body.total).toBe(u.fixLate);
    }
  });

  it('faults: the Pareto by cause and the repeat repairs within 30 and 90 days', async () => {
    const all = await rawOrders();
    const done = all.filter((o) => inPeriod(o.completed));
    const res = await as.admin!.get(`/api/reports/faults?from=${from}&to=${to}&dimension=cause`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.orders).toBe(done.length);
    for (const row of res.body.items) {
      expect(row.count, row.name).toBe(done.filter((o) => (o.cause ?? '-') === row.key).length);
      const list = await as.admin!.get(
        `/api/reports/orders?from=${from}&to=${to}&metric=completed&cause=${encodeURIComponent(row.key)}&pageSize=1`,
      );
      expect(list.body.total, row.name).toBe(row.count);
    }
    expect(res.body.items.at(-1).cumulativePercent).toBe(100);
    const back = (o: Raw, days: number) =>
      all.some(
        (g) =>
          g.id !== o.id &&
          g.unitId === o.unitId &&
          o.unitId !== null &&
          g.state !== 'cancelled' &&
          ['on_site', 'carry_in', 'remote'].includes(g.serviceType) &&
          g.receivedAt > o.completedAt! &&
          g.receivedAt <= o.completedAt! + days * DAY,
      );
    expect(res.body.repeat30).toBe(done.filter((o) => back(o, 30)).length);
    expect(res.body.repeat30).toBeGreaterThan(0);
    expect(res.body.repeat90).toBeGreaterThanOrEqual(res.body.repeat30);
    expect(res.body.repeat90).toBe(done.filter((o) => back(o, 90)).length);
    const r30 = await as.admin!.get(`/api/reports/orders?from=${from}&to=${to}&metric=repeat30&pageSize=1`);
    expect(r30.body.total).toBe(res.body.repeat30);
    const byModel = await as.admin!.get(`/api/reports/faults?from=${from}&to=${to}&dimension=model`);
    expect(byModel.body.items.reduce((s: number, r: { count: number }) => s + r.count, 0)).toBe(done.length);
  });

  it('productivity per outlet: completed, reopened and first-time fixes', async () => {
    const done = (await rawOrders()).filter((o) => inPeriod(o.completed));
    const res = await as.admin!.get(`/api/reports/productivity?from=${from}&to=${to}&by=outlet`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    for (const row of res.body.items) {
      const mine = done.filter((o) => (o.outletId ?? '-') === row.key);
      expect(row, row.name).toMatchObject({ completed: mine.length, reopened: mine.filter((o) => o.reopened).length });
      expect(row.perDay).toBeCloseTo(mine.length / 30, 1);
    }
    expect(res.body.sum.completed).toBe(done.length);
    expect(res.body.sum.reopened).toBeGreaterThan(0);
  });

  it('failure rate per purchase month: units sold and units that came in for repair', async () => {
    const raw = await rawOrders();
    const units = await t.database.db.select().from(tables.units);
    const res = await as.admin!.get('/api/reports/failure-rate?from=2025-01&to=2026-12');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items).toHaveLength(24);
    for (const row of res.body.items) {
      const sold = units.filter((u) => u.purchaseDate?.startsWith(row.month));
      const failed = new Set(
        raw
          .filter(
            (o) =>
              o.purchase?.startsWith(row.month) &&
              o.state !== 'cancelled' &&
              ['on_site', 'carry_in', 'remote'].includes(o.serviceType),
          )
          .map((o) => o.unitId),
      );
      expect(row, row.month).toMatchObject({ units: sold.length, failed: failed.size });
    }
    const bad = await as.admin!.get('/api/reports/failure-rate?from=2026-12&to=2026-01');
    expect(bad.body).toMatchObject({ code: 'report.period_invalid', errors: [{ path: 'querystring.to' }] });
  });

  it('parts consumed: the sum row adds up the rows', async () => {
    const res = await as.admin!.get(`/api/reports/parts?from=${from}&to=${to}&by=part`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.sum.quantity).toBe(
      res.body.items.reduce((s: number, r: { quantity: number }) => s + r.quantity, 0),
    );
  });
});

describe('every figure drills down to the orders it counts, the "-" rows and the parts totals too', () => {
  const [from, to] = ['2026-11-01', '2026-11-30'];
  const total = async (agent: Agent, query: string) => {
    const list = await agent.get(`/api/reports/orders?from=${from}&to=${to}&${query}&pageSize=1`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    return list.body.total as number;
  };

  it('faults by model and by line: each row, "-" (no model, no line) included', async () => {
    const done = (await rawOrders()).filter((o) => between(o.completed, from, to));
    for (const [dimension, filter, idOf] of [
      ['model', 'modelId', (o: Raw) => o.modelId],
      ['line', 'productLineId', (o: Raw) => o.productLineId],
    ] as const) {
      const res = await as.admin!.get(`/api/reports/faults?from=${from}&to=${to}&dimension=${dimension}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const none = res.body.items.find((x: { key: string }) => x.key === '-');
      expect(none?.count, `${dimension} "-"`).toBe(done.filter((o) => idOf(o) === null).length);
      expect(none.count).toBeGreaterThan(0);
      for (const row of res.body.items) {
        const narrow = row.key === '-' ? `no${dimension === 'model' ? 'Model' : 'Line'}=true` : `${filter}=${row.key}`;
        expect(await total(as.admin!, `metric=completed&${narrow}`), `${dimension} ${row.key}`).toBe(row.count);
      }
    }
  });

  it('productivity by technician: completed and reopened of each row, "-" (no technician) included', async () => {
    const done = (await rawOrders()).filter((o) => between(o.completed, from, to));
    const res = await as.admin!.get(`/api/reports/productivity?from=${from}&to=${to}&by=technician`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const none = res.body.items.find((x: { key: string }) => x.key === '-');
    expect(none?.completed).toBe(done.filter((o) => o.technicianId === null).length);
    expect(none.completed).toBeGreaterThan(0);
    for (const row of res.body.items) {
      const narrow = row.key === '-' ? 'noTechnician=true' : `technicianId=${row.key}`;
      for (const metric of ['completed', 'reopened'] as const)
        expect(await total(as.admin!, `metric=${metric}&${narrow}`), `${row.name} ${metric}`).toBe(row[metric]);
    }
  });

  it('parts: each part’s and each outlet’s orders, and the orders of the total row (any part)', async () => {
    for (const by of ['part', 'outlet'] as const) {
      const res = await as.admin!.get(`/api/reports/parts?from=${from}&to=${to}&by=${by}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.sum.orders).toBeGreaterThan(0);
      expect(await total(as.admin!, 'metric=completed&anyPart=true'), `${by} sum`).toBe(res.body.sum.orders);
      for (const row of res.body.items) {
        const narrow = by === 'part' ? `partId=${row.key}` : row.key === '-' ? 'noOutlet=true' : `outletId=${row.key}`;
        expect(await total(as.admin!, `metric=completed&anyPart=true&${narrow}`), `${by} ${row.name}`).toBe(row.orders);
      }
    }
  });

  it('failure rate: each purchase month’s failed units are its first repair orders, in every scope', async () => {
    for (const who of ['admin', 'gd.center', 'gd01.manager']) {
      for (const narrow of ['', `&modelId=${w.modelId}`]) {
        const res = await as[who]!.get(`/api/reports/failure-rate?from=2025-01&to=2026-12${narrow}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        if (who === 'admin') expect(res.body.items.some((r: { failed: number }) => r.failed > 0)).toBe(true);
        for (const row of res.body.items) {
          const [y, m] = row.month.split('-').map(Number);
          const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
          const list = await as[who]!.get(
            `/api/reports/orders?from=${row.month}-01&to=${last}&metric=failed${narrow}&pageSize=200`,
          );
          expect(list.status, JSON.stringify(list.body)).toBe(200);
          expect(list.body.total, `${who} ${row.month}`).toBe(row.failed);
        }
      }
    }
  });
});

describe('late edits and the month’s edge', () => {
  it('a corrected completion moves the order between months; a reopened order’s repeat visit counts on its own', async () => {
    const o = await completedCarryIn(as, w);
    const db = t.database.db;
    const monthly = async (month: string) =>
      (await as.admin!.get(`/api/reports/monthly?month=${month}&by=outlet&outletId=${w.units['O-GD-01']}`)).body.sum;
    const before11 = await monthly('2026-11');
    const before10 = await monthly('2026-10');
    // A completion corrected into October (as a backdated correction would write it).
    await db
      .update(tables.workOrders)
      .set({ completedAt: new Date('2026-10-30T03:00:00Z') })
      .where(eq(tables.workOrders.id, o.id));
    expect((await monthly('2026-11')).completed).toBe(before11.completed - 1);
    expect((await monthly('2026-10')).completed).toBe(before10.completed + 1);
    // Reopened as a repeat visit: the original stays counted, the repeat is an order of its own.
    const receivedBefore = (await as.admin!.get('/api/reports/daily?from=2026-11-23&to=2026-11-23')).body.sum.received;
    const reopened = await as.admin!.post(`/api/orders/${o.id}/reopen`, { version: o.version, reason: '回访未修好' });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    const after = (await as.admin!.get('/api/reports/daily?from=2026-11-23&to=2026-11-23')).body.sum.received;
    expect(after).toBe(receivedBefore + 1);
    expect((await monthly('2026-10')).completed).toBe(before10.completed + 1);
  });

  it('an order completed at 23:59 on the month’s last day is that month’s; one at 00:01 is the next month’s', async () => {
    const db = t.database.db;
    const a = await completedCarryIn(as, w);
    const b = await completedCarryIn(as, w);
    const month = async (m: string) =>
      (await as.admin!.get(`/api/reports/monthly?month=${m}&by=province&province=44`)).body.sum.completed as number;
    const nov = await month('2026-11');
    const dec = await month('2026-12');
    // 2026-11-30 23:59 and 2026-12-01 00:01 in Asia/Shanghai (UTC+8).
    await db
      .update(tables.workOrders)
      .set({ completedAt: new Date('2026-11-30T15:59:00Z') })
      .where(eq(tables.workOrders.id, a.id));
    await db
      .update(tables.workOrders)
      .set({ completedAt: new Date('2026-11-30T16:01:00Z') })
      .where(eq(tables.workOrders.id, b.id));
    expect(await month('2026-11')).toBe(nov - 1);
    expect(await month('2026-12')).toBe(dec + 1);
    const edge = await as.admin!.get('/api/reports/daily?from=2026-11-30&to=2026-12-01');
    const [d30, d1] = edge.body.items;
    const list30 = await as.admin!.get(
      '/api/reports/orders?from=2026-11-30&to=2026-11-30&metric=completed&pageSize=200',
    );
    const list1 = await as.admin!.get(
      '/api/reports/orders?from=2026-12-01&to=2026-12-01&metric=completed&pageSize=200',
    );
    expect(list30.body.items.map((x: { code: string }) => x.code)).toContain(a.code);
    expect(list1.body.items.map((x: { code: string }) => x.code)).toContain(b.code);
    expect(list30.body.total).toBe(d30.completed);
    expect(list1.body.total).toBe(d1.completed);
  });
});

describe('scope, permissions and bad input', () => {
  it('an outlet sees only its own orders, a center only its own, a technician no reports', async () => {
    const all = await as.admin!.get('/api/reports/monthly?month=2026-11&by=outlet');
    const own = await as['gd01.manager']!.get('/api/reports/monthly?month=2026-11&by=outlet');
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.items.map((x: { key: string }) => x.key)).toEqual([w.units['O-GD-01']]);
    const gd01 = all.body.items.find((x: { key: string }) => x.key === w.units['O-GD-01']);
    expect(own.body.items[0].completed).toBe(gd01.completed);
    const center = await as['gd.center']!.get('/api/reports/monthly?month=2026-11&by=center');
    expect(center.body.items.map((x: { key: string }) => x.key)).toEqual([w.units['C-GD']]);
    const dash = await as['gd01.manager']!.get('/api/reports/dashboard');
    expect(dash.status).toBe(200);
    expect(dash.body.monthly.items.every((x: { key: string }) => x.key === w.units['O-GD-01'])).toBe(true);
    const list = await as['zj.center']!.get(
      `/api/reports/orders?from=2026-11-01&to=2026-11-30&metric=completed&outletId=${w.units['O-GD-01']}`,
    );
    expect(list.body.total).toBe(0);
    const tech = await as['gd01.tech1']!.get('/api/reports/dashboard');
    expect(tech.status).toBe(403);
  });

  it('refuses a period backwards or over a year, a bad month and an unknown metric, naming the field', async () => {
    const back = await as.admin!.get('/api/reports/daily?from=2026-11-30&to=2026-11-01');
    expect(back.status).toBe(400);
    expect(back.body).toMatchObject({ code: 'report.period_invalid', errors: [{ path: 'querystring.to' }] });
    const long = await as.admin!.get('/api/reports/orders?from=2025-01-01&to=2026-11-01&metric=received');
    expect(long.body).toMatchObject({ code: 'report.period_invalid' });
    const month = await as.admin!.get('/api/reports/monthly?month=2026-13');
    expect(month.status).toBe(400);
    expect(JSON.stringify(month.body.errors)).toContain('month');
    const metric = await as.admin!.get('/api/reports/orders?from=2026-11-01&to=2026-11-30&metric=sold');
    expect(metric.status).toBe(400);
    expect(JSON.stringify(metric.body.errors)).toContain('metric');
  });
});

describe('exports', () => {
  /** A download as the browser makes it: GET with the admin's session cookie, the raw bytes. */
  async function download(url: string) {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: ADMIN.username, password: ADMIN.password },
    });
    const sid = login.cookies.find((c) => c.name === 'sanbao_sid')!.value;
    const res = await t.app.inject({ method: 'GET', url, cookies: { sanbao_sid: sid } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    return book.worksheets[0]!;
  }

  it('the monthly summary and a drill-down as XLSX, read back, match the JSON; each export is audited', async () => {
    const json = await as.admin!.get('/api/reports/monthly?month=2026-11&by=province');
    const sheet = await download('/api/reports/monthly.xlsx?month=2026-11&by=province');
    // Header, one row per province, the total row.
    expect(sheet.rowCount).toBe(json.body.items.length + 2);
    expect(sheet.getRow(sheet.rowCount).getCell(3).value).toBe(json.body.sum.completed);
    const over = json.body.items.find((x: { over3: number }) => x.over3 > 0);
    const drill = await download(
      `/api/reports/orders.xlsx?from=2026-11-01&to=2026-11-30&metric=over3&${over.key === '-' ? 'noProvince=true' : `province=${over.key}`}`,
    );
    expect(drill.rowCount).toBe(over.over3 + 1);
    const events = await t.database.db
      .select()
      .from(tables.events)
      .where(
        sql`${tables.events.entity} = 'export' and ${tables.events.entityId} in ('report_monthly', 'report_orders')`,
      );
    expect(events.length).toBe(2);
    const daily = await download('/api/reports/daily.xlsx?from=2026-11-01&to=2026-11-30');
    expect(daily.rowCount).toBe(32);
    // Past one page of 200: every order once (keyset pages), as many as the drill-down counts.
    const q = 'from=2026-10-01&to=2026-12-31&metric=received';
    const count = await as.admin!.get(`/api/reports/orders?${q}&pageSize=1`);
    expect(count.body.total).toBeGreaterThan(200);
    const all = await download(`/api/reports/orders.xlsx?${q}`);
    expect(all.rowCount).toBe(count.body.total + 1);
    const codes = new Set<string>();
    all.eachRow((row, i) => {
      if (i > 1) codes.add(String(row.getCell(1).value));
    });
    expect(codes.size).toBe(count.body.total);
  });
});

describe('the monthly summary by e-mail', () => {
  it('goes out on the 1st from 08:00 company time, once, as each subscriber’s own XLSX; not to who may not read reports', async () => {
    const db = t.database.db;
    for (const u of ['gd.center', 'gd01.tech1'])
      await db
        .update(tables.users)
        .set({ email: `${u}@example.com` })
        .where(eq(tables.users.username, u));
    for (const u of ['gd.center', 'gd01.tech1']) {
      const res = await as[u]!.put('/api/me/staff-mail', { events: ['report.monthly'] });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    // 07:30 on 1 December in Beijing: not yet; 08:30: November's summary.
    expect(await mailMonthlyReports(db, new Date('2026-11-30T23:30:00Z'))).toBe(0);
    expect(await mailMonthlyReports(db, new Date('2026-12-01T00:30:00Z'))).toBe(1);
    expect(await mailMonthlyReports(db, new Date('2026-12-01T01:30:00Z'))).toBe(0);
    const mails = await db.select().from(tables.outbox).where(eq(tables.outbox.template, 'report.monthly'));
    expect(mails.map((m) => m.recipient)).toEqual(['gd.center@example.com']);
    const [mail] = mails;
    expect(mail!.subject).toContain('2026-11月度汇总报表');
    expect(mail!.attachments).toHaveLength(1);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(mail!.attachments[0]!.contentBase64, 'base64') as unknown as ArrayBuffer);
    // The center's own scope: its province and the total row under the header.
    const own = await as['gd.center']!.get('/api/reports/monthly?month=2026-11&by=province');
    expect(book.worksheets[0]!.rowCount).toBe(own.body.items.length + 2);
    expect(book.worksheets[0]!.getRow(2).getCell(1).value).toBe(own.body.items[0].name);
  });
});

describe('money per month', () => {
  it('sums the statements’ lines per month; needs settlement.read as well', async () => {
    const drafted = await as.admin!.post('/api/statements/draft', { month: '2026-11' });
    expect(drafted.status, JSON.stringify(drafted.body)).toBeLessThan(300);
    const statements = await t.database.db.select().from(tables.settlementStatements);
    expect(statements.length).toBeGreaterThan(0);
    const res = await as.admin!.get('/api/reports/money?from=2026-10&to=2026-11');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const nov = res.body.items.find((r: { key: string }) => r.key === '2026-11');
    expect(nov.statements).toBe(statements.filter((x) => x.month === '2026-11').length);
    expect(nov.totalFen).toBe(statements.filter((x) => x.month === '2026-11').reduce((a, x) => a + x.totalFen, 0));
    expect(nov.feesFen + nov.bonusesFen + nov.penaltiesFen + nov.adjustmentsFen).toBe(nov.totalFen);
    const byUnit = await as.admin!.get('/api/reports/money?from=2026-11&to=2026-11&by=unit');
    expect(byUnit.body.sum.totalFen).toBe(nov.totalFen);
    expect(res.body.sum.totalFen).toBe(
      res.body.items.reduce((s: number, r: { totalFen: number }) => s + r.totalFen, 0),
    );
    const tech = await as['gd01.tech1']!.get('/api/reports/money?from=2026-10&to=2026-11');
    expect(tech.status).toBe(403);
    const long = await as.admin!.get('/api/reports/money?from=2020-01&to=2026-11');
    expect(long.body).toMatchObject({ code: 'report.period_invalid' });
  });
});
