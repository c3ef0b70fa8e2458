import type { DbLike } from '../../db/client.js';
import type { TrackedOrder } from './rules.js';

/*
 * The state of the work order a service request became, for the customer's tracking page. The
 * work-order module sits above this one (docs/architecture.md), so it cannot be imported nor its
 * tables named here: it provides the read (`provideTrackedOrder`, wired where its routes are
 * registered) and the tracking query calls it, the pattern of warranty/order-port.ts.
 */

export type TrackedOrderOf = (db: DbLike, orderId: string) => Promise<TrackedOrder | null>;

let read: TrackedOrderOf | null = null;

/** The work-order module's read of an order's tracked state (one per process; a second call replaces it). */
export function provideTrackedOrder(fn: TrackedOrderOf): void {
  read = fn;
}

export async function trackedOrder(db: DbLike, orderId: string): Promise<TrackedOrder | null> {
  if (!read) throw new Error('the work-order module is not wired to the intake module (provideTrackedOrder)');
  return read(db, orderId);
}
