import { and, desc, eq, inArray, isNull, max, ne, notInArray, or, sql } from 'drizzle-orm';
import { divisionPath } from '../../../../shared/divisions.js';
import { formatPhone } from '../../../../shared/phone.js';
import type { DbLike } from '../../../db/client.js';
import { assertPathInScope, pathInScope, withinScope } from '../../../platform/access/index.js';
import { getSetting } from '../../../platform/config/index.js';
import type { Ctx } from '../../../platform/context.js';
import { assertVersion as checkVersion } from '../../../platform/records.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { findResponsibleUnit } from '../../org/index.js';
import type { AddressInput, PhoneInput } from '../contract.js';
import { customerReferences } from '../ports.js';
import { customerNotFound } from '../queries.js';
import {
  addressesProblem,
  customerCode,
  customerCodePrefix,
  type PreparedPhone,
  preparePhones,
  primaryIndex,
} from '../rules.js';
import { customerAddresses, customerPhones, customers, units } from '../tables.js';

export type CustomerRow = typeof customers.$inferSelect;

/** Locks a customer of the actor's scope for a write; others read as not found. */
export async function lockCustomer(tx: DbLike, ctx: Ctx, id: string): Promise<CustomerRow> {
  const [row] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.id, id), withinScope(ctx.actor, customers.orgPath)))
    .for('update');
  if (!row) throw customerNotFound(ctx);
  assertPathInScope(ctx.actor, row.orgPath);
  return row;
}

/** A merged record is read-only: work goes to the survivor. */
export function assertWritable(row: CustomerRow): void {
  if (row.mergedIntoId) throw new AppError('customer.merged', { code: row.code });
}

/** Optimistic concurrency: refuses a stale version, naming who changed the customer last and when. */
export function assertVersion(tx: DbLike, ctx: Ctx, row: CustomerRow, expected: number): Promise<void> {
  return checkVersion(
    tx,
    ctx,
    { entity: 'customer', entityId: row.id, version: row.version, updatedAt: row.updatedAt },
    expected,
  );
}

/** Validated, normalised phones of a request body, or a 400 naming the field (body.phones.1.number). */
export function phonesOrThrow(input: readonly PhoneInput[]): PreparedPhone[] {
  const r = preparePhones(input);
  if ('problem' in r) throw fieldError(r.problem.path, r.problem.code, r.problem.params);
  return r.phones;
}

export function addressesOrThrow(input: readonly AddressInput[]): void {
  const problem = addressesProblem(input);
  if (problem) throw fieldError(problem.path, problem.code, problem.params);
}

/**
 * Duplicate detection by phone: another active customer already has one of these numbers. The
 * 409 names that customer when the actor may see them; otherwise only that one exists.
 */
export async function assertNoDuplicatePhones(
  tx: DbLike,
  ctx: Ctx,
  phones: readonly PreparedPhone[],
  exceptId?: string,
): Promise<void> {
  if (phones.length === 0) return;
  const [dup] = await tx
    .select({
      id: customers.id,
      code: customers.code,
      name: customers.name,
      orgPath: customers.orgPath,
      number: customerPhones.number,
    })
    .from(customerPhones)
    .innerJoin(customers, eq(customers.id, customerPhones.customerId))
    .where(
      and(
        inArray(
          customerPhones.number,
          phones.map((p) => p.number),
        ),
        eq(customers.active, true),
        isNull(customers.mergedIntoId),
        exceptId ? ne(customers.id, exceptId) : undefined,
      ),
    )
    .orderBy(customers.code)
    .limit(1);
  if (!dup) return;
  const index = phones.findIndex((p) => p.number === dup.number);
  const visible = pathInScope(ctx.actor, dup.orgPath);
  const other = { 'zh-CN': '（其他区域的客户）', en: '(a customer outside your area)' }[ctx.lang];
  throw new AppError(
    'customer.duplicate_phone',
    {
      number: formatPhone(dup.number),
      customer: visible ? `${dup.name}（${dup.code}）` : other,
      ...(visible ? { id: dup.id, code: dup.code, name: dup.name } : {}),
    },
    [{ path: `phones.${index}.number`, code: 'customer.duplicate_phone', message: '' }],
  );
}

/**
 * The org path a customer belongs to: the unit responsible for the primary address. Without an
 * address, the unit of whoever records the customer (HQ for the hotline and the system), so an
 * outlet can still keep a walk-in's archive. Refused when it lies outside the actor's subtree.
 */
export async function responsiblePath(tx: DbLike, ctx: Ctx, primary: AddressInput | null): Promise<string> {
  let path: string;
  if (primary) path = (await findResponsibleUnit(tx, primary)).path;
  else if (ctx.actor.kind === 'user' && ctx.actor.orgPath) path = ctx.actor.orgPath;
  else path = (await findResponsibleUnit(tx, {})).path;
  assertPathInScope(ctx.actor, path);
  return path;
}

export function primaryOf<T extends { isPrimary?: boolean }>(list: readonly T[]): T | null {
  if (list.length === 0) return null;
  return list[primaryIndex(list) ?? 0] ?? null;
}

/**
 * Replaces a customer's phones by a new set: numbers already present keep their row (and id),
 * the others are added, missing ones removed. Returns the numbers for the audit trail.
 */
export async function replacePhones(tx: DbLike, ctx: Ctx, customerId: string, phones: readonly PreparedPhone[]) {
  const current = await tx.select().from(customerPhones).where(eq(customerPhones.customerId, customerId));
  const keep = phones.map((p) => p.number);
  if (current.some((c) => !keep.includes(c.number))) {
    await tx
      .delete(customerPhones)
      .where(
        and(
          eq(customerPhones.customerId, customerId),
          keep.length ? notInArray(customerPhones.number, keep) : undefined,
        ),
      );
  }
  for (const p of phones) {
    const existing = current.find((c) => c.number === p.number);
    const values = { kind: p.kind, extension: p.extension ?? null, label: p.label, isPrimary: p.isPrimary };
    if (!existing) {
      await tx.insert(customerPhones).values({ customerId, number: p.number, ...values, createdAt: ctx.now });
    } else if (
      existing.kind !== values.kind ||
      existing.extension !== values.extension ||
      existing.label !== values.label ||
      existing.isPrimary !== values.isPrimary
    ) {
      await tx.update(customerPhones).set(values).where(eq(customerPhones.id, existing.id));
    }
  }
}

const sameAddress = (a: AddressInput, b: typeof customerAddresses.$inferSelect) =>
  a.provinceCode === b.provinceCode &&
  (a.cityCode ?? null) === b.cityCode &&
  (a.districtCode ?? null) === b.districtCode &&
  a.detail === b.detail;

/**
 * Replaces a customer's addresses by a new set: an item with the id of one of the customer's
 * addresses (or equal to one) updates it in place, so units and requests keep pointing at it;
 * new ones are added; addresses left out are removed unless a unit or a request uses them.
 */
export async function replaceAddresses(tx: DbLike, ctx: Ctx, customerId: string, input: readonly AddressInput[]) {
  const current = await tx.select().from(customerAddresses).where(eq(customerAddresses.customerId, customerId));
  const primary = primaryIndex(input) ?? 0;
  const kept = new Set<string>();
  const targets = input.map((a, i) => {
    const match = current.find((c) => !kept.has(c.id) && (a.id ? c.id === a.id : sameAddress(a, c)));
    if (a.id && !match) throw fieldError(`addresses.${i}.id`, 'entity.not_found', { entity: a.id });
    if (match) kept.add(match.id);
    return { a, match, isPrimary: i === primary };
  });
  const removed = current.filter((c) => !kept.has(c.id));
  if (removed.length) {
    const ids = removed.map((r) => r.id);
    // Service requests belong to the intake module, which sits above this one: it answers which
    // addresses its rows point at through its port (ports.ts), so the module order holds.
    const usedAbove = await customerReferences().addressesInUse(tx, ids);
    const [used] = await tx
      .select({ id: customerAddresses.id, detail: customerAddresses.detail })
      .from(customerAddresses)
      .where(
        and(
          inArray(customerAddresses.id, ids),
          or(
            sql`exists (select 1 from ${units} where ${units.addressId} = ${customerAddresses.id})`,
            usedAbove.length ? inArray(customerAddresses.id, usedAbove) : sql`false`,
          ),
        ),
      )
      .limit(1);
    if (used) throw new AppError('customer.address_in_use', { detail: used.detail });
    await tx.delete(customerAddresses).where(inArray(customerAddresses.id, ids));
  }
  for (const { a, match, isPrimary } of targets) {
    const values = {
      provinceCode: a.provinceCode,
      cityCode: a.cityCode ?? null,
      districtCode: a.districtCode ?? null,
      detail: a.detail,
      lat: a.lat ?? null,
      lng: a.lng ?? null,
      label: a.label ?? null,
      isPrimary,
    };
    if (match) await tx.update(customerAddresses).set(values).where(eq(customerAddresses.id, match.id));
    else await tx.insert(customerAddresses).values({ customerId, ...values, createdAt: ctx.now });
  }
}

/** What the audit trail records of a customer: its fields, and its phones and addresses as text. */
export async function auditView(tx: DbLike, customerId: string): Promise<Record<string, unknown>> {
  const [row] = await tx.select().from(customers).where(eq(customers.id, customerId));
  const phones = await tx
    .select({ number: customerPhones.number, extension: customerPhones.extension, isPrimary: customerPhones.isPrimary })
    .from(customerPhones)
    .where(eq(customerPhones.customerId, customerId))
    .orderBy(desc(customerPhones.isPrimary), customerPhones.number);
  const addresses = await tx
    .select()
    .from(customerAddresses)
    .where(eq(customerAddresses.customerId, customerId))
    .orderBy(desc(customerAddresses.isPrimary), customerAddresses.id);
  return {
    ...row,
    phones: phones.map((p) => formatPhone(p.number, p.extension) + (p.isPrimary ? ' *' : '')),
    addresses: addresses.map((a) => `${divisionPath(a)} ${a.detail}`.trim() + (a.isPrimary ? ' *' : '')),
  };
}

/**
 * The next `count` customer codes of the day (C + yymmdd + 4-digit sequence, more digits past
 * 9 999), for createCustomer and the import alike. Several app instances may share the database:
 * a transaction-scoped advisory lock serialises code allocation until the allocating transaction
 * commits, so max()+1 never hands out a code twice (the unique index stays as the last guard).
 * The day follows the company time zone.
 */
export async function nextCustomerCodes(tx: DbLike, now: Date, count: number): Promise<string[]> {
  if (count === 0) return [];
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('sanbao.customers.code'))`);
  const prefix = customerCodePrefix(now, await getSetting(tx, 'company.timeZone', now));
  const [row] = await tx
    .select({ n: max(sql<number>`substr(${customers.code}, ${prefix.length + 1})::int`) })
    .from(customers)
    // A range the code index answers (codes of that day), then only well-formed ones.
    .where(
      and(
        sql`${customers.code} >= ${prefix}`,
        sql`${customers.code} < ${`${prefix}~`}`,
        sql`${customers.code} ~ '^C[0-9]+$'`,
      ),
    );
  const start = Number(row?.n ?? 0) + 1;
  return Array.from({ length: count }, (_, i) => customerCode(prefix, start + i));
}
