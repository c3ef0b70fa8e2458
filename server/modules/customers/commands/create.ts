import { and, eq, isNull } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import { requirePermission } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { appendEvent } from '../../../platform/events/index.js';
import type { Customer, CustomerCreate } from '../contract.js';
import { readCustomer } from '../queries.js';
import { customerPhones, customers } from '../tables.js';
import {
  addressesOrThrow,
  assertNoDuplicatePhones,
  auditView,
  nextCustomerCodes,
  phonesOrThrow,
  primaryOf,
  replaceAddresses,
  responsiblePath,
} from './common.js';

/**
 * Opens a customer archive: normalised phones (one primary), checked division codes, the
 * responsible unit from the primary address, a new code, and the event — in one transaction.
 * A number another active customer already has is refused (409 customer.duplicate_phone)
 * unless `allowDuplicate`. Runs inside the caller's transaction when ctx.db is one.
 */
export async function createCustomer(ctx: Ctx, input: CustomerCreate): Promise<Customer> {
  requirePermission(ctx.actor, 'customers.manage');
  const phones = phonesOrThrow(input.phones ?? []);
  const addresses = input.addresses ?? [];
  addressesOrThrow(addresses);
  return ctx.db.transaction(async (tx) => {
    const orgPath = await responsiblePath(tx, ctx, primaryOf(addresses));
    if (!input.allowDuplicate) await assertNoDuplicatePhones(tx, ctx, phones);
    const id = crypto.randomUUID();
    await tx.insert(customers).values({
      id,
      code: (await nextCustomerCodes(tx, ctx.now, 1))[0]!,
      kind: input.kind ?? 'individual',
      name: input.name,
      companyName: input.companyName ?? null,
      email: input.email ?? null,
      wechatId: input.wechatId ?? null,
      tags: [...new Set(input.tags ?? [])],
      notes: input.notes ?? null,
      preferredContactTime: input.preferredContactTime ?? null,
      consentMessages: input.consentMessages ?? false,
      orgPath,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    if (phones.length) {
      await tx.insert(customerPhones).values(
        phones.map((p) => ({
          customerId: id,
          number: p.number,
          kind: p.kind,
          extension: p.extension ?? null,
          label: p.label,
          isPrimary: p.isPrimary,
          createdAt: ctx.now,
        })),
      );
    }
    if (addresses.length) await replaceAddresses(tx, ctx, id, addresses);
    await appendEvent(tx, ctx, {
      entity: 'customer',
      entityId: id,
      action: 'customer.created',
      after: await auditView(tx, id),
      orgPath,
    });
    return readCustomer(tx, ctx, id, { scoped: false });
  });
}

/**
 * Seed 001's clock starts at the first contact: intake calls this when it logs a contact. Sets
 * first_contact_at only when it is empty; the contact's own event records the occasion.
 */
export async function markFirstContact(tx: DbLike, customerId: string, at: Date): Promise<void> {
  await tx
    .update(customers)
    .set({ firstContactAt: at })
    .where(and(eq(customers.id, customerId), isNull(customers.firstContactAt)));
}
