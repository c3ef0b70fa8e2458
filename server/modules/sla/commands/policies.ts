import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbLike } from '../../../db/client.js';
import { requirePermission } from '../../../platform/access/index.js';
import { type Ctx, systemCtx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { invalidateCaches } from '../../../platform/cache/index.js';
import { getSetting } from '../../../platform/config/index.js';
import { appendEvent } from '../../../platform/events/index.js';
import { orgUnits } from '../../../platform/identity/tables.js';
import { assertVersion, localDateTime, recordNotFound } from '../../../platform/records.js';
import type { MilestoneSpec, PolicyCreate, PolicyVersionCreate } from '../contract.js';
import { SLA_CACHE } from '../config.js';
import { ENTITY_NAMES } from '../names.js';
import { DEFAULT_CALENDARS, DEFAULT_POLICIES } from '../rules.js';
import { OFFICE_WEEK } from '../store.js';
import { slaCalendars, slaPolicies } from '../tables.js';

/*
 * Policies are versions, never edited in place: a change appends a version with its own
 * effective time, and milestones keep the version they were planned with (DOMAIN.md: rules that
 * judge past events read the setting in force then).
 */

type Fields = Omit<PolicyCreate, 'code'>;

async function checkMilestones(tx: DbLike, milestones: MilestoneSpec[]): Promise<void> {
  const seen = new Set<string>();
  milestones.forEach((m, n) => {
    if (seen.has(m.key))
      throw fieldError(`body.milestones.${n}.key`, 'sla.duplicate_milestone', {
        field: `milestones[${n}].key`,
        value: m.key,
      });
    seen.add(m.key);
  });
  const codes = [...new Set(milestones.map((m) => m.calendar))];
  const found = await tx
    .select({ code: slaCalendars.code })
    .from(slaCalendars)
    .where(and(inArray(slaCalendars.code, codes), eq(slaCalendars.active, true)));
  const known = new Set(found.map((f) => f.code));
  milestones.forEach((m, n) => {
    if (!known.has(m.calendar))
      throw fieldError(`body.milestones.${n}.calendar`, 'sla.unknown_calendar', {
        field: `milestones[${n}].calendar`,
        value: m.calendar,
      });
  });
}

function values(ctx: Ctx, code: string, version: number, input: Fields, effectiveFrom: Date) {
  return {
    code,
    version,
    name: input.name,
    effectiveFrom,
    active: input.active,
    serviceType: input.serviceType,
    productLineId: input.productLineId,
    customerKind: input.customerKind,
    zone: input.zone,
    faultLevel: input.faultLevel,
    provinceGroup: input.provinceGroup,
    milestones: input.milestones,
    note: input.note ?? null,
    createdBy: ctx.actor.id,
    createdAt: ctx.now,
  };
}

export async function createPolicy(ctx: Ctx, input: PolicyCreate) {
  requirePermission(ctx.actor, 'settings.manage');
  return ctx.db.transaction(async (tx) => {
    // Orders planned after this commit see the change on every instance (config.ts).
    await invalidateCaches(tx, [SLA_CACHE]);
    const [dup] = await tx
      .select({ id: slaPolicies.id })
      .from(slaPolicies)
      .where(eq(slaPolicies.code, input.code))
      .limit(1);
    if (dup)
      throw new AppError('entity.duplicate', { field: 'code', value: input.code }, [
        { path: 'body.code', code: 'entity.duplicate', message: '' },
      ]);
    await checkMilestones(tx, input.milestones);
    const [row] = await tx
      .insert(slaPolicies)
      .values(values(ctx, input.code, 1, input, input.effectiveFrom ? new Date(input.effectiveFrom) : ctx.now))
      .returning();
    await appendEvent(tx, ctx, { entity: 'sla_policy', entityId: row!.id, action: 'create', after: row });
    return row!;
  });
}

/** Appends a version of policy `code`; `basedOn` must be the latest version (else 409). */
export async function createPolicyVersion(ctx: Ctx, code: string, input: PolicyVersionCreate) {
  requirePermission(ctx.actor, 'settings.manage');
  return ctx.db.transaction(async (tx) => {
    // Orders planned after this commit see the change on every instance (config.ts).
    await invalidateCaches(tx, [SLA_CACHE]);
    const [latest] = await tx
      .select()
      .from(slaPolicies)
      .where(eq(slaPolicies.code, code))
      .orderBy(desc(slaPolicies.version))
      .limit(1)
      .for('update');
    if (!latest) throw recordNotFound(ctx.lang, ENTITY_NAMES.policy);
    await assertVersion(tx, ctx, { entity: 'sla_policy', entityId: latest.id, version: latest.version }, input.basedOn);
    await checkMilestones(tx, input.milestones);
    const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : ctx.now;
    if (effectiveFrom < latest.effectiveFrom) {
      throw fieldError('body.effectiveFrom', 'sla.effective_before_previous', {
        field: 'effectiveFrom',
        // Said in the company's zone (company.timeZone), like every time people read.
        previous: localDateTime(latest.effectiveFrom, await getSetting(tx, 'company.timeZone', ctx.now)),
      });
    }
    const [row] = await tx
      .insert(slaPolicies)
      .values(values(ctx, code, latest.version + 1, input, effectiveFrom))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'sla_policy',
      entityId: row!.id,
      action: 'version',
      before: latest,
      after: row,
    });
    return row!;
  });
}

/**
 * The default calendars and policies (rules.ts), written at setup. Idempotent: existing codes
 * are left alone, so running it again never overwrites an administrator's edits.
 */
export async function seedSlaDefaults(tx: DbLike, ctx: Ctx): Promise<void> {
  await invalidateCaches(tx, [SLA_CACHE]);
  for (const c of DEFAULT_CALENDARS) {
    const [exists] = await tx.select({ id: slaCalendars.id }).from(slaCalendars).where(eq(slaCalendars.code, c.code));
    if (exists) continue;
    const [row] = await tx
      .insert(slaCalendars)
      .values({
        code: c.code,
        name: c.name,
        kind: c.kind,
        timeZone: null,
        hours: c.kind === 'working' ? OFFICE_WEEK : [[], [], [], [], [], [], []],
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await appendEvent(tx, ctx, { entity: 'sla_calendar', entityId: row!.id, action: 'create', after: row });
  }
  for (const p of DEFAULT_POLICIES) {
    const [exists] = await tx
      .select({ id: slaPolicies.id })
      .from(slaPolicies)
      .where(eq(slaPolicies.code, p.code))
      .limit(1);
    if (exists) continue;
    const [row] = await tx
      .insert(slaPolicies)
      .values({
        code: p.code,
        version: 1,
        name: p.name,
        // In force for everything from the start: orders reported before setup still get limits.
        effectiveFrom: new Date('2000-01-01T00:00:00Z'),
        active: true,
        zone: p.zone,
        milestones: p.milestones,
        note: 'DOMAIN.md, Time limits',
        createdBy: ctx.actor.id,
        createdAt: ctx.now,
      })
      .returning();
    await appendEvent(tx, ctx, { entity: 'sla_policy', entityId: row!.id, action: 'create', after: row });
  }
}

/** Advisory lock key: two instances starting at once seed the defaults one after the other. */
const SEED_LOCK = 727_3311;

/**
 * At server start: a system set up before this module existed gets the defaults too. Does
 * nothing before setup (setup seeds them) and nothing once they exist.
 */
export async function ensureSlaDefaults(db: Db, now: Date = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    const [hq] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.kind, 'hq')).limit(1);
    if (!hq) return;
    await seedSlaDefaults(tx, systemCtx(db, { name: 'upgrade', now }));
  });
}
