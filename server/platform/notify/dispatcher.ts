import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, DbLike } from '../../db/client.js';
import { LogChannel, type NotificationChannel, type OutgoingMessage } from './channels.js';
import { outbox } from './tables.js';

/** Attempts after which a message is given up as 'failed' (the outbox page shows the errors). */
export const MAX_SEND_ATTEMPTS = 5;
const BATCH = 20;

type Channels = Partial<Record<OutgoingMessage['channel'], NotificationChannel>>;

/**
 * Claims up to `limit` pending rows with FOR UPDATE SKIP LOCKED, so several app instances never
 * send the same message twice, sends them and records the outcome, all in one transaction per
 * batch. Channels without an implementation fall back to `fallback` (the log channel).
 */
export async function dispatchOutbox(
  db: DbLike,
  opts: { channels?: Channels; fallback: NotificationChannel; now: Date; limit?: number },
): Promise<{ sent: number; failed: number }> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(outbox)
      .where(eq(outbox.status, 'pending'))
      .orderBy(asc(outbox.createdAt))
      .limit(opts.limit ?? BATCH)
      .for('update', { skipLocked: true });
    let sent = 0;
    let failed = 0;
    for (const row of rows) {
      // Sequential on purpose: a provider's rate limit applies per account, not per row.
      const channel = opts.channels?.[row.channel] ?? opts.fallback;
      const at = opts.now.toISOString();
      try {
        await channel.send({ ...row, params: row.params ?? {} });
        await tx
          .update(outbox)
          .set({
            status: channel.outcome ?? 'sent',
            sentAt: opts.now,
            attempts: sql`${outbox.attempts} || ${JSON.stringify([{ at }])}::jsonb`,
          })
          .where(eq(outbox.id, row.id));
        sent += 1;
      } catch (err) {
        const attempts = (row.attempts?.length ?? 0) + 1;
        await tx
          .update(outbox)
          .set({
            status: attempts >= MAX_SEND_ATTEMPTS ? 'failed' : 'pending',
            attempts: sql`${outbox.attempts} || ${JSON.stringify([{ at, error: String((err as Error)?.message ?? err).slice(0, 500) }])}::jsonb`,
          })
          .where(eq(outbox.id, row.id));
        failed += 1;
      }
    }
    return { sent, failed };
  });
}

/** Pending rows waiting, for health and tests. */
export async function pendingCount(db: DbLike, ids?: string[]): Promise<number> {
  const where = ids?.length ? and(eq(outbox.status, 'pending'), inArray(outbox.id, ids)) : eq(outbox.status, 'pending');
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(where);
  return row?.n ?? 0;
}

/**
 * Sends the outbox every few seconds on every instance (claims keep them apart). The timer never
 * keeps the process alive. Returns a stop function that waits for a running batch.
 */
export function startOutboxDispatcher(
  database: Database,
  clock: () => Date,
  log: FastifyBaseLogger,
  opts: { intervalMs?: number; channels?: Channels } = {},
): () => Promise<void> {
  const fallback = new LogChannel(log);
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      // Drain: keep going while full batches come back.
      for (let i = 0; i < 50 && !stopped; i++) {
        const r = await dispatchOutbox(database.db, { channels: opts.channels, fallback, now: clock() });
        if (r.sent + r.failed < BATCH) break;
      }
    })()
      .catch((err) => log.warn({ err }, 'outbox dispatch failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.intervalMs ?? 3_000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
