import { and, count, eq, like, ne, sql } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import {
  assertOrgUnitInScope,
  assertPathInScope,
  requirePermission,
  withinScope,
} from '../../../platform/access/index.js';
import { IDENTITY_CACHE } from '../../../platform/auth/actors.js';
import { invalidateCaches } from '../../../platform/cache/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { appendEvent, diffFields } from '../../../platform/events/index.js';
import { orgUnits, users } from '../../../platform/identity/tables.js';
import { assertVersion, escapeLike, notFound } from '../common.js';
import type { OrgUnitCreate, OrgUnitMove, OrgUnitUpdate, VersionBody } from '../contract.js';
import { childPath, commonPath, parentProblem } from '../rules.js';

export type OrgUnitRow = typeof orgUnits.$inferSelect;

/** Locks a unit of the actor's subtree for a write; others read as not found. */
async function lockUnit(tx: DbLike, ctx: Ctx, id: string): Promise<OrgUnitRow> {
  const [unit] = await tx
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.id, id), withinScope(ctx.actor, orgUnits.path)))
    .for('update');
  if (!unit) throw notFound(ctx, 'org_unit');
  assertPathInScope(ctx.actor, unit.path);
  return unit;
}

/** Codes are unique company-wide; say which field clashes instead of a bare constraint name. */
async function assertCodeFree(tx: DbLike, code: string, exceptId?: string): Promise<void> {
  const [other] = await tx
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(exceptId ? and(eq(orgUnits.code, code), ne(orgUnits.id, exceptId)) : eq(orgUnits.code, code));
  if (other) throw fieldError('code', 'entity.duplicate', { field: 'code', value: code });
}

function invalidParent(reason: string): AppError {
  return fieldError('parentId', 'org.invalid_parent', { reason });
}

/** Creates a center under HQ or an outlet under a center, within the actor's subtree. */
export async function createOrgUnit(ctx: Ctx, input: OrgUnitCreate): Promise<OrgUnitRow> {
  requirePermission(ctx.actor, 'org.manage');
  return ctx.db.transaction(async (tx) => {
    // A new unit is a new dispatch target and holder: the cached lists of units must learn it.
    await invalidateCaches(tx, [IDENTITY_CACHE]);
    await assertOrgUnitInScope(tx, ctx.actor, input.parentId);
    const [parent] = await tx.select().from(orgUnits).where(eq(orgUnits.id, input.parentId)).for('share');
    const problem = parentProblem(input.kind, parent ?? null);
    if (problem) throw invalidParent(problem);
    await assertCodeFree(tx, input.code);
    const id = crypto.randomUUID();
    const [row] = await tx
      .insert(orgUnits)
      .values({ ...input, id, path: childPath(parent!.path, id), createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'org_unit',
      entityId: id,
      action: 'org_unit.created',
      after: row,
      orgPath: row!.path,
    });
    return row!;
  });
}

/** The root unit; only setup calls this, once. */
export async function createHeadquarters(ctx: Ctx, input: { code: string; name: string }): Promise<OrgUnitRow> {
  return ctx.db.transaction(async (tx) => {
    // A new unit is a new dispatch target and holder: the cached lists of units must learn it.
    await invalidateCaches(tx, [IDENTITY_CACHE]);
    const id = crypto.randomUUID();
    const [row] = await tx
      .insert(orgUnits)
      .values({
        id,
        kind: 'hq',
        code: input.code,
        name: input.name,
        path: `${id}/`,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'org_unit',
      entityId: id,
      action: 'org_unit.created',
      after: row,
      orgPath: row!.path,
    });
    return row!;
  });
}

/** Edits a unit's details (not its place in the tree: that is `moveOrgUnit`). */
export async function updateOrgUnit(ctx: Ctx, id: string, input: OrgUnitUpdate): Promise<OrgUnitRow> {
  requirePermission(ctx.actor, 'org.manage');
  return ctx.db.transaction(async (tx) => {
    const before = await lockUnit(tx, ctx, id);
    await assertVersion(tx, ctx, { entity: 'org_unit', entityId: id, ...before }, input.version);
    const { version: _version, ...fields } = input;
    const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<OrgUnitRow>;
    if (Object.keys(diffFields(before, { ...before, ...patch })).length === 0) return before;
    if (patch.code !== undefined && patch.code !== before.code) await assertCodeFree(tx, patch.code, id);
    const [after] = await tx
      .update(orgUnits)
      .set({ ...patch, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(orgUnits.id, id))
      .returning();
    // Cached actors carry their unit's row (its path); any change of a unit drops them.
    await invalidateCaches(tx, [IDENTITY_CACHE]);
    await appendEvent(tx, ctx, {
      entity: 'org_unit',
      entityId: id,
      action: 'org_unit.updated',
      before,
      after,
      orgPath: before.path,
    });
    return after!;
  });
}

/**
 * Moves a unit (with its whole subtree) under another parent of the right kind. Every path in
 * the subtree is rewritten by one UPDATE; people follow because their scope comes from their
 * unit's path. The new parent must lie within the actor's subtree too.
 */
export async function moveOrgUnit(ctx: Ctx, id: string, input: OrgUnitMove): Promise<OrgUnitRow> {
  requirePermission(ctx.actor, 'org.manage');
  return ctx.db.transaction(async (tx) => {
    const unit = await lockUnit(tx, ctx, id);
    await assertVersion(tx, ctx, { entity: 'org_unit', entityId: id, ...unit }, input.version);
    if (unit.parentId === input.parentId) return unit;
    const [parent] = await tx.select().from(orgUnits).where(eq(orgUnits.id, input.parentId)).for('share');
    assertPathInScope(ctx.actor, parent?.path);
    const problem = parentProblem(unit.kind, parent ?? null, unit.path);
    if (problem) throw invalidParent(problem);
    const oldPath = unit.path;
    const newPath = childPath(parent!.path, unit.id);
    await tx
      .update(orgUnits)
      .set({ path: sql`${newPath}::text || substr(${orgUnits.path}, ${oldPath.length + 1}::int)` })
      .where(sql`${orgUnits.path} like ${`${escapeLike(oldPath)}%`}`);
    const [after] = await tx
      .update(orgUnits)
      .set({ parentId: parent!.id, version: unit.version + 1, updatedAt: ctx.now })
      .where(eq(orgUnits.id, id))
      .returning();
    // Everybody in the subtree has a new org path, which is their data scope.
    await invalidateCaches(tx, [IDENTITY_CACHE]);
    await appendEvent(tx, ctx, {
      entity: 'org_unit',
      entityId: id,
      action: 'org_unit.moved',
      before: { parentId: unit.parentId, path: oldPath },
      after: { parentId: after!.parentId, path: after!.path },
      orgPath: commonPath(oldPath, newPath),
    });
    return after!;
  });
}

/** Active sub-units (at any depth) and active people anywhere in the unit's subtree. */
async function activeBelow(tx: DbLike, unit: OrgUnitRow): Promise<{ units: number; users: number }> {
  const inSubtree = like(orgUnits.path, `${escapeLike(unit.path)}%`);
  const [units] = await tx
    .select({ n: count() })
    .from(orgUnits)
    .where(and(inSubtree, ne(orgUnits.id, unit.id), eq(orgUnits.active, true)));
  const [people] = await tx
    .select({ n: count() })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(and(inSubtree, eq(users.active, true)));
  return { units: units?.n ?? 0, users: people?.n ?? 0 };
}

/**
 * Deactivates or re-activates a unit; units are never deleted because orders and history point
 * at them. A unit with active sub-units or people cannot be deactivated, and a unit cannot be
 * activated under an inactive parent, so an active unit always has an active parent.
 */
export async function setOrgUnitActive(ctx: Ctx, id: string, active: boolean, input: VersionBody): Promise<OrgUnitRow> {
  requirePermission(ctx.actor, 'org.manage');
  return ctx.db.transaction(async (tx) => {
    const before = await lockUnit(tx, ctx, id);
    await assertVersion(tx, ctx, { entity: 'org_unit', entityId: id, ...before }, input.version);
    if (before.active === active) return before;
    if (!active) {
      const below = await activeBelow(tx, before);
      if (below.units > 0 || below.users > 0) throw new AppError('org.has_active_children', below);
    } else if (before.parentId) {
      const [parent] = await tx
        .select({ name: orgUnits.name, active: orgUnits.active })
        .from(orgUnits)
        .where(eq(orgUnits.id, before.parentId))
        .for('share');
      if (!parent?.active) throw new AppError('org.inactive', { name: parent?.name ?? '?' });
    }
    const [after] = await tx
      .update(orgUnits)
      .set({ active, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(orgUnits.id, id))
      .returning();
    await invalidateCaches(tx, [IDENTITY_CACHE]);
    await appendEvent(tx, ctx, {
      entity: 'org_unit',
      entityId: id,
      action: active ? 'org_unit.activated' : 'org_unit.deactivated',
      before: { active: before.active },
      after: { active },
      reason: input.reason ?? null,
      orgPath: before.path,
    });
    return after!;
  });
}
