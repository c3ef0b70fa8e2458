import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../../db/schema.js';
import { systemCtx } from '../../../platform/context.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { completedCarryIn, type ServiceWorld, setUpServiceWorld } from '../../../test/service-world.js';
import { ensureDepotFor, postMovements } from '../../parts/index.js';

/*
 * An old-part appraisal after the statement of the order's month left draft (PGlite, and
 * PostgreSQL with TEST_DATABASE_URL): two warranty orders of O-GD-01 completed in November, each
 * with a pump from the outlet's own stock (cost 12.34 yuan, no warranty amount: withheld at cost).
 * While November is a draft an appraisal writes nothing and a recompute takes it in; after the
 * lock an appraisal becomes an adjustment carried into December, once however often it is
 * retried, never for an amount the locked statement already holds, and a corrected appraisal pays
 * it back. The test clock starts at 2026-11-23 10:00 in Asia/Shanghai.
 */

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  const db = t.database.db;
  await db.update(tables.units).set({ purchaseDate: '2026-01-10' }).where(eq(tables.units.id, w.unitId));
  await db
    .insert(tables.partPrices)
    .values({ partId: w.partId, costFen: 1234, salePriceFen: 2500, effectiveFrom: '2026-01-01' });
  const ctx = systemCtx(db, { now: t.clock.now() });
  const depot = await db.transaction((tx) => ensureDepotFor(tx, w.units['O-GD-01']!));
  await db.transaction((tx) =>
    postMovements(tx, ctx, [{ kind: 'receipt', depotId: depot.id, partId: w.partId, quantity: 5 }]),
  );
  await signIn();
}, 120_000);
afterAll(async () => {
  await t.close();
});

async function signIn() {
  for (const u of ['hotline', 'dispatcher', 'gd.dispatch', 'gd.center', 'gd01.manager', 'finance'])
    as[u] = await t.login(u);
}

/** A carry-in warranty order completed at O-GD-01 with one pump from the outlet's stock. */
const completedOrder = () =>
  completedCarryIn(as, w, {
    diagnosis: '排水泵损坏',
    cause: '老化',
    solution: '更换排水泵',
    parts: [{ partId: w.partId, qty: 1 }],
  });

async function obligationOf(orderId: string): Promise<string> {
  const res = await as['gd.center']!.get(`/api/part-returns/obligations?orderId=${orderId}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items[0].id;
}

async function appraise(obligationId: string, outcome: string) {
  const res = await as['gd.center']!.post(`/api/part-returns/obligations/${obligationId}/appraise`, { outcome });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const adjustmentsOf = (obligationId: string) =>
  t.database.db
    .select()
    .from(tables.statementAdjustments)
    .where(eq(tables.statementAdjustments.obligationId, obligationId))
    .orderBy(tables.statementAdjustments.createdAt);

describe('an old-part appraisal after its month left draft', () => {
  let a: { id: string; code: string };
  let b: { id: string; code: string };
  let c: { id: string; code: string };
  let obA: string;
  let obB: string;
  let obC: string;
  let statementId: string;

  it('November: three orders, a draft; an appraisal while it is a draft writes nothing, the recompute takes it in', async () => {
    a = await completedOrder();
    b = await completedOrder();
    c = await completedOrder();
    obA = await obligationOf(a.id);
    obB = await obligationOf(b.id);
    obC = await obligationOf(c.id);
    const drafted = await as['gd.center']!.post('/api/statements/draft', {
      month: '2026-11',
      unitId: w.units['O-GD-01'],
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(200);
    const list = await as['gd.center']!.get(`/api/statements?month=2026-11&unitId=${w.units['O-GD-01']}`);
    statementId = list.body.items[0].id;

    await appraise(obA, 'missing');
    expect(await adjustmentsOf(obA)).toEqual([]);
    const recomputed = await as['gd.center']!.post(`/api/statements/${statementId}/recompute`);
    expect(recomputed.status, JSON.stringify(recomputed.body)).toBe(200);
    const withheld = recomputed.body.lines.filter((l: { kind: string }) => l.kind === 'withheld_old_part');
    expect(withheld).toEqual([expect.objectContaining({ orderId: a.id, amountFen: -1234 })]);
  });

  it('a return appraised after the last recompute, the draft sent as it was: carried when it is sent', async () => {
    t.clock.advance(60_000);
    await appraise(obC, 'missing');
    expect(await adjustmentsOf(obC)).toEqual([]);
    const sent = await as['gd.center']!.post(`/api/statements/${statementId}/send`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(
      sent.body.lines.filter((l: { orderId: string }) => l.orderId === c.id).map((l: { kind: string }) => l.kind),
    ).not.toContain('withheld_old_part');
    const rows = await adjustmentsOf(obC);
    expect(rows).toMatchObject([{ month: '2026-12', amountFen: -1234, sourceStatementId: statementId }]);
    expect(rows[0]!.explanation!['zh-CN']).toContain(c.code);
  });

  it('accept, lock', async () => {
    expect((await as['gd01.manager']!.post(`/api/statements/${statementId}/accept`)).status).toBe(200);
    const locked = await as['gd.center']!.post(`/api/statements/${statementId}/lock`);
    expect(locked.status, JSON.stringify(locked.body)).toBe(200);
    expect(locked.body.state).toBe('locked');
  });

  it('an amount already on the locked statement is not added again', async () => {
    await appraise(obA, 'missing');
    expect(await adjustmentsOf(obA)).toEqual([]);
  });

  it('after the lock: the appraisal becomes one adjustment into December, with its event, once', async () => {
    const shipped = await as['gd01.manager']!.post('/api/part-returns/batches', {
      obligationIds: [obB],
      carrier: '顺丰',
      trackingNo: 'SF123',
    });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(201);
    const received = await as['gd.center']!.post(`/api/part-returns/batches/${shipped.body.id}/receive`, {});
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    await appraise(obB, 'no_fault_found');
    await appraise(obB, 'no_fault_found'); // the command retried
    const rows = await adjustmentsOf(obB);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      unitId: w.units['O-GD-01'],
      month: '2026-12',
      amountFen: -1234,
      sourceStatementId: statementId,
    });
    expect(rows[0]!.explanation!['zh-CN']).toContain(b.code);
    expect(rows[0]!.explanation!['zh-CN']).toContain('鉴定无故障');
    expect(rows[0]!.explanation!.en).toContain(b.code);
    expect(rows[0]!.explanation!.en).toContain('no fault found');
    const events = await t.database.db
      .select()
      .from(tables.events)
      .where(
        and(
          eq(tables.events.action, 'statement.adjustment_added'),
          sql`${tables.events.changes}->'obligationId'->>'after' = ${obB}`,
        ),
      );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ entityId: statementId, actorName: expect.any(String) });
    expect(events[0]!.reason).toContain(b.code);
    // The locked statement did not change.
    const s = await as['gd.center']!.get(`/api/statements/${statementId}`);
    expect(
      s.body.lines.filter((l: { orderId: string }) => l.orderId === b.id).map((l: { kind: string }) => l.kind),
    ).not.toContain('withheld_old_part');
  });

  it('a corrected appraisal pays it back; December carries both', async () => {
    await appraise(obB, 'faulty_confirmed');
    await appraise(obB, 'faulty_confirmed');
    expect((await adjustmentsOf(obB)).map((r) => r.amountFen)).toEqual([-1234, 1234]);

    t.clock.set('2027-01-03T02:00:00Z');
    await signIn();
    const drafted = await as.finance!.post('/api/statements/draft', { month: '2026-12', unitId: w.units['O-GD-01'] });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(200);
    const dec = await as['gd01.manager']!.get('/api/statements?month=2026-12');
    const detail = await as['gd01.manager']!.get(`/api/statements/${dec.body.items[0].id}`);
    const adj = detail.body.lines.filter((l: { kind: string }) => l.kind === 'adjustment');
    expect(adj.map((l: { amountFen: number }) => l.amountFen).sort()).toEqual([-1234, -1234, 1234]);
    for (const l of adj) expect(l.explanation.en).toContain('made after it was sent');
    expect(
      adj.filter((l: { explanation: { 'zh-CN': string } }) => l.explanation['zh-CN'].includes(b.code)),
    ).toHaveLength(2);
    expect(detail.body.totalFen).toBe(-1234);
  });
});
