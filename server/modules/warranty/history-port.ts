import type { DbLike } from '../../db/client.js';

/*
 * The service history of a unit, from the work-order module's tables. That module sits above this
 * one (docs/architecture.md), so it can be neither imported nor named in this module's SQL: it
 * provides the typed reads below (`provideServiceHistory`, wired where its routes are registered,
 * the pattern of order-port.ts), and this file turns them into the history the rules judge.
 * Nothing else in the module reads orders.
 */

export interface HistoryOrder {
  id: string;
  code: string;
  state: string;
  reportedAt: Date;
  completedAt: Date | null;
  faultCode: string | null;
  /** Parts fitted at completion, with the time they were recorded. */
  parts: { partId: string; at: Date }[];
  /** First arrival on site or receipt of the unit (carry-in), if any. */
  arrivedAt: Date | null;
  /**
   * Periods the customer caused before the arrival: from booking an appointment confirmed with
   * the customer to the start of the booked window (the customer's chosen time), and waits with
   * reason `customer`.
   */
  customerPauses: { from: Date; to: Date | null }[];
}

/** An order of the unit as the history needs it; `faultCode` as entered at completion. */
export interface UnitOrder {
  id: string;
  code: string;
  state: string;
  reportedAt: Date;
  completedAt: Date | null;
  faultCode: string | null;
  bookedFrom: Date | null;
  bookedConfirmed: boolean;
}

/** The timeline actions the history reads. */
export const HISTORY_ACTIONS = ['book', 'arrive', 'receive', 'wait', 'resume', 'complete', 'report_unfixable'] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** Provided by the work-order module. */
export interface ServiceHistorySource {
  /** Every order of the unit except cancelled ones, by reported time, then id. */
  ordersOfUnit(db: DbLike, unitId: string): Promise<UnitOrder[]>;
  /** Parts fitted on these orders, in the order recorded. */
  partsOfOrders(db: DbLike, orderIds: string[]): Promise<{ orderId: string; partId: string; at: Date }[]>;
  /** Timeline rows of these orders with these actions, in the order written. */
  stepsOfOrders(
    db: DbLike,
    orderIds: string[],
    actions: readonly HistoryAction[],
  ): Promise<{ orderId: string; at: Date; action: string; data: Record<string, unknown> | null }[]>;
  /** One order's code, holder path and unit (a case opened from an order). */
  orderFacts(
    db: DbLike,
    orderId: string,
  ): Promise<{ id: string; code: string; orgPath: string; unitId: string | null } | null>;
}

let source: ServiceHistorySource | null = null;

/** The work-order module's reads of its orders (one per process; a second call replaces it). */
export function provideServiceHistory(impl: ServiceHistorySource): void {
  source = impl;
}

function history(): ServiceHistorySource {
  if (!source) throw new Error('the work-order module is not wired to the warranty module (provideServiceHistory)');
  return source;
}

/** Every order of a unit except cancelled ones, oldest first, with parts, arrival and customer pauses. */
export async function unitServiceHistory(db: DbLike, unitId: string): Promise<HistoryOrder[]> {
  const orders = await history().ordersOfUnit(db, unitId);
  if (orders.length === 0) return [];
  const ids = orders.map((o) => o.id);
  // One at a time: the warranty commands call this inside a transaction, which has one connection.
  const parts = await history().partsOfOrders(db, ids);
  const steps = await history().stepsOfOrders(db, ids, HISTORY_ACTIONS);
  const byOrder = new Map<string, HistoryOrder>();
  for (const o of orders) {
    byOrder.set(o.id, {
      id: o.id,
      code: o.code,
      state: o.state,
      reportedAt: o.reportedAt,
      completedAt: o.completedAt,
      faultCode: o.faultCode?.trim() ? o.faultCode.trim().toUpperCase() : null,
      parts: [],
      arrivedAt: null,
      customerPauses: [],
    });
  }
  for (const p of parts) {
    byOrder.get(p.orderId)?.parts.push({ partId: p.partId, at: p.at });
  }
  const booked = new Set<string>();
  for (const h of steps) {
    const o = byOrder.get(h.orderId);
    if (!o) continue;
    const at = h.at;
    if (h.action === 'book') {
      // One pause per order: from its first booking to the (latest) booked window's start.
      if (booked.has(o.id)) continue;
      booked.add(o.id);
      const src = orders.find((x) => x.id === h.orderId);
      const from = src?.bookedFrom ?? null;
      if (!o.arrivedAt && src?.bookedConfirmed && from && from.getTime() > at.getTime())
        o.customerPauses.push({ from: at, to: from });
    } else if (h.action === 'arrive' || h.action === 'receive') {
      o.arrivedAt ??= at;
    } else if (!o.arrivedAt && h.action === 'wait' && h.data?.reason === 'customer') {
      o.customerPauses.push({ from: at, to: null });
    } else if (h.action === 'resume' || h.action === 'complete' || h.action === 'report_unfixable') {
      const open = o.customerPauses.at(-1);
      if (open && open.to === null) open.to = at;
    }
  }
  return [...byOrder.values()];
}

/** One order's code, holder path and unit (a case opened from an order). */
export async function orderFacts(
  db: DbLike,
  orderId: string,
): Promise<{ id: string; code: string; orgPath: string; unitId: string | null } | null> {
  return history().orderFacts(db, orderId);
}
