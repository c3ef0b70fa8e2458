import { and, inArray, notInArray } from 'drizzle-orm';
import { eq } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import { parts } from '../../customers/index.js';
import { partRequestLines, partRequests } from './tables.js';

/** A part an order's visit needs, by its requests: how many, and how many already wait for it at the outlet. */
export interface OrderPartNeed {
  orderId: string;
  partId: string;
  code: string;
  qty: number;
  /** Arrived at the outlet and issued to the order: set aside there for this visit. */
  atOutlet: number;
}

/**
 * The parts the visits of these orders need (day planning, docs/planning-board.md): the lines of
 * their requests that still stand (not rejected or cancelled), summed per order and part. A line
 * not yet arrived is needed all the same — the visit can go only with a van that holds the part.
 * No scope check: the caller chose the orders within its scope.
 */
export async function partNeedsOfOrders(db: DbLike, orderIds: readonly string[]): Promise<OrderPartNeed[]> {
  if (!orderIds.length) return [];
  const rows = await db
    .select({
      orderId: partRequests.orderId,
      partId: partRequestLines.partId,
      code: parts.code,
      quantity: partRequestLines.quantity,
      received: partRequestLines.receivedQty,
      returned: partRequestLines.returnedQty,
    })
    .from(partRequestLines)
    .innerJoin(partRequests, eq(partRequests.id, partRequestLines.requestId))
    .innerJoin(parts, eq(parts.id, partRequestLines.partId))
    .where(
      and(inArray(partRequests.orderId, [...orderIds]), notInArray(partRequests.status, ['rejected', 'cancelled'])),
    );
  const byKey = new Map<string, OrderPartNeed>();
  for (const r of rows) {
    const qty = Math.max(0, r.quantity - r.returned);
    if (!qty) continue;
    const key = `${r.orderId}/${r.partId}`;
    const need = byKey.get(key) ?? { orderId: r.orderId, partId: r.partId, code: r.code, qty: 0, atOutlet: 0 };
    need.qty += qty;
    need.atOutlet += Math.min(qty, Math.max(0, r.received - r.returned));
    byKey.set(key, need);
  }
  return [...byKey.values()];
}
