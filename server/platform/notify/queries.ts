import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { requirePermission, withinScope } from '../access/index.js';
import type { Actor } from '../access/actor.js';
import type { Ctx } from '../context.js';
import { AppError, fieldError } from '../errors.js';
import { getSetting } from '../config/index.js';
import { appendEvent } from '../events/append.js';
import { cappedTotal } from '../lists/count.js';
import { recordNotFound } from '../records.js';

const MESSAGE = { 'zh-CN': '消息', en: 'Message' };
import type { OutboxMessage, OutboxPage, OutboxQuery } from './contract.js';
import { outbox } from './tables.js';

/** Keyset cursor: the last row's creation time and id, so paging stays fast and stable under inserts. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const d = new Date(at ?? '');
  if (!id || Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { at: d, id };
}

/**
 * The outbox within the actor's data scope: a message about an order or customer carries its
 * org path; a company-wide one (no path: staff mail, one-time codes) is seen at the top only.
 */
export function outboxInScope(actor: Actor): SQL {
  if (actor.kind === 'system') return sql`true`;
  const atTop = actor.orgPath.split('/').filter(Boolean).length <= 1;
  return atTop
    ? sql`(${outbox.orgPath} is null or ${withinScope(actor, outbox.orgPath)})`
    : sql`(${outbox.orgPath} is not null and ${withinScope(actor, outbox.orgPath)})`;
}

type Row = typeof outbox.$inferSelect;
const iso = (d: Date | null) => d?.toISOString() ?? null;

export const outboxView = (r: Row): OutboxMessage => ({
  ...r,
  nextAttemptAt: r.nextAttemptAt.toISOString(),
  createdAt: r.createdAt.toISOString(),
  sentAt: iso(r.sentAt),
  deliveredAt: iso(r.deliveredAt),
  failedAt: iso(r.failedAt),
});

/** The outbox, newest first, keyset-paged; the dead-letter list is `status=failed`. */
export async function listOutbox(ctx: Ctx, q: OutboxQuery): Promise<OutboxPage> {
  requirePermission(ctx.actor, 'messages.read');
  const where: SQL[] = [outboxInScope(ctx.actor)];
  if (q.recipient) where.push(eq(outbox.recipient, q.recipient));
  if (q.channel) where.push(eq(outbox.channel, q.channel));
  if (q.status) where.push(eq(outbox.status, q.status));
  if (q.template) where.push(eq(outbox.template, q.template));
  if (q.customerId) where.push(eq(outbox.customerId, q.customerId));
  const filter = and(...where);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    if (!c) throw fieldError('querystring.cursor', 'validation.failed');
    where.push(sql`(${outbox.createdAt}, ${outbox.id}) < (${c.at.toISOString()}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await ctx.db
    .select()
    .from(outbox)
    .where(and(...where))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const counted = await cappedTotal(ctx.db, outbox, filter);
  return {
    ...counted,
    items: page.map(outboxView),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

async function loadInScope(db: DbLike, ctx: Ctx, id: string, lock = false): Promise<Row> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw recordNotFound(ctx.lang, MESSAGE);
  const q = db
    .select()
    .from(outbox)
    .where(and(eq(outbox.id, id), outboxInScope(ctx.actor)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw recordNotFound(ctx.lang, MESSAGE);
  return row;
}

export async function getOutboxMessage(ctx: Ctx, id: string): Promise<OutboxMessage> {
  requirePermission(ctx.actor, 'messages.read');
  return outboxView(await loadInScope(ctx.db, ctx, id));
}

/**
 * A dead letter back into the queue (optionally to a corrected address): pending at once with a
 * fresh count of attempts, its history kept. Only failed messages: a sent one is never sent twice.
 */
export async function resendMessage(
  ctx: Ctx,
  id: string,
  body: { recipient?: string; note?: string },
): Promise<OutboxMessage> {
  requirePermission(ctx.actor, 'messages.manage');
  return ctx.db.transaction(async (tx) => {
    const row = await loadInScope(tx, ctx, id, true);
    if (row.status !== 'failed') throw new AppError('message.not_resendable', { status: row.status });
    const [updated] = await tx
      .update(outbox)
      .set({
        status: 'pending',
        recipient: body.recipient ?? row.recipient,
        nextAttemptAt: ctx.now,
        failedAt: null,
        leaseUntil: null,
        attempts: sql`${outbox.attempts} || ${JSON.stringify([{ at: ctx.now.toISOString(), resend: ctx.actor.displayName }])}::jsonb`,
      })
      .where(eq(outbox.id, id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'outbox',
      entityId: id,
      action: 'message.resent',
      before: { status: row.status, recipient: row.recipient },
      after: { status: 'pending', recipient: updated!.recipient },
      reason: body.note ?? null,
      orgPath: row.orgPath ?? undefined,
    });
    return outboxView(updated!);
  });
}

/**
 * Sent, delivered, failed per channel and company day (docs/messages.md, Delivery report), within
 * the actor's scope. A message counts on the day it was made.
 */
export async function deliveryReport(ctx: Ctx, q: { from: string; to: string; channel?: 'sms' | 'email' | 'wechat' }) {
  requirePermission(ctx.actor, 'messages.read');
  if (q.to < q.from) throw fieldError('querystring.to', 'validation.failed');
  const zone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  const day = sql<string>`to_char(${outbox.createdAt} at time zone ${zone}, 'YYYY-MM-DD')`;
  const where: SQL[] = [
    outboxInScope(ctx.actor),
    sql`${outbox.createdAt} >= (${q.from}::date::timestamp at time zone ${zone})`,
    sql`${outbox.createdAt} < ((${q.to}::date + 1)::timestamp at time zone ${zone})`,
  ];
  if (q.channel) where.push(eq(outbox.channel, q.channel));
  const n = (status: string) => sql<number>`count(*) filter (where ${outbox.status} = ${status})::int`;
  const rows = await ctx.db
    .select({
      day,
      channel: outbox.channel,
      queued: sql<number>`count(*)::int`,
      // Delivered messages were sent first; logged ones count as sent in development.
      sent: sql<number>`count(*) filter (where ${outbox.status} in ('sent', 'delivered', 'logged'))::int`,
      delivered: n('delivered'),
      failed: n('failed'),
      suppressed: n('suppressed'),
      waiting: sql<number>`count(*) filter (where ${outbox.status} in ('pending', 'sending'))::int`,
    })
    .from(outbox)
    .where(and(...where))
    // By position: the zone is a parameter, and PostgreSQL matches GROUP BY expressions by text.
    .groupBy(sql`1`, sql`2`)
    .orderBy(sql`1`, sql`2`);
  const totals = new Map<string, Omit<(typeof rows)[number], 'day'>>();
  for (const r of rows) {
    const t = totals.get(r.channel) ?? {
      channel: r.channel,
      queued: 0,
      sent: 0,
      delivered: 0,
      failed: 0,
      suppressed: 0,
      waiting: 0,
    };
    for (const k of ['queued', 'sent', 'delivered', 'failed', 'suppressed', 'waiting'] as const) t[k] += r[k];
    totals.set(r.channel, t);
  }
  return { rows, totals: [...totals.values()] };
}
