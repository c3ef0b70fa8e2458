import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { MESSAGE_EVENTS } from '../../platform/notify/index.js';
import { completedCarryIn, type ServiceWorld, setUpServiceWorld } from '../../test/service-world.js';

/*
 * Callbacks (docs/callbacks.md), through the API on a real database (PGlite, and PostgreSQL with
 * TEST_DATABASE_URL): a completion makes one task under a 100 % plan and none under 0 %; the
 * answer confirms the order, reopens it as a repeat visit, opens a fee complaint, notifies the
 * outlet's manager of a low score, schedules a second callback; three failed attempts close a
 * task as unreachable; stale versions, scope and bad input are refused. The test clock starts at
 * 2026-11-23 10:00 in Asia/Shanghai.
 */

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
const USERS = [
  'admin',
  'hotline',
  'dispatcher',
  'gd.dispatch',
  'gd.center',
  'zj.center',
  'gd01.manager',
  'gd02.manager',
  'complaints',
  'auditor',
];
const H = 3_600_000;

async function signIn() {
  for (const u of USERS) as[u] = await t.login(u);
}

/** Moves the clock; sessions idle that long are signed in again. */
async function advance(ms: number) {
  t.clock.advance(ms);
  await signIn();
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  await t.database.db.update(tables.units).set({ purchaseDate: '2026-01-10' }).where(eq(tables.units.id, w.unitId));
  await signIn();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function act(who: string, o: { id: string; version: number }, path: string, body: Record<string, unknown> = {}) {
  const res = await as[who]!.post(`/api/orders/${o.id}/${path}`, { version: o.version, ...body });
  expect(res.status, `${who} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

/** A carry-in warranty order of O-GD-01, completed now. */
const completedOrder = () => completedCarryIn(as, w);

async function taskOf(orderId: string, kind = 'first') {
  const rows = await t.database.db.select().from(tables.callbackTasks).where(eq(tables.callbackTasks.orderId, orderId));
  const row = rows.find((r) => r.kind === kind);
  expect(row, `no ${kind} task for ${orderId}`).toBeDefined();
  const res = await as['gd.center']!.get(`/api/callbacks/${row!.id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** The completion messages ('order.completed') of an order, oldest first. */
const completionMessages = (orderCode: string) =>
  t.database.db
    .select()
    .from(tables.outbox)
    .where(
      and(eq(tables.outbox.template, 'order.completed'), sql`${tables.outbox.params}->>'orderCode' = ${orderCode}`),
    )
    .orderBy(asc(tables.outbox.createdAt), asc(tables.outbox.channel));

/** Every completion message that carried a survey link. */
const surveyMessages = () =>
  t.database.db
    .select()
    .from(tables.outbox)
    .where(and(eq(tables.outbox.template, 'order.completed'), sql`${tables.outbox.params}->>'surveyUrl' is not null`));

const GOOD = { fixed: true, feeAsRecorded: true, attitude: 5, quality: 5, timeliness: 4, nps: 9 };

async function answer(task: { id: string; version: number }, body: Record<string, unknown>, who = 'gd.center') {
  const res = await as[who]!.post(`/api/callbacks/${task.id}/answer`, { version: task.version, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function setPlans(plans: unknown[]) {
  const res = await as.admin!.put('/api/settings/callbacks.plans', { value: plans });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
const ALL = {
  serviceType: null,
  productLineCode: null,
  kind: 'first',
  sharePercent: 100,
  firstAfterDays: [3, 7],
  secondWithinDays: null,
};

describe('creation', () => {
  it('a completion under the default 100 % plan makes exactly one task, due day 3 to day 7 (start day not counted)', async () => {
    const o = await completedOrder();
    const rows = await t.database.db.select().from(tables.callbackTasks).where(eq(tables.callbackTasks.orderId, o.id));
    expect(rows).toHaveLength(1);
    const task = await taskOf(o.id);
    // Completed 2026-11-23 (Shanghai): from 11-26 00:00 to 11-30 24:00 there.
    expect(task).toMatchObject({
      kind: 'first',
      state: 'open',
      orderCode: o.code,
      centerId: w.units['C-GD'],
      outletId: w.units['O-GD-01'],
      dueFrom: '2026-11-25T16:00:00.000Z',
      dueBy: '2026-11-30T15:59:59.999Z',
      attempts: 0,
      customerName: '张三',
      actions: ['answer', 'attempt'],
    });
    expect(task.code).toMatch(/^HF20261123\d{5}$/);
    expect(task.order).toMatchObject({ serviceType: 'carry_in', solution: '清理排水泵', feeFen: 0 });
    expect(task.script.map((q: { key: string }) => q.key)).toEqual([
      'fixed',
      'feeAsRecorded',
      'attitude',
      'quality',
      'timeliness',
      'nps',
      'comments',
    ]);
    expect(task.script[1].text['zh-CN']).toContain('0.00元');
    expect(task.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'survey_sent']);
    const events = await t.database.db
      .select()
      .from(tables.events)
      .where(eq(tables.events.entityId, task.id))
      .orderBy(asc(tables.events.id));
    expect(events.map((e) => e.action)).toEqual(['callback.created']);
    // The queue shows it, the phone masked.
    const list = await as['gd.center']!.get(`/api/callbacks?q=${o.code}`);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: task.id, phone: '138****8000' }] });
    // The center's agent who makes the call sees the number whole on the task; a reader who neither
    // works it nor serves the order (the auditor) sees it masked.
    const agent = await as['gd.center']!.get(`/api/callbacks/${task.id}`);
    expect(agent.body).toMatchObject({ contactMasked: false, phone: '13800138000' });
    const auditor = await as.auditor!.get(`/api/callbacks/${task.id}`);
    expect(auditor.body).toMatchObject({ contactMasked: true, phone: '138****8000' });
    const upcoming = await as['gd.center']!.get(`/api/callbacks?q=${o.code}&due=upcoming`);
    expect(upcoming.body.total).toBe(1);
    const today = await as['gd.center']!.get(`/api/callbacks?q=${o.code}&due=today`);
    expect(today.body.total).toBe(0);
  });

  it('a 0 % plan samples nothing; a plan with a second callback schedules it after the answer', async () => {
    await setPlans([{ ...ALL, sharePercent: 0 }]);
    const none = await completedOrder();
    const rows = await t.database.db
      .select()
      .from(tables.callbackTasks)
      .where(eq(tables.callbackTasks.orderId, none.id));
    expect(rows).toHaveLength(0);

    t.clock.advance(1000);
    await setPlans([{ ...ALL, secondWithinDays: 7 }]);
    t.clock.advance(1000);
    const o = await completedOrder();
    const task = await taskOf(o.id);
    const done = await answer(task, GOOD);
    const second = done.outcomes.find((x: { kind: string }) => x.kind === 'second_callback');
    expect(second).toBeDefined();
    const s = await taskOf(o.id, 'second');
    expect(s).toMatchObject({ id: second.refId, kind: 'second', state: 'open', dueBy: '2026-11-30T15:59:59.999Z' });
    t.clock.advance(1000);
    await setPlans([ALL]);
    t.clock.advance(1000);
  });

  it('a checks plan (decoration) makes one task per check day after acceptance, a week each, and sends no survey', async () => {
    await setPlans([
      ALL,
      { ...ALL, serviceType: 'carry_in', kind: 'checks', firstAfterDays: [0, 0], checkDays: [30, 100, 200, 300] },
    ]);
    t.clock.advance(1000);
    const sms = () => surveyMessages();
    const before = (await sms()).length;
    const o = await completedOrder();
    const rows = await t.database.db
      .select()
      .from(tables.callbackTasks)
      .where(eq(tables.callbackTasks.orderId, o.id))
      .orderBy(asc(tables.callbackTasks.seq));
    expect(rows.map((r) => [r.kind, r.seq, r.plan.checkDay, r.dueFrom.toISOString()])).toEqual([
      ['check', 1, 30, '2026-12-22T16:00:00.000Z'],
      ['check', 2, 100, '2027-03-02T16:00:00.000Z'],
      ['check', 3, 200, '2027-06-10T16:00:00.000Z'],
      ['check', 4, 300, '2027-09-18T16:00:00.000Z'],
    ]);
    expect(rows[0]!.dueBy.toISOString()).toBe('2026-12-29T15:59:59.999Z');
    expect((await sms()).length).toBe(before);
    const first = await taskOf(o.id, 'check');
    expect(first.timeline[0].text['zh-CN']).toMatch(/验收后第(30|100|200|300)天/);
    // A bad plan is refused naming the field: check days out of order.
    const bad = await as.admin!.put('/api/settings/callbacks.plans', {
      value: [{ ...ALL, kind: 'checks', checkDays: [100, 30] }],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('checkDays');
    t.clock.advance(1000);
    await setPlans([ALL]);
    t.clock.advance(1000);
  });
});

describe('the completion message', () => {
  const mailTemplate = (enabled: boolean) => {
    const mail = MESSAGE_EVENTS['order.completed'].channels.email;
    return as.admin!.post('/api/messages/templates/order.completed/email', {
      enabled,
      subject: mail.subject,
      body: mail.body,
    });
  };

  it('is one per channel, carrying the survey link when the plan samples the order and none otherwise', async () => {
    const on = await mailTemplate(true);
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    await t.database.db
      .update(tables.customers)
      .set({ email: 'zhang.san@example.com' })
      .where(eq(tables.customers.id, w.customerId));
    t.clock.advance(1000);
    try {
      const sampled = await completedOrder();
      const msgs = await completionMessages(sampled.code);
      expect(msgs.map((m) => [m.channel, m.recipient])).toEqual([
        ['email', 'zhang.san@example.com'],
        ['sms', '13800138000'],
      ]);
      const url = String(msgs[0]!.params.surveyUrl);
      expect(url).toMatch(/^http:\/\/localhost:3000\/portal\/survey\/[A-Za-z0-9_-]{32}$/);
      for (const m of msgs) {
        expect(m.params).toMatchObject({ orderCode: sampled.code, surveyUrl: url });
        expect(String(m.params.surveyUntil)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
        expect(m.body).toContain(sampled.code);
        expect(m.body).toContain(url);
      }
      // No second message about the survey: the link rides on the completion message only.
      const carrying = (await t.database.db.select().from(tables.outbox)).filter((m) => m.body.includes(url));
      expect(carrying.map((m) => m.template)).toEqual(['order.completed', 'order.completed']);

      await setPlans([{ ...ALL, sharePercent: 0 }]);
      t.clock.advance(1000);
      const unsampled = await completedOrder();
      const tasks = await t.database.db
        .select()
        .from(tables.callbackTasks)
        .where(eq(tables.callbackTasks.orderId, unsampled.id));
      expect(tasks).toEqual([]);
      const plain = await completionMessages(unsampled.code);
      expect(plain.map((m) => m.channel)).toEqual(['email', 'sms']);
      for (const m of plain) {
        expect(m.params.surveyUrl).toBeNull();
        expect(m.body).toContain(unsampled.code);
        expect(m.body).not.toContain('/portal/survey/');
      }
    } finally {
      await setPlans([ALL]);
      await mailTemplate(false);
      await t.database.db.update(tables.customers).set({ email: null }).where(eq(tables.customers.id, w.customerId));
      t.clock.advance(1000);
    }
  });
});

describe('answers', () => {
  it('fixed and the fee as recorded: the order is confirmed', async () => {
    const o = await completedOrder();
    const task = await taskOf(o.id);
    const done = await answer(task, { ...GOOD, comments: '很满意' });
    expect(done).toMatchObject({
      state: 'done',
      version: task.version + 1,
      actions: [],
      answer: { fixed: true, feeAsRecorded: true, attitude: 5, nps: 9, comments: '很满意', by: expect.any(String) },
    });
    expect(done.outcomes.map((x: { kind: string }) => x.kind)).toEqual(['order_confirmed']);
    const order = (await as.dispatcher!.get(`/api/orders/${o.id}`)).body;
    expect(order.state).toBe('confirmed');
    expect(done.order.state).toBe('confirmed');
    const events = await t.database.db
      .select()
      .from(tables.events)
      .where(eq(tables.events.entityId, task.id))
      .orderBy(asc(tables.events.id));
    expect(events.map((e) => e.action)).toEqual(['callback.created', 'callback.answered']);
    // Answered again: refused, the state named.
    const again = await as['gd.center']!.post(`/api/callbacks/${task.id}/answer`, { version: done.version, ...GOOD });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('callback.wrong_state');
  });

  it('not fixed: the order is reopened as a linked repeat visit, not confirmed', async () => {
    const o = await completedOrder();
    const task = await taskOf(o.id);
    const done = await answer(task, { ...GOOD, fixed: false, quality: 3 }, 'hotline');
    const repeat = done.outcomes.find((x: { kind: string }) => x.kind === 'repeat_visit');
    expect(repeat, JSON.stringify(done.outcomes)).toBeDefined();
    expect(done.outcomes.map((x: { kind: string }) => x.kind)).not.toContain('order_confirmed');
    const original = (await as.dispatcher!.get(`/api/orders/${o.id}`)).body;
    expect(original).toMatchObject({ reopenedAsId: repeat.refId });
    const visit = (await as.dispatcher!.get(`/api/orders/${repeat.refId}`)).body;
    expect(visit).toMatchObject({ repeatOfId: o.id, code: repeat.refCode });
    expect(JSON.stringify(original.timeline)).toContain('回访：未修好');
  });

  it('the fee differs from the record: a fee complaint from the callback, naming both amounts', async () => {
    const o = await completedOrder();
    const task = await taskOf(o.id);
    const done = await answer(task, { ...GOOD, feeAsRecorded: false, feeSaidFen: 5000 });
    const fee = done.outcomes.find((x: { kind: string }) => x.kind === 'fee_complaint');
    expect(fee, JSON.stringify(done.outcomes)).toBeDefined();
    expect(done.answer).toMatchObject({ feeAsRecorded: false, feeSaidFen: 5000 });
    const c = (await as.complaints!.get(`/api/complaints/${fee.refId}`)).body;
    expect(c).toMatchObject({ source: 'callback', type: 'fees', orders: [{ id: o.id }], code: fee.refCode });
    expect(c.summary).toContain('50.00元');
    expect(c.summary).toContain('0.00元');
    // Not confirmed while the fee is in question.
    expect((await as.dispatcher!.get(`/api/orders/${o.id}`)).body.state).toBe('completed');
  });

  it('a low score opens a complaint typed by the lowest score and notifies the outlet’s manager, with a link to the order', async () => {
    const o = await completedOrder();
    const task = await taskOf(o.id);
    const done = await answer(task, { ...GOOD, attitude: 2, comments: '工程师迟到还不耐烦' });
    expect(done.outcomes.map((x: { kind: string }) => x.kind)).toEqual([
      'order_confirmed',
      'low_score_complaint',
      'low_score_notice',
    ]);
    const opened = done.outcomes.find((x: { kind: string }) => x.kind === 'low_score_complaint');
    const c = (await as.complaints!.get(`/api/complaints/${opened.refId}`)).body;
    expect(c).toMatchObject({ source: 'callback', type: 'attitude', code: opened.refCode });
    expect(c.summary).toContain('工程师迟到还不耐烦');
    const inbox = (await as['gd01.manager']!.get('/api/inbox')).body;
    const notice = inbox.items.find((i: { link: string | null }) => i.link === `/orders/${o.id}`);
    expect(notice, JSON.stringify(inbox.items.slice(0, 3))).toBeDefined();
    expect(notice.title['zh-CN']).toContain(o.code);
    const other = (await as['gd02.manager']!.get('/api/inbox')).body;
    expect(JSON.stringify(other)).not.toContain(o.code);
  });

  it('an order confirmed by hand meanwhile: the answer is recorded and says so', async () => {
    const o = await completedOrder();
    const task = await taskOf(o.id);
    await act('gd.dispatch', o, 'confirm');
    const done = await answer(task, GOOD);
    expect(done.state).toBe('done');
    expect(done.outcomes.map((x: { kind: string }) => x.kind)).toEqual(['order_not_confirmable']);
  });
});

describe('attempts', () => {
  it('three failed attempts close the task as unreachable; an attempt before the retry time is refused', async () => {
    const o = await completedOrder();
    let task = await taskOf(o.id);
    const post = (body: Record<string, unknown>) =>
      as['gd.center']!.post(`/api/callbacks/${task.id}/attempts`, { version: task.version, ...body });
    let res = await post({ result: 'no_answer' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    task = res.body;
    expect(task).toMatchObject({ state: 'open', attempts: 1 });
    expect(Date.parse(task.nextAttemptAt) - t.clock.now().getTime()).toBe(4 * H);
    const early = await post({ result: 'busy' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('callback.attempt_too_early');
    expect(early.body.params.at).toBe(task.nextAttemptAt);
    await advance(4 * H);
    res = await post({ result: 'busy', note: '下午再打' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    task = res.body;
    await advance(4 * H);
    res = await post({ result: 'no_answer' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    task = res.body;
    expect(task).toMatchObject({ state: 'unreachable', attempts: 3, nextAttemptAt: null, actions: [] });
    expect(task.attemptsHistory.map((a: { n: number; result: string }) => [a.n, a.result])).toEqual([
      [1, 'no_answer'],
      [2, 'busy'],
      [3, 'no_answer'],
    ]);
    expect(task.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'created',
      'survey_sent',
      'attempt',
      'attempt',
      'attempt',
      'unreachable',
    ]);
    const after = await post({ result: 'no_answer' });
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('callback.wrong_state');
  });

  it('a stale version is refused with 409; cancelling needs callbacks.manage and a reason', async () => {
    const o = await completedOrder();
    const task = await taskOf(o.id);
    const first = await as['gd.center']!.post(`/api/callbacks/${task.id}/attempts`, {
      version: task.version,
      result: 'wrong_number',
    });
    expect(first.status).toBe(200);
    const stale = await as['gd.center']!.post(`/api/callbacks/${task.id}/answer`, { version: task.version, ...GOOD });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('entity.version_conflict');
    const forbidden = await as['gd.center']!.post(`/api/callbacks/${task.id}/cancel`, {
      version: first.body.version,
      reason: '客户已投诉',
    });
    expect(forbidden.status).toBe(403);
    const cancelled = await as.admin!.post(`/api/callbacks/${task.id}/cancel`, {
      version: first.body.version,
      reason: '客户要求不再回访',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', cancelReason: '客户要求不再回访' });
  });
});

describe('scope and input', () => {
  it('an outlet manager reads its own outlet’s tasks only; another center’s staff sees none', async () => {
    const o = await completedOrder();
    const task = await taskOf(o.id);
    const mine = (await as['gd01.manager']!.get('/api/callbacks?pageSize=200')).body;
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.items.every((i: { outletId: string }) => i.outletId === w.units['O-GD-01'])).toBe(true);
    expect((await as['gd01.manager']!.get(`/api/callbacks/${task.id}`)).body.actions).toEqual([]);
    expect((await as['gd02.manager']!.get('/api/callbacks')).body.total).toBe(0);
    expect((await as['gd02.manager']!.get(`/api/callbacks/${task.id}`)).status).toBe(404);
    expect((await as['zj.center']!.get('/api/callbacks')).body.total).toBe(0);
    expect((await as['zj.center']!.get(`/api/callbacks/${task.id}`)).status).toBe(404);
    const foreign = await as['zj.center']!.post(`/api/callbacks/${task.id}/answer`, { version: task.version, ...GOOD });
    expect(foreign.status).toBe(404);
    // An outlet manager reads but does not work the queue.
    const om = await as['gd01.manager']!.post(`/api/callbacks/${task.id}/answer`, { version: task.version, ...GOOD });
    expect(om.status).toBe(403);
    // HQ's hotline sees it, the auditor reads it.
    expect((await as.hotline!.get(`/api/callbacks/${task.id}`)).status).toBe(200);
    expect((await as.auditor!.get(`/api/callbacks/${task.id}`)).body.actions).toEqual([]);
  });

  it('bad input is a 400 naming the field, in both languages', async () => {
    const o = await completedOrder();
    const task = await taskOf(o.id);
    for (const lang of ['zh-CN', 'en']) {
      // The reader's language is their profile's.
      expect((await as['gd.center']!.patch('/api/auth/me', { lang })).status).toBe(200);
      const res = await as['gd.center']!.request(
        'POST',
        `/api/callbacks/${task.id}/answer`,
        { version: task.version, ...GOOD, attitude: 7 },
        { 'accept-language': lang },
      );
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.attitude']);
      const fee = await as['gd.center']!.request(
        'POST',
        `/api/callbacks/${task.id}/answer`,
        { version: task.version, ...GOOD, feeAsRecorded: false },
        { 'accept-language': lang },
      );
      expect(fee.status).toBe(400);
      expect(fee.body).toMatchObject({ code: 'callback.fee_said_required', errors: [{ path: 'body.feeSaidFen' }] });
      expect(fee.body.detail).toContain('feeSaidFen');
      expect(fee.body.detail).toMatch(lang === 'en' ? /the fee differs/ : /收费与记录不符/);
    }
    await as['gd.center']!.patch('/api/auth/me', { lang: 'zh-CN' });
    const badDue = await as['gd.center']!.get('/api/callbacks?due=later');
    expect(badDue.status).toBe(400);
    expect(badDue.body.errors[0].path).toContain('due');
    const period = await as['gd.center']!.get('/api/callback-scores?level=outlet&from=2026-11-30&to=2026-11-01');
    expect(period.status).toBe(400);
    expect(period.body).toMatchObject({ code: 'callback.period_invalid', errors: [{ path: 'querystring.to' }] });
  });
});

describe('scores', () => {
  it('per outlet and per technician over the answers of the period, with their number', async () => {
    const outlets = (await as['gd.center']!.get('/api/callback-scores?level=outlet&from=2026-11-01&to=2026-11-30'))
      .body;
    const gd01 = outlets.items.find((r: { id: string }) => r.id === w.units['O-GD-01']);
    const answered = await t.database.db
      .select()
      .from(tables.callbackTasks)
      .where(eq(tables.callbackTasks.state, 'done'));
    expect(gd01).toMatchObject({ callbacks: answered.length });
    expect(gd01.attitude).toBeGreaterThan(1);
    expect(gd01.nps).not.toBeNull();
    const techs = (await as['gd.center']!.get('/api/callback-scores?level=technician&from=2026-11-01&to=2026-11-30'))
      .body;
    expect(techs).toMatchObject({ level: 'technician', total: 0, items: [] });
    expect((await as['zj.center']!.get('/api/callback-scores?from=2026-11-01&to=2026-11-30')).body.total).toBe(0);
  });

  it('of one unit only (the outlet page); an unknown unit is not found, naming the field', async () => {
    const period = 'from=2026-11-01&to=2026-11-30';
    const own = await as['gd.center']!.get(`/api/callback-scores?level=outlet&unitId=${w.units['O-GD-01']}&${period}`);
    expect(own.body.items.map((r: { id: string }) => r.id)).toEqual([w.units['O-GD-01']]);
    const other = await as['gd.center']!.get(
      `/api/callback-scores?level=outlet&unitId=${w.units['O-GD-02']}&${period}`,
    );
    expect(other.body.total).toBe(0);
    const center = await as['gd.center']!.get(`/api/callback-scores?level=outlet&unitId=${w.units['C-GD']}&${period}`);
    expect(center.body.total).toBe(1);
    const unknown = await as['gd.center']!.get(
      `/api/callback-scores?level=outlet&unitId=00000000-0000-4000-8000-000000000000&${period}`,
    );
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).toContain('querystring.unitId');
  });

  it('the dispatch suggestion shows the suggested outlet’s rolling satisfaction beside its reasons', async () => {
    const made = await as.hotline!.post('/api/orders', {
      customerId: w.customerId,
      unitId: w.unitId,
      serviceType: 'carry_in',
      faultDescription: '噪音大',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const o = await act('dispatcher', made.body, 'dispatch', { toUnitId: w.units['C-GD'] });
    const s = await as['gd.dispatch']!.get(`/api/orders/${o.id}/suggestion`);
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body.outlet.unitId).toBe(w.units['O-GD-01']);
    const line = s.body.outlet.reasons.at(-1);
    expect(line['zh-CN']).toMatch(/^近90天回访满意率[\d.]+%（\d+次回访）$/);
    expect(line.en).toMatch(/^callback satisfaction [\d.]+% over the last 90 days \(\d+ callbacks\)$/);
  });
});

describe('complaints in the scores', () => {
  const PERIOD = 'from=2026-11-01&to=2026-12-31';
  const outletRow = async (who: string, unit = 'O-GD-01') => {
    const res = await as[who]!.get(`/api/callback-scores?level=outlet&${PERIOD}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return {
      list: res.body,
      row: res.body.items.find((r: { id: string }) => r.id === w.units[unit]),
    };
  };

  it('a discipline outcome against an outlet counts in its score; a technician’s in theirs and their outlet’s', async () => {
    const before = await outletRow('gd.center');
    expect(before.list.deductions).toEqual({ complaint: 5, penalty: 5 });
    expect(before.row).toMatchObject({ complaints: 0, penalties: 0 });
    expect(before.row.score).toBe(before.row.satisfaction);
    const o = await completedOrder();
    const opened = await as.hotline!.post('/api/complaints', {
      source: 'hotline',
      customerId: w.customerId,
      type: 'attitude',
      summary: '工程师态度差',
      orderIds: [o.id],
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    // Opened, not yet found with anyone: it does not count.
    expect((await outletRow('gd.center')).row).toMatchObject({ complaints: 0 });
    const decided = await as.complaints!.post(`/api/complaints/${opened.body.id}/responsibility`, {
      kind: 'outlet',
      id: w.units['O-GD-01'],
      correctiveAction: '网点内部培训',
      penaltyFen: 20_000,
      reason: '服务态度差',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const after = await outletRow('gd.center');
    expect(after.row).toMatchObject({ complaints: 1, penalties: 1, satisfaction: before.row.satisfaction });
    expect(after.row.score).toBe(Math.max(0, Math.round((before.row.satisfaction - 10) * 100) / 100));
    // The outlet's manager reads it on the outlet's own figures; another outlet's manager does not.
    expect((await outletRow('gd01.manager')).row).toMatchObject({ complaints: 1, penalties: 1 });
    const other = await as['gd02.manager']!.get(`/api/callback-scores?level=outlet&${PERIOD}`);
    expect(other.body.items.find((r: { id: string }) => r.id === w.units['O-GD-01'])).toBeUndefined();
    // The dispatch suggestion's line says it.
    const made = await as.hotline!.post('/api/orders', {
      customerId: w.customerId,
      unitId: w.unitId,
      serviceType: 'carry_in',
      faultDescription: '噪音大',
    });
    const d = await act('dispatcher', made.body, 'dispatch', { toUnitId: w.units['C-GD'] });
    const s = await as['gd.dispatch']!.get(`/api/orders/${d.id}/suggestion`);
    expect(s.body.outlet.unitId).toBe(w.units['O-GD-01']);
    const line = s.body.outlet.reasons.at(-1);
    expect(line['zh-CN']).toMatch(/^近90天回访满意率[\d.]+%（\d+次回访）；有责投诉1起（处罚1起），评分[\d.]+$/);
    expect(line.en).toMatch(/; 1 complaint held against them \(1 with a penalty\), score [\d.]+$/);

    // Moved to a technician of the outlet, without a penalty: the technician gets a row of their
    // own (no callbacks behind it, so no score), and the outlet still counts it, now unpunished.
    const moved = await as.complaints!.post(`/api/complaints/${opened.body.id}/responsibility`, {
      kind: 'technician',
      id: w.users['gd01.tech1'],
      correctiveAction: '个人培训',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((await outletRow('gd.center')).row).toMatchObject({ complaints: 1, penalties: 0 });
    const techs = await as['gd.center']!.get(`/api/callback-scores?level=technician&${PERIOD}`);
    expect(techs.body.items).toEqual([
      expect.objectContaining({
        id: w.users['gd01.tech1'],
        callbacks: 0,
        satisfaction: null,
        complaints: 1,
        penalties: 0,
        score: null,
      }),
    ]);
    // Found with a department after all: it no longer counts against anyone.
    const dept = await as.complaints!.post(`/api/complaints/${opened.body.id}/responsibility`, {
      kind: 'maker',
      name: '某压缩机厂',
      correctiveAction: '反馈厂家',
    });
    expect(dept.status, JSON.stringify(dept.body)).toBe(200);
    expect((await outletRow('gd.center')).row).toMatchObject({ complaints: 0, penalties: 0 });
  });
});

describe('the survey by message', () => {
  /** The link the completion message carried for the order's task. */
  async function surveyToken(orderCode: string): Promise<string> {
    const [msg] = await completionMessages(orderCode);
    expect(msg?.params.orderCode).toBe(orderCode);
    expect(msg).toMatchObject({ channel: 'sms', recipient: '13800138000' });
    expect(msg!.body).toContain(String(msg!.params.surveyUrl));
    const url = String(msg!.params.surveyUrl);
    expect(url).toMatch(/^http:\/\/localhost:3000\/portal\/survey\/[A-Za-z0-9_-]{32}$/);
    return url.slice(url.lastIndexOf('/') + 1);
  }
  const get = (token: string, lang = 'zh-CN') =>
    t.request({ method: 'GET', url: `/api/portal/survey/${token}`, headers: { 'accept-language': lang } });
  const post = (token: string, body: unknown, lang = 'zh-CN') =>
    t.request({
      method: 'POST',
      url: `/api/portal/survey/${token}`,
      payload: body as object,
      headers: { 'accept-language': lang },
    });

  it('the customer answers once on the page: the order is confirmed as on the phone; a second answer is refused', async () => {
    await setPlans([ALL]);
    const o = await completedOrder();
    const token = await surveyToken(o.code);
    const page = await get(token);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body).toMatchObject({
      state: 'open',
      orderCode: o.code,
      serviceType: 'carry_in',
      feeFen: 0,
      expiresAt: '2026-11-30T15:59:59.999Z',
    });
    expect(JSON.stringify(page.body)).not.toContain('张三');
    expect(JSON.stringify(page.body)).not.toContain('13800138000');
    expect(page.body.questions).toHaveLength(7);

    // A wrong field is refused, naming it, and leaves the link open.
    const bad = await post(token, { ...GOOD, feeAsRecorded: false }, 'en');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('feeSaidFen');
    const badScore = await post(token, { ...GOOD, attitude: 9 });
    expect(badScore.status).toBe(400);
    expect(JSON.stringify(badScore.body)).toContain('attitude');

    const ok = await post(token, { ...GOOD, comments: '师傅很专业' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const task = await taskOf(o.id);
    expect(task).toMatchObject({
      state: 'done',
      answer: { channel: 'survey', by: '客户', comments: '师傅很专业' },
      outcomes: [{ kind: 'order_confirmed' }],
    });
    const order = await as.dispatcher!.get(`/api/orders/${o.id}`);
    expect(order.body.state).toBe('confirmed');

    const again = await post(token, GOOD);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('link.used');
    expect((await get(token)).body.state).toBe('answered');
  });

  it('"not fixed" on the page reopens the order as a repeat visit, like the agent’s answer', async () => {
    const o = await completedOrder();
    const token = await surveyToken(o.code);
    const res = await post(token, { ...GOOD, fixed: false });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const task = await taskOf(o.id);
    expect(task.outcomes.map((x: { kind: string }) => x.kind)).toEqual(['repeat_visit']);
  });

  it('answered on the phone first, the link is refused; past the window it has expired; an unknown token is not found', async () => {
    const o = await completedOrder();
    const token = await surveyToken(o.code);
    const task = await taskOf(o.id);
    await answer(task, GOOD);
    const late = await post(token, GOOD, 'en');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('link.used');

    const o2 = await completedOrder();
    const token2 = await surveyToken(o2.code);
    await advance(8 * 24 * H);
    const expired = await post(token2, GOOD);
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('link.expired');
    expect((await get(token2)).body.state).toBe('expired');
    expect((await taskOf(o2.id)).state).toBe('open');

    const unknown = await get('A'.repeat(32));
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('link.not_found');
    expect((await get('short')).status).toBe(404);
  });

  it('with the setting off no link is sent: the completion message goes without one', async () => {
    const res = await as.admin!.put('/api/settings/callbacks.surveySms', { value: 'off' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const before = await surveyMessages();
    const o = await completedOrder();
    expect(await surveyMessages()).toHaveLength(before.length);
    const [msg] = await completionMessages(o.code);
    expect(msg).toMatchObject({ channel: 'sms', params: { orderCode: o.code, surveyUrl: null } });
    expect(msg!.body).not.toContain('http');
    expect((await taskOf(o.id)).timeline.map((e: { kind: string }) => e.kind)).toEqual(['created']);
    await as.admin!.put('/api/settings/callbacks.surveySms', { value: 'send' });
  });
});
