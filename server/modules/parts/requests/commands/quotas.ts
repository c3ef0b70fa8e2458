import { eq } from 'drizzle-orm';
import { assertOrgUnitInScope, hasPermission, pathInScope } from '../../../../platform/access/index.js';
import { getSetting } from '../../../../platform/config/store.js';
import type { Ctx } from '../../../../platform/context.js';
import { AppError } from '../../../../platform/errors.js';
import { appendEvent } from '../../../../platform/events/index.js';
import { orgUnits, users } from '../../../../platform/identity/tables.js';
import { recordNotFound } from '../../../../platform/records.js';
import { companyDay } from '../common.js';
import type { QuotaSet } from '../contract.js';
import { partQuotas } from '../tables.js';

/** Sets an outlet's or a technician's quota from a day on (parts.approve: the center sets its outlets' quotas). */
export async function setQuota(ctx: Ctx, input: QuotaSet) {
  if (!hasPermission(ctx.actor, 'parts.approve') && !hasPermission(ctx.actor, 'parts.approve_hq'))
    throw new AppError('auth.forbidden', { permission: 'parts.approve' });
  return ctx.db.transaction(async (tx) => {
    let orgPath: string;
    if (input.orgUnitId) {
      await assertOrgUnitInScope(tx, ctx.actor, input.orgUnitId);
      const [u] = await tx.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, input.orgUnitId));
      orgPath = u!.path;
    } else {
      const [u] = await tx
        .select({ path: orgUnits.path })
        .from(users)
        .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
        .where(eq(users.id, input.userId!));
      if (!u || !pathInScope(ctx.actor, u.path))
        throw recordNotFound(ctx.lang, { 'zh-CN': '用户', en: 'User' }, 'userId');
      orgPath = u.path;
    }
    const [row] = await tx
      .insert(partQuotas)
      .values({
        orgUnitId: input.orgUnitId ?? null,
        userId: input.userId ?? null,
        orgPath,
        periodKind: input.periodKind ?? (await getSetting(tx, 'parts.quotaPeriod', ctx.now)),
        valueFen: input.valueFen,
        quantity: input.quantity,
        effectiveFrom: input.effectiveFrom ?? (await companyDay(tx, ctx.now)),
        createdAt: ctx.now,
        createdBy: ctx.actor.id,
      })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'part_quota',
      entityId: row!.id,
      action: 'part_quota.set',
      after: {
        orgUnitId: row!.orgUnitId,
        userId: row!.userId,
        periodKind: row!.periodKind,
        valueFen: row!.valueFen,
        quantity: row!.quantity,
        effectiveFrom: row!.effectiveFrom,
      },
      orgPath,
    });
    return row!;
  });
}
