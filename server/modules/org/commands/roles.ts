import { eq, sql } from 'drizzle-orm';
import {
  DEFAULT_ROLE_PERMISSIONS,
  isPermission,
  type Permission,
  ROLE_CODES,
  ROLE_NAMES,
} from '../../../../shared/permissions.js';
import type { DbLike } from '../../../db/client.js';
import { hasPermission, requirePermission } from '../../../platform/access/index.js';
import { IDENTITY_CACHE } from '../../../platform/auth/actors.js';
import { invalidateCaches } from '../../../platform/cache/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { rolePermissions, roles } from '../../../platform/identity/tables.js';
import { assertVersion, notFound } from '../common.js';
import type { RolePermissionsBody } from '../contract.js';
import { addedCodes, adminRoleProblem, normaliseCodes } from '../rules.js';

/** Inserts the built-in roles and their default permissions; existing rows (admin edits) are kept. */
export async function seedRoles(db: DbLike): Promise<void> {
  await db
    .insert(roles)
    .values(
      ROLE_CODES.map((code) => ({
        code,
        nameZh: ROLE_NAMES[code]['zh-CN'],
        nameEn: ROLE_NAMES[code].en,
        builtin: true,
      })),
    )
    .onConflictDoNothing();
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(rolePermissions);
  if (n > 0) return;
  await db
    .insert(rolePermissions)
    .values(
      ROLE_CODES.flatMap((roleCode) =>
        DEFAULT_ROLE_PERMISSIONS[roleCode].map((permission) => ({ roleCode, permission })),
      ),
    );
}

/**
 * Replaces a role's permissions. Every code must exist; the admin role keeps the locked ones
 * (ADMIN_LOCKED_PERMISSIONS) so somebody can always manage accounts and roles; and nobody adds a
 * permission they do not hold themselves. Roles are company-wide, so the event has no org path
 * and only people at HQ see it in the audit log.
 */
export async function setRolePermissions(ctx: Ctx, code: string, input: RolePermissionsBody): Promise<void> {
  requirePermission(ctx.actor, 'roles.manage');
  input.permissions.forEach((p, i) => {
    if (!isPermission(p)) throw fieldError(`permissions.${i}`, 'permission.unknown', { permission: p });
  });
  const next = normaliseCodes(input.permissions as Permission[]);
  await ctx.db.transaction(async (tx) => {
    const [role] = await tx.select().from(roles).where(eq(roles.code, code)).for('update');
    if (!role) throw notFound(ctx, 'role');
    await assertVersion(tx, ctx, { entity: 'role', entityId: code, version: role.version }, input.version);
    const locked = adminRoleProblem(code, next);
    if (locked) throw new AppError('role.builtin_admin', { permission: locked });
    const rows = await tx
      .select({ permission: rolePermissions.permission })
      .from(rolePermissions)
      .where(eq(rolePermissions.roleCode, code));
    const before = normaliseCodes(rows.map((r) => r.permission));
    for (const p of addedCodes<string>(before, next)) {
      if (!hasPermission(ctx.actor, p as Permission)) {
        throw fieldError(`permissions.${input.permissions.indexOf(p)}`, 'permission.not_held', { permission: p });
      }
    }
    if (before.join() === next.join()) return;
    await tx.delete(rolePermissions).where(eq(rolePermissions.roleCode, code));
    if (next.length > 0)
      await tx.insert(rolePermissions).values(next.map((permission) => ({ roleCode: code, permission })));
    await tx
      .update(roles)
      .set({ version: role.version + 1 })
      .where(eq(roles.code, code));
    // Every holder's cached permissions change with the role.
    await invalidateCaches(tx, [IDENTITY_CACHE]);
    await appendEvent(tx, ctx, {
      entity: 'role',
      entityId: code,
      action: 'role.permissions_changed',
      before: { permissions: before },
      after: { permissions: next },
      orgPath: null,
    });
  });
}
