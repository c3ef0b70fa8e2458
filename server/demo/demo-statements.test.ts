import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../db/rows.js';
import { createTestApp, type TestApp } from '../test/harness.js';

/*
 * The demo's settlement statements (server/demo/statements-load.ts) over the loaded demo: last
 * month (October for the test clock, 2026-11-23) drafted from the demo orders for every outlet with
 * completed orders and every center, O-GD-01's sent and open to dispute, O-GD-02's disputed, the
 * Zhejiang outlets' locked, the rest drafts; every total the sum of its lines.
 */
describe('demo settlement statements', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ demo: true, demoCustomers: true });
  }, 600_000);
  afterAll(() => t?.close());

  const stmt = async (code: string) => {
    const finance = await t.login('finance');
    const list = await finance.get('/api/statements?month=2026-10&pageSize=200');
    expect(list.status).toBe(200);
    return list.body.items.find((s: { unitCode: string }) => s.unitCode === code);
  };

  it('drafts last month for the outlets with completed orders and every center', async () => {
    const finance = await t.login('finance');
    const list = await finance.get('/api/statements?month=2026-10&pageSize=200');
    const kinds = list.body.items.map((s: { kind: string }) => s.kind);
    expect(kinds.filter((k: string) => k === 'center')).toHaveLength(6);
    expect(kinds.filter((k: string) => k === 'outlet').length).toBeGreaterThan(10);
    const states = new Set(list.body.items.map((s: { state: string }) => s.state));
    expect([...states].sort()).toEqual(['disputed', 'draft', 'locked', 'sent']);
    const lines = rowsOf<{ n: number; kinds: string[] }>(
      await t.database.db.execute(
        sql`select count(*)::int as n, array_agg(distinct l.kind) as kinds from settlement_lines l join settlement_statements s on s.id = l.statement_id where s.month = '2026-10'`,
      ),
    )[0]!;
    console.info(`demo statements: ${lines.n} lines of kinds ${lines.kinds.join(', ')}`);
    expect(lines.n).toBeGreaterThan(100);
    expect(lines.kinds).toEqual(
      expect.arrayContaining(['service_fee', 'timeliness_bonus', 'center_bonus', 'complaint_penalty']),
    );
  });

  it('every total is the sum of its lines', async () => {
    const off = rowsOf<{ code: string }>(
      await t.database.db.execute(sql`
        select s.code from settlement_statements s
        left join settlement_lines l on l.statement_id = s.id
        group by s.id having s.total_fen <> coalesce(sum(l.amount_fen), 0) or s.line_count <> count(l.id)`),
    );
    expect(off).toEqual([]);
  });

  it("O-GD-01's statement is sent and its manager can dispute a line now", async () => {
    const s = await stmt('O-GD-01');
    expect(s).toMatchObject({ state: 'sent', respondBy: expect.any(String) });
    expect(s.respondBy >= '2026-11-23').toBe(true);
    const manager = await t.login('gd01.manager');
    const detail = await manager.get(`/api/statements/${s.id}`);
    expect(detail.status).toBe(200);
    const res = await manager.post(`/api/statements/${s.id}/lines/${detail.body.lines[0].id}/dispute`, {
      reason: '金额核对不符',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.state).toBe('disputed');
  });

  it("O-GD-02's statement is disputed; the Zhejiang outlets' are locked", async () => {
    const s = await stmt('O-GD-02');
    expect(s).toMatchObject({ state: 'disputed', disputedCount: 1 });
    const zj = await stmt('O-ZJ-01');
    expect(zj).toMatchObject({ state: 'locked', acceptedAt: expect.any(String), lockedAt: expect.any(String) });
  });

  it('each center has its bonus line with the figures', async () => {
    const finance = await t.login('finance');
    const list = await finance.get('/api/statements?month=2026-10&kind=center');
    for (const c of list.body.items) {
      const d = await finance.get(`/api/statements/${c.id}`);
      const bonus = d.body.lines.find((l: { kind: string }) => l.kind === 'center_bonus');
      expect(bonus, c.unitCode).toMatchObject({ amountFen: 0 });
      expect(bonus.explanation['zh-CN']).toMatch(/月度考核奖金：(保留|取消)/);
    }
  });
});
