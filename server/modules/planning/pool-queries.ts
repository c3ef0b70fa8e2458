import { and, count, desc, eq, gte, inArray, ne, or, type SQL } from 'drizzle-orm';
import type { Lang } from '../../../shared/i18n.js';
import { localDay } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import { hasPermission, withinScope } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { users } from '../../platform/identity/tables.js';
import { recordNotFound } from '../../platform/records.js';
import { productLines } from '../customers/index.js';
import { technicianCertifications, workOrders } from '../work-orders/index.js';
import type { PoolOffer, PoolQuery } from './contract.js';
import { areaOf, claimable, orderPoolable } from './pool-rules.js';
import { planningPool } from './tables.js';

/*
 * Reading the order pool (docs/planning-pool.md). Dispatchers (orders.dispatch) see the offers in
 * their scope; a technician (orders.execute without orders.dispatch) sees the open offers of their
 * own outlet, each with whether they may claim it. An open offer whose order has moved on (assigned
 * by other means, cancelled, passed elsewhere) is not listed: it can no longer be claimed, and a
 * claim of it withdraws it.
 */

export const POOL_OFFER = { 'zh-CN': '工单池工单', en: 'Pool offer' } as const;

export function offerNotFound(lang: Lang): AppError {
  return recordNotFound(lang, POOL_OFFER);
}

/** The product lines `userId` holds a certification for that is valid today (company time zone). */
export async function certifiedLinesOf(db: DbLike, userId: string | null, now: Date): Promise<Set<string>> {
  if (!userId) return new Set();
  const timeZone = await getSetting(db, 'company.timeZone', now);
  const today = localDay(now, timeZone);
  const rows = await db
    .select({ lineId: technicianCertifications.productLineId })
    .from(technicianCertifications)
    .where(and(eq(technicianCertifications.userId, userId), gte(technicianCertifications.validUntil, today)));
  return new Set(rows.map((r) => r.lineId));
}

/** A technician's view: executes orders but does not dispatch them. */
export function technicianView(ctx: Ctx): boolean {
  return !hasPermission(ctx.actor, 'orders.dispatch') && hasPermission(ctx.actor, 'orders.execute');
}

/** Open offers whose order still waits at the outlet, and every closed offer. */
const STANDING: SQL = or(
  ne(planningPool.state, 'open'),
  and(
    eq(workOrders.state, 'accepted'),
    eq(workOrders.holderUnitId, planningPool.outletId),
    eq(workOrders.outletId, planningPool.outletId),
  ),
)!;

const offerColumns = {
  pool: planningPool,
  order: {
    code: workOrders.code,
    state: workOrders.state,
    holderUnitId: workOrders.holderUnitId,
    outletId: workOrders.outletId,
    serviceType: workOrders.serviceType,
    provinceCode: workOrders.provinceCode,
    cityCode: workOrders.cityCode,
    districtCode: workOrders.districtCode,
    bookedFrom: workOrders.bookedFrom,
    bookedTo: workOrders.bookedTo,
  },
  lineName: productLines.name,
  claimerName: users.displayName,
};

type OfferRow = {
  pool: typeof planningPool.$inferSelect;
  order: {
    code: string;
    state: string;
    holderUnitId: string;
    outletId: string | null;
    serviceType: string;
    provinceCode: string | null;
    cityCode: string | null;
    districtCode: string | null;
    bookedFrom: Date | null;
    bookedTo: Date | null;
  };
  lineName: string | null;
  claimerName: string | null;
};

function offersQuery(db: DbLike) {
  return db
    .select(offerColumns)
    .from(planningPool)
    .innerJoin(workOrders, eq(workOrders.id, planningPool.orderId))
    .leftJoin(productLines, eq(productLines.id, planningPool.productLineId))
    .leftJoin(users, eq(users.id, planningPool.claimedBy));
}

function toOffer(ctx: Ctx, r: OfferRow, lines: ReadonlySet<string>): PoolOffer {
  const p = r.pool;
  // An open offer whose order moved on stands no more, whatever the row says until a claim withdraws it.
  const standing = p.state !== 'open' || orderPoolable(r.order, p.outletId);
  return {
    id: p.id,
    orderId: p.orderId,
    code: r.order.code,
    outletId: p.outletId,
    state: p.state,
    serviceType: r.order.serviceType,
    productLine: p.productLineId ? { id: p.productLineId, name: r.lineName ?? '' } : null,
    area: areaOf(r.order),
    window:
      r.order.bookedFrom && r.order.bookedTo
        ? { from: r.order.bookedFrom.toISOString(), to: r.order.bookedTo.toISOString() }
        : null,
    publishedAt: p.publishedAt.toISOString(),
    claimedBy: p.claimedBy ? { id: p.claimedBy, name: r.claimerName ?? '' } : null,
    claimedAt: p.claimedAt ? p.claimedAt.toISOString() : null,
    claimable:
      standing &&
      claimable({
        offer: p,
        claimer: { orgUnitId: ctx.actor.orgUnitId, executes: hasPermission(ctx.actor, 'orders.execute') },
        certifiedLines: lines,
      }),
    version: p.version,
  };
}

/** The pool's offers the caller may see, newest first. */
export async function listPool(
  ctx: Ctx,
  q: PoolQuery,
): Promise<{ items: PoolOffer[]; total: number; page: number; pageSize: number }> {
  if (!hasPermission(ctx.actor, 'orders.dispatch') && !hasPermission(ctx.actor, 'orders.execute')) {
    throw new AppError('auth.forbidden', { permission: 'orders.dispatch' });
  }
  const conds: SQL[] = [withinScope(ctx.actor, planningPool.orgPath), STANDING];
  if (technicianView(ctx)) {
    // Their own outlet's open offers only: what they may still claim.
    if (!ctx.actor.orgUnitId) return { items: [], total: 0, page: 1, pageSize: q.limit };
    conds.push(eq(planningPool.outletId, ctx.actor.orgUnitId), eq(planningPool.state, 'open'));
  }
  if (q.outletId) conds.push(eq(planningPool.outletId, q.outletId));
  if (q.state) conds.push(eq(planningPool.state, q.state));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    offersQuery(ctx.db)
      .where(where)
      .orderBy(desc(planningPool.publishedAt), desc(planningPool.id))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db
      .select({ n: count() })
      .from(planningPool)
      .innerJoin(workOrders, eq(workOrders.id, planningPool.orderId))
      .where(where),
  ]);
  const lines = await certifiedLinesOf(ctx.db, ctx.actor.id, ctx.now);
  return {
    items: rows.map((r) => toOffer(ctx, r, lines)),
    total: total?.n ?? 0,
    page: Math.floor(q.offset / q.limit) + 1,
    pageSize: q.limit,
  };
}

/** Offers by id within the caller's scope, in the order given. */
export async function offersByIds(ctx: Ctx, ids: readonly string[]): Promise<PoolOffer[]> {
  if (ids.length === 0) return [];
  const rows = await offersQuery(ctx.db).where(
    and(inArray(planningPool.id, [...ids]), withinScope(ctx.actor, planningPool.orgPath)),
  );
  const lines = await certifiedLinesOf(ctx.db, ctx.actor.id, ctx.now);
  const byId = new Map(rows.map((r) => [r.pool.id, toOffer(ctx, r, lines)]));
  return ids.map((id) => byId.get(id)).filter((o): o is PoolOffer => !!o);
}

export async function getOffer(ctx: Ctx, id: string): Promise<PoolOffer> {
  const [offer] = await offersByIds(ctx, [id]);
  if (!offer) throw offerNotFound(ctx.lang);
  return offer;
}
