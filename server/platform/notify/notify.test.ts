import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import type { NotificationChannel, OutgoingMessage } from './channels.js';
import type { DbLike } from '../../db/client.js';
import { dispatchOutbox, outbox, sendMessage } from './index.js';
import { retryDelayMs } from './rules.js';

const MAX_SEND_ATTEMPTS = 6;

const quiet = { info() {}, warn() {} } as never;

class Recorder implements NotificationChannel {
  readonly name = 'recorder';
  readonly outcome = 'sent' as const;
  sent: OutgoingMessage[] = [];
  constructor(private readonly fail = false) {}
  async send(msg: OutgoingMessage) {
    if (this.fail) throw new Error('gateway down');
    this.sent.push(msg);
  }
}

describe('outbox', () => {
  let t: TestApp;
  let admin: Agent;
  /** One text message through the one sender: a one-time code (sent at any hour, queued now). */
  const send = (tx: DbLike, phone: string, code = '123456') =>
    sendMessage(tx, { event: 'portal.otp', to: { phone }, params: { code, minutes: 5 } }, t.clock.now());

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  it('writes messages only when the causing transaction commits', async () => {
    const db = t.database.db;
    await expect(
      db.transaction(async (tx) => {
        await send(tx, '13800000001');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await db.select().from(outbox)).toEqual([]);
    await db.transaction((tx) => send(tx, '13800000001'));
    const [row] = await db.select().from(outbox);
    expect(row).toMatchObject({
      status: 'pending',
      channel: 'sms',
      recipient: '13800000001',
      template: 'portal.otp',
      params: { code: '123456', minutes: 5 },
      nextAttemptAt: t.clock.now(),
    });
    expect(row!.body).toContain('123456');
  });

  it('sends pending messages once, through the log channel by default', async () => {
    const db = t.database.db;
    const sms = new Recorder();
    const r = await dispatchOutbox(db, { channels: { sms }, fallback: new Recorder(true), now: t.clock.now() });
    expect(r).toMatchObject({ sent: 1, retried: 0, failed: 0, claimed: 1 });
    expect(sms.sent.map((m) => m.recipient)).toEqual(['13800000001']);
    expect(await dispatchOutbox(db, { channels: { sms }, fallback: sms, now: t.clock.now() })).toMatchObject({
      sent: 0,
      retried: 0,
      failed: 0,
      claimed: 0,
    });

    await db.transaction((tx) => send(tx, '13800000002'));
    const { LogChannel } = await import('./channels.js');
    await dispatchOutbox(db, { fallback: new LogChannel(quiet), now: t.clock.now() });
    const [row] = await db.select().from(outbox).where(eq(outbox.recipient, '13800000002'));
    expect(row).toMatchObject({ status: 'logged', attempts: [{ at: t.clock.now().toISOString() }] });
  });

  it('retries a failing channel after a growing wait and gives up after the last attempt', async () => {
    const db = t.database.db;
    await db.transaction((tx) => send(tx, '13800000003'));
    const broken = new Recorder(true);
    for (let i = 1; i <= MAX_SEND_ATTEMPTS; i++) {
      const last = i === MAX_SEND_ATTEMPTS;
      expect(
        await dispatchOutbox(db, { fallback: broken, now: t.clock.now(), maxAttempts: MAX_SEND_ATTEMPTS }),
      ).toMatchObject({
        sent: 0,
        retried: last ? 0 : 1,
        failed: last ? 1 : 0,
        claimed: 1,
      });
      const [row] = await db.select().from(outbox).where(eq(outbox.recipient, '13800000003'));
      expect(row!.status).toBe(last ? 'failed' : 'pending');
      if (!last) {
        // Not due again before its backoff has passed.
        expect(row!.nextAttemptAt.getTime()).toBe(t.clock.now().getTime() + retryDelayMs(i));
        t.clock.advance(retryDelayMs(i) - 1);
        expect((await dispatchOutbox(db, { fallback: broken, now: t.clock.now() })).claimed).toBe(0);
        t.clock.advance(1);
      }
      expect(row!.attempts).toHaveLength(i);
      expect(row!.attempts[i - 1]!.error).toBe('gateway down');
    }
  });

  it('never hands one message to two dispatchers at once', async () => {
    const db = t.database.db;
    await db.transaction(async (tx) => {
      for (let i = 0; i < 30; i++) await send(tx, `1390000${String(i).padStart(4, '0')}`, 'race');
    });
    const a = new Recorder();
    const b = new Recorder();
    await Promise.all([
      dispatchOutbox(db, { fallback: a, now: t.clock.now(), limit: 20 }),
      dispatchOutbox(db, { fallback: b, now: t.clock.now(), limit: 20 }),
    ]);
    await dispatchOutbox(db, { fallback: a, now: t.clock.now(), limit: 20 });
    const all = [...a.sent, ...b.sent].filter((m) => m.params.code === 'race').map((m) => m.recipient);
    expect(all).toHaveLength(30);
    expect(new Set(all).size).toBe(30);
  });

  it('lists messages newest first with filters and keyset pages for the admin page', async () => {
    t.clock.advance(1000);
    await t.database.db.transaction((tx) => send(tx, '13800000009'));
    const first = await admin.get('/api/outbox?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items[0].recipient).toBe('13800000009');
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await admin.get(`/api/outbox?limit=2&cursor=${first.body.nextCursor}`);
    const seen = new Set([...first.body.items, ...second.body.items].map((m: { id: string }) => m.id));
    expect(seen.size).toBe(4);
    expect(second.body.total).toBe(first.body.total);
    const failed = await admin.get('/api/outbox?status=failed&channel=sms');
    expect(failed.body.items.map((m: { recipient: string }) => m.recipient)).toEqual(['13800000003']);
    const one = await admin.get('/api/outbox?recipient=13800000009');
    expect(one.body).toMatchObject({
      items: [{ template: 'portal.otp', status: 'pending' }],
      total: 1,
      totalCapped: false,
      nextCursor: null,
    });
    expect((await admin.get('/api/outbox?cursor=garbage')).status).toBe(400);
    expect((await t.request({ method: 'GET', url: '/api/outbox' })).status).toBe(401);
  });
});
