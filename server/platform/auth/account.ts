import { and, desc, eq } from 'drizzle-orm';
import { ALL_PERMISSIONS, type Permission } from '../../../shared/permissions.js';
import { invalidateCaches } from '../cache/index.js';
import type { Ctx } from '../context.js';
import { AppError, fieldError } from '../errors.js';
import { appendEvent } from '../events/append.js';
import { apiTokens, orgUnits, users } from '../identity/tables.js';
import { assertVersion } from '../records.js';
import { IDENTITY_CACHE } from './actors.js';
import type { Me, ProfileBody, TokenCreateBody, TokenView } from './contract.js';
import { checkPasswordRules, hashPassword, verifyPassword } from './passwords.js';
import { randomToken, sha256, TOKEN_PREFIX } from './secrets.js';

/** The signed-in user's own account: profile, password, API tokens. */

export async function getMe(ctx: Ctx): Promise<Me> {
  const [u] = await ctx.db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      mobile: users.mobile,
      email: users.email,
      lang: users.lang,
      orgUnitId: users.orgUnitId,
      orgUnitName: orgUnits.name,
      orgUnitKind: orgUnits.kind,
      mustChangePassword: users.mustChangePassword,
      version: users.version,
    })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(eq(users.id, ctx.actor.id!));
  if (!u) throw new AppError('auth.required');
  return {
    ...u,
    roles: ctx.actor.roles,
    permissions: [...ctx.actor.permissions].sort(),
    csrfToken: ctx.actor.csrfToken ?? null,
  };
}

export async function updateProfile(ctx: Ctx, body: ProfileBody): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, ctx.actor.id!)).for('update');
    if (!before) throw new AppError('auth.required');
    // The one stale-version refusal: names who changed the profile last and when, in the company zone.
    if (body.version !== undefined) {
      await assertVersion(
        tx,
        ctx,
        { entity: 'user', entityId: before.id, version: before.version, updatedAt: before.updatedAt },
        body.version,
      );
    }
    const patch = {
      displayName: body.displayName ?? before.displayName,
      mobile: body.mobile === undefined ? before.mobile : body.mobile,
      email: body.email === undefined ? before.email : body.email,
      lang: body.lang ?? before.lang,
    };
    await tx
      .update(users)
      .set({ ...patch, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(users.id, before.id));
    // Name and language are part of the cached actor.
    await invalidateCaches(tx, [IDENTITY_CACHE]);
    await appendEvent(tx, ctx, {
      entity: 'user',
      entityId: before.id,
      action: 'user.profile_updated',
      before,
      after: { ...before, ...patch },
      orgPath: ctx.actor.orgPath,
    });
  });
}

export async function changeOwnPassword(ctx: Ctx, current: string, next: string): Promise<void> {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, ctx.actor.id!));
  if (!u) throw new AppError('auth.required');
  if (!(await verifyPassword(u.passwordHash, current))) throw fieldError('currentPassword', 'auth.wrong_password');
  checkPasswordRules(next, 'newPassword');
  const passwordHash = await hashPassword(next);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, version: u.version + 1, updatedAt: ctx.now })
      .where(eq(users.id, u.id));
    await invalidateCaches(tx, [IDENTITY_CACHE]);
    await appendEvent(tx, ctx, {
      entity: 'user',
      entityId: u.id,
      action: 'user.password_changed',
      before: { passwordHash: u.passwordHash },
      after: { passwordHash },
      orgPath: ctx.actor.orgPath,
    });
  });
}

function view(t: typeof apiTokens.$inferSelect): TokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

export async function listTokens(ctx: Ctx): Promise<TokenView[]> {
  const rows = await ctx.db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, ctx.actor.id!))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(view);
}

/** A scoped bearer token for an integration (e.g. a CTI system); its scopes must be the user's own. */
export async function createToken(ctx: Ctx, body: TokenCreateBody) {
  body.scopes.forEach((s, i) => {
    if (!ALL_PERMISSIONS.includes(s as Permission))
      throw fieldError(`scopes.${i}`, 'permission.unknown', { permission: s });
    if (!ctx.actor.permissions.has(s as Permission))
      throw fieldError(`scopes.${i}`, 'token.invalid_scope', { permission: s });
  });
  const secret = `${TOKEN_PREFIX}${randomToken()}`;
  return ctx.db.transaction(async (tx) => {
    const [t] = await tx
      .insert(apiTokens)
      .values({
        userId: ctx.actor.id!,
        name: body.name,
        tokenHash: sha256(secret),
        prefix: secret.slice(0, 10),
        scopes: body.scopes,
        createdAt: ctx.now,
        expiresAt: body.expiresInDays ? new Date(ctx.now.getTime() + body.expiresInDays * 86_400_000) : null,
      })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'api_token',
      entityId: t!.id,
      action: 'token.created',
      after: { name: body.name, scopes: body.scopes },
      orgPath: ctx.actor.orgPath,
    });
    return { ...view(t!), token: secret };
  });
}

export async function revokeToken(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [t] = await tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, ctx.actor.id!)));
    if (!t) throw new AppError('entity.not_found', { entity: 'token' });
    if (t.revokedAt) return;
    await tx.update(apiTokens).set({ revokedAt: ctx.now }).where(eq(apiTokens.id, id));
    await invalidateCaches(tx, [IDENTITY_CACHE]);
    await appendEvent(tx, ctx, {
      entity: 'api_token',
      entityId: id,
      action: 'token.revoked',
      before: { revokedAt: null },
      after: { revokedAt: ctx.now.toISOString() },
      orgPath: ctx.actor.orgPath,
    });
  });
}
