import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { normalisePhone } from '../../../shared/phone.js';
import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events/index.js';
import { orgUnits } from '../../platform/identity/tables.js';
import * as customersModule from '../customers/index.js';
import { customerAddresses, customers, productModels, units } from '../customers/index.js';
import type { NewCustomer } from './contract.js';

/*
 * Everything the intake desk needs from the customers module, in one place. Customers, units,
 * models and addresses are read through the tables its index exports; creating a customer and
 * stamping the first contact go through its functions (createCustomer, markFirstContact).
 *
 * While the customers module's functions are landing, each falls back to a minimal local
 * equivalent so intake works and is tested on its own; the fallbacks go once the index exports
 * them. Phone numbers are read from `customer_phones` by name because the index does not export
 * that table (it should export it, or a `customerIdsByPhone`, so this file can drop the raw SQL).
 */

type CustomerInput = {
  kind: 'individual' | 'business';
  name: string;
  companyName?: string | null;
  email?: string | null;
  notes?: string | null;
  phones: { number: string; isPrimary: boolean }[];
  addresses: { provinceCode: string; cityCode?: string | null; districtCode?: string | null; detail: string; isPrimary: boolean }[];
};

export interface PortalUnitMatch {
  unitId: string;
  modelCode: string;
  modelName: string;
  customerId: string;
}

interface CustomersApi {
  createCustomer(ctx: Ctx, input: CustomerInput): Promise<{ id: string }>;
  markFirstContact(tx: DbLike, customerId: string, at: Date): Promise<void>;
  findModelByCode(db: DbLike, code: string): Promise<{ id: string; code: string; name: string } | null | undefined>;
  findUnitForPortal(db: DbLike, input: { modelCode?: string | null; serial: string }): Promise<PortalUnitMatch | null>;
  normaliseSerial(serial: string): string;
}
const api = customersModule as unknown as Partial<CustomersApi>;

/** Serials as the installed base stores them (trimmed, upper case). */
export function normaliseSerial(serial: string): string {
  return api.normaliseSerial ? api.normaliseSerial(serial) : serial.trim().toUpperCase();
}

export async function findModelByCode(db: DbLike, code: string): Promise<{ id: string; code: string; name: string } | null> {
  if (api.findModelByCode) return (await api.findModelByCode(db, code)) ?? null;
  const [m] = await db
    .select({ id: productModels.id, code: productModels.code, name: productModels.name })
    .from(productModels)
    .where(eq(productModels.code, code.trim().toUpperCase()));
  return m ?? null;
}

/** The one unit a portal visitor names by serial (and model code); null when none or ambiguous. */
export async function findUnitForPortal(db: DbLike, input: { modelCode?: string | null; serial: string }): Promise<PortalUnitMatch | null> {
  if (api.findUnitForPortal) return api.findUnitForPortal(db, input);
  const model = input.modelCode ? await findModelByCode(db, input.modelCode) : null;
  if (input.modelCode && !model) return null;
  const rows = await db
    .select({ unitId: units.id, modelCode: productModels.code, modelName: productModels.name, customerId: units.customerId })
    .from(units)
    .innerJoin(productModels, eq(productModels.id, units.modelId))
    .where(model ? and(eq(units.modelId, model.id), eq(units.serialNo, normaliseSerial(input.serial))) : eq(units.serialNo, normaliseSerial(input.serial)))
    .limit(2);
  return rows.length === 1 ? rows[0]! : null;
}

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

/** Customers whose number ends with `digits` ("尾号1234"): a prefix match on the reversed-number index. */
export async function customerIdsByPhoneSuffix(db: DbLike, digits: string, limit = 20): Promise<string[]> {
  const reversed = [...digits].reverse().join('');
  const res = await db.execute(
    sql`select distinct customer_id from customer_phones where reverse(number) like ${`${reversed}%`} limit ${limit}`,
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

/**
 * Org path of the deepest active unit whose service area holds the district, city or province
 * (outlets before centers before HQ), else `fallback`.
 */
export async function orgPathForArea(db: DbLike, codes: (string | null | undefined)[], fallback: string): Promise<string> {
  const wanted = codes.filter((c): c is string => !!c);
  if (wanted.length === 0) return fallback;
  const any: SQL = sql.join(
    wanted.map((c) => sql`${orgUnits.serviceArea} @> ${JSON.stringify([c])}::jsonb`),
    sql` or `,
  );
  const [row] = await db
    .select({ path: orgUnits.path })
    .from(orgUnits)
    .where(sql`${orgUnits.active} and (${any})`)
    .orderBy(sql`length(${orgUnits.path}) desc`)
    .limit(1);
  return row?.path ?? fallback;
}

function customerInput(input: NewCustomer, phone: string): CustomerInput {
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
  const data = customerInput(input, phone);
  let id: string;
  if (api.createCustomer) {
    try {
      id = (await api.createCustomer(ctx, data)).id;
    } catch (err) {
      throw inlineFieldPaths(err);
    }
  } else {
    id = await fallbackCreateCustomer(ctx, data);
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

async function fallbackCreateCustomer(ctx: Ctx, input: CustomerInput): Promise<string> {
  const tx = ctx.db;
  const address = input.addresses[0];
  const orgPath = await orgPathForArea(tx, [address?.districtCode, address?.cityCode, address?.provinceCode], ctx.actor.orgPath);
  const id = crypto.randomUUID();
  const code = `C${id.replace(/-/g, '').slice(0, 10).toUpperCase()}`;
  const [row] = await tx
    .insert(customers)
    .values({
      id,
      code,
      kind: input.kind,
      name: input.name,
      companyName: input.companyName ?? null,
      email: input.email ?? null,
      notes: input.notes ?? null,
      orgPath,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  for (const p of input.phones) {
    const kind = /^1/.test(p.number) ? 'mobile' : /^[48]00/.test(p.number) ? 'service400' : 'landline';
    await tx.execute(
      sql`insert into customer_phones (customer_id, number, kind, is_primary) values (${id}::uuid, ${p.number}, ${kind}, ${p.isPrimary})`,
    );
  }
  if (address) await tx.insert(customerAddresses).values({ customerId: id, ...address });
  await appendEvent(tx, ctx, { entity: 'customer', entityId: id, action: 'customer.created', after: row, orgPath });
  return id;
}

/** Stamps the customer's first contact (the 2-day archive rule counts from it, seed 001). */
export async function markFirstContact(tx: DbLike, customerId: string, at: Date): Promise<void> {
  if (api.markFirstContact) return api.markFirstContact(tx, customerId, at);
  await tx
    .update(customers)
    .set({ firstContactAt: sql`coalesce(${customers.firstContactAt}, ${at.toISOString()}::timestamptz)` })
    .where(eq(customers.id, customerId));
}

/** Customers by id with their org path, for scope checks (one query). */
export async function customersByIds(db: DbLike, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: customers.id, code: customers.code, name: customers.name, kind: customers.kind, orgPath: customers.orgPath })
    .from(customers)
    .where(inArray(customers.id, ids));
}
