import { eq } from 'drizzle-orm';
import { assertOrgUnitInScope, requirePermission } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { orgUnits } from '../../../platform/identity/tables.js';
import type { OrgUnitCreate } from '../contract.js';
import { childPath, parentProblem } from '../rules.js';

export type OrgUnitRow = typeof orgUnits.$inferSelect;

/** Creates a center under HQ or an outlet under a center, within the actor's subtree. */
export async function createOrgUnit(ctx: Ctx, input: OrgUnitCreate): Promise<OrgUnitRow> {
  requirePermission(ctx.actor, 'org.manage');
  return ctx.db.transaction(async (tx) => {
    await assertOrgUnitInScope(tx, ctx.actor, input.parentId);
    const [parent] = await tx.select().from(orgUnits).where(eq(orgUnits.id, input.parentId));
    const problem = parentProblem(input.kind, parent ?? null);
    if (problem) throw new AppError('org.invalid_parent', { reason: problem }, [{ path: 'parentId', code: 'org.invalid_parent', message: '' }]);
    const id = crypto.randomUUID();
    const [row] = await tx
      .insert(orgUnits)
      .values({ ...input, id, path: childPath(parent!.path, id), createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    await appendEvent(tx, ctx, { entity: 'org_unit', entityId: id, action: 'org_unit.created', after: row, orgPath: row!.path });
    return row!;
  });
}

/** The root unit; only setup calls this, once. */
export async function createHeadquarters(ctx: Ctx, input: { code: string; name: string }): Promise<OrgUnitRow> {
  return ctx.db.transaction(async (tx) => {
    const id = crypto.randomUUID();
    const [row] = await tx
      .insert(orgUnits)
      .values({ id, kind: 'hq', code: input.code, name: input.name, path: `${id}/`, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    await appendEvent(tx, ctx, { entity: 'org_unit', entityId: id, action: 'org_unit.created', after: row, orgPath: row!.path });
    return row!;
  });
}
