import { and, asc, desc, eq, gt, inArray, like, ne, sql } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import { hasPermission, pathInScope } from '../../../platform/access/index.js';
import { getSetting } from '../../../platform/config/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { recordNotFound } from '../../../platform/records.js';
import { partsByIds } from '../../customers/index.js';
import { localDay } from '../../warranty/index.js';
import type { StockGrade } from '../rules.js';
import { partSerials, partTracking, stockBalances, stockMovements } from '../tables.js';
import type { StocktakeStatus } from './contract.js';
import type { LineFacts, StocktakeAction } from './rules.js';
import { partStocktakeLines, partStocktakes } from './tables.js';

export type StocktakeRow = typeof partStocktakes.$inferSelect;
export type LineRow = typeof partStocktakeLines.$inferSelect;
export const STOCKTAKE_NAME = { 'zh-CN': '盘点单', en: 'Stocktake' };

export async function companyDay(db: DbLike, now: Date): Promise<string> {
  return localDay(now, await getSetting(db, 'company.timeZone', now));
}

/** ST-YYYYMMDD-NNNN; one writer at a time per sequence (the advisory lock), like every document code. */
export async function nextStocktakeCode(tx: DbLike, day: string): Promise<string> {
  const prefix = `ST-${day.replaceAll('-', '')}-`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('sanbao.seq.part_stocktake'))`);
  const [last] = await tx
    .select({ code: partStocktakes.code })
    .from(partStocktakes)
    .where(like(partStocktakes.code, `${prefix}%`))
    .orderBy(desc(partStocktakes.code))
    .limit(1);
  const n = last ? Number(last.code.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(n).padStart(4, '0')}`;
}

/** A stocktake in the actor's scope, locked for the command; 404 otherwise (as if it did not exist). */
export async function lockStocktake(tx: DbLike, ctx: Ctx, id: string): Promise<StocktakeRow> {
  const [row] = await tx.select().from(partStocktakes).where(eq(partStocktakes.id, id)).for('update');
  if (!row || !pathInScope(ctx.actor, row.orgPath)) throw recordNotFound(ctx.lang, STOCKTAKE_NAME);
  return row;
}

const STATUS_ZH: Record<StocktakeStatus, string> = {
  counting: '盘点中',
  submitted: '待审核',
  posted: '已过账',
  rejected: '已驳回',
  cancelled: '已作废',
};
const ACTION_TEXT: Record<StocktakeAction, [string, string]> = {
  count: ['录入实盘数量', 'counted'],
  addLine: ['添加配件', 'given more lines'],
  recount: ['复盘', 'recounted'],
  submit: ['提交', 'submitted'],
  approve: ['审核过账', 'approved'],
  reject: ['驳回', 'rejected'],
  cancel: ['作废', 'cancelled'],
};

export function wrongStatus(row: StocktakeRow, action: StocktakeAction): AppError {
  return new AppError('stocktake.wrong_status', {
    code: row.code,
    status: row.status,
    statusZh: STATUS_ZH[row.status],
    action: ACTION_TEXT[action][1],
    actionZh: ACTION_TEXT[action][0],
  });
}

export function mayApprove(ctx: Pick<Ctx, 'actor'>): boolean {
  return hasPermission(ctx.actor, 'parts.stocktake_approve');
}

export interface BookEntry {
  partId: string;
  grade: StockGrade;
  onHand: number;
  lastMovementId: number;
}

/**
 * The book of a depot (or of some of its parts) as one statement sees it: on hand per part and
 * grade with the last ledger row of each balance, so quantity and ledger position agree. Ledger
 * ids of one balance rise in commit order (a movement holds the balance row until it commits).
 */
export async function bookOf(
  tx: DbLike,
  depotId: string,
  only?: { partId: string; grade: StockGrade }[],
): Promise<BookEntry[]> {
  const rows = await tx
    .select({
      partId: stockBalances.partId,
      grade: stockBalances.grade,
      onHand: stockBalances.onHand,
      lastMovementId: sql<number>`coalesce((select max(m.id) from stock_movements m
        where m.depot_id = ${stockBalances.depotId} and m.part_id = ${stockBalances.partId} and m.grade = ${stockBalances.grade}), 0)::bigint`,
    })
    .from(stockBalances)
    .where(
      and(
        eq(stockBalances.depotId, depotId),
        only ? inArray(stockBalances.partId, [...new Set(only.map((o) => o.partId))]) : ne(stockBalances.onHand, 0),
      ),
    )
    .orderBy(asc(stockBalances.partId), asc(stockBalances.grade));
  const book = rows.map((r) => ({ ...r, lastMovementId: Number(r.lastMovementId) }));
  if (!only) return book;
  const want = new Set(only.map((o) => `${o.partId}|${o.grade}`));
  const found = book.filter((b) => want.has(`${b.partId}|${b.grade}`));
  // A part the depot never held has no balance row: its book is 0 at ledger position 0.
  for (const o of only)
    if (!found.some((b) => b.partId === o.partId && b.grade === o.grade))
      found.push({ partId: o.partId, grade: o.grade, onHand: 0, lastMovementId: 0 });
  return found;
}

/** The serials in stock at the depot per part and grade, and which parts are serial-tracked. */
export async function serialsOf(
  tx: DbLike,
  depotId: string,
  partIds: string[],
): Promise<{ tracked: Set<string>; serials: Map<string, string[]> }> {
  if (!partIds.length) return { tracked: new Set(), serials: new Map() };
  const tracked = await tx
    .select({ partId: partTracking.partId })
    .from(partTracking)
    .where(and(inArray(partTracking.partId, partIds), eq(partTracking.serialTracked, true)));
  const rows = await tx
    .select({ partId: partSerials.partId, grade: partSerials.grade, serial: partSerials.serial })
    .from(partSerials)
    .where(
      and(eq(partSerials.depotId, depotId), eq(partSerials.state, 'in_stock'), inArray(partSerials.partId, partIds)),
    )
    .orderBy(asc(partSerials.serial));
  const serials = new Map<string, string[]>();
  for (const r of rows) {
    const k = `${r.partId}|${r.grade}`;
    serials.set(k, [...(serials.get(k) ?? []), r.serial]);
  }
  return { tracked: new Set(tracked.map((t) => t.partId)), serials };
}

/** Line rows for a snapshot of the book (opening, an added line, a recount). */
export async function snapshotLines(tx: DbLike, depotId: string, book: BookEntry[]) {
  const { tracked, serials } = await serialsOf(
    tx,
    depotId,
    book.map((b) => b.partId),
  );
  return book.map((b) => {
    const isTracked = tracked.has(b.partId);
    return {
      partId: b.partId,
      grade: b.grade,
      bookQty: b.onHand,
      bookMovementId: b.lastMovementId,
      serialTracked: isTracked,
      bookSerials: isTracked ? (serials.get(`${b.partId}|${b.grade}`) ?? []) : null,
    };
  });
}

/** The lines of a stocktake with their part codes, in part code order. */
export async function linesOf(
  db: DbLike,
  stocktakeId: string,
): Promise<(LineRow & LineFacts & { partName: string })[]> {
  const rows = await db.select().from(partStocktakeLines).where(eq(partStocktakeLines.stocktakeId, stocktakeId));
  const parts = await partsByIds(db, [...new Set(rows.map((r) => r.partId))]);
  return rows
    .map((r) => ({
      ...r,
      partCode: parts.get(r.partId)?.code ?? '',
      partName: parts.get(r.partId)?.name ?? '',
    }))
    .sort((a, b) => (a.partCode === b.partCode ? a.grade.localeCompare(b.grade) : a.partCode < b.partCode ? -1 : 1));
}

/**
 * The lines whose on-hand balance moved since their snapshot: a ledger row of the balance with a
 * non-zero quantity after the snapshot's last row (a reservation alone does not move the count).
 */
export async function movedLines(
  db: DbLike,
  depotId: string,
  lines: readonly Pick<LineRow, 'id' | 'partId' | 'grade' | 'bookMovementId'>[],
): Promise<Set<string>> {
  if (!lines.length) return new Set();
  const since = Math.min(...lines.map((l) => l.bookMovementId));
  const rows = await db
    .select({
      partId: stockMovements.partId,
      grade: stockMovements.grade,
      last: sql<number>`max(${stockMovements.id})`,
    })
    .from(stockMovements)
    .where(and(eq(stockMovements.depotId, depotId), gt(stockMovements.id, since), ne(stockMovements.quantity, 0)))
    .groupBy(stockMovements.partId, stockMovements.grade);
  const last = new Map(rows.map((r) => [`${r.partId}|${r.grade}`, Number(r.last)]));
  return new Set(lines.filter((l) => (last.get(`${l.partId}|${l.grade}`) ?? 0) > l.bookMovementId).map((l) => l.id));
}
