import { and, eq } from 'drizzle-orm';
import { pathInScope, requirePermission, withinScope } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { orgUnits, userRoles, users } from '../../../platform/identity/tables.js';
import { recordNotFound } from '../../../platform/records.js';
import type { EntryCorrect, Handover, HandoverCreate } from './contract.js';
import { companyDay, lockTechnicianCash } from './common.js';
import { handoverById, NAMES } from './queries.js';
import { netAfterCorrection, yuanNumber } from './rules.js';
import { cashHandovers, collections } from './tables.js';

/*
 * The technician's hand-over (交款) of collected cash to the outlet or to HQ finance
 * (docs/money-collection.md): recorded by the receiver, for a technician of their scope. A
 * correction is a new signed entry referencing the corrected one, never an edit.
 */

/** The receiver records: outlet staff or finance who reconcile cash (money.reconcile), not a technician. */
export async function recordHandover(ctx: Ctx, body: HandoverCreate): Promise<Handover> {
  requirePermission(ctx.actor, 'money.reconcile');
  const id = await ctx.db.transaction(async (tx) => {
    const [tech] = await tx
      .select({ id: users.id, name: users.displayName, unitId: orgUnits.id, unitPath: orgUnits.path })
      .from(users)
      .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
      .where(eq(users.id, body.technicianId));
    if (!tech || !pathInScope(ctx.actor, tech.unitPath))
      throw recordNotFound(ctx.lang, NAMES.technician, 'body.technicianId');
    if (tech.id === ctx.actor.id) throw fieldError('technicianId', 'handover.self_receipt');
    // A technician, or anyone who has collected cash (outlet staff taking a payment).
    const [role] = await tx
      .select({ r: userRoles.roleCode })
      .from(userRoles)
      .where(and(eq(userRoles.userId, tech.id), eq(userRoles.roleCode, 'technician')));
    if (!role) {
      const [cash] = await tx
        .select({ id: collections.id })
        .from(collections)
        .where(and(eq(collections.collectedBy, tech.id), eq(collections.method, 'cash')))
        .limit(1);
      if (!cash) throw fieldError('technicianId', 'handover.not_technician', { name: tech.name });
    }
    const { day: today } = await companyDay(tx, ctx.now);
    const day = body.day ?? today;
    if (day > today) throw fieldError('day', 'handover.future_day', { day, today });
    await lockTechnicianCash(tx, tech.id);
    const [row] = await tx
      .insert(cashHandovers)
      .values({
        technicianId: tech.id,
        unitId: tech.unitId,
        unitPath: tech.unitPath,
        amountFen: body.amountFen,
        toTarget: body.to,
        day,
        note: body.note ?? null,
        receivedBy: ctx.actor.id!,
        receivedAt: ctx.now,
      })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'cash_handover',
      entityId: row!.id,
      action: 'handover.recorded',
      after: { technicianId: tech.id, technician: tech.name, amountFen: body.amountFen, to: body.to, day },
      orgPath: tech.unitPath,
    });
    return row!.id;
  });
  return (await handoverById(ctx.db, id))!;
}

export async function correctHandover(ctx: Ctx, id: string, body: EntryCorrect): Promise<Handover> {
  requirePermission(ctx.actor, 'money.reconcile');
  const newId = await ctx.db.transaction(async (tx) => {
    const [found] = await tx
      .select()
      .from(cashHandovers)
      .where(and(eq(cashHandovers.id, id), withinScope(ctx.actor, cashHandovers.unitPath)));
    if (!found) throw recordNotFound(ctx.lang, NAMES.handover);
    if (found.correctsId) throw new AppError('handover.is_correction');
    await lockTechnicianCash(tx, found.technicianId);
    const earlier = await tx
      .select({ fen: cashHandovers.amountFen })
      .from(cashHandovers)
      .where(eq(cashHandovers.correctsId, id));
    const net = netAfterCorrection(
      found.amountFen,
      earlier.map((e) => e.fen),
      body.amountFen,
    );
    if (net < 0) throw fieldError('amountFen', 'handover.below_zero', { netYuan: yuanNumber(net) });
    const { day } = await companyDay(tx, ctx.now);
    const [row] = await tx
      .insert(cashHandovers)
      .values({
        technicianId: found.technicianId,
        unitId: found.unitId,
        unitPath: found.unitPath,
        amountFen: body.amountFen,
        toTarget: found.toTarget,
        day,
        note: found.note,
        receivedBy: ctx.actor.id!,
        receivedAt: ctx.now,
        correctsId: id,
        reason: body.reason,
      })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'cash_handover',
      entityId: row!.id,
      action: 'handover.corrected',
      after: { corrects: id, amountFen: body.amountFen, netFen: net },
      reason: body.reason,
      orgPath: found.unitPath,
    });
    return row!.id;
  });
  return (await handoverById(ctx.db, newId))!;
}
