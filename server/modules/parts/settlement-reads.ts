import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Text } from '../../../shared/i18n.js';
import type { DbLike } from '../../db/client.js';
import { parts } from '../customers/index.js';
import { partRequests } from './requests/tables.js';
import { partReturnObligations } from './returns/tables.js';
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
  /** Taken from the depot's own stock at completion (not issued to the order beforehand by a request). */
  fromStock: boolean;
  customerPays: boolean | null;
}

/** The consume movements of many orders (at completion), by order, in ledger order. */
export async function consumptionOfOrders(
  db: DbLike,
  orderIds: readonly string[],
): Promise<Map<string, OrderConsumption[]>> {
  const out = new Map<string, OrderConsumption[]>();
  if (!orderIds.length) return out;
  const rows = await db
    .select({
      orderId: stockMovements.orderId,
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
    .where(and(inArray(stockMovements.orderId, [...orderIds]), eq(stockMovements.kind, 'consume')))
    .orderBy(asc(stockMovements.id));
  for (const r of rows) {
    const fromStock = r.quantity !== 0;
    const c: OrderConsumption = {
      orderId: r.orderId!,
      partId: r.partId,
      partCode: r.partCode,
      partName: r.partName,
      quantity: fromStock ? -r.quantity : -r.issuedDelta,
      costFen: r.costFen,
      depotUnitId: r.depotUnitId,
      depotKind: r.depotKind,
      fromStock,
      customerPays: r.customerPays,
    };
    const list = out.get(c.orderId);
    if (list) list.push(c);
    else out.set(c.orderId, [c]);
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
    .where(and(inArray(partRequests.orderId, [...orderIds]), isNotNull(partRequests.waitAttribution)))
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
        inArray(partReturnObligations.orderId, [...orderIds]),
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
