import { and, eq, or, sql } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { recordNotFound } from '../../../platform/records.js';
import { partsByIds } from '../../customers/index.js';
import type { MovementPost, ReorderSet } from '../contract.js';
import { depotInScope } from '../queries.js';
import { noticeReorderCrossings } from '../reorder.js';
import { partSerials, partTracking, stockBalances } from '../tables.js';
import { depotFacts, type MovementRow, postMovements } from './post-movements.js';

const PART_NAME = { 'zh-CN': '配件', en: 'Part' };

async function knownPart(tx: DbLike, ctx: Ctx, partId: string, field: string) {
  const part = (await partsByIds(tx, [partId])).get(partId);
  if (!part) throw recordNotFound(ctx.lang, PART_NAME, field);
  return part;
}

/**
 * A movement posted by a person (parts.manage): the depot it is posted at must be in their data
 * scope (a transfer's destination may be any depot: stock goes back up the tree).
 */
export async function postMovementCommand(ctx: Ctx, input: MovementPost): Promise<MovementRow[]> {
  return ctx.db.transaction((tx) => postMovements(tx, ctx, [input], { inScope: true }));
}

/** Sets (or clears) the reorder point and quantity of a part at a depot (good stock). */
export async function setReorder(ctx: Ctx, input: ReorderSet): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const depot = await depotInScope(tx, ctx, input.depotId, 'depotId');
    const part = await knownPart(tx, ctx, input.partId, 'partId');
    const values = { reorderPoint: input.reorderPoint, reorderQty: input.reorderQty ?? null, updatedAt: ctx.now };
    const [before] = await tx
      .select({ reorderPoint: stockBalances.reorderPoint, reorderQty: stockBalances.reorderQty })
      .from(stockBalances)
      .where(
        and(
          eq(stockBalances.depotId, input.depotId),
          eq(stockBalances.partId, input.partId),
          eq(stockBalances.grade, 'good'),
        ),
      )
      .for('update');
    await tx
      .insert(stockBalances)
      .values({ depotId: input.depotId, partId: input.partId, grade: 'good', ...values })
      .onConflictDoUpdate({ target: [stockBalances.depotId, stockBalances.partId, stockBalances.grade], set: values });
    await appendEvent(tx, ctx, {
      entity: 'depot',
      entityId: input.depotId,
      action: 'stock.reorder_set',
      before: before ? { part: part.code, ...before } : { part: part.code },
      after: { part: part.code, reorderPoint: values.reorderPoint, reorderQty: values.reorderQty },
      orgPath: depot.orgPath,
    });
    // A new point may put the balance below it at once: that is a crossing too.
    await noticeReorderCrossings(
      tx,
      ctx,
      [{ depotId: input.depotId, partId: input.partId, grade: 'good' }],
      await depotFacts(tx, [input.depotId]),
      new Map([[input.partId, part]]),
    );
  });
}

/**
 * Whether a part is serial-tracked. It may change only while no depot holds or awaits any of it
 * and no serial of it is in stock, in transit or issued: serials cannot be made up afterwards.
 */
export async function setTracking(
  ctx: Ctx,
  partId: string,
  serialTracked: boolean,
): Promise<{ partId: string; serialTracked: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const part = await knownPart(tx, ctx, partId, 'partId');
    // One writer at a time per part: the tracking row is the lock.
    await tx.insert(partTracking).values({ partId, serialTracked: false, updatedAt: ctx.now }).onConflictDoNothing();
    const [current] = await tx.select().from(partTracking).where(eq(partTracking.partId, partId)).for('update');
    if (current!.serialTracked === serialTracked) return { partId, serialTracked };
    const [held] = await tx
      .select({ n: sql<number>`coalesce(sum(${stockBalances.onHand} + ${stockBalances.inTransit}), 0)::int` })
      .from(stockBalances)
      .where(eq(stockBalances.partId, partId));
    const [serials] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(partSerials)
      .where(
        and(
          eq(partSerials.partId, partId),
          or(eq(partSerials.state, 'in_stock'), eq(partSerials.state, 'in_transit'), eq(partSerials.state, 'issued')),
        ),
      );
    const n = (held?.n ?? 0) + (serials?.n ?? 0);
    if (n > 0) throw new AppError('stock.tracking_locked', { part: part.code, held: n });
    await tx.update(partTracking).set({ serialTracked, updatedAt: ctx.now }).where(eq(partTracking.partId, partId));
    await appendEvent(tx, ctx, {
      entity: 'part',
      entityId: partId,
      action: 'part.tracking_set',
      before: { serialTracked: current!.serialTracked },
      after: { serialTracked },
    });
    return { partId, serialTracked };
  });
}
