import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { localDay } from '../../../../shared/time-zone.js';
import type { DbLike } from '../../../db/client.js';
import { pathInScope, withinScope } from '../../../platform/access/index.js';
import { getSetting } from '../../../platform/config/index.js';
import type { Ctx } from '../../../platform/context.js';
import { orgUnits, users } from '../../../platform/identity/tables.js';
import { recordNotFound } from '../../../platform/records.js';
import { partsByIds } from '../../customers/index.js';
import { workOrders } from '../../work-orders/index.js';
import { assertMayReadStock } from '../queries.js';
import { depots, stockMovements } from '../tables.js';
import type { CostsQuery, MonthCosts, OrderCostLine, OrderCosts, PartPrice, UnitCost } from './contract.js';
import { partPrices, unstockedConsumptions } from './tables.js';

/*
 * Reads of part prices and of parts cost. Cost is read off the ledger: the consume movements'
 * cost_fen (docs/parts.md, "Prices and consumption").
 */

const PART_NAME = { 'zh-CN': '配件', en: 'Part' };
const UNIT_NAME = { 'zh-CN': '组织单位', en: 'Org unit' };
const ORDER_NAME = { 'zh-CN': '服务单', en: 'Work order' };

export interface PriceOnDay {
  costFen: number;
  salePriceFen: number;
  effectiveFrom: string;
}

/** The part's price in force on a business day: the latest `effective_from` ≤ day (the later entered wins a tie); null if none. */
export async function priceOn(db: DbLike, partId: string, day: string): Promise<PriceOnDay | null> {
  const [row] = await db
    .select({
      costFen: partPrices.costFen,
      salePriceFen: partPrices.salePriceFen,
      effectiveFrom: partPrices.effectiveFrom,
    })
    .from(partPrices)
    .where(and(eq(partPrices.partId, partId), lte(partPrices.effectiveFrom, day)))
    .orderBy(desc(partPrices.effectiveFrom), desc(partPrices.id))
    .limit(1);
  return row ?? null;
}

/** Every price of a part, newest effective day first, and the one in force today. */
export async function priceHistory(
  db: DbLike,
  partId: string,
  now: Date,
): Promise<{ items: PartPrice[]; total: number; current: PartPrice | null }> {
  const rows = await db
    .select({
      id: partPrices.id,
      partId: partPrices.partId,
      costFen: partPrices.costFen,
      salePriceFen: partPrices.salePriceFen,
      effectiveFrom: partPrices.effectiveFrom,
      createdBy: partPrices.createdBy,
      createdByName: users.displayName,
      createdAt: partPrices.createdAt,
    })
    .from(partPrices)
    .leftJoin(users, eq(users.id, partPrices.createdBy))
    .where(eq(partPrices.partId, partId))
    .orderBy(desc(partPrices.effectiveFrom), desc(partPrices.id));
  const items = rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  const today = localDay(now, await getSetting(db, 'company.timeZone', now));
  const current = items.find((p) => p.effectiveFrom <= today) ?? null;
  return { items, total: items.length, current };
}

/** The prices of a part (parts.read or parts.manage); 404 naming partId for an unknown part. */
export async function partPriceHistory(ctx: Ctx, partId: string) {
  assertMayReadStock(ctx);
  if (!(await partsByIds(ctx.db, [partId])).has(partId)) throw recordNotFound(ctx.lang, PART_NAME, 'partId');
  return priceHistory(ctx.db, partId, ctx.now);
}

/**
 * Parts cost of a month (company time zone) per org unit: the consume movements at the unit's
 * depots (its own depot and its technicians' vans), within the reader's scope; with `outletId`,
 * that unit and the units below it. Unstocked consumptions are counted beside, not in the ledger.
 */
export async function monthCosts(ctx: Ctx, q: CostsQuery): Promise<MonthCosts> {
  assertMayReadStock(ctx);
  const db = ctx.db;
  let underPath: string | null = null;
  if (q.outletId) {
    const [u] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, q.outletId));
    if (!u || !pathInScope(ctx.actor, u.path)) throw recordNotFound(ctx.lang, UNIT_NAME, 'outletId');
    underPath = u.path;
  }
  const timeZone = await getSetting(db, 'company.timeZone', ctx.now);
  const under = underPath ? sql`${orgUnits.path} like ${`${underPath}%`}` : sql`true`;
  const ledger = await db
    .select({
      orgUnitId: orgUnits.id,
      orgUnitCode: orgUnits.code,
      orgUnitName: orgUnits.name,
      costFen: sql<number>`coalesce(sum(${stockMovements.costFen}), 0)::bigint`,
      quantity: sql<number>`coalesce(sum(-${stockMovements.issuedDelta} - ${stockMovements.quantity}), 0)::int`,
      unpriced: sql<number>`coalesce(sum(-${stockMovements.issuedDelta} - ${stockMovements.quantity}) filter (where ${stockMovements.costFen} is null), 0)::int`,
    })
    .from(stockMovements)
    .innerJoin(depots, eq(depots.id, stockMovements.depotId))
    .innerJoin(orgUnits, eq(orgUnits.id, depots.orgUnitId))
    .where(
      and(
        eq(stockMovements.kind, 'consume'),
        sql`to_char(${stockMovements.at} at time zone ${timeZone}, 'YYYY-MM') = ${q.month}`,
        withinScope(ctx.actor, orgUnits.path),
        under,
      ),
    )
    .groupBy(orgUnits.id, orgUnits.code, orgUnits.name);
  const unstocked = await db
    .select({
      orgUnitId: orgUnits.id,
      orgUnitCode: orgUnits.code,
      orgUnitName: orgUnits.name,
      quantity: sql<number>`coalesce(sum(${unstockedConsumptions.quantity}), 0)::int`,
      costFen: sql<number>`coalesce(sum(${unstockedConsumptions.costFen}), 0)::bigint`,
    })
    .from(unstockedConsumptions)
    .innerJoin(orgUnits, eq(orgUnits.id, unstockedConsumptions.outletOrgUnitId))
    .where(
      and(
        sql`to_char(${unstockedConsumptions.day}, 'YYYY-MM') = ${q.month}`,
        withinScope(ctx.actor, orgUnits.path),
        under,
      ),
    )
    .groupBy(orgUnits.id, orgUnits.code, orgUnits.name);
  const byUnit = new Map<string, UnitCost>();
  const entry = (r: { orgUnitId: string; orgUnitCode: string; orgUnitName: string }) => {
    let e = byUnit.get(r.orgUnitId);
    if (!e) {
      e = {
        orgUnitId: r.orgUnitId,
        orgUnitCode: r.orgUnitCode,
        orgUnitName: r.orgUnitName,
        costFen: 0,
        quantity: 0,
        unpricedQuantity: 0,
        unstockedQuantity: 0,
        unstockedCostFen: 0,
      };
      byUnit.set(r.orgUnitId, e);
    }
    return e;
  };
  for (const r of ledger) {
    const e = entry(r);
    e.costFen = Number(r.costFen);
    e.quantity = r.quantity;
    e.unpricedQuantity = r.unpriced;
  }
  for (const r of unstocked) {
    const e = entry(r);
    e.unstockedQuantity = r.quantity;
    e.unstockedCostFen = Number(r.costFen);
  }
  const items = [...byUnit.values()].sort((a, b) => a.orgUnitCode.localeCompare(b.orgUnitCode));
  return {
    month: q.month,
    items,
    total: items.length,
    totalCostFen: items.reduce((s, e) => s + e.costFen, 0),
  };
}

/**
 * An order's parts cost: its consume movements (at depots in the reader's scope) and its
 * unstocked consumptions, oldest first.
 */
export async function orderCosts(ctx: Ctx, orderId: string): Promise<OrderCosts> {
  assertMayReadStock(ctx);
  const db = ctx.db;
  const [order] = await db.select({ orgPath: workOrders.orgPath }).from(workOrders).where(eq(workOrders.id, orderId));
  if (!order || !pathInScope(ctx.actor, order.orgPath)) throw recordNotFound(ctx.lang, ORDER_NAME, 'orderId');
  const moves = await db
    .select({
      movementId: stockMovements.id,
      at: stockMovements.at,
      depotId: stockMovements.depotId,
      depotCode: depots.code,
      partId: stockMovements.partId,
      quantity: sql<number>`(-${stockMovements.issuedDelta} - ${stockMovements.quantity})::int`,
      serial: stockMovements.serial,
      costFen: stockMovements.costFen,
      customerPays: stockMovements.customerPays,
    })
    .from(stockMovements)
    .innerJoin(depots, eq(depots.id, stockMovements.depotId))
    .innerJoin(orgUnits, eq(orgUnits.id, depots.orgUnitId))
    .where(
      and(
        eq(stockMovements.orderId, orderId),
        eq(stockMovements.kind, 'consume'),
        withinScope(ctx.actor, orgUnits.path),
      ),
    )
    .orderBy(asc(stockMovements.id));
  const extra = await db
    .select({
      id: unstockedConsumptions.id,
      at: unstockedConsumptions.at,
      partId: unstockedConsumptions.partId,
      quantity: unstockedConsumptions.quantity,
      serial: unstockedConsumptions.serial,
      costFen: unstockedConsumptions.costFen,
      customerPays: unstockedConsumptions.customerPays,
      orgPath: orgUnits.path,
    })
    .from(unstockedConsumptions)
    .leftJoin(orgUnits, eq(orgUnits.id, unstockedConsumptions.outletOrgUnitId))
    .where(eq(unstockedConsumptions.orderId, orderId))
    .orderBy(asc(unstockedConsumptions.id));
  const visibleExtra = extra.filter((r) => pathInScope(ctx.actor, r.orgPath));
  const partMap = await partsByIds(db, [...new Set([...moves, ...visibleExtra].map((r) => r.partId))]);
  const part = (id: string) => partMap.get(id) ?? { code: '', name: '' };
  const items: OrderCostLine[] = [
    ...moves.map((m) => ({
      movementId: m.movementId,
      at: m.at.toISOString(),
      depotId: m.depotId,
      depotCode: m.depotCode,
      partId: m.partId,
      partCode: part(m.partId).code,
      partName: part(m.partId).name,
      quantity: m.quantity,
      serial: m.serial,
      costFen: m.costFen,
      customerPays: m.customerPays,
      unstocked: false,
    })),
    ...visibleExtra.map((u) => ({
      movementId: null,
      at: u.at.toISOString(),
      depotId: null,
      depotCode: null,
      partId: u.partId,
      partCode: part(u.partId).code,
      partName: part(u.partId).name,
      quantity: u.quantity,
      serial: u.serial,
      costFen: u.costFen,
      customerPays: u.customerPays,
      unstocked: true,
    })),
  ];
  const sum = (xs: OrderCostLine[]) => xs.reduce((s, x) => s + (x.costFen ?? 0), 0);
  return {
    orderId,
    items,
    total: items.length,
    totalCostFen: sum(items),
    customerPaysCostFen: sum(items.filter((x) => x.customerPays)),
  };
}

/** The prices of several parts on one business day, in one query (completion prices its lines with it). */
export async function pricesOn(db: DbLike, partIds: string[], day: string): Promise<Map<string, PriceOnDay>> {
  const out = new Map<string, PriceOnDay>();
  if (!partIds.length) return out;
  const rows = await db
    .selectDistinctOn([partPrices.partId], {
      partId: partPrices.partId,
      costFen: partPrices.costFen,
      salePriceFen: partPrices.salePriceFen,
      effectiveFrom: partPrices.effectiveFrom,
    })
    .from(partPrices)
    .where(and(inArray(partPrices.partId, partIds), lte(partPrices.effectiveFrom, day)))
    .orderBy(partPrices.partId, desc(partPrices.effectiveFrom), desc(partPrices.id));
  for (const r of rows) out.set(r.partId, r);
  return out;
}
