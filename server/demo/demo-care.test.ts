import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../platform/context.js';
import { createTestApp, type TestApp } from '../test/harness.js';
import { type DemoCareResult, loadDemoCare } from './care-load.js';
import { demoArchive } from './customers-data.js';
import { DEMO_REFERENCE_DATE } from './index.js';
import { loadDemoArchive, loadDemoCatalog } from './load.js';

/** Demo customer care (docs/care.md, "Demo") on the demo archive, read back through the API. */
describe('demo customer care', () => {
  let t: TestApp;
  let care: DemoCareResult;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    const ctx = systemCtx(t.database.db, { name: 'setup', now: t.clock.now() });
    await t.database.db.transaction(async (tx) => {
      const c = { ...ctx, db: tx as unknown as typeof ctx.db };
      await loadDemoArchive(c, demoArchive({ referenceDate: DEMO_REFERENCE_DATE }), await loadDemoCatalog(c));
      care = await loadDemoCare(c);
    });
  }, 120_000);
  afterAll(() => t?.close());

  it('puts six units due for maintenance on the planner this week, one moved by a custom plan', async () => {
    expect(care.dueThisWeek).toBe(6);
    const dispatcher = await t.login('dispatcher');
    // The test clock's today is 2026-11-23 (Asia/Shanghai).
    const res = await dispatcher.get('/api/care/maintenance?from=2026-11-23&to=2026-11-29');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const mine = res.body.items.filter((i: { serialNo: string }) => i.serialNo.startsWith('CARE-M'));
    expect(mine.map((i: { serialNo: string; nextOn: string }) => `${i.serialNo} ${i.nextOn}`).sort()).toEqual([
      'CARE-M001 2026-11-23',
      'CARE-M002 2026-11-26',
      'CARE-M003 2026-11-25',
      'CARE-M004 2026-11-26',
      'CARE-M005 2026-11-27',
      'CARE-M006 2026-11-28',
    ]);
    expect(mine.find((i: { serialNo: string }) => i.serialNo === 'CARE-M002').source).toBe('plan');
  });

  it('lists four warranty-expiry offers with the answers recorded, one bought with its contract', async () => {
    expect(care.offers).toBe(4);
    const hotline = await t.login('hotline');
    const res = await hotline.get('/api/care/warranty-offers');
    const mine = res.body.items.filter((i: { serialNo: string }) => i.serialNo.startsWith('CARE-W'));
    expect(mine.map((i: { state: string }) => i.state).sort()).toEqual([
      'bought',
      'declined',
      'interested',
      'no_answer',
    ]);
    const bought = mine.find((i: { state: string }) => i.state === 'bought');
    expect(bought.contractCode).toMatch(/^SC/);
  });
});
