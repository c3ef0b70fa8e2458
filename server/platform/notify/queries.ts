import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { requirePermission } from '../access/index.js';
import type { Ctx } from '../context.js';
import { fieldError } from '../errors.js';
import { cappedTotal } from '../lists/count.js';
import type { OutboxPage, OutboxQuery } from './contract.js';
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

/** The outbox, newest first (admin page; company-wide, guarded by settings.read). */
export async function listOutbox(ctx: Ctx, q: OutboxQuery): Promise<OutboxPage> {
  requirePermission(ctx.actor, 'settings.read');
  const where: SQL[] = [];
  if (q.recipient) where.push(eq(outbox.recipient, q.recipient));
  if (q.channel) where.push(eq(outbox.channel, q.channel));
  if (q.status) where.push(eq(outbox.status, q.status));
  const filter = where.length ? and(...where) : undefined;
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    if (!c) throw fieldError('querystring.cursor', 'validation.failed');
    where.push(sql`(${outbox.createdAt}, ${outbox.id}) < (${c.at.toISOString()}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await ctx.db
    .select()
    .from(outbox)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const counted = await cappedTotal(ctx.db, outbox, filter);
  return {
    ...counted,
    items: page.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}
