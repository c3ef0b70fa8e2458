import { and, asc, count, desc, eq, inArray, isNull, type SQL, sum } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import { assertOrgUnitInScope, hasPermission, pathInScope, withinScope } from '../../../platform/access/index.js';
import { getSetting } from '../../../platform/config/store.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { events } from '../../../platform/events/index.js';
import { recordNotFound } from '../../../platform/records.js';
import { modelBom, partsByIds } from '../../customers/index.js';
import { orderForParts } from '../../work-orders/index.js';
import { shipmentLateness } from '../shipment-rules.js';
import { quotaView, REQUEST_NAME, type RequestRow } from './common.js';
import type { QuotaView, RequestDetail, RequestListQuery, RequestView, ShipmentView } from './contract.js';
import { orgUnits } from '../../../platform/identity/tables.js';
import { depots } from '../tables.js';
import {
  partQuotas,
  partRequestLines,
  partRequests,
  partShipmentLines,
  partShipmentRoutes,
  partShipments,
} from './tables.js';

const READERS = ['parts.read', 'parts.manage', 'parts.request', 'parts.approve', 'parts.approve_hq'] as const;

export function assertMayRead(ctx: Ctx): void {
  if (!READERS.some((p) => hasPermission(ctx.actor, p)))
    throw new AppError('auth.forbidden', { permission: 'parts.read' });
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function views(db: DbLike, rows: RequestRow[]): Promise<RequestView[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .select()
    .from(partRequestLines)
    .where(
      inArray(
        partRequestLines.requestId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(partRequestLines.n));
  const names = await partsByIds(db, [...new Set(lines.map((l) => l.partId))]);
  // What is on its way: shipped on shipments not received yet, by request and part.
  const moving = await db
    .select({
      requestId: partShipments.requestId,
      partId: partShipmentLines.partId,
      qty: sum(partShipmentLines.qtyShipped),
    })
    .from(partShipmentLines)
    .innerJoin(partShipments, eq(partShipments.id, partShipmentLines.shipmentId))
    .where(
      and(
        inArray(
          partShipments.requestId,
          rows.map((r) => r.id),
        ),
        isNull(partShipments.receivedAt),
      ),
    )
    .groupBy(partShipments.requestId, partShipmentLines.partId);
  const onWay = new Map(moving.map((m) => [`${m.requestId}:${m.partId}`, Number(m.qty ?? 0)]));
  // A part on two lines of one request: the units on the way fill the lines in order.
  const inTransitOf = (l: (typeof lines)[number]) => {
    const key = `${l.requestId}:${l.partId}`;
    const left = onWay.get(key) ?? 0;
    const here = Math.min(left, Math.max(0, l.quantity - l.receivedQty));
    onWay.set(key, left - here);
    return here;
  };
  return rows.map((r) => {
    const j = r.judgement as { explanation: { 'zh-CN': string; en: string }[] };
    return {
      id: r.id,
      code: r.code,
      orderId: r.orderId,
      orderCode: r.orderCode,
      requesterId: r.requesterId,
      technicianId: r.technicianId,
      outletId: r.outletId,
      urgency: r.urgency,
      status: r.status,
      approvalLevel: r.approvalLevel,
      explanation: j.explanation,
      plan: (r.plan as RequestView['plan']) ?? null,
      note: r.note,
      totalFen: r.totalFen,
      unavailableAtHq: r.unavailableAtHq,
      rejectedReason: r.rejectedReason,
      waitParty: r.waitParty,
      waitAttribution: (r.waitAttribution as Record<string, unknown> | null) ?? null,
      createdAt: r.createdAt.toISOString(),
      approvedAt: iso(r.approvedAt),
      receivedAt: iso(r.receivedAt),
      lines: lines
        .filter((l) => l.requestId === r.id)
        .map((l) => ({
          id: l.id,
          partId: l.partId,
          partCode: names.get(l.partId)?.code ?? '',
          partName: names.get(l.partId)?.name ?? '',
          quantity: l.quantity,
          unitCostFen: l.unitCostFen,
          fromDepotId: l.fromDepotId,
          receivedQty: l.receivedQty,
          inTransitQty: inTransitOf(l),
          returnedQty: l.returnedQty,
          outcome: l.outcome,
        })),
    };
  });
}

/** The board: requests in scope, by status (pending approval, to ship, in transit, received) or of one order. */
export async function listRequests(ctx: Ctx, q: RequestListQuery) {
  assertMayRead(ctx);
  const where: SQL[] = [withinScope(ctx.actor, partRequests.orgPath)];
  if (q.status) where.push(eq(partRequests.status, q.status));
  if (q.orderId) where.push(eq(partRequests.orderId, q.orderId));
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(partRequests)
      .where(and(...where))
      .orderBy(desc(partRequests.urgency), desc(partRequests.createdAt))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db
      .select({ n: count() })
      .from(partRequests)
      .where(and(...where)),
  ]);
  return { items: await views(ctx.db, rows), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

async function shipmentViews(ctx: Ctx, rows: (typeof partShipments.$inferSelect)[]): Promise<ShipmentView[]> {
  if (rows.length === 0) return [];
  const timeZone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  const lines = await ctx.db
    .select()
    .from(partShipmentLines)
    .where(
      inArray(
        partShipmentLines.shipmentId,
        rows.map((r) => r.id),
      ),
    );
  const reqs = await ctx.db
    .select({ id: partRequests.id, code: partRequests.code, orderCode: partRequests.orderCode })
    .from(partRequests)
    .where(inArray(partRequests.id, [...new Set(rows.map((r) => r.requestId))]));
  const names = await partsByIds(ctx.db, [...new Set(lines.map((l) => l.partId))]);
  return rows.map((s) => {
    const r = reqs.find((x) => x.id === s.requestId)!;
    return {
      id: s.id,
      code: s.code,
      requestId: s.requestId,
      requestCode: r.code,
      orderCode: r.orderCode,
      fromDepotId: s.fromDepotId,
      toDepotId: s.toDepotId,
      fromLevel: s.fromLevel,
      carrier: s.carrier,
      trackingNo: s.trackingNo,
      shippedAt: s.shippedAt.toISOString(),
      promisedDays: s.promisedDays,
      promiseSource: s.promiseRouteId ? ('route' as const) : ('default' as const),
      expectedDay: s.expectedDay,
      receivedAt: iso(s.receivedAt),
      latenessDays: s.latenessDays,
      daysLate: s.latenessDays ?? shipmentLateness(s.shippedAt, null, ctx.now, s.promisedDays, timeZone).daysLate,
      attributedParty: s.attributedParty,
      wrong: s.wrong,
      lines: lines
        .filter((l) => l.shipmentId === s.id)
        .map((l) => ({
          partId: l.partId,
          partCode: names.get(l.partId)?.code ?? '',
          qtyShipped: l.qtyShipped,
          serials: l.serials,
          qtyReceived: l.qtyReceived,
          outcome: l.outcome,
        })),
    };
  });
}

export async function getRequest(ctx: Ctx, id: string): Promise<RequestDetail> {
  assertMayRead(ctx);
  const [row] = await ctx.db.select().from(partRequests).where(eq(partRequests.id, id));
  if (!row || !pathInScope(ctx.actor, row.orgPath)) throw recordNotFound(ctx.lang, REQUEST_NAME);
  const [view] = await views(ctx.db, [row]);
  const ships = await ctx.db
    .select()
    .from(partShipments)
    .where(eq(partShipments.requestId, id))
    .orderBy(asc(partShipments.shippedAt));
  const evs = await ctx.db
    .select()
    .from(events)
    .where(and(eq(events.entity, 'part_request'), eq(events.entityId, id)))
    .orderBy(asc(events.at));
  return {
    ...view!,
    shipments: await shipmentViews(ctx, ships),
    events: evs.map((e) => ({ at: e.at.toISOString(), action: e.action, actorName: e.actorName, reason: e.reason })),
  };
}

/** Shipments in scope; `late=true`: received late, or still on the way past the expected day. */
export async function listShipments(ctx: Ctx, q: { late?: 'true' | 'false'; requestId?: string }) {
  assertMayRead(ctx);
  const where: SQL[] = [withinScope(ctx.actor, partShipments.orgPath)];
  if (q.requestId) where.push(eq(partShipments.requestId, q.requestId));
  const rows = await ctx.db
    .select()
    .from(partShipments)
    .where(and(...where))
    .orderBy(desc(partShipments.shippedAt))
    .limit(500);
  const all = await shipmentViews(ctx, rows);
  const items =
    q.late === 'true'
      ? all.filter((s) => s.daysLate > 0)
      : q.late === 'false'
        ? all.filter((s) => s.daysLate === 0)
        : all;
  return { items, total: items.length };
}

/** Remaining quota where a request is made: of an order's outlet and technician (with the model's parts), or of a given outlet/technician. */
export async function quotaFor(
  ctx: Ctx,
  q: { orderId?: string; outletId?: string; technicianId?: string },
): Promise<QuotaView> {
  assertMayRead(ctx);
  if (q.orderId) {
    const order = await orderForParts(ctx.db, ctx, q.orderId);
    const view = await quotaView(ctx.db, ctx.now, order.outletId ?? order.holderUnitId, order.technicianId);
    const bom = order.modelId ? await modelBom(ctx.db, order.modelId) : [];
    return {
      ...view,
      parts: bom
        .filter((b) => b.active)
        .map((b) => ({ partId: b.partId, code: b.code, name: b.name, nameEn: b.nameEn })),
    };
  }
  if (!q.outletId) throw fieldError('outletId', 'validation.failed');
  await assertOrgUnitInScope(ctx.db, ctx.actor, q.outletId);
  return quotaView(ctx.db, ctx.now, q.outletId, q.technicianId ?? null);
}

export async function listQuotas(ctx: Ctx) {
  assertMayRead(ctx);
  const rows = await ctx.db
    .select()
    .from(partQuotas)
    .where(withinScope(ctx.actor, partQuotas.orgPath))
    .orderBy(desc(partQuotas.effectiveFrom), desc(partQuotas.createdAt))
    .limit(1000);
  const items = rows.map((r) => ({
    id: r.id,
    orgUnitId: r.orgUnitId,
    userId: r.userId,
    periodKind: r.periodKind,
    valueFen: r.valueFen,
    quantity: r.quantity,
    effectiveFrom: r.effectiveFrom,
    createdAt: r.createdAt.toISOString(),
  }));
  return { items, total: items.length };
}

async function shipmentRouteRows(ctx: Ctx, id?: string) {
  const rows = await ctx.db
    .select({
      id: partShipmentRoutes.id,
      fromDepotId: partShipmentRoutes.fromDepotId,
      fromDepotCode: depots.code,
      fromDepotName: depots.name,
      toOrgUnitId: partShipmentRoutes.toOrgUnitId,
      toOrgUnitCode: orgUnits.code,
      toOrgUnitName: orgUnits.name,
      promisedDays: partShipmentRoutes.promisedDays,
      updatedAt: partShipmentRoutes.updatedAt,
    })
    .from(partShipmentRoutes)
    .innerJoin(depots, eq(depots.id, partShipmentRoutes.fromDepotId))
    .innerJoin(orgUnits, eq(orgUnits.id, partShipmentRoutes.toOrgUnitId))
    .where(
      and(
        withinScope(ctx.actor, partShipmentRoutes.orgPath),
        eq(partShipmentRoutes.active, true),
        id ? eq(partShipmentRoutes.id, id) : undefined,
      ),
    )
    .orderBy(asc(depots.code), asc(orgUnits.path))
    .limit(5000);
  return rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
}

/** The active shipping routes of depots in scope, with depot and unit codes and names, and the default promise. */
export async function listShipmentRoutes(ctx: Ctx) {
  assertMayRead(ctx);
  const items = await shipmentRouteRows(ctx);
  return {
    items,
    total: items.length,
    defaultPromisedDays: await getSetting(ctx.db, 'parts.shipmentPromisedDays', ctx.now),
  };
}

export async function getShipmentRoute(ctx: Ctx, id: string) {
  assertMayRead(ctx);
  const [row] = await shipmentRouteRows(ctx, id);
  if (!row) throw recordNotFound(ctx.lang, { 'zh-CN': '发货线路', en: 'Shipping route' });
  return row;
}
