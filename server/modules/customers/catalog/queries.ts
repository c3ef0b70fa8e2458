import { and, asc, count, eq, ilike, like, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbLike } from '../../../db/client.js';
import { hasPermission } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { modelParts, parts, productLines, productModels } from '../tables.js';
import { escapeLike, notFound } from './common.js';
import type {
  BomLine,
  LineListQuery,
  ModelListQuery,
  Part,
  PartDetail,
  PartListQuery,
  ProductLine,
  ProductModel,
  ProductModelDetail,
} from './contract.js';

/*
 * Reads of the catalog. The catalog is company-wide: whoever reads customers or orders may read
 * it (a technician needs the parts list of the model in front of them), with no org scope.
 */

/** Catalog reads need customers.read or orders.read. */
export function assertMayReadCatalog(ctx: Ctx): void {
  if (!hasPermission(ctx.actor, 'customers.read') && !hasPermission(ctx.actor, 'orders.read')) {
    throw new AppError('auth.forbidden', { permission: 'customers.read | orders.read' });
  }
}

/** Code prefix (codes are upper-case) or name prefix, any case. */
function codeOrName(code: AnyPgColumn, name: AnyPgColumn, q: string): SQL {
  const prefix = `${escapeLike(q)}%`;
  return or(like(code, prefix.toUpperCase()), ilike(name, prefix))!;
}

const lineColumns = {
  id: productLines.id,
  code: productLines.code,
  name: productLines.name,
  nameEn: productLines.nameEn,
  category: productLines.category,
  active: productLines.active,
  version: productLines.version,
  // Qualified by hand: drizzle leaves columns unqualified in single-table selects, which a subquery would misread.
  modelCount: sql<number>`(select count(*)::int from product_models m where m.line_id = "product_lines"."id" and m.active)`,
};

export async function listLines(ctx: Ctx, q: LineListQuery): Promise<ProductLine[]> {
  assertMayReadCatalog(ctx);
  const where: SQL[] = [];
  if (q.includeInactive !== 'true') where.push(eq(productLines.active, true));
  if (q.q) where.push(codeOrName(productLines.code, productLines.name, q.q));
  const rows = await ctx.db
    .select(lineColumns)
    .from(productLines)
    .where(and(...where))
    .orderBy(sql`${productLines.code} collate "C"`);
  return rows as ProductLine[];
}

export async function getLine(ctx: Ctx, id: string): Promise<ProductLine> {
  assertMayReadCatalog(ctx);
  const [row] = await ctx.db.select(lineColumns).from(productLines).where(eq(productLines.id, id));
  if (!row) throw notFound(ctx, 'product_line');
  return row as ProductLine;
}

const modelColumns = {
  id: productModels.id,
  lineId: productModels.lineId,
  lineCode: productLines.code,
  lineName: productLines.name,
  code: productModels.code,
  name: productModels.name,
  usageKinds: productModels.usageKinds,
  maintenanceDays: productModels.maintenanceDays,
  maintenanceHours: productModels.maintenanceHours,
  active: productModels.active,
  version: productModels.version,
  partCount: sql<number>`(select count(*)::int from model_parts mp where mp.model_id = "product_models"."id")`,
};

export async function listModels(ctx: Ctx, q: ModelListQuery) {
  assertMayReadCatalog(ctx);
  const where: SQL[] = [];
  if (q.includeInactive !== 'true') where.push(eq(productModels.active, true));
  if (q.lineId) where.push(eq(productModels.lineId, q.lineId));
  if (q.usage) where.push(sql`${productModels.usageKinds} @> ${JSON.stringify([q.usage])}::jsonb`);
  if (q.q) where.push(codeOrName(productModels.code, productModels.name, q.q));
  const filter = and(...where);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select(modelColumns)
      .from(productModels)
      .innerJoin(productLines, eq(productLines.id, productModels.lineId))
      .where(filter)
      .orderBy(sql`${productModels.code} collate "C"`)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(productModels).where(filter),
  ]);
  return { items: rows as ProductModel[], total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** The parts list of a model, main parts first. */
export async function modelBom(db: DbLike, modelId: string): Promise<BomLine[]> {
  return db
    .select({
      partId: parts.id,
      code: parts.code,
      name: parts.name,
      nameEn: parts.nameEn,
      quantity: modelParts.quantity,
      isMain: modelParts.isMain,
      active: parts.active,
    })
    .from(modelParts)
    .innerJoin(parts, eq(parts.id, modelParts.partId))
    .where(eq(modelParts.modelId, modelId))
    .orderBy(sql`${modelParts.isMain} desc`, sql`${parts.code} collate "C"`);
}

/** One model with its line and its parts list. */
export async function getModel(ctx: Ctx, id: string): Promise<ProductModelDetail> {
  assertMayReadCatalog(ctx);
  const [[row], bom] = await Promise.all([
    ctx.db
      .select({ ...modelColumns, lineCategory: productLines.category })
      .from(productModels)
      .innerJoin(productLines, eq(productLines.id, productModels.lineId))
      .where(eq(productModels.id, id)),
    modelBom(ctx.db, id),
  ]);
  if (!row) throw notFound(ctx, 'product_model');
  return { ...(row as Omit<ProductModelDetail, 'parts'>), parts: bom };
}

const partColumns = {
  id: parts.id,
  code: parts.code,
  name: parts.name,
  nameEn: parts.nameEn,
  active: parts.active,
  version: parts.version,
};

export async function listParts(ctx: Ctx, q: PartListQuery) {
  assertMayReadCatalog(ctx);
  const where: SQL[] = [];
  if (q.includeInactive !== 'true') where.push(eq(parts.active, true));
  // Anywhere in code, names and pinyin initials (partSearchKey); rows written before the key
  // existed fall back to code and name until the start-up pass fills them.
  const needle = q.q?.trim().toLowerCase();
  if (needle)
    where.push(
      sql`coalesce(${parts.searchKey}, lower(${parts.code} || ' ' || ${parts.name})) like ${`%${escapeLike(needle)}%`}`,
    );
  const filter = and(...where);
  // Names and codes that start with what was typed come first, then the rest by code.
  const startsFirst = needle
    ? sql`(lower(${parts.code}) like ${`${escapeLike(needle)}%`} or lower(${parts.name}) like ${`${escapeLike(needle)}%`}) desc, `
    : sql``;
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select(partColumns)
      .from(parts)
      .where(filter)
      .orderBy(sql`${startsFirst}${parts.code} collate "C"`)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(parts).where(filter),
  ]);
  return { items: rows satisfies Part[], total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** One part with the models that use it. */
export async function getPart(ctx: Ctx, id: string): Promise<PartDetail> {
  assertMayReadCatalog(ctx);
  const [[row], usedIn] = await Promise.all([
    ctx.db.select(partColumns).from(parts).where(eq(parts.id, id)),
    ctx.db
      .select({
        modelId: productModels.id,
        code: productModels.code,
        name: productModels.name,
        quantity: modelParts.quantity,
        isMain: modelParts.isMain,
      })
      .from(modelParts)
      .innerJoin(productModels, eq(productModels.id, modelParts.modelId))
      .where(eq(modelParts.partId, id))
      .orderBy(asc(productModels.code)),
  ]);
  if (!row) throw notFound(ctx, 'part');
  return { ...row, usedIn };
}

/** A model by its code (any case), for the portal's QR link and imports; null when unknown. */
export async function findModelByCode(db: DbLike, code: string) {
  const [row] = await db
    .select({
      id: productModels.id,
      lineId: productModels.lineId,
      code: productModels.code,
      name: productModels.name,
      usageKinds: productModels.usageKinds,
      active: productModels.active,
    })
    .from(productModels)
    .where(eq(productModels.code, code.trim().toUpperCase()));
  return row ?? null;
}
