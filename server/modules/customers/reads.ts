import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { uuidArray } from '../../db/arrays.js';
import { rowsOf } from '../../db/rows.js';
import { PHONE_ORDER, phonesOf } from './queries.js';
import { customerPhones, customers, productLines, productModels, units } from './tables.js';

/*
 * What other modules read of the archive and the catalog, as typed functions (docs/architecture.md,
 * "Who may import whom"): the intake desk's phone lookups, an order's and a case's phone, catalog
 * parts and lines by id, a unit with its model and line for the warranty rules, and the facts of
 * the appraisal form. Callers never name these tables in their own SQL; a column renamed here is
 * renamed for every reader at once.
 */

const idList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

export type PhoneKind = (typeof customerPhones.$inferSelect)['kind'];

export interface CustomerPhoneRow {
  customerId: string;
  number: string;
  kind: PhoneKind;
  isPrimary: boolean;
}

/** Phones of several customers in one query, each customer's primary first, then oldest first. */
export async function phonesOfCustomers(db: DbLike, customerIds: string[]): Promise<CustomerPhoneRow[]> {
  const byCustomer = await phonesOf(db, customerIds);
  return [...byCustomer.values()].flat().map((p) => ({
    customerId: p.customerId,
    number: p.number,
    kind: p.kind,
    isPrimary: p.isPrimary,
  }));
}

/** The customer's primary (else oldest) phone, optionally of one kind (a text message needs a mobile). */
export async function firstPhoneOf(
  db: DbLike,
  customerId: string,
  opts: { kind?: PhoneKind } = {},
): Promise<string | null> {
  const [p] = await db
    .select({ number: customerPhones.number })
    .from(customerPhones)
    .where(and(eq(customerPhones.customerId, customerId), opts.kind ? eq(customerPhones.kind, opts.kind) : undefined))
    .orderBy(...PHONE_ORDER)
    .limit(1);
  return p?.number ?? null;
}

/** Customers with this exact normalised number (indexed on number). */
export async function customerIdsByPhone(db: DbLike, number: string, limit = 20): Promise<string[]> {
  const rows = await db
    .selectDistinct({ customerId: customerPhones.customerId })
    .from(customerPhones)
    .where(eq(customerPhones.number, number))
    .limit(limit);
  return rows.map((r) => r.customerId);
}

/**
 * The archives a mail sender's address belongs to (case-insensitive, on the `lower(email)`
 * index): not merged away, oldest first, with the org path their records go under.
 */
export async function customersByEmail(
  db: DbLike,
  address: string,
  limit = 5,
): Promise<{ id: string; orgPath: string }[]> {
  const normalised = address.trim().toLowerCase();
  if (!normalised) return [];
  return db
    .select({ id: customers.id, orgPath: customers.orgPath })
    .from(customers)
    .where(and(sql`lower(${customers.email}) = ${normalised}`, isNull(customers.mergedIntoId)))
    .orderBy(asc(customers.createdAt), asc(customers.id))
    .limit(limit);
}

/**
 * Customers whose number ends with `digits` ("尾号1234"): a prefix match on the reversed-number
 * index. A short suffix matches many numbers nationwide, so the caller's scope filter (`within`,
 * on the customer's org path) is applied in the same query, before the limit.
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

type PartFacts = { code: string; name: string; active: boolean };

/** Catalog parts by id (code, name, whether still offered). */
export async function partsByIds(db: DbLike, ids: string[]): Promise<Map<string, PartFacts>> {
  if (ids.length === 0) return new Map();
  const [row] = rowsOf<{ parts: Parameters<typeof partsOfJson>[0] }>(
    await db.execute(sql`select ${partsByIdsSql(ids)} as parts`),
  );
  return partsOfJson(row?.parts ?? null);
}

/**
 * What `partsByIds` reads, as one JSON array, for another module's statement to carry along
 * (`partsOfJson` turns it into the same map).
 */
export function partsByIdsSql(ids: readonly string[]): SQL<unknown> {
  // Names as text and the ids as one array: parts movements carry this on every issue (bench/README.md, "Parts").
  return sql`(select coalesce(json_agg(json_build_object('id', p.id, 'code', p.code, 'name', p.name, 'active', p.active)), '[]')
    from parts p where p.id = any(${uuidArray(ids)}::uuid[]))`;
}

/** The rows of `partsByIdsSql` as `partsByIds` answers them. */
export function partsOfJson(rows: readonly ({ id: string } & PartFacts)[] | null): Map<string, PartFacts> {
  return new Map((rows ?? []).map((r) => [r.id, { code: r.code, name: r.name, active: r.active }]));
}

/** Product lines by id (name, whether still offered). */
export async function productLinesByIds(
  db: DbLike,
  ids: string[],
): Promise<Map<string, { name: string; active: boolean }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: productLines.id, name: productLines.name, active: productLines.active })
    .from(productLines)
    .where(inArray(productLines.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** A unit with its model's and line's codes and category; dates as yyyy-mm-dd. */
export interface UnitWithCatalog {
  id: string;
  usage: 'household' | 'commercial';
  purchaseDate: string | null;
  invoiceDate: string | null;
  installedOn: string | null;
  acceptedOn: string | null;
  customerId: string;
  modelId: string;
  orgPath: string;
  status: string;
  replacesId: string | null;
  serialNo: string;
  modelCode: string;
  lineCode: string;
  category: string;
}

export async function unitWithCatalog(db: DbLike, unitId: string): Promise<UnitWithCatalog | null> {
  const [u] = await unitsWithCatalog(db, [unitId]);
  return u ?? null;
}

/** Catalog parts by id with whether the model's bill of materials marks each a main part (主要部件). */
export async function partsInModel(
  db: DbLike,
  modelId: string,
  partIds: string[],
): Promise<{ id: string; code: string; name: string; nameEn: string | null; isMain: boolean | null }[]> {
  if (partIds.length === 0) return [];
  const rows = rowsOf<{ id: string; code: string; name: string; name_en: string | null; is_main: boolean | null }>(
    await db.execute(sql`
      select p.id, p.code, p.name, p.name_en, mp.is_main
      from parts p left join model_parts mp on mp.part_id = p.id and mp.model_id = ${modelId}
      where p.id in (${idList(partIds)})`),
  );
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, nameEn: r.name_en, isMain: r.is_main }));
}

/** What a printed form says of a unit and its owner: model and line, purchase, the owner's first phone, the unit's address. */
export interface UnitSheet {
  lineName: string;
  modelCode: string;
  modelName: string;
  serialNo: string;
  purchaseDate: string | null;
  invoiceNo: string | null;
  usage: 'household' | 'commercial';
  phone: string | null;
  customerId: string;
  address: { detail: string; provinceCode: string | null; cityCode: string | null; districtCode: string | null } | null;
}

export async function unitSheet(db: DbLike, unitId: string): Promise<UnitSheet | null> {
  const [f] = rowsOf<{
    line_name: string;
    model_code: string;
    model_name: string;
    serial_no: string;
    purchase_date: string | null;
    invoice_no: string | null;
    usage: 'household' | 'commercial';
    phone: string | null;
    customer_id: string;
    address: string | null;
    province_code: string | null;
    city_code: string | null;
    district_code: string | null;
  }>(
    await db.execute(sql`
      select l.name as line_name, m.code as model_code, m.name as model_name, u.serial_no, u.purchase_date::text as purchase_date,
             u.invoice_no, u.usage,
             (select number from customer_phones p where p.customer_id = u.customer_id order by p.is_primary desc, p.created_at, p.number limit 1) as phone,
             u.customer_id,
             a.detail as address, a.province_code, a.city_code, a.district_code
      from units u join product_models m on m.id = u.model_id join product_lines l on l.id = m.line_id
        left join customer_addresses a on a.id = u.address_id
      where u.id = ${unitId}`),
  );
  if (!f) return null;
  return {
    lineName: f.line_name,
    modelCode: f.model_code,
    modelName: f.model_name,
    serialNo: f.serial_no,
    purchaseDate: f.purchase_date,
    invoiceNo: f.invoice_no,
    usage: f.usage,
    phone: f.phone,
    customerId: f.customer_id,
    address:
      f.address === null
        ? null
        : { detail: f.address, provinceCode: f.province_code, cityCode: f.city_code, districtCode: f.district_code },
  };
}

/**
 * SQL over a part-id column, for modules listing rows of their own that name catalog parts (the
 * parts stock ledger): the part's code to sort by, and a text filter matching code, names and
 * pinyin initials as the catalog's own search does.
 */
export function catalogPartSql(partIdColumn: SQL | { getSQL(): SQL }) {
  return {
    code: sql<string>`(select p.code from parts p where p.id = ${partIdColumn})`,
    matches: (text: string): SQL => {
      const needle = `%${text
        .trim()
        .toLowerCase()
        .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return sql`${partIdColumn} in (select p.id from parts p where coalesce(p.search_key, lower(p.code || ' ' || p.name)) like ${needle})`;
    },
  };
}

/** Units with their model's and line's codes and category, for many units at once (the same shape as `unitWithCatalog`). */
export async function unitsWithCatalog(db: DbLike, unitIds: string[]): Promise<UnitWithCatalog[]> {
  const out: UnitWithCatalog[] = [];
  for (let i = 0; i < unitIds.length; i += 1000) {
    const ids = unitIds.slice(i, i + 1000);
    const rows = rowsOf<{
      id: string;
      usage: 'household' | 'commercial';
      purchase_date: string | null;
      invoice_date: string | null;
      installed_on: string | null;
      accepted_on: string | null;
      customer_id: string;
      model_id: string;
      org_path: string;
      status: string;
      replaces_id: string | null;
      serial_no: string;
      model_code: string;
      line_code: string;
      category: string;
    }>(
      await db.execute(sql`
        select u.id, u.usage, u.purchase_date::text as purchase_date, u.invoice_date::text as invoice_date,
               u.installed_on::text as installed_on, u.accepted_on::text as accepted_on, u.customer_id, u.model_id,
               u.org_path, u.status, u.replaces_id, u.serial_no, m.code as model_code, l.code as line_code, l.category
        from units u join product_models m on m.id = u.model_id join product_lines l on l.id = m.line_id
        where u.id in (${idList(ids)})`),
    );
    for (const r of rows)
      out.push({
        id: r.id,
        usage: r.usage,
        purchaseDate: r.purchase_date,
        invoiceDate: r.invoice_date,
        installedOn: r.installed_on,
        acceptedOn: r.accepted_on,
        customerId: r.customer_id,
        modelId: r.model_id,
        orgPath: r.org_path,
        status: r.status,
        replacesId: r.replaces_id,
        serialNo: r.serial_no,
        modelCode: r.model_code,
        lineCode: r.line_code,
        category: r.category,
      });
  }
  return out;
}

/**
 * The customers a marketing message may go to (an announcement ahead of a campaign or promotion):
 * active, not merged, agreed to messages (`consent_messages`), within `orgPathPrefix`, owning an
 * active unit of one of `productLineIds` (any when empty) whose address — else the customer's
 * primary address — lies in one of `provinceCodes` (any when empty); one mobile each, the primary
 * first, with the customer's e-mail address, WeChat open id and org path.
 */
export async function messageAudience(
  db: DbLike,
  q: { orgPathPrefix: string; provinceCodes: readonly string[]; productLineIds: readonly string[] },
): Promise<{ customerId: string; phone: string; email: string | null; wechat: string | null; orgPath: string }[]> {
  const like = `${q.orgPathPrefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const provinces = q.provinceCodes.length
    ? sql` and coalesce(ua.province_code, ca.province_code) = any(${`{${q.provinceCodes.join(',')}}`}::text[])`
    : sql``;
  const lines = q.productLineIds.length
    ? sql` and m.line_id = any(${`{${q.productLineIds.join(',')}}`}::uuid[])`
    : sql``;
  return rowsOf<{ customerId: string; phone: string; email: string | null; wechat: string | null; orgPath: string }>(
    await db.execute(sql`
      select distinct on (c.id) c.id as "customerId", p.number as phone, c.email, c.wechat_open_id as wechat,
             c.org_path as "orgPath"
      from units u
      join product_models m on m.id = u.model_id
      join customers c on c.id = u.customer_id
      join customer_phones p on p.customer_id = c.id and p.kind = 'mobile'
      left join customer_addresses ua on ua.id = u.address_id
      left join customer_addresses ca on ca.customer_id = c.id and ca.is_primary
      where u.status = 'active' and c.active and c.merged_into_id is null and c.consent_messages
        and c.org_path like ${like}${provinces}${lines}
      order by c.id, p.is_primary desc, p.id`),
  );
}

/** Product models by id: code and name (the reports' fault analysis names its rows). */
export async function modelsByIds(db: DbLike, ids: string[]): Promise<Map<string, { code: string; name: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: productModels.id, code: productModels.code, name: productModels.name })
    .from(productModels)
    .where(inArray(productModels.id, ids));
  return new Map(rows.map((r) => [r.id, { code: r.code, name: r.name }]));
}

/**
 * The installed base per purchase month (YYYY-MM): units bought in [from, to] (purchase days),
 * optionally of one model or line, within `scope` (an org-path condition on the unit's path, from
 * the caller's data scope). Units without a purchase date are not counted.
 */
export async function unitsPerPurchaseMonth(
  db: DbLike,
  q: { fromDay: string; toDay: string; modelId?: string | undefined; productLineId?: string | undefined },
  scope: (pathColumn: SQL) => SQL,
): Promise<Map<string, number>> {
  const parts: SQL[] = [scope(sql`u.org_path`), sql`u.purchase_date between ${q.fromDay}::date and ${q.toDay}::date`];
  if (q.modelId) parts.push(sql`u.model_id = ${q.modelId}::uuid`);
  if (q.productLineId) parts.push(sql`m.line_id = ${q.productLineId}::uuid`);
  const rows = rowsOf<{ month: string; n: number }>(
    await db.execute(sql`
      select to_char(u.purchase_date, 'YYYY-MM') as month, count(*)::int as n
      from ${units} u join ${productModels} m on m.id = u.model_id
      where ${sql.join(parts, sql` and `)}
      group by 1`),
  );
  return new Map(rows.map((r) => [r.month, Number(r.n)]));
}
