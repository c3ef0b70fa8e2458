import { and, asc, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { CITIES_WITHOUT_DISTRICTS, divisionPath } from '../../../shared/divisions.js';
import { normalisePhone } from '../../../shared/phone.js';
import type { DbLike } from '../../db/client.js';
import { withinScope } from '../../platform/access/index.js';
import { cachedSetting, getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { orgUnits } from '../../platform/identity/tables.js';
import type {
  Customer,
  CustomerAddress,
  CustomerListQuery,
  CustomerPage,
  CustomerPhone,
  CustomerSummary,
  IncompleteArchivesQuery,
} from './contract.js';
import { archiveStatus, searchTerms } from './rules.js';
import { type ContactMask, contactLens } from './contact.js';
import { customerAddresses, customerPhones, customers, units } from './tables.js';
import { escapeLike } from '../../platform/records.js';
import { customerReadable, readableMatching } from './access.js';

/*
 * Reads of the customer archive.
 *
 * Scope rule: a customer belongs to the org unit responsible for their primary address
 * (`customers.org_path`, set from org's findResponsibleUnit: the outlet serving the district or
 * city, else the provincial center, else HQ). A person sees the customers whose responsible unit
 * lies in their own subtree — an outlet its area's customers, a center its province's, HQ all —
 * through `withinScope` like every other list (DOMAIN.md, People and places). Out-of-scope
 * customers read as 404, never 403, so ids cannot be probed.
 * A unit serving one of a customer's orders also reads them while it serves it (access.ts).
 *
 * Merged customers (merged_into_id set) are hidden from lists and searches; read by id they
 * still answer, pointing at the survivor.
 */

const CUSTOMER = { 'zh-CN': '客户', en: 'Customer' } as const;

export function customerNotFound(ctx: Pick<Ctx, 'lang'>): AppError {
  return new AppError('entity.not_found', { entity: CUSTOMER[ctx.lang] });
}

/**
 * The SQL twin of rules.archiveStatus (kept in step by customers.test.ts): true when the archive
 * lacks a name, a primary phone, a primary address down to the district, or a unit. The list, the
 * incomplete-archives check and the XLSX export (import/export.ts) all filter with this one.
 */
export function archiveIncompleteSql(): SQL {
  const districtless = sql.join(
    CITIES_WITHOUT_DISTRICTS.map((c) => sql`${c}`),
    sql`, `,
  );
  return sql`not (
    btrim(${customers.name}) <> ''
    and exists (select 1 from ${customerPhones} where ${customerPhones.customerId} = ${customers.id} and ${customerPhones.isPrimary})
    and exists (select 1 from ${customerAddresses} where ${customerAddresses.customerId} = ${customers.id}
      and ${customerAddresses.isPrimary} and ${customerAddresses.cityCode} is not null
      and (${customerAddresses.districtCode} is not null or ${customerAddresses.cityCode} in (${districtless})))
    and exists (select 1 from ${units} where ${units.customerId} = ${customers.id})
  )`;
}

const unitCount = sql<number>`(select count(*)::int from ${units} where ${units.customerId} = ${customers.id})`;

const summaryColumns = {
  id: customers.id,
  code: customers.code,
  kind: customers.kind,
  name: customers.name,
  companyName: customers.companyName,
  tags: customers.tags,
  firstContactAt: customers.firstContactAt,
  active: customers.active,
  version: customers.version,
  unitId: orgUnits.id,
  unitName: orgUnits.name,
  unitCount,
};

type AddressRow = typeof customerAddresses.$inferSelect;
type PhoneRow = typeof customerPhones.$inferSelect;

export function toAddress(a: AddressRow, mask: ContactMask): CustomerAddress {
  return {
    id: a.id,
    provinceCode: a.provinceCode,
    cityCode: a.cityCode,
    districtCode: a.districtCode,
    divisionNames: divisionPath(a),
    detail: mask.detail(a.detail),
    lat: mask.whole ? a.lat : null,
    lng: mask.whole ? a.lng : null,
    isPrimary: a.isPrimary,
    label: a.label,
  };
}

export function toPhone(p: PhoneRow, mask: ContactMask): CustomerPhone {
  return {
    id: p.id,
    number: mask.number(p.number),
    display: mask.display(p.number, p.extension),
    kind: p.kind,
    extension: mask.whole ? p.extension : null,
    label: p.label,
    isPrimary: p.isPrimary,
  };
}

/** A customer's phones as every reader lists them: the primary first, then oldest first. */
export const PHONE_ORDER = [desc(customerPhones.isPrimary), asc(customerPhones.createdAt), asc(customerPhones.number)];

/** Phones of many customers in one query, primary first. */
export async function phonesOf(db: DbLike, ids: string[]): Promise<Map<string, PhoneRow[]>> {
  const out = new Map<string, PhoneRow[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .select()
    .from(customerPhones)
    .where(inArray(customerPhones.customerId, ids))
    .orderBy(...PHONE_ORDER);
  for (const r of rows) out.set(r.customerId, [...(out.get(r.customerId) ?? []), r]);
  return out;
}

function archiveView(
  c: { name: string; firstContactAt: Date | null; unitCount: number },
  phones: PhoneRow[],
  primary: AddressRow | null,
  dueDays: number,
  now: Date,
) {
  const s = archiveStatus(
    {
      name: c.name,
      hasPrimaryPhone: phones.some((p) => p.isPrimary),
      primaryAddress: primary,
      unitCount: c.unitCount,
      firstContactAt: c.firstContactAt,
    },
    dueDays,
    now,
  );
  return {
    archiveComplete: s.complete,
    archiveMissing: s.missing,
    archiveDueAt: s.dueAt?.toISOString() ?? null,
    archiveOverdue: s.overdue,
  };
}

/** Rows of the summary query, with their phones and the archive rule applied. */
async function toSummaries(
  ctx: Ctx,
  rows: (CustomerSummaryRow & { address: AddressRow | null })[],
  dueDays: number,
): Promise<CustomerSummary[]> {
  const phones = await phonesOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  const lens = await contactLens(
    ctx.db,
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const ph = phones.get(r.id) ?? [];
    const mask = lens(r.id);
    return {
      id: r.id,
      code: r.code,
      kind: r.kind,
      name: r.name,
      companyName: r.companyName,
      tags: r.tags,
      phones: ph.map((p) => toPhone(p, mask)),
      phonesMasked: !mask.whole,
      primaryAddress: r.address ? toAddress(r.address, mask) : null,
      responsibleUnit: r.unitId ? { id: r.unitId, name: r.unitName! } : null,
      unitCount: r.unitCount,
      firstContactAt: r.firstContactAt?.toISOString() ?? null,
      active: r.active,
      version: r.version,
      ...archiveView(r, ph, r.address, dueDays, ctx.now),
    };
  });
}

type CustomerSummaryRow = {
  id: string;
  code: string;
  kind: 'individual' | 'business';
  name: string;
  companyName: string | null;
  tags: string[];
  firstContactAt: Date | null;
  active: boolean;
  version: number;
  unitId: string | null;
  unitName: string | null;
  unitCount: number;
};

/** Customers with a number equal to `number` (normal form); the phone index answers it. */
function hasPhone(number: string): SQL {
  return sql`${customers.id} in (select ${customerPhones.customerId} from ${customerPhones} where ${customerPhones.number} = ${number})`;
}

/** Numbers ending in `digits`: a prefix match on reverse(number), answered by customer_phones_suffix_idx. */
function hasPhoneEndingIn(digits: string): SQL {
  const reversed = [...digits].reverse().join('');
  return sql`${customers.id} in (select ${customerPhones.customerId} from ${customerPhones} where reverse(${customerPhones.number}) like ${`${reversed}%`})`;
}

/**
 * Counting stops here: an exact total of a large result costs more than the page itself (a
 * surname matches tens of thousands of a million customers); past it the list says "1 000+".
 */
const COUNT_CAP = 1_000;

async function page(ctx: Ctx, where: SQL, order: SQL[], p: { page: number; pageSize: number }): Promise<CustomerPage> {
  const primary = and(eq(customerAddresses.customerId, customers.id), eq(customerAddresses.isPrimary, true));
  // The page's ids first, so the joins and subqueries run for its rows only, not for the
  // rows an offset skips.
  const ids = ctx.db
    .select({ id: customers.id })
    .from(customers)
    .where(where)
    .orderBy(...order)
    .limit(p.pageSize)
    .offset((p.page - 1) * p.pageSize)
    .as('page_ids');
  const [rows, [counted], dueDays] = await Promise.all([
    ctx.db
      .select({ ...summaryColumns, address: customerAddresses })
      .from(ids)
      .innerJoin(customers, eq(customers.id, ids.id))
      .leftJoin(customerAddresses, primary)
      .leftJoin(orgUnits, eq(orgUnits.path, customers.orgPath))
      .orderBy(...order),
    ctx.db.select({ n: count() }).from(
      ctx.db
        .select({ one: sql`1` })
        .from(customers)
        .where(where)
        .limit(COUNT_CAP + 1)
        .as('capped'),
    ),
    cachedSetting(ctx.db, 'customers.archiveDueDays', ctx.now),
  ]);
  const total = Number(counted?.n ?? 0);
  return {
    items: await toSummaries(ctx, rows, dueDays),
    total: Math.min(total, COUNT_CAP),
    totalCapped: total > COUNT_CAP,
    page: p.page,
    pageSize: p.pageSize,
  };
}

/**
 * The customer search of the intake desk and the archive list. One query for the page (explicit
 * columns, primary address and responsible unit joined), one capped count, one for the page's
 * phones. Each kind of `q` is answered by an index: phone number, reverse(number) for trailing
 * digits, the code's unique index, name/company text_pattern_ops for prefixes. Newest first by
 * code (C + yymmdd + sequence), which the code index also serves.
 */
export async function listCustomers(ctx: Ctx, input: Partial<CustomerListQuery>): Promise<CustomerPage> {
  const q = { ...input, page: input.page ?? 1, pageSize: input.pageSize ?? 20 };
  const where: SQL[] = [isNull(customers.mergedIntoId)];
  if (q.includeInactive !== 'true') where.push(eq(customers.active, true));
  if (q.kind) where.push(eq(customers.kind, q.kind));
  if (q.tag) where.push(sql`${customers.tags} @> ${JSON.stringify([q.tag])}::jsonb`);
  if (q.incomplete === 'true') where.push(archiveIncompleteSql());
  if (q.incomplete === 'false') where.push(sql`not ${archiveIncompleteSql()}`);
  const terms = q.q ? searchTerms(q.q) : {};
  if (terms.phone) where.push(hasPhone(terms.phone));
  else if (terms.suffix) where.push(hasPhoneEndingIn(terms.suffix));
  if (terms.text && !terms.phone && !terms.suffix) {
    const prefix = `${escapeLike(terms.text)}%`;
    const either = [sql`${customers.name} like ${prefix}`, sql`${customers.companyName} like ${prefix}`];
    if (terms.code) either.push(sql`${customers.code} = ${terms.code}`);
    where.push(readableMatching(ctx.actor, customers.id, sql`(${sql.join(either, sql` or `)})`));
  } else where.push(customerReadable(ctx.actor, customers.id, customers.orgPath));
  return page(ctx, and(...where)!, [desc(customers.code)], q);
}

/**
 * Customers of the actor's scope with a number equal to `rawPhone` once normalised: duplicate
 * candidates and caller ID. Empty when the number is not a valid one.
 */
export async function findCustomersByPhone(ctx: Ctx, rawPhone: string): Promise<CustomerSummary[]> {
  const phone = normalisePhone(rawPhone);
  if (!phone) return [];
  const res = await listCustomers(ctx, { q: phone.number, pageSize: 50 });
  return res.items;
}

/**
 * The dashboard check of seed 001: customers whose archive is still incomplete after the allowed
 * days since first contact (customers.archiveDueDays), most overdue first.
 */
export async function listIncompleteArchives(ctx: Ctx, input: Partial<IncompleteArchivesQuery>): Promise<CustomerPage> {
  const p = { page: input.page ?? 1, pageSize: input.pageSize ?? 20 };
  const dueDays = await cachedSetting(ctx.db, 'customers.archiveDueDays', ctx.now);
  const cutoff = new Date(ctx.now.getTime() - dueDays * 24 * 60 * 60 * 1000);
  const where = and(
    withinScope(ctx.actor, customers.orgPath),
    isNull(customers.mergedIntoId),
    eq(customers.active, true),
    sql`${customers.firstContactAt} < ${cutoff.toISOString()}::timestamptz`,
    archiveIncompleteSql(),
  )!;
  return page(ctx, where, [asc(customers.firstContactAt), asc(customers.code)], p);
}

/**
 * One customer with phones, addresses and archive status. `scoped: false` is for commands that
 * have already checked scope (and for reading back inside their transaction).
 */
export async function readCustomer(db: DbLike, ctx: Ctx, id: string, opts: { scoped: boolean }): Promise<Customer> {
  const [c] = await db
    .select({
      ...summaryColumns,
      email: customers.email,
      wechatId: customers.wechatId,
      notes: customers.notes,
      preferredContactTime: customers.preferredContactTime,
      consentMessages: customers.consentMessages,
      mergedIntoId: customers.mergedIntoId,
      createdAt: customers.createdAt,
      updatedAt: customers.updatedAt,
    })
    .from(customers)
    .leftJoin(orgUnits, eq(orgUnits.path, customers.orgPath))
    .where(
      and(eq(customers.id, id), opts.scoped ? customerReadable(ctx.actor, customers.id, customers.orgPath) : undefined),
    );
  if (!c) throw customerNotFound(ctx);
  // One at a time: the commands read back inside their transaction, which has one connection.
  const phones = await phonesOf(db, [id]);
  const addresses = await db
    .select()
    .from(customerAddresses)
    .where(eq(customerAddresses.customerId, id))
    .orderBy(desc(customerAddresses.isPrimary), asc(customerAddresses.createdAt), asc(customerAddresses.id));
  const dueDays = await getSetting(db, 'customers.archiveDueDays', ctx.now);
  const ph = phones.get(id) ?? [];
  const mask = (await contactLens(db, ctx, [id]))(id);
  return {
    id: c.id,
    code: c.code,
    kind: c.kind,
    name: c.name,
    companyName: c.companyName,
    email: c.email,
    wechatId: c.wechatId,
    tags: c.tags,
    notes: c.notes,
    preferredContactTime: c.preferredContactTime,
    consentMessages: c.consentMessages,
    phones: ph.map((p) => toPhone(p, mask)),
    phonesMasked: !mask.whole,
    addresses: addresses.map((a) => toAddress(a, mask)),
    responsibleUnit: c.unitId ? { id: c.unitId, name: c.unitName! } : null,
    unitCount: c.unitCount,
    firstContactAt: c.firstContactAt?.toISOString() ?? null,
    mergedIntoId: c.mergedIntoId,
    active: c.active,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    ...archiveView(c, ph, addresses.find((a) => a.isPrimary) ?? null, dueDays, ctx.now),
  };
}

/** One customer of the actor's scope; others and unknown ids are the same 404. */
export async function getCustomer(ctx: Ctx, id: string): Promise<Customer> {
  return readCustomer(ctx.db, ctx, id, { scoped: true });
}
