import { and, eq } from 'drizzle-orm';
import { requirePermission } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { appendEvent, diffFields } from '../../../platform/events/index.js';
import type { Customer, CustomerUpdate, VersionBody } from '../contract.js';
import { readCustomer } from '../queries.js';
import { customerAddresses, customers } from '../tables.js';
import { reassignUnitsOrgPath } from '../units/index.js';
import {
  addressesOrThrow,
  assertNoDuplicatePhones,
  assertVersion,
  assertWritable,
  auditView,
  type CustomerRow,
  lockCustomer,
  phonesOrThrow,
  primaryOf,
  replaceAddresses,
  replacePhones,
  responsiblePath,
} from './common.js';

/**
 * Edits a customer. Phones and addresses, when given, replace the current sets (unchanged ones
 * keep their ids). When the primary address changes, the responsible unit is found again, and
 * must stay within the editor's subtree.
 */
export async function updateCustomer(ctx: Ctx, id: string, input: CustomerUpdate): Promise<Customer> {
  requirePermission(ctx.actor, 'customers.manage');
  const phones = input.phones ? phonesOrThrow(input.phones) : null;
  if (input.addresses) addressesOrThrow(input.addresses);
  return ctx.db.transaction(async (tx) => {
    const row = await lockCustomer(tx, ctx, id);
    assertWritable(row);
    await assertVersion(tx, ctx, row, input.version);
    const before = await auditView(tx, id);
    if (phones && !input.allowDuplicate) await assertNoDuplicatePhones(tx, ctx, phones, id);
    const { version: _v, phones: _p, addresses: _a, allowDuplicate: _d, ...fields } = input;
    const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<CustomerRow>;
    if (patch.tags) patch.tags = [...new Set(patch.tags)];
    if (phones) await replacePhones(tx, ctx, id, phones);
    if (input.addresses) {
      const [old] = await tx
        .select()
        .from(customerAddresses)
        .where(and(eq(customerAddresses.customerId, id), eq(customerAddresses.isPrimary, true)));
      const primary = primaryOf(input.addresses);
      await replaceAddresses(tx, ctx, id, input.addresses);
      // Found again only when the primary address's area changes: correcting a street keeps the unit.
      const area = (
        a: { provinceCode: string; cityCode?: string | null; districtCode?: string | null } | null | undefined,
      ) => (a ? [a.provinceCode, a.cityCode ?? null, a.districtCode ?? null].join('/') : null);
      if (area(old) !== area(primary)) {
        patch.orgPath = await responsiblePath(tx, ctx, primary);
        await reassignUnitsOrgPath(tx, id, patch.orgPath);
      }
    }
    if (Object.keys(patch).length) await tx.update(customers).set(patch).where(eq(customers.id, id));
    const after = await auditView(tx, id);
    if (Object.keys(diffFields(before, after)).length === 0) return readCustomer(tx, ctx, id, { scoped: false });
    await tx
      .update(customers)
      .set({ version: row.version + 1, updatedAt: ctx.now })
      .where(eq(customers.id, id));
    const orgPath = after.orgPath as string;
    await appendEvent(tx, ctx, {
      entity: 'customer',
      entityId: id,
      action: 'customer.updated',
      before,
      after,
      orgPath: commonOrgPath(row.orgPath, orgPath),
    });
    return readCustomer(tx, ctx, id, { scoped: false });
  });
}

/** The deepest unit both paths lie under, so both sides' managers see a move between areas. */
function commonOrgPath(a: string, b: string): string {
  if (a === b) return a;
  const as = a.split('/').filter(Boolean);
  const bs = b.split('/').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < Math.min(as.length, bs.length) && as[i] === bs[i]; i++) out.push(`${as[i]}/`);
  return out.join('');
}

/** Deactivates or re-activates a customer; customers are never deleted, since history points at them. */
export async function setCustomerActive(ctx: Ctx, id: string, active: boolean, input: VersionBody): Promise<Customer> {
  requirePermission(ctx.actor, 'customers.manage');
  return ctx.db.transaction(async (tx) => {
    const row = await lockCustomer(tx, ctx, id);
    assertWritable(row);
    await assertVersion(tx, ctx, row, input.version);
    if (row.active === active) return readCustomer(tx, ctx, id, { scoped: false });
    await tx
      .update(customers)
      .set({ active, version: row.version + 1, updatedAt: ctx.now })
      .where(eq(customers.id, id));
    await appendEvent(tx, ctx, {
      entity: 'customer',
      entityId: id,
      action: active ? 'customer.activated' : 'customer.deactivated',
      before: { active: row.active },
      after: { active },
      reason: input.reason ?? null,
      orgPath: row.orgPath,
    });
    return readCustomer(tx, ctx, id, { scoped: false });
  });
}
