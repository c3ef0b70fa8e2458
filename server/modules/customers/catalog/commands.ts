import { and, count, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import { requirePermission } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { appendEvent, diffFields } from '../../../platform/events/index.js';
import { modelParts, parts, productLines, productModels } from '../tables.js';
import { assertVersion, definedFields, notFound } from './common.js';
import type {
  BomReplace,
  LineCreate,
  LineUpdate,
  ModelCreate,
  ModelUpdate,
  PartCreate,
  PartUpdate,
  VersionBody,
} from './contract.js';
import { bomProblems, partSearchKey, sortBom } from './rules.js';

/*
 * Writes of the product catalog: one transaction each, audited with a company-wide event (no
 * org path). Records are deactivated, never deleted, because units and orders point at them.
 */

export type LineRow = typeof productLines.$inferSelect;
export type ModelRow = typeof productModels.$inferSelect;
export type PartRow = typeof parts.$inferSelect;

type CodeTable = typeof productLines | typeof productModels | typeof parts;

/** Codes are unique; say which field clashes instead of a bare constraint name. */
async function assertCodeFree(tx: DbLike, table: CodeTable, code: string, exceptId?: string): Promise<void> {
  const same = eq(table.code, code);
  const [other] = await tx
    .select({ id: table.id })
    .from(table)
    .where(exceptId ? and(same, ne(table.id, exceptId)) : same);
  if (other) throw fieldError('code', 'entity.duplicate', { field: 'code', value: code });
}

/** The line a model goes under: it must exist and be active. */
async function activeLine(tx: DbLike, lineId: string): Promise<LineRow> {
  const [line] = await tx.select().from(productLines).where(eq(productLines.id, lineId)).for('share');
  if (!line) throw fieldError('lineId', 'catalog.unknown_line');
  if (!line.active) throw fieldError('lineId', 'catalog.inactive', { name: line.name });
  return line;
}

// Product lines

export async function createLine(ctx: Ctx, input: LineCreate): Promise<LineRow> {
  requirePermission(ctx.actor, 'catalog.manage');
  return ctx.db.transaction(async (tx) => {
    await assertCodeFree(tx, productLines, input.code);
    const [row] = await tx
      .insert(productLines)
      .values({ ...input, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'product_line',
      entityId: row!.id,
      action: 'product_line.created',
      after: row,
    });
    return row!;
  });
}

async function lockLine(tx: DbLike, ctx: Ctx, id: string): Promise<LineRow> {
  const [row] = await tx.select().from(productLines).where(eq(productLines.id, id)).for('update');
  if (!row) throw notFound(ctx, 'product_line');
  return row;
}

export async function updateLine(ctx: Ctx, id: string, input: LineUpdate): Promise<LineRow> {
  requirePermission(ctx.actor, 'catalog.manage');
  return ctx.db.transaction(async (tx) => {
    const before = await lockLine(tx, ctx, id);
    await assertVersion(tx, ctx, { entity: 'product_line', entityId: id, ...before }, input.version);
    const { version: _v, ...fields } = input;
    const patch = definedFields(fields);
    if (Object.keys(diffFields(before, { ...before, ...patch })).length === 0) return before;
    if (patch.code !== undefined && patch.code !== before.code) await assertCodeFree(tx, productLines, patch.code, id);
    const [after] = await tx
      .update(productLines)
      .set({ ...patch, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(productLines.id, id))
      .returning();
    await appendEvent(tx, ctx, { entity: 'product_line', entityId: id, action: 'product_line.updated', before, after });
    return after!;
  });
}

/** A line with active models cannot be deactivated: deactivate (or move) its models first. */
export async function setLineActive(ctx: Ctx, id: string, active: boolean, input: VersionBody): Promise<LineRow> {
  requirePermission(ctx.actor, 'catalog.manage');
  return ctx.db.transaction(async (tx) => {
    const before = await lockLine(tx, ctx, id);
    await assertVersion(tx, ctx, { entity: 'product_line', entityId: id, ...before }, input.version);
    if (before.active === active) return before;
    if (!active) {
      const [models] = await tx
        .select({ n: count() })
        .from(productModels)
        .where(and(eq(productModels.lineId, id), eq(productModels.active, true)));
      if ((models?.n ?? 0) > 0) throw new AppError('catalog.line_has_active_models', { count: models!.n });
    }
    const [after] = await tx
      .update(productLines)
      .set({ active, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(productLines.id, id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'product_line',
      entityId: id,
      action: active ? 'product_line.activated' : 'product_line.deactivated',
      before: { active: before.active },
      after: { active },
      reason: input.reason ?? null,
    });
    return after!;
  });
}

// Models

export async function createModel(ctx: Ctx, input: ModelCreate): Promise<ModelRow> {
  requirePermission(ctx.actor, 'catalog.manage');
  return ctx.db.transaction(async (tx) => {
    await activeLine(tx, input.lineId);
    await assertCodeFree(tx, productModels, input.code);
    const [row] = await tx
      .insert(productModels)
      .values({ ...input, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'product_model',
      entityId: row!.id,
      action: 'product_model.created',
      after: row,
    });
    return row!;
  });
}

async function lockModel(tx: DbLike, ctx: Ctx, id: string): Promise<ModelRow> {
  const [row] = await tx.select().from(productModels).where(eq(productModels.id, id)).for('update');
  if (!row) throw notFound(ctx, 'product_model');
  return row;
}

/**
 * Edits a model. Narrowing its usage kinds leaves units already registered as they are: the rule
 * applies when a unit is registered (DOMAIN.md, 三包: the usage fixes the warranty periods).
 */
export async function updateModel(ctx: Ctx, id: string, input: ModelUpdate): Promise<ModelRow> {
  requirePermission(ctx.actor, 'catalog.manage');
  return ctx.db.transaction(async (tx) => {
    const before = await lockModel(tx, ctx, id);
    await assertVersion(tx, ctx, { entity: 'product_model', entityId: id, ...before }, input.version);
    const { version: _v, ...fields } = input;
    const patch = definedFields(fields);
    if (Object.keys(diffFields(before, { ...before, ...patch })).length === 0) return before;
    if (patch.lineId !== undefined && patch.lineId !== before.lineId) await activeLine(tx, patch.lineId);
    if (patch.code !== undefined && patch.code !== before.code) await assertCodeFree(tx, productModels, patch.code, id);
    const [after] = await tx
      .update(productModels)
      .set({ ...patch, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(productModels.id, id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'product_model',
      entityId: id,
      action: 'product_model.updated',
      before,
      after,
    });
    return after!;
  });
}

export async function setModelActive(ctx: Ctx, id: string, active: boolean, input: VersionBody): Promise<ModelRow> {
  requirePermission(ctx.actor, 'catalog.manage');
  return ctx.db.transaction(async (tx) => {
    const before = await lockModel(tx, ctx, id);
    await assertVersion(tx, ctx, { entity: 'product_model', entityId: id, ...before }, input.version);
    if (before.active === active) return before;
    // An active model always sits under an active line.
    if (active) await activeLine(tx, before.lineId);
    const [after] = await tx
      .update(productModels)
      .set({ active, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(productModels.id, id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'product_model',
      entityId: id,
      action: active ? 'product_model.activated' : 'product_model.deactivated',
      before: { active: before.active },
      after: { active },
      reason: input.reason ?? null,
    });
    return after!;
  });
}

/**
 * Replaces a model's parts list (BOM) as a whole. The list is part of the model record: it bumps
 * the model's version and the event holds the list before and after.
 */
export async function replaceBom(ctx: Ctx, id: string, input: BomReplace): Promise<ModelRow> {
  requirePermission(ctx.actor, 'catalog.manage');
  return ctx.db.transaction(async (tx) => {
    const model = await lockModel(tx, ctx, id);
    await assertVersion(tx, ctx, { entity: 'product_model', entityId: id, ...model }, input.version);
    const current = await tx
      .select({ partId: modelParts.partId, quantity: modelParts.quantity, isMain: modelParts.isMain })
      .from(modelParts)
      .where(eq(modelParts.modelId, id));
    const ids = [...new Set(input.items.map((i) => i.partId))];
    const known = ids.length
      ? await tx.select({ id: parts.id, active: parts.active }).from(parts).where(inArray(parts.id, ids)).for('share')
      : [];
    const problems = bomProblems(
      input.items,
      new Map(known.map((p) => [p.id, p])),
      new Set(current.map((c) => c.partId)),
    );
    if (problems.length > 0) {
      throw new AppError(
        problems[0]!.code,
        {},
        problems.map((p) => ({ path: `items.${p.index}.partId`, code: p.code, message: '' })),
      );
    }
    const next = sortBom(input.items.map((i) => ({ partId: i.partId, quantity: i.quantity, isMain: i.isMain })));
    const before = { bom: sortBom(current) };
    const after = { bom: next };
    if (Object.keys(diffFields(before, after)).length === 0) return model;
    await tx.delete(modelParts).where(eq(modelParts.modelId, id));
    if (next.length) await tx.insert(modelParts).values(next.map((i) => ({ ...i, modelId: id })));
    const [row] = await tx
      .update(productModels)
      .set({ version: model.version + 1, updatedAt: ctx.now })
      .where(eq(productModels.id, id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'product_model',
      entityId: id,
      action: 'product_model.bom_replaced',
      before,
      after,
    });
    return row!;
  });
}

// Parts

export async function createPart(ctx: Ctx, input: PartCreate): Promise<PartRow> {
  requirePermission(ctx.actor, 'catalog.manage');
  return ctx.db.transaction(async (tx) => {
    await assertCodeFree(tx, parts, input.code);
    const [row] = await tx
      .insert(parts)
      .values({ ...input, searchKey: partSearchKey(input), createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    await appendEvent(tx, ctx, { entity: 'part', entityId: row!.id, action: 'part.created', after: row });
    return row!;
  });
}

async function lockPart(tx: DbLike, ctx: Ctx, id: string): Promise<PartRow> {
  const [row] = await tx.select().from(parts).where(eq(parts.id, id)).for('update');
  if (!row) throw notFound(ctx, 'part');
  return row;
}

export async function updatePart(ctx: Ctx, id: string, input: PartUpdate): Promise<PartRow> {
  requirePermission(ctx.actor, 'catalog.manage');
  return ctx.db.transaction(async (tx) => {
    const before = await lockPart(tx, ctx, id);
    await assertVersion(tx, ctx, { entity: 'part', entityId: id, ...before }, input.version);
    const { version: _v, ...fields } = input;
    const patch = definedFields(fields);
    if (Object.keys(diffFields(before, { ...before, ...patch })).length === 0) return before;
    if (patch.code !== undefined && patch.code !== before.code) await assertCodeFree(tx, parts, patch.code, id);
    const [after] = await tx
      .update(parts)
      .set({
        ...patch,
        searchKey: partSearchKey({ ...before, ...patch }),
        version: before.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(parts.id, id))
      .returning();
    await appendEvent(tx, ctx, { entity: 'part', entityId: id, action: 'part.updated', before, after });
    return after!;
  });
}

/** A deactivated part stays on the lists that hold it but cannot be added to another. */
export async function setPartActive(ctx: Ctx, id: string, active: boolean, input: VersionBody): Promise<PartRow> {
  requirePermission(ctx.actor, 'catalog.manage');
  return ctx.db.transaction(async (tx) => {
    const before = await lockPart(tx, ctx, id);
    await assertVersion(tx, ctx, { entity: 'part', entityId: id, ...before }, input.version);
    if (before.active === active) return before;
    const [after] = await tx
      .update(parts)
      .set({ active, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(parts.id, id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'part',
      entityId: id,
      action: active ? 'part.activated' : 'part.deactivated',
      before: { active: before.active },
      after: { active },
      reason: input.reason ?? null,
    });
    return after!;
  });
}

/**
 * Fills the search key of parts written before it existed (once, at start; a no-op afterwards).
 * The key needs pinyin, which SQL lacks, so a migration cannot compute it.
 */
export async function ensureCatalogSearchKeys(db: DbLike): Promise<number> {
  const stale = await db
    .select({ id: parts.id, code: parts.code, name: parts.name, nameEn: parts.nameEn })
    .from(parts)
    .where(isNull(parts.searchKey));
  for (const p of stale)
    await db
      .update(parts)
      .set({ searchKey: partSearchKey(p) })
      .where(eq(parts.id, p.id));
  return stale.length;
}
