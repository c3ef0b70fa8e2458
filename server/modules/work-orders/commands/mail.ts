import { eq, inArray } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import type { Ctx } from '../../../platform/context.js';
import type { MailOrder, OrderMailReceived } from '../../intake/index.js';
import { recordHistory } from '../common.js';
import { notifyUnit } from '../ports.js';
import { orderCodesIn } from '../rules.js';
import { workOrders } from '../tables.js';

/*
 * A customer's mail about an order (docs/mail-in.md), received by the intake desk (below this
 * module, through intake/order-port.ts). The mail is a consultation contact of the desk; the order
 * only shows it: one timeline row and a notice to the unit holding it. It is not an urge — a
 * reply in a thread ("收到，谢谢") must not count towards 催单 or open a complaint record — and
 * not an edit: the order's state, version and urge count stay.
 */

/** The first order, in the text's order, whose number the text carries; null when none exists. */
export async function orderNamedIn(db: DbLike, text: string): Promise<MailOrder | null> {
  const codes = orderCodesIn(text);
  if (codes.length === 0) return null;
  const rows = await db
    .select({
      id: workOrders.id,
      code: workOrders.code,
      customerId: workOrders.customerId,
      unitId: workOrders.unitId,
    })
    .from(workOrders)
    .where(inArray(workOrders.code, codes));
  for (const code of codes) {
    const row = rows.find((r) => r.code === code);
    if (row) return row;
  }
  return null;
}

/** In the mail's transaction: the order's timeline row `mail_received` and the holding unit's notice. */
export async function orderMailReceived(tx: DbLike, ctx: Ctx, mail: OrderMailReceived): Promise<void> {
  const [order] = await tx
    .select({
      id: workOrders.id,
      code: workOrders.code,
      orgPath: workOrders.orgPath,
      state: workOrders.state,
      holderUnitId: workOrders.holderUnitId,
    })
    .from(workOrders)
    .where(eq(workOrders.id, mail.orderId));
  if (!order) return;
  await recordHistory(tx, ctx, {
    order,
    action: 'mail_received',
    fromState: order.state,
    toState: order.state,
    after: { contactId: mail.contactId, contactCode: mail.contactCode },
    note: mail.subject,
    data: { contactId: mail.contactId, contactCode: mail.contactCode },
  });
  await notifyUnit(tx, {
    orgUnitId: order.holderUnitId,
    title: { 'zh-CN': `服务单${order.code}收到客户来信`, en: `Order ${order.code}: the customer wrote` },
    body: mail.subject
      ? { 'zh-CN': `主题：${mail.subject}`, en: `Subject: ${mail.subject}` }
      : { 'zh-CN': '来信已记入受理记录', en: 'The mail is logged as a contact' },
    link: `/orders/${order.id}`,
    entity: 'work_order',
    entityId: order.id,
    at: ctx.now,
  });
}
