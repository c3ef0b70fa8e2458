import { and, count, eq, inArray, isNotNull, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { type ServiceWorld, setUpServiceWorld } from '../../test/service-world.js';
import { orderGroupStats } from './index.js';

/*
 * The one creation pipeline (commands/create.ts), gathered into groups under load
 * (commands/create-queue.ts): the answer, the rows and the errors must be the same however
 * requests fall into groups.
 */

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  for (const u of ['hotline', 'dispatcher', 'gd01.manager', 'gd.dispatch', 'zj.dispatch']) as[u] = await t.login(u);
}, 60_000);
afterAll(() => t.close());

const body = (extra: Record<string, unknown> = {}) => ({
  customerId: w.customerId,
  unitId: w.unitId,
  serviceType: 'on_site',
  priority: 2,
  faultDescription: '不脱水，有异响',
  ...extra,
});

describe('orders created in groups', () => {
  it('answers with what reading the order back gives, plus the routing suggestion', async () => {
    const res = await as.hotline!.post('/api/orders', body());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { suggestion, ...created } = res.body;
    const read = await as.hotline!.get(`/api/orders/${created.id}`);
    expect(read.status).toBe(200);
    expect(created).toEqual(read.body);
    expect(created.milestones.length).toBeGreaterThan(0);
    expect(created.timeline).toHaveLength(1);
    expect(suggestion).toMatchObject({ orderId: created.id, step: 'center', center: { unitId: w.units['C-GD'] } });
    // The same routing; the dispatcher's view adds the callbacks' satisfaction line to the picks'
    // reasons (docs/callbacks.md, "Scores" — read on that view only, not on every creation).
    const fromSuggestRoute = await as.dispatcher!.get(`/api/orders/${created.id}/suggestion`);
    const satisfaction = /回访满意率|无回访评分/;
    const outlet = fromSuggestRoute.body.outlet;
    expect(outlet.reasons.at(-1)['zh-CN']).toMatch(satisfaction);
    expect(suggestion).toEqual({
      ...fromSuggestRoute.body,
      outlet: { ...outlet, reasons: outlet.reasons.filter((r: { 'zh-CN': string }) => !satisfaction.test(r['zh-CN'])) },
    });
  });

  it('writes many concurrent creations once each: numbers in one run, a timeline row, an event and the milestones of each', async () => {
    const n = 30;
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        as.hotline!.request('POST', '/api/orders', body({ faultDescription: `并发 ${i}` }), {
          'idempotency-key': `g-${i}`,
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(n).fill(201));
    const ids = answers.map((a) => a.body.id as string);
    expect(new Set(ids).size).toBe(n);
    const seq = answers.map((a) => Number(String(a.body.code).split('-').pop())).sort((a, b) => a - b);
    expect(seq[n - 1]! - seq[0]!).toBe(n - 1);
    const db = t.database.db;
    const [orders] = await db.select({ n: count() }).from(tables.workOrders).where(inArray(tables.workOrders.id, ids));
    const [history] = await db
      .select({ n: count() })
      .from(tables.workOrderHistory)
      .where(inArray(tables.workOrderHistory.orderId, ids));
    const [events] = await db
      .select({ n: count() })
      .from(tables.events)
      .where(and(inArray(tables.events.entityId, ids), eq(tables.events.action, 'work_order.created')));
    const [milestones] = await db
      .select({ n: count() })
      .from(tables.slaMilestones)
      .where(inArray(tables.slaMilestones.orderId, ids));
    const [keys] = await db
      .select({ n: count() })
      .from(tables.workOrderIdempotency)
      .where(like(tables.workOrderIdempotency.key, 'g-%'));
    expect([orders!.n, history!.n, events!.n, keys!.n]).toEqual([n, n, n, n]);
    expect(milestones!.n).toBe(answers.reduce((s, a) => s + a.body.milestones.length, 0));
    const [event] = await db.select().from(tables.events).where(eq(tables.events.entityId, ids[0]!));
    expect(event).toMatchObject({ actorName: expect.any(String), orgPath: answers[0]!.body.holderUnitPath });
    expect(event!.changes).toMatchObject({
      code: { before: null, after: answers[0]!.body.code },
      state: { after: 'created' },
    });
  });

  it('one key sent five times at once is one order: one 201, the rest replay it', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        as.hotline!.request('POST', '/api/orders', body(), { 'idempotency-key': 'same-5' }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
  });

  it('gives each request of a mixed group its own answer, errors naming the field', async () => {
    const [other] = await t.database.db
      .insert(tables.customers)
      .values({ code: 'CWO-G-2', kind: 'business', name: '李四商行', orgPath: (await pathOf('O-GD-02'))! })
      .returning();
    const [otherAddress] = await t.database.db
      .insert(tables.customerAddresses)
      .values({
        customerId: other!.id,
        provinceCode: '440000',
        cityCode: '440100',
        districtCode: '440104',
        detail: '越秀路 1 号',
        isPrimary: true,
      })
      .returning();
    const answers = await Promise.all([
      as.hotline!.post('/api/orders', body()),
      as.hotline!.post('/api/orders', body({ customerId: '00000000-0000-4000-8000-000000000000', unitId: undefined })),
      as.hotline!.post('/api/orders', body({ customerId: other!.id })),
      as.hotline!.post('/api/orders', body({ addressId: otherAddress!.id })),
      as.hotline!.post('/api/orders', body({ customerId: other!.id, unitId: undefined })),
      as['gd01.manager']!.post('/api/orders', body({ customerId: other!.id, unitId: undefined })),
      as['zj.dispatch']!.post('/api/orders', body({ customerId: other!.id, unitId: undefined })),
      as['gd.dispatch']!.post('/api/orders', body({ customerId: other!.id, unitId: undefined })),
    ]);
    const brief = answers.map((a) => [a.status, a.body.errors?.[0]?.path ?? null]);
    expect(brief).toEqual([
      [201, null],
      [404, 'body.customerId'],
      [400, 'body.unitId'],
      [404, 'body.addressId'],
      [201, null],
      [403, null],
      [404, 'body.customerId'],
      [201, null],
    ]);
    expect(answers[4]!.body).toMatchObject({
      customerKind: 'business',
      provinceCode: '440000',
      addressId: otherAddress!.id,
    });
  });
});

describe('a group whose statement fails', () => {
  it('writes nothing of it, and each member is then created or refused on its own', async () => {
    // A database failure for one order only (a trigger), inside a group with two good ones.
    await t.database.exec(`create function boom() returns trigger language plpgsql as $$
      begin if new.fault_description = 'boom' then raise exception 'boom'; end if; return new; end $$;
      create trigger boom before insert on work_orders for each row execute function boom();`);
    try {
      const before = await counts();
      const alone = orderGroupStats(t.database.db).alone;
      const answers = await Promise.all([
        as.hotline!.request('POST', '/api/orders', body({ faultDescription: 'good-1' }), { 'idempotency-key': 'f-1' }),
        as.hotline!.request('POST', '/api/orders', body({ faultDescription: 'boom' }), { 'idempotency-key': 'f-2' }),
        as.hotline!.request('POST', '/api/orders', body({ faultDescription: 'good-2' }), { 'idempotency-key': 'f-3' }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([201, 500, 201]);
      // They came as one group, whose write failed: all three were then created alone.
      expect(orderGroupStats(t.database.db).alone - alone).toBe(3);
      const after = await counts();
      // Two orders, each with one timeline row, one event and its milestones: nothing of the
      // failed attempt, nothing twice.
      expect(after.orders - before.orders).toBe(2);
      expect(after.history - before.history).toBe(2);
      expect(after.events - before.events).toBe(2);
      expect(after.milestones - before.milestones).toBe(
        answers[0]!.body.milestones.length + answers[2]!.body.milestones.length,
      );
      const [boomKey] = await t.database.db
        .select({ n: count() })
        .from(tables.workOrderIdempotency)
        .where(and(eq(tables.workOrderIdempotency.key, 'f-2'), isNotNull(tables.workOrderIdempotency.orderId)));
      expect(boomKey!.n).toBe(0);
    } finally {
      await t.database.exec('drop trigger boom on work_orders; drop function boom();');
    }
  });
});

async function counts() {
  const db = t.database.db;
  const [[o], [h], [e], [m]] = [
    await db.select({ n: count() }).from(tables.workOrders),
    await db.select({ n: count() }).from(tables.workOrderHistory),
    await db.select({ n: count() }).from(tables.events).where(eq(tables.events.action, 'work_order.created')),
    await db.select({ n: count() }).from(tables.slaMilestones),
  ];
  return { orders: o!.n, history: h!.n, events: e!.n, milestones: m!.n };
}

async function pathOf(code: string): Promise<string | undefined> {
  const [u] = await t.database.db
    .select({ path: tables.orgUnits.path })
    .from(tables.orgUnits)
    .where(eq(tables.orgUnits.code, code));
  return u?.path;
}
