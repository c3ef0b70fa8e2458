import { and, eq } from 'drizzle-orm';
import { errorMessage } from '../../../shared/errors.js';
import type { Text } from '../../../shared/i18n.js';
import type { Permission } from '../../../shared/permissions.js';
import type { Db, DbLike } from '../../db/client.js';
import { requirePermission } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events/index.js';
import { assertVersion, recordNotFound } from '../../platform/records.js';
import { addDays, createContract, warrantyEndsOf } from '../warranty/index.js';
import { createOrder } from '../work-orders/index.js';
import type {
  BulkItem,
  BulkOrdersBody,
  BulkResults,
  ClearPlanBody,
  OfferItem,
  PlanBody,
  ResponseBody,
  UnitCare,
} from './contract.js';
import { loadFacts, loadUnits, maintenanceItem, todayOf, zoneAt } from './facts.js';
import { getOffer, UNIT, unitCare } from './queries.js';
import { expiresWithin, RESPONSE_NAMES } from './rules.js';
import { careOfferEvents, careOffers, carePlans } from './tables.js';

/*
 * Care commands: each runs in one transaction, locks its record, checks its version, writes and
 * appends its audit event (actor, time). Bulk maintenance orders are created one by one through
 * the work-order module's creation pipeline (`createOrder`), each in its own transaction, and the
 * answer reports every unit: created, or refused with why.
 */

const actorName = (ctx: Ctx) => ctx.actor.displayName || ctx.actor.username;

/** The unit for a command: in the actor's scope (out of scope reads as not found). */
async function unitFor(ctx: Ctx, db: DbLike, unitId: string, field?: string) {
  const [u] = await loadUnits(db, ctx.actor, { unitId });
  if (!u) throw recordNotFound(ctx.lang, UNIT, field);
  return u;
}

// ---- Custom plans ------------------------------------------------------------------------------

/** PUT /api/care/units/:unitId/plan: sets the unit's custom maintenance plan. */
export async function setPlan(ctx: Ctx, unitId: string, body: PlanBody): Promise<UnitCare> {
  requirePermission(ctx.actor, 'care.manage');
  if (body.intervalDays !== undefined && body.intervalMonths !== undefined)
    throw fieldError('body.intervalMonths', 'care.plan_interval_both');
  if (body.intervalDays === undefined && body.intervalMonths === undefined && body.nextOn === undefined)
    throw fieldError('body.intervalDays', 'care.plan_empty');
  await ctx.db.transaction(async (tx) => {
    const u = await unitFor(ctx, tx, unitId);
    const today = await todayOf(tx, ctx.now);
    if (body.nextOn !== undefined && body.nextOn < today)
      throw fieldError('body.nextOn', 'care.plan_date_past', { nextOn: body.nextOn, today });
    const [before] = await tx.select().from(carePlans).where(eq(carePlans.unitId, unitId)).for('update');
    await assertVersion(
      tx,
      ctx,
      { entity: 'care_plan', entityId: unitId, version: before?.version ?? 0, updatedAt: before?.updatedAt },
      body.version,
    );
    const values = {
      active: true,
      intervalDays: body.intervalDays ?? null,
      intervalMonths: body.intervalMonths ?? null,
      nextOn: body.nextOn ?? null,
      note: body.note ?? null,
      setOn: today,
      setBy: ctx.actor.id,
      setByName: actorName(ctx),
      orgPath: u.orgPath,
      updatedAt: ctx.now,
    };
    const [after] = before
      ? await tx
          .update(carePlans)
          .set({ ...values, version: before.version + 1 })
          .where(eq(carePlans.unitId, unitId))
          .returning()
      : await tx
          .insert(carePlans)
          .values({ unitId, ...values, version: 1, createdAt: ctx.now })
          .returning();
    await appendEvent(tx, ctx, {
      entity: 'care_plan',
      entityId: unitId,
      action: 'care_plan.set',
      before: before ?? undefined,
      after,
      orgPath: u.orgPath,
    });
  });
  return unitCare(ctx, unitId);
}

/** POST /api/care/units/:unitId/plan/clear: back to the model's cycle and contracts. */
export async function clearPlan(ctx: Ctx, unitId: string, body: ClearPlanBody): Promise<UnitCare> {
  requirePermission(ctx.actor, 'care.manage');
  await ctx.db.transaction(async (tx) => {
    const u = await unitFor(ctx, tx, unitId);
    const [before] = await tx.select().from(carePlans).where(eq(carePlans.unitId, unitId)).for('update');
    if (!before?.active) throw new AppError('care.no_plan', { serialNo: u.serialNo });
    await assertVersion(
      tx,
      ctx,
      { entity: 'care_plan', entityId: unitId, version: before.version, updatedAt: before.updatedAt },
      body.version,
    );
    const [after] = await tx
      .update(carePlans)
      .set({
        active: false,
        version: before.version + 1,
        updatedAt: ctx.now,
        setBy: ctx.actor.id,
        setByName: actorName(ctx),
      })
      .where(eq(carePlans.unitId, unitId))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'care_plan',
      entityId: unitId,
      action: 'care_plan.cleared',
      before,
      after,
      orgPath: u.orgPath,
    });
  });
  return unitCare(ctx, unitId);
}

// ---- Bulk maintenance orders -------------------------------------------------------------------

const MAINTENANCE_TEXT = '定期保养';

function refusal(e: AppError): { reason: Text; code: string } {
  return {
    code: e.code,
    reason: { 'zh-CN': errorMessage(e.code, 'zh-CN', e.params), en: errorMessage(e.code, 'en', e.params) },
  };
}

/**
 * POST /api/care/maintenance/orders: one maintenance order per chosen unit, through the normal
 * creation pipeline as the planner (each in its own transaction; a refusal of one unit does not
 * stop the others). Refused: a unit not in use, already with an open maintenance order, listed
 * twice, or whatever the pipeline refuses. A unit unknown or out of scope refuses the whole
 * request (404 naming `body.unitIds.N`) before anything is created.
 */
export async function createMaintenanceOrders(ctx: Ctx, body: BulkOrdersBody): Promise<BulkResults> {
  requirePermission(ctx.actor, 'care.manage');
  requirePermission(ctx.actor, 'orders.create');
  const zone = await zoneAt(ctx.db, ctx.now);
  const today = await todayOf(ctx.db, ctx.now);
  const lead = await getSetting(ctx.db, 'care.maintenanceLeadDays', ctx.now);
  const rows = await loadUnits(ctx.db, ctx.actor, { unitIds: [...new Set(body.unitIds)] });
  // A unit unknown or outside the planner's scope is a mistake in the request, not a refusal of one unit.
  body.unitIds.forEach((id, i) => {
    if (!rows.some((r) => r.id === id)) throw recordNotFound(ctx.lang, UNIT, `body.unitIds.${i}`);
  });
  const facts = await loadFacts(ctx.db, rows, zone);
  const seen = new Set<string>();
  const items: BulkItem[] = [];
  for (const unitId of body.unitIds) {
    const u = rows.find((r) => r.id === unitId);
    const base = { unitId, serialNo: u?.serialNo ?? null, orderId: null, orderCode: null };
    const refuse = (e: AppError) => items.push({ ...base, result: 'refused', ...refusal(e) });
    if (seen.has(unitId)) {
      refuse(new AppError('care.duplicate_unit'));
      continue;
    }
    seen.add(unitId);
    if (!u) continue; // checked above
    if (u.status !== 'active') {
      refuse(new AppError('care.unit_inactive', { serialNo: u.serialNo }));
      continue;
    }
    const open = facts.openOrders.get(u.id);
    if (open) {
      refuse(new AppError('care.open_maintenance_order', { serialNo: u.serialNo, orderCode: open.code }));
      continue;
    }
    const item = maintenanceItem(u, facts, today, lead);
    const due = item.nextOn ? `，应保养日${item.nextOn}` : '';
    try {
      // The key makes a repeated request (a double click, a retry) answer the first order.
      const made = await createOrder(
        ctx,
        {
          customerId: u.customerId,
          unitId: u.id,
          serviceType: 'maintenance',
          priority: body.priority ?? 3,
          faultDescription: `${body.description ?? MAINTENANCE_TEXT}${due}`,
        },
        `care-maintenance:${u.id}:${item.nextOn ?? today}`,
      );
      const code = made.kind === 'created' ? made.detail.code : null;
      items.push({ ...base, result: 'created', orderId: made.id, orderCode: code, reason: null, code: null });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      refuse(e);
    }
  }
  const created = items.filter((i) => i.result === 'created').length;
  return { items, total: items.length, created, refused: items.length - created };
}

// ---- Warranty-expiry offers --------------------------------------------------------------------

/**
 * What buying means is the offer's authority, not the agent's own: recording "bought" sells the
 * contract through the warranty module's command as the same person (the audit names them), with
 * the right to write service contracts added for that step.
 */
function saleCtx(ctx: Ctx, tx: DbLike): Ctx {
  const extra: Permission[] = ['customers.manage'];
  return {
    ...ctx,
    db: tx as unknown as Db,
    actor: { ...ctx.actor, permissions: new Set([...ctx.actor.permissions, ...extra]) },
  };
}

/**
 * POST /api/care/warranty-offers/:unitId/response: the customer's answer to the offer about the
 * warranty ending on `warrantyEndsOn`. The first answer records the offer (version 0); "bought"
 * creates the extended-warranty contract from the day after the warranty ends and closes the offer.
 */
export async function respondToOffer(ctx: Ctx, unitId: string, body: ResponseBody): Promise<OfferItem> {
  requirePermission(ctx.actor, 'care.manage');
  if (body.response === 'bought' && !body.contract) throw fieldError('body.contract', 'care.contract_required');
  if (body.response !== 'bought' && body.contract) throw fieldError('body.contract', 'care.contract_unexpected');
  await ctx.db.transaction(async (tx) => {
    const u = await unitFor(ctx, tx, unitId);
    let [row] = await tx
      .select()
      .from(careOffers)
      .where(and(eq(careOffers.unitId, unitId), eq(careOffers.warrantyEndsOn, body.warrantyEndsOn)))
      .for('update');
    if (!row) {
      const today = await todayOf(tx, ctx.now);
      const days = await getSetting(tx, 'care.warrantyExpiryLeadDays', ctx.now);
      const end = (await warrantyEndsOf(tx, [unitId], ctx.now)).get(unitId)?.endsOn ?? null;
      if (end !== body.warrantyEndsOn || !expiresWithin(end, today, days))
        throw new AppError('care.not_expiring', { serialNo: u.serialNo, warrantyEndsOn: body.warrantyEndsOn, days }, [
          { path: 'body.warrantyEndsOn', code: 'care.not_expiring', message: '' },
        ]);
      await assertVersion(tx, ctx, { entity: 'care_offer', entityId: unitId, version: 0 }, body.version);
      [row] = await tx
        .insert(careOffers)
        .values({
          unitId,
          customerId: u.customerId,
          warrantyEndsOn: end,
          state: 'open',
          orgPath: u.orgPath,
          version: 0,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning();
    } else {
      if (row.state === 'bought')
        throw new AppError('care.offer_closed', { serialNo: u.serialNo, contractCode: row.contractCode ?? '' });
      await assertVersion(
        tx,
        ctx,
        { entity: 'care_offer', entityId: row.id, version: row.version, updatedAt: row.updatedAt },
        body.version,
      );
    }
    const offer = row!;
    let contract: { id: string; code: string } | null = null;
    if (body.response === 'bought' && body.contract) {
      const c = await createContract(saleCtx(ctx, tx), {
        kind: 'extended_warranty',
        unitId,
        coversParts: body.contract.coversParts,
        coversLabour: body.contract.coversLabour,
        materialsAtCost: false,
        startsOn: addDays(offer.warrantyEndsOn, 1),
        endsOn: null,
        months: body.contract.months,
        priceFen: body.contract.priceFen,
        visitsIncluded: null,
        note: `延保推荐成交（保修${offer.warrantyEndsOn}到期）`,
      });
      contract = { id: c.id, code: c.code };
    }
    const [after] = await tx
      .update(careOffers)
      .set({
        state: body.response,
        note: body.note ?? null,
        respondedAt: ctx.now,
        respondedBy: ctx.actor.id,
        respondedByName: actorName(ctx),
        contractId: contract?.id ?? offer.contractId,
        contractCode: contract?.code ?? offer.contractCode,
        version: offer.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(careOffers.id, offer.id))
      .returning();
    const name = RESPONSE_NAMES[body.response];
    await tx.insert(careOfferEvents).values({
      offerId: offer.id,
      kind: 'response',
      response: body.response,
      note: body.note ?? null,
      actorId: ctx.actor.id,
      actorName: actorName(ctx),
      at: ctx.now,
      text: contract
        ? {
            'zh-CN': `客户答复：${name['zh-CN']}，签订合同${contract.code}`,
            en: `Answer: ${name.en}, contract ${contract.code}`,
          }
        : { 'zh-CN': `客户答复：${name['zh-CN']}`, en: `Answer: ${name.en}` },
      data: contract ? { contractId: contract.id } : {},
    });
    await appendEvent(tx, ctx, {
      entity: 'care_offer',
      entityId: offer.id,
      action: 'care_offer.answered',
      before: { state: offer.state, note: offer.note },
      after: { state: after!.state, note: after!.note, contractId: after!.contractId },
      orgPath: offer.orgPath,
    });
  });
  return getOffer(ctx, unitId, body.warrantyEndsOn);
}
