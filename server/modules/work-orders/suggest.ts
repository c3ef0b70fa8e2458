import { and, count, eq, gte, inArray, isNotNull } from 'drizzle-orm';
import type { Db, DbLike } from '../../db/client.js';
import { IDENTITY_CACHE } from '../../platform/auth/actors.js';
import { instanceCache } from '../../platform/cache/index.js';
import { withinScope } from '../../platform/access/index.js';
import { cachedSetting, getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { orgUnits, rolePermissions, userRoles, users } from '../../platform/identity/tables.js';
import { customerAddresses } from '../customers/index.js';
import { companyToday, notFound, type OrderRow } from './common.js';
import type { Suggestion } from './contract.js';
import { type RoutingResult, type RoutingTechnician, type RoutingUnit, suggest, zoneOfOutlet } from './routing.js';
import { OPEN_STATES } from './rules.js';
import { withSatisfaction } from './satisfaction-port.js';
import { technicianCertifications, workOrders } from './tables.js';

/**
 * Gathers the candidates of a routing suggestion (routing.ts decides): the active org units, the
 * customer's address and coordinates, and the holding outlet's technicians with their valid
 * certification for the product line, open load and booked windows.
 */
export async function computeSuggestion(db: DbLike, ctx: Pick<Ctx, 'now'>, order: OrderRow): Promise<RoutingResult> {
  const nearKm = await getSetting(db, 'orders.nearZoneKm', ctx.now);
  const unitRows = await activeUnits(db);
  const units: RoutingUnit[] = unitRows;
  const holder = unitRows.find((u) => u.id === order.holderUnitId);
  let lat: number | null = null;
  let lng: number | null = null;
  if (order.addressId) {
    const [a] = await db
      .select({ lat: customerAddresses.lat, lng: customerAddresses.lng })
      .from(customerAddresses)
      .where(eq(customerAddresses.id, order.addressId));
    lat = a?.lat ?? null;
    lng = a?.lng ?? null;
  }
  let techs: RoutingTechnician[] = [];
  if (holder?.kind === 'outlet' && ['accepted', 'assigned', 'booked'].includes(order.state)) {
    techs = await technicianCandidates(db, ctx.now, holder.id, order.productLineId);
  }
  return suggest(routingOrderOf(order, holder?.kind ?? 'hq', lat, lng), units, techs, nearKm);
}

/*
 * Org units change rarely and every new order's suggestion needs all of them: the creation path
 * reads them from the instance's cache. Org-unit writes invalidate IDENTITY_CACHE (platform/auth),
 * which drops this cache too.
 */
const unitsCache = instanceCache<RoutingUnit[]>(IDENTITY_CACHE, (db) => activeUnits(db));

/** Where a new order is: its holder and address, before it is written. */
export type NewOrderPlace = Pick<
  OrderRow,
  'holderUnitId' | 'orgPath' | 'provinceCode' | 'cityCode' | 'districtCode' | 'productLineId'
> & { lat: number | null; lng: number | null };

/**
 * The suggestion for an order about to be created or just created (held by its creator's unit,
 * no technician step), from the cached org units and settings. Its zone is the order's zone from
 * creation on, so every milestone is planned with it (seed 004: 72 h on site beyond 30 km).
 * `db` may be a transaction (a repeat visit): the reads go one at a time.
 */
export async function suggestionForNewOrder(db: DbLike, order: NewOrderPlace, now: Date): Promise<RoutingResult> {
  const units = await unitsCache.get(db as Db);
  const nearKm = await cachedSetting(db as Db, 'orders.nearZoneKm', now);
  return newOrderSuggestion(order, units, nearKm);
}

function newOrderSuggestion(order: NewOrderPlace, units: RoutingUnit[], nearKm: number): RoutingResult {
  const holder = units.find((u) => u.id === order.holderUnitId);
  const routing = routingOrderOf(
    { ...order, state: 'created', bookedFrom: null, bookedTo: null },
    holder?.kind ?? 'hq',
    order.lat,
    order.lng,
  );
  return suggest(routing, units, [], nearKm);
}

/**
 * The zone of an order dispatched to `outletId`: the suggestion's when it is the suggested outlet
 * (the nearest covering one decides, routing.ts), else that outlet's own distance to the customer;
 * unknown distances keep the suggestion's zone.
 */
export async function zoneAtOutlet(
  db: DbLike,
  order: OrderRow,
  suggestion: RoutingResult,
  outletId: string,
): Promise<'near' | 'far' | null> {
  if (suggestion.outlet?.unitId === outletId || !order.addressId) return suggestion.zone;
  const [a] = await db
    .select({ lat: customerAddresses.lat, lng: customerAddresses.lng })
    .from(customerAddresses)
    .where(eq(customerAddresses.id, order.addressId));
  const [o] = await db.select({ lat: orgUnits.lat, lng: orgUnits.lng }).from(orgUnits).where(eq(orgUnits.id, outletId));
  return (a && o ? zoneOfOutlet(a, o, suggestion.nearKm) : null) ?? suggestion.zone;
}

/**
 * The zone of an order at its (corrected) address: against the outlet serving it when it has one,
 * else as the routing suggestion judges it (the nearest covering outlet); null when unknown.
 */
export async function zoneOfOrder(db: DbLike, ctx: Pick<Ctx, 'now'>, order: OrderRow): Promise<'near' | 'far' | null> {
  const suggestion = await computeSuggestion(db, ctx, order);
  return order.outletId ? zoneAtOutlet(db, order, suggestion, order.outletId) : suggestion.zone;
}

function routingOrderOf(
  order: Pick<
    OrderRow,
    'state' | 'orgPath' | 'provinceCode' | 'cityCode' | 'districtCode' | 'bookedFrom' | 'bookedTo' | 'productLineId'
  >,
  holderKind: RoutingUnit['kind'],
  lat: number | null,
  lng: number | null,
) {
  return {
    state: order.state,
    orgPath: order.orgPath,
    holderKind,
    provinceCode: order.provinceCode,
    cityCode: order.cityCode,
    districtCode: order.districtCode,
    lat,
    lng,
    bookedFrom: order.bookedFrom,
    bookedTo: order.bookedTo,
    productLineKnown: !!order.productLineId,
  };
}

async function activeUnits(db: DbLike): Promise<RoutingUnit[]> {
  return db
    .select({
      id: orgUnits.id,
      kind: orgUnits.kind,
      path: orgUnits.path,
      name: orgUnits.name,
      provinceCode: orgUnits.provinceCode,
      serviceArea: orgUnits.serviceArea,
      lat: orgUnits.lat,
      lng: orgUnits.lng,
    })
    .from(orgUnits)
    .where(eq(orgUnits.active, true));
}

async function technicianCandidates(
  db: DbLike,
  now: Date,
  outletId: string,
  productLineId: string | null,
): Promise<RoutingTechnician[]> {
  const people = await db
    .selectDistinct({ id: users.id, name: users.displayName })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(rolePermissions, eq(rolePermissions.roleCode, userRoles.roleCode))
    .where(
      and(eq(users.orgUnitId, outletId), eq(users.active, true), eq(rolePermissions.permission, 'orders.execute')),
    );
  if (people.length === 0) return [];
  const ids = people.map((p) => p.id);
  const today = await companyToday(db, now);
  const certs = productLineId
    ? await db
        .select({ userId: technicianCertifications.userId, validUntil: technicianCertifications.validUntil })
        .from(technicianCertifications)
        .where(
          and(
            inArray(technicianCertifications.userId, ids),
            eq(technicianCertifications.productLineId, productLineId),
            gte(technicianCertifications.validUntil, today),
          ),
        )
    : [];
  const loads = await db
    .select({ id: workOrders.technicianId, n: count() })
    .from(workOrders)
    .where(and(inArray(workOrders.technicianId, ids), inArray(workOrders.state, [...OPEN_STATES])))
    .groupBy(workOrders.technicianId);
  const windows = await db
    .select({ id: workOrders.technicianId, from: workOrders.bookedFrom, to: workOrders.bookedTo })
    .from(workOrders)
    .where(
      and(
        inArray(workOrders.technicianId, ids),
        inArray(workOrders.state, [...OPEN_STATES]),
        isNotNull(workOrders.bookedFrom),
      ),
    );
  return people.map((p) => ({
    id: p.id,
    name: p.name,
    certifiedUntil: productLineId ? (certs.find((c) => c.userId === p.id)?.validUntil ?? null) : null,
    openLoad: loads.find((l) => l.id === p.id)?.n ?? 0,
    busy: windows.filter((w) => w.id === p.id && w.from && w.to).map((w) => ({ from: w.from!, to: w.to! })),
  }));
}

/** GET /api/orders/:id/suggestion. */
export async function suggestRoute(ctx: Ctx, id: string): Promise<Suggestion> {
  const [order] = await ctx.db
    .select()
    .from(workOrders)
    .where(and(eq(workOrders.id, id), withinScope(ctx.actor, workOrders.orgPath)));
  if (!order) throw notFound(ctx, 'work_order');
  // The dispatcher's view also shows the callbacks' satisfaction of the outlet and technicians.
  const result = await withSatisfaction(ctx.db, await computeSuggestion(ctx.db, ctx, order), ctx.now);
  return { orderId: order.id, ...result };
}
