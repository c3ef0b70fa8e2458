import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../shared/time-zone.js';
import { systemCtx } from '../platform/context.js';
import { createTestApp, type TestApp } from '../test/harness.js';
import { type DemoCollectionsResult, loadDemoCollections } from './collections-load.js';
import { demoArchive } from './customers-data.js';
import { loadDemoFees } from './fees-load.js';
import { DEMO_REFERENCE_DATE, demoUsers } from './index.js';
import { loadDemoArchive, loadDemoCatalog } from './load.js';
import { loadDemoOrders } from './orders-load.js';

/**
 * The demo's paid work (server/demo/collections-load.ts) after the demo orders and fee schedules:
 * quotes agreed and one refused, cash and WeChat collections, an invoice request open and one issued,
 * hand-overs with one technician left with an open difference — read back through the API.
 */
describe('demo paid work', () => {
  let t: TestApp;
  let demo: DemoCollectionsResult;
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
      await loadDemoFees(c);
      demo = await loadDemoCollections(c);
    });
    console.info(`demo paid work: ${JSON.stringify(demo)}`);
  }, 240_000);
  afterAll(() => t?.close());

  it('quotes paid orders, agreed by signature and one refused, through the commands', async () => {
    expect(demo.quotes).toBe(8);
    const states = await q<{ state: string; n: number }>(
      sql`select state, count(*)::int as n from order_quotes group by state order by state`,
    );
    expect(states).toEqual([
      { state: 'agreed', n: 7 },
      { state: 'refused', n: 1 },
    ]);
    const events = await q<{ n: number }>(
      sql`select count(*)::int as n from events where action in ('quote.proposed', 'quote.agreed', 'quote.refused')`,
    );
    expect(events[0]!.n).toBe(16);
    const [agreed] = await q<{ order_id: string }>(
      sql`select order_id from order_quotes where state = 'agreed' limit 1`,
    );
    const admin = await t.login('admin');
    const money = await admin.get(`/api/orders/${agreed!.order_id}/money`);
    expect(money.status).toBe(200);
    expect(money.body).toMatchObject({ paid: true, quote: { state: 'agreed' } });
    expect(money.body.quote.signatureUrl).toMatch(/^data:image\/png;base64,/);
    expect(money.body.collectedFen).toBe(money.body.dueFen);
  });

  it('has cash and WeChat collections with receipts, and a correction as a new entry', async () => {
    const methods = await q<{ method: string }>(sql`select distinct method from collections order by method`);
    expect(methods.map((m) => m.method)).toEqual(expect.arrayContaining(['cash', 'wechat']));
    const corrections = await q<{ n: number }>(
      sql`select count(*)::int as n from collections where corrects_id is not null`,
    );
    expect(corrections[0]!.n).toBe(1);
  });

  it('has one invoice request open and one issued', async () => {
    const finance = await t.login('finance');
    const open = await finance.get('/api/invoice-requests?state=open');
    const issued = await finance.get('/api/invoice-requests?state=issued');
    expect(open.body.total).toBe(1);
    expect(issued.body.total).toBe(1);
    expect(issued.body.items[0].invoiceNo).toBeTruthy();
  });

  it('hands over most cash; one technician has an open difference in the reconciliation', async () => {
    expect(demo.handovers).toBeGreaterThan(0);
    expect(demo.openTechnician).toBeTruthy();
    expect(demo.openFen).toBeGreaterThan(0);
    const finance = await t.login('finance');
    const today = localDay(t.clock.now(), 'Asia/Shanghai');
    const open = await finance.get(`/api/cash-reconciliation?from=${today}&to=${today}&onlyOpen=true`);
    expect(open.status).toBe(200);
    expect(open.body.items).toEqual([
      expect.objectContaining({
        technician: expect.objectContaining({ id: demo.openTechnician }),
        differenceFen: demo.openFen,
      }),
    ]);
    const all = await finance.get(`/api/cash-reconciliation?from=${today}&to=${today}`);
    expect(all.body.total).toBeGreaterThan(open.body.total);
  });
});
