import { and, eq } from 'drizzle-orm';
import { withinScope } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { recordContactReveal, WHOLE_CONTACT } from '../../customers/index.js';
import { notFound } from '../common.js';
import type { RevealBody, RevealedOrderContact } from '../contract.js';
import { orderContact } from '../queries.js';
import { workOrders } from '../tables.js';

/**
 * The order page's "show the full number": the order's phone and address whole for a reader of
 * the order who sees them masked, with the reason written to the audit trail in the same
 * transaction (customers' `recordContactReveal`, naming the customer and the order, at the
 * order's unit so its managers see who looked).
 */
export async function revealOrderContact(ctx: Ctx, id: string, body: RevealBody): Promise<RevealedOrderContact> {
  return ctx.db.transaction(async (tx) => {
    const [o] = await tx
      .select({
        id: workOrders.id,
        code: workOrders.code,
        customerId: workOrders.customerId,
        addressId: workOrders.addressId,
        orgPath: workOrders.orgPath,
      })
      .from(workOrders)
      .where(and(eq(workOrders.id, id), withinScope(ctx.actor, workOrders.orgPath)));
    if (!o) throw notFound(ctx, 'work_order');
    await recordContactReveal(tx, ctx, {
      customerId: o.customerId,
      reason: body.reason,
      orderId: o.id,
      orderCode: o.code,
      orgPath: o.orgPath,
    });
    const contact = await orderContact(tx, o);
    return {
      customerPhone: contact.phone,
      address: contact.address ? WHOLE_CONTACT.addressText(contact.address) : null,
    };
  });
}
