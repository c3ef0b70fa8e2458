import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../platform/context.js';
import { createTestApp, type TestApp } from '../test/harness.js';
import { type DemoFeesResult, loadDemoFees } from './fees-load.js';
import { loadDemoCatalog } from './load.js';

/** The demo fee schedules, stored through the commands and priced through the API's preview. */
describe('demo fee schedules', () => {
  let t: TestApp;
  let fees: DemoFeesResult;
  let autoLine: string;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    const ctx = systemCtx(t.database.db, { name: 'setup', now: t.clock.now() });
    await t.database.db.transaction(async (tx) => {
      const c = { ...ctx, db: tx as unknown as typeof ctx.db };
      await loadDemoCatalog(c);
      fees = await loadDemoFees(c);
    });
    const res = (await t.database.db.execute(sql`select id from product_lines where code = 'WM-AUTO'`)) as unknown as {
      rows: { id: string }[];
    };
    autoLine = res.rows[0]!.id;
  }, 60_000);
  afterAll(() => t?.close());

  it('prices an automatic washer on site near by the changed labour rule, and far for the outlet', async () => {
    expect(fees.changed).toBe(1);
    const admin = await t.login('admin');
    const near = await admin.post('/api/fee-rules/quote-preview', {
      serviceType: 'on_site',
      productLineId: autoLine,
      distanceM: 12_000,
    });
    expect(near.status).toBe(200);
    expect(near.body.customerQuote.totalFen).toBe(8000 + 2000);
    expect(near.body.refusedQuoteCharge.totalFen).toBe(3000);
    expect(near.body.outletServiceFee.totalFen).toBe(4500);
    const far = await admin.post('/api/fee-rules/quote-preview', {
      serviceType: 'on_site',
      productLineId: autoLine,
      distanceM: 30_100,
    });
    expect(far.body.customerQuote.totalFen).toBe(8000 + 5000);
    expect(far.body.outletServiceFee.totalFen).toBe(6000);
    const history = await admin.get('/api/fee-rules?schedule=customer&item=labour&ended=true');
    expect(history.body.items.map((r: { label: string }) => r.label)).toContain('全自动洗衣机人工');
  });
});
