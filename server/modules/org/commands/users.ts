import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Permission } from '../../../../shared/permissions.js';
import type { DbLike } from '../../../db/client.js';
import {
  type Actor,
  assertOrgUnitInScope,
  assertPathInScope,
  hasPermission,
  requirePermission,
  withinScope,
} from '../../../platform/access/index.js';
import { IDENTITY_CACHE } from '../../../platform/auth/actors.js';
import { clearSignInLimits, lockedUntilSql } from '../../../platform/auth/login.js';
import { checkPasswordRules, hashPassword } from '../../../platform/auth/passwords.js';
import { invalidateCaches } from '../../../platform/cache/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { appendEvent, diffFields } from '../../../platform/events/index.js';
import { orgUnits, rolePermissions, sessions, userRoles, users } from '../../../platform/identity/tables.js';
import { assertVersion, notFound } from '../common.js';
import type { ResetPasswordBody, UserCreate, UserUpdate, VersionBody } from '../contract.js';
import { commonPath, normaliseCodes } from '../rules.js';

export type UserRow = typeof users.$inferSelect;

/**
 * Nobody hands out more than they hold: every permission of every granted role must be the
 * actor's own (an outlet manager may create technicians, not administrators).
 */
export async function assertMayGrantRoles(db: DbLike, actor: Actor, roles: string[], field = 'roles'): Promise<void> {
  if (roles.length === 0) return;
  const rows = await db
    .select({ role: rolePermissions.roleCode, permission: rolePermissions.permission })
    .from(rolePermissions)
    .where(inArray(rolePermissions.roleCode, roles));
  for (const r of rows) {
    if (!hasPermission(actor, r.permission as Permission)) {
      throw fieldError(field, 'role.exceeds_own', { role: r.role, permission: r.permission });
    }
  }
}

/**
 * Nor does anybody manage an account that holds more than they do: otherwise an outlet manager
 * could reset the password of an administrator placed at the outlet and sign in as them.
 */
async function assertMayManageUser(db: DbLike, actor: Actor, userId: string): Promise<void> {
  const rows = await db
    .select({ role: userRoles.roleCode, permission: rolePermissions.permission })
    .from(userRoles)
    .innerJoin(rolePermissions, eq(rolePermissions.roleCode, userRoles.roleCode))
    .where(eq(userRoles.userId, userId));
  const over = rows.find((r) => !hasPermission(actor, r.permission as Permission));
  if (over) throw new AppError('user.exceeds_own', { role: over.role, permission: over.permission });
}

/** Usernames (any case) and mobile numbers both sign people in, so each belongs to one person. */
async function assertIdentityFree(db: DbLike, input: { username?: string; mobile?: string | null }, exceptId?: string) {
  const others = exceptId ? ne(users.id, exceptId) : undefined;
  if (input.username !== undefined) {
    const [other] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(sql`lower(${users.username}) = lower(${input.username})`, others));
    if (other) throw fieldError('username', 'entity.duplicate', { field: 'username', value: input.username });
  }
  if (input.mobile) {
    const [other] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.mobile, input.mobile), others));
    if (other) throw fieldError('mobile', 'entity.duplicate', { field: 'mobile', value: input.mobile });
  }
}

async function roleCodesOf(db: DbLike, userId: string): Promise<string[]> {
  const rows = await db.select({ code: userRoles.roleCode }).from(userRoles).where(eq(userRoles.userId, userId));
  return normaliseCodes(rows.map((r) => r.code));
}

/** Locks a person of the actor's subtree for a write; others read as not found. */
async function lockUser(tx: DbLike, ctx: Ctx, id: string): Promise<{ user: UserRow; unitPath: string }> {
  const [row] = await tx
    .select({ user: users, unitPath: orgUnits.path })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(and(eq(users.id, id), withinScope(ctx.actor, orgUnits.path)))
    .for('update', { of: users });
  if (!row) throw notFound(ctx, 'user');
  assertPathInScope(ctx.actor, row.unitPath);
  return row;
}

export interface CreateUserOptions {
  /** A ready argon2id hash (demo data hashes its one documented password once). */
  passwordHash?: string;
}

/** Creates a person in a unit of the actor's subtree, with roles the actor may grant. */
export async function createUser(ctx: Ctx, input: UserCreate, opts: CreateUserOptions = {}): Promise<UserRow> {
  requirePermission(ctx.actor, 'users.manage');
  if (!opts.passwordHash) checkPasswordRules(input.password, 'password');
  const passwordHash = opts.passwordHash ?? (await hashPassword(input.password));
  return ctx.db.transaction(async (tx) => {
    const unit = await assertOrgUnitInScope(tx, ctx.actor, input.orgUnitId);
    if (!unit.active) throw fieldError('orgUnitId', 'org.inactive', { name: unit.name });
    await assertMayGrantRoles(tx, ctx.actor, input.roles);
    await assertIdentityFree(tx, input);
    const { password: _password, roles: granted, ...fields } = input;
    const roles = normaliseCodes(granted);
    const [row] = await tx
      .insert(users)
      .values({ ...fields, passwordHash, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    if (!row) throw new AppError('internal', { requestId: ctx.requestId });
    await tx.insert(userRoles).values(roles.map((roleCode) => ({ userId: row.id, roleCode })));
    await appendEvent(tx, ctx, {
      entity: 'user',
      entityId: row.id,
      action: 'user.created',
      after: { ...row, roles },
      orgPath: unit.path,
    });
    return row;
  });
}

/**
 * Edits a person: details, unit (within the actor's subtree, active) and roles (only ones the
 * actor may grant). A move between units is logged at the deepest unit above both, so neither
 * side's outlet learns about the other.
 */
export async function updateUser(ctx: Ctx, id: string, input: UserUpdate): Promise<UserRow> {
  requirePermission(ctx.actor, 'users.manage');
  return ctx.db.transaction(async (tx) => {
    const { user: before, unitPath } = await lockUser(tx, ctx, id);
    await assertVersion(tx, ctx, { entity: 'user', entityId: id, ...before }, input.version);
    await assertMayManageUser(tx, ctx.actor, id);
    let newPath = unitPath;
    if (input.orgUnitId !== undefined && input.orgUnitId !== before.orgUnitId) {
      const unit = await assertOrgUnitInScope(tx, ctx.actor, input.orgUnitId);
      if (!unit.active) throw fieldError('orgUnitId', 'org.inactive', { name: unit.name });
      newPath = unit.path;
    }
    const rolesBefore = await roleCodesOf(tx, id);
    const rolesAfter = input.roles ? normaliseCodes(input.roles) : rolesBefore;
    const rolesChanged = rolesAfter.join() !== rolesBefore.join();
    if (rolesChanged) await assertMayGrantRoles(tx, ctx.actor, rolesAfter);
    const { version: _version, roles: _roles, ...fields } = input;
    const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<UserRow>;
    if (patch.mobile !== undefined && patch.mobile !== before.mobile)
      await assertIdentityFree(tx, { mobile: patch.mobile }, id);
    if (!rolesChanged && Object.keys(diffFields(before, { ...before, ...patch })).length === 0) return before;
    const [after] = await tx
      .update(users)
      .set({ ...patch, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(users.id, id))
      .returning();
    if (rolesChanged) {
      await tx.delete(userRoles).where(eq(userRoles.userId, id));
      await tx.insert(userRoles).values(rolesAfter.map((roleCode) => ({ userId: id, roleCode })));
    }
    // Name, language, unit and roles are all part of the cached actor of their sessions and tokens.
    await invalidateCaches(tx, [IDENTITY_CACHE]);
    await appendEvent(tx, ctx, {
      entity: 'user',
      entityId: id,
      action: 'user.updated',
      before: { ...before, roles: rolesBefore },
      after: { ...after, roles: rolesAfter },
      orgPath: commonPath(unitPath, newPath),
    });
    return after!;
  });
}

/**
 * Deactivates or re-activates an account. Deactivation ends the person's sessions at once
 * (API tokens stop working too, because inactive people get no actor) and is refused for
 * oneself; activation needs an active unit.
 */
export async function setUserActive(ctx: Ctx, id: string, active: boolean, input: VersionBody): Promise<UserRow> {
  requirePermission(ctx.actor, 'users.manage');
  return ctx.db.transaction(async (tx) => {
    const { user: before, unitPath } = await lockUser(tx, ctx, id);
    if (!active && id === ctx.actor.id) throw new AppError('user.self_disable');
    await assertVersion(tx, ctx, { entity: 'user', entityId: id, ...before }, input.version);
    await assertMayManageUser(tx, ctx.actor, id);
    if (before.active === active) return before;
    if (active) {
      const [unit] = await tx.select().from(orgUnits).where(eq(orgUnits.id, before.orgUnitId)).for('share');
      if (!unit?.active) throw new AppError('org.inactive', { name: unit?.name ?? '?' });
    }
    const [after] = await tx
      .update(users)
      .set({ active, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(users.id, id))
      .returning();
    if (!active) await tx.delete(sessions).where(eq(sessions.userId, id));
    await invalidateCaches(tx, [IDENTITY_CACHE]);
    await appendEvent(tx, ctx, {
      entity: 'user',
      entityId: id,
      action: active ? 'user.activated' : 'user.deactivated',
      before: { active: before.active },
      after: { active },
      reason: input.reason ?? null,
      orgPath: unitPath,
    });
    return after!;
  });
}

/**
 * Sets a new password for someone who lost theirs. They must change it at next sign-in, and
 * every session they have ends, so whoever held the old password is signed out.
 */
export async function resetPassword(ctx: Ctx, id: string, input: ResetPasswordBody): Promise<UserRow> {
  requirePermission(ctx.actor, 'users.manage');
  checkPasswordRules(input.password, 'password');
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const { user: before, unitPath } = await lockUser(tx, ctx, id);
    await assertVersion(tx, ctx, { entity: 'user', entityId: id, ...before }, input.version);
    await assertMayManageUser(tx, ctx.actor, id);
    const [after] = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(users.id, id))
      .returning();
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await invalidateCaches(tx, [IDENTITY_CACHE]);
    await appendEvent(tx, ctx, {
      entity: 'user',
      entityId: id,
      action: 'user.password_reset',
      before: { passwordHash: before.passwordHash, mustChangePassword: before.mustChangePassword },
      after: { passwordHash, mustChangePassword: true },
      orgPath: unitPath,
    });
    return after!;
  });
}

/**
 * Lifts a person's sign-in locks, from every address, and forgets their failed attempts (the
 * person who cannot wait for the lock to run out calls an administrator). Audited with when the
 * lock would have ended.
 */
export async function unlockUser(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'users.manage');
  await ctx.db.transaction(async (tx) => {
    const { unitPath } = await lockUser(tx, ctx, id);
    await assertMayManageUser(tx, ctx.actor, id);
    const [row] = await tx
      .select({ lockedUntil: lockedUntilSql(users.id, ctx.now) })
      .from(users)
      .where(eq(users.id, id));
    await clearSignInLimits(tx, id);
    await appendEvent(tx, ctx, {
      entity: 'user',
      entityId: id,
      action: 'user.unlocked',
      before: { lockedUntil: row?.lockedUntil ? new Date(row.lockedUntil).toISOString() : null },
      after: { lockedUntil: null },
      orgPath: unitPath,
    });
  });
}

export async function findUserByUsername(db: DbLike, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row;
}
