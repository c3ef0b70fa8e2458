import { and, eq, inArray } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import { formatInstant } from '../../../../shared/time-zone.js';
import { requirePermission } from '../../../platform/access/index.js';
import { getSetting } from '../../../platform/config/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import type { CustomerMerge, MergeBody, MergeResult } from '../contract.js';
import { customerMergeMovers, customerReferences, type MergePair } from '../ports.js';
import { readCustomer } from '../queries.js';
import { type MergeableFields, mergedFields } from '../rules.js';
import { customerAddresses, customerGrants, customerMerges, customerPhones, customers, units } from '../tables.js';
import { reassignUnitsOrgPath } from '../units/index.js';
import { assertVersion, assertWritable, type CustomerRow, lockCustomer } from './common.js';

/*
 * Merging two archives of one person (duplicate detection by phone, issue 3): everything of the
 * merged record moves to the survivor and the merged record stays, inactive and pointing at the
 * survivor, so history never loses a row. customer_merges.moved lists exactly what moved, so an
 * administrator can undo the merge later.
 *
 * Contacts and service requests belong to the intake module, which sits above this one in the
 * module order (customers must not import it): that module moves them through the typed port it
 * provides (ports.ts, `customerReferences`), in this transaction. Complaints (higher still) are
 * moved by the mover their module registers (`onCustomerMerge`), which writes each complaint's
 * timeline row and event in this transaction too; the merge records the ids under the mover's name.
 */

interface MovedItem {
  id: string;
  isPrimary: boolean;
}

interface Moved {
  phones: MovedItem[];
  addresses: MovedItem[];
  units: string[];
  contacts: string[];
  serviceRequests: string[];
  /** Read grants of the serving units (access.ts); absent in merges recorded before grants existed. */
  grants?: string[];
  /** Rows of modules above moved by their movers (ports.ts, `onCustomerMerge`), by mover name. */
  others?: Record<string, string[]>;
  /** Survivor fields the merge filled in: their values before and after, for the undo. */
  survivorBefore: Record<string, unknown>;
  survivorAfter: Record<string, unknown>;
  mergedWasActive: boolean;
}

const MERGE = { 'zh-CN': '客户合并记录', en: 'Customer merge' } as const;

const FIELD_KEYS = [
  'companyName',
  'email',
  'wechatId',
  'notes',
  'preferredContactTime',
  'tags',
  'firstContactAt',
] as const;

function fieldsOf(row: CustomerRow): MergeableFields {
  return Object.fromEntries(FIELD_KEYS.map((k) => [k, row[k]])) as unknown as MergeableFields;
}

function mergeView(row: typeof customerMerges.$inferSelect): CustomerMerge {
  const m = row.moved as unknown as Moved;
  return {
    id: row.id,
    survivorId: row.survivorId,
    mergedId: row.mergedId,
    moved: {
      phones: m.phones.length,
      addresses: m.addresses.length,
      units: m.units.length,
      contacts: m.contacts.length,
      serviceRequests: m.serviceRequests.length,
      others: Object.fromEntries(Object.entries(m.others ?? {}).map(([k, ids]) => [k, ids.length])),
    },
    at: row.at.toISOString(),
    undoneAt: row.undoneAt?.toISOString() ?? null,
  };
}

/** Locks two customers in id order, so two merges of the same pair cannot deadlock. */
async function lockPair(tx: DbLike, ctx: Ctx, a: string, b: string): Promise<[CustomerRow, CustomerRow]> {
  const [first, second] = a < b ? [a, b] : [b, a];
  const x = await lockCustomer(tx, ctx, first);
  const y = await lockCustomer(tx, ctx, second);
  return a < b ? [x, y] : [y, x];
}

/**
 * Merges `otherId` into `survivorId`: phones (a number the survivor already has stays behind),
 * addresses, units, contacts, service requests and complaints move; empty survivor fields are filled from the
 * other record; the other is deactivated and points at the survivor. Both get an event.
 */
export async function mergeCustomers(ctx: Ctx, survivorId: string, input: MergeBody): Promise<MergeResult> {
  requirePermission(ctx.actor, 'customers.manage');
  if (input.otherId === survivorId) throw fieldError('otherId', 'customer.merge_self');
  return ctx.db.transaction(async (tx) => {
    const [survivor, other] = await lockPair(tx, ctx, survivorId, input.otherId);
    assertWritable(survivor);
    assertWritable(other);
    if (!survivor.active) throw new AppError('customer.inactive', { code: survivor.code });
    await assertVersion(tx, ctx, survivor, input.version);

    const survivorNumbers = (
      await tx
        .select({ number: customerPhones.number })
        .from(customerPhones)
        .where(eq(customerPhones.customerId, survivorId))
    ).map((p) => p.number);
    const otherPhones = await tx.select().from(customerPhones).where(eq(customerPhones.customerId, other.id));
    const phones = otherPhones.filter((p) => !survivorNumbers.includes(p.number));
    if (phones.length) {
      await tx
        .update(customerPhones)
        .set({ customerId: survivorId, isPrimary: false })
        .where(
          inArray(
            customerPhones.id,
            phones.map((p) => p.id),
          ),
        );
    }
    const otherAddresses = await tx
      .select({ id: customerAddresses.id, isPrimary: customerAddresses.isPrimary })
      .from(customerAddresses)
      .where(eq(customerAddresses.customerId, other.id));
    if (otherAddresses.length) {
      await tx
        .update(customerAddresses)
        .set({ customerId: survivorId, isPrimary: false })
        .where(eq(customerAddresses.customerId, other.id));
    }
    const movedUnits = await tx
      .update(units)
      .set({ customerId: survivorId })
      .where(eq(units.customerId, other.id))
      .returning({ id: units.id });
    await reassignUnitsOrgPath(tx, survivorId, survivor.orgPath);
    const { contacts, serviceRequests } = await customerReferences().moveAll(tx, other.id, survivorId);
    const pair: MergePair = {
      merged: { id: other.id, code: other.code },
      survivor: { id: survivorId, code: survivor.code },
    };
    const others: Record<string, string[]> = {};
    for (const [name, mover] of customerMergeMovers()) others[name] = await mover.moveAll(tx, ctx, pair);

    const grants = await tx
      .update(customerGrants)
      .set({ customerId: survivorId })
      .where(eq(customerGrants.customerId, other.id))
      .returning({ id: customerGrants.id });

    const filled = mergedFields(fieldsOf(survivor), fieldsOf(other));
    const survivorBefore = Object.fromEntries(
      Object.keys(filled).map((k) => [k, survivor[k as keyof MergeableFields]]),
    );
    const moved: Moved = {
      phones: phones.map((p) => ({ id: p.id, isPrimary: p.isPrimary })),
      addresses: otherAddresses.map((a) => ({ id: a.id, isPrimary: a.isPrimary })),
      units: movedUnits.map((u) => u.id),
      contacts,
      serviceRequests,
      grants: grants.map((g) => g.id),
      others,
      survivorBefore,
      survivorAfter: filled,
      mergedWasActive: other.active,
    };
    await tx
      .update(customers)
      .set({ ...filled, version: survivor.version + 1, updatedAt: ctx.now })
      .where(eq(customers.id, survivorId));
    await tx
      .update(customers)
      .set({ mergedIntoId: survivorId, active: false, version: other.version + 1, updatedAt: ctx.now })
      .where(eq(customers.id, other.id));
    const [merge] = await tx
      .insert(customerMerges)
      .values({
        survivorId,
        mergedId: other.id,
        moved: moved as unknown as Record<string, unknown>,
        actorId: ctx.actor.id,
        at: ctx.now,
      })
      .returning();
    const counts = mergeView(merge!).moved;
    await appendEvent(tx, ctx, {
      entity: 'customer',
      entityId: survivorId,
      action: 'customer.merged',
      before: { ...survivorBefore, mergedFrom: null },
      after: { ...filled, mergedFrom: other.code, mergeId: merge!.id, moved: counts },
      orgPath: survivor.orgPath,
    });
    await appendEvent(tx, ctx, {
      entity: 'customer',
      entityId: other.id,
      action: 'customer.merged_into',
      before: { active: other.active, mergedIntoId: null },
      after: { active: false, mergedIntoId: survivorId, mergedInto: survivor.code, mergeId: merge!.id },
      orgPath: other.orgPath,
    });
    return { merge: mergeView(merge!), customer: await readCustomer(tx, ctx, survivorId, { scoped: false }) };
  });
}

/**
 * Undoes a merge (an administrator's repair): moves back exactly the recorded rows that are still
 * with the survivor, restores the survivor fields the merge filled in (unless edited since), and
 * reactivates the merged record. Refused when the survivor has itself been merged since.
 */
export async function undoMerge(ctx: Ctx, mergeId: string): Promise<MergeResult> {
  requirePermission(ctx.actor, 'customers.merge_undo');
  return ctx.db.transaction(async (tx) => {
    const [merge] = await tx.select().from(customerMerges).where(eq(customerMerges.id, mergeId)).for('update');
    if (!merge) throw new AppError('entity.not_found', { entity: MERGE[ctx.lang] });
    const [survivor, merged] = await lockPair(tx, ctx, merge.survivorId, merge.mergedId);
    if (merge.undoneAt) {
      // A time people read: in the company zone and the caller's language, never UTC ISO.
      const zone = await getSetting(tx, 'company.timeZone', ctx.now);
      throw new AppError('customer.merge_undone', { at: formatInstant(merge.undoneAt, zone, ctx.lang) });
    }
    if (survivor.mergedIntoId) throw new AppError('customer.merge_not_undoable', { code: survivor.code });
    const m = merge.moved as unknown as Moved;

    for (const [table, items] of [
      [customerPhones, m.phones],
      [customerAddresses, m.addresses],
    ] as const) {
      for (const primary of [true, false]) {
        const ids = items.filter((i) => i.isPrimary === primary).map((i) => i.id);
        if (!ids.length) continue;
        await tx
          .update(table)
          .set({ customerId: merged.id, isPrimary: primary })
          .where(and(inArray(table.id, ids), eq(table.customerId, survivor.id)));
      }
    }
    if (m.units.length) {
      await tx
        .update(units)
        .set({ customerId: merged.id })
        .where(and(inArray(units.id, m.units), eq(units.customerId, survivor.id)));
      await reassignUnitsOrgPath(tx, merged.id, merged.orgPath);
    }
    await customerReferences().moveBack(
      tx,
      { contacts: m.contacts, serviceRequests: m.serviceRequests },
      survivor.id,
      merged.id,
    );
    const pair: MergePair = {
      merged: { id: merged.id, code: merged.code },
      survivor: { id: survivor.id, code: survivor.code },
    };
    for (const [name, ids] of Object.entries(m.others ?? {})) {
      if (!ids.length) continue;
      const mover = customerMergeMovers().get(name);
      if (!mover) throw new Error(`the ${name} module is not wired to the customers module (onCustomerMerge)`);
      await mover.moveBack(tx, ctx, ids, pair);
    }

    if (m.grants?.length) {
      await tx
        .update(customerGrants)
        .set({ customerId: merged.id })
        .where(and(inArray(customerGrants.id, m.grants), eq(customerGrants.customerId, survivor.id)));
    }

    // Restore a filled-in field only while it still holds what the merge put there.
    const restore: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(m.survivorBefore)) {
      const now = survivor[k as keyof CustomerRow];
      const current = now instanceof Date ? now.toISOString() : now;
      if (JSON.stringify(current) !== JSON.stringify(m.survivorAfter[k])) continue;
      restore[k] = k === 'firstContactAt' && typeof v === 'string' ? new Date(v) : v;
    }
    await tx
      .update(customers)
      .set({ ...restore, version: survivor.version + 1, updatedAt: ctx.now })
      .where(eq(customers.id, survivor.id));
    await tx
      .update(customers)
      .set({ mergedIntoId: null, active: m.mergedWasActive, version: merged.version + 1, updatedAt: ctx.now })
      .where(eq(customers.id, merged.id));
    const [undone] = await tx
      .update(customerMerges)
      .set({ undoneAt: ctx.now, undoneBy: ctx.actor.id })
      .where(eq(customerMerges.id, mergeId))
      .returning();
    const restoredBefore = Object.fromEntries(Object.keys(restore).map((k) => [k, survivor[k as keyof CustomerRow]]));
    await appendEvent(tx, ctx, {
      entity: 'customer',
      entityId: survivor.id,
      action: 'customer.merge_undone',
      before: { ...restoredBefore, mergedFrom: merged.code },
      after: { ...restore, mergedFrom: null, mergeId },
      orgPath: survivor.orgPath,
    });
    await appendEvent(tx, ctx, {
      entity: 'customer',
      entityId: merged.id,
      action: 'customer.unmerged',
      before: { active: merged.active, mergedIntoId: survivor.id },
      after: { active: m.mergedWasActive, mergedIntoId: null, mergeId },
      orgPath: merged.orgPath,
    });
    return { merge: mergeView(undone!), customer: await readCustomer(tx, ctx, survivor.id, { scoped: false }) };
  });
}
