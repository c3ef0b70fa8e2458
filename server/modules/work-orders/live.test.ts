import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access/index.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { OrdersHub, type OrderNotice } from './live.js';
import { type ServiceWorld, setUpServiceWorld } from '../../test/service-world.js';

const quiet = { warn() {} } as never;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live dispatch boards', () => {
  let t: TestApp;
  let w: ServiceWorld;
  const as: Record<string, Agent> = {};
  const pathOf = async (code: string) =>
    (await t.database.db.select({ p: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, code)))[0]!.p;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    w = await setUpServiceWorld(t);
    for (const u of ['hotline', 'dispatcher', 'gd.dispatch']) as[u] = await t.login(u);
  }, 60_000);
  afterAll(() => t.close());

  it('tells each board of the orders it may see, when the change commits', async () => {
    const hub = new OrdersHub(quiet, 60_000);
    await hub.listen(t.database);
    const got: Record<string, Omit<OrderNotice, 'paths'>[]> = { hq: [], center: [], gd01: [], gd02: [] };
    const watch = async (key: string, code: string) =>
      hub.add(
        { username: key, orgPath: await pathOf(code) } as Actor,
        (c) => got[key]!.push(JSON.parse(/^data: (.*)$/m.exec(c)![1]!)),
        () => {},
      );
    await watch('hq', 'HQ');
    await watch('center', 'C-GD');
    await watch('gd01', 'O-GD-01');
    await watch('gd02', 'O-GD-02');

    const created = await as.hotline!.post('/api/orders', {
      customerId: w.customerId,
      unitId: w.unitId,
      serviceType: 'on_site',
      faultDescription: '不加热',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let o = created.body;
    o = (await as.dispatcher!.post(`/api/orders/${o.id}/dispatch`, { version: o.version, toUnitId: w.units['C-GD'] }))
      .body;
    o = (
      await as['gd.dispatch']!.post(`/api/orders/${o.id}/dispatch`, {
        version: o.version,
        toUnitId: w.units['O-GD-01'],
      })
    ).body;
    expect(o.state).toBe('dispatched_outlet');
    // A refused change publishes nothing.
    await as['gd.dispatch']!.post(`/api/orders/${o.id}/dispatch`, { version: 1, toUnitId: w.units['O-GD-02'] });
    await sleep(200);

    expect(got.hq!.map((n) => n.action)).toEqual(['created', 'dispatch', 'dispatch']);
    expect(got.center!.map((n) => n.state)).toEqual(['dispatched_center', 'dispatched_outlet']);
    expect(got.gd01!.map((n) => n.state)).toEqual(['dispatched_outlet']);
    expect(got.gd02).toEqual([]);
    expect(got.gd01![0]).toMatchObject({ orderId: o.id, code: o.code });
    await hub.close();
  });
});
