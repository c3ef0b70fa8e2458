import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, DbLike } from '../../db/client.js';
import { getSetting } from '../config/index.js';
import { DeliveryError, LogChannel, type NotificationChannel, type OutgoingMessage } from './channels.js';
import type { MessageChannel } from './events.js';
import { retryDelayMs } from './rules.js';
import { outbox } from './tables.js';

/*
 * Sending (docs/messages.md, Delivery). Any instance claims a batch of due rows in a short
 * transaction (FOR UPDATE SKIP LOCKED, so two instances never claim one row) and marks them
 * 'sending' with a lease; it then talks to the providers outside any transaction — a slow SMS
 * gateway never holds a database connection or lock — and records each outcome. A row still
 * 'sending' after its lease belongs to an instance that stopped mid-batch and is claimed again.
 */

export type Channels = Partial<Record<MessageChannel, NotificationChannel>>;

const BATCH = 100;
/** Longer than any send may take (providers time out after 10 s), so a live claim is never taken over. */
export const LEASE_MS = 5 * 60_000;
/** Messages in flight at once per instance and channel. */
const CONCURRENCY = 16;

type Row = typeof outbox.$inferSelect;

export interface DispatchOptions {
  channels?: Channels;
  fallback: NotificationChannel;
  now: Date;
  limit?: number;
  maxAttempts?: number;
  /** Per-channel allowance for this round (the rate limiter's tokens); none: `limit` each. */
  allowance?: Partial<Record<MessageChannel, number>>;
}

export interface DispatchResult {
  sent: number;
  retried: number;
  failed: number;
  claimed: number;
  /** Claimed per channel (what the rate limiter spends). */
  byChannel: Record<MessageChannel, number>;
}

/** Claims up to `limit` due rows of one channel for this instance. */
export async function claimDue(db: DbLike, channel: MessageChannel, now: Date, limit: number): Promise<Row[]> {
  if (limit <= 0) return [];
  const lease = new Date(now.getTime() + LEASE_MS);
  return db.transaction(async (tx) => {
    const due = tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.status, 'pending'),
          eq(outbox.channel, channel),
          sql`${outbox.nextAttemptAt} <= ${now.toISOString()}::timestamptz`,
        ),
      )
      .orderBy(outbox.nextAttemptAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    return tx.update(outbox).set({ status: 'sending', leaseUntil: lease }).where(inArray(outbox.id, due)).returning();
  });
}

/** Rows whose claim ran out (their instance stopped) go back to pending. */
export async function releaseStaleClaims(db: DbLike, now: Date): Promise<number> {
  const rows = await db
    .update(outbox)
    .set({ status: 'pending', leaseUntil: null, nextAttemptAt: now })
    .where(and(eq(outbox.status, 'sending'), sql`${outbox.leaseUntil} < ${now.toISOString()}::timestamptz`))
    .returning({ id: outbox.id });
  return rows.length;
}

const attemptEntry = (e: Record<string, unknown>) => sql`${outbox.attempts} || ${JSON.stringify([e])}::jsonb`;
const short = (s: string | null | undefined) => (s ? s.slice(0, 500) : null);

/** Sends one claimed row and records what happened. */
async function deliver(
  db: DbLike,
  row: Row,
  channel: NotificationChannel,
  now: Date,
  maxAttempts: number,
): Promise<'sent' | 'retried' | 'failed'> {
  const at = now.toISOString();
  const msg: OutgoingMessage = { ...row, params: row.params ?? {} };
  const mine = and(eq(outbox.id, row.id), eq(outbox.status, 'sending'));
  try {
    const r = await channel.send(msg);
    await db
      .update(outbox)
      .set({
        status: channel.outcome ?? 'sent',
        sentAt: now,
        leaseUntil: null,
        providerId: r?.providerId ?? null,
        providerAnswer: short(r?.answer),
        attempts: attemptEntry({ at }),
      })
      .where(mine);
    return 'sent';
  } catch (err) {
    const permanent = err instanceof DeliveryError && err.permanent;
    const error = short(String((err as Error)?.message ?? err))!;
    const answer = err instanceof DeliveryError ? short(err.answer) : null;
    const attempts = (row.attempts?.filter((a) => !a.resend).length ?? 0) + 1;
    const giveUp = permanent || attempts >= maxAttempts;
    await db
      .update(outbox)
      .set(
        giveUp
          ? {
              status: 'failed',
              failedAt: now,
              leaseUntil: null,
              providerAnswer: answer ?? error,
              attempts: attemptEntry({ at, error, ...(permanent ? { permanent: true } : {}) }),
            }
          : {
              status: 'pending',
              leaseUntil: null,
              nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
              providerAnswer: answer ?? error,
              attempts: attemptEntry({ at, error }),
            },
      )
      .where(mine);
    return giveUp ? 'failed' : 'retried';
  }
}

/** Runs `fn` over `items`, at most `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

/**
 * One round: for each channel, claim due rows (within the allowance) and send them. Channels
 * without a provider fall back to `fallback` (the log channel: development).
 */
export async function dispatchOutbox(db: DbLike, opts: DispatchOptions): Promise<DispatchResult> {
  const result: DispatchResult = {
    sent: 0,
    retried: 0,
    failed: 0,
    claimed: 0,
    byChannel: { sms: 0, email: 0, wechat: 0 },
  };
  const maxAttempts = opts.maxAttempts ?? 6;
  for (const name of ['sms', 'email', 'wechat'] as const) {
    const limit = Math.min(opts.limit ?? BATCH, opts.allowance?.[name] ?? Number.POSITIVE_INFINITY);
    const rows = await claimDue(db, name, opts.now, limit);
    if (!rows.length) continue;
    result.claimed += rows.length;
    result.byChannel[name] = rows.length;
    const channel = opts.channels?.[name] ?? opts.fallback;
    await pool(rows, CONCURRENCY, async (row) => {
      result[await deliver(db, row, channel, opts.now, maxAttempts)] += 1;
    });
  }
  return result;
}

/** Pending rows waiting, for health and tests. */
export async function pendingCount(db: DbLike, ids?: string[]): Promise<number> {
  const where = ids?.length ? and(eq(outbox.status, 'pending'), inArray(outbox.id, ids)) : eq(outbox.status, 'pending');
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(where);
  return row?.n ?? 0;
}

/**
 * A token bucket per channel: each instance sends at most `rate` messages a second per channel
 * (messages.ratePerSecond), bursting to one second's worth.
 */
export class RateLimiter {
  private tokens = new Map<MessageChannel, { n: number; at: number }>();
  allowance(channel: MessageChannel, rate: number, nowMs: number): number {
    const b = this.tokens.get(channel) ?? { n: rate, at: nowMs };
    b.n = Math.min(rate, b.n + ((nowMs - b.at) / 1000) * rate);
    b.at = nowMs;
    this.tokens.set(channel, b);
    return Math.floor(b.n);
  }
  spend(channel: MessageChannel, n: number): void {
    const b = this.tokens.get(channel);
    if (b) b.n -= n;
  }
}

/** Where the dispatcher gets its providers: rebuilt when the channel settings change. */
export type ChannelSource = (now: Date) => Promise<Channels>;

/**
 * Sends the outbox every few seconds on every instance (claims keep them apart). The timer never
 * keeps the process alive. Returns a stop function that waits for a running round.
 */
export function startOutboxDispatcher(
  database: Database,
  clock: () => Date,
  log: FastifyBaseLogger,
  opts: { intervalMs?: number; channels?: ChannelSource; onRound?: (r: DispatchResult) => void } = {},
): () => Promise<void> {
  const fallback = new LogChannel(log);
  const limiter = new RateLimiter();
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      await releaseStaleClaims(database.db, clock());
      // Drain: keep going while rounds find work, within each channel's rate.
      for (let i = 0; i < 500 && !stopped; i++) {
        const now = clock();
        const rate = await getSetting(database.db, 'messages.ratePerSecond', now);
        const maxAttempts = await getSetting(database.db, 'messages.maxAttempts', now);
        const allowance = {
          sms: limiter.allowance('sms', rate.sms, Date.now()),
          email: limiter.allowance('email', rate.email, Date.now()),
          wechat: limiter.allowance('wechat', rate.wechat, Date.now()),
        };
        const channels = opts.channels ? await opts.channels(now) : {};
        const r = await dispatchOutbox(database.db, { channels, fallback, now, allowance, maxAttempts });
        for (const c of ['sms', 'email', 'wechat'] as const) limiter.spend(c, r.byChannel[c]);
        opts.onRound?.(r);
        if (r.claimed === 0) {
          // Out of tokens with work waiting: wait for the bucket, not for the next tick.
          if (Object.values(allowance).some((a) => a < 1)) await new Promise((res) => setTimeout(res, 100));
          else break;
        }
      }
    })()
      .catch((err) => log.warn({ err }, 'outbox dispatch failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.intervalMs ?? 2_000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
