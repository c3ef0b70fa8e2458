import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import type { Actor } from '../../../platform/access/index.js';
import { assertOrgUnitInScope, withinScope } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { orgUnits, userRoles, users } from '../../../platform/identity/tables.js';
import { getCustomer } from '../../customers/index.js';
import type { ConsignmentDepotCreate } from '../contract.js';
import { depots } from '../tables.js';

/*
 * Depots (docs/parts.md): HQ, every center and outlet has one, and every technician a van. They
 * are derived from the org tree and made when first needed (`ensureDepotFor`, `ensureVanDepot`,
 * and `syncDepots` before listing), so no org or user command needs to know about stock.
 * Consignment depots at big customers are created on purpose.
 */

export type DepotRow = typeof depots.$inferSelect;

/** The depot of an HQ, center or outlet unit, made on first use. */
export async function ensureDepotFor(tx: DbLike, orgUnitId: string): Promise<DepotRow> {
  const find = () =>
    tx
      .select()
      .from(depots)
      .where(and(eq(depots.orgUnitId, orgUnitId), inArray(depots.kind, ['hq', 'center', 'outlet'])));
  const [found] = await find();
  if (found) return found;
  const [unit] = await tx
    .select({ code: orgUnits.code, name: orgUnits.name, kind: orgUnits.kind })
    .from(orgUnits)
    .where(eq(orgUnits.id, orgUnitId));
  if (!unit) throw new AppError('entity.not_found', { entity: 'org unit' });
  await tx
    .insert(depots)
    .values({ code: `D-${unit.code}`, name: unit.name, kind: unit.kind, orgUnitId })
    .onConflictDoNothing();
  const [made] = await find();
  return made!;
}

/** A technician's van (personal stock), made on first use; it belongs to the technician's unit. */
export async function ensureVanDepot(tx: DbLike, userId: string): Promise<DepotRow> {
  const find = () =>
    tx
      .select()
      .from(depots)
      .where(and(eq(depots.technicianUserId, userId), eq(depots.kind, 'van')));
  const [found] = await find();
  if (found) return found;
  const [user] = await tx
    .select({ username: users.username, displayName: users.displayName, orgUnitId: users.orgUnitId })
    .from(users)
    .where(eq(users.id, userId));
  if (!user?.orgUnitId) throw new AppError('entity.not_found', { entity: 'user' });
  await tx
    .insert(depots)
    .values({
      code: `VAN-${user.username.toUpperCase()}`,
      name: user.displayName,
      kind: 'van',
      orgUnitId: user.orgUnitId,
      technicianUserId: userId,
    })
    .onConflictDoNothing();
  const [made] = await find();
  return made!;
}

/**
 * Makes the missing depots of the units and technicians in the actor's scope, in two idempotent
 * statements, so a list of depots shows every one there is to stock.
 */
export async function syncDepots(db: DbLike, actor: Actor): Promise<void> {
  await db.execute(sql`
    insert into ${depots} (code, name, kind, org_unit_id)
    select 'D-' || ${orgUnits.code}, ${orgUnits.name}, ${orgUnits.kind}, ${orgUnits.id}
    from ${orgUnits}
    where ${orgUnits.active} and ${withinScope(actor, orgUnits.path)}
      and not exists (select 1 from ${depots} d where d.org_unit_id = ${orgUnits.id} and d.kind in ('hq', 'center', 'outlet'))
    on conflict do nothing`);
  await db.execute(sql`
    insert into ${depots} (code, name, kind, org_unit_id, technician_user_id)
    select 'VAN-' || upper(${users.username}), ${users.displayName}, 'van', ${users.orgUnitId}, ${users.id}
    from ${users} join ${orgUnits} on ${orgUnits.id} = ${users.orgUnitId}
    where ${users.active} and ${withinScope(actor, orgUnits.path)}
      and exists (select 1 from ${userRoles} ur where ur.user_id = ${users.id} and ur.role_code = 'technician')
      and not exists (select 1 from ${depots} d where d.technician_user_id = ${users.id} and d.kind = 'van')
    on conflict do nothing`);
}

/** A consignment depot at a big customer (parts pre-stocked there, seed 001), kept by a unit in scope. */
export async function createConsignmentDepot(ctx: Ctx, input: ConsignmentDepotCreate): Promise<DepotRow> {
  // The customer must be one the caller may read (its archive answers 404 otherwise).
  await getCustomer(ctx, input.customerId);
  return ctx.db.transaction(async (tx) => {
    const unit = await assertOrgUnitInScope(tx, ctx.actor, input.orgUnitId);
    const [row] = await tx
      .insert(depots)
      .values({
        code: input.code,
        name: input.name,
        kind: 'consignment',
        orgUnitId: input.orgUnitId,
        customerId: input.customerId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw new AppError('entity.duplicate', { field: ctx.lang === 'en' ? 'Code' : '编码', value: input.code }, [
        { path: 'code', code: 'entity.duplicate', message: '' },
      ]);
    }
    await appendEvent(tx, ctx, {
      entity: 'depot',
      entityId: row.id,
      action: 'depot.created',
      after: row,
      orgPath: unit.path,
    });
    return row;
  });
}
