import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.js';
import { migrateDatabase } from '../../db/migrate.js';
import type { NotificationChannel, OutgoingMessage } from './channels.js';
import { dispatchOutbox } from './dispatcher.js';
import { outbox } from './tables.js';

/*
 * Two instances (two connection pools, as two processes would have) drain one outbox at the same
 * time: every message is sent exactly once (docs/messages.md, Delivery). PostgreSQL only: PGlite
 * is one process's database.
 */
const serverUrl = process.env.TEST_DATABASE_URL;

class Slow implements NotificationChannel {
  readonly name = 'slow';
  sent: OutgoingMessage[] = [];
  async send(msg: OutgoingMessage) {
    await new Promise((r) => setTimeout(r, 2));
    this.sent.push(msg);
    return { providerId: msg.id };
  }
}

describe.skipIf(!serverUrl)('two instances sending one outbox', () => {
  let a: Database;
  let b: Database;
  beforeAll(async () => {
    a = await openDatabase({ databaseUrl: serverUrl, poolSize: 5 });
    b = await openDatabase({ databaseUrl: serverUrl, poolSize: 5 });
    await migrateDatabase(a);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('sends each message once', async () => {
    const now = new Date();
    const marker = `test.two_instances.${randomUUID()}`;
    const rows = Array.from({ length: 400 }, (_, i) => ({
      channel: 'sms' as const,
      recipient: `1390000${String(i).padStart(4, '0')}`,
      template: marker,
      body: `第${i}条`,
      nextAttemptAt: now,
      createdAt: now,
    }));
    const ids = (await a.db.insert(outbox).values(rows).returning({ id: outbox.id })).map((r) => r.id);
    const sa = new Slow();
    const sb = new Slow();
    const drain = async (db: Database, ch: Slow) => {
      for (;;) {
        const r = await dispatchOutbox(db.db, { fallback: ch, now, limit: 25 });
        if (r.claimed === 0) break;
      }
    };
    await Promise.all([drain(a, sa), drain(b, sb)]);
    const mine = [...sa.sent, ...sb.sent].filter((m) => m.template === marker).map((m) => m.id);
    expect(mine).toHaveLength(400);
    expect(new Set(mine).size).toBe(400);
    // Both took part: the claims interleave rather than one instance doing it all.
    expect(sa.sent.length).toBeGreaterThan(0);
    expect(sb.sent.length).toBeGreaterThan(0);
    const states = await a.db.select({ status: outbox.status }).from(outbox).where(inArray(outbox.id, ids));
    expect(states.every((s) => s.status === 'sent')).toBe(true);
  });
});
