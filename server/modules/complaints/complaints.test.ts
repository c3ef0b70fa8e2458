import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { type ServiceWorld, setUpServiceWorld } from '../../test/service-world.js';
import { fireDueComplaints, penaltiesDecidedIn } from './index.js';

// Complaints (docs/complaints.md): the urge record becomes one complaint even when urges race;
// routing by type; deadlines escalate once per level, also with two schedulers; a reply not
// accepted reopens; scope (an outlet sees complaints about its own orders only).

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
const USERS = [
  'admin',
  'hotline',
  'dispatcher',
  'complaints',
  'manager',
  'gd.dispatch',
  'gd01.manager',
  'gd02.manager',
];
const H = 3_600_000;

async function act(who: string, o: { id: string; version: number }, path: string, body: Record<string, unknown> = {}) {
  const res = await as[who]!.post(`/api/orders/${o.id}/${path}`, { version: o.version, ...body });
  if (res.status !== 200) throw new Error(`${who} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An order held by outlet O-GD-01. */
async function outletOrder(): Promise<{ id: string; version: number; code: string }> {
  const made = await as.hotline!.post('/api/orders', {
    customerId: w.customerId,
    unitId: w.unitId,
    serviceType: 'on_site',
    priority: 2,
    faultDescription: '不排水',
  });
  if (made.status !== 201) throw new Error(`order: ${made.status} ${JSON.stringify(made.body)}`);
  let o = made.body;
  o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
  o = await act('gd.dispatch', o, 'dispatch', { toUnitId: w.units['O-GD-01'] });
  return act('gd01.manager', o, 'accept');
}

async function open(body: Record<string, unknown>, who = 'hotline') {
  const res = await as[who]!.post('/api/complaints', { source: 'hotline', customerId: w.customerId, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const detail = async (id: string, who = 'complaints') => (await as[who]!.get(`/api/complaints/${id}`)).body;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  for (const u of USERS) as[u] = await t.login(u);
});
afterAll(async () => {
  await t?.close();
});

describe('opening', () => {
  it('the urge record becomes exactly one complaint, even when urges race', async () => {
    const o = await outletOrder();
    for (let n = 0; n < 2; n++) {
      const r = await as.hotline!.post(`/api/orders/${o.id}/urges`, {});
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    // The 3rd and 4th urges at once: the record opens with the one past the limit, one complaint.
    const raced = await Promise.all([3, 4, 5].map(() => as.hotline!.post(`/api/orders/${o.id}/urges`, {})));
    for (const r of raced) expect(r.status, JSON.stringify(r.body)).toBe(200);
    const rows = await t.database.db
      .select()
      .from(tables.complaintOrders)
      .where(eq(tables.complaintOrders.orderId, o.id));
    expect(rows).toHaveLength(1);
    const c = await detail(rows[0]!.complaintId);
    expect(c).toMatchObject({ source: 'urge', type: 'timeliness', urgeCount: 5, orders: [{ id: o.id, code: o.code }] });
    // Urged more than three times is a crisis: at leadership at once, leadership notified.
    expect(c).toMatchObject({ severity: 'crisis', level: 3, crisisReasons: ['urged_over_limit'] });
    expect(c.escalations).toEqual([expect.objectContaining({ fromLevel: 1, toLevel: 3, why: 'crisis' })]);
    expect(c.escalations[0].notified).toContain('售后经理 周总');
    // Timeliness goes to the unit holding the order.
    expect(c.department).toMatchObject({ id: w.units['O-GD-01'], kind: 'unit' });
    const inbox = (await as.manager!.get('/api/inbox')).body;
    expect(JSON.stringify(inbox)).toContain(c.code);
  });

  it('attitude goes to the market department, quality to R&D, with the rule named', async () => {
    const attitude = await open({ type: 'attitude', summary: '工程师态度恶劣' });
    expect(attitude).toMatchObject({ severity: 'general', level: 1, state: 'open', department: { name: '市场部' } });
    expect(attitude.routing.why['zh-CN']).toContain('服务态度');
    const quality = await open({ type: 'quality', summary: '新机漏水', severity: 'difficult', unitId: w.unitId });
    expect(quality.unit).toEqual({ id: w.unitId, serialNo: w.serial });
    const noUnit = await as.hotline!.post('/api/complaints', {
      source: 'hotline',
      customerId: w.customerId,
      unitId: '00000000-0000-4000-8000-000000000002',
      type: 'quality',
      summary: '新机漏水',
    });
    expect(noUnit.body.errors?.[0]?.path).toBe('body.unitId');
    expect(quality.department).toMatchObject({ name: '研发部', kind: 'internal' });
    expect(Date.parse(quality.deadlineAt) - Date.parse(quality.openedAt)).toBe(24 * H);
  });

  it('a regulator referral is a crisis and names the regulator', async () => {
    const bad = await as.hotline!.post('/api/complaints', {
      source: 'regulator',
      customerId: w.customerId,
      type: 'fees',
      summary: '消协转来',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.regulatorKind');
    const c = await open({
      source: 'regulator',
      regulatorKind: 'consumer_association',
      type: 'fees',
      summary: '消协转来',
    });
    expect(c).toMatchObject({
      severity: 'crisis',
      level: 3,
      crisisReasons: ['regulator'],
      department: { name: '财务部' },
    });
  });

  it('refuses an order of another customer, naming the field', async () => {
    const res = await as.hotline!.post('/api/complaints', {
      source: 'hotline',
      customerId: w.customerId,
      orderIds: ['00000000-0000-4000-8000-000000000001'],
      type: 'other',
      summary: '其他',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.orderIds.0');
  });
});

describe('deadlines and escalation', () => {
  it('a difficult complaint unanswered 24 h escalates once to level 2, then once to level 3', async () => {
    const c = await open({ type: 'norms', severity: 'difficult', summary: '未穿工装' });
    const start = Date.parse(c.openedAt);
    // Other tests' complaints fall due too: drain the scheduler at each time and read this one.
    const fireAt = async (ms: number) => {
      while ((await fireDueComplaints(t.database.db, new Date(start + ms))) > 0);
      return detail(c.id);
    };
    expect((await fireAt(24 * H - 60_000)).level).toBe(1);
    let d = await fireAt(24 * H);
    expect(d).toMatchObject({ level: 2, state: 'open' });
    expect(Date.parse(d.deadlineAt)).toBe(start + 48 * H);
    expect((await fireAt(24 * H + 60_000)).level).toBe(2);
    expect((await fireAt(48 * H)).level).toBe(3);
    d = await fireAt(96 * H);
    expect(d.level).toBe(3);
    expect(d.escalations.map((e: { fromLevel: number; toLevel: number }) => [e.fromLevel, e.toLevel])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(d.escalations[0].notified).toContain('投诉专员 孙静');
    expect(d.escalations[1].notified).toContain('售后经理 周总');
  });

  it('two schedulers claiming at once escalate each complaint exactly once', async () => {
    const a = await open({ type: 'other', summary: '其他问题 A' });
    const b = await open({ type: 'other', summary: '其他问题 B' });
    const at = new Date(Date.parse(a.openedAt) + 2 * H);
    const fired = await Promise.all([fireDueComplaints(t.database.db, at), fireDueComplaints(t.database.db, at)]);
    expect(fired[0]! + fired[1]!).toBeGreaterThanOrEqual(2);
    for (const id of [a.id, b.id]) {
      const d = await detail(id);
      expect(d.level).toBe(2);
      expect(d.escalations).toHaveLength(1);
    }
    const events = await t.database.db
      .select()
      .from(tables.complaintEvents)
      .where(and(eq(tables.complaintEvents.complaintId, a.id), eq(tables.complaintEvents.kind, 'escalated')));
    expect(events).toHaveLength(1);
  });
});

describe('handling', () => {
  it('a reply not accepted reopens with a new deadline; accepted closes; the report has the history', async () => {
    const o = await outletOrder();
    const c = await open({
      type: 'attitude',
      summary: '工程师顶撞客户',
      orderIds: [o.id],
      compensationDemanded: false,
    });
    const id = c.id;
    let r = await as.complaints!.post(`/api/complaints/${id}/notes`, { text: '已电话核实，属实' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    r = await as.complaints!.post(`/api/complaints/${id}/responsibility`, {
      kind: 'outlet',
      id: w.units['O-GD-01'],
      correctiveAction: '网点内部培训',
      penaltyFen: 20_000,
      reason: '服务态度差',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.handling.discipline).toEqual({ penaltyFen: 20_000, reason: '服务态度差' });
    const now = t.clock.now().getTime();
    const window = { from: new Date(now - H), to: new Date(now + H) };
    const penalties = await penaltiesDecidedIn(t.database.db, window, [w.units['O-GD-01']!]);
    expect(penalties).toEqual([
      expect.objectContaining({
        complaintId: id,
        orderCodes: [o.code],
        outletId: w.units['O-GD-01'],
        penaltyFen: 20_000,
        reason: '服务态度差',
      }),
    ]);
    r = await as.complaints!.post(`/api/complaints/${id}/compensation`, {
      amountFen: 100_000,
      kind: 'voucher',
      reason: '安抚',
    });
    expect(r.body.handling.compensation).toMatchObject({ state: 'proposed', approvalLevel: 2 });
    r = await as.complaints!.post(`/api/complaints/${id}/compensation/decide`, { approve: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.handling.compensation).toMatchObject({ state: 'approved' });

    r = await as.complaints!.post(`/api/complaints/${id}/reply`, { channel: 'phone', content: '已处理并致歉' });
    expect(r.body).toMatchObject({ state: 'answered', deadlineAt: null });
    r = await as.complaints!.post(`/api/complaints/${id}/acceptance`, { accepted: false });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('body.reason');
    t.clock.advance(60_000);
    r = await as.complaints!.post(`/api/complaints/${id}/acceptance`, { accepted: false, reason: '要求更换工程师' });
    expect(r.body).toMatchObject({ state: 'reopened' });
    expect(Date.parse(r.body.deadlineAt)).toBe(t.clock.now().getTime() + 2 * H);
    r = await as.complaints!.post(`/api/complaints/${id}/acceptance`, { accepted: true });
    expect(r.status).toBe(409);
    r = await as.complaints!.post(`/api/complaints/${id}/reply`, { channel: 'visit', content: '已更换工程师上门' });
    r = await as.complaints!.post(`/api/complaints/${id}/acceptance`, { accepted: true });
    expect(r.body).toMatchObject({ state: 'closed' });
    expect(r.body.handling.replies.map((x: { accepted: boolean }) => x.accepted)).toEqual([false, true]);

    const report = await as.complaints!.get(`/api/complaints/${id}/report`);
    expect(report.status).toBe(200);
    expect(report.body.complaint.timeline.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['opened', 'routed', 'note', 'responsibility', 'replied', 'not_accepted', 'accepted']),
    );
    const closed = await as.complaints!.post(`/api/complaints/${id}/close`, { reason: '重复关闭' });
    expect(closed.status).toBe(409);
    // Each language reads its own words: the channel and the state are names, not codes.
    const replied = report.body.complaint.timeline.filter((e: { kind: string }) => e.kind === 'replied');
    expect(replied[0].text.en).toContain('(phone)');
    expect(replied[0].text['zh-CN']).toContain('（电话）');
    expect(closed.body.detail).toContain('已关闭');
    expect(report.body.complaint.closeReason).toBeNull();
  });

  it('a reply recorded for the customer reaches them in writing, with the complaint’s number', async () => {
    const c = await open({ type: 'attitude', summary: '客服态度冷淡', compensationDemanded: false });
    const replied = () =>
      t.database.db
        .select()
        .from(tables.outbox)
        .where(
          and(
            eq(tables.outbox.template, 'complaint.replied'),
            sql`${tables.outbox.params}->>'complaintCode' = ${c.code}`,
          ),
        );
    expect(await replied()).toEqual([]);
    const r = await as.complaints!.post(`/api/complaints/${c.id}/reply`, {
      channel: 'phone',
      content: '已对客服人员批评教育，并向您致歉。',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const msgs = await replied();
    const [row] = await t.database.db.select().from(tables.complaints).where(eq(tables.complaints.id, c.id));
    expect(msgs).toMatchObject([
      {
        channel: 'sms',
        recipient: '13800138000',
        customerId: w.customerId,
        orgPath: row!.orgPath,
        params: { complaintCode: c.code, reply: '已对客服人员批评教育，并向您致歉。' },
      },
    ]);
    expect(msgs[0]!.body).toContain(c.code);
    expect(msgs[0]!.body).toContain('已对客服人员批评教育，并向您致歉。');
  });

  it('compensation above a level is approved only at that level', async () => {
    const c = await open({ type: 'fees', summary: '多收费' });
    await as.complaints!.post(`/api/complaints/${c.id}/compensation`, {
      amountFen: 900_000,
      kind: 'cash',
      reason: '退还',
    });
    const refused = await as.complaints!.post(`/api/complaints/${c.id}/compensation/decide`, { approve: true });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('complaint.approval_level');
    const ok = await as.manager!.post(`/api/complaints/${c.id}/compensation/decide`, {
      approve: false,
      reason: '金额过高',
    });
    expect(ok.body.handling.compensation).toMatchObject({ state: 'rejected', decisionReason: '金额过高' });
  });
});

describe('scope and reports', () => {
  it('an outlet sees complaints about its own orders only; HQ sees all', async () => {
    const o = await outletOrder();
    const mine = await open({ type: 'timeliness', summary: '上门迟到', orderIds: [o.id] });
    const other = await open({ type: 'quality', summary: '无服务单的投诉' });
    const gd01 = (await as['gd01.manager']!.get('/api/complaints?pageSize=200')).body;
    expect(gd01.items.map((x: { id: string }) => x.id)).toContain(mine.id);
    expect(gd01.items.map((x: { id: string }) => x.id)).not.toContain(other.id);
    expect((await as['gd01.manager']!.get(`/api/complaints/${other.id}`)).status).toBe(404);
    const gd02 = (await as['gd02.manager']!.get('/api/complaints?pageSize=200')).body;
    expect(gd02.items.map((x: { id: string }) => x.id)).not.toContain(mine.id);
    expect((await as['gd02.manager']!.get(`/api/complaints/${mine.id}`)).status).toBe(404);
    expect(
      (await as['gd02.manager']!.post(`/api/complaints/${mine.id}/contacts`, { channel: 'phone', text: 'x' })).status,
    ).not.toBe(200);
    const all = (await as.manager!.get('/api/complaints?pageSize=200')).body;
    expect(all.items.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([mine.id, other.id]));
    expect(all.items.find((x: { id: string }) => x.id === mine.id).customer.phone).not.toBe('13800138000');
  });

  it('the routing table is read and replaced, audited, and version-checked', async () => {
    const table = (await as.complaints!.get('/api/complaint-routes')).body;
    expect(table.routes).toHaveLength(7);
    const rnd = table.departments.find((d: { name: string }) => d.name === '研发部').id;
    const routes = table.routes.map((r: { type: string }) => (r.type === 'other' ? { ...r, departmentId: rnd } : r));
    const put = await as.complaints!.put('/api/complaint-routes', {
      routes,
      config: table.config,
      version: table.version,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.version).toBe(table.version + 1);
    const stale = await as.complaints!.put('/api/complaint-routes', {
      routes,
      config: table.config,
      version: table.version,
    });
    expect(stale.status).toBe(409);
    // Who changed it last and when, from the audit trail, in the company's time zone.
    expect(stale.body.params).toMatchObject({ by: '投诉专员 孙静', version: table.version + 1 });
    expect(stale.body.params.at).not.toContain('T');
    const missing = await as.complaints!.put('/api/complaint-routes', {
      routes: routes.slice(1),
      config: table.config,
      version: put.body.version,
    });
    expect(missing.status).toBe(400);
    const c = await open({ type: 'other', summary: '其他' });
    expect(c.department.name).toBe('研发部');
  });

  it('monthly complaint and urging reports, with XLSX', async () => {
    const month = '2026-11';
    const m = await as.manager!.get(`/api/complaint-reports/monthly?month=${month}`);
    expect(m.status, JSON.stringify(m.body)).toBe(200);
    expect(m.body.total).toBeGreaterThan(5);
    expect(m.body.byType.map((x: { key: string }) => x.key)).toContain('attitude');
    const u = await as.manager!.get(`/api/complaint-reports/urges?month=${month}`);
    expect(u.status).toBe(200);
    expect(u.body.totals.urges).toBeGreaterThanOrEqual(5);
    expect(u.body.totals.orders3plus).toBeGreaterThanOrEqual(1);
    for (const path of ['monthly.xlsx', 'urges.xlsx']) {
      const x = await as.manager!.get(`/api/complaint-reports/${path}?month=${month}`);
      expect(x.status).toBe(200);
      expect(String(x.headers['content-type'])).toContain('spreadsheetml');
    }
    expect((await as.manager!.get('/api/complaint-reports/monthly?month=2026-13')).status).toBe(400);
  });
});

describe('a customer merge', () => {
  const customer = async (name: string, number: string) => {
    const res = await as.hotline!.post('/api/customers', {
      name,
      phones: [{ number }],
      addresses: [{ provinceCode: '440000', cityCode: '440100', districtCode: '440106', detail: '天河路 8 号' }],
      allowDuplicate: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; code: string; version: number };
  };
  const auditOf = (id: string) =>
    t.database.db
      .select()
      .from(tables.events)
      .where(and(eq(tables.events.entity, 'complaint'), eq(tables.events.entityId, id)));

  it('moves the merged record’s complaints to the survivor with their events; the undo moves them back', async () => {
    const survivor = await customer('周九', '14700147900');
    const merged = await customer('周九', '14700147901');
    const own = await open({ type: 'attitude', summary: '态度差', customerId: survivor.id });
    const a = await open({ type: 'other', summary: '第一次投诉', customerId: merged.id });
    const b = await open({ type: 'quality', summary: '第二次投诉', customerId: merged.id });

    const res = await as.hotline!.post(`/api/customers/${survivor.id}/merge`, {
      otherId: merged.id,
      version: survivor.version,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.merge.moved.others).toEqual({ complaints: 2 });
    for (const c of [a, b]) {
      const d = await detail(c.id);
      expect(d.customer.id).toBe(survivor.id);
      const last = d.timeline.at(-1);
      expect(last).toMatchObject({ kind: 'customer_merged' });
      expect(last.text['zh-CN']).toBe(`客户 ${merged.code} 已并入 ${survivor.code}：投诉随之转入`);
      expect(last.text.en).toBe(
        `Customer ${merged.code} was merged into ${survivor.code}: the complaint moved with it`,
      );
      expect((await auditOf(c.id)).map((e) => e.action)).toContain('complaint.customer_merged');
      // Only the customer changed: the complaint was not handled, so its version stays.
      expect(d.version).toBe(c.version);
    }
    expect((await detail(own.id)).customer.id).toBe(survivor.id);
    const listed = await as.complaints!.get(`/api/complaints?customerId=${survivor.id}`);
    expect(listed.body.items.map((x: { id: string }) => x.id).sort()).toEqual([own.id, a.id, b.id].sort());

    // A complaint opened on the survivor after the merge stays with it when the merge is undone.
    const later = await open({ type: 'other', summary: '合并后的投诉', customerId: survivor.id });
    const undo = await as.admin!.post(`/api/customers/merges/${res.body.merge.id}/undo`);
    expect(undo.status, JSON.stringify(undo.body)).toBe(200);
    for (const c of [a, b]) {
      const d = await detail(c.id);
      expect(d.customer.id).toBe(merged.id);
      expect(d.timeline.at(-1).text['zh-CN']).toBe(
        `客户合并已撤销：投诉回到客户 ${merged.code}（原在 ${survivor.code}）`,
      );
      expect((await auditOf(c.id)).map((e) => e.action)).toEqual(
        expect.arrayContaining(['complaint.customer_merged', 'complaint.customer_unmerged']),
      );
    }
    expect((await detail(own.id)).customer.id).toBe(survivor.id);
    expect((await detail(later.id)).customer.id).toBe(survivor.id);
    expect((await auditOf(own.id)).map((e) => e.action)).not.toContain('complaint.customer_unmerged');
  });
});
