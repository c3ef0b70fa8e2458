import { and, inArray, lt } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { outbox } from './tables.js';

/**
 * How long finished outbox rows stay. They hold phone numbers, mail addresses and one-time-code
 * texts (DOMAIN.md, Privacy), and the audit trail already records what was sent and why; three
 * months is enough to answer "did the customer get the message?". Pending rows are never pruned.
 */
export const OUTBOX_KEEP_DAYS = 90;

export async function pruneOutbox(db: DbLike, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - OUTBOX_KEEP_DAYS * 24 * 3600_000);
  const gone = await db
    .delete(outbox)
    .where(and(inArray(outbox.status, ['sent', 'logged', 'failed']), lt(outbox.createdAt, cutoff)))
    .returning({ id: outbox.id });
  return gone.length;
}
