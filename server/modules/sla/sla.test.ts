import { and, eq, like, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../platform/context.js';
import { events } from '../../platform/events/index.js';
import { orgUnits, users } from '../../platform/identity/tables.js';
import { inboxItems, outbox, staffMailPrefs } from '../../platform/notify/index.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import {
  applySignal,
  applySlaSignal,
  endedMilestonesOfMany,
  ensureSlaDefaults,
  fireDueMilestones,
  type Milestone,
  milestonesOf,
  milestonesOfMany,
  loadCalendarSpecs,
  planNewOrderMilestones,
  type SlaSignal,
  type SlaSubject,
  startSlaScheduler,
} from './index.js';
import { slaMilestones, slaPolicies } from './tables.js';

const sh = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const MIN = 60_000;

describe('time limits on orders', () => {
  let t: TestApp;
  let admin: Agent;
  const paths: Record<string, string> = {};
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await t.login('admin');
    for (const code of ['HQ', 'C-GD', 'O-GD-01', 'O-GD-02']) {
      const [u] = await t.database.db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.code, code));
      paths[code] = u!.path;
    }
  });
  afterAll(() => t.close());

  const subject = (over: Partial<SlaSubject> = {}): SlaSubject => {
    n += 1;
    return {
      orderId: crypto.randomUUID(),
      orderCode: `WO-T${n}`,
      orgPath: paths.HQ!,
      serviceType: 'on_site',
      productLineId: null,
      customerKind: 'individual',
      zone: 'near',
      faultLevel: null,
      provinceCode: '44',
      reportedAt: t.clock.now(),
      ...over,
    };
  };
  const signal = (s: SlaSubject, sig: SlaSignal, at: Date, extra?: { reason?: string; excused?: boolean }) =>
    t.database.db.transaction((tx) => applySlaSignal(tx, systemCtx(t.database.db, { now: at }), s, sig, at, extra));
  const byKey = async (s: SlaSubject, now: Date) => {
    const list = await milestonesOf(t.database.db, s.orderId, now);
    const map: Record<string, Milestone> = {};
    for (const m of list) map[m.key] = m; // later rows (restarts) win
    return { list, map };
  };

  it('seeds the default calendars and policies at setup', async () => {
    const cals = await admin.get('/api/sla/calendars');
    expect(cals.status).toBe(200);
    expect(cals.body.items.map((c: { code: string }) => c.code)).toEqual(['hotline-24x7', 'office']);
    const office = cals.body.items.find((c: { code: string }) => c.code === 'office');
    expect(office).toMatchObject({ kind: 'working', timeZone: null, effectiveTimeZone: 'Asia/Shanghai' });
    expect(office.hours[0]).toEqual([
      { from: '09:00', to: '12:00' },
      { from: '13:00', to: '18:00' },
    ]);
    const policies = await admin.get('/api/sla/policies');
    expect(policies.body.items.map((p: { code: string }) => p.code)).toEqual(['default', 'far']);
    const far = policies.body.items.find((p: { code: string }) => p.code === 'far');
    expect(far.milestones.find((m: { key: string }) => m.key === 'on_site').limitMinutes).toBe(72 * 60);
    expect(far.specificity).toBe(1);
    // Server start tops up a system set up earlier; running it again changes nothing.
    await ensureSlaDefaults(t.database.db);
    expect((await admin.get('/api/sla/calendars')).body.items).toHaveLength(2);
    expect((await admin.get('/api/sla/policies')).body.items).toHaveLength(2);
  });

  it('server start seeds the defaults into a system set up before the module existed', async () => {
    const { slaCalendars, slaPolicies } = await import('./tables.js');
    const empty = await createTestApp({ setup: false });
    const older = await createTestApp();
    try {
      await ensureSlaDefaults(empty.database.db);
      expect(await empty.database.db.select().from(slaCalendars)).toEqual([]);
      await older.database.db.delete(slaPolicies);
      await older.database.db.delete(slaCalendars);
      await ensureSlaDefaults(older.database.db);
      expect((await older.database.db.select().from(slaCalendars)).map((c) => c.code).sort()).toEqual([
        'hotline-24x7',
        'office',
      ]);
      expect((await older.database.db.select().from(slaPolicies)).map((p) => p.code).sort()).toEqual([
        'default',
        'far',
      ]);
    } finally {
      await empty.close();
      await older.close();
    }
  });

  it('created starts hq_dispatch, on_site, resolved and the 7-day cap from the report time', async () => {
    const start = sh('2026-11-23 10:00'); // Monday
    t.clock.set(start);
    const s = subject({ reportedAt: new Date(start.getTime() - 2 * MIN) });
    await signal(s, 'created', start);
    const { list, map } = await byKey(s, start);
    // Listed in chain order, each saying which kind of time its minutes count.
    expect(list.map((m) => m.key)).toEqual(['hq_dispatch', 'on_site', 'resolved', 'resolved_cap']);
    expect(map.resolved!.timeKind).toBe('working');
    expect(map.on_site!.timeKind).toBe('calendar');
    expect(map.hq_dispatch!.state).toBe('running');
    expect(map.hq_dispatch!.dueAt).toBe(new Date(start.getTime() + 13 * MIN).toISOString());
    expect(map.hq_dispatch!.remainingMinutes).toBe(13);
    expect(map.on_site!.dueAt).toBe(new Date(s.reportedAt.getTime() + 24 * 60 * MIN).toISOString());
    // 3 working days of 8 h on the office calendar: Mon 09:58 → Thu 09:58.
    expect(map.resolved!.dueAt).toBe(sh('2026-11-26 09:58').toISOString());
    expect(map.resolved_cap!.dueAt).toBe(new Date(s.reportedAt.getTime() + 7 * 24 * 60 * MIN).toISOString());
    expect(map.hq_dispatch!.responsibleLevel).toBe('hq');
    expect(map.hq_dispatch!.policyVersion).toBe(1);
  });

  it('warns at 75%, breaches at the due time, each exactly once, with inbox notices to the ladder', async () => {
    const start = sh('2026-11-23 11:00');
    t.clock.set(start);
    const s = subject();
    await signal(s, 'created', start);
    const db = t.database.db;
    const firedFor = async () =>
      db
        .select({ action: events.action })
        .from(events)
        .where(and(eq(events.entityId, s.orderId), like(events.action, 'sla.%')));
    await fireDueMilestones(db, new Date(start.getTime() + 10 * MIN));
    expect(await firedFor()).toEqual([]);
    await fireDueMilestones(db, new Date(start.getTime() + 12 * MIN));
    expect((await firedFor()).map((e) => e.action)).toEqual(['sla.warning']);
    await fireDueMilestones(db, new Date(start.getTime() + 12 * MIN));
    expect(await firedFor()).toHaveLength(1);
    await fireDueMilestones(db, new Date(start.getTime() + 16 * MIN));
    await fireDueMilestones(db, new Date(start.getTime() + 17 * MIN));
    expect((await firedFor()).map((e) => e.action).sort()).toEqual(['sla.breached', 'sla.warning']);

    const [dispatcher] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'dispatcher'));
    const [manager] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'manager'));
    const notices = await db.select().from(inboxItems).where(eq(inboxItems.entityId, s.orderId));
    // The warning goes to the handler level (HQ's dispatchers); the breach to every level, HQ managers included.
    expect(
      notices
        .filter((x) => x.userId === dispatcher!.id)
        .map((x) => x.title.en)
        .sort(),
    ).toEqual([`Due soon: ${s.orderCode} HQ dispatch`, `Overdue: ${s.orderCode} HQ dispatch`]);
    // The manager is on two levels (HQ handler and HQ manager) and still gets each notice once.
    expect(
      notices
        .filter((x) => x.userId === manager!.id)
        .map((x) => x.title['zh-CN'])
        .sort(),
    ).toEqual([`即将超时：${s.orderCode} 总部派单`, `已超时：${s.orderCode} 总部派单`]);

    const { map } = await byKey(s, new Date(start.getTime() + 17 * MIN));
    expect(map.hq_dispatch).toMatchObject({ state: 'breached', remainingMinutes: -2, lateMinutes: 2 });

    // Dispatching late meets it; the breach facts stay for settlement.
    await signal(s, 'dispatched_center', new Date(start.getTime() + 20 * MIN), { excused: true, reason: '暴雨停电' });
    const after = await byKey(s, new Date(start.getTime() + 20 * MIN));
    expect(after.map.hq_dispatch).toMatchObject({
      state: 'breached',
      lateMinutes: 5,
      excused: true,
      excusedReason: '暴雨停电',
    });
    expect(after.map.hq_dispatch!.metAt).toBe(new Date(start.getTime() + 20 * MIN).toISOString());
    expect(after.map.center_dispatch).toMatchObject({ state: 'running', responsibleLevel: 'center' });
  });

  it('mails a breach notice to those who asked for it (and have an address); the others get the inbox only', async () => {
    const start = sh('2026-11-23 11:30');
    t.clock.set(start);
    const db = t.database.db;
    const [dispatcher] = await db.select().from(users).where(eq(users.username, 'dispatcher'));
    const [manager] = await db.select().from(users).where(eq(users.username, 'manager'));
    await db.update(users).set({ email: 'dispatch.hq@example.com' }).where(eq(users.id, dispatcher!.id));
    await db.insert(staffMailPrefs).values({ userId: dispatcher!.id, event: 'sla.breach', createdAt: start });
    const s = subject();
    await signal(s, 'created', start);
    await fireDueMilestones(db, new Date(start.getTime() + 12 * MIN));
    await fireDueMilestones(db, new Date(start.getTime() + 17 * MIN));
    const notices = await db.select().from(inboxItems).where(eq(inboxItems.entityId, s.orderId));
    expect(notices.filter((x) => x.userId === dispatcher!.id)).toHaveLength(2);
    expect(notices.filter((x) => x.userId === manager!.id)).toHaveLength(2);
    const mails = await db
      .select()
      .from(outbox)
      .where(sql`${outbox.params}->>'title' like ${`%${s.orderCode}%`}`);
    // The breach only (no mail asked for the warning), to the dispatcher only.
    expect(mails).toMatchObject([
      { channel: 'email', template: 'sla.breach', recipient: 'dispatch.hq@example.com', orgPath: s.orgPath },
    ]);
    expect(mails[0]!.subject).toContain(`已超时：${s.orderCode}`);
    expect(mails[0]!.body).toContain(`/orders/${s.orderId}`);
    await db.delete(staffMailPrefs).where(eq(staffMailPrefs.userId, dispatcher!.id));
  });

  it('walks an order through dispatch, rejection, booking, pauses, arrival and completion', async () => {
    const t0 = sh('2026-11-24 09:30'); // Tuesday
    const at = (min: number) => new Date(t0.getTime() + min * MIN);
    const s = subject({ reportedAt: t0 });
    await signal(s, 'created', t0);
    await signal(s, 'dispatched_center', at(5));
    const s2 = { ...s, orgPath: paths['C-GD']! };
    await signal(s2, 'dispatched_outlet', at(10));
    let m = await byKey(s, at(10));
    expect(m.map.hq_dispatch!.state).toBe('met');
    expect(m.map.center_dispatch!.state).toBe('met');
    expect(m.map.appointment_contact).toMatchObject({ state: 'running', dueAt: at(70).toISOString() });
    // Listed in chain order, not by start: contact (started at dispatch) comes before on site.
    expect(m.list.map((x) => x.key)).toEqual([
      'hq_dispatch',
      'center_dispatch',
      'appointment_contact',
      'on_site',
      'resolved',
      'resolved_cap',
    ]);

    // The outlet refuses: its appointment_contact is cancelled and the center must dispatch again.
    await signal(s2, 'rejected', at(20));
    m = await byKey(s, at(20));
    expect(m.list.filter((x) => x.key === 'appointment_contact').map((x) => x.state)).toEqual(['cancelled']);
    expect(m.list.filter((x) => x.key === 'center_dispatch').map((x) => x.state)).toEqual(['met', 'running']);
    expect(m.map.center_dispatch!.startedAt).toBe(at(20).toISOString());

    const s3 = { ...s, orgPath: paths['O-GD-01']! };
    await signal(s3, 'dispatched_outlet', at(25));
    // Every row follows the unit now holding the order.
    const rows = await t.database.db
      .select({ orgPath: slaMilestones.orgPath })
      .from(slaMilestones)
      .where(eq(slaMilestones.orderId, s.orderId));
    expect(new Set(rows.map((r) => r.orgPath))).toEqual(new Set([paths['O-GD-01']]));

    // Waiting for the customer stops every clock; waiting for parts only those its policy names.
    await signal(s3, 'pause_customer', at(30), { reason: '客户出差' });
    m = await byKey(s, at(90));
    expect(m.map.appointment_contact).toMatchObject({ state: 'paused', dueAt: null, remainingMinutes: 55 });
    expect(m.map.on_site!.state).toBe('paused');
    await signal(s3, 'resume', at(90));
    m = await byKey(s, at(90));
    expect(m.map.appointment_contact).toMatchObject({
      state: 'running',
      dueAt: at(145).toISOString(),
      pausedMinutes: 60,
    });

    // Booking for Friday 14:00–16:00: on_site (24 h) moves to the window's end.
    const windowEnd = sh('2026-11-27 16:00');
    await signal({ ...s3, bookedWindowEnd: windowEnd }, 'appointment_booked', at(100));
    m = await byKey(s, at(100));
    expect(m.map.appointment_contact!.state).toBe('met');
    expect(m.map.on_site!.dueAt).toBe(windowEnd.toISOString());
    // The pause (60 min of 24x7 time) counts: the limit is the running time up to the window end.
    expect(m.map.on_site!.limitMinutes).toBe((windowEnd.getTime() - t0.getTime()) / MIN - 60);

    await signal(s3, 'pause_parts', at(200));
    m = await byKey(s, at(200));
    expect(m.map.resolved!.state).toBe('paused');
    expect(m.map.on_site!.state).toBe('running');
    expect(m.map.resolved_cap!.state).toBe('running');
    await signal(s3, 'resume', at(260));

    await signal(s3, 'arrived', sh('2026-11-27 15:00'));
    await signal(s3, 'completed', sh('2026-11-27 17:00'));
    m = await byKey(s, sh('2026-11-27 17:00'));
    expect(m.map.on_site).toMatchObject({ state: 'met', lateMinutes: 0 });
    // resolved: 3 working days from Tue 09:30 (→ Fri 09:30) plus the paused working minutes — 60 for the
    // customer, 50 for parts (12:50–13:50 minus lunch) → Fri 11:20; completed at 17:00 is 280 working minutes late.
    expect(m.map.resolved!.dueAt).toBe(sh('2026-11-27 11:20').toISOString());
    expect(m.map.resolved).toMatchObject({ state: 'breached', lateMinutes: 280, excused: false, pausedMinutes: 110 });
    expect(m.map.resolved_cap!.state).toBe('met');

    // An ended clock's figures are stored when it ends: the view read from them, the narrow read
    // settlement uses, and a walk of the calendars (the stored figures cleared) all agree.
    const done = sh('2026-11-27 17:00');
    const pick = (x: Milestone) => ({
      id: x.id,
      key: x.key,
      state: x.state,
      metAt: x.metAt,
      limitMinutes: x.limitMinutes,
      remainingMinutes: x.remainingMinutes,
      lateMinutes: x.lateMinutes,
      pausedMinutes: x.pausedMinutes,
      timeKind: x.timeKind,
      excused: x.excused,
      excusedReason: x.excusedReason,
    });
    const stored = await milestonesOf(t.database.db, s.orderId, done);
    const ended = (await endedMilestonesOfMany(t.database.db, [s.orderId], done)).get(s.orderId)!;
    expect(ended.map((x) => pick(x as Milestone))).toEqual(stored.map(pick));
    expect(stored.find((x) => x.key === 'resolved')).toMatchObject({ pausedMinutes: 110, remainingMinutes: -280 });
    await t.database.db
      .update(slaMilestones)
      .set({ remainingMinutes: null, pausedMinutes: null })
      .where(eq(slaMilestones.orderId, s.orderId));
    expect(await milestonesOf(t.database.db, s.orderId, done)).toEqual(stored);
    const walked = (await endedMilestonesOfMany(t.database.db, [s.orderId], done)).get(s.orderId)!;
    expect(walked.map((x) => pick(x as Milestone))).toEqual(stored.map(pick));

    // Reopened: a fresh resolved milestone; the first keeps its facts.
    await signal(s3, 'reopened', sh('2026-11-30 10:00'));
    m = await byKey(s, sh('2026-11-30 10:00'));
    expect(m.list.filter((x) => x.key === 'resolved').map((x) => x.state)).toEqual(['breached', 'running']);
    await signal(s3, 'cancelled', sh('2026-11-30 11:00'));
    m = await byKey(s, sh('2026-11-30 11:00'));
    expect(m.map.resolved!.state).toBe('cancelled');
  });

  it('a rejection by the center restarts HQ dispatch', async () => {
    const t0 = sh('2026-11-24 10:00');
    const s = subject({ reportedAt: t0 });
    await signal(s, 'created', t0);
    await signal(s, 'dispatched_center', new Date(t0.getTime() + 3 * MIN));
    await signal({ ...s, orgPath: paths['C-GD']! }, 'rejected', new Date(t0.getTime() + 6 * MIN));
    const m = await byKey(s, new Date(t0.getTime() + 6 * MIN));
    expect(m.list.filter((x) => x.key === 'hq_dispatch').map((x) => x.state)).toEqual(['met', 'running']);
    expect(m.map.center_dispatch!.state).toBe('cancelled');
  });

  it('picks the most specific policy and keeps the version a milestone was planned with', async () => {
    const t0 = sh('2026-11-25 10:00');
    t.clock.set(t0);
    const far = subject({ zone: 'far', reportedAt: t0 });
    await signal(far, 'created', t0);
    expect((await byKey(far, t0)).map.on_site!.dueAt).toBe(new Date(t0.getTime() + 72 * 60 * MIN).toISOString());

    const before = subject({ reportedAt: t0 });
    await signal(before, 'created', t0);
    admin = await t.login('admin');
    const history = await admin.get('/api/sla/policies/default');
    const v1 = history.body.versions[0];
    const changed = await admin.post('/api/sla/policies/default/versions', {
      ...v1,
      basedOn: 1,
      effectiveFrom: new Date(t0.getTime() + MIN).toISOString(),
      milestones: v1.milestones.map((m: { key: string }) => (m.key === 'hq_dispatch' ? { ...m, limitMinutes: 30 } : m)),
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(201);
    expect(changed.body).toMatchObject({ code: 'default', version: 2 });
    // A stale editor gets 409.
    expect((await admin.post('/api/sla/policies/default/versions', { ...v1, basedOn: 1 })).status).toBe(409);

    const later = subject({ reportedAt: new Date(t0.getTime() + 2 * MIN) });
    await signal(later, 'created', new Date(t0.getTime() + 2 * MIN));
    const many = await milestonesOfMany(
      t.database.db,
      [before.orderId, later.orderId],
      new Date(t0.getTime() + 2 * MIN),
    );
    const hq = (id: string) => many.get(id)!.find((m) => m.key === 'hq_dispatch')!;
    expect(hq(before.orderId)).toMatchObject({ policyVersion: 1, limitMinutes: 15 });
    expect(hq(later.orderId)).toMatchObject({ policyVersion: 2, limitMinutes: 30 });
    t.clock.set(new Date(t0.getTime() + 2 * MIN));
    const list = await admin.get('/api/sla/policies');
    expect(list.body.items.find((p: { code: string }) => p.code === 'default')).toMatchObject({
      version: 2,
      latestVersion: 2,
      inForce: true,
    });
  });

  it('names the field of an invalid policy or calendar, and needs settings.manage to edit', async () => {
    const bad = await admin.post('/api/sla/policies', {
      code: 'bad',
      name: '错误',
      milestones: [{ key: 'hq_dispatch', limitMinutes: 15, calendar: 'nope', responsibleLevel: 'hq' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'sla.unknown_calendar', errors: [{ path: 'body.milestones.0.calendar' }] });
    expect(bad.body.detail).toContain('nope');
    const dup = await admin.post('/api/sla/policies', {
      code: 'dup',
      name: '重复',
      milestones: [
        { key: 'on_site', limitMinutes: 15, calendar: 'office', responsibleLevel: 'technician' },
        { key: 'on_site', limitMinutes: 30, calendar: 'office', responsibleLevel: 'technician' },
      ],
    });
    expect(dup.body).toMatchObject({ code: 'sla.duplicate_milestone', errors: [{ path: 'body.milestones.1.key' }] });
    const hours = await admin.post('/api/sla/calendars', {
      code: 'night',
      name: '夜班',
      kind: 'working',
      hours: [[{ from: '18:00', to: '09:00' }], [], [], [], [], [], []],
    });
    expect(hours.body).toMatchObject({ code: 'sla.hours_invalid', errors: [{ path: 'body.hours.0.0' }] });
    const tech = await t.login('gd01.tech1');
    const cal = (await admin.get('/api/sla/calendars')).body.items[1];
    expect((await tech.patch(`/api/sla/calendars/${cal.id}`, { name: 'x', version: 1 })).status).toBe(403);
    expect((await tech.get('/api/sla/calendars')).status).toBe(200);
  });

  it('calendars: provisional years, overrides, confirmation, month view and preview', async () => {
    t.clock.set(sh('2026-11-23 10:00'));
    admin = await t.login('admin');
    const office = (await admin.get('/api/sla/calendars')).body.items.find(
      (c: { code: string }) => c.code === 'office',
    );
    const years = await admin.get('/api/sla/calendar-years');
    expect(
      years.body.items
        .filter((y: { calendarCode: string }) => y.calendarCode === 'office')
        .map((y: { year: number; provisional: boolean }) => [y.year, y.provisional]),
    ).toEqual([
      [2025, false],
      [2026, false],
      [2027, true],
    ]);
    const preview = async (start: string, limitMinutes: number) =>
      (await admin.post('/api/sla/preview', { start: sh(start).toISOString(), limitMinutes, calendarId: office.id }))
        .body;
    expect(await preview('2026-12-31 17:00', 120)).toEqual({
      due: sh('2027-01-01 10:00').toISOString(),
      provisional: true,
    });

    // An order whose "3 working days" run into 2027: provisional until the year is entered.
    const late = subject({ reportedAt: sh('2026-12-30 17:00') });
    await signal(late, 'created', sh('2026-12-30 17:00'));
    const resolved = async () => (await byKey(late, sh('2026-12-30 17:00'))).map.resolved!;
    expect(await resolved()).toMatchObject({ dueAt: sh('2027-01-04 17:00').toISOString(), provisional: true });

    // The State Council's 2027 announcement, entered by hand.
    const set = await admin.post(`/api/sla/calendars/${office.id}/overrides`, {
      items: [
        { date: '2027-01-01', kind: 'off', note: '元旦' },
        { date: '2027-01-02', kind: 'off', note: '元旦' },
      ],
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(
      (await admin.post(`/api/sla/calendars/${office.id}/years/2027/confirm`, { note: '国办发明电〔2026〕' })).status,
    ).toBe(204);
    const y2027 = (await admin.get('/api/sla/calendar-years')).body.items.find(
      (y: { calendarCode: string; year: number }) => y.calendarCode === 'office' && y.year === 2027,
    );
    expect(y2027).toMatchObject({ provisional: false, overrides: 2, packageData: false });
    expect(await preview('2026-12-31 17:00', 120)).toEqual({
      due: sh('2027-01-04 10:00').toISOString(),
      provisional: false,
    });
    // Running milestones on the calendar were planned again: New Year's Day is off, the due time is firm.
    expect(await resolved()).toMatchObject({ dueAt: sh('2027-01-05 17:00').toISOString(), provisional: false });

    const month = await admin.get(`/api/sla/calendars/${office.id}/days?month=2026-10`);
    expect(month.body.items).toHaveLength(31);
    expect(month.body.items[0]).toMatchObject({ date: '2026-10-01', work: false, source: 'statutory', name: '国庆节' });
    expect(month.body.items[9]).toMatchObject({ date: '2026-10-10', work: true, source: 'statutory' });
    const jan = await admin.get(`/api/sla/calendars/${office.id}/days?month=2027-01`);
    expect(jan.body.items[0]).toMatchObject({ work: false, source: 'override', note: '元旦', provisional: false });

    expect(
      (await admin.post(`/api/sla/calendars/${office.id}/overrides/remove`, { dates: ['2027-01-02'] })).body,
    ).toEqual({ removed: 1 });
    expect(
      (await admin.get(`/api/sla/calendars/${office.id}/overrides?year=2027`)).body.items.map(
        (o: { date: string }) => o.date,
      ),
    ).toEqual(['2027-01-01']);
    const audit = await t.database.db
      .select({ action: events.action })
      .from(events)
      .where(eq(events.entityId, office.id));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['overrides.set', 'year.confirm', 'overrides.remove']),
    );
  });

  it("shows an order's milestones only to people whose subtree holds it", async () => {
    const t0 = sh('2026-11-26 10:00');
    const s = subject({ reportedAt: t0, orgPath: paths['O-GD-01']! });
    await signal(s, 'created', t0);
    const own = await (await t.login('gd01.manager')).get(`/api/sla/orders/${s.orderId}/milestones`);
    expect(own.status).toBe(200);
    expect(own.body.items).toHaveLength(4);
    expect((await (await t.login('gd02.manager')).get(`/api/sla/orders/${s.orderId}/milestones`)).status).toBe(404);
    expect((await admin.get(`/api/sla/orders/${s.orderId}/milestones`)).status).toBe(200);
  });

  it('runs the scheduler loop against the app clock', async () => {
    const t0 = sh('2026-11-26 14:00');
    t.clock.set(t0);
    // Earlier tests' orders are long overdue by now: fire their backlog first.
    for (
      let r = await fireDueMilestones(t.database.db, t0);
      r.warnings + r.breaches > 0;
      r = await fireDueMilestones(t.database.db, t0)
    ) {}
    const s = subject({ reportedAt: t0 });
    await signal(s, 'created', t0);
    const log = { warn: (o: unknown, m: string) => console.error(m, o) } as never;
    const stop = startSlaScheduler(t.database, t.clock.now, log, { intervalMs: 20 });
    try {
      // HQ dispatch is 30 minutes since the policy's version 2 (above).
      t.clock.advance(31 * MIN);
      const deadline = Date.now() + 5_000;
      let fired: unknown[] = [];
      while (Date.now() < deadline) {
        fired = await t.database.db
          .select()
          .from(events)
          .where(and(eq(events.entityId, s.orderId), eq(events.action, 'sla.breached')));
        if (fired.length) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(fired).toHaveLength(1);
    } finally {
      await stop();
    }
  });

  it('inbox: mine only, unread first, read one and all', async () => {
    const dispatcher = await t.login('dispatcher');
    const count = (await dispatcher.get('/api/inbox/unread-count')).body.unread;
    expect(count).toBeGreaterThan(0);
    const page = await dispatcher.get('/api/inbox?pageSize=5');
    expect(page.body).toMatchObject({ unread: count, page: 1, pageSize: 5 });
    const first = page.body.items[0];
    expect((await dispatcher.post(`/api/inbox/${first.id}/read`)).body.readAt).toEqual(expect.any(String));
    expect((await dispatcher.get('/api/inbox/unread-count')).body.unread).toBe(count - 1);
    // Somebody else's notice reads as not found.
    expect((await (await t.login('gd01.manager')).post(`/api/inbox/${first.id}/read`)).status).toBe(404);
    expect((await dispatcher.post('/api/inbox/read-all')).body.updated).toBe(count - 1);
    const after = await dispatcher.get('/api/inbox');
    expect(after.body.unread).toBe(0);
    expect((await t.request({ method: 'GET', url: '/api/inbox' })).status).toBe(401);
  });
  it('created on no milestones plans exactly what planNewOrderMilestones plans for a new order', async () => {
    const db = t.database.db;
    const now = t.clock.now();
    const policies = await db.select().from(slaPolicies);
    const codes = [...new Set(policies.flatMap((p) => p.milestones.map((m) => m.calendar)))];
    const loaded = await loadCalendarSpecs(db, { codes }, now);
    const calendars = [...loaded.values()].map((c) => ({ id: c.row.id, code: c.row.code, spec: c.spec }));
    const byKey = <T extends { key: string }>(rows: T[]) => [...rows].sort((a, b) => (a.key < b.key ? -1 : 1));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<'near' | 'far' | null>('near', 'far', null),
        fc.constantFrom<'individual' | 'business'>('individual', 'business'),
        fc.integer({ min: 0, max: 400 * 1440 }),
        fc.integer({ min: 0, max: 3 * 1440 }),
        async (zone, customerKind, reportedMin, lateMin) => {
          const reportedAt = new Date(now.getTime() + reportedMin * MIN);
          const at = new Date(reportedAt.getTime() + lateMin * MIN);
          const s = subject({ zone, customerKind, reportedAt });
          const [planned] = await planNewOrderMilestones(db, [{ subject: s, at }]);
          const { updates, inserts } = applySignal([], s, 'created', at, policies, calendars);
          expect(updates).toEqual([]);
          expect(byKey(planned!.rows.map(({ id: _i, createdAt: _c, updatedAt: _u, ...rest }) => rest))).toEqual(
            byKey(inserts),
          );
          expect(planned!.rows.every((r) => r.createdAt === at && r.updatedAt === at)).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });
});
