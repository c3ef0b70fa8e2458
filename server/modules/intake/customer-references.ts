import { and, eq, inArray } from 'drizzle-orm';
import type { CustomerReferences } from '../customers/index.js';
import { contacts, serviceRequests } from './tables.js';

/*
 * The customers module's port onto this module's rows (customers/ports.ts): contacts and service
 * requests point at a customer and a request at one of its addresses. A customer merge moves them
 * and its undo moves them back; an address they point at may not be deleted. Wired in routes.ts.
 * Only `customer_id` changes: the rows keep their versions and times, as they are not edited.
 */
export const customerReferences: CustomerReferences = {
  async moveAll(tx, fromId, toId) {
    const movedContacts = await tx
      .update(contacts)
      .set({ customerId: toId })
      .where(eq(contacts.customerId, fromId))
      .returning({ id: contacts.id });
    const movedRequests = await tx
      .update(serviceRequests)
      .set({ customerId: toId })
      .where(eq(serviceRequests.customerId, fromId))
      .returning({ id: serviceRequests.id });
    return { contacts: movedContacts.map((r) => r.id), serviceRequests: movedRequests.map((r) => r.id) };
  },

  async moveBack(tx, rows, fromId, toId) {
    if (rows.contacts.length) {
      await tx
        .update(contacts)
        .set({ customerId: toId })
        .where(and(eq(contacts.customerId, fromId), inArray(contacts.id, rows.contacts)));
    }
    if (rows.serviceRequests.length) {
      await tx
        .update(serviceRequests)
        .set({ customerId: toId })
        .where(and(eq(serviceRequests.customerId, fromId), inArray(serviceRequests.id, rows.serviceRequests)));
    }
  },

  async addressesInUse(tx, addressIds) {
    if (addressIds.length === 0) return [];
    const rows = await tx
      .selectDistinct({ id: serviceRequests.addressId })
      .from(serviceRequests)
      .where(inArray(serviceRequests.addressId, addressIds));
    return rows.flatMap((r) => (r.id ? [r.id] : []));
  },
};
