import { and, asc, eq, gte, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { Text } from '../../../shared/i18n.js';
import { inUuids } from '../../db/arrays.js';
import type { DbLike } from '../../db/client.js';
import { parts } from '../customers/index.js';
import { partRequests, partShipmentLines, partShipments } from './requests/tables.js';
import { partReturnObligations } from './returns/tables.js';
import type { ReturnAppraised } from './returns/appraisal-port.js';
import type { WaitAttribution, WaitParty } from './shipment-rules.js';
import { depots, stockMovements } from './tables.js';

/*
 * What the monthly settlement statements read of parts for a set of orders, one statement per
 * fact kind (docs/money-statements.md): the parts each order consumed at completion (with the
 * depot that gave them and their cost), how each parts wait was attributed (attributeWait, stored
 * when the parts arrived), and the old-part returns whose appraisal withholds. No scope check: the
 * caller chose the orders within its scope.
 */

export interface OrderConsumption {
  orderId: string;
  partId: string;
  partCode: string;
  partName: string;
  quantity: number;
  /** The cost on the completion day × the quantity (fen); null when the part had no price. */
  costFen: number | null;
  /** The unit owning the depot the parts came from (an outlet for its depot and its technicians' vans). */
  depotUnitId: string;
  depotKind: string;
  /**
   * The depot's own stock: taken from it at completion, or issued from it to the order before
   * completion (by hand, or a request the depot itself fulfilled) — not parts a request brought
   * from the center or HQ (a shipment), which cost the outlet nothing.
   */
  fromStock: boolean;
  customerPays: boolean | null;
}

/**
 * How many of the parts consumed from what an order held issued came from the depot's own stock
 * (pure). `consumed` are the counts of the consume rows of one order, depot and part, in ledger
 * order; `fromAbove` the parts shipments brought into that depot for the order's requests (center
 * or HQ stock). The shipped parts count as used first: a shipped part given back unused went into
 * the depot's stock, so the depot lost nothing for a part of its own used instead.
 */
export function ownShares(consumed: readonly number[], fromAbove: number): { own: number; above: number }[] {
  let left = Math.max(0, fromAbove);
  return consumed.map((n) => {
    const above = Math.min(n, left);
    left -= above;
    return { own: n - above, above };
  });
}

/** Parts the shipments of the orders' requests brought into a depot: `${orderId}|${depotId}|${partId}` → count. */
async function shippedToOrders(db: DbLike, orderIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({
      orderId: partRequests.orderId,
      depotId: partShipments.toDepotId,
      partId: partShipmentLines.partId,
      n: sql<number>`sum(least(${partShipmentLines.qtyShipped}, ${partShipmentLines.qtyReceived}))::int`,
    })
    .from(partRequests)
    .innerJoin(partShipments, eq(partShipments.requestId, partRequests.id))
    .innerJoin(partShipmentLines, eq(partShipmentLines.shipmentId, partShipments.id))
    .where(
      and(
        inUuids(partRequests.orderId, orderIds),
        isNotNull(partShipmentLines.qtyReceived),
        ne(partShipmentLines.outcome, 'wrong_part'),
      ),
    )
    .groupBy(partRequests.orderId, partShipments.toDepotId, partShipmentLines.partId);
  return new Map(rows.map((r) => [`${r.orderId}|${r.depotId}|${r.partId}`, Number(r.n)]));
}

/**
 * The consume movements of many orders (at completion), by order, in ledger order. A movement of
 * parts the order held issued is split by where they came from (ownShares): the depot's own part
 * is `fromStock`, as are parts taken from stock at completion.
 */
export async function consumptionOfOrders(
  db: DbLike,
  orderIds: readonly string[],
): Promise<Map<string, OrderConsumption[]>> {
  const out = new Map<string, OrderConsumption[]>();
  if (!orderIds.length) return out;
  const rows = await db
    .select({
      orderId: stockMovements.orderId,
      depotId: stockMovements.depotId,
      partId: stockMovements.partId,
      partCode: parts.code,
      partName: parts.name,
      quantity: stockMovements.quantity,
      issuedDelta: stockMovements.issuedDelta,
      costFen: stockMovements.costFen,
      depotUnitId: depots.orgUnitId,
      depotKind: depots.kind,
      customerPays: stockMovements.customerPays,
    })
    .from(stockMovements)
    .innerJoin(depots, eq(depots.id, stockMovements.depotId))
    .innerJoin(parts, eq(parts.id, stockMovements.partId))
    .where(and(inUuids(stockMovements.orderId, orderIds), eq(stockMovements.kind, 'consume')))
    .orderBy(asc(stockMovements.id));
  const shipped = rows.some((r) => r.quantity === 0) ? await shippedToOrders(db, orderIds) : new Map<string, number>();
  // The issued rows of each order, depot and part, split in ledger order.
  const issued = new Map<string, { own: number; above: number }[]>();
  const groups = new Map<string, number[]>();
  for (const r of rows)
    if (r.quantity === 0) {
      const k = `${r.orderId}|${r.depotId}|${r.partId}`;
      groups.set(k, [...(groups.get(k) ?? []), -r.issuedDelta]);
    }
  for (const [k, counts] of groups) issued.set(k, ownShares(counts, shipped.get(k) ?? 0));
  const push = (c: OrderConsumption) => {
    const list = out.get(c.orderId);
    if (list) list.push(c);
    else out.set(c.orderId, [c]);
  };
  for (const r of rows) {
    const base = {
      orderId: r.orderId!,
      partId: r.partId,
      partCode: r.partCode,
      partName: r.partName,
      depotUnitId: r.depotUnitId,
      depotKind: r.depotKind,
      customerPays: r.customerPays,
    };
    if (r.quantity !== 0) {
      push({ ...base, quantity: -r.quantity, costFen: r.costFen, fromStock: true });
      continue;
    }
    const n = -r.issuedDelta;
    const share = issued.get(`${r.orderId}|${r.depotId}|${r.partId}`)!.shift()!;
    // The row's cost is the unit cost × its count: each share takes its part.
    const cost = (k: number) => (r.costFen === null ? null : (r.costFen / n) * k);
    if (share.own > 0) push({ ...base, quantity: share.own, costFen: cost(share.own), fromStock: true });
    if (share.above > 0) push({ ...base, quantity: share.above, costFen: cost(share.above), fromStock: false });
  }
  return out;
}

export type StoredWait = Pick<WaitAttribution, 'party' | 'total' | 'explanation'>;

/** The attributed parts waits of many orders (requests whose parts all arrived), by order. */
export async function waitsOfOrders(db: DbLike, orderIds: readonly string[]): Promise<Map<string, StoredWait[]>> {
  const out = new Map<string, StoredWait[]>();
  if (!orderIds.length) return out;
  const rows = await db
    .select({ orderId: partRequests.orderId, attribution: partRequests.waitAttribution })
    .from(partRequests)
    .where(and(inUuids(partRequests.orderId, orderIds), isNotNull(partRequests.waitAttribution)))
    .orderBy(asc(partRequests.createdAt));
  for (const r of rows) {
    const a = r.attribution as { party: WaitParty; total: number; explanation: Text };
    const w: StoredWait = { party: a.party, total: a.total, explanation: a.explanation };
    const list = out.get(r.orderId);
    if (list) list.push(w);
    else out.set(r.orderId, [w]);
  }
  return out;
}

export interface WithheldReturn {
  obligationId: string;
  orderId: string;
  partId: string;
  partCode: string;
  partName: string;
  serial: string | null;
  quantity: number;
  outcome: 'no_fault_found' | 'wrong_part' | 'missing';
  /** The line's warranty amount when known; the withheld amount is it (settlementEffect). */
  warrantyAmountFen: number | null;
  withheldFen: number;
  appraisedAt: Date | null;
}

/** Old-part returns of many orders whose appraisal withholds (not a confirmed fault), by order. */
export async function withheldReturnsOfOrders(
  db: DbLike,
  orderIds: readonly string[],
): Promise<Map<string, WithheldReturn[]>> {
  const out = new Map<string, WithheldReturn[]>();
  if (!orderIds.length) return out;
  const rows = await db
    .select()
    .from(partReturnObligations)
    .where(
      and(
        inUuids(partReturnObligations.orderId, orderIds),
        inArray(partReturnObligations.outcome, ['no_fault_found', 'wrong_part', 'missing']),
      ),
    )
    .orderBy(asc(partReturnObligations.createdAt), asc(partReturnObligations.id));
  for (const r of rows) {
    const w: WithheldReturn = {
      obligationId: r.id,
      orderId: r.orderId,
      partId: r.partId,
      partCode: r.partCode,
      partName: r.partName,
      serial: r.serial,
      quantity: r.quantity,
      outcome: r.outcome as WithheldReturn['outcome'],
      warrantyAmountFen: r.warrantyAmountFen,
      withheldFen: r.withheldFen,
      appraisedAt: r.appraisedAt,
    };
    const list = out.get(r.orderId);
    if (list) list.push(w);
    else out.set(r.orderId, [w]);
  }
  return out;
}

/**
 * The old-part returns of some orders appraised at or after `since` (a statement's draft), as the
 * appraisal port states them: settlement carries what a draft sent without a recompute missed.
 */
export async function appraisedSince(db: DbLike, orderIds: readonly string[], since: Date): Promise<ReturnAppraised[]> {
  if (!orderIds.length) return [];
  const rows = await db
    .select()
    .from(partReturnObligations)
    .where(
      and(
        inUuids(partReturnObligations.orderId, orderIds),
        isNotNull(partReturnObligations.outcome),
        gte(partReturnObligations.appraisedAt, since),
      ),
    )
    .orderBy(asc(partReturnObligations.appraisedAt), asc(partReturnObligations.id));
  return rows.map((r) => ({
    obligationId: r.id,
    orderId: r.orderId,
    orderCode: r.orderCode,
    outletId: r.outletId,
    partId: r.partId,
    partCode: r.partCode,
    partName: r.partName,
    quantity: r.quantity,
    completedAt: r.createdAt,
    before: null,
    outcome: r.outcome!,
    withholds: r.outcome !== 'faulty_confirmed',
    warrantyAmountFen: r.warrantyAmountFen,
    withheldFen: r.withheldFen,
  }));
}
