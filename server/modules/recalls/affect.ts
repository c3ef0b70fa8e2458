import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { localDay } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import { customerAddresses, type RegisteredUnit, units } from '../customers/index.js';
import type { OrderCompleted } from '../work-orders/index.js';
import { addEvents, appendEvents, type CampaignRow, type RecallUnitRow, zoneAt } from './common.js';
import type { AddedBy } from './contract.js';
import { areaOutletOf, centerPathOf, type Criteria, covers, RECALLABLE_STATUSES, takesRegistrations } from './rules.js';
import { recallCampaigns, recallUnits } from './tables.js';

/*
 * Which units a campaign covers, found in the installed base: at activation (every unit that
 * matches then), and as units are registered afterwards (customers' registration port, in the
 * registering transaction). The pure rule `covers` decides; the SQL only narrows the candidates.
 * A recall order's completion marks its unit done (work orders' completion port).
 */

const CHUNK = 1000;

export const criteriaOf = (c: CampaignRow): Criteria => ({
  modelIds: c.modelIds,
  serialFrom: c.serialFrom,
  serialTo: c.serialTo,
  serialPrefix: c.serialPrefix,
  purchasedFrom: c.purchasedFrom,
  purchasedTo: c.purchasedTo,
});

/** LIKE pattern of a prefix, its wildcards escaped. */
const prefixLike = (p: string) => `${p.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** The units of the installed base the campaign covers now. */
export async function coveredUnits(tx: DbLike, c: CampaignRow): Promise<RegisteredUnit[]> {
  const where = [inArray(units.modelId, c.modelIds), inArray(units.status, [...RECALLABLE_STATUSES])];
  if (c.serialPrefix) where.push(sql`${units.serialNo} like ${prefixLike(c.serialPrefix)}`);
  if (c.purchasedFrom) where.push(gte(units.purchaseDate, c.purchasedFrom));
  if (c.purchasedTo) where.push(lte(units.purchaseDate, c.purchasedTo));
  const rows = await tx
    .select({
      id: units.id,
      modelId: units.modelId,
      serialNo: units.serialNo,
      customerId: units.customerId,
      status: units.status,
      purchaseDate: units.purchaseDate,
      addressId: units.addressId,
      orgPath: units.orgPath,
    })
    .from(units)
    .where(and(...where))
    .orderBy(units.serialNo, units.id);
  const criteria = criteriaOf(c);
  return rows.filter((u) => covers(criteria, u));
}

/** The province of each unit: its own address's, else its owner's primary address's. */
async function provincesOf(tx: DbLike, list: readonly RegisteredUnit[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const addressIds = [...new Set(list.map((u) => u.addressId).filter((x): x is string => !!x))];
  const byAddress = new Map<string, string>();
  for (let i = 0; i < addressIds.length; i += CHUNK) {
    const rows = await tx
      .select({ id: customerAddresses.id, province: customerAddresses.provinceCode })
      .from(customerAddresses)
      .where(inArray(customerAddresses.id, addressIds.slice(i, i + CHUNK)));
    for (const r of rows) byAddress.set(r.id, r.province);
  }
  const customerIds = [
    ...new Set(list.filter((u) => !u.addressId || !byAddress.has(u.addressId)).map((u) => u.customerId)),
  ];
  const byCustomer = new Map<string, string>();
  for (let i = 0; i < customerIds.length; i += CHUNK) {
    const rows = await tx
      .select({
        customerId: customerAddresses.customerId,
        province: customerAddresses.provinceCode,
        primary: customerAddresses.isPrimary,
      })
      .from(customerAddresses)
      .where(inArray(customerAddresses.customerId, customerIds.slice(i, i + CHUNK)))
      .orderBy(customerAddresses.createdAt, customerAddresses.id);
    for (const r of rows) if (r.primary || !byCustomer.has(r.customerId)) byCustomer.set(r.customerId, r.province);
  }
  for (const u of list) {
    const p = (u.addressId && byAddress.get(u.addressId)) || byCustomer.get(u.customerId);
    if (p) out.set(u.id, p);
  }
  return out;
}

/** Writes the campaign's rows of these units (those it already holds are left as they are); answers the new rows. */
export async function writeUnits(
  tx: DbLike,
  ctx: Pick<Ctx, 'now'>,
  c: CampaignRow,
  list: readonly RegisteredUnit[],
  addedBy: AddedBy,
): Promise<RecallUnitRow[]> {
  if (!list.length) return [];
  const provinces = await provincesOf(tx, list);
  const out: RecallUnitRow[] = [];
  for (let i = 0; i < list.length; i += 500) {
    const rows = await tx
      .insert(recallUnits)
      .values(
        list.slice(i, i + 500).map((u) => ({
          campaignId: c.id,
          unitId: u.id,
          customerId: u.customerId,
          modelId: u.modelId,
          serialNo: u.serialNo,
          provinceCode: provinces.get(u.id) ?? null,
          orgPath: centerPathOf(u.orgPath),
          areaOutletId: areaOutletOf(u.orgPath),
          state: 'affected' as const,
          addedBy,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })),
      )
      .onConflictDoNothing({ target: [recallUnits.campaignId, recallUnits.unitId] })
      .returning();
    out.push(...rows);
  }
  return out;
}

/**
 * The registration port's effect: every active campaign in force today that covers a new unit
 * takes it, in the registering transaction, with its timeline row and audit event.
 */
export async function recallsOfRegistration(tx: DbLike, ctx: Ctx, list: readonly RegisteredUnit[]): Promise<number> {
  // Drafts too, locked for share: a campaign being activated meanwhile (locked for update) is waited
  // for and read as it commits — its search of the installed base cannot see this uncommitted unit.
  const open = await tx
    .select()
    .from(recallCampaigns)
    .where(inArray(recallCampaigns.state, ['draft', 'active']))
    .orderBy(recallCampaigns.id)
    .for('share');
  const active = open.filter((c) => c.state === 'active');
  if (!active.length) return 0;
  const day = localDay(ctx.now, await zoneAt(tx, ctx.now));
  let added = 0;
  for (const c of active) {
    if (!takesRegistrations(c, day)) continue;
    const criteria = criteriaOf(c);
    const matching = list.filter((u) => covers(criteria, u));
    if (!matching.length) continue;
    const rows = await writeUnits(tx, ctx, c, matching, 'registration');
    added += rows.length;
    await addEvents(
      tx,
      ctx,
      rows.map((r) => ({
        campaignId: c.id,
        recallUnitId: r.id,
        kind: 'added',
        text: {
          'zh-CN': `新登记的产品（序列号${r.serialNo}）属于本次召回范围，已加入`,
          en: `Unit ${r.serialNo}, registered now, falls under the campaign: added`,
        },
        data: { unitId: r.unitId },
      })),
    );
    await appendEvents(
      tx,
      ctx,
      rows.map((r) => ({
        entity: 'recall_unit',
        entityId: r.id,
        action: 'recall.unit_added',
        after: { campaignId: c.id, unitId: r.unitId, serialNo: r.serialNo, state: r.state, addedBy: r.addedBy },
        orgPath: r.orgPath,
      })),
    );
  }
  return added;
}

/** The completion port's effect: the unit booked on this recall order is done. */
export async function recallOfCompletion(tx: DbLike, ctx: Ctx, e: OrderCompleted): Promise<number> {
  const rows = await tx
    .select()
    .from(recallUnits)
    .where(and(eq(recallUnits.orderId, e.orderId), eq(recallUnits.state, 'booked')))
    .for('update');
  for (const r of rows) {
    await tx
      .update(recallUnits)
      .set({ state: 'done', doneAt: e.completedAt, version: r.version + 1, updatedAt: ctx.now })
      .where(eq(recallUnits.id, r.id));
    await addEvents(tx, ctx, [
      {
        campaignId: r.campaignId,
        recallUnitId: r.id,
        kind: 'done',
        text: {
          'zh-CN': `召回服务单${e.orderCode}已完工：序列号${r.serialNo}的产品召回完成`,
          en: `Recall order ${e.orderCode} completed: unit ${r.serialNo} done`,
        },
        data: { orderId: e.orderId },
      },
    ]);
    await appendEvents(tx, ctx, [
      {
        entity: 'recall_unit',
        entityId: r.id,
        action: 'recall.unit_done',
        before: { state: r.state, version: r.version },
        after: { state: 'done', version: r.version + 1, orderId: e.orderId },
        orgPath: r.orgPath,
      },
    ]);
  }
  return rows.length;
}
