import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Lang } from '../../../shared/i18n.js';
import type { Permission } from '../../../shared/permissions.js';
import type { DbLike } from '../../db/client.js';
import type { Actor } from '../access/actor.js';
import { apiTokens, orgUnits, rolePermissions, sessions, userRoles, users } from '../identity/tables.js';
import { sha256 } from './secrets.js';

/** Builds the actor for a user id: roles, permissions and org path in two queries. */
export async function loadActor(db: DbLike, userId: string): Promise<Actor | null> {
  const [u] = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      lang: users.lang,
      active: users.active,
      orgUnitId: users.orgUnitId,
      orgPath: orgUnits.path,
    })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(eq(users.id, userId));
  if (!u || !u.active) return null;
  const rows = await db
    .select({ role: userRoles.roleCode, permission: rolePermissions.permission })
    .from(userRoles)
    .leftJoin(rolePermissions, eq(rolePermissions.roleCode, userRoles.roleCode))
    .where(eq(userRoles.userId, userId));
  const roles = [...new Set(rows.map((r) => r.role))];
  const permissions = new Set(rows.map((r) => r.permission).filter((p): p is Permission => !!p));
  return {
    kind: 'user',
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    orgUnitId: u.orgUnitId,
    orgPath: u.orgPath,
    roles,
    permissions,
    lang: u.lang as Lang,
    via: 'session',
  };
}

export interface SessionPolicy {
  idleMinutes: number;
}

/** Resolves a session cookie; expired or idle sessions are refused (and cleaned up lazily). */
export async function actorFromSession(db: DbLike, raw: string, now: Date, policy: SessionPolicy): Promise<Actor | null> {
  const idHash = sha256(raw);
  const idleCutoff = new Date(now.getTime() - policy.idleMinutes * 60_000);
  const [s] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleCutoff)));
  if (!s) return null;
  const actor = await loadActor(db, s.userId);
  if (!actor) return null;
  // Touch at most once a minute so reads do not write on every request.
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  return { ...actor, via: 'session', sessionIdHash: idHash, csrfToken: s.csrfToken };
}

/** Resolves a bearer token; its scopes narrow the user's permissions, never widen them. */
export async function actorFromToken(db: DbLike, raw: string, now: Date): Promise<Actor | null> {
  const [t] = await db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, sha256(raw)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    );
  if (!t) return null;
  const actor = await loadActor(db, t.userId);
  if (!actor) return null;
  if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, t.id));
  }
  const permissions =
    t.scopes.length === 0
      ? actor.permissions
      : new Set([...actor.permissions].filter((p) => t.scopes.includes(p)));
  return { ...actor, permissions, via: 'token' };
}

/** Drop sessions that can never be used again. */
export async function purgeExpiredSessions(db: DbLike, now: Date): Promise<void> {
  await db.delete(sessions).where(sql`${sessions.expiresAt} < ${now}`);
}
