import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../platform/context.js';
import { events } from '../../platform/events/index.js';
import { inboxItems } from '../../platform/notify/inbox-tables.js';
import { buildOrgUnit, buildUser } from '../../test/factories.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { availableAt, ensureDepotFor, ensureVanDepot, postMovements } from './index.js';
import { partSerials, stockBalances, stockMovements } from './tables.js';

describe('parts stock ledger', () => {
  let t: TestApp;
  let admin: Agent;
  let managerA: Agent;
  let managerB: Agent;
  const ids = {} as Record<
    | 'managerA'
    | 'outletA'
    | 'tech'
    | 'centerDepot'
    | 'depotA'
    | 'depotB'
    | 'belt'
    | 'motor'
    | 'pump'
    | 'valve'
    | 'van'
    | 'order',
    string
  >;

  const balance = async (depotId: string, partId: string, grade: 'good' | 'defective' = 'good') => {
    const [b] = await t.database.db
      .select()
      .from(stockBalances)
      .where(and(eq(stockBalances.depotId, depotId), eq(stockBalances.partId, partId), eq(stockBalances.grade, grade)));
    return b ? { onHand: b.onHand, reserved: b.reserved, inTransit: b.inTransit } : undefined;
  };
  const ledgerCount = async () => (await t.database.db.select({ n: count() }).from(stockMovements))[0]!.n;
  const eventCount = async () => (await t.database.db.select({ n: count() }).from(events))[0]!.n;
  const move = (agent: Agent, body: Record<string, unknown>) => agent.post('/api/parts/movements', body);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
    const center = await buildOrgUnit(t, { kind: 'center' });
    const outletA = await buildOrgUnit(t, { kind: 'outlet', parentId: center.id });
    const outletB = await buildOrgUnit(t, {
      kind: 'outlet',
      parentId: center.id,
      districtCode: '440305',
      cityCode: '440300',
    });
    const mA = await buildUser(t, { roles: ['outlet_manager'], orgUnitId: outletA.id });
    const mB = await buildUser(t, { roles: ['outlet_manager'], orgUnitId: outletB.id });
    const tech = await buildUser(t, { roles: ['technician'], orgUnitId: outletA.id });
    managerA = await t.login(mA.username);
    managerB = await t.login(mB.username);
    ids.managerA = mA.id;
    ids.outletA = outletA.id;
    ids.tech = tech.id;
    const db = t.database.db;
    ids.centerDepot = (await ensureDepotFor(db, center.id)).id;
    ids.depotA = (await ensureDepotFor(db, outletA.id)).id;
    ids.depotB = (await ensureDepotFor(db, outletB.id)).id;
    for (const [key, code, name] of [
      ['belt', 'BELT-9', '皮带'],
      ['motor', 'MOTOR-9', '电机'],
      ['pump', 'PUMP-9', '排水泵'],
      ['valve', 'VALVE-9', '进水阀'],
    ] as const) {
      const res = await admin.post('/api/catalog/parts', { code, name });
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    }
  });
  afterAll(() => t.close());

  it('makes one depot per unit and one van per technician, and lists those in scope', async () => {
    const db = t.database.db;
    expect((await ensureDepotFor(db, ids.outletA)).id).toBe(ids.depotA);
    const van = await ensureVanDepot(db, ids.tech);
    expect(van.kind).toBe('van');
    expect((await ensureVanDepot(db, ids.tech)).id).toBe(van.id);
    ids.van = van.id;

    const all = await admin.get('/api/parts/depots');
    expect(all.status).toBe(200);
    const kinds = all.body.items.map((d: { kind: string }) => d.kind);
    expect(kinds).toEqual(expect.arrayContaining(['hq', 'center', 'outlet', 'van']));
    const mine = await managerA.get('/api/parts/depots');
    const mineIds = mine.body.items.map((d: { id: string }) => d.id);
    expect(mineIds).toEqual(expect.arrayContaining([ids.depotA, ids.van]));
    expect(mineIds).not.toContain(ids.depotB);
    expect(mineIds).not.toContain(ids.centerDepot);
    const a = mine.body.items.find((d: { id: string }) => d.id === ids.depotA);
    expect(a.orgUnitParentId).toBeTruthy();
  });

  /** The ledger ids each event of an action names. */
  const movementIdsOf = async (action: string) =>
    (await t.database.db.select({ changes: events.changes }).from(events).where(eq(events.action, action))).map(
      (e) => (e.changes as Record<string, { after: unknown }>).movementIds?.after,
    );

  it('posts every kind of movement with the balance after it in the ledger', async () => {
    const order = randomUUID();
    ids.order = order;
    const r1 = await move(managerA, { kind: 'receipt', depotId: ids.depotA, partId: ids.belt, quantity: 20 });
    expect(r1.status).toBe(201);
    expect(r1.body.items[0]).toMatchObject({ kind: 'receipt', quantity: 20, onHandAfter: 20, reservedAfter: 0 });
    expect(await balance(ids.depotA, ids.belt)).toEqual({ onHand: 20, reserved: 0, inTransit: 0 });

    expect(
      (await move(managerA, { kind: 'adjust', depotId: ids.depotA, partId: ids.belt, quantity: -2, note: '盘亏' }))
        .status,
    ).toBe(201);
    expect((await balance(ids.depotA, ids.belt))!.onHand).toBe(18);

    const issue = await move(managerA, {
      kind: 'issue',
      depotId: ids.depotA,
      partId: ids.belt,
      quantity: 3,
      orderId: order,
    });
    expect(issue.status).toBe(201);
    expect(issue.body.items[0]).toMatchObject({ quantity: -3, issuedDelta: 3, onHandAfter: 15, orderId: order });
    // Consumption on completion: the parts were out already, the order's issued count goes down.
    const db = t.database.db;
    const ctx = systemCtx(db, { now: t.clock.now() });
    await db.transaction((tx) =>
      postMovements(tx, ctx, [{ kind: 'consume', depotId: ids.depotA, partId: ids.belt, quantity: 2, orderId: order }]),
    );
    expect((await balance(ids.depotA, ids.belt))!.onHand).toBe(15);
    const back = await move(managerA, {
      kind: 'return_unused',
      depotId: ids.depotA,
      partId: ids.belt,
      quantity: 1,
      orderId: order,
    });
    expect(back.status).toBe(201);
    expect((await balance(ids.depotA, ids.belt))!.onHand).toBe(16);
    const tooMany = await move(managerA, {
      kind: 'return_unused',
      depotId: ids.depotA,
      partId: ids.belt,
      quantity: 1,
      orderId: order,
    });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body).toMatchObject({ code: 'stock.not_issued', params: { issued: 0, asked: 1 } });

    const old = await move(managerA, {
      kind: 'old_part_return',
      depotId: ids.depotA,
      partId: ids.belt,
      quantity: 2,
      orderId: order,
    });
    expect(old.status).toBe(201);
    expect(await balance(ids.depotA, ids.belt, 'defective')).toEqual({ onHand: 2, reserved: 0, inTransit: 0 });
    expect(
      (await move(managerA, { kind: 'scrap', depotId: ids.depotA, partId: ids.belt, grade: 'defective', quantity: 2 }))
        .status,
    ).toBe(201);
    expect((await balance(ids.depotA, ids.belt, 'defective'))!.onHand).toBe(0);

    // Transfer: out of A (on hand −5), in transit at the center, then received there.
    const out = await move(managerA, {
      kind: 'transfer_out',
      depotId: ids.depotA,
      partId: ids.belt,
      quantity: 5,
      toDepotId: ids.centerDepot,
    });
    expect(out.status).toBe(201);
    expect(await balance(ids.depotA, ids.belt)).toEqual({ onHand: 11, reserved: 0, inTransit: 0 });
    // Its one event names both ledger rows, the source's and the destination's.
    const outIds = out.body.items.map((r: { id: number }) => r.id);
    expect(outIds).toHaveLength(2);
    expect(await movementIdsOf('stock.transfer_out')).toEqual([outIds]);
    expect(await balance(ids.centerDepot, ids.belt)).toEqual({ onHand: 0, reserved: 0, inTransit: 5 });
    const inn = await move(admin, {
      kind: 'transfer_in',
      depotId: ids.centerDepot,
      partId: ids.belt,
      quantity: 5,
      fromDepotId: ids.depotA,
    });
    expect(inn.status).toBe(201);
    expect(await balance(ids.centerDepot, ids.belt)).toEqual({ onHand: 5, reserved: 0, inTransit: 0 });

    // Reserve and release change `reserved` only; available = on hand − reserved.
    await db.transaction((tx) =>
      postMovements(tx, ctx, [{ kind: 'reserve', depotId: ids.depotA, partId: ids.belt, quantity: 10 }]),
    );
    expect(await availableAt(db, ids.depotA, ids.belt)).toBe(1);
    const blocked = await move(managerA, {
      kind: 'issue',
      depotId: ids.depotA,
      partId: ids.belt,
      quantity: 2,
      orderId: order,
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.params).toMatchObject({ part: 'BELT-9', available: 1, asked: 2 });
    await expect(
      db.transaction((tx) =>
        postMovements(tx, ctx, [{ kind: 'reserve', depotId: ids.depotA, partId: ids.belt, quantity: 2 }]),
      ),
    ).rejects.toMatchObject({ code: 'stock.insufficient' });
    await db.transaction((tx) =>
      postMovements(tx, ctx, [
        { kind: 'issue', depotId: ids.depotA, partId: ids.belt, quantity: 4, orderId: order, fromReserved: true },
      ]),
    );
    expect(await balance(ids.depotA, ids.belt)).toEqual({ onHand: 7, reserved: 6, inTransit: 0 });
    await db.transaction((tx) =>
      postMovements(tx, ctx, [{ kind: 'release', depotId: ids.depotA, partId: ids.belt, quantity: 6 }]),
    );
    expect(await balance(ids.depotA, ids.belt)).toEqual({ onHand: 7, reserved: 0, inTransit: 0 });

    // The ledger: newest first, running balance consistent with the deltas, keyset-paged.
    const page1 = await managerA.get(`/api/parts/ledger?depotId=${ids.depotA}&partId=${ids.belt}&grade=good&limit=3`);
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(3);
    expect(page1.body.items[0].onHandAfter).toBe(7);
    const page2 = await managerA.get(
      `/api/parts/ledger?depotId=${ids.depotA}&partId=${ids.belt}&grade=good&before=${page1.body.nextBefore}`,
    );
    const rows = [...page1.body.items, ...page2.body.items].reverse();
    let onHand = 0;
    let reserved = 0;
    for (const r of rows) {
      onHand += r.quantity;
      reserved += r.reservedDelta;
      expect(r.onHandAfter).toBe(onHand);
      expect(r.reservedAfter).toBe(reserved);
    }
    expect(page1.body.total).toBe(rows.length);

    const stock = await managerA.get(`/api/parts/depots/${ids.depotA}/stock?q=belt`);
    expect(stock.status).toBe(200);
    expect(stock.body.items).toEqual(
      [
        expect.objectContaining({ partCode: 'BELT-9', grade: 'defective', onHand: 0 }),
        expect.objectContaining({ partCode: 'BELT-9', grade: 'good', onHand: 7, available: 7 }),
      ].sort((a, b) => (a.grade < b.grade ? -1 : 1)),
    );
    expect((await managerA.get(`/api/parts/depots/${ids.depotA}/stock?q=motor`)).body.items).toEqual([]);
    // Each movement is an audit event with actor and time.
    const [ev] = await db
      .select()
      .from(events)
      .where(and(eq(events.entity, 'depot'), eq(events.action, 'stock.receipt')));
    expect(ev).toMatchObject({ entityId: ids.depotA, actorId: ids.managerA });
  });

  it('refuses a movement that would make stock negative and writes nothing', async () => {
    const before = {
      ledger: await ledgerCount(),
      events: await eventCount(),
      balance: await balance(ids.depotA, ids.belt),
    };
    const res = await move(managerA, {
      kind: 'issue',
      depotId: ids.depotA,
      partId: ids.belt,
      quantity: 100,
      orderId: randomUUID(),
    });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'stock.insufficient',
      params: { part: 'BELT-9', available: 7, asked: 100 },
    });
    expect(res.body.detail).toContain('BELT-9');
    // A transfer whose source is short leaves the destination's in-transit untouched too.
    const tr = await move(managerA, {
      kind: 'transfer_out',
      depotId: ids.depotA,
      partId: ids.belt,
      quantity: 8,
      toDepotId: ids.centerDepot,
    });
    expect(tr.status).toBe(409);
    const en = await managerA.request(
      'POST',
      '/api/parts/movements',
      { kind: 'scrap', depotId: ids.depotA, partId: ids.belt, quantity: 8 },
      { 'accept-language': 'en' },
    );
    expect(en.status).toBe(409);
    // A batch is all or nothing: the good first move is rolled back with the failing second.
    const db = t.database.db;
    await expect(
      db.transaction((tx) =>
        postMovements(tx, systemCtx(db), [
          { kind: 'receipt', depotId: ids.depotA, partId: ids.belt, quantity: 1 },
          { kind: 'scrap', depotId: ids.depotA, partId: ids.belt, quantity: 50 },
        ]),
      ),
    ).rejects.toMatchObject({ code: 'stock.insufficient' });
    expect(await ledgerCount()).toBe(before.ledger);
    expect(await eventCount()).toBe(before.events);
    expect(await balance(ids.depotA, ids.belt)).toEqual(before.balance);
    expect(await balance(ids.centerDepot, ids.belt)).toEqual({ onHand: 5, reserved: 0, inTransit: 0 });
  });

  it('validates the input with field errors', async () => {
    const bad = await move(managerA, { kind: 'transfer_out', depotId: ids.depotA, partId: ids.belt, quantity: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.toDepotId');
    const noOrder = await move(managerA, { kind: 'issue', depotId: ids.depotA, partId: ids.belt, quantity: 1 });
    expect(noOrder.body.errors[0].path).toBe('body.orderId');
    const zero = await move(managerA, { kind: 'receipt', depotId: ids.depotA, partId: ids.belt, quantity: 0 });
    expect(zero.body).toMatchObject({ code: 'stock.bad_quantity' });
    const noPart = await move(managerA, { kind: 'receipt', depotId: ids.depotA, partId: randomUUID(), quantity: 1 });
    expect(noPart.status).toBe(404);
    expect(noPart.body.errors[0].path).toBe('body.partId');
    const serials = await move(managerA, {
      kind: 'receipt',
      depotId: ids.depotA,
      partId: ids.belt,
      quantity: 1,
      serials: ['X1'],
    });
    expect(serials.body).toMatchObject({ code: 'stock.serials_not_tracked' });
    const reserve = await move(managerA, { kind: 'reserve', depotId: ids.depotA, partId: ids.belt, quantity: 1 });
    expect(reserve.status).toBe(400);
    // Past the largest balance a row holds: refused, not a server error.
    const huge = () => move(managerA, { kind: 'receipt', depotId: ids.depotA, partId: ids.valve, quantity: 1_000_000 });
    const db = t.database.db;
    await db.transaction((tx) =>
      postMovements(tx, systemCtx(db), [
        { kind: 'adjust', depotId: ids.depotA, partId: ids.valve, quantity: 1_000_000 },
      ]),
    );
    await db
      .update(stockBalances)
      .set({ onHand: 2_147_000_000 })
      .where(and(eq(stockBalances.depotId, ids.depotA), eq(stockBalances.partId, ids.valve)));
    const over = await huge();
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ code: 'stock.bad_quantity' });
    await db
      .update(stockBalances)
      .set({ onHand: 0 })
      .where(and(eq(stockBalances.depotId, ids.depotA), eq(stockBalances.partId, ids.valve)));
    // Consuming what was never issued from this depot.
    const never = await db
      .transaction((tx) =>
        postMovements(tx, systemCtx(db), [
          { kind: 'consume', depotId: ids.depotB, partId: ids.valve, quantity: 1, orderId: randomUUID() },
        ]),
      )
      .catch((e) => e);
    expect(never).toMatchObject({ code: 'stock.not_issued' });
  });

  it('carries serials of tracked parts through transfer, issue and return', async () => {
    const tracked = await managerA.put(`/api/parts/tracking/${ids.motor}`, { serialTracked: true });
    expect(tracked.status).toBe(200);
    expect(tracked.body).toEqual({ partId: ids.motor, serialTracked: true });
    const missing = await move(managerA, {
      kind: 'receipt',
      depotId: ids.depotA,
      partId: ids.motor,
      quantity: 2,
      serials: ['M-1'],
    });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'stock.serials_count', errors: [{ path: 'body.serials' }] });
    const rec = await move(managerA, {
      kind: 'receipt',
      depotId: ids.depotA,
      partId: ids.motor,
      quantity: 2,
      serials: ['M-1', 'M-2'],
    });
    expect(rec.status).toBe(201);
    expect(rec.body.items.map((r: { serial: string; onHandAfter: number }) => [r.serial, r.onHandAfter])).toEqual([
      ['M-1', 1],
      ['M-2', 2],
    ]);
    expect(await movementIdsOf('stock.receipt')).toContainEqual(rec.body.items.map((r: { id: number }) => r.id));
    const dup = await move(managerA, {
      kind: 'receipt',
      depotId: ids.depotB,
      partId: ids.motor,
      quantity: 1,
      serials: ['M-1'],
    });
    expect(dup.status).toBe(404); // depot B is not in A's scope
    const dup2 = await move(admin, {
      kind: 'receipt',
      depotId: ids.depotB,
      partId: ids.motor,
      quantity: 1,
      serials: ['M-1'],
    });
    expect(dup2.body).toMatchObject({ code: 'stock.serial_in_use' });

    const serial = async (s: string) =>
      (
        await t.database.db
          .select()
          .from(partSerials)
          .where(and(eq(partSerials.partId, ids.motor), eq(partSerials.serial, s)))
      )[0];
    const out = await move(managerA, {
      kind: 'transfer_out',
      depotId: ids.depotA,
      partId: ids.motor,
      quantity: 1,
      serials: ['M-1'],
      toDepotId: ids.centerDepot,
    });
    expect(out.status).toBe(201);
    expect(await serial('M-1')).toMatchObject({ depotId: ids.centerDepot, state: 'in_transit' });
    const wrong = await move(admin, {
      kind: 'transfer_in',
      depotId: ids.centerDepot,
      partId: ids.motor,
      quantity: 1,
      serials: ['M-2'],
    });
    expect(wrong.body).toMatchObject({ code: 'stock.serial_not_here', params: { serial: 'M-2' } });
    expect(
      (
        await move(admin, {
          kind: 'transfer_in',
          depotId: ids.centerDepot,
          partId: ids.motor,
          quantity: 1,
          serials: ['M-1'],
        })
      ).status,
    ).toBe(201);
    expect(await serial('M-1')).toMatchObject({ depotId: ids.centerDepot, state: 'in_stock' });

    const order = randomUUID();
    expect(
      (
        await move(admin, {
          kind: 'issue',
          depotId: ids.centerDepot,
          partId: ids.motor,
          quantity: 1,
          serials: ['M-1'],
          orderId: order,
        })
      ).status,
    ).toBe(201);
    expect(await serial('M-1')).toMatchObject({ state: 'issued', orderId: order });
    const otherOrder = await move(admin, {
      kind: 'return_unused',
      depotId: ids.centerDepot,
      partId: ids.motor,
      quantity: 1,
      serials: ['M-1'],
      orderId: randomUUID(),
    });
    expect(otherOrder.status).toBe(409);
    expect(
      (
        await move(admin, {
          kind: 'return_unused',
          depotId: ids.centerDepot,
          partId: ids.motor,
          quantity: 1,
          serials: ['M-1'],
          orderId: order,
        })
      ).status,
    ).toBe(201);
    expect(await serial('M-1')).toMatchObject({ state: 'in_stock', orderId: null });
    expect(await balance(ids.centerDepot, ids.motor)).toEqual({ onHand: 1, reserved: 0, inTransit: 0 });

    const ledger = await admin.get(`/api/parts/ledger?depotId=${ids.centerDepot}&partId=${ids.motor}`);
    expect(ledger.body.items.map((r: { kind: string; serial: string }) => `${r.kind}:${r.serial}`)).toEqual([
      'return_unused:M-1',
      'issue:M-1',
      'transfer_in:M-1',
      'transfer_out:M-1',
    ]);
    // Tracking cannot change while the part is held anywhere.
    const locked = await managerA.put(`/api/parts/tracking/${ids.motor}`, { serialTracked: false });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('stock.tracking_locked');
  });

  it('puts one notice in the keeper’s inbox per crossing below the reorder point', async () => {
    const notices = async () =>
      (
        await t.database.db
          .select({ n: count() })
          .from(inboxItems)
          .where(and(eq(inboxItems.userId, ids.managerA), eq(inboxItems.entityId, ids.depotA)))
      )[0]!.n;
    expect(
      (await move(managerA, { kind: 'receipt', depotId: ids.depotA, partId: ids.pump, quantity: 10 })).status,
    ).toBe(201);
    const set = await managerA.put('/api/parts/reorder', {
      depotId: ids.depotA,
      partId: ids.pump,
      reorderPoint: 5,
      reorderQty: 20,
    });
    expect(set.status).toBe(204);
    const issue = (n: number) =>
      move(managerA, { kind: 'issue', depotId: ids.depotA, partId: ids.pump, quantity: n, orderId: randomUUID() });
    expect((await issue(5)).status).toBe(201); // 5 left: not below
    expect(await notices()).toBe(0);
    expect((await issue(1)).status).toBe(201); // 4: crossed
    expect(await notices()).toBe(1);
    expect((await issue(1)).status).toBe(201); // 3: still below, no second notice
    expect(await notices()).toBe(1);
    const stock = await managerA.get(`/api/parts/depots/${ids.depotA}/stock?q=pump`);
    expect(stock.body.items[0]).toMatchObject({ available: 3, reorderPoint: 5, reorderQty: 20, belowReorder: true });
    expect(
      (await move(managerA, { kind: 'receipt', depotId: ids.depotA, partId: ids.pump, quantity: 10 })).status,
    ).toBe(201);
    expect(await notices()).toBe(1);
    expect((await issue(9)).status).toBe(201); // 4: crossed again
    expect(await notices()).toBe(2);
  });

  it('keeps each outlet to its own depots', async () => {
    expect((await managerB.get(`/api/parts/depots/${ids.depotA}/stock`)).status).toBe(404);
    expect((await managerB.get(`/api/parts/ledger?depotId=${ids.depotA}&partId=${ids.belt}`)).status).toBe(404);
    const before = await ledgerCount();
    const res = await move(managerB, { kind: 'receipt', depotId: ids.depotA, partId: ids.belt, quantity: 1 });
    expect(res.status).toBe(404);
    expect(await ledgerCount()).toBe(before);
    expect(
      (await managerB.put('/api/parts/reorder', { depotId: ids.depotA, partId: ids.belt, reorderPoint: 1 })).status,
    ).toBe(404);
    const across = await managerB.get(`/api/parts/stock?partId=${ids.belt}`);
    expect(across.status).toBe(200);
    expect(across.body.items.map((s: { depotId: string }) => s.depotId)).not.toContain(ids.depotA);
    const mine = await managerA.get(`/api/parts/stock?partId=${ids.belt}`);
    expect(mine.body.items.map((s: { depotId: string }) => s.depotId)).toContain(ids.depotA);
    expect(mine.body.items.map((s: { depotId: string }) => s.depotId)).not.toContain(ids.centerDepot);
  });
});
