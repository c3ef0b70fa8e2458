import { and, eq } from 'drizzle-orm';
import type { DbLike } from '../../../../db/client.js';
import { hasPermission, pathInScope } from '../../../../platform/access/index.js';
import { getSetting } from '../../../../platform/config/store.js';
import type { Ctx } from '../../../../platform/context.js';
import { AppError, fieldError } from '../../../../platform/errors.js';
import { appendEvent } from '../../../../platform/events/index.js';
import { orgUnits } from '../../../../platform/identity/tables.js';
import { recordNotFound } from '../../../../platform/records.js';
import { depotInScope } from '../../index.js';
import { promisedDaysFor } from '../../shipment-rules.js';
import { depots } from '../../tables.js';
import type { ShipmentRouteSet } from '../contract.js';
import { partShipmentRoutes } from '../tables.js';

export const ROUTE_NAME = { 'zh-CN': '发货线路', en: 'Shipping route' };
const UNIT_NAME = { 'zh-CN': '组织', en: 'Unit' };

/** Routes are the shipping depots' promises: who moves stock between depots keeps them (parts.manage). */
function mayManage(ctx: Ctx): void {
  if (!hasPermission(ctx.actor, 'parts.manage')) throw new AppError('auth.forbidden', { permission: 'parts.manage' });
}

/**
 * The promise a shipment from `fromDepotId` to the depot of the unit at `toPath` gets: the most
 * specific active route of that depot (promisedDaysFor), else parts.shipmentPromisedDays.
 */
export async function promiseFor(tx: DbLike, now: Date, fromDepotId: string, toPath: string) {
  const routes = await tx
    .select({ id: partShipmentRoutes.id, promisedDays: partShipmentRoutes.promisedDays, toPath: orgUnits.path })
    .from(partShipmentRoutes)
    .innerJoin(orgUnits, eq(orgUnits.id, partShipmentRoutes.toOrgUnitId))
    .where(and(eq(partShipmentRoutes.fromDepotId, fromDepotId), eq(partShipmentRoutes.active, true)));
  const defaultDays = await getSetting(tx, 'parts.shipmentPromisedDays', now);
  const found = promisedDaysFor(
    { from: fromDepotId, toPath },
    routes.map((r) => ({ ...r, from: fromDepotId })),
    defaultDays,
  );
  return { promisedDays: found.promisedDays, routeId: found.route?.id ?? null };
}

/**
 * Sets (or changes) a depot's promised days to the depots under a unit. Both the depot and the
 * unit must be in the actor's scope; only an HQ or center depot ships to outlets (an outlet's own
 * stock is issued to its orders, docs/parts-requests.md step 3), so only they have promises.
 */
export async function setShipmentRoute(ctx: Ctx, input: ShipmentRouteSet): Promise<string> {
  mayManage(ctx);
  return ctx.db.transaction(async (tx) => {
    const depot = await depotInScope(tx, ctx, input.fromDepotId, 'fromDepotId');
    const [kind] = await tx.select({ kind: depots.kind }).from(depots).where(eq(depots.id, depot.id));
    if (kind!.kind !== 'hq' && kind!.kind !== 'center')
      throw fieldError('fromDepotId', 'part_route.not_shipping_depot', { depot: depot.code });
    const [unit] = await tx
      .select({ id: orgUnits.id, code: orgUnits.code, path: orgUnits.path })
      .from(orgUnits)
      .where(eq(orgUnits.id, input.toOrgUnitId));
    if (!unit || !pathInScope(ctx.actor, unit.path)) throw recordNotFound(ctx.lang, UNIT_NAME, 'toOrgUnitId');
    const [before] = await tx
      .select()
      .from(partShipmentRoutes)
      .where(and(eq(partShipmentRoutes.fromDepotId, depot.id), eq(partShipmentRoutes.toOrgUnitId, input.toOrgUnitId)))
      .for('update');
    const values = { promisedDays: input.promisedDays, active: true, updatedAt: ctx.now, updatedBy: ctx.actor.id };
    const [row] = before
      ? await tx.update(partShipmentRoutes).set(values).where(eq(partShipmentRoutes.id, before.id)).returning()
      : await tx
          .insert(partShipmentRoutes)
          .values({
            ...values,
            fromDepotId: depot.id,
            toOrgUnitId: unit.id,
            orgPath: depot.orgPath,
            createdAt: ctx.now,
            createdBy: ctx.actor.id,
          })
          .returning();
    await appendEvent(tx, ctx, {
      entity: 'part_shipment_route',
      entityId: row!.id,
      action: 'part_shipment_route.set',
      before: before?.active ? { promisedDays: before.promisedDays } : undefined,
      after: { from: depot.code, to: unit.code, promisedDays: input.promisedDays },
      orgPath: depot.orgPath,
    });
    return row!.id;
  });
}

/** Removes a route: its depot's shipments there get the default again. The row stays (inactive) for the shipments promised by it. */
export async function removeShipmentRoute(ctx: Ctx, id: string): Promise<void> {
  mayManage(ctx);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(partShipmentRoutes).where(eq(partShipmentRoutes.id, id)).for('update');
    if (!row?.active || !pathInScope(ctx.actor, row.orgPath)) throw recordNotFound(ctx.lang, ROUTE_NAME);
    await tx
      .update(partShipmentRoutes)
      .set({ active: false, updatedAt: ctx.now, updatedBy: ctx.actor.id })
      .where(eq(partShipmentRoutes.id, id));
    await appendEvent(tx, ctx, {
      entity: 'part_shipment_route',
      entityId: id,
      action: 'part_shipment_route.removed',
      before: { promisedDays: row.promisedDays, active: true },
      after: { active: false },
      orgPath: row.orgPath,
    });
  });
}
