import type { DbLike } from '../../../../db/client.js';
import { getSetting } from '../../../../platform/config/index.js';
import type { Ctx } from '../../../../platform/context.js';
import { appendEvent } from '../../../../platform/events/index.js';
import { partsByIds } from '../../../customers/index.js';
import { decisionsOfOrder } from '../../../warranty/index.js';
import type { OrderCompleted } from '../../../work-orders/index.js';
import { returnObligations } from '../../return-rules.js';
import { partReturnObligations } from '../tables.js';

/**
 * At completion, in the completing transaction (the work-order module's `onOrderCompleted`): one
 * return obligation per replaced part whose stored warranty decision says the company or a service
 * contract paid (return-rules.ts `returnObligations`), due `parts.returnDueDays` after the local
 * completion day. A part the customer paid for creates none; a replaced part without a stored
 * decision creates none and is named in the event, so somebody can look.
 */
export async function createReturnObligations(tx: DbLike, ctx: Ctx, e: OrderCompleted): Promise<number> {
  if (!e.parts.length) return 0;
  // One statement at a time: a transaction's client runs queries in turn.
  const decisions = await decisionsOfOrder(tx, e.orderId);
  const timeZone = await getSetting(tx, 'company.timeZone', ctx.now);
  const dueDays = await getSetting(tx, 'parts.returnDueDays', ctx.now);
  const { obligations, undecided } = returnObligations(
    {
      orderId: e.orderId,
      technicianId: e.technicianId,
      outletId: e.outletId,
      completedAt: e.completedAt,
      replaced: e.parts.map((p) => ({ partId: p.partId, quantity: p.qty, serial: p.oldSerial })),
      decisions: decisions.map((d) => ({ subject: d.subject, partId: d.partId, parts: d.parts })),
    },
    dueDays,
    timeZone,
  );
  const names = await partsByIds(tx, [...new Set(obligations.map((o) => o.partId))]);
  const rows = obligations.length
    ? await tx
        .insert(partReturnObligations)
        .values(
          obligations.map((o) => ({
            orderId: e.orderId,
            orderCode: e.orderCode,
            partId: o.partId,
            partCode: names.get(o.partId)?.code ?? '',
            partName: names.get(o.partId)?.name ?? '',
            serial: o.serial,
            quantity: o.quantity,
            paidBy: o.paidBy,
            technicianUserId: e.technicianId,
            outletId: e.outletId,
            orgPath: e.orgPath,
            dueDay: o.dueDay,
            createdAt: ctx.now,
          })),
        )
        .returning({ id: partReturnObligations.id, partId: partReturnObligations.partId })
    : [];
  if (rows.length || undecided.length) {
    await appendEvent(tx, ctx, {
      entity: 'part_return_order',
      entityId: e.orderId,
      action: 'part_return.obligations_created',
      after: {
        orderCode: e.orderCode,
        obligations: rows.map((r, i) => ({
          id: r.id,
          partId: r.partId,
          quantity: obligations[i]!.quantity,
          dueDay: obligations[i]!.dueDay,
        })),
        // Replaced parts without a stored part decision: no obligation created; somebody must look.
        undecided,
      },
      orgPath: e.orgPath,
    });
  }
  return rows.length;
}
