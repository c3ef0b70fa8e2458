import { formatInstant } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { issueLink, type LinkPurpose } from '../../platform/links/index.js';
import { messageAddressesOf } from '../customers/index.js';
import type { CompletionMessageParts } from '../work-orders/index.js';
import { addEvent, type TaskRow, zoneAt } from './common.js';

/*
 * The survey link (docs/callbacks.md, "The survey by message"): made in the transaction that makes
 * a first or installation task, open until the task's window ends, and carried by the customer's
 * completion message ('order.completed', which the work-order module's complete command sends
 * once, after every completion effect). The page and the answer are in survey.ts.
 */

export const SURVEY: LinkPurpose = 'callback.survey';

/**
 * In the task's making transaction: the link and the timeline row; answers the link and its end
 * for the completion message, or null when none is sent (a second or check task, a window already
 * over, `callbacks.surveySms` off, a customer with no address to write to).
 */
export async function surveyLink(
  tx: DbLike,
  ctx: Ctx,
  task: TaskRow,
  customerId: string,
): Promise<CompletionMessageParts | null> {
  // The first (or installation) callback only: a second follows up an answer, a check is a visit.
  if (!(task.kind === 'first' || task.kind === 'installation') || task.dueBy.getTime() <= ctx.now.getTime())
    return null;
  if ((await getSetting(tx, 'callbacks.surveySms', ctx.now)) !== 'send') return null;
  const to = await messageAddressesOf(tx, customerId);
  if (!to.phone && !to.email && !to.wechat) return null;
  // One query at a time: `tx` is the completion's transaction, one connection.
  const base = await getSetting(tx, 'portal.publicUrl', ctx.now);
  const zone = await zoneAt(tx, ctx.now);
  const link = await issueLink(tx, { purpose: SURVEY, subjectId: task.id, expiresAt: task.dueBy }, ctx.now);
  await addEvent(
    tx,
    ctx,
    task.id,
    'survey_sent',
    {
      'zh-CN': `问卷链接随完工通知发给客户，${formatInstant(task.dueBy, zone, 'zh-CN')}前有效`,
      en: `Survey link sent to the customer with the completion message, open until ${formatInstant(task.dueBy, zone, 'en')}`,
    },
    { linkId: link.id },
  );
  return { surveyUrl: `${base}/portal/survey/${link.token}`, surveyUntil: task.dueBy };
}
