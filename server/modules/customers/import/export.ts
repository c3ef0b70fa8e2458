import type { Readable } from 'node:stream';
import { and, asc, count, desc, eq, inArray, isNull, like, lt, or, type SQL, sql } from 'drizzle-orm';
import { divisionName } from '../../../../shared/divisions.js';
import type { Lang } from '../../../../shared/i18n.js';
import { normalisePhone } from '../../../../shared/phone.js';
import { requirePermission, withinScope } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { streamXlsx, type XlsxColumn } from '../../../platform/export/xlsx.js';
import { orgUnits } from '../../../platform/identity/tables.js';
import { normaliseSerial } from '../index.js';
// The archive's own contact rule, so the file hides what the list hides.
import { contactLens } from '../contact.js';
import { archiveIncompleteSql } from '../queries.js';
import { customerAddresses, customerPhones, customers, productModels, units } from '../tables.js';
import type { CustomerExportQuery, UnitExportQuery } from './contract.js';
import { escapeLike } from '../../../platform/records.js';

/*
 * XLSX exports of the customer and unit lists with the lists' own filters and data scope
 * (withinScope on the record's org path, as the lists do). The filters mirror the list queries
 * (customers/queries.ts listCustomers, units/queries.ts listUnits); import.test.ts checks that an
 * export holds exactly what the list shows. Rows are read in keyset pages of 1,000, so memory
 * stays flat. DOMAIN.md, Privacy: "nothing leaves the system without a record" — every export
 * appends an `export` event naming who exported which list with which filter, before the first
 * byte is sent. Phones and street addresses are masked exactly as the list masks them.
 */

/** Past this many matching records an export is refused, with a request to narrow the filter. */
export const EXPORT_CAP = 200_000;
const PAGE = 1_000;

const t = (lang: Lang, zh: string, en: string) => (lang === 'zh-CN' ? zh : en);

/** The customer list's WHERE for these filters (search box: whole phone, last digits, code, name prefix). */
function customerFilter(ctx: Ctx, q: CustomerExportQuery): SQL {
  const where: SQL[] = [withinScope(ctx.actor, customers.orgPath), isNull(customers.mergedIntoId)];
  if (q.includeInactive !== 'true') where.push(eq(customers.active, true));
  if (q.kind) where.push(eq(customers.kind, q.kind));
  if (q.tag) where.push(sql`${customers.tags} @> ${JSON.stringify([q.tag])}::jsonb`);
  if (q.incomplete === 'true') where.push(archiveIncompleteSql());
  if (q.incomplete === 'false') where.push(sql`not ${archiveIncompleteSql()}`);
  const text = q.q?.trim();
  if (text) {
    const phone = normalisePhone(text);
    const digits = text.replace(/^尾号/, '').replace(/[\s-]/g, '');
    if (phone) {
      where.push(
        sql`${customers.id} in (select ${customerPhones.customerId} from ${customerPhones} where ${customerPhones.number} = ${phone.number})`,
      );
    } else if (/^\d{4,12}$/.test(digits)) {
      const reversed = [...digits].reverse().join('');
      where.push(
        sql`${customers.id} in (select ${customerPhones.customerId} from ${customerPhones} where reverse(${customerPhones.number}) like ${`${reversed}%`})`,
      );
    } else {
      const prefix = `${escapeLike(text)}%`;
      const either = [sql`${customers.name} like ${prefix}`, sql`${customers.companyName} like ${prefix}`];
      if (/^C\d{10,}$/i.test(text)) either.push(sql`${customers.code} = ${text.toUpperCase()}`);
      where.push(sql`(${sql.join(either, sql` or `)})`);
    }
  }
  return and(...where)!;
}

/** How many records match, up to the cap; past it the export is refused before anything is read. */
async function countUnderCap(
  ctx: Ctx,
  table: typeof customers | typeof units,
  where: SQL,
  cap = EXPORT_CAP,
): Promise<number> {
  const capped = ctx.db
    .select({ one: sql`1` })
    .from(table as typeof customers)
    .where(where)
    .limit(cap + 1)
    .as('capped');
  const [row] = await ctx.db.select({ n: count() }).from(capped);
  const n = Number(row?.n ?? 0);
  if (n > cap) throw new AppError('export.too_many_rows', { max: cap });
  return n;
}

async function recordExport(ctx: Ctx, list: 'customers' | 'units', filter: object, rows: number): Promise<void> {
  await appendEvent(ctx.db, ctx, {
    entity: 'export',
    entityId: list,
    action: 'export',
    after: { list, filter, rows, format: 'xlsx' },
    orgPath: ctx.actor.orgPath || null,
  });
}

interface CustomerExportRow {
  id: string;
  code: string;
  kind: 'individual' | 'business';
  name: string;
  companyName: string | null;
  email: string | null;
  tags: string[];
  active: boolean;
  firstContactAt: Date | null;
  unitName: string | null;
  unitCount: number;
  provinceCode: string | null;
  cityCode: string | null;
  districtCode: string | null;
  detail: string | null;
  phones: string[];
}

function customerColumns(lang: Lang): XlsxColumn<CustomerExportRow>[] {
  return [
    { header: t(lang, '客户编号', 'Code'), value: (r) => r.code },
    { header: t(lang, '客户姓名', 'Customer name'), width: 16, value: (r) => r.name },
    {
      header: t(lang, '客户类型', 'Customer kind'),
      value: (r) => (r.kind === 'business' ? t(lang, '商用', 'business') : t(lang, '家用', 'individual')),
    },
    { header: t(lang, '单位名称', 'Company'), width: 24, value: (r) => r.companyName },
    { header: t(lang, '手机号', 'Phone'), width: 16, value: (r) => r.phones[0] ?? null },
    { header: t(lang, '其他电话', 'Other phone'), width: 24, value: (r) => r.phones.slice(1).join('、') || null },
    { header: t(lang, '邮箱', 'Email'), width: 22, value: (r) => r.email },
    { header: t(lang, '省', 'Province'), value: (r) => divisionName(r.provinceCode) },
    { header: t(lang, '市', 'City'), value: (r) => divisionName(r.cityCode) },
    { header: t(lang, '区', 'District'), value: (r) => divisionName(r.districtCode) },
    { header: t(lang, '详细地址', 'Address'), width: 30, value: (r) => r.detail },
    { header: t(lang, '标签', 'Tags'), value: (r) => r.tags.join('、') || null },
    { header: t(lang, '负责网点', 'Responsible unit'), width: 18, value: (r) => r.unitName },
    { header: t(lang, '产品数', 'Units'), width: 8, value: (r) => r.unitCount },
    {
      header: t(lang, '首次联系', 'First contact'),
      width: 18,
      format: 'yyyy-mm-dd hh:mm',
      value: (r) => r.firstContactAt,
    },
    {
      header: t(lang, '状态', 'Status'),
      width: 8,
      value: (r) => (r.active ? t(lang, '启用', 'active') : t(lang, '停用', 'inactive')),
    },
  ];
}

/** Pages of customers, newest code first (the list's order), keyset on the unique code. */
async function* customerPages(ctx: Ctx, where: SQL): AsyncGenerator<CustomerExportRow[]> {
  const primary = and(eq(customerAddresses.customerId, customers.id), eq(customerAddresses.isPrimary, true));
  let after: string | null = null;
  for (;;) {
    const rows = await ctx.db
      .select({
        id: customers.id,
        code: customers.code,
        kind: customers.kind,
        name: customers.name,
        companyName: customers.companyName,
        email: customers.email,
        tags: customers.tags,
        active: customers.active,
        firstContactAt: customers.firstContactAt,
        unitName: orgUnits.name,
        unitCount: sql<number>`(select count(*)::int from ${units} where ${units.customerId} = ${customers.id})`,
        provinceCode: customerAddresses.provinceCode,
        cityCode: customerAddresses.cityCode,
        districtCode: customerAddresses.districtCode,
        detail: customerAddresses.detail,
      })
      .from(customers)
      .leftJoin(customerAddresses, primary)
      .leftJoin(orgUnits, eq(orgUnits.path, customers.orgPath))
      .where(after === null ? where : and(where, lt(customers.code, after)))
      .orderBy(desc(customers.code))
      .limit(PAGE);
    if (rows.length === 0) return;
    const phones = await ctx.db
      .select()
      .from(customerPhones)
      .where(
        inArray(
          customerPhones.customerId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(desc(customerPhones.isPrimary), asc(customerPhones.createdAt), asc(customerPhones.number));
    const lens = await contactLens(
      ctx.db,
      ctx,
      rows.map((r) => r.id),
    );
    const byCustomer = new Map<string, string[]>();
    for (const p of phones) {
      const text = lens(p.customerId).display(p.number, p.extension);
      byCustomer.set(p.customerId, [...(byCustomer.get(p.customerId) ?? []), text]);
    }
    yield rows.map((r) => ({
      ...r,
      detail: r.detail ? lens(r.id).detail(r.detail) : r.detail,
      phones: byCustomer.get(r.id) ?? [],
    }));
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.code;
  }
}

export interface ExportFile {
  fileName: string;
  stream: Readable;
  rows: number;
}

const stamp = (now: Date) => now.toISOString().slice(0, 10).replace(/-/g, '');

/** The customer list with these filters as an XLSX stream; recorded as an export event first. */
export async function exportCustomers(
  ctx: Ctx,
  q: CustomerExportQuery,
  opts: { cap?: number } = {},
): Promise<ExportFile> {
  requirePermission(ctx.actor, 'customers.read');
  const where = customerFilter(ctx, q);
  const rows = await countUnderCap(ctx, customers, where, opts.cap);
  await recordExport(ctx, 'customers', q, rows);
  const stream = streamXlsx({
    sheetName: t(ctx.lang, '客户', 'Customers'),
    columns: customerColumns(ctx.lang),
    pages: customerPages(ctx, where),
    onError: (err) => ctx.log.error({ err }, 'customer export failed while streaming'),
  });
  return { fileName: `${t(ctx.lang, '客户', 'customers')}-${stamp(ctx.now)}.xlsx`, stream, rows };
}

interface UnitExportRow {
  id: string;
  serialNo: string;
  modelCode: string;
  modelName: string;
  status: string;
  usage: 'household' | 'commercial';
  customerId: string;
  customerCode: string;
  customerName: string;
  phone: string | null;
  purchaseDate: string | null;
  invoiceNo: string | null;
  invoiceDate: string | null;
  sellerChannel: string | null;
  installedOn: string | null;
  location: string | null;
}

const STATUS: Record<string, [string, string]> = {
  active: ['在用', 'active'],
  replaced: ['已换机', 'replaced'],
  returned: ['已退货', 'returned'],
  recalled: ['召回中', 'recalled'],
  scrapped: ['已报废', 'scrapped'],
};

function unitColumns(lang: Lang): XlsxColumn<UnitExportRow>[] {
  return [
    { header: t(lang, '序列号', 'Serial number'), width: 20, value: (r) => r.serialNo },
    { header: t(lang, '型号', 'Model'), width: 16, value: (r) => r.modelCode },
    { header: t(lang, '型号名称', 'Model name'), width: 20, value: (r) => r.modelName },
    {
      header: t(lang, '状态', 'Status'),
      width: 8,
      value: (r) => t(lang, ...(STATUS[r.status] ?? [r.status, r.status])),
    },
    {
      header: t(lang, '用途', 'Usage'),
      width: 8,
      value: (r) => (r.usage === 'commercial' ? t(lang, '商用', 'commercial') : t(lang, '家用', 'household')),
    },
    { header: t(lang, '客户编号', 'Customer code'), value: (r) => r.customerCode },
    { header: t(lang, '客户姓名', 'Customer name'), width: 16, value: (r) => r.customerName },
    { header: t(lang, '手机号', 'Phone'), width: 16, value: (r) => r.phone },
    { header: t(lang, '购买日期', 'Purchase date'), width: 12, value: (r) => r.purchaseDate },
    { header: t(lang, '发票号', 'Invoice number'), width: 16, value: (r) => r.invoiceNo },
    { header: t(lang, '发票日期', 'Invoice date'), width: 12, value: (r) => r.invoiceDate },
    { header: t(lang, '销售渠道', 'Seller'), width: 18, value: (r) => r.sellerChannel },
    { header: t(lang, '安装日期', 'Installed on'), width: 12, value: (r) => r.installedOn },
    { header: t(lang, '安装位置', 'Location'), width: 18, value: (r) => r.location },
  ];
}

/** The unit list's WHERE for these filters. */
function unitFilter(ctx: Ctx, q: UnitExportQuery): SQL {
  const where: SQL[] = [withinScope(ctx.actor, units.orgPath)];
  if (q.q) {
    const serial = normaliseSerial(q.q);
    if (serial) where.push(like(units.serialNo, `${escapeLike(serial)}%`));
  }
  if (q.customerId) where.push(eq(units.customerId, q.customerId));
  if (q.modelId) where.push(eq(units.modelId, q.modelId));
  if (q.status) where.push(eq(units.status, q.status));
  return and(...where)!;
}

/** Pages of units in the list's order (serial by bytes, then id), keyset on both. */
async function* unitPages(ctx: Ctx, where: SQL): AsyncGenerator<UnitExportRow[]> {
  let after: { serial: string; id: string } | null = null;
  for (;;) {
    const keyset: SQL | undefined = after
      ? or(
          sql`${units.serialNo} ~>~ ${after.serial}`,
          and(eq(units.serialNo, after.serial), sql`${units.id} > ${after.id}`),
        )
      : undefined;
    const rows: UnitExportRow[] = await ctx.db
      .select({
        id: units.id,
        serialNo: units.serialNo,
        modelCode: productModels.code,
        modelName: productModels.name,
        status: units.status,
        usage: units.usage,
        customerId: units.customerId,
        customerCode: customers.code,
        customerName: customers.name,
        phone: sql<
          string | null
        >`(select p.number from customer_phones p where p.customer_id = ${units.customerId} order by p.is_primary desc, p.created_at, p.number limit 1)`,
        purchaseDate: units.purchaseDate,
        invoiceNo: units.invoiceNo,
        invoiceDate: units.invoiceDate,
        sellerChannel: units.sellerChannel,
        installedOn: units.installedOn,
        location: units.location,
      })
      .from(units)
      .innerJoin(productModels, eq(productModels.id, units.modelId))
      .innerJoin(customers, eq(customers.id, units.customerId))
      .where(and(where, keyset))
      .orderBy(sql`${units.serialNo} using ~<~`, asc(units.id))
      .limit(PAGE);
    if (rows.length === 0) return;
    const lens = await contactLens(
      ctx.db,
      ctx,
      rows.map((r) => r.customerId),
    );
    yield rows.map((r) => ({ ...r, phone: r.phone ? lens(r.customerId).display(r.phone) : null }));
    if (rows.length < PAGE) return;
    const last: UnitExportRow = rows[rows.length - 1]!;
    after = { serial: last.serialNo, id: last.id };
  }
}

/** The unit list with these filters as an XLSX stream; recorded as an export event first. */
export async function exportUnits(ctx: Ctx, q: UnitExportQuery, opts: { cap?: number } = {}): Promise<ExportFile> {
  requirePermission(ctx.actor, 'customers.read');
  const where = unitFilter(ctx, q);
  const rows = await countUnderCap(ctx, units, where, opts.cap);
  await recordExport(ctx, 'units', q, rows);
  const stream = streamXlsx({
    sheetName: t(ctx.lang, '产品', 'Units'),
    columns: unitColumns(ctx.lang),
    pages: unitPages(ctx, where),
    onError: (err) => ctx.log.error({ err }, 'unit export failed while streaming'),
  });
  return { fileName: `${t(ctx.lang, '产品', 'units')}-${stamp(ctx.now)}.xlsx`, stream, rows };
}
