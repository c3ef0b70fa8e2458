import { type SQL, sql } from 'drizzle-orm';
import type { DbLike } from '../db/client.js';
import type { Ctx } from '../platform/context.js';
import { appendEvent } from '../platform/events/index.js';
import { findResponsibleUnit } from '../modules/org/index.js';
import { partSearchKey } from '../modules/customers/index.js';
import { DEMO_LINES, DEMO_MODELS, DEMO_PARTS } from './catalog-data.js';
import type { DemoArchive } from './customers-data.js';
import { DemoRandom } from './random.js';

/*
 * Loads the demo catalog and archive in batches: one INSERT … SELECT FROM jsonb_to_recordset per
 * table and batch, all inside the caller's transaction, and one `demo.loaded` event per batch
 * that counts what it added. Per-record commands (one transaction, duplicate check, code lock,
 * read-back and event per customer) would take minutes for 2,000 customers and 3,000 units on
 * PGlite; setup must stay fast. Org paths come from the org module's responsible-unit rule, the
 * same one the customer commands apply.
 */

type Row = Record<string, unknown>;

/** One set-based insert of `rows` (objects keyed by column name) into `table`. */
export async function insertRows(db: DbLike, table: string, columns: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const names = columns
    .split(',')
    .map((c) => c.trim().split(/\s+/)[0])
    .join(', ');
  const query: SQL = sql`insert into ${sql.raw(table)} (${sql.raw(names)})
    select ${sql.raw(names)} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(${sql.raw(columns)})`;
  await db.execute(query);
}

export interface CatalogIds {
  models: Map<string, string>;
}

/** Product lines, parts, models and their parts lists; one event for the batch. */
export async function loadDemoCatalog(
  ctx: Ctx,
): Promise<CatalogIds & { lines: number; parts: number; bomLines: number }> {
  const rnd = new DemoRandom(20_261_101);
  const at = ctx.now.toISOString();
  const lineIds = new Map(DEMO_LINES.map((l) => [l.code, rnd.uuid()]));
  const partIds = new Map(DEMO_PARTS.map((p) => [p.code, rnd.uuid()]));
  const modelIds = new Map(DEMO_MODELS.map((m) => [m.code, rnd.uuid()]));
  const stamp = { created_at: at, updated_at: at };
  await insertRows(
    ctx.db,
    'product_lines',
    'id uuid, code text, name text, name_en text, category text, created_at timestamptz, updated_at timestamptz',
    DEMO_LINES.map((l) => ({
      id: lineIds.get(l.code),
      code: l.code,
      name: l.name,
      name_en: l.nameEn,
      category: l.category,
      ...stamp,
    })),
  );
  await insertRows(
    ctx.db,
    'parts',
    'id uuid, code text, name text, name_en text, search_key text, created_at timestamptz, updated_at timestamptz',
    DEMO_PARTS.map((p) => ({
      id: partIds.get(p.code),
      code: p.code,
      name: p.name,
      name_en: p.nameEn,
      search_key: partSearchKey(p),
      ...stamp,
    })),
  );
  await insertRows(
    ctx.db,
    'product_models',
    'id uuid, line_id uuid, code text, name text, usage_kinds jsonb, maintenance_days int, maintenance_hours int, created_at timestamptz, updated_at timestamptz',
    DEMO_MODELS.map((m) => ({
      id: modelIds.get(m.code),
      line_id: lineIds.get(m.line),
      code: m.code,
      name: m.name,
      usage_kinds: m.usageKinds,
      maintenance_days: m.maintenanceDays,
      maintenance_hours: m.maintenanceHours,
      ...stamp,
    })),
  );
  const bom = DEMO_MODELS.flatMap((m) =>
    m.bom.map(([part, quantity, isMain]) => ({
      model_id: modelIds.get(m.code),
      part_id: partIds.get(part),
      quantity,
      is_main: isMain,
    })),
  );
  await insertRows(ctx.db, 'model_parts', 'model_id uuid, part_id uuid, quantity int, is_main boolean', bom);
  const counts = {
    lines: DEMO_LINES.length,
    models: DEMO_MODELS.length,
    parts: DEMO_PARTS.length,
    bomLines: bom.length,
  };
  await appendEvent(ctx.db, ctx, { entity: 'demo', entityId: 'catalog', action: 'demo.loaded', after: counts });
  return { models: modelIds, lines: counts.lines, parts: counts.parts, bomLines: counts.bomLines };
}

/**
 * Customers with their phones and addresses, and their units, one batch per responsible org unit
 * (the outlet serving the primary address): the batch's event carries that unit's org path, so
 * the outlet sees it in its audit trail like the records themselves.
 */
export async function loadDemoArchive(
  ctx: Ctx,
  archive: DemoArchive,
  catalog: CatalogIds,
): Promise<{ customers: number; units: number }> {
  const paths = new Map<string, string>();
  const pathOf = async (a: { provinceCode: string; cityCode: string; districtCode: string }) => {
    const key = `${a.provinceCode}/${a.cityCode}/${a.districtCode}`;
    let path = paths.get(key);
    if (!path) {
      path = (await findResponsibleUnit(ctx.db, a)).path;
      paths.set(key, path);
    }
    return path;
  };
  const batches = new Map<string, DemoArchive>();
  const customerPath = new Map<string, string>();
  for (const c of archive.customers) {
    const path = await pathOf(c.addresses[0]!);
    customerPath.set(c.id, path);
    const batch = batches.get(path) ?? { customers: [], units: [] };
    batch.customers.push(c);
    batches.set(path, batch);
  }
  for (const u of archive.units) batches.get(customerPath.get(u.customerId)!)!.units.push(u);

  for (const [orgPath, batch] of batches) {
    await insertRows(
      ctx.db,
      'customers',
      `id uuid, code text, kind text, name text, company_name text, email text, wechat_id text, tags jsonb, notes text,
       preferred_contact_time text, consent_messages boolean, org_path text, first_contact_at timestamptz,
       created_at timestamptz, updated_at timestamptz`,
      batch.customers.map((c) => ({
        id: c.id,
        code: c.code,
        kind: c.kind,
        name: c.name,
        company_name: c.companyName,
        email: c.email,
        wechat_id: c.wechatId,
        tags: c.tags,
        notes: c.notes,
        preferred_contact_time: c.preferredContactTime,
        consent_messages: c.consentMessages,
        org_path: orgPath,
        first_contact_at: c.createdAt.toISOString(),
        created_at: c.createdAt.toISOString(),
        updated_at: c.createdAt.toISOString(),
      })),
    );
    await insertRows(
      ctx.db,
      'customer_phones',
      'customer_id uuid, number text, kind text, extension text, is_primary boolean, label text, created_at timestamptz',
      batch.customers.flatMap((c) =>
        c.phones.map((p) => ({
          customer_id: c.id,
          number: p.number,
          kind: p.kind,
          extension: p.extension,
          is_primary: p.isPrimary,
          label: p.label,
          created_at: c.createdAt.toISOString(),
        })),
      ),
    );
    await insertRows(
      ctx.db,
      'customer_addresses',
      `id uuid, customer_id uuid, province_code text, city_code text, district_code text, detail text,
       lat double precision, lng double precision, is_primary boolean, label text, created_at timestamptz`,
      batch.customers.flatMap((c) =>
        c.addresses.map((a) => ({
          id: a.id,
          customer_id: c.id,
          province_code: a.provinceCode,
          city_code: a.cityCode,
          district_code: a.districtCode,
          detail: a.detail,
          lat: a.lat,
          lng: a.lng,
          is_primary: a.isPrimary,
          label: a.label,
          created_at: c.createdAt.toISOString(),
        })),
      ),
    );
    await insertRows(
      ctx.db,
      'units',
      `id uuid, model_id uuid, serial_no text, customer_id uuid, usage text, purchase_date date, invoice_no text,
       invoice_date date, seller_channel text, installed_on date, accepted_on date, address_id uuid, location text,
       status text, org_path text, created_at timestamptz, updated_at timestamptz`,
      batch.units.map((u) => ({
        id: u.id,
        model_id: catalog.models.get(u.modelCode),
        serial_no: u.serialNo,
        customer_id: u.customerId,
        usage: u.usage,
        purchase_date: u.purchaseDate,
        invoice_no: u.invoiceNo,
        invoice_date: u.invoiceDate,
        seller_channel: u.sellerChannel,
        installed_on: u.installedOn,
        accepted_on: u.acceptedOn,
        address_id: u.addressId,
        location: u.location,
        status: u.status,
        org_path: orgPath,
        created_at: u.createdAt.toISOString(),
        updated_at: u.createdAt.toISOString(),
      })),
    );
    await appendEvent(ctx.db, ctx, {
      entity: 'demo',
      entityId: `archive:${orgPath}`,
      action: 'demo.loaded',
      after: { customers: batch.customers.length, units: batch.units.length },
      orgPath,
    });
  }
  return { customers: archive.customers.length, units: archive.units.length };
}
