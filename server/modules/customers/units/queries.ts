import { and, asc, count, desc, eq, isNull, like, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbLike } from '../../../db/client.js';
import { unitReadable } from '../access.js';
import type { Ctx } from '../../../platform/context.js';
import { events } from '../../../platform/events/index.js';
import { escapeLike, notFound } from '../catalog/common.js';
import { customerAddresses, customers, productLines, productModels, units } from '../tables.js';
import type { UnitDetail, UnitLabel, UnitListItem, UnitListQuery, UnitPage } from './contract.js';
import { contactLens } from '../contact.js';
import { maskName, normaliseSerial, portalReportUrl } from './rules.js';

/*
 * Reads of the installed base. Every query but the portal's filters by the actor's subtree on
 * units.org_path (the owning customer's area), so other branches' units never show and read as 404.
 */

/** Lists count at most this many matches; a page says when there are more. */
const COUNT_CAP = 10_000;

const listColumns = {
  id: units.id,
  serialNo: units.serialNo,
  status: units.status,
  usage: units.usage,
  modelId: units.modelId,
  modelCode: productModels.code,
  modelName: productModels.name,
  customerId: units.customerId,
  customerName: customers.name,
  purchaseDate: units.purchaseDate,
  installedOn: units.installedOn,
  version: units.version,
};

/*
 * Serial order by bytes (`~<~`), the order units_serial_idx (text_pattern_ops) keeps: a serial
 * prefix search and an unfiltered page read the index in order and stop after one page, with no
 * sort of the whole table (designed for 2M units).
 */
const serialOrder = [sql`${units.serialNo} using ~<~`, asc(units.id)];

function listRows(db: DbLike, where: SQL | undefined) {
  return db
    .select(listColumns)
    .from(units)
    .innerJoin(productModels, eq(productModels.id, units.modelId))
    .innerJoin(customers, eq(customers.id, units.customerId))
    .where(where)
    .orderBy(...serialOrder);
}

/** Units of the actor's subtree: by serial (exact or beginning), customer, model, status; paged. */
export async function listUnits(ctx: Ctx, q: UnitListQuery): Promise<UnitPage> {
  const where: SQL[] = [unitReadable(ctx.actor, units.customerId, units.orgPath)];
  if (q.q) {
    const serial = normaliseSerial(q.q);
    if (serial) where.push(like(units.serialNo, `${escapeLike(serial)}%`));
  }
  if (q.customerId) where.push(eq(units.customerId, q.customerId));
  if (q.modelId) where.push(eq(units.modelId, q.modelId));
  if (q.status) where.push(eq(units.status, q.status));
  const filter = and(...where);
  const matches = ctx.db
    .select({ one: sql`1` })
    .from(units)
    .where(filter)
    .limit(COUNT_CAP + 1)
    .as('matches');
  const [items, [counted]] = await Promise.all([
    listRows(ctx.db, filter)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(matches),
  ]);
  const n = counted?.n ?? 0;
  return {
    items: items as UnitListItem[],
    total: Math.min(n, COUNT_CAP),
    totalCapped: n > COUNT_CAP,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Units with exactly this serial (normalised) in the actor's subtree; several models may share one. */
export async function findUnitBySerial(ctx: Ctx, serial: string, modelId?: string): Promise<UnitListItem[]> {
  const where = [unitReadable(ctx.actor, units.customerId, units.orgPath), eq(units.serialNo, normaliseSerial(serial))];
  if (modelId) where.push(eq(units.modelId, modelId));
  return (await listRows(ctx.db, and(...where)).limit(50)) as UnitListItem[];
}

/** As findUnitBySerial, for the API: nothing found is the same 404 as any unit out of reach. */
export async function getUnitsBySerial(ctx: Ctx, serial: string, modelId?: string): Promise<UnitListItem[]> {
  const found = await findUnitBySerial(ctx, serial, modelId);
  if (found.length === 0) throw notFound(ctx, 'unit');
  return found;
}

/** Every unit of a customer the actor may see, for the customer card and the intake desk. */
export async function listUnitsOfCustomer(ctx: Ctx, customerId: string): Promise<UnitListItem[]> {
  const rows = await listRows(
    ctx.db,
    and(unitReadable(ctx.actor, units.customerId, units.orgPath), eq(units.customerId, customerId)),
  );
  return rows as UnitListItem[];
}

const prev = alias(units, 'prev_unit');
const prevModel = alias(productModels, 'prev_model');
const next = alias(units, 'next_unit');
const nextModel = alias(productModels, 'next_model');

/** The audit events of one unit, newest first (later issues add its orders). */
async function unitHistory(db: DbLike, id: string) {
  const rows = await db
    .select({
      id: events.id,
      at: events.at,
      actorName: events.actorName,
      action: events.action,
      changes: events.changes,
      reason: events.reason,
    })
    .from(events)
    .where(and(eq(events.entity, 'unit'), eq(events.entityId, id)))
    .orderBy(desc(events.id))
    .limit(200);
  return rows.map((e) => ({ ...e, at: e.at.toISOString() }));
}

/** One unit with its model, line, owner, address, replacement chain and history. */
export async function getUnit(ctx: Ctx, id: string): Promise<UnitDetail> {
  const [[row], history] = await Promise.all([
    ctx.db
      .select({
        unit: {
          id: units.id,
          serialNo: units.serialNo,
          status: units.status,
          usage: units.usage,
          purchaseDate: units.purchaseDate,
          invoiceNo: units.invoiceNo,
          invoiceDate: units.invoiceDate,
          purchasePriceFen: units.purchasePriceFen,
          sellerChannel: units.sellerChannel,
          installedOn: units.installedOn,
          acceptedOn: units.acceptedOn,
          location: units.location,
          orgPath: units.orgPath,
          version: units.version,
          createdAt: units.createdAt,
        },
        model: {
          id: productModels.id,
          code: productModels.code,
          name: productModels.name,
          usageKinds: productModels.usageKinds,
          maintenanceDays: productModels.maintenanceDays,
          maintenanceHours: productModels.maintenanceHours,
        },
        line: {
          id: productLines.id,
          code: productLines.code,
          name: productLines.name,
          category: productLines.category,
        },
        customer: {
          id: customers.id,
          code: customers.code,
          name: customers.name,
          kind: customers.kind,
          active: customers.active,
        },
        address: {
          id: customerAddresses.id,
          provinceCode: customerAddresses.provinceCode,
          cityCode: customerAddresses.cityCode,
          districtCode: customerAddresses.districtCode,
          detail: customerAddresses.detail,
        },
        replaces: { id: prev.id, serialNo: prev.serialNo, modelCode: prevModel.code, status: prev.status },
        replacedBy: { id: next.id, serialNo: next.serialNo, modelCode: nextModel.code, status: next.status },
      })
      .from(units)
      .innerJoin(productModels, eq(productModels.id, units.modelId))
      .innerJoin(productLines, eq(productLines.id, productModels.lineId))
      .innerJoin(customers, eq(customers.id, units.customerId))
      .leftJoin(customerAddresses, eq(customerAddresses.id, units.addressId))
      // The chain shows only links the actor may see, like every other read.
      .leftJoin(prev, and(eq(prev.id, units.replacesId), unitReadable(ctx.actor, prev.customerId, prev.orgPath)))
      .leftJoin(prevModel, eq(prevModel.id, prev.modelId))
      .leftJoin(next, and(eq(next.id, units.replacedById), unitReadable(ctx.actor, next.customerId, next.orgPath)))
      .leftJoin(nextModel, eq(nextModel.id, next.modelId))
      .where(and(eq(units.id, id), unitReadable(ctx.actor, units.customerId, units.orgPath))),
    unitHistory(ctx.db, id),
  ]);
  if (!row) throw notFound(ctx, 'unit');
  // The street shows as the owner's archive shows it to this reader (contact.ts).
  const mask = (await contactLens(ctx.db, ctx, [row.customer.id]))(row.customer.id);
  return {
    ...row.unit,
    createdAt: row.unit.createdAt.toISOString(),
    model: row.model,
    line: row.line as UnitDetail['line'],
    customer: row.customer,
    address: row.address?.id ? { ...row.address, detail: mask.detail(row.address.detail) } : row.address,
    replaces: row.replaces?.id ? (row.replaces as UnitDetail['replaces']) : null,
    replacedBy: row.replacedBy?.id ? (row.replacedBy as UnitDetail['replacedBy']) : null,
    history,
  };
}

/** What a unit's printed QR label shows; the owner's name masked, since labels sit on the product. */
export async function getUnitLabel(ctx: Ctx, id: string, origin: string): Promise<UnitLabel> {
  const [row] = await ctx.db
    .select({ serial: units.serialNo, model: productModels.code, customerName: customers.name })
    .from(units)
    .innerJoin(productModels, eq(productModels.id, units.modelId))
    .innerJoin(customers, eq(customers.id, units.customerId))
    .where(and(eq(units.id, id), unitReadable(ctx.actor, units.customerId, units.orgPath)));
  if (!row) throw notFound(ctx, 'unit');
  return {
    url: portalReportUrl(origin, row.model, row.serial),
    model: row.model,
    serial: row.serial,
    customerNameMasked: maskName(row.customerName),
  };
}

export interface PortalUnit {
  unitId: string;
  modelCode: string;
  modelName: string;
  serialNo: string;
  status: UnitListItem['status'];
  customerId: string;
  /** The owner's numbers, to check the one a visitor verifies against; never shown to the visitor. */
  phones: string[];
}

/**
 * The unit a visitor of the public portal names by serial (and model code, from the QR label).
 * Unscoped, because the portal has no signed-in user: it returns only what verification needs.
 * Null when nothing matches, or when several models share the serial and no model code says
 * which (the portal then asks for the model).
 */
export async function findUnitForPortal(
  db: DbLike,
  input: { modelCode?: string | null; serial: string },
): Promise<PortalUnit | null> {
  const where = [eq(units.serialNo, normaliseSerial(input.serial)), isNull(customers.mergedIntoId)];
  if (input.modelCode) where.push(eq(productModels.code, input.modelCode.trim().toUpperCase()));
  const rows = await db
    .select({
      unitId: units.id,
      modelCode: productModels.code,
      modelName: productModels.name,
      serialNo: units.serialNo,
      status: units.status,
      customerId: units.customerId,
      phones: sql<
        string[]
      >`array(select p.number from customer_phones p where p.customer_id = "units"."customer_id" order by p.is_primary desc, p.number)`,
    })
    .from(units)
    .innerJoin(productModels, eq(productModels.id, units.modelId))
    .innerJoin(customers, eq(customers.id, units.customerId))
    .where(and(...where))
    .limit(2);
  return rows.length === 1 ? rows[0]! : null;
}
