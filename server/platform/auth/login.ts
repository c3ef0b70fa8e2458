import { and, count, eq, gt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

import { invalidateCaches } from '../cache/index.js';
import { cachedSetting } from '../config/cached.js';
import { getSetting } from '../config/store.js';
import type { Ctx } from '../context.js';
import { AppError } from '../errors.js';
import { appendEvent } from '../events/append.js';
import { apiTokens, loginFailures, sessions, users } from '../identity/tables.js';
import { IDENTITY_CACHE, loadActor } from './actors.js';
import { verifyPassword } from './passwords.js';
import { randomToken, sha256, TOKEN_PREFIX } from './secrets.js';

const WINDOW_MINUTES = 15;

export interface LoginInput {
  username: string;
  password: string;
  token?: boolean;
  tokenName?: string;
}

export interface LoginMeta {
  ip: string;
  userAgent?: string;
  requestId: string;
  now: Date;
}

export type LoginResult =
  | { kind: 'session'; sessionId: string; csrfToken: string; expiresAt: Date; userId: string }
  | { kind: 'token'; token: string; userId: string };

async function recentFailures(db: Db, key: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.key, key), gt(loginFailures.at, since)));
  return row?.n ?? 0;
}

/**
 * Signs in by username or mobile number. Failures are counted per account and per IP in the
 * database, so the limit holds across app instances; a locked account gets 429 with the wait.
 */
export async function login(db: Db, input: LoginInput, meta: LoginMeta): Promise<LoginResult> {
  const since = new Date(meta.now.getTime() - WINDOW_MINUTES * 60_000);
  const accountKey = `user:${input.username.trim().toLowerCase()}`;
  const ipKey = `ip:${meta.ip}`;
  const [maxPerAccount, maxPerIp] = await Promise.all([
    cachedSetting(db, 'security.loginMaxFailures', meta.now),
    cachedSetting(db, 'security.loginMaxFailuresPerIp', meta.now),
  ]);
  if (
    (await recentFailures(db, accountKey, since)) >= maxPerAccount ||
    (await recentFailures(db, ipKey, since)) >= maxPerIp
  ) {
    throw new AppError('auth.rate_limited', { minutes: WINDOW_MINUTES });
  }

  const name = input.username.trim();
  const [user] = await db
    .select()
    .from(users)
    .where(or(sql`lower(${users.username}) = lower(${name})`, eq(users.mobile, name)))
    .limit(1);
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : false;
  if (!user || !ok) {
    await db.insert(loginFailures).values([
      { key: accountKey, at: meta.now },
      { key: ipKey, at: meta.now },
    ]);
    throw new AppError('auth.invalid_credentials');
  }
  if (!user.active) throw new AppError('auth.account_disabled');

  const actor = await loadActor(db, user.id);
  if (!actor) throw new AppError('auth.account_disabled');
  const ctx = { actor, now: meta.now, requestId: meta.requestId };

  return db.transaction(async (tx) => {
    await tx.delete(loginFailures).where(eq(loginFailures.key, accountKey));
    await tx.update(users).set({ lastLoginAt: meta.now }).where(eq(users.id, user.id));
    if (input.token) {
      const secret = `${TOKEN_PREFIX}${randomToken()}`;
      const [t] = await tx
        .insert(apiTokens)
        .values({
          userId: user.id,
          name: input.tokenName ?? `login ${meta.now.toISOString()}`,
          tokenHash: sha256(secret),
          prefix: secret.slice(0, 10),
          scopes: [],
          expiresAt: new Date(meta.now.getTime() + 30 * 24 * 3600_000),
        })
        .returning({ id: apiTokens.id });
      await appendEvent(tx, ctx, {
        entity: 'api_token',
        entityId: t!.id,
        action: 'auth.token_issued',
        after: { name: input.tokenName ?? 'login', ip: meta.ip },
        orgPath: actor.orgPath,
      });
      return { kind: 'token', token: secret, userId: user.id } as const;
    }
    const hours = await getSetting(tx, 'security.sessionHours', meta.now);
    const sessionId = randomToken();
    const csrfToken = randomToken(24);
    const expiresAt = new Date(meta.now.getTime() + hours * 3600_000);
    await tx.insert(sessions).values({
      idHash: sha256(sessionId),
      userId: user.id,
      csrfToken,
      createdAt: meta.now,
      lastSeenAt: meta.now,
      expiresAt,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await appendEvent(tx, ctx, {
      entity: 'user',
      entityId: user.id,
      action: 'auth.login',
      after: { ip: meta.ip },
      orgPath: actor.orgPath,
    });
    return { kind: 'session', sessionId, csrfToken, expiresAt, userId: user.id } as const;
  });
}

export async function logout(db: Db, sessionIdHash: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.idHash, sessionIdHash));
    // In the same transaction, so other instances hear of it only once the row is gone.
    await invalidateCaches(tx, [IDENTITY_CACHE]);
  });
}

/** "Log out everywhere": every session of the user ends; tokens stay (they are revoked one by one). */
export async function logoutEverywhere(
  db: Db,
  ctx: Pick<Ctx, 'actor' | 'now' | 'requestId'>,
  userId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await invalidateCaches(tx, [IDENTITY_CACHE]);
    await appendEvent(tx, ctx, {
      entity: 'user',
      entityId: userId,
      action: 'auth.logout_everywhere',
      orgPath: ctx.actor.orgPath,
    });
  });
}
