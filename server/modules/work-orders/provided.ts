import { and, asc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { ServingOrdersOf } from '../customers/index.js';
import type { TrackedOrderOf } from '../intake/index.js';
import type { ServiceHistorySource } from '../warranty/index.js';
import { workOrderHistory, workOrderParts, workOrders } from './tables.js';

/*
 * What this module provides to the modules below it through their ports (the other direction of
 * ports.ts): they may neither import this module nor name its tables in their SQL
 * (docs/architecture.md, "Who may import whom"), so each asks through a typed function this file
 * implements and routes.ts wires. The customers module learns which orders a reader serves (its
 * contact rule), intake the state of the order a request became (the tracking page), warranty a
 * unit's service history.
 */

/** customers/ports.ts: the orders of these customers assigned to the reader, or held by their unit. */
export const servingOrders: ServingOrdersOf = async (db, reader, customerIds) => {
  if (customerIds.length === 0) return [];
  const related = reader.heldBy
    ? or(eq(workOrders.technicianId, reader.technicianId), eq(workOrders.orgPath, reader.heldBy))
    : eq(workOrders.technicianId, reader.technicianId);
  return db
    .select({
      customerId: workOrders.customerId,
      technicianId: workOrders.technicianId,
      orgPath: workOrders.orgPath,
      completedAt: workOrders.completedAt,
      closedAt: workOrders.closedAt,
    })
    .from(workOrders)
    .where(and(inArray(workOrders.customerId, customerIds), related));
};

/** intake/order-port.ts: the state and booked window of one order. */
export const trackedOrder: TrackedOrderOf = async (db, orderId) => {
  const [row] = await db
    .select({
      state: workOrders.state,
      bookedFrom: workOrders.bookedFrom,
      bookedTo: workOrders.bookedTo,
      bookedConfirmed: workOrders.bookedConfirmed,
    })
    .from(workOrders)
    .where(eq(workOrders.id, orderId));
  return row ?? null;
};

/** warranty/history-port.ts: a unit's orders, their fitted parts and timeline, one order's facts. */
export const serviceHistory: ServiceHistorySource = {
  async ordersOfUnit(db, unitId) {
    return db
      .select({
        id: workOrders.id,
        code: workOrders.code,
        state: workOrders.state,
        reportedAt: workOrders.reportedAt,
        completedAt: workOrders.completedAt,
        faultCode: sql<string | null>`${workOrders.completion}->>'faultCode'`,
        bookedFrom: workOrders.bookedFrom,
        bookedConfirmed: workOrders.bookedConfirmed,
      })
      .from(workOrders)
      .where(and(eq(workOrders.unitId, unitId), ne(workOrders.state, 'cancelled')))
      .orderBy(asc(workOrders.reportedAt), asc(workOrders.id));
  },

  async partsOfOrders(db, orderIds) {
    if (orderIds.length === 0) return [];
    return db
      .select({ orderId: workOrderParts.orderId, partId: workOrderParts.partId, at: workOrderParts.createdAt })
      .from(workOrderParts)
      .where(inArray(workOrderParts.orderId, orderIds))
      .orderBy(asc(workOrderParts.createdAt));
  },

  async stepsOfOrders(db, orderIds, actions) {
    if (orderIds.length === 0 || actions.length === 0) return [];
    return db
      .select({
        orderId: workOrderHistory.orderId,
        at: workOrderHistory.at,
        action: workOrderHistory.action,
        data: workOrderHistory.data,
      })
      .from(workOrderHistory)
      .where(and(inArray(workOrderHistory.orderId, orderIds), inArray(workOrderHistory.action, [...actions])))
      .orderBy(asc(workOrderHistory.id));
  },

  async orderFacts(db, orderId) {
    const [o] = await db
      .select({ id: workOrders.id, code: workOrders.code, orgPath: workOrders.orgPath, unitId: workOrders.unitId })
      .from(workOrders)
      .where(eq(workOrders.id, orderId));
    return o ?? null;
  },
};
