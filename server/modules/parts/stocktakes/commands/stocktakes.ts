import { and, eq, inArray } from 'drizzle-orm';
import type { DbLike } from '../../../../db/client.js';
import { hasPermission } from '../../../../platform/access/index.js';
import type { Ctx } from '../../../../platform/context.js';
import { AppError, fieldError } from '../../../../platform/errors.js';
import { appendEvent } from '../../../../platform/events/index.js';
import { assertVersion, recordNotFound } from '../../../../platform/records.js';
import { partsByIds } from '../../../customers/index.js';
import { postMovements } from '../../commands/post-movements.js';
import { pricesOn } from '../../prices/queries.js';
import { depotInScope } from '../../queries.js';
import { stockBalances } from '../../tables.js';
import {
  bookOf,
  companyDay,
  linesOf,
  lockStocktake,
  mayApprove,
  movedLines,
  nextStocktakeCode,
  snapshotLines,
  type StocktakeRow,
  wrongStatus,
} from '../common.js';
import type { CountsEnter, LineAdd, StocktakeOpen } from '../contract.js';
import {
  adjustmentsOf,
  countOf,
  lineVariance,
  postRefusal,
  type StocktakeAction,
  statusAllows,
  submitRefusal,
} from '../rules.js';
import { partStocktakeLines, partStocktakes } from '../tables.js';

/*
 * The stocktake commands (docs/parts.md, "Stocktake"). Each runs in one transaction, checks the
 * stocktake (or the depot) against the actor's data scope, and appends one audit event on the
 * stocktake; posting writes its adjustments through postMovements, the one writer of stock.
 */

const GRADE_ZH = { good: '良品', defective: '坏件' } as const;

function requireManage(ctx: Ctx): void {
  if (!hasPermission(ctx.actor, 'parts.manage')) throw new AppError('auth.forbidden', { permission: 'parts.manage' });
}

function requireApprove(ctx: Ctx): void {
  if (!mayApprove(ctx)) throw new AppError('auth.forbidden', { permission: 'parts.stocktake_approve' });
}

function guard(row: StocktakeRow, action: StocktakeAction): void {
  if (!statusAllows(row.status, action)) throw wrongStatus(row, action);
}

async function touch(tx: DbLike, ctx: Ctx, row: StocktakeRow, set: Partial<StocktakeRow> = {}): Promise<void> {
  await tx
    .update(partStocktakes)
    .set({ ...set, version: row.version + 1, updatedAt: ctx.now })
    .where(eq(partStocktakes.id, row.id));
}

async function checkVersion(tx: DbLike, ctx: Ctx, row: StocktakeRow, version: number | undefined): Promise<void> {
  if (version !== undefined)
    await assertVersion(
      tx,
      ctx,
      { entity: 'stocktake', entityId: row.id, version: row.version, updatedAt: row.updatedAt },
      version,
    );
}

/**
 * Opens a count sheet for a depot in scope (parts.manage): one line per part and grade the depot
 * holds, with the book snapshotted now. One open stocktake per depot (stocktake.already_open).
 */
export async function openStocktake(ctx: Ctx, input: StocktakeOpen): Promise<{ id: string }> {
  requireManage(ctx);
  return ctx.db.transaction(async (tx) => {
    const depot = await depotInScope(tx, ctx, input.depotId, 'depotId');
    if (!depot.active) throw new AppError('stock.depot_inactive', { depot: depot.code });
    const [open] = await tx
      .select({ code: partStocktakes.code })
      .from(partStocktakes)
      .where(and(eq(partStocktakes.depotId, depot.id), inArray(partStocktakes.status, ['counting', 'submitted'])));
    if (open)
      throw new AppError('stocktake.already_open', { depot: depot.code, code: open.code }, [
        { path: 'depotId', code: 'stocktake.already_open', message: '' },
      ]);
    const code = await nextStocktakeCode(tx, await companyDay(tx, ctx.now));
    const [created] = await tx
      .insert(partStocktakes)
      .values({
        code,
        depotId: depot.id,
        orgPath: depot.orgPath,
        blind: input.blind,
        note: input.note ?? null,
        openedBy: ctx.actor.id,
        openedAt: ctx.now,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    const lines = await snapshotLines(tx, depot.id, await bookOf(tx, depot.id));
    if (lines.length)
      await tx.insert(partStocktakeLines).values(lines.map((l) => ({ ...l, stocktakeId: created!.id })));
    await appendEvent(tx, ctx, {
      entity: 'stocktake',
      entityId: created!.id,
      action: 'stocktake.opened',
      after: { code, depot: depot.code, blind: input.blind, lines: lines.length },
      reason: input.note ?? null,
      orgPath: depot.orgPath,
    });
    return { id: created!.id };
  });
}

/** Adds a line for a part found that the sheet does not list (book snapshotted now, usually 0). */
export async function addLine(ctx: Ctx, id: string, input: LineAdd): Promise<void> {
  requireManage(ctx);
  await ctx.db.transaction(async (tx) => {
    const row = await lockStocktake(tx, ctx, id);
    guard(row, 'addLine');
    const part = (await partsByIds(tx, [input.partId])).get(input.partId);
    if (!part) throw recordNotFound(ctx.lang, { 'zh-CN': '配件', en: 'Part' }, 'partId');
    const [exists] = await tx
      .select({ id: partStocktakeLines.id })
      .from(partStocktakeLines)
      .where(
        and(
          eq(partStocktakeLines.stocktakeId, id),
          eq(partStocktakeLines.partId, input.partId),
          eq(partStocktakeLines.grade, input.grade),
        ),
      );
    if (exists)
      throw new AppError(
        'stocktake.line_exists',
        { part: part.code, grade: ctx.lang === 'zh-CN' ? GRADE_ZH[input.grade] : input.grade },
        [{ path: 'partId', code: 'stocktake.line_exists', message: '' }],
      );
    const [line] = await snapshotLines(tx, row.depotId, await bookOf(tx, row.depotId, [input]));
    await tx.insert(partStocktakeLines).values({ ...line!, stocktakeId: id });
    await touch(tx, ctx, row);
    await appendEvent(tx, ctx, {
      entity: 'stocktake',
      entityId: id,
      action: 'stocktake.line_added',
      after: { part: part.code, grade: input.grade, bookQty: line!.bookQty },
      orgPath: row.orgPath,
    });
  });
}

/**
 * Enters counts (on screen or from the uploaded count sheet): counted parts take a quantity,
 * serial-tracked parts the list of serials found. Only while counting; the keeper's (parts.manage).
 */
export async function enterCounts(ctx: Ctx, id: string, input: CountsEnter, via: 'screen' | 'sheet' = 'screen') {
  requireManage(ctx);
  await ctx.db.transaction(async (tx) => {
    const row = await lockStocktake(tx, ctx, id);
    guard(row, 'count');
    await checkVersion(tx, ctx, row, input.version);
    const lines = new Map((await linesOf(tx, id)).map((l) => [l.id, l]));
    const changed: { part: string; grade: string; before: number | null; after: number | null }[] = [];
    for (const [i, entry] of input.lines.entries()) {
      const line = lines.get(entry.lineId);
      if (!line) throw recordNotFound(ctx.lang, { 'zh-CN': '盘点行', en: 'Stocktake line' }, `lines.${i}.lineId`);
      const count = countOf(line, entry);
      if (!count.ok)
        throw new AppError(
          count.code,
          { part: line.partCode, quantity: entry.countedQty ?? 0, given: entry.serials?.length ?? 0 },
          [{ path: `lines.${i}.${count.field}`, code: count.code, message: '' }],
        );
      if (count.countedQty === line.countedQty && JSON.stringify(count.serials) === JSON.stringify(line.countedSerials))
        continue;
      await tx
        .update(partStocktakeLines)
        .set({
          countedQty: count.countedQty,
          countedSerials: count.serials,
          countedBy: count.countedQty === null ? null : ctx.actor.id,
          countedAt: count.countedQty === null ? null : ctx.now,
        })
        .where(eq(partStocktakeLines.id, line.id));
      changed.push({ part: line.partCode, grade: line.grade, before: line.countedQty, after: count.countedQty });
    }
    if (!changed.length) return;
    await touch(tx, ctx, row);
    await appendEvent(tx, ctx, {
      entity: 'stocktake',
      entityId: id,
      action: 'stocktake.counted',
      after: { via, lines: changed },
      orgPath: row.orgPath,
    });
  });
}

/**
 * Recounts the lines whose book moved since their snapshot: their book is snapshotted again and
 * their count cleared, so they are counted against the book as it now stands. A submitted sheet
 * goes back to counting.
 */
export async function recount(ctx: Ctx, id: string): Promise<{ lines: number }> {
  requireManage(ctx);
  return ctx.db.transaction(async (tx) => {
    const row = await lockStocktake(tx, ctx, id);
    guard(row, 'recount');
    const lines = await linesOf(tx, id);
    const moved = await movedLines(tx, row.depotId, lines);
    const again = lines.filter((l) => moved.has(l.id));
    if (again.length) {
      const fresh = await snapshotLines(tx, row.depotId, await bookOf(tx, row.depotId, again));
      for (const l of again) {
        const f = fresh.find((x) => x.partId === l.partId && x.grade === l.grade)!;
        await tx
          .update(partStocktakeLines)
          .set({ ...f, countedQty: null, countedSerials: null, countedBy: null, countedAt: null })
          .where(eq(partStocktakeLines.id, l.id));
      }
    }
    await touch(
      tx,
      ctx,
      row,
      row.status === 'submitted' ? { status: 'counting', submittedAt: null, submittedBy: null } : {},
    );
    await appendEvent(tx, ctx, {
      entity: 'stocktake',
      entityId: id,
      action: 'stocktake.recounted',
      before: { status: row.status },
      after: {
        status: 'counting',
        lines: again.map((l) => ({ part: l.partCode, grade: l.grade, bookBefore: l.bookQty })),
      },
      orgPath: row.orgPath,
    });
    return { lines: again.length };
  });
}

/** The keeper submits a fully counted sheet for approval. */
export async function submitStocktake(ctx: Ctx, id: string): Promise<void> {
  requireManage(ctx);
  await ctx.db.transaction(async (tx) => {
    const row = await lockStocktake(tx, ctx, id);
    guard(row, 'submit');
    const lines = await linesOf(tx, id);
    const refusal = submitRefusal(lines);
    if (refusal) throw fieldError(refusal.field, refusal.code, refusal.params);
    await touch(tx, ctx, row, { status: 'submitted', submittedBy: ctx.actor.id, submittedAt: ctx.now });
    const variances = lines.filter((l) => lineVariance(l).variance !== 0).length;
    await appendEvent(tx, ctx, {
      entity: 'stocktake',
      entityId: id,
      action: 'stocktake.submitted',
      before: { status: row.status },
      after: { status: 'submitted', lines: lines.length, variances },
      orgPath: row.orgPath,
    });
  });
}

/**
 * A manager approves (parts.stocktake_approve): the variances are posted as `adjust` movements
 * (document `stocktake`), the stocktake is posted, in one transaction with its event. The balance
 * rows are locked first, in the ledger's lock order, so no movement slips in between the check
 * that the book has not moved and the posting. A shortage the depot cannot give (below what is
 * reserved) is refused by postMovements (stock.insufficient) and nothing is written.
 */
export async function approveStocktake(ctx: Ctx, id: string, note: string | undefined): Promise<void> {
  requireApprove(ctx);
  await ctx.db.transaction(async (tx) => {
    const row = await lockStocktake(tx, ctx, id);
    guard(row, 'approve');
    await tx
      .select({ partId: stockBalances.partId })
      .from(stockBalances)
      .where(eq(stockBalances.depotId, row.depotId))
      .orderBy(stockBalances.partId, stockBalances.grade)
      .for('update');
    const lines = await linesOf(tx, id);
    const refusal = postRefusal(lines, await movedLines(tx, row.depotId, lines));
    if (refusal) throw fieldError(refusal.field, refusal.code, refusal.params);
    const day = await companyDay(tx, ctx.now);
    const prices = await pricesOn(tx, [...new Set(lines.map((l) => l.partId))], day);
    const moves = adjustmentsOf(row.depotId, row, lines);
    const posted = await postMovements(tx, ctx, moves);
    for (const l of lines) {
      const cost = prices.get(l.partId)?.costFen ?? null;
      if (cost !== null)
        await tx.update(partStocktakeLines).set({ unitCostFen: cost }).where(eq(partStocktakeLines.id, l.id));
    }
    await touch(tx, ctx, row, {
      status: 'posted',
      decidedBy: ctx.actor.id,
      decidedAt: ctx.now,
      decisionNote: note ?? null,
    });
    const valueFen = lines.reduce(
      (s, l) => s + (lineVariance(l).variance ?? 0) * (prices.get(l.partId)?.costFen ?? 0),
      0,
    );
    await appendEvent(tx, ctx, {
      entity: 'stocktake',
      entityId: id,
      action: 'stocktake.posted',
      before: { status: row.status },
      after: {
        status: 'posted',
        adjustments: moves.map((m) => ({
          part: lines.find((l) => l.partId === m.partId)?.partCode,
          grade: m.grade,
          quantity: m.quantity,
          serials: m.serials,
        })),
        varianceValueFen: valueFen,
        ledgerIds: posted.map((p) => p.id),
      },
      reason: note ?? null,
      orgPath: row.orgPath,
    });
  });
}

/** A manager rejects a submitted sheet with a reason; nothing is posted. */
export async function rejectStocktake(ctx: Ctx, id: string, reason: string): Promise<void> {
  requireApprove(ctx);
  await decide(ctx, id, 'reject', 'rejected', reason);
}

/** The keeper cancels a sheet not yet posted (a wrong depot, a count to start over). */
export async function cancelStocktake(ctx: Ctx, id: string, reason: string | undefined): Promise<void> {
  requireManage(ctx);
  await decide(ctx, id, 'cancel', 'cancelled', reason ?? null);
}

async function decide(
  ctx: Ctx,
  id: string,
  action: 'reject' | 'cancel',
  status: 'rejected' | 'cancelled',
  reason: string | null,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await lockStocktake(tx, ctx, id);
    guard(row, action);
    await touch(tx, ctx, row, { status, decidedBy: ctx.actor.id, decidedAt: ctx.now, decisionNote: reason });
    await appendEvent(tx, ctx, {
      entity: 'stocktake',
      entityId: id,
      action: `stocktake.${status}`,
      before: { status: row.status },
      after: { status },
      reason,
      orgPath: row.orgPath,
    });
  });
}
