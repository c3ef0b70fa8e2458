import { and, asc, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { divisionName } from '../../../shared/divisions.js';
import { maskPhone } from '../../../shared/phone.js';
import type { DbLike } from '../../db/client.js';
import { hasPermission, requirePermission } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { renderTemplate } from '../../platform/notify/render.js';
import { type ResolvedTemplate, templateAt } from '../../platform/notify/templates.js';
import { recordNotFound } from '../../platform/records.js';
import { customers, phonesOfCustomers, productModels } from '../customers/index.js';
import { workOrders } from '../work-orders/index.js';
import {
  CAMPAIGN,
  type CampaignRow,
  managesCampaign,
  RECALL_UNIT,
  type RecallUnitRow,
  unitReadable,
  worksUnit,
} from './common.js';
import type {
  CampaignDetail,
  CampaignItem,
  CampaignQuery,
  ProgressList,
  ProgressQuery,
  RecallUnitExportQuery,
  RecallUnitItem,
  RecallUnitQuery,
  RecallUnitState,
  StateCounts,
  TimelineEntry,
} from './contract.js';
import { campaignActions, emptyCounts, foldCounts, unitActions } from './rules.js';
import { recallCampaigns, recallEvents, recallUnits } from './tables.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** The serving outlet of a unit row: the recall order's outlet, else the outlet of the unit's area. */
const servingOutlet = sql<string | null>`coalesce(${workOrders.outletId}, ${recallUnits.areaOutletId})`;

/** Units per state of these campaigns, counting only the rows the reader reads. */
async function countsOf(ctx: Ctx, ids: string[]): Promise<Map<string, StateCounts>> {
  if (!ids.length) return new Map();
  const rows = await ctx.db
    .select({ key: recallUnits.campaignId, state: recallUnits.state, n: sql<number>`count(*)::int` })
    .from(recallUnits)
    .where(and(inArray(recallUnits.campaignId, ids), unitReadable(ctx.actor)))
    .groupBy(recallUnits.campaignId, recallUnits.state);
  return foldCounts(rows).byKey as Map<string, StateCounts>;
}

async function itemsOf(ctx: Ctx, rows: CampaignRow[]): Promise<CampaignItem[]> {
  const counts = await countsOf(
    ctx,
    rows.map((r) => r.id),
  );
  const modelIds = [...new Set(rows.flatMap((r) => r.modelIds))];
  const models = modelIds.length
    ? await ctx.db
        .select({ id: productModels.id, code: productModels.code, name: productModels.name })
        .from(productModels)
        .where(inArray(productModels.id, modelIds))
    : [];
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    reason: r.reason,
    state: r.state,
    models: r.modelIds.flatMap((id) => models.filter((m) => m.id === id)),
    serialFrom: r.serialFrom,
    serialTo: r.serialTo,
    serialPrefix: r.serialPrefix,
    purchasedFrom: r.purchasedFrom,
    purchasedTo: r.purchasedTo,
    effectiveFrom: r.effectiveFrom,
    effectiveUntil: r.effectiveUntil,
    activatedAt: iso(r.activatedAt),
    closedAt: iso(r.closedAt),
    counts: counts.get(r.id) ?? emptyCounts(),
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  }));
}

/** GET /api/recalls: the campaigns (company-wide), newest first; their counts in the reader's scope. */
export async function listCampaigns(ctx: Ctx, q: CampaignQuery) {
  requirePermission(ctx.actor, 'recalls.read');
  const where: SQL[] = [];
  if (q.state) where.push(eq(recallCampaigns.state, q.state));
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    where.push(
      or(
        ilike(recallCampaigns.code, like),
        sql`${recallCampaigns.title}->>'zh-CN' ilike ${like}`,
        sql`${recallCampaigns.title}->>'en' ilike ${like}`,
      )!,
    );
  }
  const cond = where.length ? and(...where) : undefined;
  const [count] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(recallCampaigns).where(cond);
  const rows = await ctx.db
    .select()
    .from(recallCampaigns)
    .where(cond)
    .orderBy(desc(recallCampaigns.createdAt), desc(recallCampaigns.code))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: await itemsOf(ctx, rows), total: count?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** GET /api/recalls/:id: the campaign, its counts in the reader's scope, the SMS, the timeline of its own steps. */
export async function getCampaign(ctx: Ctx, id: string): Promise<CampaignDetail> {
  requirePermission(ctx.actor, 'recalls.read');
  const [row] = await ctx.db.select().from(recallCampaigns).where(eq(recallCampaigns.id, id));
  if (!row) throw recordNotFound(ctx.lang, CAMPAIGN);
  const [item] = await itemsOf(ctx, [row]);
  const events = await ctx.db
    .select()
    .from(recallEvents)
    .where(and(eq(recallEvents.campaignId, id), sql`${recallEvents.recallUnitId} is null`))
    .orderBy(asc(recallEvents.id));
  const timeline: TimelineEntry[] = events.map((e) => ({
    kind: e.kind as TimelineEntry['kind'],
    actor: e.actorName,
    at: e.at.toISOString(),
    text: e.text,
  }));
  const company = await getSetting(ctx.db, 'company.name', ctx.now);
  const hotline = await getSetting(ctx.db, 'company.hotline', ctx.now);
  const sample = row.serialFrom ?? (row.serialPrefix ? `${row.serialPrefix}…` : 'SN…');
  return {
    ...item!,
    closeReason: row.closeReason,
    hotline,
    smsPreview: outreachPreview(await templateAt(ctx.db, 'recall.outreach', 'sms', ctx.now), {
      company,
      hotline,
      campaign: row.code,
      title: row.title['zh-CN'],
      serialNo: sample,
      url: `${await getSetting(ctx.db, 'portal.publicUrl', ctx.now)}/portal/recall/…`,
    }),
    timeline,
    actions: campaignActions(row.state, managesCampaign(ctx.actor, row) && hasPermission(ctx.actor, 'recalls.manage')),
  };
}

/** The outreach as customers read it: the SMS wording in force with a sample unit (empty while it is off). */
function outreachPreview(sms: ResolvedTemplate | null, vars: Record<string, string>): string {
  return sms?.enabled ? renderTemplate(sms.body['zh-CN'], vars) : '';
}

type UnitJoined = { r: RecallUnitRow; outletId: string | null; orderState: string | null };

async function unitItemsOf(ctx: Ctx, db: DbLike, rows: UnitJoined[]): Promise<RecallUnitItem[]> {
  if (!rows.length) return [];
  const campIds = [...new Set(rows.map((x) => x.r.campaignId))];
  const camps = await db
    .select({ id: recallCampaigns.id, state: recallCampaigns.state })
    .from(recallCampaigns)
    .where(inArray(recallCampaigns.id, campIds));
  const custIds = [...new Set(rows.map((x) => x.r.customerId))];
  const custs = await db
    .select({ id: customers.id, name: customers.name, consent: customers.consentMessages })
    .from(customers)
    .where(inArray(customers.id, custIds));
  const phones = await phonesOfCustomers(db, custIds);
  const modelIds = [...new Set(rows.map((x) => x.r.modelId))];
  const models = await db
    .select({ id: productModels.id, name: productModels.name })
    .from(productModels)
    .where(inArray(productModels.id, modelIds));
  const outletIds = [...new Set(rows.map((x) => x.outletId).filter((x): x is string => !!x))];
  const outlets = outletIds.length
    ? await db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, outletIds))
    : [];
  const work = hasPermission(ctx.actor, 'recalls.work');
  return rows.map(({ r, outletId, orderState }) => {
    const cust = custs.find((c) => c.id === r.customerId);
    const phone = phones.find((p) => p.customerId === r.customerId)?.number ?? null;
    const campaignState = camps.find((c) => c.id === r.campaignId)?.state ?? 'closed';
    return {
      id: r.id,
      campaignId: r.campaignId,
      unitId: r.unitId,
      serialNo: r.serialNo,
      modelName: models.find((m) => m.id === r.modelId)?.name ?? '',
      customerId: r.customerId,
      customerName: cust?.name ?? '',
      phone: phone ? maskPhone(phone) : null,
      consent: cust?.consent ?? false,
      provinceCode: r.provinceCode,
      provinceName: divisionName(r.provinceCode),
      outletId,
      outletName: outletId ? (outlets.find((o) => o.id === outletId)?.name ?? null) : null,
      state: r.state,
      addedBy: r.addedBy,
      orderId: r.orderId,
      orderCode: r.orderCode,
      orderState,
      reason: r.reason,
      reachedAt: iso(r.reachedAt),
      bookedAt: iso(r.bookedAt),
      doneAt: iso(r.doneAt),
      version: r.version,
      actions: unitActions(campaignState, r.state, work && worksUnit(ctx.actor, r)),
    };
  });
}

function unitWhere(ctx: Ctx, campaignId: string, q: RecallUnitExportQuery): SQL {
  const where: SQL[] = [eq(recallUnits.campaignId, campaignId), unitReadable(ctx.actor)];
  if (q.state) where.push(eq(recallUnits.state, q.state));
  if (q.provinceCode) where.push(eq(recallUnits.provinceCode, q.provinceCode));
  if (q.outletId) where.push(sql`${servingOutlet} = ${q.outletId}`);
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    where.push(
      or(
        ilike(recallUnits.serialNo, like),
        ilike(recallUnits.orderCode, like),
        sql`${recallUnits.customerId} in (select ${customers.id} from ${customers} where ${customers.name} ilike ${like})`,
      )!,
    );
  }
  return and(...where)!;
}

async function assertCampaign(ctx: Ctx, id: string): Promise<void> {
  const [row] = await ctx.db.select({ id: recallCampaigns.id }).from(recallCampaigns).where(eq(recallCampaigns.id, id));
  if (!row) throw recordNotFound(ctx.lang, CAMPAIGN);
}

/** One page of a campaign's units in the reader's scope, by serial. */
export async function unitPage(ctx: Ctx, campaignId: string, q: RecallUnitExportQuery, limit: number, offset: number) {
  const cond = unitWhere(ctx, campaignId, q);
  const [count] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(recallUnits)
    .leftJoin(workOrders, eq(workOrders.id, recallUnits.orderId))
    .where(cond);
  const rows = await ctx.db
    .select({ r: recallUnits, outletId: servingOutlet, orderState: workOrders.state })
    .from(recallUnits)
    .leftJoin(workOrders, eq(workOrders.id, recallUnits.orderId))
    .where(cond)
    .orderBy(asc(recallUnits.serialNo), asc(recallUnits.id))
    .limit(limit)
    .offset(offset);
  return { items: await unitItemsOf(ctx, ctx.db, rows), total: count?.n ?? 0 };
}

/** GET /api/recalls/:id/units: the campaign's units in the reader's scope, with filters. */
export async function listRecallUnits(ctx: Ctx, campaignId: string, q: RecallUnitQuery) {
  requirePermission(ctx.actor, 'recalls.read');
  await assertCampaign(ctx, campaignId);
  const { page, pageSize, ...filters } = q;
  const res = await unitPage(ctx, campaignId, filters, pageSize, (page - 1) * pageSize);
  return { ...res, page, pageSize };
}

/** One unit row as the list shows it (the answer of the unit commands). */
export async function getRecallUnit(ctx: Ctx, id: string): Promise<RecallUnitItem> {
  requirePermission(ctx.actor, 'recalls.read');
  const rows = await ctx.db
    .select({ r: recallUnits, outletId: servingOutlet, orderState: workOrders.state })
    .from(recallUnits)
    .leftJoin(workOrders, eq(workOrders.id, recallUnits.orderId))
    .where(and(eq(recallUnits.id, id), unitReadable(ctx.actor)));
  if (!rows.length) throw recordNotFound(ctx.lang, RECALL_UNIT);
  const [item] = await unitItemsOf(ctx, ctx.db, rows);
  return item!;
}

/**
 * GET /api/recalls/:id/progress: units per state per province (of the unit's address) or per
 * serving outlet (the recall order's, else the outlet of the unit's area), in the reader's scope.
 */
export async function campaignProgress(ctx: Ctx, campaignId: string, q: ProgressQuery): Promise<ProgressList> {
  requirePermission(ctx.actor, 'recalls.read');
  await assertCampaign(ctx, campaignId);
  const key = q.by === 'province' ? sql<string | null>`${recallUnits.provinceCode}` : servingOutlet;
  const rows = await ctx.db
    .select({ key, state: recallUnits.state, n: sql<number>`count(*)::int` })
    .from(recallUnits)
    .leftJoin(workOrders, eq(workOrders.id, recallUnits.orderId))
    .where(and(eq(recallUnits.campaignId, campaignId), unitReadable(ctx.actor)))
    .groupBy(key, recallUnits.state);
  const { byKey, sum } = foldCounts(rows as { key: string | null; state: RecallUnitState; n: number }[]);
  const keys = [...byKey.keys()];
  const names = new Map<string, string>();
  if (q.by === 'outlet') {
    const ids = keys.filter((k): k is string => !!k);
    if (ids.length)
      for (const u of await ctx.db
        .select({ id: orgUnits.id, name: orgUnits.name })
        .from(orgUnits)
        .where(inArray(orgUnits.id, ids)))
        names.set(u.id, u.name);
  } else for (const k of keys) if (k) names.set(k, divisionName(k) ?? k);
  const items = keys
    .map((k) => ({ key: k, name: k ? (names.get(k) ?? null) : null, ...byKey.get(k)! }))
    // The most units first; "none" last.
    .sort((a, b) =>
      a.key === null ? 1 : b.key === null ? -1 : b.total - a.total || (a.name ?? '').localeCompare(b.name ?? ''),
    );
  return { by: q.by, items, total: items.length, sum };
}
