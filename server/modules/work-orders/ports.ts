import { sql } from 'drizzle-orm';
import type { Text } from '../../../shared/i18n.js';
import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import { grantCustomerAccess, revokeCustomerAccess } from '../customers/index.js';
import type { SlaSignalName } from './rules.js';
import type { workOrders } from './tables.js';

/*
 * Everything the work-order module needs from modules and platform parts that are not in this
 * branch yet, in one file, so wiring them is a one-file change:
 * - the sla module (below this one): `applySlaSignal`, `milestonesOf(Many)`;
 * - the inbox (`notifyInbox` in platform/notify);
 * and the customers module's read grants (an outlet reads the customers of the orders it serves),
 * and the catalog tables the customers index does not export (parts, product lines), read by name.
 */

type OrderRow = typeof workOrders.$inferSelect;

/** What the sla module's timers need of an order (mirrors `SlaSubject` of server/modules/sla). */
export interface SlaSubject {
  orderId: string;
  orderCode: string;
  orgPath: string;
  serviceType: string;
  productLineId: string | null;
  customerKind: 'individual' | 'business';
  zone: 'near' | 'far' | null;
  faultLevel: number | null;
  provinceCode: string | null;
  reportedAt: Date;
  bookedWindowEnd?: Date | null;
}

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
    bookedWindowEnd: order.bookedTo,
  };
}

/** Tells the SLA clock about a transition, in the command's transaction. */
export async function slaSignal(
  _tx: DbLike,
  _ctx: Ctx,
  order: OrderRow,
  _signal: SlaSignalName,
  _at: Date,
  _extra?: { reason?: string; excused?: boolean },
): Promise<void> {
  // wired to sla/inbox at integration: await applySlaSignal(tx, ctx, slaSubjectOf(order), signal, at, extra);
  void slaSubjectOf(order);
}

/** SLA milestones of several orders (empty until the sla module is wired). */
export async function orderMilestones(_db: DbLike, _orderIds: string[], _now: Date): Promise<Map<string, Record<string, unknown>[]>> {
  // wired to sla/inbox at integration: return milestonesOfMany(db, orderIds, now);
  return new Map();
}

/** A message to the people of a unit holding an order (urging, dispatch), in the caller's transaction. */
export async function notifyUnit(
  _tx: DbLike,
  _input: { orgUnitId: string; permission?: string; title: Text; body: Text; link?: string; entity?: string; entityId?: string },
): Promise<void> {
  // wired to sla/inbox at integration: await notifyInbox(tx, input);
}

/** The outlet an order is dispatched to reads the order's customer (and their units) while it serves them. */
export async function grantCustomerToUnit(tx: DbLike, order: Pick<OrderRow, 'id' | 'customerId'>, orgPath: string, at: Date): Promise<void> {
  await grantCustomerAccess(tx, { customerId: order.customerId, orgPath, sourceEntity: 'work_order', sourceId: order.id, at });
}

/** The order left the unit at `orgPath` (rejected back up), or every unit (closed, cancelled): its read grants end. */
export async function revokeCustomerFromUnit(tx: DbLike, order: Pick<OrderRow, 'id'>, orgPath: string | undefined, at: Date): Promise<void> {
  await revokeCustomerAccess(tx, { sourceEntity: 'work_order', sourceId: order.id, ...(orgPath ? { orgPath } : {}), at });
}

function rowsOf<T>(res: unknown): T[] {
  return (res as { rows: T[] }).rows;
}

const idList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** Catalog parts by id (code and name), from the customers module's `parts` table. */
export async function partsByIds(db: DbLike, ids: string[]): Promise<Map<string, { code: string; name: string; active: boolean }>> {
  if (ids.length === 0) return new Map();
  const res = await db.execute(sql`select id, code, name, active from parts where id in (${idList(ids)})`);
  return new Map(rowsOf<{ id: string; code: string; name: string; active: boolean }>(res).map((r) => [r.id, r]));
}

/** Product lines by id (name), from the customers module's `product_lines` table. */
export async function productLinesByIds(db: DbLike, ids: string[]): Promise<Map<string, { name: string; active: boolean }>> {
  if (ids.length === 0) return new Map();
  const res = await db.execute(sql`select id, name, active from product_lines where id in (${idList(ids)})`);
  return new Map(rowsOf<{ id: string; name: string; active: boolean }>(res).map((r) => [r.id, r]));
}
