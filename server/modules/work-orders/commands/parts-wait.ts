import { and, eq } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import { withinScope } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { notFound, type OrderRow } from '../common.js';
import type { OrderState } from '../contract.js';
import { OPEN_STATES } from '../rules.js';
import { workOrders } from '../tables.js';
import { runCausedAction } from './transitions.js';

/** What a parts request needs to know of its order (parts module, docs/parts-requests.md). */
export interface OrderForParts {
  id: string;
  code: string;
  state: OrderState;
  open: boolean;
  orgPath: string;
  holderUnitId: string;
  outletId: string | null;
  technicianId: string | null;
  modelId: string | null;
  waitReason: 'parts' | 'customer' | 'approval' | null;
}

function factsOf(o: OrderRow): OrderForParts {
  return {
    id: o.id,
    code: o.code,
    state: o.state,
    open: (OPEN_STATES as readonly string[]).includes(o.state),
    orgPath: o.orgPath,
    holderUnitId: o.holderUnitId,
    outletId: o.outletId,
    technicianId: o.technicianId,
    modelId: o.modelId,
    waitReason: o.waitReason,
  };
}

/** One order in the actor's data scope (404 `entity.not_found` otherwise); `lock` holds it to the end of the transaction. */
export async function orderForParts(
  db: DbLike,
  ctx: Pick<Ctx, 'actor' | 'lang'>,
  orderId: string,
  opts: { lock?: boolean; unscoped?: boolean } = {},
): Promise<OrderForParts> {
  const q = db
    .select()
    .from(workOrders)
    .where(and(eq(workOrders.id, orderId), opts.unscoped ? undefined : withinScope(ctx.actor, workOrders.orgPath)));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound(ctx as Ctx, 'work_order');
  return factsOf(row);
}

async function locked(tx: DbLike, orderId: string): Promise<OrderRow | null> {
  const [row] = await tx.select().from(workOrders).where(eq(workOrders.id, orderId)).for('update');
  return row ?? null;
}

/**
 * The order waits for parts (a parts request was made for it): from in repair through the usual
 * `wait` transition (reason parts, so the SLA clock pauses as for a technician's wait); from on
 * site or received the repair is started first (`start`), as the technician would. An order
 * already waiting for parts is left as it is. Any other state is left too (the request is still
 * recorded): returns whether the order now waits for parts.
 */
export async function waitForParts(tx: DbLike, ctx: Ctx, orderId: string, note: string): Promise<boolean> {
  let order = await locked(tx, orderId);
  if (!order) return false;
  if (order.state === 'waiting') return order.waitReason === 'parts';
  if (order.state === 'on_site' || order.state === 'received')
    order = await runCausedAction(tx, ctx, order, 'start', { version: order.version });
  if (order.state !== 'in_repair') return false;
  await runCausedAction(tx, ctx, order, 'wait', { version: order.version, reason: 'parts', note });
  return true;
}

/** Every requested part has arrived (or the request ended): an order waiting for parts resumes (`resume`, the clock restarts). */
export async function resumeFromParts(tx: DbLike, ctx: Ctx, orderId: string, note?: string): Promise<boolean> {
  const order = await locked(tx, orderId);
  if (order?.state !== 'waiting' || order.waitReason !== 'parts') return false;
  await runCausedAction(tx, ctx, order, 'resume', { version: order.version, ...(note ? { note } : {}) });
  return true;
}
