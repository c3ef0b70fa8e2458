import { and, asc, eq } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { withinScope } from '../../platform/access/index.js';
import type { Ctx } from '../../platform/context.js';
import { customers } from '../customers/index.js';
import { notFound } from './common.js';
import type { OrderState, ServiceType } from './contract.js';
import { workOrderParts, workOrders } from './tables.js';

/** What paid work needs to know of its order (money module, docs/money-collection.md). */
export interface OrderForMoney {
  id: string;
  code: string;
  state: OrderState;
  /** The unit holding the order now: the scope of what is written for it. */
  orgPath: string;
  holderUnitId: string;
  customerId: string;
  customerName: string;
  unitId: string | null;
  serviceType: ServiceType;
  zone: 'near' | 'far' | null;
  productLineId: string | null;
  /** The parts recorded on the order, one row per part fitted. */
  parts: { partId: string; qty: number }[];
}

/**
 * The order in the caller's scope (404 outside), optionally locked for the caller's transaction.
 * Its reads run one after the other, so it may run inside a transaction on one connection.
 */
export async function orderForMoney(
  db: DbLike,
  ctx: Pick<Ctx, 'actor' | 'lang'>,
  orderId: string,
  opts: { lock?: boolean } = {},
): Promise<OrderForMoney> {
  const q = db
    .select({ o: workOrders, customerName: customers.name })
    .from(workOrders)
    .innerJoin(customers, eq(customers.id, workOrders.customerId))
    .where(and(eq(workOrders.id, orderId), withinScope(ctx.actor, workOrders.orgPath)));
  const [row] = opts.lock ? await q.for('update', { of: workOrders }) : await q;
  if (!row) throw notFound(ctx, 'work_order');
  const parts = await db
    .select({ partId: workOrderParts.partId, qty: workOrderParts.qty })
    .from(workOrderParts)
    .where(eq(workOrderParts.orderId, orderId))
    .orderBy(asc(workOrderParts.createdAt));
  const o = row.o;
  return {
    id: o.id,
    code: o.code,
    state: o.state,
    orgPath: o.orgPath,
    holderUnitId: o.holderUnitId,
    customerId: o.customerId,
    customerName: row.customerName,
    unitId: o.unitId,
    serviceType: o.serviceType,
    zone: o.zone,
    productLineId: o.productLineId,
    parts,
  };
}
