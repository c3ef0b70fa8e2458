import { and, eq, or, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import { notifyInbox } from '../../platform/notify/index.js';
import type { StockGrade } from './rules.js';
import { stockBalances } from './tables.js';

/*
 * Reorder notices (docs/parts.md): a balance whose available quantity (on hand − reserved)
 * drops below its reorder point puts one notice in the depot keeper's inbox, once per crossing:
 * `below_reorder` turns true with the notice and false again, silently, when it is back up.
 */

const BELOW = sql`(${stockBalances.reorderPoint} is not null and ${stockBalances.onHand} - ${stockBalances.reserved} < ${stockBalances.reorderPoint})`;

interface DepotOfNotice {
  id: string;
  code: string;
  name: string;
  orgUnitId: string;
  technicianUserId: string | null;
}

/**
 * Brings `below_reorder` of the given balances up to date (their rows are already locked by the
 * caller's writes) and notifies the keepers of those that just crossed below.
 */
export async function noticeReorderCrossings(
  tx: DbLike,
  ctx: Pick<Ctx, 'now'>,
  keys: { depotId: string; partId: string; grade: StockGrade }[],
  depotMap: ReadonlyMap<string, DepotOfNotice>,
  partMap: ReadonlyMap<string, { code: string; name: string }>,
): Promise<void> {
  if (!keys.length) return;
  const crossed = await tx
    .update(stockBalances)
    .set({ belowReorder: BELOW })
    .where(
      and(
        or(
          ...keys.map((k) =>
            and(
              eq(stockBalances.depotId, k.depotId),
              eq(stockBalances.partId, k.partId),
              eq(stockBalances.grade, k.grade),
            ),
          ),
        ),
        sql`${stockBalances.belowReorder} <> ${BELOW}`,
      ),
    )
    .returning({
      depotId: stockBalances.depotId,
      partId: stockBalances.partId,
      below: stockBalances.belowReorder,
      onHand: stockBalances.onHand,
      reserved: stockBalances.reserved,
      reorderPoint: stockBalances.reorderPoint,
      reorderQty: stockBalances.reorderQty,
    });
  await noticeCrossed(
    tx,
    ctx,
    crossed.filter((r) => r.below),
    depotMap,
    partMap,
  );
}

/** The flag `below_reorder` after a balance change of on hand and reserved by the given amounts (set in the same UPDATE). */
export function belowAfter(onHandDelta: number, reservedDelta: number) {
  // Column names as text: an UPDATE of stock_balances runs this per movement (bench/README.md, "Parts").
  return sql<boolean>`(reorder_point is not null and (on_hand + ${onHandDelta}::int) - (reserved + ${reservedDelta}::int) < reorder_point)`;
}

/**
 * Whether a balance change crossed below the reorder point: below after it, and not before it.
 * "Before" is judged from the values before the change (after − the deltas): every writer of a
 * balance keeps `below_reorder` equal to that judgement in the same statement or transaction, so
 * the row's old flag and the old values agree.
 */
export function crossedBelow(
  after: { onHand: number; reserved: number; below: boolean; reorderPoint: number | null },
  onHandDelta: number,
  reservedDelta: number,
): boolean {
  if (!after.below || after.reorderPoint === null) return false;
  return after.onHand - onHandDelta - (after.reserved - reservedDelta) >= after.reorderPoint;
}

/** One inbox notice per balance that just crossed below its reorder point, to the depot's keepers. */
export async function noticeCrossed(
  tx: DbLike,
  ctx: Pick<Ctx, 'now'>,
  crossed: {
    depotId: string;
    partId: string;
    onHand: number;
    reserved: number;
    reorderPoint: number | null;
    reorderQty: number | null;
  }[],
  depotMap: ReadonlyMap<string, DepotOfNotice>,
  partMap: ReadonlyMap<string, { code: string; name: string }>,
): Promise<void> {
  for (const c of crossed) {
    const depot = depotMap.get(c.depotId);
    const part = partMap.get(c.partId);
    if (!depot || !part) continue;
    const available = c.onHand - c.reserved;
    const qty = c.reorderQty ?? 0;
    await notifyInbox(tx, {
      orgUnitId: depot.orgUnitId,
      permission: 'parts.manage',
      userIds: depot.technicianUserId ? [depot.technicianUserId] : [],
      title: { 'zh-CN': '配件库存低于补货点', en: 'Part stock below its reorder point' },
      body: {
        'zh-CN': `${depot.name}（${depot.code}）的配件${part.code} ${part.name}可用${available}，低于补货点${c.reorderPoint}${qty ? `，建议补货${qty}` : ''}`,
        en: `Part ${part.code} at ${depot.name} (${depot.code}): ${available} available, below the reorder point of ${c.reorderPoint}${qty ? `; reorder ${qty}` : ''}`,
      },
      entity: 'depot',
      entityId: depot.id,
      at: ctx.now,
    });
  }
}
