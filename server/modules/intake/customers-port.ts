import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import { normalisePhone } from '../../../shared/phone.js';
import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { type CustomerCreate, createCustomer, customerAddresses, customers } from '../customers/index.js';
import type { NewCustomer } from './contract.js';

/*
 * Everything the intake desk needs from the customers module, in one place: customers, units,
 * models and addresses are read through the tables its index exports; creating a customer,
 * stamping the first contact and finding models and units go through its functions. Phone
 * numbers are read from `customer_phones` by name because the index does not export that table
 * (exporting it, or a `customerIdsByPhone(db, digits, { suffix })`, would let this file drop the
 * raw SQL).
 */

export { findModelByCode, findUnitForPortal, markFirstContact, normaliseSerial } from '../customers/index.js';

/** The normal form of a phone number, or a 400 naming `field`. */
export function phoneOrFail(raw: string, field: string): string {
  const p = normalisePhone(raw);
  if (!p) throw fieldError(field, 'intake.phone_invalid', { value: raw });
  return p.number;
}

export function tryPhone(raw: string): string | null {
  return normalisePhone(raw)?.number ?? null;
}

function rowsOf<T>(res: unknown): T[] {
  return (res as { rows: T[] }).rows;
}

/** Customers with this exact normalised number (indexed on number). */
export async function customerIdsByPhone(db: DbLike, number: string, limit = 20): Promise<string[]> {
  const res = await db.execute(sql`select distinct customer_id from customer_phones where number = ${number} limit ${limit}`);
  return rowsOf<{ customer_id: string }>(res).map((r) => r.customer_id);
}

/**
 * Customers whose number ends with `digits` ("尾号1234"): a prefix match on the reversed-number
 * index. A short suffix matches many numbers nationwide, so the scope filter (`within`, on the
 * customer's org path) is applied in the same query, before the limit.
 */
export async function customerIdsByPhoneSuffix(
  db: DbLike,
  digits: string,
  within: (orgPath: SQL) => SQL,
  limit = 20,
): Promise<string[]> {
  const reversed = [...digits].reverse().join('');
  const res = await db.execute(
    sql`select distinct p.customer_id from customer_phones p join ${customers} c on c.id = p.customer_id
        where reverse(p.number) like ${`${reversed}%`} and c.merged_into_id is null and ${within(sql`c.org_path`)} limit ${limit}`,
  );
  return rowsOf<{ customer_id: string }>(res).map((r) => r.customer_id);
}

/** Phones of several customers in one query. */
export async function phonesOf(
  db: DbLike,
  customerIds: string[],
): Promise<{ customerId: string; number: string; kind: string; isPrimary: boolean }[]> {
  if (customerIds.length === 0) return [];
  const list = sql.join(
    customerIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const res = await db.execute(
    sql`select customer_id, number, kind, is_primary from customer_phones where customer_id in (${list}) order by is_primary desc, created_at`,
  );
  return rowsOf<{ customer_id: string; number: string; kind: string; is_primary: boolean }>(res).map((r) => ({
    customerId: r.customer_id,
    number: r.number,
    kind: r.kind,
    isPrimary: r.is_primary,
  }));
}

/** The primary (else first) phone of a customer. */
export async function primaryPhone(db: DbLike, customerId: string): Promise<string | null> {
  return (await phonesOf(db, [customerId]))[0]?.number ?? null;
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
    .select({ id: customers.id, code: customers.code, name: customers.name, kind: customers.kind, orgPath: customers.orgPath })
    .from(customers)
    .where(inArray(customers.id, ids));
}
