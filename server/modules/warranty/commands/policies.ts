import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbLike } from '../../../db/client.js';
import { requirePermission } from '../../../platform/access/index.js';
import { type Ctx, systemCtx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { orgUnits } from '../../../platform/identity/tables.js';
import type { Policy, PolicyCreate, PolicyVersionCreate } from '../contract.js';
import { DEFAULT_POLICIES } from '../defaults.js';
import { warrantyPolicies } from '../tables.js';

/*
 * Policies are versions, never edited in place (docs/warranty.md): a change appends a version
 * with its own effective date; decisions keep the version they were made with.
 */

type Row = typeof warrantyPolicies.$inferSelect;

export function policyView(r: Row): Policy {
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    name: r.name,
    effectiveFrom: r.effectiveFrom,
    active: r.active,
    category: r.category as Policy['category'],
    productLineCode: r.productLineCode,
    modelCode: r.modelCode,
    usage: r.usage,
    startBasis: r.startBasis,
    unitMonths: r.unitMonths,
    unitLabourMonths: r.unitLabourMonths,
    mainParts: r.mainParts,
    replacedPartMonths: r.replacedPartMonths,
    transferable: r.transferable,
    remedies: r.remedies,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
  };
}

function values(ctx: Ctx, code: string, version: number, input: PolicyVersionCreate) {
  return {
    code,
    version,
    name: input.name,
    effectiveFrom: input.effectiveFrom,
    active: input.active,
    category: input.category,
    productLineCode: input.productLineCode,
    modelCode: input.modelCode,
    usage: input.usage,
    startBasis: input.startBasis,
    unitMonths: input.unitMonths,
    unitLabourMonths: input.unitLabourMonths,
    mainParts: input.mainParts,
    replacedPartMonths: input.replacedPartMonths,
    transferable: input.transferable,
    remedies: input.remedies,
    note: input.note ?? null,
    createdBy: ctx.actor.id,
    createdAt: ctx.now,
  };
}

export async function createPolicy(ctx: Ctx, input: PolicyCreate): Promise<Policy> {
  requirePermission(ctx.actor, 'settings.manage');
  return ctx.db.transaction(async (tx) => {
    const [dup] = await tx
      .select({ id: warrantyPolicies.id })
      .from(warrantyPolicies)
      .where(eq(warrantyPolicies.code, input.code))
      .limit(1);
    if (dup)
      throw new AppError('entity.duplicate', { field: 'code', value: input.code }, [
        { path: 'body.code', code: 'entity.duplicate', message: '' },
      ]);
    const [row] = await tx
      .insert(warrantyPolicies)
      .values(values(ctx, input.code, 1, input))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'warranty_policy',
      entityId: row!.id,
      action: 'warranty_policy.created',
      after: row,
    });
    return policyView(row!);
  });
}

export async function createPolicyVersion(ctx: Ctx, code: string, input: PolicyVersionCreate): Promise<Policy> {
  requirePermission(ctx.actor, 'settings.manage');
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`warranty_policy:${code}`}))`);
    const [last] = await tx
      .select()
      .from(warrantyPolicies)
      .where(eq(warrantyPolicies.code, code))
      .orderBy(desc(warrantyPolicies.version))
      .limit(1);
    if (!last) throw new AppError('warranty.policy_not_found', { code });
    if (input.effectiveFrom < last.effectiveFrom) {
      throw new AppError('warranty.effective_before_previous', { date: last.effectiveFrom }, [
        { path: 'body.effectiveFrom', code: 'warranty.effective_before_previous', message: '' },
      ]);
    }
    const [row] = await tx
      .insert(warrantyPolicies)
      .values(values(ctx, code, last.version + 1, input))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'warranty_policy',
      entityId: row!.id,
      action: 'warranty_policy.versioned',
      before: last,
      after: row,
    });
    return policyView(row!);
  });
}

/** The default policies (defaults.ts). Idempotent: existing codes are left alone. */
export async function seedWarrantyDefaults(tx: DbLike, ctx: Ctx): Promise<void> {
  for (const p of DEFAULT_POLICIES) {
    const [exists] = await tx
      .select({ id: warrantyPolicies.id })
      .from(warrantyPolicies)
      .where(and(eq(warrantyPolicies.code, p.code)))
      .limit(1);
    if (exists) continue;
    const [row] = await tx
      .insert(warrantyPolicies)
      .values(
        values(ctx, p.code, 1, {
          ...p,
          effectiveFrom: '2000-01-01',
          active: true,
          note: 'DOMAIN.md, Warranty and 三包',
        }),
      )
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'warranty_policy',
      entityId: row!.id,
      action: 'warranty_policy.created',
      after: row,
    });
  }
}

const SEED_LOCK = 727_3312;

/** At server start: a system set up before this module existed gets the defaults too. */
export async function ensureWarrantyDefaults(db: Db, now: Date = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    const [hq] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.kind, 'hq')).limit(1);
    if (!hq) return;
    await seedWarrantyDefaults(tx, systemCtx(db, { name: 'upgrade', now }));
  });
}
