import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import { type InboxInput, notifyInbox, type Recipient } from '../../platform/notify/index.js';
import {
  applySlaSignal,
  type Milestone,
  milestonesOfMany,
  type ReplannedMilestone,
  replanSlaSubject,
  type SlaSubject,
} from '../sla/index.js';
import {
  partsByIds as catalogPartsByIds,
  productLinesByIds as catalogLinesByIds,
  grantCustomerAccess,
  messageAddressesOf,
  revokeCustomerAccess,
} from '../customers/index.js';
import {
  type CaseExecuted,
  decisionsOfOrder,
  type Exclusion,
  recordCompletionDecisions,
  type WarrantyDecision,
} from '../warranty/index.js';
import type { SlaSignalName } from './rules.js';
import type { workOrders } from './tables.js';

/*
 * What the work-order module uses of other modules and platform parts, in one file:
 * - the sla module (below this one): `applySlaSignal`, `milestonesOfMany`;
 * - the inbox (`notifyInbox` in platform/notify);
 * - the customers module's read grants (an outlet reads the customers of the orders it serves),
 *   and where a message reaches the order's customer (`customerMessageAddresses`);
 * - the catalog's parts and product lines by id (`partsByIds`, `productLinesByIds` of the customers index);
 * - the warranty module (below): who pays is decided and stored at completion, and shown on the order;
 *   a carried-out return/exchange case ends the unit's open orders (`CaseExecuted`, wired in routes.ts).
 */

type OrderRow = typeof workOrders.$inferSelect;

export type { CaseExecuted };

/** The one place an order becomes an SLA subject. */
export function slaSubjectOf(order: OrderRow): SlaSubject {
  return {
    orderId: order.id,
    orderCode: order.code,
    orgPath: order.orgPath,
    serviceType: order.serviceType,
    productLineId: order.productLineId,
    customerKind: order.customerKind,
    zone: order.zone,
    faultLevel: order.priority,
    provinceCode: order.provinceCode,
    reportedAt: order.reportedAt,
    backdate: order.backdate,
    bookedWindowEnd: order.bookedTo,
  };
}

/** Tells the SLA clock about a transition, in the command's transaction. */
export async function slaSignal(
  tx: DbLike,
  ctx: Ctx,
  order: OrderRow,
  signal: SlaSignalName,
  at: Date,
  extra?: { reason?: string; excused?: boolean },
): Promise<void> {
  await applySlaSignal(tx, ctx, slaSubjectOf(order), signal, at, extra);
}

/** The order's zone changed: its open milestones are planned again, in the command's transaction. */
export async function slaReplan(tx: DbLike, ctx: Ctx, order: OrderRow, at: Date): Promise<ReplannedMilestone[]> {
  return replanSlaSubject(tx, ctx, slaSubjectOf(order), at);
}

/** SLA milestones of several orders, keyed by order id. */
export async function orderMilestones(db: DbLike, orderIds: string[], now: Date): Promise<Map<string, Milestone[]>> {
  return milestonesOfMany(db, orderIds, now);
}

/** A message to the people of a unit holding an order (urging, dispatch), in the caller's transaction. */
export async function notifyUnit(tx: DbLike, input: InboxInput): Promise<void> {
  await notifyInbox(tx, input);
}

/** Where a message reaches the order's customer: their first mobile, e-mail address and WeChat open id. */
export async function customerMessageAddresses(db: DbLike, customerId: string): Promise<Recipient> {
  return messageAddressesOf(db, customerId);
}

/** The outlet an order is dispatched to reads the order's customer (and their units) while it serves them. */
export async function grantCustomerToUnit(
  tx: DbLike,
  order: Pick<OrderRow, 'id' | 'customerId'>,
  orgPath: string,
  at: Date,
): Promise<void> {
  await grantCustomerAccess(tx, {
    customerId: order.customerId,
    orgPath,
    sourceEntity: 'work_order',
    sourceId: order.id,
    at,
  });
}

/** The order left the unit at `orgPath` (rejected back up), or every unit (closed, cancelled): its read grants end. */
export async function revokeCustomerFromUnit(
  tx: DbLike,
  order: Pick<OrderRow, 'id'>,
  orgPath: string | undefined,
  at: Date,
): Promise<void> {
  await revokeCustomerAccess(tx, {
    sourceEntity: 'work_order',
    sourceId: order.id,
    ...(orgPath ? { orgPath } : {}),
    at,
  });
}

/** Catalog parts by id (code and name), through the customers module's typed read. */
export async function partsByIds(
  db: DbLike,
  ids: string[],
): Promise<Map<string, { code: string; name: string; active: boolean }>> {
  return catalogPartsByIds(db, ids);
}

/** Product lines by id (name), through the customers module's typed read. */
export async function productLinesByIds(
  db: DbLike,
  ids: string[],
): Promise<Map<string, { name: string; active: boolean }>> {
  return catalogLinesByIds(db, ids);
}

/** At completion: the warranty decisions for the unit and each replaced part, in the command's transaction. */
export async function recordWarrantyAtCompletion(
  tx: DbLike,
  ctx: Ctx,
  order: Pick<OrderRow, 'id' | 'unitId' | 'orgPath'>,
  partIds: string[],
  exclusion: Exclusion | null,
): Promise<void> {
  if (!order.unitId) return;
  await recordCompletionDecisions(tx, ctx, {
    orderId: order.id,
    unitId: order.unitId,
    orgPath: order.orgPath,
    partIds,
    exclusion,
  });
}

/** The stored warranty decisions of an order (the order page). */
export async function orderWarrantyDecisions(db: DbLike, orderId: string): Promise<WarrantyDecision[]> {
  return decisionsOfOrder(db, orderId);
}
