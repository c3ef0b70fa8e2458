import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { requirePermission, withinScope } from '../../platform/access/index.js';
import type { Ctx } from '../../platform/context.js';
import { users } from '../../platform/identity/tables.js';
import { recordNotFound } from '../../platform/records.js';
import { type BoardData, readBoard } from './board.js';
import type { Board, BoardQuery, Plan, UnplacedReason } from './contract.js';
import { isStale } from './rules.js';
import { planningPlans } from './tables.js';

export type PlanRow = typeof planningPlans.$inferSelect;

export const PLAN_NAME = { 'zh-CN': '排程计划', en: 'Plan' };

/** What each reason means, for the planner. */
export const REASON_TEXT: Record<UnplacedReason, { 'zh-CN': string; en: string }> = {
  no_location: { 'zh-CN': '地址没有坐标，无法计算路程', en: 'The address has no coordinates' },
  no_certified_technician: {
    'zh-CN': '当日没有该产品线有效资质的工程师',
    en: 'Nobody holds a valid certification for the product line on the day',
  },
  part_missing: { 'zh-CN': '没有车载库存可满足所需配件', en: 'No van holds the parts the visit needs' },
  window_unreachable: {
    'zh-CN': '没有工程师能在班次内于预约时段到达',
    en: 'No technician can reach it inside its window within the shift',
  },
  no_room: { 'zh-CN': '当日已排满（时间或数量）', en: 'The day is full (time or visits)' },
};

/** A stored plan as the API shows it; stale against the board's visits. */
export async function toPlan(db: DbLike, row: PlanRow, data: BoardData | null): Promise<Plan> {
  const locks = row.locks ?? {};
  const fixed = new Set(data ? data.board.visits.filter((v) => v.fixed).map((v) => v.orderId) : []);
  const names = row.createdBy
    ? await db.select({ id: users.id, name: users.displayName }).from(users).where(eq(users.id, row.createdBy))
    : [];
  const p = row.plan;
  return {
    id: row.id,
    outletId: row.outletId,
    day: row.day,
    state: row.state,
    version: row.version,
    routes: p.routes.map((r) => ({
      ...r,
      stops: r.stops.map((s) => ({ ...s, locked: s.orderId in locks, fixed: fixed.has(s.orderId) })),
    })),
    unplaced: p.unplaced.map((u) => ({
      orderId: u.orderId,
      reason: u.reason as UnplacedReason,
      detail: REASON_TEXT[u.reason as UnplacedReason] ?? REASON_TEXT.no_room,
    })),
    cost: p.cost,
    solvedInMs: row.solvedInMs,
    iterations: row.iterations,
    createdAt: row.createdAt.toISOString(),
    createdBy: names[0] ? { id: names[0].id, name: names[0].name } : null,
    publishedAt: row.publishedAt ? row.publishedAt.toISOString() : null,
    stale: data
      ? isStale(
          p.orderVersions,
          data.board.visits.map((v) => ({ orderId: v.orderId, version: data.orders.get(v.orderId)!.version })),
        )
      : false,
  };
}

/**
 * The outlet's day's current plan: the draft when there is one (a new draft supersedes the drafts
 * before it, so a draft is always newer than the published plan), else the published one.
 */
export async function currentPlanRow(db: DbLike, outletId: string, day: string): Promise<PlanRow | null> {
  const [row] = await db
    .select()
    .from(planningPlans)
    .where(and(eq(planningPlans.outletId, outletId), eq(planningPlans.day, day), ne(planningPlans.state, 'superseded')))
    .orderBy(asc(sql`${planningPlans.state} = 'published'`), desc(planningPlans.createdAt))
    .limit(1);
  return row ?? null;
}

/** A plan within the caller's scope (404 otherwise). */
export async function planInScope(db: DbLike, ctx: Ctx, id: string, forUpdate = false): Promise<PlanRow> {
  const q = db
    .select()
    .from(planningPlans)
    .where(and(eq(planningPlans.id, id), withinScope(ctx.actor, planningPlans.orgPath)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw recordNotFound(ctx.lang, PLAN_NAME);
  return row;
}

/** GET /api/planning/board */
export async function getBoard(ctx: Ctx, q: BoardQuery): Promise<Board> {
  requirePermission(ctx.actor, 'orders.dispatch');
  const data = await readBoard(ctx.db, ctx, q.outletId, q.day);
  const row = await currentPlanRow(ctx.db, q.outletId, q.day);
  return { ...data.board, plan: row ? await toPlan(ctx.db, row, data) : null };
}

/** GET /api/planning/plans/:id */
export async function getPlan(ctx: Ctx, id: string): Promise<Plan> {
  requirePermission(ctx.actor, 'orders.dispatch');
  const row = await planInScope(ctx.db, ctx, id);
  const data = await readBoard(ctx.db, ctx, row.outletId, row.day);
  return toPlan(ctx.db, row, data);
}
