import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../../db/schema.js';
import { ensureDepotFor, postMovements } from '../../parts/index.js';
import { systemCtx } from '../../../platform/context.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { completedCarryIn, setUpServiceWorld, type ServiceWorld } from '../../../test/service-world.js';

/*
 * Settlement statements over HTTP (PGlite, and PostgreSQL with TEST_DATABASE_URL): orders of two
 * outlets completed in November through the order endpoints (warranty work, a part from the
 * outlet's own stock, one old part appraised missing); December: the center drafts November, sends
 * O-GD-01's statement, the outlet disputes a line, the center upholds it with a corrected amount
 * (a correction line), locks, adds an adjustment; January: December's draft carries it. Another
 * outlet's manager never sees the statement. Refusals name their code and field.
 * The test clock starts at 2026-11-23 10:00 in Asia/Shanghai.
 */

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  const db = t.database.db;
  await db.update(tables.units).set({ purchaseDate: '2026-01-10' }).where(eq(tables.units.id, w.unitId));
  await db
    .insert(tables.partPrices)
    .values({ partId: w.partId, costFen: 1234, salePriceFen: 2500, effectiveFrom: '2026-01-01' });
  const ctx = systemCtx(db, { now: t.clock.now() });
  const depot = await db.transaction((tx) => ensureDepotFor(tx, w.units['O-GD-01']!));
  await db.transaction((tx) =>
    postMovements(tx, ctx, [{ kind: 'receipt', depotId: depot.id, partId: w.partId, quantity: 5 }]),
  );
  await signIn();
  const rule = await as.admin!.post('/api/fee-rules', {
    schedule: 'outlet',
    item: 'service_fee',
    amountFen: 4000,
    effectiveFrom: '2026-01-01',
    label: '维修服务费',
  });
  expect(rule.status, JSON.stringify(rule.body)).toBe(201);
}, 120_000);
afterAll(async () => {
  await t.close();
});

/** Sessions last hours: everyone signs in again after the clock moves. */
async function signIn() {
  for (const u of [
    'admin',
    'hotline',
    'dispatcher',
    'gd.dispatch',
    'gd.center',
    'gd01.manager',
    'gd02.manager',
    'finance',
  ])
    as[u] = await t.login(u);
}
async function moveTo(at: string) {
  t.clock.set(at);
  await signIn();
}

async function act(
  who: string,
  order: { id: string; version: number },
  path: string,
  body: Record<string, unknown> = {},
) {
  const res = await as[who]!.post(`/api/orders/${order.id}/${path}`, { version: order.version, ...body });
  expect(res.status, `${who} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

/** A carry-in warranty order completed at outlet O-GD-0n. */
/** A carry-in order completed at O-GD-01 or O-GD-02 and confirmed by the center (money.settleAfter). */
async function completedOrder(outlet: '01' | '02', parts: { partId: string; qty: number }[] = []) {
  const o = await completedCarryIn(as, w, {
    outlet,
    parts,
    diagnosis: '排水泵损坏',
    cause: '老化',
    solution: '更换排水泵',
  });
  return act('gd.dispatch', o, 'confirm');
}

const sum = (lines: { amountFen: number }[]) => lines.reduce((s, l) => s + l.amountFen, 0);

describe('a month of statements', () => {
  let withPart: { id: string; code: string };
  let plain: { id: string; code: string };
  let stmt: {
    id: string;
    lines: { id: string; seq: number; kind: string; amountFen: number; orderId: string | null }[];
  };

  it('November: orders completed at two outlets', async () => {
    withPart = await completedOrder('01', [{ partId: w.partId, qty: 2 }]);
    plain = await completedOrder('01');
    await completedOrder('02');
    // The old pump of the first order never came back.
    const obligations = await as['gd.center']!.get(`/api/part-returns/obligations?orderId=${withPart.id}`);
    expect(obligations.status, JSON.stringify(obligations.body)).toBe(200);
    const ob = obligations.body.items[0];
    expect(ob).toBeDefined();
    const appraised = await as['gd.center']!.post(`/api/part-returns/obligations/${ob.id}/appraise`, {
      outcome: 'missing',
    });
    expect(appraised.status, JSON.stringify(appraised.body)).toBe(200);
  });

  it('refuses a month not started, an unknown field, and a unit without statements', async () => {
    const future = await as['gd.center']!.post('/api/statements/draft', { month: '2026-12' });
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ code: 'statement.future_month', errors: [{ path: 'body.month' }] });
    const bad = await as['gd.center']!.post('/api/statements/draft', { month: '2026-13' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.month');
    const hq = await as.admin!.post('/api/statements/draft', { month: '2026-11', unitId: t.hqId });
    expect(hq.status).toBe(400);
    expect(hq.body).toMatchObject({ code: 'statement.not_settled_unit', errors: [{ path: 'body.unitId' }] });
    // An outlet's manager may not draft.
    expect((await as['gd01.manager']!.post('/api/statements/draft', { month: '2026-11' })).status).toBe(403);
  });

  it('December: the center drafts November for its outlets and itself', async () => {
    await moveTo('2026-12-02T02:00:00Z');
    const res = await as['gd.center']!.post('/api/statements/draft', { month: '2026-11' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // O-GD-01, O-GD-02 (orders) and the center C-GD; no other center's outlets.
    expect(res.body).toEqual({ drafted: 3, recomputed: 0, skipped: 0 });
    const again = await as['gd.center']!.post('/api/statements/draft', { month: '2026-11' });
    expect(again.body).toEqual({ drafted: 0, recomputed: 3, skipped: 0 });

    const list = await as['gd.center']!.get('/api/statements?month=2026-11');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(3);
    const o1 = list.body.items.find((s: { unitCode: string }) => s.unitCode === 'O-GD-01');
    expect(o1).toMatchObject({ kind: 'outlet', state: 'draft', month: '2026-11', orderCount: 2, sentAt: null });
    const center = list.body.items.find((s: { unitCode: string }) => s.unitCode === 'C-GD');
    expect(center).toMatchObject({ kind: 'center', lineCount: 1, totalFen: 0 });

    const detail = await as['gd.center']!.get(`/api/statements/${o1.id}`);
    expect(detail.status).toBe(200);
    stmt = detail.body;
    const kinds = (orderId: string) =>
      stmt.lines.filter((l) => l.orderId === orderId).map((l) => [l.kind, l.amountFen]);
    expect(kinds(withPart.id)).toEqual([
      ['service_fee', 4000],
      ['parts_reimbursement', 2468],
      // Two pumps fitted, two old pumps not returned: withheld at their cost (no warranty amount yet).
      ['withheld_old_part', -2468],
    ]);
    expect(kinds(plain.id)).toEqual([['service_fee', 4000]]);
    expect(detail.body.totalFen).toBe(sum(stmt.lines));
    expect(detail.body.lineCount).toBe(stmt.lines.length);
    expect(stmt.lines.map((l) => l.seq)).toEqual(stmt.lines.map((_, i) => i + 1));

    const c = await as['gd.center']!.get(`/api/statements/${center.id}`);
    expect(c.body.lines[0]).toMatchObject({ kind: 'center_bonus', amountFen: 0 });
    expect(c.body.lines[0].explanation['zh-CN']).toContain('保留');
  });

  it("another outlet's manager neither reads nor lists it", async () => {
    expect((await as['gd02.manager']!.get(`/api/statements/${stmt.id}`)).status).toBe(404);
    const list = await as['gd02.manager']!.get('/api/statements?month=2026-11');
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { unitCode: string }) => s.unitCode)).toEqual(['O-GD-02']);
    expect((await as['gd02.manager']!.get(`/api/statements/${stmt.id}/export.xlsx`)).status).toBe(404);
    const own = await as['gd01.manager']!.get('/api/statements?month=2026-11');
    expect(own.body.items.map((s: { unitCode: string }) => s.unitCode)).toEqual(['O-GD-01']);
  });

  it('send → dispute → resolve (upheld, a correction line) → lock', async () => {
    const centerLine = async () => {
      const list = await as['gd.center']!.get('/api/statements?month=2026-11');
      const c = list.body.items.find((s: { unitCode: string }) => s.unitCode === 'C-GD');
      return (await as['gd.center']!.get(`/api/statements/${c.id}`)).body.lines[0];
    };
    const before = await centerLine();
    expect(before.explanation.en).toMatch(/of [1-9]\d* over/);
    expect((await as['gd01.manager']!.post(`/api/statements/${stmt.id}/send`)).status).toBe(403);
    const sent = await as['gd.center']!.post(`/api/statements/${stmt.id}/send`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    // Drafted again, the center's month still counts the sent outlet's orders (read for the center alone).
    const redraft = await as['gd.center']!.post('/api/statements/draft', { month: '2026-11' });
    expect(redraft.body).toEqual({ drafted: 0, recomputed: 2, skipped: 1 });
    expect((await centerLine()).explanation).toEqual(before.explanation);
    expect(sent.body).toMatchObject({ state: 'sent', respondBy: '2026-12-09' });
    // The outlet's manager has it in the inbox, with the day to answer by; the other outlet's has not.
    const inbox = await as['gd01.manager']!.get('/api/inbox?pageSize=20');
    const notice = inbox.body.items.find((i: { entityId: string }) => i.entityId === stmt.id);
    expect(notice, JSON.stringify(inbox.body)).toMatchObject({ link: `/statements/${stmt.id}` });
    expect(notice.body['zh-CN']).toContain('2026-12-09');
    const other = await as['gd02.manager']!.get('/api/inbox?pageSize=20');
    expect(other.body.items.some((i: { entityId: string }) => i.entityId === stmt.id)).toBe(false);
    expect((await as['gd.center']!.post(`/api/statements/${stmt.id}/recompute`)).body.code).toBe('statement.not_draft');

    const fee = stmt.lines.find((l) => l.kind === 'service_fee')!;
    const short = await as['gd01.manager']!.post(`/api/statements/${stmt.id}/lines/${fee.id}/dispute`, { reason: '' });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].path).toBe('body.reason');
    const disputed = await as['gd01.manager']!.post(`/api/statements/${stmt.id}/lines/${fee.id}/dispute`, {
      reason: '上门距离超过30公里，应按远区收费',
    });
    expect(disputed.status, JSON.stringify(disputed.body)).toBe(200);
    expect(disputed.body).toMatchObject({ state: 'disputed', disputedCount: 1 });
    const twice = await as['gd01.manager']!.post(`/api/statements/${stmt.id}/lines/${fee.id}/dispute`, {
      reason: '再次异议',
    });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'statement.line_already_disputed', errors: [{ path: 'params.lineId' }] });
    expect((await as['gd01.manager']!.post(`/api/statements/${stmt.id}/accept`)).body.code).toBe(
      'statement.open_disputes',
    );
    expect((await as['gd.center']!.post(`/api/statements/${stmt.id}/lock`)).body.code).toBe('statement.open_disputes');

    const noAmount = await as['gd.center']!.post(`/api/statements/${stmt.id}/lines/${fee.id}/resolve`, {
      outcome: 'upheld',
      note: '核实为远区',
    });
    expect(noAmount.status).toBe(400);
    expect(noAmount.body.errors[0].path).toBe('body.correctedAmountFen');
    const resolved = await as['gd.center']!.post(`/api/statements/${stmt.id}/lines/${fee.id}/resolve`, {
      outcome: 'upheld',
      correctedAmountFen: 6000,
      note: '核实为远区',
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const last = resolved.body.lines.at(-1);
    expect(last).toMatchObject({ kind: 'dispute_correction', amountFen: 2000, orderId: fee.orderId });
    expect(resolved.body.lines.find((l: { id: string }) => l.id === fee.id).dispute).toMatchObject({
      state: 'upheld',
      correctedAmountFen: 6000,
      resolution: '核实为远区',
      raisedBy: expect.any(String),
    });
    expect(resolved.body.totalFen).toBe(sum(resolved.body.lines));
    expect(resolved.body.disputedCount).toBe(0);

    const locked = await as['gd.center']!.post(`/api/statements/${stmt.id}/lock`);
    expect(locked.status, JSON.stringify(locked.body)).toBe(200);
    expect(locked.body).toMatchObject({ state: 'locked', lockedAt: expect.any(String) });
    expect((await as['gd01.manager']!.post(`/api/statements/${stmt.id}/accept`)).body.code).toBe('statement.locked');

    const events = await t.database.db
      .select({ action: tables.events.action })
      .from(tables.events)
      .where(eq(tables.events.entityId, stmt.id));
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'statement.drafted',
        'statement.recomputed',
        'statement.sent',
        'statement.line_disputed',
        'statement.dispute_upheld',
        'statement.locked',
      ]),
    );
  });

  it('the xlsx export', async () => {
    const res = await as['gd01.manager']!.get(`/api/statements/${stmt.id}/export.xlsx`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
  });

  it('after the lock: an adjustment carried into the next month', async () => {
    const early = await as['gd.center']!.get(`/api/statements?month=2026-11&unitId=${w.units['O-GD-02']}`);
    const other = early.body.items[0];
    expect(
      (await as['gd.center']!.post(`/api/statements/${other.id}/adjustments`, { amountFen: 100, reason: '测试' })).body
        .code,
    ).toBe('statement.not_locked');
    const zero = await as['gd.center']!.post(`/api/statements/${stmt.id}/adjustments`, {
      amountFen: 0,
      reason: '测试',
    });
    expect(zero.status).toBe(400);
    expect(zero.body.errors[0].path).toBe('body.amountFen');
    const adj = await as['gd.center']!.post(`/api/statements/${stmt.id}/adjustments`, {
      amountFen: -500,
      reason: '旧件补扣运费',
    });
    expect(adj.status, JSON.stringify(adj.body)).toBe(201);
    expect(adj.body).toMatchObject({ unitId: w.units['O-GD-01'], month: '2026-12', amountFen: -500 });

    await moveTo('2027-01-03T02:00:00Z');
    const drafted = await as.finance!.post('/api/statements/draft', { month: '2026-12', unitId: w.units['O-GD-01'] });
    expect(drafted.body).toEqual({ drafted: 1, recomputed: 0, skipped: 0 });
    const dec = await as['gd01.manager']!.get('/api/statements?month=2026-12');
    const detail = await as['gd01.manager']!.get(`/api/statements/${dec.body.items[0].id}`);
    expect(detail.body.lines).toEqual([
      expect.objectContaining({ kind: 'adjustment', amountFen: -500, orderId: null }),
    ]);
    expect(detail.body.lines[0].explanation['zh-CN']).toContain('旧件补扣运费');
    expect(detail.body.totalFen).toBe(-500);
    // November is locked for O-GD-01: drafting it again skips it.
    const nov = await as.finance!.post('/api/statements/draft', { month: '2026-11', unitId: w.units['O-GD-01'] });
    expect(nov.body).toEqual({ drafted: 0, recomputed: 0, skipped: 1 });
  });

  it('the response window: closed after respondBy, and then the statement may be locked', async () => {
    const list = await as['gd.center']!.get(`/api/statements?month=2026-11&unitId=${w.units['O-GD-02']}`);
    const s = list.body.items[0];
    const sent = await as['gd.center']!.post(`/api/statements/${s.id}/send`);
    expect(sent.body.respondBy).toBe('2027-01-10');
    expect((await as['gd.center']!.post(`/api/statements/${s.id}/lock`)).body.code).toBe('statement.not_yet_lockable');
    await moveTo('2027-01-11T02:00:00Z');
    const line = sent.body.lines[0];
    const late = await as['gd02.manager']!.post(`/api/statements/${s.id}/lines/${line.id}/dispute`, {
      reason: '金额不对',
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('statement.respond_window_closed');
    expect((await as['gd02.manager']!.post(`/api/statements/${s.id}/accept`)).body.code).toBe(
      'statement.respond_window_closed',
    );
    const locked = await as['gd.center']!.post(`/api/statements/${s.id}/lock`);
    expect(locked.status).toBe(200);
  });
});
