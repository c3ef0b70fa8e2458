import { and, asc, desc, eq } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import type { Ctx } from '../../../platform/context.js';
import { appendEvent } from '../../../platform/events/index.js';
import { customerReadable } from '../access.js';
import { WHOLE_CONTACT } from '../contact.js';
import type { RevealBody, RevealedContact } from '../contract.js';
import { customerNotFound, phonesOf, toAddress, toPhone } from '../queries.js';
import { customerAddresses, customers } from '../tables.js';

/*
 * Revealing a customer's full phones and streets to a reader who sees them masked (DOMAIN.md,
 * Privacy: "only those who serve an order see its phone and address, and nothing leaves the
 * system without a record"). Whoever may read the customer may reveal, but never silently: the
 * reason and the reader go to the audit trail in the transaction that answers, and the event
 * names the customer and, from the order page, the order. The event holds no number.
 */

/** The audit event of a reveal; the order page's reveal writes it too (work-orders). */
export async function recordContactReveal(
  tx: DbLike,
  ctx: Ctx,
  r: { customerId: string; reason: string; orderId?: string; orderCode?: string; orgPath: string },
): Promise<void> {
  await appendEvent(tx, ctx, {
    entity: 'customer',
    entityId: r.customerId,
    action: 'customer.contact_revealed',
    after: r.orderId ? { orderId: r.orderId, orderCode: r.orderCode ?? null } : { revealed: 'phones, addresses' },
    reason: r.reason,
    orgPath: r.orgPath,
  });
}

/** The customer's phones and addresses whole, for a reader who may read the customer; audited. */
export async function revealCustomerContact(ctx: Ctx, id: string, body: RevealBody): Promise<RevealedContact> {
  return ctx.db.transaction(async (tx) => {
    const [c] = await tx
      .select({ id: customers.id, orgPath: customers.orgPath })
      .from(customers)
      .where(and(eq(customers.id, id), customerReadable(ctx.actor, customers.id, customers.orgPath)));
    if (!c) throw customerNotFound(ctx);
    await recordContactReveal(tx, ctx, { customerId: c.id, reason: body.reason, orgPath: c.orgPath });
    const phones = (await phonesOf(tx, [id])).get(id) ?? [];
    const addresses = await tx
      .select()
      .from(customerAddresses)
      .where(eq(customerAddresses.customerId, id))
      .orderBy(desc(customerAddresses.isPrimary), asc(customerAddresses.createdAt), asc(customerAddresses.id));
    return {
      phones: phones.map((p) => toPhone(p, WHOLE_CONTACT)),
      addresses: addresses.map((a) => toAddress(a, WHOLE_CONTACT)),
    };
  });
}
