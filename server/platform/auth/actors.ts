import { and, eq, gt, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Lang } from '../../../shared/i18n.js';
import type { Permission } from '../../../shared/permissions.js';
import type { DbLike } from '../../db/client.js';
import type { Actor } from '../access/actor.js';
import { SETTINGS } from '../config/registry.js';
import { settingVersions } from '../config/tables.js';
import { apiTokens, orgUnits, rolePermissions, sessions, userRoles, users } from '../identity/tables.js';
import { sha256 } from './secrets.js';

/*
 * Every signed-in request resolves its actor, so this is the hottest path of the server: one
 * query each for a session or a token, with roles and permissions aggregated in subqueries.
 */

const actorFields = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  lang: users.lang,
  orgUnitId: users.orgUnitId,
  orgPath: orgUnits.path,
  roles: sql<
    string[]
  >`coalesce((select array_agg(${userRoles.roleCode} order by ${userRoles.roleCode}) from ${userRoles} where ${userRoles.userId} = ${users.id}), '{}')`,
  permissions: sql<
    string[]
  >`coalesce((select array_agg(distinct ${rolePermissions.permission}) from ${userRoles} join ${rolePermissions} on ${rolePermissions.roleCode} = ${userRoles.roleCode} where ${userRoles.userId} = ${users.id}), '{}')`,
};

type ActorRow = {
  id: string;
  username: string;
  displayName: string;
  lang: string;
  orgUnitId: string;
  orgPath: string;
  roles: string[];
  permissions: string[];
};

function toActor(u: ActorRow): Actor {
  return {
    kind: 'user',
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    orgUnitId: u.orgUnitId,
    orgPath: u.orgPath,
    roles: u.roles,
    permissions: new Set(u.permissions as Permission[]),
    lang: u.lang as Lang,
    via: 'session',
  };
}

/** The actor for an active user id: roles, permissions and org path in one query. */
export async function loadActor(db: DbLike, userId: string): Promise<Actor | null> {
  const [u] = await db
    .select(actorFields)
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(and(eq(users.id, userId), eq(users.active, true)));
  return u ? toActor(u) : null;
}

/** The idle timeout in force at `now`, read inside the session query (no extra round trip). */
function idleMinutesAt(now: Date): SQL<number> {
  return sql<number>`coalesce((select (${settingVersions.value} #>> '{}')::int from ${settingVersions}
    where ${settingVersions.key} = 'security.idleMinutes' and ${settingVersions.effectiveFrom} <= ${now.toISOString()}::timestamptz
    order by ${settingVersions.effectiveFrom} desc, ${settingVersions.createdAt} desc limit 1), ${SETTINGS['security.idleMinutes'].default})`;
}

/** Resolves a session cookie; expired or idle sessions (security.idleMinutes) are refused. */
export async function actorFromSession(db: DbLike, raw: string, now: Date): Promise<Actor | null> {
  const idHash = sha256(raw);
  const [s] = await db
    .select({ ...actorFields, csrfToken: sessions.csrfToken, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(
      and(
        eq(sessions.idHash, idHash),
        eq(users.active, true),
        gt(sessions.expiresAt, now),
        sql`${sessions.lastSeenAt} > ${now.toISOString()}::timestamptz - make_interval(mins => ${idleMinutesAt(now)})`,
      ),
    );
  if (!s) return null;
  // Touch at most once a minute so reads do not write on every request.
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  return { ...toActor(s), via: 'session', sessionIdHash: idHash, csrfToken: s.csrfToken };
}

/** Resolves a bearer token; its scopes narrow the user's permissions, never widen them. */
export async function actorFromToken(db: DbLike, raw: string, now: Date): Promise<Actor | null> {
  const [t] = await db
    .select({ ...actorFields, tokenId: apiTokens.id, scopes: apiTokens.scopes, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(
      and(
        eq(apiTokens.tokenHash, sha256(raw)),
        eq(users.active, true),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    );
  if (!t) return null;
  if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, t.tokenId));
  }
  const actor = toActor(t);
  const permissions =
    t.scopes.length === 0 ? actor.permissions : new Set([...actor.permissions].filter((p) => t.scopes.includes(p)));
  return { ...actor, permissions, via: 'token' };
}

/** Drop sessions that can never be used again. */
export async function purgeExpiredSessions(db: DbLike, now: Date): Promise<void> {
  await db.delete(sessions).where(sql`${sessions.expiresAt} < ${now.toISOString()}::timestamptz`);
}
