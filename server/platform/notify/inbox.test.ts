import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgUnits, users } from '../identity/tables.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { inboxItems, inboxRecipients, notifyInbox } from './index.js';

const text = { 'zh-CN': '测试', en: 'test' };

describe('inbox', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  let outlet = '';

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    for (const u of await t.database.db.select({ id: users.id, username: users.username }).from(users))
      ids[u.username] = u.id;
    outlet = (await t.database.db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, 'O-GD-01')))[0]!
      .id;
  });
  afterAll(() => t.close());

  it('finds the people of a unit by permission or role, not the whole subtree', async () => {
    const db = t.database.db;
    expect((await inboxRecipients(db, { orgUnitId: outlet, permission: 'orders.execute' })).sort()).toEqual(
      [ids['gd01.manager'], ids['gd01.tech1'], ids['gd01.tech2']].sort(),
    );
    expect(await inboxRecipients(db, { orgUnitId: outlet, role: 'outlet_manager' })).toEqual([ids['gd01.manager']]);
    expect(await inboxRecipients(db, { orgUnitId: t.hqId, permission: 'orders.execute' })).not.toContain(
      ids['gd01.tech1'],
    );
  });

  it('writes one notice per recipient only when the transaction commits', async () => {
    const db = t.database.db;
    await expect(
      db.transaction(async (tx) => {
        await notifyInbox(tx, { userIds: [ids['gd01.tech1']!], title: text, body: text, at: t.clock.now() });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await db.select().from(inboxItems).where(eq(inboxItems.userId, ids['gd01.tech1']!))).toEqual([]);
    const sent = await db.transaction((tx) =>
      notifyInbox(tx, {
        userIds: [ids['gd01.tech1']!],
        orgUnitId: outlet,
        role: 'technician',
        title: text,
        body: text,
        link: '/x',
        at: t.clock.now(),
      }),
    );
    expect(sent.sort()).toEqual([ids['gd01.tech1'], ids['gd01.tech2']].sort());
    const rows = await db.select().from(inboxItems).where(eq(inboxItems.userId, ids['gd01.tech1']!));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ title: text, link: '/x', readAt: null });
    expect(await db.transaction((tx) => notifyInbox(tx, { title: text, body: text }))).toEqual([]);
  });

  it('lists unread first and pages', async () => {
    const tech = await t.login('gd01.tech1');
    const db = t.database.db;
    await db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) {
        t.clock.advance(1000);
        await notifyInbox(tx, {
          userIds: [ids['gd01.tech1']!],
          title: { 'zh-CN': `第${i}条`, en: `#${i}` },
          body: text,
          at: t.clock.now(),
        });
      }
    });
    const all = await tech.get('/api/inbox?pageSize=2');
    expect(all.body).toMatchObject({ total: 4, unread: 4 });
    expect(all.body.items.map((i: { title: { en: string } }) => i.title.en)).toEqual(['#2', '#1']);
    await tech.post(`/api/inbox/${all.body.items[0].id}/read`);
    const after = await tech.get('/api/inbox?pageSize=10');
    expect(after.body.items.map((i: { title: { en: string } }) => i.title.en)).toEqual(['#1', '#0', 'test', '#2']);
    expect((await tech.get('/api/inbox?unread=true')).body.total).toBe(3);
  });
});
