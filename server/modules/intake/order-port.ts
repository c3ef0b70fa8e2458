import { sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import type { TrackedOrder } from './rules.js';

/*
 * The state of the work order a service request became, for the customer's tracking page, read
 * from the work-order module's table BY NAME. That module sits above this one
 * (docs/architecture.md), so it cannot be imported; like warranty/history-port.ts this one file
 * reads `work_orders` with raw SQL and nothing else in the module touches it. Keep the column
 * names in step with server/modules/work-orders/tables.ts.
 */

const toDate = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v));

export async function trackedOrder(db: DbLike, orderId: string): Promise<TrackedOrder | null> {
  const res = await db.execute(sql`
    select state, booked_from, booked_to, booked_confirmed
    from work_orders where id = ${orderId}::uuid`);
  const [row] = (res as unknown as { rows: Record<string, unknown>[] }).rows;
  if (!row) return null;
  return {
    state: String(row.state),
    bookedFrom: toDate(row.booked_from),
    bookedTo: toDate(row.booked_to),
    bookedConfirmed: row.booked_confirmed === true,
  };
}
