import { eq, inArray } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { appendEvent } from '../../platform/events/index.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { productLines } from '../customers/index.js';
import { type CompletionMessageParts, type OrderCompleted, workOrders } from '../work-orders/index.js';
import type { CallbackKind } from './contract.js';
import { addEvent, nextCode, type TaskRow, zoneAt } from './common.js';
import {
  checkWindows,
  choosePlan,
  DEFAULT_CHECK_DAYS,
  firstWindow,
  isSampled,
  KIND_NAMES,
  planKey,
  type Window,
} from './rules.js';
import { surveyLink } from './survey-send.js';
import { callbackTasks, type TaskPlan } from './tables.js';

/*
 * Tasks are made in the transaction that causes them: a first (or installation) callback in the
 * order's completion (work orders' completion port), a second one in the answer of the first.
 */

interface NewTask {
  orderId: string;
  orderCode: string;
  kind: CallbackKind;
  seq: number;
  centerId: string;
  orgPath: string;
  outletId: string | null;
  outletPath: string | null;
  technicianId: string | null;
  plan: TaskPlan;
  completedAt: Date;
  window: Window;
}

/** Writes a task, its timeline row and audit event; answers null when the order already has one of this kind. */
export async function writeTask(tx: DbLike, ctx: Ctx, t: NewTask): Promise<TaskRow | null> {
  const code = await nextCode(tx, ctx.now);
  const [row] = await tx
    .insert(callbackTasks)
    .values({
      code,
      orderId: t.orderId,
      orderCode: t.orderCode,
      kind: t.kind,
      seq: t.seq,
      state: 'open',
      centerId: t.centerId,
      orgPath: t.orgPath,
      outletId: t.outletId,
      outletPath: t.outletPath,
      technicianId: t.technicianId,
      plan: t.plan,
      completedAt: t.completedAt,
      dueFrom: t.window.dueFrom,
      dueBy: t.window.dueBy,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .onConflictDoNothing({ target: [callbackTasks.orderId, callbackTasks.kind, callbackTasks.seq] })
    .returning();
  if (!row) return null;
  const kind = KIND_NAMES[t.kind];
  await addEvent(
    tx,
    ctx,
    row.id,
    'created',
    {
      'zh-CN': `生成${kind['zh-CN']}任务（${t.plan.checkDay ? `验收后第${t.plan.checkDay}天，` : ''}服务单${t.orderCode}）`,
      en: `${kind.en[0]!.toUpperCase()}${kind.en.slice(1)} task created (${t.plan.checkDay ? `day ${t.plan.checkDay} after acceptance, ` : ''}order ${t.orderCode})`,
    },
    { plan: t.plan.key },
  );
  await appendEvent(tx, ctx, {
    entity: 'callback',
    entityId: row.id,
    action: 'callback.created',
    after: {
      code,
      orderId: t.orderId,
      kind: t.kind,
      state: 'open',
      dueFrom: t.window.dueFrom.toISOString(),
      dueBy: t.window.dueBy.toISOString(),
      plan: t.plan.key,
    },
    orgPath: row.orgPath,
  });
  return row;
}

/** A callback made at completion, with the survey link for the customer's completion message (if any). */
export interface CompletionCallback {
  task: TaskRow;
  survey: CompletionMessageParts | null;
}

/**
 * The completion port's effect: the plan in force at the completion that covers the order's
 * service type and product line decides whether the order is sampled and when it is called; the
 * order's provincial center calls (else HQ). Nothing is written for an order no plan samples.
 */
export async function callbackOfCompletion(
  tx: DbLike,
  ctx: Ctx,
  e: OrderCompleted,
): Promise<CompletionCallback | null> {
  const [o] = await tx
    .select({
      serviceType: workOrders.serviceType,
      productLineId: workOrders.productLineId,
      centerId: workOrders.centerId,
      customerId: workOrders.customerId,
    })
    .from(workOrders)
    .where(eq(workOrders.id, e.orderId));
  if (!o) return null;
  let lineCode: string | null = null;
  if (o.productLineId) {
    const [l] = await tx
      .select({ code: productLines.code })
      .from(productLines)
      .where(eq(productLines.id, o.productLineId));
    lineCode = l?.code ?? null;
  }
  const plans = await getSetting(tx, 'callbacks.plans', e.completedAt);
  const plan = choosePlan(plans, o.serviceType, lineCode);
  if (!plan || !isSampled(e.orderId, plan)) return null;

  const root = e.orgPath.split('/').filter(Boolean)[0]!;
  const centerId = o.centerId ?? root;
  const units = await tx
    .select({ id: orgUnits.id, path: orgUnits.path, kind: orgUnits.kind })
    .from(orgUnits)
    .where(inArray(orgUnits.id, [...new Set([centerId, root, e.outletId])]));
  const center = units.find((u) => u.id === centerId) ?? units.find((u) => u.id === root);
  if (!center) return null;
  const outlet = units.find((u) => u.id === e.outletId && u.kind === 'outlet') ?? null;
  const zone = await zoneAt(tx, e.completedAt);
  const base = {
    orderId: e.orderId,
    orderCode: e.orderCode,
    centerId: center.id,
    orgPath: center.path,
    outletId: outlet?.id ?? null,
    outletPath: outlet?.path ?? null,
    technicianId: e.technicianId,
    completedAt: e.completedAt,
  };
  const taskPlan = {
    key: planKey(plan),
    sharePercent: plan.sharePercent,
    firstAfterDays: [plan.firstAfterDays[0], plan.firstAfterDays[1]] as [number, number],
    secondWithinDays: plan.secondWithinDays,
  };
  if (plan.kind === 'checks') {
    // Seed 001: decoration works are checked on day 30, 100, 200 and 300 after acceptance — one
    // task per check, each with its own week, all made now (the completion is the acceptance).
    const days = plan.checkDays?.length ? plan.checkDays : DEFAULT_CHECK_DAYS;
    const windows = checkWindows(e.completedAt, days, zone);
    let first: TaskRow | null = null;
    for (const [i, window] of windows.entries()) {
      const task = await writeTask(tx, ctx, {
        ...base,
        kind: 'check',
        seq: i + 1,
        plan: { ...taskPlan, checkDay: days[i]! },
        window,
      });
      first ??= task;
    }
    return first ? { task: first, survey: null } : null;
  }
  const task = await writeTask(tx, ctx, {
    ...base,
    kind: plan.kind,
    seq: 1,
    plan: taskPlan,
    window: firstWindow(e.completedAt, plan.firstAfterDays, zone),
  });
  if (!task) return null;
  return { task, survey: await surveyLink(tx, ctx, task, o.customerId) };
}
