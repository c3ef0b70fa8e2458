import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';

/*
 * An order confirmed (by its callback or by hand), told to the modules above this one in the
 * confirmation's transaction: the settlement carries an order confirmed after its month's
 * statement left draft into the next open month (docs/money-statements.md, "The confirmation
 * gate"). Modules register an effect by name when their routes are registered.
 */

export interface OrderConfirmed {
  orderId: string;
  orderCode: string;
  /** The serving outlet; null when none served it. */
  outletId: string | null;
  completedAt: Date;
}

export type OrderConfirmedEffect = (tx: DbLike, ctx: Ctx, e: OrderConfirmed) => Promise<unknown>;

const effects = new Map<string, OrderConfirmedEffect>();

/** Registers (or replaces) a module's effect of a confirmation. */
export function onOrderConfirmed(name: string, fn: OrderConfirmedEffect): void {
  effects.set(name, fn);
}

/** Runs every effect, one after the other, in the confirmation's transaction. */
export async function orderConfirmed(tx: DbLike, ctx: Ctx, e: OrderConfirmed): Promise<void> {
  for (const fn of effects.values()) await fn(tx, ctx, e);
}
