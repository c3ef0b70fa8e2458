import { and, eq } from 'drizzle-orm';
import type { Text } from '../../../shared/i18n.js';
import { yuan } from '../../../shared/money.js';
import { formatInstant } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import { requirePermission } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { recordNotFound } from '../../platform/records.js';
import { appendEvent } from '../../platform/events/index.js';
import { notifyInbox } from '../../platform/notify/index.js';
import { openComplaint } from '../complaints/index.js';
import { runAction, workOrders } from '../work-orders/index.js';
import type { AnswerBody, AttemptBody, CallbackDetail, CancelBody } from './contract.js';
import {
  CALLBACK,
  actorName,
  addEvent,
  assertOpen,
  lockTask,
  outcomeCtx,
  recordedFee,
  type TaskRow,
  taskReadable,
  zoneAt,
} from './common.js';
import { writeTask } from './create.js';
import { getCallback } from './queries.js';
import {
  afterFailedAttempt,
  ATTEMPT_NAMES,
  attemptTooEarly,
  KIND_NAMES,
  lowScoreComplaintType,
  planAnswer,
  secondDue,
  secondWindow,
} from './rules.js';
import { type AnswerChannel, callbackTasks, type StoredAnswer, type StoredOutcome } from './tables.js';

/*
 * Callback commands: each runs in one transaction, locks the task, checks its version, writes its
 * timeline row (actor, time) and appends its audit event. What an answer causes — the order
 * confirmed or reopened as a repeat visit, a fee complaint, a notice to the outlet's manager, a
 * second callback — is written in the same transaction, through the owning modules' commands.
 */

/** The reason a repeat visit from a callback carries (the order's `reopen` action). */
export const NOT_FIXED_REASON = '回访：未修好';

const STATE_TEXT: Record<string, Text> = {
  created: { 'zh-CN': '已创建', en: 'created' },
  completed: { 'zh-CN': '已完工', en: 'completed' },
  confirmed: { 'zh-CN': '已确认', en: 'confirmed' },
  closed: { 'zh-CN': '已关闭', en: 'closed' },
  cancelled: { 'zh-CN': '已取消', en: 'cancelled' },
};
const stateText = (s: string): Text => STATE_TEXT[s] ?? { 'zh-CN': s, en: s.replace(/_/g, ' ') };

/** The task's order id, in the actor's scope (before the transaction: the fee is read outside it). */
async function taskOrderId(ctx: Ctx, id: string): Promise<string> {
  const [t] = await ctx.db
    .select({ orderId: callbackTasks.orderId })
    .from(callbackTasks)
    .where(and(eq(callbackTasks.id, id), taskReadable(ctx.actor)));
  if (!t) throw recordNotFound(ctx.lang, CALLBACK);
  return t.orderId;
}

/** POST /api/callbacks/:id/answer: the customer's answers to the script, and what follows. */
export async function answerCallback(ctx: Ctx, id: string, body: AnswerBody): Promise<CallbackDetail> {
  requirePermission(ctx.actor, 'callbacks.work');
  const { version, ...answers } = body;
  checkAnswer(answers);
  const orderId = await taskOrderId(ctx, id);
  // The fee as the money module recorded it (read through its port, outside this transaction).
  const feeRecordedFen = await recordedFee(ctx, orderId);
  await ctx.db.transaction(async (tx) => {
    const task = await lockTask(tx, ctx, id, version);
    await recordAnswer(tx, ctx, task, answers, feeRecordedFen, 'phone');
  });
  return getCallback(ctx, id);
}

/** The answers without the task's version: what an agent records and what a customer's survey sends. */
export type Answers = Omit<AnswerBody, 'version'>;

/** The fee said goes with a fee that differs, and only then. */
export function checkAnswer(a: Answers): void {
  if (!a.feeAsRecorded && a.feeSaidFen === undefined) throw fieldError('body.feeSaidFen', 'callback.fee_said_required');
  if (a.feeAsRecorded && a.feeSaidFen !== undefined)
    throw fieldError('body.feeSaidFen', 'callback.fee_said_unexpected');
}

/**
 * An answer and what follows, on a task locked in the caller's transaction: by the agent on the
 * phone or by the customer on the survey page — one code path for both.
 */
export async function recordAnswer(
  tx: DbLike,
  ctx: Ctx,
  task: TaskRow,
  body: Answers,
  feeRecordedFen: number | null,
  channel: AnswerChannel,
): Promise<void> {
  assertOpen(task, 'answer');
  const [order] = await tx
    .select({
      id: workOrders.id,
      code: workOrders.code,
      state: workOrders.state,
      version: workOrders.version,
      reopenedAsId: workOrders.reopenedAsId,
      customerId: workOrders.customerId,
    })
    .from(workOrders)
    .where(eq(workOrders.id, task.orderId))
    .for('update');
  if (!order) throw recordNotFound(ctx.lang, { 'zh-CN': '服务单', en: 'Order' });
  const lowScore = await getSetting(tx, 'callbacks.lowScore', ctx.now);
  const plan = planAnswer(body, order, lowScore);
  const octx = outcomeCtx(ctx, tx);
  const outcomes: StoredOutcome[] = [];

  if (plan.confirm) {
    await runAction(octx, order.id, 'confirm', {
      version: order.version,
      note: `回访${task.code}：已修好，收费与记录一致`,
    });
    outcomes.push({
      kind: 'order_confirmed',
      refId: order.id,
      refCode: order.code,
      text: { 'zh-CN': `服务单${order.code}已确认`, en: `Order ${order.code} confirmed` },
    });
  }
  if (plan.reopen) {
    const repeatId = await runAction(octx, order.id, 'reopen', { version: order.version, reason: NOT_FIXED_REASON });
    const [repeat] = await tx.select({ code: workOrders.code }).from(workOrders).where(eq(workOrders.id, repeatId));
    outcomes.push({
      kind: 'repeat_visit',
      refId: repeatId,
      refCode: repeat?.code ?? null,
      text: {
        'zh-CN': `未修好：服务单${order.code}重开，返修单${repeat?.code ?? ''}`,
        en: `Not fixed: order ${order.code} reopened as repeat visit ${repeat?.code ?? ''}`,
      },
    });
  }
  if (plan.notPossible) {
    const st = stateText(order.state);
    const already = plan.notPossible === 'reopen' && order.reopenedAsId;
    outcomes.push({
      kind: 'order_not_confirmable',
      refId: order.id,
      refCode: order.code,
      text:
        plan.notPossible === 'confirm'
          ? {
              'zh-CN': `服务单${order.code}当前为“${st['zh-CN']}”，未再确认（仅记录回访结果）`,
              en: `Order ${order.code} is ${st.en}: not confirmed again (the answer is recorded only)`,
            }
          : already
            ? {
                'zh-CN': `服务单${order.code}已重开过，未再生成返修单（仅记录回访结果）`,
                en: `Order ${order.code} was already reopened: no further repeat visit (the answer is recorded only)`,
              }
            : {
                'zh-CN': `服务单${order.code}当前为“${st['zh-CN']}”，不能重开（仅记录回访结果）`,
                en: `Order ${order.code} is ${st.en}: it cannot be reopened (the answer is recorded only)`,
              },
    });
  }
  if (plan.feeComplaint) {
    const said = yuan(body.feeSaidFen ?? 0);
    const rec = feeRecordedFen === null ? null : yuan(feeRecordedFen);
    const complaint = await openComplaint(octx, {
      source: 'callback',
      customerId: order.customerId,
      orderIds: [order.id],
      type: 'fees',
      summary: rec
        ? `回访${task.code}：客户称实际支付${said['zh-CN']}，系统记录收费${rec['zh-CN']}（服务单${order.code}）`
        : `回访${task.code}：客户称实际支付${said['zh-CN']}，与系统记录不符（服务单${order.code}）`,
    });
    outcomes.push({
      kind: 'fee_complaint',
      refId: complaint.id,
      refCode: complaint.code,
      text: {
        'zh-CN': `收费不符（客户称${said['zh-CN']}，记录${rec?.['zh-CN'] ?? '未知'}）：已登记投诉${complaint.code}`,
        en: `Fee differs (customer says ${said.en}, recorded ${rec?.en ?? 'unknown'}): complaint ${complaint.code} opened`,
      },
    });
  }
  if (plan.lowScore) {
    const unitId = task.outletId ?? task.centerId;
    const scores = `态度${body.attitude}、质量${body.quality}、及时${body.timeliness}`;
    const scoresEn = `attitude ${body.attitude}, quality ${body.quality}, timeliness ${body.timeliness}`;
    const ids = await notifyInbox(tx, {
      orgUnitId: unitId,
      permission: 'settlement.respond',
      role: 'outlet_manager',
      title: {
        'zh-CN': `回访低分：服务单${order.code}`,
        en: `Low callback score: order ${order.code}`,
      },
      body: {
        'zh-CN': `回访${task.code}评分（${scores}）低于要求，请跟进。${body.comments ?? ''}`.trim(),
        en: `Callback ${task.code} scored low (${scoresEn}); please follow up. ${body.comments ?? ''}`.trim(),
      },
      link: `/orders/${order.id}`,
      entity: 'callback',
      entityId: task.id,
      at: ctx.now,
    });
    if (!plan.feeComplaint && (await getSetting(tx, 'callbacks.lowScoreComplaint', ctx.now)) === 'open') {
      const complaint = await openComplaint(octx, {
        source: 'callback',
        customerId: order.customerId,
        orderIds: [order.id],
        type: lowScoreComplaintType(body),
        summary: `回访${task.code}低分（${scores}）${body.comments ? `：${body.comments}` : ''}（服务单${order.code}）`,
      });
      outcomes.push({
        kind: 'low_score_complaint',
        refId: complaint.id,
        refCode: complaint.code,
        text: {
          'zh-CN': `低分（${scores}）：已登记投诉${complaint.code}`,
          en: `Low score (${scoresEn}): complaint ${complaint.code} opened`,
        },
      });
    }
    outcomes.push({
      kind: 'low_score_notice',
      refId: order.id,
      refCode: order.code,
      text: {
        'zh-CN': `低分（${scores}）：已通知网点经理${ids.length}人`,
        en: `Low score (${scoresEn}): ${ids.length} outlet manager(s) notified`,
      },
    });
  }
  if (secondDue(task.kind, task.plan.secondWithinDays)) {
    const zone = await zoneAt(tx, ctx.now);
    const second = await writeTask(tx, ctx, {
      orderId: task.orderId,
      orderCode: task.orderCode,
      kind: 'second',
      seq: 2,
      centerId: task.centerId,
      orgPath: task.orgPath,
      outletId: task.outletId,
      outletPath: task.outletPath,
      technicianId: task.technicianId,
      plan: task.plan,
      completedAt: task.completedAt,
      window: secondWindow(ctx.now, task.plan.secondWithinDays!, zone),
    });
    if (second)
      outcomes.push({
        kind: 'second_callback',
        refId: second.id,
        refCode: second.code,
        text: {
          'zh-CN': `已安排二次回访${second.code}`,
          en: `Second callback ${second.code} scheduled`,
        },
      });
  }

  const answer: StoredAnswer = {
    fixed: body.fixed,
    feeAsRecorded: body.feeAsRecorded,
    feeSaidFen: body.feeSaidFen ?? null,
    feeRecordedFen,
    attitude: body.attitude,
    quality: body.quality,
    timeliness: body.timeliness,
    nps: body.nps ?? null,
    comments: body.comments?.length ? body.comments : null,
    channel,
  };
  await tx
    .update(callbackTasks)
    .set({
      state: 'done',
      answer,
      outcomes,
      answeredAt: ctx.now,
      answeredBy: ctx.actor.id,
      answeredByName: actorName(ctx),
      nextAttemptAt: null,
      closedAt: ctx.now,
      version: task.version + 1,
      updatedAt: ctx.now,
    })
    .where(eq(callbackTasks.id, task.id));
  const kind = KIND_NAMES[task.kind];
  const by =
    channel === 'survey' ? { 'zh-CN': '（客户填写短信问卷）', en: ' (the customer, on the SMS survey)' } : null;
  await addEvent(
    tx,
    ctx,
    task.id,
    'answered',
    {
      'zh-CN': `${kind['zh-CN']}完成${by?.['zh-CN'] ?? ''}：${body.fixed ? '已修好' : '未修好'}，收费${body.feeAsRecorded ? '与记录一致' : '与记录不符'}，态度${body.attitude}、质量${body.quality}、及时${body.timeliness}${body.nps === undefined ? '' : `，推荐${body.nps}`}`,
      en: `${kind.en} done${by?.en ?? ''}: ${body.fixed ? 'fixed' : 'not fixed'}, fee ${body.feeAsRecorded ? 'as recorded' : 'differs from the record'}, attitude ${body.attitude}, quality ${body.quality}, timeliness ${body.timeliness}${body.nps === undefined ? '' : `, NPS ${body.nps}`}`,
    },
    { outcomes: outcomes.map((o) => o.kind) },
  );
  await appendEvent(tx, ctx, {
    entity: 'callback',
    entityId: task.id,
    action: 'callback.answered',
    before: { state: task.state, version: task.version },
    after: {
      state: 'done',
      version: task.version + 1,
      answer,
      outcomes: outcomes.map((o) => ({ kind: o.kind, refId: o.refId, refCode: o.refCode })),
    },
    orgPath: task.orgPath,
  });
}

/** POST /api/callbacks/:id/attempts: the customer was not reached; the last allowed attempt closes the task. */
export async function recordAttempt(ctx: Ctx, id: string, body: AttemptBody): Promise<CallbackDetail> {
  requirePermission(ctx.actor, 'callbacks.work');
  await ctx.db.transaction(async (tx) => {
    const task = await lockTask(tx, ctx, id, body.version);
    assertOpen(task, 'attempt');
    const early = attemptTooEarly(task, ctx.now);
    const retryMinutes = await getSetting(tx, 'callbacks.retryMinutes', ctx.now);
    if (early) {
      const zone = await zoneAt(tx, ctx.now);
      throw new AppError('callback.attempt_too_early', {
        code: task.code,
        at: early.toISOString(),
        atText: formatInstant(early, zone, ctx.lang),
        minutes: retryMinutes,
      });
    }
    const maxAttempts = await getSetting(tx, 'callbacks.maxAttempts', ctx.now);
    const next = afterFailedAttempt(task, ctx.now, maxAttempts, retryMinutes);
    await tx
      .update(callbackTasks)
      .set({
        attempts: next.attempts,
        state: next.state,
        nextAttemptAt: next.nextAttemptAt,
        closedAt: next.state === 'unreachable' ? ctx.now : null,
        version: task.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(callbackTasks.id, task.id));
    const why = ATTEMPT_NAMES[body.result]!;
    const note = body.note?.length ? body.note : null;
    await addEvent(
      tx,
      ctx,
      task.id,
      'attempt',
      {
        'zh-CN': `第${next.attempts}次拨打未接通：${why['zh-CN']}${note ? `（${note}）` : ''}`,
        en: `Attempt ${next.attempts} failed: ${why.en}${note ? ` (${note})` : ''}`,
      },
      { n: next.attempts, result: body.result, note },
    );
    if (next.state === 'unreachable')
      await addEvent(
        tx,
        ctx,
        task.id,
        'unreachable',
        {
          'zh-CN': `${next.attempts}次均未联系上客户，回访关闭为“无法联系”`,
          en: `Customer not reached in ${next.attempts} attempts: closed as unreachable`,
        },
        { attempts: next.attempts },
      );
    await appendEvent(tx, ctx, {
      entity: 'callback',
      entityId: task.id,
      action: next.state === 'unreachable' ? 'callback.unreachable' : 'callback.attempt_failed',
      before: { state: task.state, attempts: task.attempts, version: task.version },
      after: {
        state: next.state,
        attempts: next.attempts,
        version: task.version + 1,
        result: body.result,
        nextAttemptAt: next.nextAttemptAt?.toISOString() ?? null,
      },
      orgPath: task.orgPath,
    });
  });
  return getCallback(ctx, id);
}

/** POST /api/callbacks/:id/cancel: no callback is to be made (with the reason). */
export async function cancelCallback(ctx: Ctx, id: string, body: CancelBody): Promise<CallbackDetail> {
  requirePermission(ctx.actor, 'callbacks.manage');
  await ctx.db.transaction(async (tx) => {
    const task = await lockTask(tx, ctx, id, body.version);
    assertOpen(task, 'cancel');
    await closeCancelled(tx, ctx, task, body.reason);
  });
  return getCallback(ctx, id);
}

async function closeCancelled(tx: DbLike, ctx: Ctx, task: TaskRow, reason: string): Promise<void> {
  await tx
    .update(callbackTasks)
    .set({
      state: 'cancelled',
      cancelReason: reason,
      nextAttemptAt: null,
      closedAt: ctx.now,
      version: task.version + 1,
      updatedAt: ctx.now,
    })
    .where(eq(callbackTasks.id, task.id));
  await addEvent(
    tx,
    ctx,
    task.id,
    'cancelled',
    { 'zh-CN': `取消回访：${reason}`, en: `Cancelled: ${reason}` },
    {
      reason,
    },
  );
  await appendEvent(tx, ctx, {
    entity: 'callback',
    entityId: task.id,
    action: 'callback.cancelled',
    before: { state: task.state, version: task.version },
    after: { state: 'cancelled', version: task.version + 1 },
    reason,
    orgPath: task.orgPath,
  });
}
