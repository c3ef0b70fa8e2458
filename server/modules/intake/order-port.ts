import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import type { TrackedOrder } from './rules.js';

/*
 * What intake reads and records of work orders. The work-order module sits above this one
 * (docs/architecture.md), so it cannot be imported nor its tables named here: it provides the
 * functions (`provideTrackedOrder`, `provideOrderMail`, wired where its routes are registered) and
 * intake calls them, the pattern of warranty/order-port.ts. The tracking page reads the state of
 * the order a service request became; a received mail finds the order its subject names and
 * shows on that order's timeline (docs/mail-in.md).
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

/** An order a mail's subject names: what the contact takes from it. */
export interface MailOrder {
  id: string;
  code: string;
  customerId: string;
  unitId: string | null;
}

/** A mail received about an order, as the order's timeline records it. */
export interface OrderMailReceived {
  orderId: string;
  contactId: string;
  contactCode: string;
  subject: string | null;
}

export interface OrderMail {
  /** The first existing order whose number the text carries (a mail's subject), or null. */
  orderNamedIn(db: DbLike, text: string): Promise<MailOrder | null>;
  /**
   * In the caller's transaction: the order's timeline shows the mail and the unit holding it is
   * told. Neither an urge nor a change of the order: its state, version and urge count stay.
   */
  mailReceived(tx: DbLike, ctx: Ctx, mail: OrderMailReceived): Promise<void>;
}

let mail: OrderMail | null = null;

/** The work-order module's side of received mail (one per process; a second call replaces it). */
export function provideOrderMail(port: OrderMail): void {
  mail = port;
}

export function orderMail(): OrderMail {
  if (!mail) throw new Error('the work-order module is not wired to the intake module (provideOrderMail)');
  return mail;
}
