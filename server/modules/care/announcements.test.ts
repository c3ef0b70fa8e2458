import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { type ServiceWorld, setUpServiceWorld } from '../../test/service-world.js';
import { fireAnnouncements } from './announcements.js';

/*
 * Announcements ahead of a campaign or promotion (docs/care.md, "Announcements"), through the API
 * on a real database: scheduled for the event day less 14 days at 09:00, sent once to the
 * consenting customers of the segment, never before its time, never after it was cancelled; bad
 * input names the field; a center sees and reaches only its own area. The test clock starts at
 * 2026-11-23 10:00 in Asia/Shanghai.
 */

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  await t.database.db
    .update(tables.customers)
    .set({ consentMessages: true })
    .where(eq(tables.customers.id, w.customerId));
  for (const u of ['admin', 'gd.center', 'zj.center']) as[u] = await t.login(u);
}, 120_000);
afterAll(async () => {
  await t.close();
});

const sent = () =>
  t.database.db
    .select()
    .from(tables.outbox)
    .where(and(eq(tables.outbox.template, 'care.announcement'), eq(tables.outbox.recipient, '13800138000')));

describe('announcements', () => {
  let id: string;

  it('refuses an event day not after today, and a sending day outside today…event, naming the field', async () => {
    const past = await as.admin!.post('/api/care/announcements', {
      title: '以旧换新',
      body: '以旧换新活动即将开始',
      eventOn: '2026-11-23',
    });
    expect(past.status).toBe(400);
    expect(JSON.stringify(past.body)).toContain('body.eventOn');
    const late = await as.admin!.post('/api/care/announcements', {
      title: '以旧换新',
      body: '以旧换新活动即将开始',
      eventOn: '2026-12-13',
      sendOn: '2026-12-14',
    });
    expect(late.status).toBe(400);
    expect(JSON.stringify(late.body)).toContain('body.sendOn');
    const short = await as.admin!.post('/api/care/announcements', { title: 'x', body: 'y', eventOn: '2026-12-13' });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).toContain('body.title');
  });

  it('is scheduled two weeks ahead at 09:00, with the customers it would reach', async () => {
    const res = await as.admin!.post('/api/care/announcements', {
      title: '洗衣机免费清洗周',
      body: '12月13日起洗衣机免费清洗一周，欢迎预约。',
      eventOn: '2026-12-13',
      provinceCodes: ['440000'],
      productLineIds: [w.lineId],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      state: 'scheduled',
      sendAt: '2026-11-29T01:00:00.000Z',
      audience: 1,
      actions: ['cancel'],
    });
    id = res.body.id;
    // Another province, or another product line: nobody.
    const zj = await as.admin!.post('/api/care/announcements', {
      title: '浙江专场',
      body: '浙江地区专场活动',
      eventOn: '2026-12-13',
      provinceCodes: ['330000'],
    });
    expect(zj.body.audience).toBe(0);
  });

  it('is sent once at its time, to the consenting customers only', async () => {
    expect(await fireAnnouncements(t.database.db, t.clock.now())).toBe(0);
    expect(await sent()).toHaveLength(0);
    t.clock.set('2026-11-29T01:00:00Z');
    expect(await fireAnnouncements(t.database.db, t.clock.now())).toBeGreaterThanOrEqual(1);
    const msgs = await sent();
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.body).toContain('免费清洗');
    expect(await fireAnnouncements(t.database.db, t.clock.now())).toBe(0);
    expect(await sent()).toHaveLength(1);
    for (const u of ['admin', 'gd.center', 'zj.center']) as[u] = await t.login(u);
    const list = (await as.admin!.get('/api/care/announcements')).body;
    expect(list.items.find((a: { id: string }) => a.id === id)).toMatchObject({
      state: 'sent',
      audience: 1,
      actions: [],
    });
    const events = await t.database.db.select().from(tables.events).where(eq(tables.events.entityId, id));
    expect(events.map((e) => e.action)).toEqual(['care.announcement_scheduled', 'care.announcement_sent']);
  });

  it('a cancelled one is never sent; cancelling twice is refused', async () => {
    const made = await as.admin!.post('/api/care/announcements', {
      title: '延保优惠',
      body: '延保服务限时八折。',
      eventOn: '2026-12-20',
      sendOn: '2026-11-30',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const cancelled = await as.admin!.post(`/api/care/announcements/${made.body.id}/cancel`, {
      version: made.body.version,
      reason: '活动延期',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', cancelReason: '活动延期', actions: [] });
    const again = await as.admin!.post(`/api/care/announcements/${made.body.id}/cancel`, {
      version: cancelled.body.version,
      reason: '活动延期',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('care.announcement_not_scheduled');
    t.clock.set('2026-12-01T02:00:00Z');
    await fireAnnouncements(t.database.db, t.clock.now());
    const msgs = await t.database.db
      .select()
      .from(tables.outbox)
      .where(eq(tables.outbox.template, 'care.announcement'));
    expect(msgs.some((m) => m.body.includes('延保服务限时八折'))).toBe(false);
  });

  it('a center announces within its own area and sees only its own', async () => {
    for (const u of ['admin', 'gd.center', 'zj.center']) as[u] = await t.login(u);
    const gd = await as['gd.center']!.post('/api/care/announcements', {
      title: '广东服务月',
      body: '广东服务月，上门检测免费。',
      eventOn: '2026-12-30',
    });
    expect(gd.status, JSON.stringify(gd.body)).toBe(201);
    expect(gd.body.audience).toBe(1);
    const zj = await as['zj.center']!.post('/api/care/announcements', {
      title: '浙江服务月',
      body: '浙江服务月，上门检测免费。',
      eventOn: '2026-12-30',
    });
    expect(zj.body.audience).toBe(0);
    const zjList = (await as['zj.center']!.get('/api/care/announcements')).body;
    expect(zjList.items.map((a: { title: string }) => a.title)).toEqual(['浙江服务月']);
    const cross = await as['zj.center']!.post(`/api/care/announcements/${gd.body.id}/cancel`, {
      version: gd.body.version,
      reason: '越界',
    });
    expect(cross.status).toBe(404);
  });
});
