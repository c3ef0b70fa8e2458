import { eq } from 'drizzle-orm';
import type { Lang } from '../../../shared/i18n.js';
import type { Db, DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import { type Ctx, systemCtx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { linkState, readLink, useLink } from '../../platform/links/index.js';
import { productModels } from '../customers/index.js';
import { workOrders } from '../work-orders/index.js';
import { checkAnswer, recordAnswer } from './commands.js';
import { recordedFee, type TaskRow } from './common.js';
import type { SurveyBody, SurveyView } from './contract.js';
import { scriptQuestions } from './queries.js';
import { SURVEY } from './survey-send.js';
import { callbackTasks } from './tables.js';

/*
 * The customer's own answer (DOMAIN.md "Follow-up"; docs/callbacks.md, "The survey by SMS"): when
 * a first or installation task is made, the customer's mobile gets a one-time link to the survey
 * page, open until the task's window ends. An answer there is the same answer as the agent's on
 * the phone (`recordAnswer`), with the same outcomes; whichever comes first closes the task, and
 * the other is refused. A second callback is made by phone only: it follows up the first answer.
 */

/** Who the timeline names for an answer given on the survey page. */
const SURVEY_ACTOR = '客户';

async function taskOfLink(db: DbLike, subjectId: string): Promise<TaskRow> {
  const [task] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, subjectId));
  if (!task) throw new AppError('link.not_found');
  return task;
}

/** GET /api/portal/survey/:token: the page, in any state (it says when the survey was answered or has closed). */
export async function surveyView(db: Db, token: string, now: Date): Promise<SurveyView> {
  const link = await readLink(db, SURVEY, token);
  const task = await taskOfLink(db, link.subjectId);
  const ctx = systemCtx(db, { name: 'portal', now });
  const [order] = await db
    .select({ serviceType: workOrders.serviceType, model: productModels.name })
    .from(workOrders)
    .leftJoin(productModels, eq(productModels.id, workOrders.modelId))
    .where(eq(workOrders.id, task.orderId));
  const feeFen = await recordedFee(ctx, task.orderId);
  const [company, hotline] = await Promise.all([
    getSetting(db, 'company.name', now),
    getSetting(db, 'company.hotline', now),
  ]);
  const state =
    link.usedAt || task.state === 'done'
      ? ('answered' as const)
      : linkState(link, now) === 'expired' || task.state !== 'open'
        ? ('expired' as const)
        : ('open' as const);
  return {
    state,
    company,
    hotline,
    orderCode: task.orderCode,
    serviceType: order?.serviceType ?? 'repair',
    model: order?.model ?? null,
    completedAt: task.completedAt.toISOString(),
    feeFen,
    expiresAt: link.expiresAt.toISOString(),
    questions: await scriptQuestions(db, now, feeFen),
  };
}

/**
 * POST /api/portal/survey/:token: the customer's answer. The link is used in the answer's
 * transaction, so a second submission is refused (`link.used`), and a refused answer (a field
 * wrong) leaves it open to send again.
 */
export async function answerSurvey(
  db: Db,
  token: string,
  body: SurveyBody,
  meta: { now: Date; requestId: string; lang: Lang },
): Promise<void> {
  checkAnswer(body);
  const link = await readLink(db, SURVEY, token);
  const ctx: Ctx = {
    ...systemCtx(db, { name: SURVEY_ACTOR, now: meta.now }),
    requestId: meta.requestId,
    lang: meta.lang,
  };
  const { orderId } = await taskOfLink(db, link.subjectId);
  const feeRecordedFen = await recordedFee(ctx, orderId);
  await db.transaction(async (tx) => {
    await useLink(tx, SURVEY, token, meta.now);
    const [task] = await tx.select().from(callbackTasks).where(eq(callbackTasks.id, link.subjectId)).for('update');
    if (!task) throw new AppError('link.not_found');
    // Answered on the phone meanwhile: the customer has had their say; a task closed otherwise has expired.
    if (task.state === 'done') throw new AppError('link.used');
    if (task.state !== 'open') throw new AppError('link.expired');
    await recordAnswer(tx, ctx, task, body, feeRecordedFen, 'survey');
  });
}
