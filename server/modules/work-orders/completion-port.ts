import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';

/*
 * What a completion means to the modules above this one (parts: old-part return obligations; the
 * stock ledger may consume fitted parts). They sit higher in the module order, so they provide
 * their effect here when their routes are registered (`onOrderCompleted`), and the complete
 * command calls every effect inside its own transaction, after the warranty decisions are stored:
 * the order, its decisions and what follows from them are written together or not at all.
 */

export interface OrderCompleted {
  orderId: string;
  orderCode: string;
  orgPath: string;
  /** The outlet serving the order, else the unit holding it. */
  outletId: string;
  technicianId: string | null;
  completedAt: Date;
  /** The parts replaced, as entered at completion. */
  parts: readonly { partId: string; qty: number; oldSerial: string | null }[];
}

export type OrderCompletedEffect = (tx: DbLike, ctx: Ctx, e: OrderCompleted) => Promise<void>;

const effects = new Map<string, OrderCompletedEffect>();

/** A module's effect of a completion, under its name (a second call with the same name replaces it). */
export function onOrderCompleted(name: string, fn: OrderCompletedEffect): void {
  effects.set(name, fn);
}

/** Called by the complete command in its transaction. */
export async function orderCompleted(tx: DbLike, ctx: Ctx, e: OrderCompleted): Promise<void> {
  for (const fn of effects.values()) await fn(tx, ctx, e);
}
