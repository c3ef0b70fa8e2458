import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../db/schema.js';
import type { Actor } from '../../platform/access/index.js';
import { loadActor } from '../../platform/auth/actors.js';
import { type Ctx, systemCtx } from '../../platform/context.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { type ServiceWorld, setUpServiceWorld } from '../../test/service-world.js';
import { type CreationAsk, createOrders, type WriteIn } from './commands/create.js';
import { OrderCreate } from './contract.js';
import { OrdersHub, type OrderNotice } from './live.js';

/*
 * One pipeline for one order or many (commands/create.ts): the same inputs created one at a time
 * and all together in one group write the same rows — order, timeline row, audit event,
 * milestones, idempotency key and board notice — but for what must differ (ids, numbers, keys).
 */

let t: TestApp;
let w: ServiceWorld;
const quiet = { warn() {} } as never;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
}, 60_000);
afterAll(() => t.close());

async function ctxOf(username: string, now: Date): Promise<Ctx> {
  const [u] = await t.database.db.select().from(tables.users).where(eq(tables.users.username, username));
  return { ...systemCtx(t.database.db, { now }), actor: (await loadActor(t.database.db, u!.id))! };
}

const writeIn: WriteIn = (write) => t.database.db.transaction((tx) => write(tx));

/** Every row the creation of these orders wrote, with what must differ between two runs taken out. */
async function rowsOf(ids: string[]) {
  const db = t.database.db;
  const orders = await db.select().from(tables.workOrders).where(inArray(tables.workOrders.id, ids));
  const byId = new Map(orders.map((o) => [o.id, o]));
  const history = await db.select().from(tables.workOrderHistory).where(inArray(tables.workOrderHistory.orderId, ids));
  const events = await db
    .select()
    .from(tables.events)
    .where(inArray(tables.events.entityId, ids))
    .orderBy(asc(tables.events.id));
  const milestones = await db
    .select()
    .from(tables.slaMilestones)
    .where(inArray(tables.slaMilestones.orderId, ids))
    .orderBy(asc(tables.slaMilestones.key));
  const keys = await db
    .select()
    .from(tables.workOrderIdempotency)
    .where(inArray(tables.workOrderIdempotency.orderId, ids));
  return ids.map((id) => {
    const { id: _i, code: _c, ...order } = byId.get(id)!;
    return {
      order,
      history: history.filter((h) => h.orderId === id).map(({ id: _, orderId: __, ...h }) => h),
      events: events
        .filter((e) => e.entityId === id)
        .map((e) => ({
          entity: e.entity,
          action: e.action,
          actorId: e.actorId,
          at: e.at,
          changes: { ...e.changes, code: '…' },
          reason: e.reason,
          orgPath: e.orgPath,
        })),
      milestones: milestones.filter((m) => m.orderId === id).map(({ id: _, orderId: __, orderCode: ___, ...m }) => m),
      keys: keys.filter((k) => k.orderId === id).map(({ key: _, orderId: __, ...k }) => k),
    };
  });
}

describe('one order or many', () => {
  it('writes the same rows for the same inputs alone and in one group', async () => {
    const hub = new OrdersHub(quiet, 60_000);
    await hub.listen(t.database);
    const notices: Omit<OrderNotice, 'paths'>[] = [];
    const [hq] = await t.database.db
      .select({ p: tables.orgUnits.path })
      .from(tables.orgUnits)
      .where(eq(tables.orgUnits.code, 'HQ'));
    hub.add(
      { username: 'hq', orgPath: hq!.p } as Actor,
      (c) => notices.push(JSON.parse(/^data: (.*)$/m.exec(c)![1]!)),
      () => {},
    );
    const now = t.clock.now();
    const inputs = [
      { customerId: w.customerId, unitId: w.unitId, serviceType: 'on_site', faultDescription: '不脱水' },
      {
        customerId: w.customerId,
        addressId: w.addressId,
        serviceType: 'installation',
        priority: 1,
        faultDescription: '新机安装',
      },
      {
        customerId: w.customerId,
        unitId: w.unitId,
        serviceType: 'on_site',
        faultDescription: '补录',
        reportedAt: new Date(now.getTime() - 5 * 3_600_000).toISOString(),
        backdateReason: '停电后补录纸质单',
      },
      { customerId: w.customerId, serviceType: 'carry_in', faultDescription: '送修' },
    ].map((b) => OrderCreate.parse(b));
    const asks = async (prefix: string): Promise<CreationAsk[]> =>
      Promise.all(
        inputs.map(async (body, i) => ({
          ctx: await ctxOf(i % 2 ? 'dispatcher' : 'hotline', now),
          body,
          key: i === 0 ? null : `${prefix}-${i}`,
        })),
      );

    const alone: string[] = [];
    for (const ask of await asks('alone')) {
      const [o] = await createOrders(t.database.db, [ask], writeIn);
      expect(o!.kind).toBe('created');
      alone.push(o!.kind === 'created' ? o!.created.order.id : '');
    }
    const together = await createOrders(t.database.db, await asks('group'), writeIn);
    expect(together.map((o) => o.kind)).toEqual(Array(inputs.length).fill('created'));
    const group = together.map((o) => (o.kind === 'created' ? o.created.order.id : ''));

    expect(await rowsOf(group)).toEqual(await rowsOf(alone));
    await sleep(300);
    const noticeOf = (id: string) => {
      const n = notices.find((x) => x.orderId === id);
      return n && { ...n, orderId: '…', code: '…' };
    };
    expect(group.map(noticeOf)).toEqual(alone.map(noticeOf));
    expect(alone.map(noticeOf).every(Boolean)).toBe(true);
  });

  it('refuses the same inputs with the same errors alone and in one group, writing the others', async () => {
    const now = t.clock.now();
    const ctx = await ctxOf('hotline', now);
    const inputs = [
      { serviceType: 'on_site', faultDescription: 'x' },
      { customerId: w.customerId, serviceType: 'on_site' },
      { customerId: w.customerId, unitId: crypto.randomUUID(), serviceType: 'on_site', faultDescription: 'x' },
      { customerId: w.customerId, addressId: crypto.randomUUID(), serviceType: 'on_site', faultDescription: 'x' },
      { customerId: w.customerId, serviceType: 'on_site', faultDescription: 'ok' },
      {
        customerId: w.customerId,
        serviceType: 'on_site',
        faultDescription: 'x',
        reportedAt: new Date(now.getTime() - 5 * 3_600_000).toISOString(),
      },
      { customerId: w.customerId, serviceType: 'on_site', faultDescription: 'x', photoIds: [crypto.randomUUID()] },
    ].map((b) => ({ ctx, body: OrderCreate.parse(b), key: null }));
    const summary = (o: Awaited<ReturnType<typeof createOrders>>[number]) =>
      o.kind === 'refused' ? { code: o.error.code, errors: o.error.fieldErrors?.map((e) => e.path) } : { kind: o.kind };
    const alone = [];
    for (const ask of inputs) alone.push(summary((await createOrders(t.database.db, [ask], writeIn))[0]!));
    const together = (await createOrders(t.database.db, inputs, writeIn)).map(summary);
    expect(together).toEqual(alone);
    expect(alone.map((a) => ('code' in a ? a.code : a.kind))).toEqual([
      'order.customer_required',
      'order.fault_required',
      'entity.not_found',
      'entity.not_found',
      'created',
      'order.backdate_reason_required',
      'order.photo_unknown',
    ]);
  });
});
