import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access/index.js';
import { orgUnits } from '../../platform/identity/tables.js';
import {
  type BuiltOrgUnit,
  type BuiltUnit,
  buildOrder,
  buildOrgUnit,
  buildUnit,
  buildUser,
} from '../../test/factories.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { OrdersHub, type OrderNotice } from './live.js';

const quiet = { warn() {} } as never;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live dispatch boards', () => {
  let t: TestApp;
  let w: BuiltUnit;
  let hqPath = '';
  const org: Record<string, BuiltOrgUnit> = {};
  const as: Record<string, Agent> = {};

  beforeAll(async () => {
    t = await createTestApp();
    hqPath = (await t.database.db.select({ p: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, t.hqId)))[0]!.p;
    // A center for 广东 with an outlet in 广州天河 (where the customer lives) and one in 深圳南山.
    org.center = await buildOrgUnit(t, { kind: 'center' });
    org.gd01 = await buildOrgUnit(t, { kind: 'outlet', parentId: org.center.id });
    org.gd02 = await buildOrgUnit(t, {
      kind: 'outlet',
      parentId: org.center.id,
      cityCode: '440300',
      districtCode: '440305',
    });
    const people = {
      hotline: { roles: ['hotline_agent'] as const, orgUnitId: t.hqId },
      dispatcher: { roles: ['dispatcher'] as const, orgUnitId: t.hqId },
      'gd.dispatch': { roles: ['dispatcher'] as const, orgUnitId: org.center.id },
    };
    for (const [key, p] of Object.entries(people))
      as[key] = await t.login((await buildUser(t, { roles: [...p.roles], orgUnitId: p.orgUnitId })).username);
    w = await buildUnit(t);
  }, 60_000);
  afterAll(() => t.close());

  it('tells each board of the orders it may see, when the change commits', async () => {
    const hub = new OrdersHub(quiet, 60_000);
    await hub.listen(t.database);
    const got: Record<string, Omit<OrderNotice, 'paths'>[]> = { hq: [], center: [], gd01: [], gd02: [] };
    const watch = async (key: string, orgPath: string) =>
      hub.add(
        { username: key, orgPath } as Actor,
        (c) => got[key]!.push(JSON.parse(/^data: (.*)$/m.exec(c)![1]!)),
        () => {},
      );
    await watch('hq', hqPath);
    await watch('center', org.center!.path);
    await watch('gd01', org.gd01!.path);
    await watch('gd02', org.gd02!.path);

    let o = await buildOrder(
      t,
      { customerId: w.customerId, unitId: w.id, serviceType: 'on_site', faultDescription: '不加热' },
      { as: as.hotline },
    );
    o = (await as.dispatcher!.post(`/api/orders/${o.id}/dispatch`, { version: o.version, toUnitId: org.center!.id }))
      .body;
    o = (
      await as['gd.dispatch']!.post(`/api/orders/${o.id}/dispatch`, {
        version: o.version,
        toUnitId: org.gd01!.id,
      })
    ).body;
    expect(o.state).toBe('dispatched_outlet');
    // A refused change publishes nothing.
    await as['gd.dispatch']!.post(`/api/orders/${o.id}/dispatch`, { version: 1, toUnitId: org.gd02!.id });
    await sleep(200);

    expect(got.hq!.map((n) => n.action)).toEqual(['created', 'dispatch', 'dispatch']);
    expect(got.center!.map((n) => n.state)).toEqual(['dispatched_center', 'dispatched_outlet']);
    expect(got.gd01!.map((n) => n.state)).toEqual(['dispatched_outlet']);
    expect(got.gd02).toEqual([]);
    expect(got.gd01![0]).toMatchObject({ orderId: o.id, code: o.code });
    await hub.close();
  });
});
