import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Permission } from '../../../shared/permissions.js';
import type { Db, DbLike } from '../../db/client.js';
import { assertOrgUnitInScope, hasPermission, withinScope } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events/index.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { assertVersion, recordNotFound } from '../../platform/records.js';
import { runAction, workOrders } from '../work-orders/index.js';
import type { PoolOffer, PoolPublish } from './contract.js';
import { certifiedLinesOf, getOffer, offerNotFound, offersByIds } from './pool-queries.js';
import { claimProblem, orderPoolable, poolEnabledFor } from './pool-rules.js';
import { planningPool } from './tables.js';

/*
 * The order pool's commands (docs/planning-pool.md): publish, claim, withdraw. Each runs in one
 * transaction and appends one audit event per offer it changes (entity `planning_pool`).
 *
 * The claim's guarantee is one conditional update: `update planning_pool set state = 'claimed' …
 * where id = $1 and state = 'open' returning`. The row lock makes racing claims wait for the first;
 * when it commits they re-check `state = 'open'`, find it false and update nothing — exactly one
 * winner, whatever the number of claimers or server instances.
 */

const ENTITY = 'planning_pool';
const ORDER = { 'zh-CN': '服务单', en: 'Order' } as const;
/** The dispatch's note on the order's timeline: the order was taken from the pool. */
const POOL_NOTE = '工单池抢单 (claimed from the order pool)';

type PoolRow = typeof planningPool.$inferSelect;

/** Puts accepted orders of an outlet in the pool for its certified technicians to claim. */
export async function publishToPool(ctx: Ctx, body: PoolPublish): Promise<{ published: number; offers: PoolOffer[] }> {
  const ids = await ctx.db.transaction(async (tx) => {
    await assertOrgUnitInScope(tx, ctx.actor, body.outletId);
    const [outlet] = await tx
      .select({
        kind: orgUnits.kind,
        name: orgUnits.name,
        provinceCode: orgUnits.provinceCode,
        cityCode: orgUnits.cityCode,
        districtCode: orgUnits.districtCode,
      })
      .from(orgUnits)
      .where(eq(orgUnits.id, body.outletId));
    if (outlet?.kind !== 'outlet') throw fieldError('outletId', 'planning.pool_not_outlet');
    const regions = await getSetting(tx, 'planning.poolRegions', ctx.now);
    if (!poolEnabledFor(outlet, regions)) {
      throw fieldError('outletId', 'planning.pool_region_disabled', { unit: outlet.name });
    }
    const seen = new Set<string>();
    body.orderIds.forEach((id, i) => {
      if (seen.has(id)) throw fieldError(`orderIds.${i}`, 'planning.pool_orders_repeated');
      seen.add(id);
    });
    const orders = await tx
      .select({
        id: workOrders.id,
        code: workOrders.code,
        state: workOrders.state,
        holderUnitId: workOrders.holderUnitId,
        outletId: workOrders.outletId,
        productLineId: workOrders.productLineId,
        orgPath: workOrders.orgPath,
      })
      .from(workOrders)
      .where(and(inArray(workOrders.id, body.orderIds), withinScope(ctx.actor, workOrders.orgPath)))
      .for('update');
    const byId = new Map(orders.map((o) => [o.id, o]));
    body.orderIds.forEach((id, i) => {
      const o = byId.get(id);
      const field = `orderIds.${i}`;
      if (!o) throw recordNotFound(ctx.lang, ORDER, field);
      if (!orderPoolable(o, body.outletId)) {
        throw fieldError(field, 'planning.pool_order_not_eligible', { code: o.code, state: o.state, field });
      }
    });
    const open = await tx
      .select({ orderId: planningPool.orderId })
      .from(planningPool)
      .where(and(inArray(planningPool.orderId, body.orderIds), eq(planningPool.state, 'open')));
    if (open.length) {
      const openIds = new Set(open.map((r) => r.orderId));
      const i = body.orderIds.findIndex((id) => openIds.has(id));
      const field = `orderIds.${i}`;
      throw fieldError(field, 'planning.pool_already_open', { code: byId.get(body.orderIds[i]!)!.code, field });
    }
    const rows = await tx
      .insert(planningPool)
      .values(
        body.orderIds.map((id) => {
          const o = byId.get(id)!;
          return {
            orderId: id,
            outletId: body.outletId,
            orgPath: o.orgPath,
            productLineId: o.productLineId,
            state: 'open' as const,
            publishedBy: ctx.actor.id,
            publishedAt: ctx.now,
          };
        }),
      )
      .returning();
    for (const row of rows) {
      await appendEvent(tx, ctx, {
        entity: ENTITY,
        entityId: row.id,
        action: 'planning.pool_published',
        after: {
          orderId: row.orderId,
          orderCode: byId.get(row.orderId)!.code,
          outletId: row.outletId,
          productLineId: row.productLineId,
          state: row.state,
        },
        orgPath: row.orgPath,
      });
    }
    return rows.map((r) => r.id);
  });
  const offers = await offersByIds(ctx, ids);
  return { published: ids.length, offers };
}

/**
 * The claimer's context for the dispatch the pool makes: the same person (the order's timeline and
 * the audit name them), with `orders.dispatch` granted for this one call — the pool is what gives a
 * technician the right to take this one order. Scope is theirs (the outlet holding the order).
 */
function claimerCtx(ctx: Ctx, tx: DbLike): Ctx {
  const extra: Permission[] = ['orders.dispatch'];
  return {
    ...ctx,
    db: tx as unknown as Db,
    actor: { ...ctx.actor, permissions: new Set([...ctx.actor.permissions, ...extra]) },
  };
}

type ClaimOutcome = { kind: 'won' } | { kind: 'lost' } | { kind: 'moved' };

/** A technician claims an open offer: the first claim wins and the order is assigned to them. */
export async function claimOffer(ctx: Ctx, id: string): Promise<{ offer: PoolOffer }> {
  const [offer] = await ctx.db
    .select()
    .from(planningPool)
    .where(and(eq(planningPool.id, id), withinScope(ctx.actor, planningPool.orgPath)));
  if (!offer) throw offerNotFound(ctx.lang);
  const problem = claimProblem({
    offer,
    claimer: { orgUnitId: ctx.actor.orgUnitId, executes: hasPermission(ctx.actor, 'orders.execute') },
    certifiedLines: await certifiedLinesOf(ctx.db, ctx.actor.id, ctx.now),
  });
  if (problem) throw new AppError(problem);

  const outcome = await ctx.db.transaction(async (tx): Promise<ClaimOutcome> => {
    // The race: one conditional update. A waiter blocked on the winner's row lock re-reads the
    // row when the winner commits, finds it no longer open and updates nothing.
    const [won] = await tx
      .update(planningPool)
      .set({
        state: 'claimed',
        claimedBy: ctx.actor.id,
        claimedAt: ctx.now,
        version: sql`${planningPool.version} + 1`,
      })
      .where(and(eq(planningPool.id, id), eq(planningPool.state, 'open')))
      .returning();
    if (!won) return { kind: 'lost' };
    const [order] = await tx
      .select({
        id: workOrders.id,
        code: workOrders.code,
        version: workOrders.version,
        state: workOrders.state,
        holderUnitId: workOrders.holderUnitId,
        outletId: workOrders.outletId,
      })
      .from(workOrders)
      .where(eq(workOrders.id, won.orderId))
      .for('update');
    if (!order || !orderPoolable(order, won.outletId)) {
      await withdrawRow(tx, ctx, won, { claimedBy: null, claimedAt: null }, 'order_moved');
      return { kind: 'moved' };
    }
    // The order's normal dispatch to the claimer, nested in this transaction (data: via pool).
    await runAction(claimerCtx(ctx, tx), order.id, 'dispatch', {
      technicianId: ctx.actor.id!,
      version: order.version,
      overrideReason: POOL_NOTE,
    });
    await appendEvent(tx, ctx, {
      entity: ENTITY,
      entityId: won.id,
      action: 'planning.pool_claimed',
      before: { state: 'open', claimedBy: null },
      after: { state: 'claimed', claimedBy: ctx.actor.id, orderId: order.id, orderCode: order.code, via: 'pool' },
      orgPath: won.orgPath,
    });
    return { kind: 'won' };
  });

  if (outcome.kind === 'moved') throw new AppError('planning.pool_order_moved');
  if (outcome.kind === 'lost') {
    const [now] = await ctx.db.select({ state: planningPool.state }).from(planningPool).where(eq(planningPool.id, id));
    throw new AppError(now?.state === 'withdrawn' ? 'planning.pool_closed' : 'planning.pool_taken');
  }
  return { offer: await getOffer(ctx, id) };
}

/** Marks an open offer withdrawn (by hand, or found stale by a claim) and appends its event. */
async function withdrawRow(
  tx: DbLike,
  ctx: Ctx,
  row: PoolRow,
  reset: Partial<PoolRow>,
  reason: 'by_hand' | 'order_moved',
): Promise<void> {
  await tx
    .update(planningPool)
    .set({ ...reset, state: 'withdrawn', withdrawnAt: ctx.now, version: row.version + 1 })
    .where(eq(planningPool.id, row.id));
  await appendEvent(tx, ctx, {
    entity: ENTITY,
    entityId: row.id,
    action: 'planning.pool_withdrawn',
    before: { state: 'open' },
    after: { state: 'withdrawn', orderId: row.orderId, cause: reason },
    orgPath: row.orgPath,
  });
}

/**
 * Withdraws the open offers of these orders, in the caller's transaction: for a command that gives
 * the orders to technicians by other means (a published plan), so the offers close at once instead
 * of at the next claim. Returns how many were withdrawn.
 */
export async function withdrawPoolOffersOf(tx: DbLike, ctx: Ctx, orderIds: readonly string[]): Promise<number> {
  if (orderIds.length === 0) return 0;
  const rows = await tx
    .select()
    .from(planningPool)
    .where(and(inArray(planningPool.orderId, [...orderIds]), eq(planningPool.state, 'open')))
    .for('update');
  for (const row of rows) await withdrawRow(tx, ctx, row, {}, 'order_moved');
  return rows.length;
}

/** A dispatcher takes an open offer back out of the pool. */
export async function withdrawOffer(ctx: Ctx, id: string, body: { version: number }): Promise<PoolOffer> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(planningPool)
      .where(and(eq(planningPool.id, id), withinScope(ctx.actor, planningPool.orgPath)))
      .for('update');
    if (!row) throw offerNotFound(ctx.lang);
    await assertVersion(tx, ctx, { entity: ENTITY, entityId: id, version: row.version }, body.version);
    if (row.state !== 'open') throw new AppError('planning.pool_not_open');
    await withdrawRow(tx, ctx, row, {}, 'by_hand');
  });
  return getOffer(ctx, id);
}
