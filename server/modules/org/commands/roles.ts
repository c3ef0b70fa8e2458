import { sql } from 'drizzle-orm';
import { DEFAULT_ROLE_PERMISSIONS, ROLE_CODES, ROLE_NAMES } from '../../../../shared/permissions.js';
import type { DbLike } from '../../../db/client.js';
import { rolePermissions, roles } from '../../../platform/identity/tables.js';

/** Inserts the built-in roles and their default permissions; existing rows (admin edits) are kept. */
export async function seedRoles(db: DbLike): Promise<void> {
  await db
    .insert(roles)
    .values(ROLE_CODES.map((code) => ({ code, nameZh: ROLE_NAMES[code]['zh-CN'], nameEn: ROLE_NAMES[code].en, builtin: true })))
    .onConflictDoNothing();
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(rolePermissions);
  if (n > 0) return;
  await db
    .insert(rolePermissions)
    .values(ROLE_CODES.flatMap((roleCode) => DEFAULT_ROLE_PERMISSIONS[roleCode].map((permission) => ({ roleCode, permission }))));
}
