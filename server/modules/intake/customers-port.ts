import { eq, inArray, sql } from 'drizzle-orm';
import { normalisePhone } from '../../../shared/phone.js';
import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { type CustomerCreate, createCustomer, customerAddresses, customers } from '../customers/index.js';
import type { NewCustomer } from './contract.js';

/*
 * Everything the intake desk needs from the customers module, in one place: customers, units,
 * models and addresses are read through the tables its index exports; creating a customer,
 * stamping the first contact, finding models and units and looking up phones go through its
 * typed functions.
 */

export {
  customerIdsByPhone,
  customerIdsByPhoneSuffix,
  findModelByCode,
  findUnitForPortal,
  firstPhoneOf,
  markFirstContact,
  normaliseSerial,
  phonesOfCustomers,
} from '../customers/index.js';

/** The normal form of a phone number, or a 400 naming `field`. */
export function phoneOrFail(raw: string, field: string): string {
  const p = normalisePhone(raw);
  if (!p) throw fieldError(field, 'intake.phone_invalid', { value: raw });
  return p.number;
}

export function tryPhone(raw: string): string | null {
  return normalisePhone(raw)?.number ?? null;
}

function customerInput(input: NewCustomer, phone: string): CustomerCreate {
  return {
    kind: input.kind,
    name: input.name,
    companyName: input.companyName ?? null,
    email: input.email ?? null,
    notes: input.notes ?? null,
    phones: [{ number: phone, isPrimary: true }],
    addresses: input.address ? [{ ...input.address, isPrimary: true }] : [],
  };
}

/**
 * Creates a customer inside the caller's transaction (`ctx.db` is the transaction). Returns the
 * id and org path (scope of the contact and request that follow).
 */
export async function createCustomerInline(
  ctx: Ctx,
  input: NewCustomer,
  phone: string,
): Promise<{ id: string; orgPath: string; addressId: string | null }> {
  let id: string;
  try {
    id = (await createCustomer(ctx, customerInput(input, phone))).id;
  } catch (err) {
    throw inlineFieldPaths(err);
  }
  const [row] = await ctx.db.select({ orgPath: customers.orgPath }).from(customers).where(eq(customers.id, id));
  const [addr] = await ctx.db
    .select({ id: customerAddresses.id })
    .from(customerAddresses)
    .where(eq(customerAddresses.customerId, id))
    .orderBy(sql`${customerAddresses.isPrimary} desc`)
    .limit(1);
  return { id, orgPath: row!.orgPath, addressId: addr?.id ?? null };
}

/** Errors of the customers module name its own fields (phones.0.number); the desk's form says newCustomer.phone. */
function inlineFieldPaths(err: unknown): unknown {
  if (!(err instanceof AppError) || !err.fieldErrors) return err;
  const path = (p: string) =>
    p
      .replace(/^body\./, '')
      .replace(/^phones\.\d+\.number$/, 'phone')
      .replace(/^addresses\.\d+\./, 'address.');
  return new AppError(
    err.code,
    err.params,
    err.fieldErrors.map((f) => ({ ...f, path: `newCustomer.${path(f.path)}` })),
  );
}

/** Customers by id with their org path, for scope checks (one query). */
export async function customersByIds(db: DbLike, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: customers.id,
      code: customers.code,
      name: customers.name,
      kind: customers.kind,
      orgPath: customers.orgPath,
    })
    .from(customers)
    .where(inArray(customers.id, ids));
}
