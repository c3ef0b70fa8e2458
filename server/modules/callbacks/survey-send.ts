import { maskPhone } from '../../../shared/phone.js';
import { formatInstant } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { issueLink, type LinkPurpose } from '../../platform/links/index.js';
import { enqueueMessage } from '../../platform/notify/index.js';
import { firstPhoneOf } from '../customers/index.js';
import { addEvent, type TaskRow, zoneAt } from './common.js';

/*
 * The survey link by SMS (docs/callbacks.md, "The survey by SMS"): sent in the transaction that
 * makes a first or installation task, to the customer's mobile, open until the task's window
 * ends. The page and the answer are in survey.ts.
 */

export const SURVEY: LinkPurpose = 'callback.survey';

/** In the task's making transaction: the link, the SMS carrying it and the timeline row. */
export async function sendSurvey(tx: DbLike, ctx: Ctx, task: TaskRow, customerId: string): Promise<void> {
  // The first (or installation) callback only: a second follows up an answer, a check is a visit.
  if (!(task.kind === 'first' || task.kind === 'installation') || task.dueBy.getTime() <= ctx.now.getTime()) return;
  if ((await getSetting(tx, 'callbacks.surveySms', ctx.now)) !== 'send') return;
  const phone = await firstPhoneOf(tx, customerId, { kind: 'mobile' });
  if (!phone) return;
  // One query at a time: `tx` is the completion's transaction, one connection.
  const base = await getSetting(tx, 'portal.publicUrl', ctx.now);
  const company = await getSetting(tx, 'company.name', ctx.now);
  const zone = await zoneAt(tx, ctx.now);
  const link = await issueLink(tx, { purpose: SURVEY, subjectId: task.id, expiresAt: task.dueBy }, ctx.now);
  const url = `${base}/portal/survey/${link.token}`;
  const until = { 'zh-CN': formatInstant(task.dueBy, zone, 'zh-CN'), en: formatInstant(task.dueBy, zone, 'en') };
  await enqueueMessage(
    tx,
    {
      channel: 'sms',
      recipient: phone,
      template: 'callback.survey',
      params: { company, orderCode: task.orderCode, url, until: until['zh-CN'] },
      body: `【${company}】您的服务单${task.orderCode}已完成，请花1分钟评价本次服务：${url} （${until['zh-CN']}前有效，仅可提交一次）`,
    },
    ctx.now,
  );
  await addEvent(
    tx,
    ctx,
    task.id,
    'survey_sent',
    {
      'zh-CN': `已向客户手机${maskPhone(phone)}发送短信问卷，${until['zh-CN']}前有效`,
      en: `Survey link sent by SMS to ${maskPhone(phone)}, open until ${until.en}`,
    },
    { linkId: link.id },
  );
}
