import { and, eq } from 'drizzle-orm';
import { requirePermission } from '../../../platform/access/index.js';
import { getSetting } from '../../../platform/config/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { logUrgingContact } from '../../intake/index.js';
import { lockOrder, recordHistory } from '../common.js';
import { urgeComplaint } from '../complaint-port.js';
import type { UrgeBody } from '../contract.js';
import { notifyUnit } from '../ports.js';
import { OPEN_STATES, urgeMakesComplaint } from '../rules.js';
import { complaintFlags, workOrders, workOrderUrges } from '../tables.js';

/**
 * Urging (催单, seed 004): logs the customer's contact through the intake desk, counts the urge
 * with the level holding the order, tells that level, and once the order is urged more than
 * `orders.urgesBeforeComplaint` times (default 3, so the 4th urge: 催单超过三次) opens its complaint
 * record. The counter is not an edit of the order, so its version stays: a technician's next
 * action does not conflict with a customer's call. The order row is locked, so two urges of one
 * order run one after the other and open one record.
 */
export async function urgeOrder(
  ctx: Ctx,
  id: string,
  input: UrgeBody,
): Promise<{ urgeCount: number; contactId: string; complaintFlagged: boolean }> {
  requirePermission(ctx.actor, 'contacts.create');
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx, id);
    if (!OPEN_STATES.includes(order.state)) throw new AppError('order.not_urgeable', { state: order.state });
    const contact = await logUrgingContact(tx, ctx, {
      customerId: order.customerId,
      unitId: order.unitId,
      orderCode: order.code,
      channel: input.channel,
      content: input.note ?? `催单：${order.code}`,
    });
    const n = order.urgeCount + 1;
    await tx.update(workOrders).set({ urgeCount: n, lastUrgedAt: ctx.now }).where(eq(workOrders.id, id));
    await tx.insert(workOrderUrges).values({
      orderId: id,
      n,
      at: ctx.now,
      contactId: contact.id,
      holderUnitId: order.holderUnitId,
      holderPath: order.orgPath,
      note: input.note ?? null,
    });
    await recordHistory(tx, ctx, {
      order,
      action: 'urged',
      fromState: order.state,
      toState: order.state,
      before: { urgeCount: order.urgeCount },
      after: { urgeCount: n },
      note: input.note ?? null,
      data: { n, contactId: contact.id, holderUnitId: order.holderUnitId },
    });
    await notifyUnit(tx, {
      orgUnitId: order.holderUnitId,
      title: { 'zh-CN': `服务单${order.code}第${n}次催单`, en: `Order ${order.code} urged (${n})` },
      body: { 'zh-CN': '客户催促处理，请尽快跟进', en: 'The customer is chasing this order; follow it up now' },
      link: `/orders/${order.id}`,
      entity: 'work_order',
      entityId: order.id,
    });
    // The record stays open across later urges: they bring its count up to date, not a second record.
    const [record] = await tx
      .update(complaintFlags)
      .set({ urgeCount: n, updatedAt: ctx.now })
      .where(and(eq(complaintFlags.orderId, id), eq(complaintFlags.reason, 'urged')))
      .returning({ id: complaintFlags.id });
    let complaintFlagged = !!record;
    let flagId = record?.id ?? null;
    const limit = await getSetting(tx, 'orders.urgesBeforeComplaint', ctx.now);
    if (!record && urgeMakesComplaint(n, limit)) {
      const [opened] = await tx
        .insert(complaintFlags)
        .values({
          orderId: id,
          reason: 'urged',
          urgeCount: n,
          urgeLimit: limit,
          note: input.note ?? null,
          holderUnitId: order.holderUnitId,
          orgPath: order.orgPath,
          createdBy: ctx.actor.id,
          createdByName: ctx.actor.displayName || ctx.actor.username,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning({ id: complaintFlags.id });
      complaintFlagged = true;
      flagId = opened!.id;
      await recordHistory(tx, ctx, {
        order,
        action: 'complaint_flagged',
        fromState: order.state,
        toState: order.state,
        after: { complaintFlag: 'urged' },
        data: { flagId: opened!.id, urgeCount: n, limit },
      });
    }
    if (flagId) {
      // The record is a complaint of the complaints module (complaint-port.ts), opened once.
      const taken = await urgeComplaint(tx, ctx, {
        flagId,
        orderId: id,
        orderCode: order.code,
        customerId: order.customerId,
        unitId: order.unitId,
        holderUnitId: order.holderUnitId,
        orgPath: order.orgPath,
        outletId: order.outletId,
        urgeCount: n,
        note: input.note ?? null,
        contactId: contact.id,
        opened: !record,
      });
      // Taken over: the record now lives on as that complaint, no longer an open record to act on.
      if (taken)
        await tx
          .update(complaintFlags)
          .set({ status: 'taken', updatedAt: ctx.now })
          .where(and(eq(complaintFlags.id, flagId), eq(complaintFlags.status, 'open')));
    }
    return { urgeCount: n, contactId: contact.id, complaintFlagged };
  });
}
