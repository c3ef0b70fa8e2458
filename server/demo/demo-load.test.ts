import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../platform/context.js';
import { createTestApp, type TestApp } from '../test/harness.js';
import { demoArchive } from './customers-data.js';
import { DEMO_REFERENCE_DATE } from './index.js';
import { loadDemoArchive, loadDemoCatalog } from './load.js';
import { type DemoStockResult, loadDemoStock } from './stock-load.js';

/** The demo archive loaded into the demo organisation, read back through the API. */
describe('demo archive in the database', () => {
  let t: TestApp;
  const archive = demoArchive({ referenceDate: DEMO_REFERENCE_DATE });
  let stock: DemoStockResult;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    const ctx = systemCtx(t.database.db, { name: 'setup', now: t.clock.now() });
    await t.database.db.transaction(async (tx) => {
      const c = { ...ctx, db: tx as unknown as typeof ctx.db };
      await loadDemoArchive(c, archive, await loadDemoCatalog(c));
      stock = await loadDemoStock(c);
    });
    console.info(`demo stock: ${stock.movements} movements, ${stock.ledgerRows} ledger rows in ${stock.ms} ms`);
  }, 60_000);
  afterAll(() => t?.close());

  it('finds a demo customer by phone with their units, and by serial', async () => {
    const hotline = await t.login('hotline');
    const unit = archive.units[0]!;
    const owner = archive.customers.find((c) => c.id === unit.customerId)!;
    const res = await hotline.get(`/api/intake/lookup?q=${owner.phones[0]!.number}`);
    expect(res.status).toBe(200);
    const card = res.body.cards.find((c: { customer: { id: string } }) => c.customer.id === owner.id);
    expect(card.customer.name).toBe(owner.name);
    expect(card.units.map((u: { serialNo: string }) => u.serialNo)).toContain(unit.serialNo);
    const bySerial = await hotline.get(`/api/units?q=${unit.serialNo}`);
    expect(bySerial.body.items.map((u: { id: string }) => u.id)).toEqual([unit.id]);
  });

  it('puts every customer in the area of the outlet serving the address', async () => {
    const manager = await t.login('gd01.manager');
    const res = await manager.get('/api/customers?pageSize=1');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(archive.customers.filter((c) => c.outletCode === 'O-GD-01').length);
    const audit = await (await t.login('admin')).get('/api/audit?action=demo.loaded&limit=200');
    const loaded = audit.body.items.filter((e: { action: string }) => e.action === 'demo.loaded');
    // One event for the catalog, one per outlet batch.
    expect(loaded.length).toBe(20);
  });

  it('stocks a depot at HQ, every center, outlet and van, balances equal to the ledger and never negative', async () => {
    const q = async <T>(text: ReturnType<typeof sql>) =>
      ((await t.database.db.execute(text)) as unknown as { rows: T[] }).rows;
    const [kinds] = await q<{
      hq: number;
      center: number;
      outlet: number;
      van: number;
      units: number;
      techs: number;
    }>(sql`
      select count(*) filter (where kind = 'hq')::int as hq, count(*) filter (where kind = 'center')::int as center,
             count(*) filter (where kind = 'outlet')::int as outlet, count(*) filter (where kind = 'van')::int as van,
             (select count(*)::int from org_units where kind in ('hq', 'center', 'outlet')) as units,
             (select count(distinct user_id)::int from user_roles where role_code = 'technician') as techs
      from depots`);
    expect(kinds!.hq).toBe(1);
    expect(kinds!.hq + kinds!.center + kinds!.outlet).toBe(kinds!.units);
    expect(kinds!.van).toBe(kinds!.techs);
    // Every depot holds something.
    const [empty] = await q<{ n: number }>(sql`select count(*)::int as n from depots d
      where not exists (select 1 from stock_balances b where b.depot_id = d.id and b.on_hand + b.in_transit > 0)`);
    expect(empty!.n).toBe(0);
    const [drift] = await q<{ n: number }>(sql`select count(*)::int as n from (
        select depot_id, part_id, grade, sum(quantity) as q, sum(reserved_delta) as r, sum(in_transit_delta) as t
        from stock_movements group by depot_id, part_id, grade) m
      full join stock_balances b using (depot_id, part_id, grade)
      where coalesce(m.q, 0) <> coalesce(b.on_hand, 0) or coalesce(m.r, 0) <> coalesce(b.reserved, 0)
         or coalesce(m.t, 0) <> coalesce(b.in_transit, 0)`);
    expect(drift!.n).toBe(0);
    const [negative] = await q<{ n: number }>(sql`select count(*)::int as n from stock_balances
      where on_hand < 0 or reserved < 0 or in_transit < 0 or reserved > on_hand`);
    expect(negative!.n).toBe(0);
    const [negativeRow] = await q<{ n: number }>(sql`select count(*)::int as n from stock_movements
      where on_hand_after < 0 or reserved_after < 0 or in_transit_after < 0`);
    expect(negativeRow!.n).toBe(0);
    expect(stock.inTransit).toBeGreaterThan(0);
    expect(stock.belowReorder).toBeGreaterThan(0);
    // Written through the one writer: one audit event per movement.
    const [events] = await q<{ n: number }>(
      sql`select count(*)::int as n from events where entity = 'depot' and action like 'stock.%' and action <> 'stock.reorder_set'`,
    );
    expect(events!.n).toBe(stock.movements);
  });

  it('tracks the main parts by serial, every unit held named by one serial where the balance says', async () => {
    const q = async <T>(text: ReturnType<typeof sql>) =>
      ((await t.database.db.execute(text)) as unknown as { rows: T[] }).rows;
    const [tracked] = await q<{ main: number; tracked: number }>(sql`
      select (select count(distinct part_id)::int from model_parts where is_main) as main,
             (select count(*)::int from part_tracking where serial_tracked) as tracked`);
    expect(tracked!.tracked).toBe(tracked!.main);
    const [held] = await q<{ serials: number; on_hand: number }>(sql`
      select (select count(*)::int from part_serials where state = 'in_stock') as serials,
             (select coalesce(sum(on_hand), 0)::int from stock_balances b
               where exists (select 1 from part_tracking t where t.part_id = b.part_id and t.serial_tracked)) as on_hand`);
    expect(held!.serials).toBeGreaterThan(0);
    expect(held!.serials).toBe(held!.on_hand);
    const [misplaced] = await q<{ n: number }>(sql`select count(*)::int as n from (
        select depot_id, part_id, grade, count(*) as n from part_serials where state = 'in_stock' group by 1, 2, 3) s
      join stock_balances b using (depot_id, part_id, grade) where b.on_hand <> s.n`);
    expect(misplaced!.n).toBe(0);
  });

  it('tells the keeper of a depot below its reorder point, through the inbox', async () => {
    const [below] = (
      (await t.database.db.execute(sql`select o.code from stock_balances b join depots d on d.id = b.depot_id
        join org_units o on o.id = d.org_unit_id where b.below_reorder and d.kind = 'outlet' order by o.code limit 1`)) as unknown as {
        rows: { code: string }[];
      }
    ).rows;
    expect(below).toBeDefined();
    const key = below!.code.slice(2).replace('-', '').toLowerCase();
    const manager = await t.login(`${key}.manager`);
    const res = await manager.get('/api/inbox');
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('配件库存低于补货点');
  });
});
