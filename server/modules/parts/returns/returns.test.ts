import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { SIGNATURE, setUpServiceWorld, type ServiceWorld } from '../../../test/service-world.js';
import { withheldForOrder } from './index.js';

/*
 * Old-part returns end to end (PGlite, and PostgreSQL with TEST_DATABASE_URL): a warranty
 * completion through the real endpoint creates obligations and a paid one none; the outlet ships a
 * batch, the center receives and appraises each line; a missing or wrong return withholds the
 * line; overdue lists; an outlet never sees or ships another outlet's returns.
 * The test clock starts at 2026-11-23 10:00 in Asia/Shanghai.
 */

let t: TestApp;
let w: ServiceWorld;
let dataDir: string;
let motorId: string;
const as: Record<string, Agent> = {};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sanbao-returns-'));
  process.env.SANBAO_DATA_DIR = dataDir;
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  const db = t.database.db;
  await db.update(tables.units).set({ purchaseDate: '2026-01-10' }).where(eq(tables.units.id, w.unitId));
  const [motor] = await db.insert(tables.parts).values({ code: 'P-MOTOR', name: '电机', nameEn: 'motor' }).returning();
  motorId = motor!.id;
  await db.insert(tables.modelParts).values([
    { modelId: w.modelId, partId: motorId, isMain: true },
    { modelId: w.modelId, partId: w.partId, isMain: false },
  ]);
  // Both parts are serial-tracked in the stock ledger: the pump comes back with its old serial, the motor without.
  await db.insert(tables.partTracking).values([
    { partId: w.partId, serialTracked: true },
    { partId: motorId, serialTracked: true },
  ]);
  for (const u of ['admin', 'hotline', 'dispatcher', 'gd.dispatch', 'gd.center', 'gd01.manager', 'gd02.manager'])
    as[u] = await t.login(u);
}, 60_000);
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function act(
  who: string,
  order: { id: string; version: number },
  path: string,
  body: Record<string, unknown> = {},
) {
  const res = await as[who]!.post(`/api/orders/${order.id}/${path}`, { version: order.version, ...body });
  expect(res.status, `${who} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

/** A carry-in order on the unit, received and in repair at outlet O-GD-0n, completed with `extra`. */
async function completedOrder(outlet: '01' | '02', extra: Record<string, unknown>) {
  const created = await as.hotline!.post('/api/orders', {
    customerId: w.customerId,
    unitId: w.unitId,
    serviceType: 'carry_in',
    faultDescription: '不脱水',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const who = `gd${outlet}.manager`;
  let o = created.body;
  o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
  o = await act('gd.dispatch', o, 'dispatch', {
    toUnitId: w.units[`O-GD-${outlet}`],
    ...(outlet === '02' ? { overrideReason: '就近网点繁忙' } : {}),
  });
  o = await act(who, o, 'accept');
  o = await act(who, o, 'receive', { condition: '完好' });
  o = await act(who, o, 'start');
  return act(who, o, 'complete', {
    diagnosis: '排水泵损坏',
    faultCode: 'E21',
    cause: '老化',
    solution: '更换排水泵',
    parts: [],
    labourMinutes: 30,
    signature: SIGNATURE,
    ...extra,
  });
}

async function obligationsOf(who: string, query: string) {
  const res = await as[who]!.get(`/api/part-returns/obligations?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: { id: string; orderId: string; [k: string]: unknown }[]; total: number };
}

let warrantyOrder: { id: string; code: string };
let secondOrder: { id: string; code: string };
let otherOutletOrder: { id: string };

describe('obligations at completion', () => {
  it('a warranty completion creates one per replaced part, due 30 days after the completion day', async () => {
    warrantyOrder = await completedOrder('01', {
      parts: [
        { partId: w.partId, qty: 1, oldSerial: 'OLD-PUMP-1' },
        { partId: motorId, qty: 1 },
      ],
    });
    const list = await obligationsOf('gd01.manager', `orderId=${warrantyOrder.id}`);
    expect(list.total).toBe(2);
    expect(list.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          orderCode: warrantyOrder.code,
          partId: w.partId,
          partCode: 'P-PUMP',
          serial: 'OLD-PUMP-1',
          quantity: 1,
          paidBy: 'company',
          outletId: w.units['O-GD-01'],
          dueDay: '2026-12-23',
          status: 'due',
          daysOverdue: 0,
          outcome: null,
        }),
        expect.objectContaining({ partId: motorId, serial: null, status: 'due' }),
      ]),
    );
    const [event] = await t.database.db
      .select()
      .from(tables.events)
      .where(
        and(eq(tables.events.entityId, warrantyOrder.id), eq(tables.events.action, 'part_return.obligations_created')),
      );
    expect(event).toBeDefined();
    expect(event!.actorName).toBeTruthy();
    secondOrder = await completedOrder('01', { parts: [{ partId: w.partId, qty: 2 }] });
    expect((await obligationsOf('gd01.manager', `orderId=${secondOrder.id}`)).items).toMatchObject([{ quantity: 2 }]);
  });

  it('a paid completion (the customer pays the parts) creates none', async () => {
    const paid = await completedOrder('01', {
      parts: [{ partId: w.partId, qty: 1 }],
      exclusion: { kind: 'power_surge', note: '雷雨后电压异常' },
    });
    expect(paid.warrantyDecisions).toMatchObject([{ subject: 'unit', parts: 'customer' }, { parts: 'customer' }]);
    expect((await obligationsOf('gd01.manager', `orderId=${paid.id}`)).total).toBe(0);
    const none = await completedOrder('01', { parts: [] });
    expect((await obligationsOf('gd01.manager', `orderId=${none.id}`)).total).toBe(0);
  });
});

describe('scope', () => {
  it('an outlet never sees or ships another outlet’s returns', async () => {
    otherOutletOrder = await completedOrder('02', { parts: [{ partId: w.partId, qty: 1 }] });
    const mine = await obligationsOf('gd02.manager', 'status=due');
    expect(mine.items.map((o) => o.orderId)).toEqual([otherOutletOrder.id]);
    const theirs = await obligationsOf('gd01.manager', `outletId=${w.units['O-GD-02']}`);
    expect(theirs.total).toBe(0);
    const gd01Line = (await obligationsOf('gd01.manager', `orderId=${warrantyOrder.id}`)).items[0]!;
    expect((await as['gd02.manager']!.get(`/api/part-returns/obligations/${gd01Line.id}`)).status).toBe(404);
    const ship = await as['gd02.manager']!.post('/api/part-returns/batches', {
      obligationIds: [mine.items[0]!.id, gd01Line.id],
      carrier: '顺丰',
      trackingNo: 'SF0001',
    });
    expect(ship.status).toBe(404);
    expect(ship.body).toMatchObject({ code: 'entity.not_found', errors: [{ path: 'body.obligationIds.1' }] });
    // The center sees both outlets, and may not mix them in one batch.
    const center = await obligationsOf('gd.center', 'status=due');
    expect(center.total).toBeGreaterThanOrEqual(4);
    const mixed = await as.admin!.post('/api/part-returns/batches', {
      obligationIds: [gd01Line.id, mine.items[0]!.id],
      carrier: '顺丰',
      trackingNo: 'SF0001',
    });
    expect(mixed.body).toMatchObject({ code: 'returns.mixed_outlets', errors: [{ path: 'body.obligationIds.1' }] });
    expect(
      (await obligationsOf('gd01.manager', `orderId=${warrantyOrder.id}`)).items.every((o) => o.status === 'due'),
    ).toBe(true);
  });
});

describe('ship, receive, appraise', () => {
  let batch: { id: string; code: string; lines: { id: string; partId: string }[] };

  it('the outlet ships chosen lines in a batch with carrier and tracking number, and prints the note', async () => {
    const lines = (await obligationsOf('gd01.manager', `orderId=${warrantyOrder.id}`)).items;
    const unknown = await as['gd01.manager']!.post('/api/part-returns/batches', {
      obligationIds: [crypto.randomUUID()],
      carrier: '顺丰',
      trackingNo: 'SF0001',
    });
    expect(unknown.body).toMatchObject({ code: 'entity.not_found', errors: [{ path: 'body.obligationIds.0' }] });
    const blank = await as['gd01.manager']!.post('/api/part-returns/batches', {
      obligationIds: lines.map((l) => l.id),
      carrier: ' ',
      trackingNo: 'SF0001',
    });
    expect(blank.status).toBe(400);
    expect(JSON.stringify(blank.body.errors)).toContain('carrier');
    const res = await as['gd01.manager']!.post('/api/part-returns/batches', {
      obligationIds: lines.map((l) => l.id),
      carrier: '顺丰',
      trackingNo: 'SF1234567890',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    batch = res.body;
    expect(res.body).toMatchObject({
      code: 'RB-20261123-0001',
      status: 'shipped',
      carrier: '顺丰',
      trackingNo: 'SF1234567890',
      outletId: w.units['O-GD-01'],
      lineCount: 2,
    });
    expect(res.body.lines.every((l: { status: string }) => l.status === 'shipped')).toBe(true);
    const again = await as['gd01.manager']!.post('/api/part-returns/batches', {
      obligationIds: [lines[1]!.id],
      carrier: '顺丰',
      trackingNo: 'SF2',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'returns.already_shipped',
      errors: [{ path: 'body.obligationIds.0' }],
      params: { batch: 'RB-20261123-0001' },
    });
    const note = await as['gd01.manager']!.get(`/api/part-returns/batches/${batch.id}/note`);
    expect(note.status).toBe(200);
    expect(note.body).toMatchObject({ batchCode: 'RB-20261123-0001', trackingNo: 'SF1234567890' });
    expect(note.body.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ orderCode: warrantyOrder.code, partCode: 'P-PUMP', serial: 'OLD-PUMP-1' }),
      ]),
    );
    expect((await obligationsOf('gd01.manager', 'status=shipped')).total).toBe(2);
    expect((await as['gd02.manager']!.get(`/api/part-returns/batches/${batch.id}`)).status).toBe(404);
    expect((await as['gd02.manager']!.get('/api/part-returns/batches')).body.total).toBe(0);
  });

  it('the center receives the batch; the outlet cannot', async () => {
    expect((await as['gd01.manager']!.post(`/api/part-returns/batches/${batch.id}/receive`, {})).status).toBe(403);
    // Not even with every permission: an outlet never receives or appraises its own returns.
    const created = await as.admin!.post('/api/users', {
      username: 'gd01.boss',
      displayName: '天河网点 经理（全权）',
      password: 'Boss2026xyz',
      orgUnitId: w.units['O-GD-01'],
      roles: ['manager'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const boss = await t.login('gd01.boss', 'Boss2026xyz');
    const own = await boss.post(`/api/part-returns/batches/${batch.id}/receive`, {});
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('returns.center_only');
    expect(
      (await boss.post(`/api/part-returns/obligations/${batch.lines[0]!.id}/appraise`, { outcome: 'missing' })).body
        .code,
    ).toBe('returns.center_only');
    const res = await as['gd.center']!.post(`/api/part-returns/batches/${batch.id}/receive`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'received', receivedByName: expect.any(String) });
    expect(res.body.lines.every((l: { status: string }) => l.status === 'received')).toBe(true);
    // Into the Guangdong center's depot as defective stock: the pump by its old serial; the motor,
    // tracked but returned without a serial, is not booked (the receipt's event names it).
    const db = t.database.db;
    const moves = await db.select().from(tables.stockMovements).where(eq(tables.stockMovements.documentId, batch.id));
    expect(moves).toMatchObject([
      {
        kind: 'old_part_return',
        grade: 'defective',
        partId: w.partId,
        serial: 'OLD-PUMP-1',
        orderId: warrantyOrder.id,
        documentKind: 'part_return_batch',
        quantity: 1,
      },
    ]);
    const [depot] = await db.select().from(tables.depots).where(eq(tables.depots.id, moves[0]!.depotId));
    expect(depot).toMatchObject({ orgUnitId: w.units['C-GD'], kind: 'center' });
    const [balance] = await db
      .select()
      .from(tables.stockBalances)
      .where(
        and(
          eq(tables.stockBalances.depotId, depot!.id),
          eq(tables.stockBalances.partId, w.partId),
          eq(tables.stockBalances.grade, 'defective'),
        ),
      );
    expect(balance!.onHand).toBe(1);
    const [received] = await db
      .select()
      .from(tables.events)
      .where(and(eq(tables.events.entityId, batch.id), eq(tables.events.action, 'part_return.received')));
    const motorLine = batch.lines.find((l) => l.partId === motorId)!;
    expect(JSON.stringify(received!.changes)).toContain(motorLine.id);
    const twice = await as['gd.center']!.post(`/api/part-returns/batches/${batch.id}/receive`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('returns.batch_received');
  });

  it('appraises each line: a confirmed fault withholds nothing, no fault, a wrong or missing part withhold the line', async () => {
    const db = t.database.db;
    // Settlement sets the lines' warranty amounts: ¥120 each.
    await db.update(tables.partReturnObligations).set({ warrantyAmountFen: 12000 });
    const pump = batch.lines.find((l) => l.partId === w.partId)!;
    const motor = batch.lines.find((l) => l.partId === motorId)!;
    const appraise = (id: string, outcome: string, who = 'gd.center') =>
      as[who]!.post(`/api/part-returns/obligations/${id}/appraise`, { outcome, note: '鉴定' });
    expect((await appraise(pump.id, 'faulty_confirmed', 'gd01.manager')).status).toBe(403);
    const bad = await appraise(pump.id, 'broken');
    expect(bad.status).toBe(400);
    const faulty = await appraise(pump.id, 'faulty_confirmed');
    expect(faulty.status, JSON.stringify(faulty.body)).toBe(200);
    expect(faulty.body).toMatchObject({
      outcome: 'faulty_confirmed',
      withheldFen: 0,
      appraisedByName: expect.any(String),
    });
    const wrong = await appraise(motor.id, 'wrong_part');
    expect(wrong.body).toMatchObject({ outcome: 'wrong_part', withheldFen: 12000 });
    expect(wrong.body.settlement['zh-CN']).toContain('扣回');
    expect((await as['gd.center']!.get(`/api/part-returns/batches/${batch.id}`)).body).toMatchObject({
      status: 'appraised',
      appraisedCount: 2,
      withheldFen: 12000,
    });
    // Corrected: no fault found in the motor; still withheld.
    expect((await appraise(motor.id, 'no_fault_found')).body).toMatchObject({ withheldFen: 12000 });
    expect(await withheldForOrder(db, warrantyOrder.id)).toMatchObject({
      withheldFen: 12000,
      lines: expect.arrayContaining([
        expect.objectContaining({ partId: w.partId, outcome: 'faulty_confirmed', withholds: false, withheldFen: 0 }),
        expect.objectContaining({ partId: motorId, outcome: 'no_fault_found', withholds: true, withheldFen: 12000 }),
      ]),
    });
  });

  it('a part that never came back is appraised missing without arriving, and withheld', async () => {
    const [line] = (await obligationsOf('gd.center', `orderId=${secondOrder.id}`)).items;
    const early = await as['gd.center']!.post(`/api/part-returns/obligations/${line!.id}/appraise`, {
      outcome: 'faulty_confirmed',
    });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'returns.not_received', errors: [{ path: 'body.outcome' }] });
    const missing = await as['gd.center']!.post(`/api/part-returns/obligations/${line!.id}/appraise`, {
      outcome: 'missing',
    });
    expect(missing.body).toMatchObject({ outcome: 'missing', withheldFen: 12000, status: 'due' });
    expect(await withheldForOrder(t.database.db, secondOrder.id)).toMatchObject({ withheldFen: 12000 });
    // Settled: no longer listed as due, listed as appraised, and it cannot be shipped any more.
    expect((await obligationsOf('gd01.manager', 'status=due')).items.map((o) => o.id)).not.toContain(line!.id);
    expect((await obligationsOf('gd01.manager', 'status=appraised')).items.map((o) => o.id)).toContain(line!.id);
    const ship = await as['gd01.manager']!.post('/api/part-returns/batches', {
      obligationIds: [line!.id],
      carrier: '顺丰',
      trackingNo: 'SF3',
    });
    expect(ship.body).toMatchObject({ code: 'returns.already_appraised', errors: [{ path: 'body.obligationIds.0' }] });
  });
});

describe('due and overdue', () => {
  it('an unshipped line past its due day (company zone) is overdue', async () => {
    const start = t.clock.now();
    try {
      expect((await obligationsOf('gd02.manager', 'status=overdue')).total).toBe(0);
      // 2026-12-23 23:59 in Shanghai: the due day itself is still on time.
      t.clock.set('2026-12-23T15:59:00Z');
      // A month on, the sessions signed in at the start have expired: sign in again.
      for (const u of ['gd.center', 'gd02.manager']) as[u] = await t.login(u);
      expect((await obligationsOf('gd02.manager', 'status=due')).total).toBe(1);
      t.clock.set('2026-12-24T02:00:00Z');
      for (const u of ['gd.center', 'gd02.manager']) as[u] = await t.login(u);
      const overdue = await obligationsOf('gd02.manager', 'status=overdue');
      expect(overdue.items).toMatchObject([{ orderId: otherOutletOrder.id, status: 'overdue', daysOverdue: 1 }]);
      expect((await obligationsOf('gd02.manager', 'status=due')).total).toBe(0);
      expect((await obligationsOf('gd.center', `status=overdue&outletId=${w.units['O-GD-02']}`)).total).toBe(1);
      // Shipped late: listed as shipped, the lateness kept.
      const res = await as['gd02.manager']!.post('/api/part-returns/batches', {
        obligationIds: [overdue.items[0]!.id],
        carrier: '圆通',
        trackingNo: 'YT1',
      });
      expect(res.status).toBe(201);
      expect(res.body.code).toBe('RB-20261224-0001');
      expect(res.body.lines).toMatchObject([{ status: 'shipped', daysOverdue: 1 }]);
      expect((await obligationsOf('gd02.manager', 'status=overdue')).total).toBe(0);
      // The whole parcel at once: after receipt, every line confirmed faulty.
      const url = `/api/part-returns/batches/${res.body.id}`;
      const early = await as['gd.center']!.post(`${url}/appraise`, { outcome: 'faulty_confirmed' });
      expect(early.body).toMatchObject({ code: 'returns.not_received', errors: [{ path: 'body.outcome' }] });
      expect((await as['gd02.manager']!.post(`${url}/appraise`, { outcome: 'missing' })).status).toBe(403);
      expect((await as['gd.center']!.post(`${url}/receive`, {})).status).toBe(200);
      const all = await as['gd.center']!.post(`${url}/appraise`, { outcome: 'faulty_confirmed' });
      expect(all.status, JSON.stringify(all.body)).toBe(200);
      expect(all.body).toMatchObject({ status: 'appraised', appraisedCount: 1, withheldFen: 0 });
      expect(all.body.lines).toMatchObject([{ outcome: 'faulty_confirmed', status: 'received' }]);
    } finally {
      t.clock.set(start);
    }
  });
});
