import { eq, sql } from 'drizzle-orm';
import { IDENTITY_CACHE } from '../../server/platform/auth/actors.js';
import { clearSignInLimits } from '../../server/platform/auth/login.js';
import { checkPasswordRules, hashPassword } from '../../server/platform/auth/passwords.js';
import { invalidateCaches } from '../../server/platform/cache/index.js';
import type { Ctx } from '../../server/platform/context.js';
import { AppError } from '../../server/platform/errors.js';
import { appendEvent } from '../../server/platform/events/index.js';
import { orgUnits, sessions, users } from '../../server/platform/identity/tables.js';

export interface ResetPasswordInput {
  username: string;
  password: string;
  /** Ask for a new password at the next sign-in (when the operator hands the password to someone else). */
  mustChange: boolean;
}

/**
 * The operator's way back in when nobody can sign in as an administrator: new argon2id hash, every
 * session of the account ended, its sign-in locks cleared, one audit event.
 * (Moves to the org module's commands when that module offers a reset for administrators.)
 */
export async function resetPasswordByOperator(
  ctx: Ctx,
  input: ResetPasswordInput,
): Promise<{ userId: string; sessionsEnded: number }> {
  checkPasswordRules(input.password, 'password');
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const [found] = await tx
      .select({ user: users, orgPath: orgUnits.path })
      .from(users)
      .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
      .where(sql`lower(${users.username}) = lower(${input.username.trim()})`)
      .for('update', { of: users });
    if (!found) throw new AppError('entity.not_found', { entity: input.username });
    const { user, orgPath } = found;
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: input.mustChange, version: user.version + 1, updatedAt: ctx.now })
      .where(eq(users.id, user.id));
    const ended = await tx.delete(sessions).where(eq(sessions.userId, user.id)).returning({ id: sessions.idHash });
    // Running servers on the same PostgreSQL database drop the ended sessions when this commits.
    await invalidateCaches(tx, [IDENTITY_CACHE]);
    await clearSignInLimits(tx, user.id);
    await appendEvent(tx, ctx, {
      entity: 'user',
      entityId: user.id,
      action: 'user.password_reset',
      before: { passwordHash: user.passwordHash, mustChangePassword: user.mustChangePassword },
      after: { passwordHash, mustChangePassword: input.mustChange },
      reason: `sanbao user reset-password; ${ended.length} session(s) ended`,
      orgPath,
    });
    return { userId: user.id, sessionsEnded: ended.length };
  });
}
