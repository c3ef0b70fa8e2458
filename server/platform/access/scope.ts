import { eq, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Permission } from '../../../shared/permissions.js';
import type { DbLike } from '../../db/client.js';
import { AppError } from '../errors.js';
import { orgUnits } from '../identity/tables.js';
import type { Actor } from './actor.js';

/*
 * Data scope, enforced here and only here (DOMAIN.md, People and places): a person sees and
 * changes the records of their own org unit and its subtree; HQ, at the root, sees all.
 * Queries filter with `withinScope`/`orgUnitWithinScope`; commands check targets with
 * `assertOrgUnitInScope`/`assertPathInScope`.
 */

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission) || actor.permissions.has('*' as Permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) throw new AppError('auth.forbidden', { permission });
}

export function pathInScope(actor: Actor, path: string | null | undefined): boolean {
  if (actor.kind === 'system') return true;
  if (!path) return false;
  return path.startsWith(actor.orgPath);
}

/** Escape LIKE wildcards; paths are uuids and '/', but stay safe. */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** WHERE fragment: a materialised-path column lies within the actor's subtree. */
export function withinScope(actor: Actor, pathColumn: SQLWrapper): SQL {
  if (actor.kind === 'system') return sql`true`;
  return sql`${pathColumn} like ${likePrefix(actor.orgPath)}`;
}

/** WHERE fragment: an org-unit id column points at a unit within the actor's subtree. */
export function orgUnitWithinScope(actor: Actor, orgUnitIdColumn: SQLWrapper): SQL {
  if (actor.kind === 'system') return sql`true`;
  return sql`${orgUnitIdColumn} in (select ${orgUnits.id} from ${orgUnits} where ${orgUnits.path} like ${likePrefix(actor.orgPath)})`;
}

export function assertPathInScope(actor: Actor, path: string | null | undefined): void {
  if (!pathInScope(actor, path)) throw new AppError('auth.out_of_scope');
}

/** Loads a unit and checks it is inside the actor's subtree; returns its path for events. */
export async function assertOrgUnitInScope(
  db: DbLike,
  actor: Actor,
  orgUnitId: string,
): Promise<{ id: string; path: string; name: string; active: boolean }> {
  const [unit] = await db
    .select({ id: orgUnits.id, path: orgUnits.path, name: orgUnits.name, active: orgUnits.active })
    .from(orgUnits)
    .where(eq(orgUnits.id, orgUnitId));
  if (!unit || !pathInScope(actor, unit.path)) throw new AppError('auth.out_of_scope');
  return unit;
}
