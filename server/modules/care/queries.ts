import { and, asc, between, eq, inArray, type SQL } from 'drizzle-orm';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import { orgUnitWithinScope, requirePermission, withinScope } from '../../platform/access/index.js';
import { listOf } from '../../platform/lists/contract.js';
import { recordNotFound } from '../../platform/records.js';
import { addDays, daysBetween, warrantyEndsOf } from '../warranty/index.js';
import type { MaintenanceList, MaintenanceQuery, OfferItem, OfferList, OfferQuery, UnitCare } from './contract.js';
import { loadFacts, loadUnits, maintenanceItem, orgPathOf, planView, todayOf, type UnitRow, zoneAt } from './facts.js';
import { expiresWithin, inPeriod } from './rules.js';
import { careOfferEvents, careOffers } from './tables.js';
import { orgUnits } from '../../platform/identity/tables.js';

export const UNIT = { 'zh-CN': '产品', en: 'Unit' };
export const ORG_UNIT = { 'zh-CN': '组织单位', en: 'Org unit' };

/** The area filter's path: an org unit in the reader's scope (out of scope reads as not found). */
async function areaPath(ctx: Ctx, orgUnitId: string | undefined): Promise<string | undefined> {
  if (!orgUnitId) return undefined;
  const [u] = await ctx.db
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, orgUnitId), orgUnitWithinScope(ctx.actor, orgUnits.id)));
  const path = u ? await orgPathOf(ctx.db, orgUnitId) : null;
  if (!path) throw recordNotFound(ctx.lang, ORG_UNIT, 'querystring.orgUnitId');
  return path;
}

/** GET /api/care/maintenance: units due for maintenance in a period, in the reader's scope. */
export async function listMaintenance(ctx: Ctx, q: MaintenanceQuery): Promise<MaintenanceList> {
  requirePermission(ctx.actor, 'care.read');
  const zone = await zoneAt(ctx.db, ctx.now);
  const today = await todayOf(ctx.db, ctx.now);
  const lead = await getSetting(ctx.db, 'care.maintenanceLeadDays', ctx.now);
  const from = q.from ?? today;
  const to = q.to ?? addDays(today, lead);
  if (to < from || daysBetween(from, to) > 366) throw fieldError('querystring.to', 'care.period_invalid', { from, to });
  const rows = await loadUnits(ctx.db, ctx.actor, {
    activeOnly: true,
    unitId: q.unitId,
    province: q.province,
    orgPath: await areaPath(ctx, q.orgUnitId),
  });
  const facts = await loadFacts(ctx.db, rows, zone);
  const items = rows
    .map((r) => maintenanceItem(r, facts, today, lead))
    .filter((i) => (q.status === 'not_planned' ? i.status === 'not_planned' : inPeriod(i, from, to)))
    .filter((i) => !q.status || i.status === q.status)
    .sort((a, b) => (a.nextOn ?? '').localeCompare(b.nextOn ?? '') || a.serialNo.localeCompare(b.serialNo));
  return listOf(items);
}

type OfferRow = typeof careOffers.$inferSelect;

async function historyOf(ctx: Ctx, offerIds: string[]) {
  if (!offerIds.length) return [];
  return ctx.db
    .select()
    .from(careOfferEvents)
    .where(inArray(careOfferEvents.offerId, offerIds))
    .orderBy(asc(careOfferEvents.id));
}

function offerItem(
  u: UnitRow,
  endsOn: string,
  today: string,
  row: OfferRow | undefined,
  events: (typeof careOfferEvents.$inferSelect)[],
): OfferItem {
  return {
    unitId: u.id,
    serialNo: u.serialNo,
    modelName: u.modelName,
    customerId: u.customerId,
    customerName: u.customerName,
    warrantyEndsOn: endsOn,
    daysLeft: daysBetween(today, endsOn),
    offerId: row?.id ?? null,
    state: row?.state ?? 'open',
    note: row?.note ?? null,
    remindedAt: row?.remindedAt?.toISOString() ?? null,
    respondedAt: row?.respondedAt?.toISOString() ?? null,
    respondedByName: row?.respondedByName ?? null,
    contractId: row?.contractId ?? null,
    contractCode: row?.contractCode ?? null,
    version: row?.version ?? 0,
    history: row
      ? events
          .filter((e) => e.offerId === row.id)
          .map((e) => ({
            at: e.at.toISOString(),
            actorName: e.actorName,
            kind: e.kind,
            response: e.response,
            note: e.note,
            text: e.text,
          }))
      : [],
  };
}

/**
 * GET /api/care/warranty-offers: units whose warranty (as the warranty module dates it) ends
 * within the lead, and the offers recorded about ends in the same window around today (a bought
 * offer stays listed after the contract moved the unit's end).
 */
export async function listOffers(ctx: Ctx, q: OfferQuery): Promise<OfferList> {
  requirePermission(ctx.actor, 'care.read');
  const today = await todayOf(ctx.db, ctx.now);
  const days = q.days ?? (await getSetting(ctx.db, 'care.warrantyExpiryLeadDays', ctx.now));
  const rows = await loadUnits(ctx.db, ctx.actor, {
    activeOnly: true,
    province: q.province,
    orgPath: await areaPath(ctx, q.orgUnitId),
  });
  const ends = await warrantyEndsOf(
    ctx.db,
    rows.map((r) => r.id),
    ctx.now,
  );
  const where: SQL[] = [
    withinScope(ctx.actor, careOffers.orgPath),
    between(careOffers.warrantyEndsOn, addDays(today, -days), addDays(today, days)),
  ];
  const offers = await ctx.db
    .select()
    .from(careOffers)
    .where(and(...where));
  const byUnit = new Map(rows.map((r) => [r.id, r]));
  const key = (unitId: string, end: string) => `${unitId}|${end}`;
  const picked = new Map<string, { u: UnitRow; end: string; row?: OfferRow }>();
  for (const r of rows) {
    const end = ends.get(r.id)?.endsOn ?? null;
    if (end && expiresWithin(end, today, days)) picked.set(key(r.id, end), { u: r, end });
  }
  for (const o of offers) {
    const u = byUnit.get(o.unitId);
    if (!u) continue;
    picked.set(key(o.unitId, o.warrantyEndsOn), { u, end: o.warrantyEndsOn, row: o });
  }
  const all = [...picked.values()];
  const events = await historyOf(
    ctx,
    all.flatMap((p) => (p.row ? [p.row.id] : [])),
  );
  const items = all
    .map((p) => offerItem(p.u, p.end, today, p.row, events))
    .filter((i) => !q.state || i.state === q.state)
    .sort((a, b) => a.warrantyEndsOn.localeCompare(b.warrantyEndsOn) || a.serialNo.localeCompare(b.serialNo));
  return listOf(items);
}

/** GET /api/care/units/:unitId: the unit's next maintenance, plan, warranty end and current offer. */
export async function unitCare(ctx: Ctx, unitId: string): Promise<UnitCare> {
  requirePermission(ctx.actor, 'care.read');
  const [u] = await loadUnits(ctx.db, ctx.actor, { unitId });
  if (!u) throw recordNotFound(ctx.lang, UNIT);
  const zone = await zoneAt(ctx.db, ctx.now);
  const today = await todayOf(ctx.db, ctx.now);
  const lead = await getSetting(ctx.db, 'care.maintenanceLeadDays', ctx.now);
  const facts = await loadFacts(ctx.db, [u], zone);
  const maintenance = maintenanceItem(u, facts, today, lead);
  const planRow = facts.plans.get(u.id);
  const end = (await warrantyEndsOf(ctx.db, [u.id], ctx.now)).get(u.id)?.endsOn ?? null;
  const days = await getSetting(ctx.db, 'care.warrantyExpiryLeadDays', ctx.now);
  // The offer about the current end; else a new one when it ends within the lead; else the last
  // recorded (a bought offer, whose contract moved the end).
  const rows = await ctx.db
    .select()
    .from(careOffers)
    .where(eq(careOffers.unitId, u.id))
    .orderBy(asc(careOffers.warrantyEndsOn));
  const current = rows.find((r) => r.warrantyEndsOn === end);
  const last = rows[rows.length - 1];
  let offer: OfferItem | null = null;
  if (current) offer = offerItem(u, current.warrantyEndsOn, today, current, await historyOf(ctx, [current.id]));
  else if (end && expiresWithin(end, today, days)) offer = offerItem(u, end, today, undefined, []);
  else if (last) offer = offerItem(u, last.warrantyEndsOn, today, last, await historyOf(ctx, [last.id]));
  return {
    maintenance,
    plan: planView(planRow),
    planVersion: planRow?.version ?? 0,
    warrantyEndsOn: end,
    offer,
  };
}

/** One unit's offer about the warranty ending on `endsOn` (after an answer is recorded). */
export async function getOffer(ctx: Ctx, unitId: string, endsOn: string): Promise<OfferItem> {
  const [u] = await loadUnits(ctx.db, ctx.actor, { unitId });
  if (!u) throw recordNotFound(ctx.lang, UNIT);
  const today = await todayOf(ctx.db, ctx.now);
  const [row] = await ctx.db
    .select()
    .from(careOffers)
    .where(and(eq(careOffers.unitId, unitId), eq(careOffers.warrantyEndsOn, endsOn)));
  return offerItem(u, endsOn, today, row, row ? await historyOf(ctx, [row.id]) : []);
}
