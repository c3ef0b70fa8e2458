import { and, eq } from 'drizzle-orm';
import { requirePermission, withinScope } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { orgUnits, users } from '../../../platform/identity/tables.js';
import { assertVersion, definedFields } from '../../../platform/records.js';
import { notFound } from '../common.js';
import type { CertificationCreate, CertificationPatch } from '../contract.js';
import { productLinesByIds } from '../ports.js';
import { technicianCertifications } from '../tables.js';

/*
 * Technician certifications: a technician may only be assigned orders of product lines they
 * hold a valid certification for (seeds 000, 002). Scoped by the technician's unit.
 */

export async function createCertification(ctx: Ctx, input: CertificationCreate): Promise<string> {
  requirePermission(ctx.actor, 'orders.dispatch');
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, path: orgUnits.path })
      .from(users)
      .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
      .where(and(eq(users.id, input.userId), withinScope(ctx.actor, orgUnits.path)));
    if (!user) throw notFound(ctx, 'user', 'userId');
    if (!(await productLinesByIds(tx, [input.productLineId])).has(input.productLineId))
      throw notFound(ctx, 'product_line', 'productLineId');
    const [dup] = await tx
      .select({ id: technicianCertifications.id })
      .from(technicianCertifications)
      .where(
        and(
          eq(technicianCertifications.userId, input.userId),
          eq(technicianCertifications.productLineId, input.productLineId),
        ),
      );
    if (dup) {
      throw new AppError('entity.duplicate', { field: 'productLineId', value: input.productLineId }, [
        { path: 'productLineId', code: 'entity.duplicate', message: '' },
      ]);
    }
    const [row] = await tx
      .insert(technicianCertifications)
      .values({
        userId: input.userId,
        productLineId: input.productLineId,
        validUntil: input.validUntil,
        certificateNo: input.certificateNo ?? null,
        orgPath: user.path,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'technician_certification',
      entityId: row!.id,
      action: 'technician_certification.created',
      after: row,
      orgPath: row!.orgPath,
    });
    return row!.id;
  });
}

async function lockCertification(tx: Parameters<Parameters<Ctx['db']['transaction']>[0]>[0], ctx: Ctx, id: string) {
  const [row] = await tx
    .select()
    .from(technicianCertifications)
    .where(and(eq(technicianCertifications.id, id), withinScope(ctx.actor, technicianCertifications.orgPath)))
    .for('update');
  if (!row) throw notFound(ctx, 'certification');
  return row;
}

export async function updateCertification(ctx: Ctx, id: string, input: CertificationPatch): Promise<void> {
  requirePermission(ctx.actor, 'orders.dispatch');
  await ctx.db.transaction(async (tx) => {
    const before = await lockCertification(tx, ctx, id);
    await assertVersion(
      tx,
      ctx,
      { entity: 'technician_certification', entityId: id, version: before.version },
      input.version,
    );
    const { version: _v, ...fields } = definedFields(input);
    const [after] = await tx
      .update(technicianCertifications)
      .set({ ...fields, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(technicianCertifications.id, id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'technician_certification',
      entityId: id,
      action: 'technician_certification.updated',
      before,
      after,
      orgPath: before.orgPath,
    });
  });
}

export async function deleteCertification(ctx: Ctx, id: string, version: number): Promise<void> {
  requirePermission(ctx.actor, 'orders.dispatch');
  await ctx.db.transaction(async (tx) => {
    const before = await lockCertification(tx, ctx, id);
    await assertVersion(
      tx,
      ctx,
      { entity: 'technician_certification', entityId: id, version: before.version },
      version,
    );
    await tx.delete(technicianCertifications).where(eq(technicianCertifications.id, id));
    await appendEvent(tx, ctx, {
      entity: 'technician_certification',
      entityId: id,
      action: 'technician_certification.deleted',
      before,
      orgPath: before.orgPath,
    });
  });
}
