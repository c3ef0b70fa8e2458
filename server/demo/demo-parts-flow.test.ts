import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../platform/context.js';
import { createTestApp, type TestApp } from '../test/harness.js';
import { demoArchive } from './customers-data.js';
import { DEMO_REFERENCE_DATE, demoUsers } from './index.js';
import { loadDemoArchive, loadDemoCatalog } from './load.js';
import { loadDemoOrders } from './orders-load.js';
import { type DemoPartsFlowResult, loadDemoPartsFlow } from './parts-flow-load.js';
import { loadDemoStock } from './stock-load.js';

/**
 * The demo's parts flow (server/demo/parts-flow-load.ts) after the demo orders and stock: requests in
 * every status, late shipments, quotas with one outlet over, old-part returns in every state — read
 * back through the API as the demo people see them.
 */
describe('demo parts requests, quotas and old-part returns', () => {
  let t: TestApp;
  let flow: DemoPartsFlowResult;
  const q = async <T>(text: ReturnType<typeof sql>) =>
    ((await t.database.db.execute(text)) as unknown as { rows: T[] }).rows;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    const ctx = systemCtx(t.database.db, { name: 'setup', now: t.clock.now() });
    await t.database.db.transaction(async (tx) => {
      const c = { ...ctx, db: tx as unknown as typeof ctx.db };
      const archive = demoArchive({ referenceDate: DEMO_REFERENCE_DATE });
      await loadDemoArchive(c, archive, await loadDemoCatalog(c));
      await loadDemoOrders(c, archive, demoUsers());
      await loadDemoStock(c);
      flow = await loadDemoPartsFlow(c);
    });
    console.info(`demo parts flow: ${JSON.stringify(flow)}`);
  }, 240_000);
  afterAll(() => t?.close());

  it('has parts requests in every status', async () => {
    const rows = await q<{ status: string; n: number }>(
      sql`select status, count(*)::int as n from part_requests group by status`,
    );
    const have = new Map(rows.map((r) => [r.status, r.n]));
    for (const s of ['pending_center', 'pending_hq', 'approved', 'shipped', 'received', 'rejected', 'cancelled'])
      expect(have.get(s) ?? 0, s).toBeGreaterThan(0);
    const parts = await t.login('parts');
    const board = await parts.get('/api/part-requests?status=pending_hq');
    expect(board.status).toBe(200);
    expect(board.body.total).toBe(have.get('pending_hq'));
  });

  it('has shipments late on the way and received late, and some on time', async () => {
    const parts = await t.login('parts');
    const late = await parts.get('/api/part-shipments?late=true');
    expect(late.status).toBe(200);
    const items = late.body.items as { receivedAt: string | null; daysLate: number }[];
    expect(items.some((s) => s.receivedAt === null && s.daysLate > 0)).toBe(true);
    expect(items.some((s) => s.receivedAt !== null && s.daysLate > 0)).toBe(true);
    const onTime = await parts.get('/api/part-shipments?late=false');
    expect(onTime.body.total).toBeGreaterThan(0);
  });

  it('has quotas for every outlet and technician, one outlet over its quota this period', async () => {
    const [n] = await q<{ outlets: number; techs: number; quotaOutlets: number; quotaTechs: number }>(sql`
      select (select count(*)::int from org_units where kind = 'outlet') as outlets,
             (select count(distinct user_id)::int from user_roles where role_code = 'technician') as techs,
             (select count(distinct org_unit_id)::int from part_quotas) as "quotaOutlets",
             (select count(distinct user_id)::int from part_quotas) as "quotaTechs"`);
    expect(n!.quotaOutlets).toBe(n!.outlets);
    expect(n!.quotaTechs).toBe(n!.techs);
    expect(flow.overQuotaOutlet).not.toBeNull();
    const [outlet] = await q<{ id: string }>(sql`select id from org_units where code = ${flow.overQuotaOutlet}`);
    const admin = await t.login('admin');
    const view = await admin.get(`/api/part-requests/quota?outletId=${outlet!.id}`);
    expect(view.status).toBe(200);
    const over = view.body.outlet.remaining;
    expect(over.overQuantity + over.overValueFen).toBeGreaterThan(0);
  });

  it('has old-part returns due, overdue, shipped, received and appraised, from warranty completions', async () => {
    const center = await t.login('admin');
    for (const status of ['due', 'overdue', 'shipped', 'received', 'appraised']) {
      const res = await center.get(`/api/part-returns/obligations?status=${status}`);
      expect(res.status, status).toBe(200);
      expect(res.body.total, status).toBeGreaterThan(0);
    }
    const [made] = await q<{ n: number }>(
      sql`select count(*)::int as n from events where action = 'part_return.obligations_created'`,
    );
    expect(made!.n).toBe(flow.returnOrders);
  });

  it('keeps the stock balances equal to the ledger and never negative', async () => {
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
  });
});
