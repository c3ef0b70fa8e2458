import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../db/rows.js';
import { systemCtx } from '../platform/context.js';
import { createTestApp, type TestApp } from '../test/harness.js';
import { loadDemoCatalog } from './load.js';
import { type DemoPlanningResult, loadDemoPlanningDay, PLANNING_SERIAL_PREFIX } from './planning-day.js';

/** Demo day planning (README, "Demo data": day planning): tomorrow at O-GD-01, on the demo organisation and catalog. */
describe('demo day planning', () => {
  let t: TestApp;
  let day: DemoPlanningResult;
  const rows = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await t.database.db.execute(q));

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    const ctx = systemCtx(t.database.db, { name: 'setup', now: t.clock.now() });
    await t.database.db.transaction(async (tx) => {
      const c = { ...ctx, db: tx as unknown as typeof ctx.db };
      await loadDemoCatalog(c);
      day = await loadDemoPlanningDay(c);
    });
    console.info(`demo planning day: ${JSON.stringify(day)}`);
  }, 180_000);
  afterAll(() => t?.close());

  it('puts sixty accepted orders at the outlet, twenty booked for tomorrow', async () => {
    // The test clock's today is 2026-11-23 (Asia/Shanghai).
    expect(day.day).toBe('2026-11-24');
    expect(day.orders).toBe(60);
    const states = await rows<{ state: string; n: number; booked_tomorrow: number }>(sql`
      select w.state, count(*)::int as n,
        count(*) filter (where (w.booked_from at time zone 'Asia/Shanghai')::date = '2026-11-24')::int as booked_tomorrow
      from work_orders w join units u on u.id = w.unit_id join org_units o on o.id = w.holder_unit_id
      where u.serial_no like ${`${PLANNING_SERIAL_PREFIX}%`} and o.code = 'O-GD-01'
      group by w.state order by w.state`);
    expect(states).toEqual([
      { state: 'accepted', n: 40, booked_tomorrow: 0 },
      { state: 'booked', n: 20, booked_tomorrow: 20 },
    ]);
  });

  it('spreads the addresses within 25 km of the outlet, two without coordinates', async () => {
    const addresses = await rows<{ lat: number | null; lng: number | null }>(sql`
      select a.lat, a.lng from units u join customer_addresses a on a.id = u.address_id
      where u.serial_no like ${`${PLANNING_SERIAL_PREFIX}%`}`);
    expect(addresses).toHaveLength(60);
    expect(addresses.filter((a) => a.lat === null)).toHaveLength(2);
    const km = (a: { lat: number; lng: number }) =>
      Math.hypot((a.lat - 23.1246) * 111, (a.lng - 113.3612) * 111 * Math.cos((23.1246 * Math.PI) / 180));
    const far = Math.max(...addresses.filter((a) => a.lat !== null).map((a) => km(a as { lat: number; lng: number })));
    expect(far).toBeLessThanOrEqual(25.5);
    expect(far).toBeGreaterThan(10);
  });

  it('gives the outlet eight technicians with certifications, one expired, and stock on four vans', async () => {
    expect(day.technicians).toBe(8);
    const techs = await rows<{ username: string }>(sql`
      select u.username from users u join org_units o on o.id = u.org_unit_id
      where o.code = 'O-GD-01' and u.active
        and exists (select 1 from user_roles r where r.user_id = u.id and r.role_code = 'technician')`);
    expect(techs).toHaveLength(8);
    const certs = await rows<{ line: string; valid: number; expired: number }>(sql`
      select l.code as line, count(*) filter (where c.valid_until >= '2026-11-24')::int as valid,
        count(*) filter (where c.valid_until < '2026-11-24')::int as expired
      from technician_certifications c join product_lines l on l.id = c.product_line_id
        join users u on u.id = c.user_id join org_units o on o.id = u.org_unit_id
      where o.code = 'O-GD-01' group by l.code order by l.code`);
    expect(certs).toEqual([
      { line: 'TV', valid: 2, expired: 0 },
      { line: 'WM-AUTO', valid: 5, expired: 1 },
      { line: 'WM-TWIN', valid: 2, expired: 0 },
    ]);
    const vans = await rows<{ username: string; on_hand: number }>(sql`
      select u.username, sum(b.on_hand)::int as on_hand from stock_balances b join depots d on d.id = b.depot_id
        join users u on u.id = d.technician_user_id
      where u.username like 'gd01.%' and b.on_hand > 0 group by u.username order by u.username`);
    expect(vans).toEqual([
      { username: 'gd01.tech1', on_hand: 2 },
      { username: 'gd01.tech3', on_hand: 2 },
      { username: 'gd01.tech4', on_hand: 2 },
      { username: 'gd01.tech8', on_hand: 1 },
    ]);
  });

  it('asks for parts for eight orders', async () => {
    expect(day.partRequests).toBe(8);
    const [r] = await rows<{ n: number }>(sql`
      select count(distinct p.order_id)::int as n from part_requests p join work_orders w on w.id = p.order_id
        join units u on u.id = w.unit_id where u.serial_no like ${`${PLANNING_SERIAL_PREFIX}%`}`);
    expect(r!.n).toBe(8);
  });

  it("puts the day on the outlet's planning board: sixty visits, eight technicians, one off", async () => {
    const [outlet] = await rows<{ id: string }>(sql`select id from org_units where code = 'O-GD-01'`);
    const manager = await t.login('gd01.manager');
    const res = await manager.get(`/api/planning/board?outletId=${outlet!.id}&day=2026-11-24`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const visits = res.body.visits as { booked: boolean; confirmed: boolean; location: unknown }[];
    expect(visits).toHaveLength(60);
    expect(visits.filter((v) => v.booked && v.confirmed)).toHaveLength(20);
    expect(visits.filter((v) => v.location === null)).toHaveLength(2);
    const techs = res.body.technicians as {
      working: boolean;
      startAt: string;
      shift: { start: number };
      stock: unknown[];
    }[];
    expect(techs).toHaveLength(8);
    expect(techs.filter((x) => !x.working)).toHaveLength(1);
    expect(techs.filter((x) => x.startAt === 'home')).toHaveLength(2);
    expect(techs.filter((x) => x.shift.start === 10 * 60)).toHaveLength(1);
    expect(techs.filter((x) => x.stock.length > 0)).toHaveLength(4);
  });

  it('shows the outlet manager the booked orders of tomorrow', async () => {
    const manager = await t.login('gd01.manager');
    const res = await manager.get(`/api/orders?state=booked&q=${PLANNING_SERIAL_PREFIX}&pageSize=100`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.total).toBe(20);
  });
});
