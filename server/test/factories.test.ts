import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../db/schema.js';
import { buildCustomer, buildOrder, buildOrgUnit, buildUnit, buildUser } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

/* The factories build real, audited rows on a plain setup (no demo) and never collide. */

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(() => t.close());

const eventsOf = (entity: string, ids: string[]) =>
  t.database.db
    .select({ entityId: tables.events.entityId, action: tables.events.action })
    .from(tables.events)
    .where(and(eq(tables.events.entity, entity), inArray(tables.events.entityId, ids)));

describe('test factories', () => {
  it('build customers and units through their commands, audited, with numbers of their own', async () => {
    const [a, b] = [await buildCustomer(t), await buildCustomer(t, { name: '李四' })];
    expect(a.code).toMatch(/^C\d{10}$/);
    expect(b.name).toBe('李四');
    expect(a.phones[0]!.number).not.toBe(b.phones[0]!.number);
    const unit = await buildUnit(t, { customerId: a.id });
    const own = await buildUnit(t);
    expect(own.customerId).not.toBe(a.id);
    expect(own.addressId).not.toBeNull();
    expect(unit.serialNo).not.toBe(own.serialNo);
    expect((await eventsOf('customer', [a.id, b.id])).map((e) => e.action)).toEqual([
      'customer.created',
      'customer.created',
    ]);
    expect(await eventsOf('unit', [unit.id, own.id])).toHaveLength(2);
  });

  it('build an order through POST /api/orders, as the administrator or as a person built for it', async () => {
    const order = await buildOrder(t);
    expect(order).toMatchObject({ state: 'created', serviceType: 'on_site' });
    expect(order.code).toMatch(/^FW\d{8}-\d+$/);
    const center = await buildOrgUnit(t, { kind: 'center' });
    const outlet = await buildOrgUnit(t, { kind: 'outlet', parentId: center.id });
    expect(outlet.path.startsWith(center.path)).toBe(true);
    const hotline = await t.login((await buildUser(t, { roles: ['hotline_agent'] })).username);
    const unit = await buildUnit(t);
    const mine = await buildOrder(t, { customerId: unit.customerId, unitId: unit.id, priority: 1 }, { as: hotline });
    expect(mine).toMatchObject({ customerId: unit.customerId, unitId: unit.id, priority: 1 });
    await expect(buildOrder(t, { customerId: crypto.randomUUID() })).rejects.toThrow(/buildOrder: 4\d\d/);
  });
});
