import { eq, inArray } from 'drizzle-orm';
import type { Permission } from '../../../../shared/permissions.js';
import type { DbLike } from '../../../db/client.js';
import { type Actor, assertOrgUnitInScope, hasPermission, requirePermission } from '../../../platform/access/index.js';
import { checkPasswordRules, hashPassword } from '../../../platform/auth/passwords.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { rolePermissions, userRoles, users } from '../../../platform/identity/tables.js';
import type { UserCreate } from '../contract.js';

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
    const { password: _password, roles, ...fields } = input;
    const [row] = await tx
      .insert(users)
      .values({ ...fields, passwordHash, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    if (!row) throw new AppError('internal', { requestId: ctx.requestId });
    await tx.insert(userRoles).values([...new Set(roles)].map((roleCode) => ({ userId: row.id, roleCode })));
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

export async function findUserByUsername(db: DbLike, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row;
}
