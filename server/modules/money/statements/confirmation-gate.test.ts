import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { completedCarryIn, type ServiceWorld, setUpServiceWorld } from '../../../test/service-world.js';

/*
 * The confirmation gate (money.settleAfter = confirmed; docs/money-statements.md, "The
 * confirmation gate"), through the API on a real database (PGlite, and PostgreSQL with
 * TEST_DATABASE_URL): warranty orders of O-GD-01 completed in November with a 40-yuan service fee.
 * An order not yet confirmed is a 0-fen line saying what it would pay; confirmed while the month
 * is a draft, the recompute pays it; confirmed (by its callback, or by hand) after the statement
 * was sent, the amount is carried into December, once; a draft sent as it was, with an order
 * confirmed since, carries it when sent; an order reopened as a repeat visit is not settled. The
 * test clock starts at 2026-11-23 10:00 in Asia/Shanghai.
 */

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
const FEE = 4000;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  const db = t.database.db;
  await db.update(tables.units).set({ purchaseDate: '2026-01-10' }).where(eq(tables.units.id, w.unitId));
  await db.insert(tables.feeRules).values({
    schedule: 'outlet',
    item: 'service_fee',
    amountFen: FEE,
    effectiveFrom: '2026-01-01',
    label: '保修维修服务费',
    createdAt: t.clock.now(),
  });
  await signIn();
}, 120_000);
afterAll(async () => {
  await t.close();
});

async function signIn() {
  for (const u of ['admin', 'hotline', 'dispatcher', 'gd.dispatch', 'gd.center', 'gd01.manager', 'finance'])
    as[u] = await t.login(u);
}

async function act(who: string, order: { id: string; version: number }, path: string, body = {}) {
  const res = await as[who]!.post(`/api/orders/${order.id}/${path}`, { version: order.version, ...body });
  expect(res.status, `${who} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

async function order(id: string) {
  return (await as['gd.dispatch']!.get(`/api/orders/${id}`)).body;
}

/** A carry-in warranty order completed at O-GD-01 (the company pays the labour). */
const completedOrder = () => completedCarryIn(as, w);

type Line = { kind: string; orderId: string | null; amountFen: number; heldFen: number | null };
const of = (lines: Line[], orderId: string) => lines.filter((l) => l.orderId === orderId);
const sum = (lines: Line[]) => lines.reduce((s, l) => s + l.amountFen, 0);

const adjustmentsOf = (orderId: string) =>
  t.database.db
    .select()
    .from(tables.statementAdjustments)
    .where(eq(tables.statementAdjustments.orderId, orderId))
    .orderBy(tables.statementAdjustments.createdAt);

describe('the confirmation gate', () => {
  let a: { id: string; code: string; version: number };
  let b: { id: string; code: string; version: number };
  let c: { id: string; code: string; version: number };
  let d: { id: string; code: string; version: number };
  let statementId: string;
  /** What an order pays once confirmed: the service fee and whatever timeliness lines it earns. */
  let held: Record<string, number> = {};

  it('November: orders not yet confirmed are held, each a 0-fen line saying what it would pay', async () => {
    a = await completedOrder();
    b = await completedOrder();
    c = await completedOrder();
    d = await completedOrder();
    // d's callback finds the fault back: reopened as a repeat visit.
    await act('gd.dispatch', d, 'reopen', { reason: '回访：未修好' });
    const drafted = await as['gd.center']!.post('/api/statements/draft', {
      month: '2026-11',
      unitId: w.units['O-GD-01'],
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(200);
    const list = await as['gd.center']!.get(`/api/statements?month=2026-11&unitId=${w.units['O-GD-01']}`);
    statementId = list.body.items[0].id;
    const s = (await as['gd.center']!.get(`/api/statements/${statementId}`)).body;
    held = {};
    for (const o of [a, b, c]) {
      const lines = of(s.lines, o.id);
      expect(lines.map((l) => [l.kind, l.amountFen])).toEqual([['awaiting_confirmation', 0]]);
      held[o.id] = lines[0]!.heldFen!;
      expect(held[o.id]).toBeGreaterThanOrEqual(FEE);
    }
    const [dl] = of(s.lines, d.id) as [Line & { explanation: { 'zh-CN': string } }];
    expect(dl.kind).toBe('awaiting_confirmation');
    expect(dl.explanation['zh-CN']).toMatch(/^未修好，已重开为返修单FW\d{8}-\d{6}：本单不予结算/);
    expect(s.totalFen).toBe(sum(s.lines));
    expect(s.totalFen).toBe(0);
  });

  it('confirmed while the month is a draft: the recompute pays it, nothing is carried', async () => {
    await act('gd.dispatch', await order(a.id), 'confirm');
    expect(await adjustmentsOf(a.id)).toEqual([]);
    const recomputed = await as['gd.center']!.post(`/api/statements/${statementId}/recompute`);
    expect(recomputed.status, JSON.stringify(recomputed.body)).toBe(200);
    const lines = of(recomputed.body.lines, a.id);
    expect(lines.map((l) => l.kind)).toContain('service_fee');
    expect(lines.map((l) => l.kind)).not.toContain('awaiting_confirmation');
    expect(sum(lines)).toBe(held[a.id]);
  });

  it('confirmed after the last recompute, the draft sent as it was: carried into December when sent', async () => {
    t.clock.advance(60_000);
    await act('gd.dispatch', await order(c.id), 'confirm');
    expect(await adjustmentsOf(c.id)).toEqual([]);
    const sent = await as['gd.center']!.post(`/api/statements/${statementId}/send`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(of(sent.body.lines, c.id).map((l) => l.kind)).toEqual(['awaiting_confirmation']);
    const rows = await adjustmentsOf(c.id);
    expect(rows).toMatchObject([{ month: '2026-12', amountFen: held[c.id], sourceStatementId: statementId }]);
    expect(rows[0]!.explanation!['zh-CN']).toContain(c.code);
    // b, still waiting, carried nothing.
    expect(await adjustmentsOf(b.id)).toEqual([]);
  });

  it('confirmed by its callback after the statement was sent: carried into December once, with its event', async () => {
    const [task] = await t.database.db
      .select()
      .from(tables.callbackTasks)
      .where(eq(tables.callbackTasks.orderId, b.id));
    const answered = await as['gd.center']!.post(`/api/callbacks/${task!.id}/answer`, {
      version: task!.version,
      fixed: true,
      feeAsRecorded: true,
      attitude: 5,
      quality: 5,
      timeliness: 5,
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect((await order(b.id)).state).toBe('confirmed');
    const rows = await adjustmentsOf(b.id);
    expect(rows).toMatchObject([
      { unitId: w.units['O-GD-01'], month: '2026-12', amountFen: held[b.id], sourceStatementId: statementId },
    ]);
    expect(rows[0]!.explanation).toEqual({
      'zh-CN': `服务单${b.code}于2026-11结算单${(await as['gd.center']!.get(`/api/statements/${statementId}`)).body.code}发出后确认：补结`,
      en: expect.stringContaining(`order ${b.code} confirmed after statement`),
    });
    const events = await t.database.db
      .select()
      .from(tables.events)
      .where(
        and(
          eq(tables.events.action, 'statement.adjustment_added'),
          sql`${tables.events.changes}->'orderId'->>'after' = ${b.id}`,
        ),
      );
    expect(events).toHaveLength(1);
    // The sent statement did not change.
    const s = (await as['gd.center']!.get(`/api/statements/${statementId}`)).body;
    expect(of(s.lines, b.id).map((l: Line) => l.kind)).toEqual(['awaiting_confirmation']);
    // Its head shows the outlet's callback satisfaction over the month: this one answer, all 5s.
    expect(s.satisfaction).toEqual({ callbacks: 1, percent: 100 });
  });

  it('December carries both; an order reopened as a repeat visit was never paid', async () => {
    t.clock.set('2027-01-03T02:00:00Z');
    await signIn();
    const drafted = await as.finance!.post('/api/statements/draft', { month: '2026-12', unitId: w.units['O-GD-01'] });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(200);
    const dec = await as['gd01.manager']!.get('/api/statements?month=2026-12');
    const detail = (await as['gd01.manager']!.get(`/api/statements/${dec.body.items[0].id}`)).body;
    const adj = detail.lines.filter((l: Line) => l.kind === 'adjustment');
    expect(adj.map((l: Line) => l.amountFen).sort()).toEqual([held[b.id], held[c.id]].sort());
    const words = adj.map((l: Line & { explanation: { 'zh-CN': string } }) => l.explanation['zh-CN']).join('\n');
    expect(words).toContain(b.code);
    expect(words).toContain(c.code);
    expect(await adjustmentsOf(d.id)).toEqual([]);
  });

  it('with money.settleAfter = completed, an order is paid on completion', async () => {
    t.clock.set('2027-01-04T02:00:00Z');
    await signIn();
    const set = await as.admin!.put('/api/settings/money.settleAfter', { value: 'completed' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const e = await completedOrder();
    const drafted = await as['gd.center']!.post('/api/statements/draft', {
      month: '2027-01',
      unitId: w.units['O-GD-01'],
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(200);
    const list = await as['gd.center']!.get(`/api/statements?month=2027-01&unitId=${w.units['O-GD-01']}`);
    const s = (await as['gd.center']!.get(`/api/statements/${list.body.items[0].id}`)).body;
    expect(of(s.lines, e.id).map((l) => l.kind)).toContain('service_fee');
    expect(of(s.lines, e.id).map((l) => l.kind)).not.toContain('awaiting_confirmation');
  });
});
