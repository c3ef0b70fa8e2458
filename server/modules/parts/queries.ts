import { and, asc, count, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbLike } from '../../db/client.js';
import { hasPermission, pathInScope, withinScope } from '../../platform/access/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { orgUnits, users } from '../../platform/identity/tables.js';
import { recordNotFound } from '../../platform/records.js';
import { catalogPartSql, partsByIds } from '../customers/index.js';
import { workOrders } from '../work-orders/index.js';
import { syncDepots } from './commands/depots.js';
import type { Depot, DepotStockQuery, LedgerQuery, StockLine } from './contract.js';
import type { StockGrade } from './rules.js';
import { depots, partTracking, stockBalances, stockMovements } from './tables.js';

/*
 * Reads of the stock ledger, every one within the reader's data scope: a depot belongs to an org
 * unit, and a person sees the depots of their unit and below (docs/parts.md).
 */

const DEPOT_NAME = { 'zh-CN': '库', en: 'Depot' };
const TOTAL_CAP = 10_000;

/** Reading stock needs parts.read (or parts.manage). */
export function assertMayReadStock(ctx: Ctx): void {
  if (!hasPermission(ctx.actor, 'parts.read') && !hasPermission(ctx.actor, 'parts.manage')) {
    throw new AppError('auth.forbidden', { permission: 'parts.read' });
  }
}

/** A depot the actor may see, with its owner's path; 404 (naming `field`) when missing or out of scope. */
export async function depotInScope(db: DbLike, ctx: Pick<Ctx, 'actor' | 'lang'>, id: string, field?: string) {
  const [row] = await db
    .select({ id: depots.id, code: depots.code, name: depots.name, active: depots.active, orgPath: orgUnits.path })
    .from(depots)
    .innerJoin(orgUnits, eq(orgUnits.id, depots.orgUnitId))
    .where(eq(depots.id, id));
  if (!row || !pathInScope(ctx.actor, row.orgPath)) throw recordNotFound(ctx.lang, DEPOT_NAME, field);
  return row;
}

/** The depots in scope (made first for units and technicians that have none yet), flat, with the parent unit. */
export async function listDepots(ctx: Ctx): Promise<Depot[]> {
  assertMayReadStock(ctx);
  await syncDepots(ctx.db, ctx.actor);
  return ctx.db
    .select({
      id: depots.id,
      code: depots.code,
      name: depots.name,
      kind: depots.kind,
      orgUnitId: depots.orgUnitId,
      orgUnitName: orgUnits.name,
      orgUnitParentId: orgUnits.parentId,
      technicianUserId: depots.technicianUserId,
      customerId: depots.customerId,
      active: depots.active,
    })
    .from(depots)
    .innerJoin(orgUnits, eq(orgUnits.id, depots.orgUnitId))
    .where(withinScope(ctx.actor, orgUnits.path))
    .orderBy(asc(orgUnits.path), sql`${depots.kind} <> 'van'`, asc(depots.code));
}

const balanceColumns = {
  depotId: stockBalances.depotId,
  depotCode: depots.code,
  depotName: depots.name,
  partId: stockBalances.partId,
  grade: stockBalances.grade,
  onHand: stockBalances.onHand,
  reserved: stockBalances.reserved,
  inTransit: stockBalances.inTransit,
  reorderPoint: stockBalances.reorderPoint,
  reorderQty: stockBalances.reorderQty,
  belowReorder: stockBalances.belowReorder,
};

async function withParts(
  db: DbLike,
  rows: Omit<StockLine, 'partCode' | 'partName' | 'available'>[],
): Promise<StockLine[]> {
  const names = await partsByIds(db, [...new Set(rows.map((r) => r.partId))]);
  return rows.map((r) => ({
    ...r,
    partCode: names.get(r.partId)?.code ?? '',
    partName: names.get(r.partId)?.name ?? '',
    available: r.onHand - r.reserved,
  }));
}

/** A depot's stock, by part code, paged; `q` matches part code, names and pinyin initials. */
export async function depotStock(ctx: Ctx, depotId: string, q: DepotStockQuery) {
  assertMayReadStock(ctx);
  await depotInScope(ctx.db, ctx, depotId);
  const part = catalogPartSql(stockBalances.partId);
  const where: SQL[] = [eq(stockBalances.depotId, depotId)];
  if (q.grade) where.push(eq(stockBalances.grade, q.grade));
  if (q.q) where.push(part.matches(q.q));
  const filter = and(...where);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select(balanceColumns)
      .from(stockBalances)
      .innerJoin(depots, eq(depots.id, stockBalances.depotId))
      .where(filter)
      .orderBy(sql`${part.code} collate "C"`, asc(stockBalances.grade))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(stockBalances).where(filter),
  ]);
  return { items: await withParts(ctx.db, rows), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** One part's stock in every depot in scope. */
export async function partStock(ctx: Ctx, partId: string): Promise<StockLine[]> {
  assertMayReadStock(ctx);
  const rows = await ctx.db
    .select(balanceColumns)
    .from(stockBalances)
    .innerJoin(depots, eq(depots.id, stockBalances.depotId))
    .innerJoin(orgUnits, eq(orgUnits.id, depots.orgUnitId))
    .where(and(eq(stockBalances.partId, partId), withinScope(ctx.actor, orgUnits.path)))
    .orderBy(asc(orgUnits.path), asc(depots.code), asc(stockBalances.grade));
  return withParts(ctx.db, rows);
}

/** The other depot of a transfer, read beside the ledger row. */
const peer = alias(depots, 'peer');

/** A part's ledger in a depot, newest first, with the balance after each row; paged by id. */
export async function ledgerOf(ctx: Ctx, q: LedgerQuery) {
  assertMayReadStock(ctx);
  await depotInScope(ctx.db, ctx, q.depotId, 'depotId');
  const where = and(
    eq(stockMovements.depotId, q.depotId),
    eq(stockMovements.partId, q.partId),
    q.grade ? eq(stockMovements.grade, q.grade) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ m: stockMovements, actorName: users.displayName, peerDepotCode: peer.code, orderCode: workOrders.code })
      .from(stockMovements)
      .leftJoin(users, eq(users.id, stockMovements.actorUserId))
      .leftJoin(peer, eq(peer.id, stockMovements.peerDepotId))
      // The order's code is what people read and search by (the id is not).
      .leftJoin(workOrders, eq(workOrders.id, stockMovements.orderId))
      .where(and(where, q.before ? lt(stockMovements.id, q.before) : undefined))
      .orderBy(desc(stockMovements.id))
      .limit(q.limit + 1),
    ctx.db.select({ n: count() }).from(
      ctx.db
        .select({ id: stockMovements.id })
        .from(stockMovements)
        .where(where)
        .limit(TOTAL_CAP + 1)
        .as('m'),
    ),
  ]);
  const page = rows.slice(0, q.limit);
  const n = total?.n ?? 0;
  return {
    items: page.map(({ m: r, actorName, peerDepotCode, orderCode }) => ({
      id: r.id,
      at: r.at.toISOString(),
      kind: r.kind,
      depotId: r.depotId,
      partId: r.partId,
      grade: r.grade,
      quantity: r.quantity,
      reservedDelta: r.reservedDelta,
      inTransitDelta: r.inTransitDelta,
      issuedDelta: r.issuedDelta,
      onHandAfter: r.onHandAfter,
      reservedAfter: r.reservedAfter,
      inTransitAfter: r.inTransitAfter,
      serial: r.serial,
      peerDepotId: r.peerDepotId,
      orderId: r.orderId,
      orderCode,
      documentKind: r.documentKind,
      documentId: r.documentId,
      actorUserId: r.actorUserId,
      actorName,
      peerDepotCode,
      note: r.note,
    })),
    total: Math.min(n, TOTAL_CAP),
    totalCapped: n > TOTAL_CAP,
    nextBefore: rows.length > q.limit ? page[page.length - 1]!.m.id : null,
  };
}

/** What may be taken from a depot now: on hand less reserved (0 when it never held the part). */
export async function availableAt(
  db: DbLike,
  depotId: string,
  partId: string,
  grade: StockGrade = 'good',
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`(${stockBalances.onHand} - ${stockBalances.reserved})::int` })
    .from(stockBalances)
    .where(and(eq(stockBalances.depotId, depotId), eq(stockBalances.partId, partId), eq(stockBalances.grade, grade)));
  return row?.n ?? 0;
}

/** Whether a part is serial-tracked (false until set); 404 naming `partId` for an unknown part. */
export async function trackingOf(ctx: Ctx, partId: string): Promise<{ partId: string; serialTracked: boolean }> {
  assertMayReadStock(ctx);
  const names = await partsByIds(ctx.db, [partId]);
  if (!names.has(partId)) throw recordNotFound(ctx.lang, { 'zh-CN': '配件', en: 'Part' }, 'partId');
  const [row] = await ctx.db
    .select({ serialTracked: partTracking.serialTracked })
    .from(partTracking)
    .where(eq(partTracking.partId, partId));
  return { partId, serialTracked: row?.serialTracked ?? false };
}
