import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { type ServiceWorld, setUpServiceWorld } from '../../../test/service-world.js';

/*
 * Complaint penalties on the outlet's statement (docs/money-statements.md, "Complaint penalties";
 * PGlite, and PostgreSQL with TEST_DATABASE_URL). A penalty decided in November against O-GD-01 or
 * its technician is a line of O-GD-01's November statement. Decided, changed, moved or withdrawn
 * after that statement left draft, the difference is carried into December, once however often
 * the command is repeated; a penalty decided while the draft stood is carried when the draft is
 * sent as it was. The test clock starts at 2026-11-23 10:00 in Asia/Shanghai.
 */

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  await signIn();
}, 120_000);
afterAll(async () => {
  await t.close();
});

async function signIn() {
  for (const u of ['hotline', 'dispatcher', 'gd.dispatch', 'gd.center', 'gd01.manager', 'complaints', 'finance'])
    as[u] = await t.login(u);
}

async function act(who: string, o: { id: string; version: number }, path: string, body = {}) {
  const res = await as[who]!.post(`/api/orders/${o.id}/${path}`, { version: o.version, ...body });
  expect(res.status, `${who} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

/** A complaint about an order O-GD-01 holds. */
async function complaint(type = 'attitude'): Promise<{ id: string; code: string; orderCode: string }> {
  const made = await as.hotline!.post('/api/orders', {
    customerId: w.customerId,
    unitId: w.unitId,
    serviceType: 'on_site',
    faultDescription: '不排水',
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  let o = made.body;
  o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
  o = await act('gd.dispatch', o, 'dispatch', { toUnitId: w.units['O-GD-01'] });
  o = await act('gd01.manager', o, 'accept');
  const c = await as.hotline!.post('/api/complaints', {
    source: 'hotline',
    customerId: w.customerId,
    type,
    summary: '工程师态度差',
    orderIds: [o.id],
  });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  return { id: c.body.id, code: c.body.code, orderCode: o.code };
}

async function responsible(id: string, body: Record<string, unknown>) {
  const r = await as.complaints!.post(`/api/complaints/${id}/responsibility`, {
    correctiveAction: '内部培训',
    ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

const adjustmentsOf = (complaintId: string) =>
  t.database.db
    .select()
    .from(tables.statementAdjustments)
    .where(eq(tables.statementAdjustments.complaintId, complaintId))
    .orderBy(tables.statementAdjustments.createdAt);

async function statementOf(month: string): Promise<{ id: string; totalFen: number; lines: Line[] }> {
  const list = await as['gd.center']!.get(`/api/statements?month=${month}&unitId=${w.units['O-GD-01']}`);
  expect(list.body.items, JSON.stringify(list.body)).toHaveLength(1);
  return (await as['gd.center']!.get(`/api/statements/${list.body.items[0].id}`)).body;
}

interface Line {
  kind: string;
  complaint: { id: string; code: string; reason: string; technician: string | null } | null;
  amountFen: number;
  orderId: string | null;
  explanation: { 'zh-CN': string; en: string };
}

describe('complaint penalties on the outlet statement', () => {
  let a: { id: string; code: string; orderCode: string };
  let b: { id: string; code: string; orderCode: string };
  let c: { id: string; code: string; orderCode: string };
  let statementId: string;

  it("November: a penalty against the outlet and one against its technician are lines of the outlet's draft", async () => {
    a = await complaint();
    b = await complaint();
    await responsible(a.id, { kind: 'outlet', id: w.units['O-GD-01'], penaltyFen: 20_000, reason: '服务态度差' });
    await responsible(b.id, { kind: 'technician', id: w.users['gd01.tech1'], penaltyFen: 5_000, reason: '未穿工服' });
    const drafted = await as['gd.center']!.post('/api/statements/draft', {
      month: '2026-11',
      unitId: w.units['O-GD-01'],
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(200);
    const s = await statementOf('2026-11');
    statementId = s.id;
    const penalties = s.lines.filter((l) => l.kind === 'complaint_penalty');
    expect(penalties.map((l) => l.amountFen)).toEqual([-20_000, -5_000]);
    expect(penalties[0]!.orderId).toBeNull();
    expect(penalties[0]!.explanation['zh-CN']).toContain(a.code);
    expect(penalties[0]!.explanation['zh-CN']).toContain(a.orderCode);
    expect(penalties[0]!.explanation['zh-CN']).toContain('服务态度差');
    expect(penalties[0]!.explanation.en).toContain('200.00 deducted');
    expect(penalties[0]).toMatchObject({
      complaint: { id: a.id, code: a.code, reason: '服务态度差', technician: null },
    });
    expect(penalties[1]).toMatchObject({
      complaint: { id: b.id, code: b.code, reason: '未穿工服', technician: expect.any(String) },
    });
    expect(penalties[1]!.explanation['zh-CN']).toContain('技术员');
    expect(penalties[1]!.explanation.en).toContain('technician');
    expect(s.totalFen).toBe(-25_000);
    // No adjustment while the month is a draft: the draft reads the penalties itself.
    expect(await adjustmentsOf(a.id)).toEqual([]);
  });

  it('a penalty decided while the draft stood is carried when the draft is sent as it was', async () => {
    t.clock.advance(60_000);
    c = await complaint();
    await responsible(c.id, { kind: 'outlet', id: w.units['O-GD-01'], penaltyFen: 8_000, reason: '乱收费' });
    const sent = await as['gd.center']!.post(`/api/statements/${statementId}/send`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.lines.filter((l: Line) => l.kind === 'complaint_penalty')).toHaveLength(2);
    expect(await adjustmentsOf(c.id)).toMatchObject([
      { unitId: w.units['O-GD-01'], month: '2026-12', amountFen: -8_000, sourceStatementId: statementId },
    ]);
    // Lines of the statement already hold the other two: nothing carried for them.
    expect(await adjustmentsOf(a.id)).toEqual([]);
    expect(await adjustmentsOf(b.id)).toEqual([]);
  });

  it('raised after it was sent: the difference is carried into December, once, with its event', async () => {
    await responsible(a.id, { kind: 'outlet', id: w.units['O-GD-01'], penaltyFen: 30_000, reason: '服务态度差' });
    await responsible(a.id, { kind: 'outlet', id: w.units['O-GD-01'], penaltyFen: 30_000, reason: '服务态度差' });
    const rows = await adjustmentsOf(a.id);
    expect(rows).toMatchObject([{ month: '2026-12', amountFen: -10_000, sourceStatementId: statementId }]);
    expect(rows[0]!.explanation!['zh-CN']).toContain(a.code);
    expect(rows[0]!.explanation!['zh-CN']).toContain('补扣');
    expect(rows[0]!.explanation!.en).toContain('deducted now');
    const events = await t.database.db
      .select()
      .from(tables.events)
      .where(
        and(
          eq(tables.events.action, 'statement.adjustment_added'),
          sql`${tables.events.changes}->'complaintId'->>'after' = ${a.id}`,
        ),
      );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ entityId: statementId, actorName: expect.any(String) });
    // The sent statement did not change.
    expect((await statementOf('2026-11')).totalFen).toBe(-25_000);
  });

  it('withdrawn, or moved to a department: what was deducted is paid back', async () => {
    await responsible(a.id, { kind: 'maker', name: '电机厂' });
    expect((await adjustmentsOf(a.id)).map((r) => r.amountFen)).toEqual([-10_000, 30_000]);
    await responsible(b.id, { kind: 'technician', id: w.users['gd01.tech1'] });
    expect((await adjustmentsOf(b.id)).map((r) => r.amountFen)).toEqual([5_000]);
    expect((await adjustmentsOf(b.id))[0]!.explanation!.en).toContain('paid back');
  });

  it('December carries every adjustment as a line of its own', async () => {
    t.clock.set('2027-01-03T02:00:00Z');
    await signIn();
    const drafted = await as.finance!.post('/api/statements/draft', { month: '2026-12', unitId: w.units['O-GD-01'] });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(200);
    const dec = await statementOf('2026-12');
    const adj = dec.lines.filter((l) => l.kind === 'adjustment');
    expect(adj.map((l) => l.amountFen).sort((x, y) => x - y)).toEqual([-10_000, -8_000, 5_000, 30_000]);
    for (const l of adj) expect(l.explanation.en).toContain('made after it was sent');
    // A penalty decided in November never becomes a December penalty line.
    expect(dec.lines.filter((l) => l.kind === 'complaint_penalty')).toEqual([]);
    expect(dec.totalFen).toBe(17_000);
  });
});
