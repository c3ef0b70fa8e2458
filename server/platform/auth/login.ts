import { type AnyColumn, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db, DbLike } from '../../db/client.js';

import { invalidateCaches } from '../cache/index.js';
import { cachedSetting } from '../config/cached.js';
import { getSetting } from '../config/store.js';
import type { Ctx } from '../context.js';
import { AppError } from '../errors.js';
import { appendEvent } from '../events/append.js';
import { apiTokens, loginThrottles, sessions, users } from '../identity/tables.js';
import { IDENTITY_CACHE, loadActor } from './actors.js';
import { type Admission, admit, type Counter, type Counters, retryParams, type SignInLimits } from './limits.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { randomToken, sha256, TOKEN_PREFIX } from './secrets.js';

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

/*
 * A name no account has is checked against this hash, with the same argon2 parameters as real
 * ones, so an unknown name takes as long to refuse as a wrong password (no account enumeration
 * by timing). Made once, at first use.
 */
let dummyHash: Promise<string> | null = null;
const dummy = () => (dummyHash ??= hashPassword(randomToken()));

async function signInLimits(db: Db, now: Date): Promise<SignInLimits> {
  const [perPair, perAccount, perIp, lockMinutes, maxLockMinutes] = await Promise.all([
    cachedSetting(db, 'security.loginMaxFailures', now),
    cachedSetting(db, 'security.loginMaxFailuresPerAccount', now),
    cachedSetting(db, 'security.loginMaxFailuresPerIp', now),
    cachedSetting(db, 'security.loginLockMinutes', now),
    cachedSetting(db, 'security.loginLockMaxMinutes', now),
  ]);
  return { perPair, perAccount, perIp, lockMinutes, maxLockMinutes };
}

interface ThrottleKeys {
  account: string;
  pair: string;
  ip: string;
}

/** The account key counts per account whatever was typed (username or mobile); unknown names get their own. */
function throttleKeys(typed: string, userId: string | null, ip: string): ThrottleKeys {
  const account = userId ? `account:${userId}` : `name:${typed.toLowerCase()}`;
  return { account, pair: `pair:${account}@${ip}`, ip: `ip:${ip}` };
}

/**
 * Counts the attempt before its password is checked, under a row lock on each of its counters
 * (taken in key order, so two attempts never wait on each other crosswise): the next attempt
 * for the same account waits for this decision and sees it, so no more than the limit are ever
 * admitted, in parallel and across instances.
 */
async function admitAttempt(
  db: Db,
  keys: ThrottleKeys,
  userId: string | null,
  limits: SignInLimits,
  now: Date,
): Promise<Admission> {
  return db.transaction(async (tx) => {
    const kinds = (Object.keys(keys) as (keyof ThrottleKeys)[]).sort((a, b) => keys[a].localeCompare(keys[b]));
    await tx
      .insert(loginThrottles)
      .values(
        kinds.map((k) => ({
          key: keys[k],
          userId: k === 'ip' ? null : userId,
          failures: 0,
          windowStartedAt: now,
          updatedAt: now,
        })),
      )
      .onConflictDoNothing();
    const rows = await tx
      .select()
      .from(loginThrottles)
      .where(inArray(loginThrottles.key, Object.values(keys)))
      .orderBy(loginThrottles.key)
      .for('update');
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const counter = (k: keyof ThrottleKeys): Counter => byKey.get(keys[k])!;
    const counters: Counters = { pair: counter('pair'), account: counter('account'), ip: counter('ip') };
    const admission = admit(counters, limits, now);
    if (!admission.admitted) return admission;
    for (const k of kinds) {
      const c = admission.next[k];
      await tx
        .update(loginThrottles)
        .set({
          failures: c.failures,
          windowStartedAt: c.windowStartedAt,
          lockedUntil: c.lockedUntil,
          lockouts: c.lockouts,
          updatedAt: now,
        })
        .where(eq(loginThrottles.key, keys[k]));
    }
    return admission;
  });
}

async function refusal(
  db: Db,
  code: 'auth.locked' | 'auth.ip_limited',
  retryAfter: Date,
  now: Date,
): Promise<AppError> {
  const timeZone = await cachedSetting(db, 'company.timeZone', now);
  return new AppError(code, retryParams(retryAfter, now, timeZone));
}

/**
 * Signs in by username or mobile number (docs/architecture.md, "Sign-in limits"). Every attempt
 * is counted per account (whatever was typed), per account and address, and per address before
 * the password is checked; a locked account gets 429 with the time to try again. Unknown names,
 * wrong passwords and deactivated accounts with a wrong password take the same time and get
 * the same 401; only the right password of a deactivated account learns that it is deactivated.
 */
export async function login(db: Db, input: LoginInput, meta: LoginMeta): Promise<LoginResult> {
  const name = input.username.trim();
  const [user] = await db
    .select()
    .from(users)
    .where(or(sql`lower(${users.username}) = lower(${name})`, eq(users.mobile, name)))
    // A username that is also someone else's mobile number means the username.
    .orderBy(sql`lower(${users.username}) = lower(${name}) desc`)
    .limit(1);
  const keys = throttleKeys(name, user?.id ?? null, meta.ip);
  const limits = await signInLimits(db, meta.now);
  const admission = await admitAttempt(db, keys, user?.id ?? null, limits, meta.now);
  if (!admission.admitted) {
    throw await refusal(
      db,
      admission.reason === 'ip' ? 'auth.ip_limited' : 'auth.locked',
      admission.retryAfter,
      meta.now,
    );
  }

  const ok = await verifyPassword(user?.passwordHash ?? (await dummy()), input.password);
  if (!user || !ok) {
    if (admission.locksUntil) throw await refusal(db, 'auth.locked', admission.locksUntil, meta.now);
    throw new AppError('auth.invalid_credentials');
  }
  if (!user.active) throw new AppError('auth.account_disabled');

  const actor = await loadActor(db, user.id);
  if (!actor) throw new AppError('auth.account_disabled');
  const ctx = { actor, now: meta.now, requestId: meta.requestId };

  return db.transaction(async (tx) => {
    // The right password: the account's counters start afresh, and the address gets back the
    // attempt counted in advance (its ceiling counts failures only).
    await tx.delete(loginThrottles).where(inArray(loginThrottles.key, [keys.account, keys.pair]));
    await tx
      .update(loginThrottles)
      .set({ failures: sql`greatest(${loginThrottles.failures} - 1, 0)` })
      .where(eq(loginThrottles.key, keys.ip));
    await tx.update(users).set({ lastLoginAt: meta.now }).where(eq(users.id, user.id));
    // Sign-in is a session whichever way it is carried: a bearer token from here lives as long
    // as a session would. Long-lived tokens are made on purpose under 接口令牌 (tokens.manage).
    const hours = await getSetting(tx, 'security.sessionHours', meta.now);
    const expiresAt = new Date(meta.now.getTime() + hours * 3600_000);
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
          expiresAt,
        })
        .returning({ id: apiTokens.id });
      await appendEvent(tx, ctx, {
        entity: 'api_token',
        entityId: t!.id,
        action: 'auth.token_issued',
        after: { name: input.tokenName ?? 'login', ip: meta.ip, expiresAt: expiresAt.toISOString() },
        orgPath: actor.orgPath,
      });
      return { kind: 'token', token: secret, userId: user.id } as const;
    }
    const sessionId = randomToken();
    const csrfToken = randomToken(24);
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

/** When the person's account is locked (from any address), or null; for the people list. */
export function lockedUntilSql(userIdColumn: AnyColumn, now: Date) {
  return sql<
    string | null
  >`(select max(${loginThrottles.lockedUntil}) from ${loginThrottles} where ${loginThrottles.userId} = ${userIdColumn} and ${loginThrottles.lockedUntil} > ${now.toISOString()}::timestamptz)`;
}

/** Unlocks an account from every address, in the caller's transaction (an administrator's command). */
export async function clearSignInLimits(tx: DbLike, userId: string): Promise<number> {
  const gone = await tx
    .delete(loginThrottles)
    .where(eq(loginThrottles.userId, userId))
    .returning({ key: loginThrottles.key });
  return gone.length;
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
