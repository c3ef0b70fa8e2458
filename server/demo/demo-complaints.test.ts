import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_SEVERITIES, COMPLAINT_STATES, COMPLAINT_TYPES } from '../modules/complaints/index.js';
import { createTestApp, type TestApp } from '../test/harness.js';

/*
 * The demo's complaints (server/demo/complaints-load.ts): every type, severity and state on the
 * demo orders, a crisis at leadership level, some escalated past their deadline.
 */
describe('demo complaints', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ demo: true, demoCustomers: true });
  }, 600_000);
  afterAll(() => t?.close());

  it('every type, severity and state; a crisis at leadership; escalations', async () => {
    const manager = await t.login('manager');
    const res = await manager.get('/api/complaints?pageSize=200');
    expect(res.status).toBe(200);
    const items: { id: string; type: string; severity: string; state: string; level: number; orders: unknown[] }[] =
      res.body.items;
    expect(new Set(items.map((c) => c.type))).toEqual(new Set(COMPLAINT_TYPES));
    expect(new Set(items.map((c) => c.severity))).toEqual(new Set(COMPLAINT_SEVERITIES));
    expect(new Set(items.map((c) => c.state))).toEqual(new Set(COMPLAINT_STATES));
    expect(items.every((c) => c.orders.length === 1)).toBe(true);
    expect(items.some((c) => c.severity === 'crisis' && c.level === 3)).toBe(true);
    const escalated = [];
    for (const c of items) {
      const d = (await manager.get(`/api/complaints/${c.id}`)).body;
      if (d.escalations.some((e: { why: string }) => e.why === 'deadline')) escalated.push(d.level);
    }
    expect(escalated.sort()).toEqual([2, 3]);
    // The outlet with the penalty sees its complaint; the monthly report counts them.
    // One was opened and closed last month (its penalty is a line of October's statement).
    const report = await manager.get('/api/complaint-reports/monthly?month=2026-11');
    expect(report.body.total).toBe(items.length - 1);
    const october = await manager.get('/api/complaint-reports/monthly?month=2026-10');
    expect(october.body.total).toBe(1);
  });
});
