import { and, eq, inArray, ne } from 'drizzle-orm';
import { errorMessage } from '../../../shared/errors.js';
import type { Db, DbLike } from '../../db/client.js';
import { requirePermission } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events/index.js';
import { assertVersion } from '../../platform/records.js';
import { runAction, workOrders } from '../work-orders/index.js';
import { type BoardData, readBoard } from './board.js';
import { type BuiltProblem, buildProblem, type ProblemInput } from './build-problem.js';
import type {
  LockBody,
  MoveBody,
  MoveResult,
  Plan,
  PlanCreate,
  PublishBody,
  PublishResult,
  ReplanBody,
} from './contract.js';
import { currentPlanRow, type PlanRow, planInScope, toPlan } from './plan-queries.js';
import {
  appointmentWindow,
  costOf,
  instantOf,
  minutesOf,
  scheduleRoute,
  storedPlanOf,
  storedRouteOf,
  violationText,
  windowHolds,
} from './rules.js';
import { checkSolution } from './solver/check.js';
import { explainUnplaced } from './solver/explain.js';
import type { Location, Problem, Route, Solution } from './solver/problem.js';
import { travelMinutes } from './solver/travel.js';
import { solve } from './solver/solve.js';
import { planningPlans, type StoredLock, type StoredPlan, type StoredRoute } from './tables.js';
import { withdrawPoolOffersOf } from './pool-commands.js';

/*
 * Plan commands (docs/planning-board.md). Making a plan reads the board, runs the optimiser
 * outside any transaction (it may search for seconds), then writes the draft in one transaction
 * with its audit event. Moves are judged by the solver's independent checker on the routes they
 * change. Publishing runs the work orders' own dispatch and booking actions, nested in the
 * publishing transaction, so one refusal leaves every order and the plan as they were.
 */

const PLAN_REASON = '日计划';

/**
 * The road router's travel table for the problem's places, when setting `planning.travel.osrmUrl`
 * names an OSRM-compatible service: GET {url}/table/v1/driving/lng,lat;lng,lat…?annotations=duration
 * (seconds, made minutes). A pair the router cannot route keeps the straight-line estimate; a
 * router that fails or answers late leaves the estimate for the whole problem.
 */
export async function withRoadTable(ctx: Pick<Ctx, 'log'>, problem: Problem, osrmUrl: string): Promise<Problem> {
  if (!osrmUrl || problem.jobs.length === 0) return problem;
  const keyOf = (p: Location) => ('lat' in p ? `${p.lng},${p.lat}` : `${p.x},${p.y}`);
  const points = new Map<string, Location>();
  for (const v of problem.vehicles) for (const p of [v.start, v.end]) points.set(keyOf(p), p);
  for (const j of problem.jobs) points.set(keyOf(j.location), j.location);
  const list = [...points.values()];
  if (list.length < 2 || list.some((p) => !('lat' in p))) return problem;
  const url = `${osrmUrl.replace(/\/+$/, '')}/table/v1/driving/${[...points.keys()].join(';')}?annotations=duration`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as { code?: string; durations?: (number | null)[][] };
    const d = body.durations;
    if (body.code !== 'Ok' || !d || d.length !== list.length) throw new Error(`answer ${body.code ?? '?'}`);
    const minutes = list.map((a, i) =>
      list.map((b, j) => {
        const s = d[i]?.[j];
        return i === j
          ? 0
          : typeof s === 'number' && Number.isFinite(s) && s >= 0
            ? s / 60
            : travelMinutes(a, b, problem.travel);
      }),
    );
    return { ...problem, travel: { kind: 'matrix', points: list, minutes } };
  } catch (e) {
    ctx.log.warn({ err: e }, 'road travel table unavailable; straight-line estimate used');
    return problem;
  }
}

/** The starts a plan gave its fixed visits: they keep them when planned again. */
function fixedStartsOf(row: PlanRow | null, data: BoardData): Map<string, number> {
  const fixed = new Set(data.board.visits.filter((v) => v.fixed).map((v) => v.orderId));
  const out = new Map<string, number>();
  for (const r of row?.plan.routes ?? [])
    for (const s of r.stops) if (fixed.has(s.orderId)) out.set(s.orderId, s.start);
  return out;
}

/** Locks of visits still on the board. */
function liveLocks(locks: Record<string, StoredLock>, data: BoardData): Record<string, StoredLock> {
  const on = new Set(data.board.visits.map((v) => v.orderId));
  return Object.fromEntries(Object.entries(locks).filter(([id]) => on.has(id)));
}

/**
 * The optimiser's problem of the board as it is now, for making a plan and for judging a move alike:
 * travel from the settings (the far zone's speed beyond orders.nearZoneKm, or the road router's
 * table), the outlet's stock, and — during the plan day — now, before which nothing is planned.
 */
async function dayProblem(
  ctx: Ctx,
  data: BoardData,
  input: Pick<ProblemInput, 'locks' | 'fixedStarts' | 'unlocked'>,
): Promise<BuiltProblem> {
  const travel = await getSetting(ctx.db, 'planning.travel', ctx.now);
  const nearZoneKm = await getSetting(ctx.db, 'orders.nearZoneKm', ctx.now);
  const nowMinute = minutesOf(data.board.day, ctx.now, data.timeZone);
  const built = buildProblem({
    ...data.board,
    ...input,
    travel,
    nearZoneKm,
    outletStock: data.outletStock,
    ...(nowMinute > 0 ? { now: Math.min(nowMinute, 2 * 24 * 60) } : {}),
  });
  return { ...built, problem: await withRoadTable(ctx, built.problem, travel.osrmUrl) };
}

async function solveDay(
  ctx: Ctx,
  data: BoardData,
  locks: Record<string, StoredLock>,
  fixedStarts: Map<string, number>,
  timeLimitMs: number | undefined,
  seed: number,
) {
  const limit = timeLimitMs ?? (await getSetting(ctx.db, 'planning.timeLimitMs', ctx.now));
  const built = await dayProblem(ctx, data, { locks, fixedStarts });
  const began = performance.now();
  // Nothing to search: no visit to place, or nobody to place it with.
  const solution: Solution =
    built.problem.jobs.length === 0 || built.problem.vehicles.length === 0
      ? {
          routes: [],
          unassigned: built.problem.jobs.map((j) => j.id),
          cost: { unassigned: 0, unassignedPriority: 0, lateness: 0, travelTime: 0, vehicles: 0 },
          iterations: 0,
        }
      : solve(built.problem, { timeLimitMs: limit, seed });
  const solvedInMs = Math.round(performance.now() - began);
  const orderVersions = Object.fromEntries([...data.orders.values()].map((o) => [o.id, o.version]));
  const stored = storedPlanOf(
    built.problem,
    solution,
    explainUnplaced(built.problem, solution),
    built.excluded,
    orderVersions,
  );
  return { stored, solvedInMs, iterations: solution.iterations, timeLimitMs: limit };
}

async function insertDraft(
  tx: DbLike,
  ctx: Ctx,
  data: BoardData,
  made: Awaited<ReturnType<typeof solveDay>>,
  locks: Record<string, StoredLock>,
  seed: number,
  action: string,
): Promise<PlanRow> {
  const { outlet, day } = data.board;
  // A new draft supersedes the day's drafts before it.
  await tx
    .update(planningPlans)
    .set({ state: 'superseded', updatedAt: ctx.now })
    .where(and(eq(planningPlans.outletId, outlet.id), eq(planningPlans.day, day), eq(planningPlans.state, 'draft')));
  const [row] = await tx
    .insert(planningPlans)
    .values({
      outletId: outlet.id,
      orgPath: data.outletPath,
      day,
      state: 'draft',
      plan: made.stored,
      locks,
      seed,
      timeLimitMs: made.timeLimitMs,
      solvedInMs: made.solvedInMs,
      iterations: made.iterations,
      createdBy: ctx.actor.kind === 'system' ? null : ctx.actor.id,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await appendEvent(tx, ctx, {
    entity: 'planning_plan',
    entityId: row!.id,
    action,
    after: { outletId: outlet.id, day, state: 'draft', cost: made.stored.cost, locks: Object.keys(locks).length },
    orgPath: data.outletPath,
  });
  return row!;
}

/** POST /api/planning/plans: the optimiser's draft of the outlet's day; the day's locks carry over. */
export async function createPlan(ctx: Ctx, body: PlanCreate): Promise<Plan> {
  requirePermission(ctx.actor, 'orders.dispatch');
  const data = await readBoard(ctx.db, ctx, body.outletId, body.day);
  const prev = await currentPlanRow(ctx.db, body.outletId, body.day);
  const locks = liveLocks(prev?.locks ?? {}, data);
  const seed = body.seed ?? 1;
  const made = await solveDay(ctx, data, locks, fixedStartsOf(prev, data), body.timeLimitMs, seed);
  const row = await ctx.db.transaction((tx) => insertDraft(tx, ctx, data, made, locks, seed, 'created'));
  return toPlan(ctx.db, row, data);
}

function assertLive(row: PlanRow): void {
  if (row.state === 'superseded') throw new AppError('planning.plan_superseded');
}

async function assertPlanVersion(tx: DbLike, ctx: Ctx, row: PlanRow, version: number): Promise<void> {
  await assertVersion(
    tx,
    ctx,
    { entity: 'planning_plan', entityId: row.id, version: row.version, updatedAt: row.updatedAt },
    version,
  );
}

/** Loads the plan for a write in the transaction: in scope, not superseded, at the version read. */
async function lockPlan(tx: DbLike, ctx: Ctx, id: string, version: number): Promise<PlanRow> {
  const row = await planInScope(tx, ctx, id, true);
  assertLive(row);
  await assertPlanVersion(tx, ctx, row, version);
  return row;
}

/** POST /api/planning/plans/:id/replan: a new draft keeping locked and fixed visits where they are. */
export async function replan(ctx: Ctx, id: string, body: ReplanBody): Promise<Plan> {
  requirePermission(ctx.actor, 'orders.dispatch');
  const before = await planInScope(ctx.db, ctx, id);
  assertLive(before);
  await assertPlanVersion(ctx.db, ctx, before, body.version);
  const data = await readBoard(ctx.db, ctx, before.outletId, before.day);
  const locks = liveLocks(before.locks, data);
  const made = await solveDay(ctx, data, locks, fixedStartsOf(before, data), body.timeLimitMs, before.seed);
  const row = await ctx.db.transaction(async (tx) => {
    await lockPlan(tx, ctx, id, body.version);
    return insertDraft(tx, ctx, data, made, locks, before.seed, 'replanned');
  });
  return toPlan(ctx.db, row, data);
}

async function writePlan(
  tx: DbLike,
  ctx: Ctx,
  row: PlanRow,
  patch: { plan?: StoredPlan; locks?: Record<string, StoredLock> },
  action: string,
  change: Record<string, unknown>,
): Promise<PlanRow> {
  const [saved] = await tx
    .update(planningPlans)
    .set({ ...patch, version: row.version + 1, updatedAt: ctx.now })
    .where(eq(planningPlans.id, row.id))
    .returning();
  await appendEvent(tx, ctx, {
    entity: 'planning_plan',
    entityId: row.id,
    action,
    after: change,
    orgPath: row.orgPath,
  });
  return saved!;
}

/** POST /api/planning/plans/:id/moves: a visit by hand to a technician's route at a position, or out of the plan. */
export async function moveVisit(ctx: Ctx, id: string, body: MoveBody): Promise<MoveResult> {
  requirePermission(ctx.actor, 'orders.dispatch');
  const row = await planInScope(ctx.db, ctx, id);
  assertLive(row);
  await assertPlanVersion(ctx.db, ctx, row, body.version);
  const data = await readBoard(ctx.db, ctx, row.outletId, row.day);
  const visit = data.board.visits.find((v) => v.orderId === body.orderId);
  if (!visit)
    throw new AppError('planning.visit_not_on_board', { code: body.orderId }, [
      { path: 'body.orderId', code: 'planning.visit_not_on_board', message: '' },
    ]);
  if (body.technicianId && !data.board.technicians.some((t) => t.id === body.technicianId))
    throw fieldError('body.technicianId', 'planning.technician_not_on_board');

  const built = await dayProblem(ctx, data, {
    locks: row.locks,
    fixedStarts: fixedStartsOf(row, data),
    unlocked: body.orderId,
  });
  const problem = built.problem;
  const jobIds = new Set(problem.jobs.map((j) => j.id));
  const order = new Map(row.plan.routes.map((r) => [r.technicianId, r.stops.map((s) => s.orderId)]));
  const source = row.plan.routes.find((r) => r.stops.some((s) => s.orderId === body.orderId))?.technicianId ?? null;
  if (source)
    order.set(
      source,
      order.get(source)!.filter((o) => o !== body.orderId),
    );
  const refuse = async (violation: { 'zh-CN': string; en: string }): Promise<MoveResult> => ({
    feasible: false,
    violation,
    plan: await toPlan(ctx.db, row, data),
  });
  const target = body.technicianId;
  if (target) {
    if (visit.fixed && visit.technicianId !== target)
      return refuse({
        'zh-CN': '已开始或已完成的服务不能改派',
        en: 'A started or finished visit stays with its technician',
      });
    if (!visit.location) return refuse({ 'zh-CN': '地址没有坐标，无法排入路线', en: 'The address has no coordinates' });
    if (!problem.vehicles.some((v) => v.id === target))
      return refuse({
        'zh-CN': '该工程师当日不上班或没有出发位置',
        en: 'The technician does not work that day or has no start place',
      });
    const list = order.get(target) ?? [];
    list.splice(Math.min(body.position, list.length), 0, body.orderId);
    order.set(target, list);
  }

  const affected = [...new Set([source, target].filter((t): t is string => !!t))];
  const routes: Route[] = [];
  for (const techId of affected) {
    const vehicle = problem.vehicles.find((v) => v.id === techId);
    if (!vehicle) continue; // not working any more: its stops stay as stored
    routes.push(
      scheduleRoute(
        problem,
        vehicle,
        (order.get(techId) ?? []).filter((o) => jobIds.has(o)),
      ),
    );
  }
  const onRoutes = new Set(routes.flatMap((r) => r.stops.map((s) => s.jobId)));
  const sub: Problem = {
    ...problem,
    vehicles: problem.vehicles.filter((v) => affected.includes(v.id)),
    jobs: problem.jobs.filter((j) => onRoutes.has(j.id)),
  };
  const check = checkSolution(sub, {
    routes,
    unassigned: [],
    cost: { unassigned: 0, unassignedPriority: 0, lateness: 0, travelTime: 0, vehicles: 0 },
    iterations: 0,
  });
  if (!check.feasible) return refuse(violationText(check.violations));
  if (body.dryRun) return { feasible: true, violation: null, plan: await toPlan(ctx.db, row, data) };

  const softEnds = new Map<string, number>();
  for (const j of problem.jobs) if (j.softEnd !== undefined) softEnds.set(j.id, j.softEnd);
  const rescheduled = new Map(routes.map((r) => [r.vehicleId, storedRouteOf(r, softEnds)]));
  const storedRoutes: StoredRoute[] = row.plan.routes.map((r) => rescheduled.get(r.technicianId) ?? r);
  for (const [techId, r] of rescheduled) if (!storedRoutes.some((s) => s.technicianId === techId)) storedRoutes.push(r);
  const unplaced = row.plan.unplaced.filter((u) => u.orderId !== body.orderId);
  if (!target) unplaced.push({ orderId: body.orderId, reason: 'no_room' });
  const locks = { ...row.locks };
  if (target && body.lock !== false) locks[body.orderId] = { technicianId: target };
  else delete locks[body.orderId];
  const plan: StoredPlan = { ...row.plan, routes: storedRoutes, unplaced, cost: costOf(storedRoutes, unplaced.length) };
  const saved = await ctx.db.transaction(async (tx) => {
    const locked = await lockPlan(tx, ctx, id, body.version);
    return writePlan(tx, ctx, locked, { plan, locks }, 'visit_moved', {
      orderId: body.orderId,
      from: source,
      to: target,
      position: body.position,
      locked: !!locks[body.orderId],
    });
  });
  return { feasible: true, violation: null, plan: await toPlan(ctx.db, saved, data) };
}

/** POST /api/planning/plans/:id/locks: hold a planned visit with its technician (re-planning keeps it), or let it go. */
export async function lockVisit(ctx: Ctx, id: string, body: LockBody): Promise<Plan> {
  requirePermission(ctx.actor, 'orders.dispatch');
  const saved = await ctx.db.transaction(async (tx) => {
    const row = await lockPlan(tx, ctx, id, body.version);
    const locks = { ...row.locks };
    if (body.locked) {
      const route = row.plan.routes.find((r) => r.stops.some((s) => s.orderId === body.orderId));
      if (!route) throw fieldError('body.orderId', 'planning.visit_not_planned');
      locks[body.orderId] = { technicianId: route.technicianId };
    } else delete locks[body.orderId];
    return writePlan(tx, ctx, row, { locks }, body.locked ? 'visit_locked' : 'visit_unlocked', {
      orderId: body.orderId,
      locked: body.locked,
    });
  });
  return toPlan(ctx.db, saved, await readBoard(ctx.db, ctx, saved.outletId, saved.day));
}

/**
 * POST /api/planning/plans/:id/publish: every planned visit not started goes to its technician
 * (the work orders' dispatch) and gets the appointment of its planned start (booking), unless it
 * already has both; the plan becomes the day's published one. One transaction: a refusal of any
 * order leaves everything as it was and names the order.
 */
export async function publishPlan(ctx: Ctx, id: string, body: PublishBody): Promise<PublishResult> {
  requirePermission(ctx.actor, 'orders.dispatch');
  const timeZone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  const length = await getSetting(ctx.db, 'planning.appointmentWindowMinutes', ctx.now);
  const result = await ctx.db.transaction(async (tx) => {
    const row = await lockPlan(tx, ctx, id, body.version);
    const octx: Ctx = { ...ctx, db: tx as unknown as Db };
    let assigned = 0;
    let booked = 0;
    let unchanged = 0;
    const touched = new Set<string>();
    for (const route of row.plan.routes) {
      for (const stop of route.stops) {
        let [o] = await tx.select().from(workOrders).where(eq(workOrders.id, stop.orderId));
        if (!o) continue;
        // Started or done since: it is where it is.
        if (!['accepted', 'assigned', 'booked'].includes(o.state) && o.technicianId === route.technicianId) {
          unchanged++;
          continue;
        }
        const at = instantOf(row.day, stop.start, timeZone);
        const fail = (e: unknown): never => {
          if (e instanceof AppError) {
            throw new AppError('planning.publish_refused', {
              code: o!.code,
              reason: errorMessage(e.code, ctx.lang, e.params),
            });
          }
          throw e;
        };
        let changed = false;
        if (o.technicianId !== route.technicianId) {
          await runAction(octx, o.id, 'dispatch', {
            technicianId: route.technicianId,
            version: o.version,
            overrideReason: `${PLAN_REASON} ${row.day}`,
          }).catch(fail);
          assigned++;
          changed = true;
          [o] = await tx.select().from(workOrders).where(eq(workOrders.id, stop.orderId));
        }
        const holds = o!.state === 'booked' && o!.bookedConfirmed && windowHolds(o!.bookedFrom, o!.bookedTo, at);
        if (!holds) {
          const w = appointmentWindow(stop.start, length);
          await runAction(octx, o!.id, 'book', {
            version: o!.version,
            from: instantOf(row.day, w.from, timeZone).toISOString(),
            to: instantOf(row.day, w.to, timeZone).toISOString(),
            confirmedWithCustomer: true,
            note: `${PLAN_REASON} ${row.day}（${row.id.slice(0, 8)}）`,
          }).catch(fail);
          booked++;
          changed = true;
        }
        if (changed) touched.add(o!.id);
        else unchanged++;
      }
    }
    // Orders the plan gave to a technician are no longer the pool's to offer (docs/planning-pool.md).
    await withdrawPoolOffersOf(tx, ctx, [...touched]);
    // The orders' new versions: publishing does not make the plan stale.
    const versions = { ...row.plan.orderVersions };
    if (touched.size) {
      for (const v of await tx
        .select({ id: workOrders.id, version: workOrders.version })
        .from(workOrders)
        .where(inArray(workOrders.id, [...touched])))
        versions[v.id] = v.version;
    }
    await tx
      .update(planningPlans)
      .set({ state: 'superseded', updatedAt: ctx.now })
      .where(
        and(
          eq(planningPlans.outletId, row.outletId),
          eq(planningPlans.day, row.day),
          eq(planningPlans.state, 'published'),
          ne(planningPlans.id, row.id),
        ),
      );
    const [saved] = await tx
      .update(planningPlans)
      .set({
        state: 'published',
        plan: { ...row.plan, orderVersions: versions },
        publishedAt: ctx.now,
        publishedBy: ctx.actor.kind === 'system' ? null : ctx.actor.id,
        version: row.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(planningPlans.id, row.id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'planning_plan',
      entityId: row.id,
      action: 'published',
      before: { state: row.state },
      after: { state: 'published', assigned, booked, unchanged },
      orgPath: row.orgPath,
    });
    return { saved: saved!, assigned, booked, unchanged };
  });
  const data = await readBoard(ctx.db, ctx, result.saved.outletId, result.saved.day);
  return {
    plan: await toPlan(ctx.db, result.saved, data),
    assigned: result.assigned,
    booked: result.booked,
    unchanged: result.unchanged,
  };
}
