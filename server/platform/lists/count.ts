import { count, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';

/**
 * Counting stops here: a long list (the audit trail, the outbox) runs to hundreds of thousands of
 * rows, and an exact total of them costs more than the page itself; past it a list says "10 000+".
 */
export const COUNT_CAP = 10_000;

/** The `total` of a keyset-paged list: rows matching its filter (not the cursor), counted up to the cap. */
export async function cappedTotal(
  db: Db,
  table: PgTable,
  where: SQL | undefined,
): Promise<{ total: number; totalCapped: boolean }> {
  const matching = db
    .select({ one: sql`1` })
    .from(table)
    .where(where)
    .limit(COUNT_CAP + 1)
    .as('capped');
  const [row] = await db.select({ n: count() }).from(matching);
  const n = row?.n ?? 0;
  return { total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
}
