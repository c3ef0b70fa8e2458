import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Lang } from '../../../shared/i18n.js';
import type { Permission } from '../../../shared/permissions.js';
import type { Db, DbLike } from '../../db/client.js';
import type { Actor } from '../access/actor.js';
import { invalidateCaches, keyedCache } from '../cache/index.js';
import { cachedSetting } from '../config/cached.js';
import { apiTokens, orgUnits, rolePermissions, sessions, userRoles, users } from '../identity/tables.js';
import { sha256 } from './secrets.js';

/*
 * Every signed-in request resolves its actor, so this is the hottest path of the server: one
 * query each for a session or a token, with roles and permissions aggregated in subqueries, and
 * then served from this instance's cache (below) until something changes it.
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

/*
 * Answers are cached per database (keyed by the sha256 the database stores, never the secret) so a
 * busy instance does not query for every request. What a writer can change — signing out,
 * revoking, disabling, roles, permissions, org paths — drops the whole cache in the writer's
 * transaction (`invalidateCaches(tx, [IDENTITY_CACHE])`), here at once and on every other instance
 * at commit; the TTL bounds what a lost notice could leave. Only an accepting answer is served
 * from the cache: the time checks run against each request's `now`, and when the cached entry
 * says expired or idle, the database is asked again (another instance may have touched the
 * session) before refusing. Unknown credentials are never cached.
 */
export const IDENTITY_CACHE = 'identity';
const CACHE_LIMITS = { maxEntries: 10_000, ttlMs: 30_000 };
/** last_seen_at / last_used_at are written at most once a minute, so reads do not write every time. */
const TOUCH_MS = 60_000;

interface CachedSession {
  /** The user, roles, permissions and csrf token, as the session query returned them. */
  actor: Actor;
  expiresAt: number;
  /** Moved forward by this instance's touches. */
  lastSeenAt: number;
}

interface CachedToken {
  /** The user, roles and permissions, already narrowed by the token's scopes. */
  actor: Actor;
  tokenId: string;
  scopes: string[];
  expiresAt: number | null;
  lastUsedAt: number | null;
}

const sessionCache = keyedCache<CachedSession>(IDENTITY_CACHE, CACHE_LIMITS);
const tokenCache = keyedCache<CachedToken>(IDENTITY_CACHE, CACHE_LIMITS);

/** The same test as the session query's, in milliseconds. */
function sessionAccepts(s: CachedSession, now: number, idleMinutes: number): boolean {
  return s.expiresAt > now && s.lastSeenAt > now - idleMinutes * 60_000;
}

function tokenAccepts(t: CachedToken, now: number): boolean {
  return t.expiresAt === null || t.expiresAt > now;
}

async function readSession(db: Db, idHash: string, now: Date, idleMinutes: number): Promise<CachedSession | null> {
  const [s] = await db
    .select({
      ...actorFields,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(
      and(
        eq(sessions.idHash, idHash),
        eq(users.active, true),
        gt(sessions.expiresAt, now),
        sql`${sessions.lastSeenAt} > ${now.toISOString()}::timestamptz - make_interval(mins => ${idleMinutes}::int)`,
      ),
    );
  if (!s) return null;
  return {
    actor: { ...toActor(s), via: 'session', sessionIdHash: idHash, csrfToken: s.csrfToken },
    expiresAt: s.expiresAt.getTime(),
    lastSeenAt: s.lastSeenAt.getTime(),
  };
}

/** Resolves a session cookie; expired or idle sessions (security.idleMinutes) are refused. */
export async function actorFromSession(db: Db, raw: string, now: Date): Promise<Actor | null> {
  const idHash = sha256(raw);
  const at = now.getTime();
  const idleMinutes = await cachedSetting(db, 'security.idleMinutes', now);
  let s: CachedSession | null | undefined = sessionCache.peek(db, idHash);
  if (!s || !sessionAccepts(s, at, idleMinutes)) {
    s = await sessionCache.load(db, idHash, () => readSession(db, idHash, now, idleMinutes));
    if (!s) return null;
  }
  if (at - s.lastSeenAt > TOUCH_MS) {
    // Marked first, so concurrent requests of this session do not write too.
    s.lastSeenAt = at;
    const touched = await db
      .update(sessions)
      .set({ lastSeenAt: now })
      .where(eq(sessions.idHash, idHash))
      .returning({ idHash: sessions.idHash })
      .catch((err: unknown) => {
        sessionCache.delete(db, idHash);
        throw err;
      });
    // Signed out on another instance whose notice has not arrived yet.
    if (touched.length === 0) {
      sessionCache.delete(db, idHash);
      return null;
    }
  }
  return { ...s.actor };
}

async function readToken(db: Db, tokenHash: string, now: Date): Promise<CachedToken | null> {
  const [t] = await db
    .select({
      ...actorFields,
      tokenId: apiTokens.id,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        eq(users.active, true),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    );
  if (!t) return null;
  const actor = toActor(t);
  const permissions =
    t.scopes.length === 0 ? actor.permissions : new Set([...actor.permissions].filter((p) => t.scopes.includes(p)));
  return {
    actor: { ...actor, permissions, via: 'token' },
    tokenId: t.tokenId,
    scopes: t.scopes,
    expiresAt: t.expiresAt?.getTime() ?? null,
    lastUsedAt: t.lastUsedAt?.getTime() ?? null,
  };
}

/** Resolves a bearer token; its scopes narrow the user's permissions, never widen them. */
export async function actorFromToken(db: Db, raw: string, now: Date): Promise<Actor | null> {
  const tokenHash = sha256(raw);
  const at = now.getTime();
  let t: CachedToken | null | undefined = tokenCache.peek(db, tokenHash);
  if (!t || !tokenAccepts(t, at)) {
    t = await tokenCache.load(db, tokenHash, () => readToken(db, tokenHash, now));
    if (!t) return null;
  }
  if (t.lastUsedAt === null || at - t.lastUsedAt > TOUCH_MS) {
    t.lastUsedAt = at;
    const touched = await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, t.tokenId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id })
      .catch((err: unknown) => {
        tokenCache.delete(db, tokenHash);
        throw err;
      });
    // Revoked on another instance whose notice has not arrived yet.
    if (touched.length === 0) {
      tokenCache.delete(db, tokenHash);
      return null;
    }
  }
  return { ...t.actor };
}

/** Drop sessions that can never be used again. */
export async function purgeExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const gone = await tx
      .delete(sessions)
      .where(sql`${sessions.expiresAt} < ${now.toISOString()}::timestamptz`)
      .returning({ idHash: sessions.idHash });
    // They are refused anyway; dropping the cache just keeps no entry for a row that is gone.
    if (gone.length > 0) await invalidateCaches(tx, [IDENTITY_CACHE]);
  });
}
