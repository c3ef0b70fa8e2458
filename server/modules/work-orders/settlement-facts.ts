import { and, asc, eq, gte, inArray, isNotNull, lt, or, type SQL } from 'drizzle-orm';
import type { Text } from '../../../shared/i18n.js';
import type { DbLike } from '../../db/client.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { customerAddresses, productLines } from '../customers/index.js';
import type { ServiceType } from './contract.js';
import { haversineKm } from './routing.js';
import { workOrders } from './tables.js';

/*
 * The orders a monthly settlement statement is built from (docs/money-statements.md): the orders
 * completed in a period served by some outlets or passed through some centers, read as one set
 * (one statement per call, never one per order), with the facts the settlement rules take: the
 * product line (its code keys the timeliness bonus), the zone and the outlet ↔ customer distance
 * (the figure routing judges the zone on), whether a visit window was booked.
 */

export interface SettlementOrder {
  id: string;
  code: string;
  outletId: string | null;
  centerId: string | null;
  completedAt: Date;
  serviceType: ServiceType;
  productLineId: string | null;
  productLine: { code: string; name: Text } | null;
  zone: 'near' | 'far' | null;
  /** Serving outlet ↔ customer address, great-circle km; null without both coordinates. */
  distanceKm: number | null;
  booked: boolean;
}

/**
 * Orders completed in [from, to) whose outlet is one of `outletIds` or whose center is one of
 * `centerIds`, oldest completion first. Index-backed: work_orders (outlet_id, completed_at) and
 * (center_id, completed_at). No scope check: the caller chose the units within its scope.
 */
export async function completedOrdersOf(
  db: DbLike,
  q: { from: Date; to: Date; outletIds: readonly string[]; centerIds: readonly string[] },
): Promise<SettlementOrder[]> {
  const units: SQL[] = [];
  if (q.outletIds.length) units.push(inArray(workOrders.outletId, [...q.outletIds]));
  if (q.centerIds.length) units.push(inArray(workOrders.centerId, [...q.centerIds]));
  if (!units.length) return [];
  const rows = await db
    .select({
      id: workOrders.id,
      code: workOrders.code,
      outletId: workOrders.outletId,
      centerId: workOrders.centerId,
      completedAt: workOrders.completedAt,
      serviceType: workOrders.serviceType,
      productLineId: workOrders.productLineId,
      lineCode: productLines.code,
      lineName: productLines.name,
      lineNameEn: productLines.nameEn,
      zone: workOrders.zone,
      bookedFrom: workOrders.bookedFrom,
      addrLat: customerAddresses.lat,
      addrLng: customerAddresses.lng,
      outletLat: orgUnits.lat,
      outletLng: orgUnits.lng,
    })
    .from(workOrders)
    .leftJoin(productLines, eq(productLines.id, workOrders.productLineId))
    .leftJoin(customerAddresses, eq(customerAddresses.id, workOrders.addressId))
    .leftJoin(orgUnits, eq(orgUnits.id, workOrders.outletId))
    .where(
      and(
        units.length === 1 ? units[0] : or(...units),
        isNotNull(workOrders.completedAt),
        gte(workOrders.completedAt, q.from),
        lt(workOrders.completedAt, q.to),
      ),
    )
    .orderBy(asc(workOrders.completedAt), asc(workOrders.code));
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    outletId: r.outletId,
    centerId: r.centerId,
    completedAt: r.completedAt!,
    serviceType: r.serviceType,
    productLineId: r.productLineId,
    productLine: r.lineCode
      ? { code: r.lineCode, name: { 'zh-CN': r.lineName!, en: r.lineNameEn ?? r.lineName! } }
      : null,
    zone: r.zone,
    distanceKm:
      r.addrLat != null && r.addrLng != null && r.outletLat != null && r.outletLng != null
        ? haversineKm({ lat: r.addrLat, lng: r.addrLng }, { lat: r.outletLat, lng: r.outletLng })
        : null,
    booked: r.bookedFrom !== null,
  }));
}
