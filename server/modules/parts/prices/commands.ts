import type { Ctx } from '../../../platform/context.js';
import { appendEvent } from '../../../platform/events/index.js';
import { recordNotFound } from '../../../platform/records.js';
import { partsByIds } from '../../customers/index.js';
import type { PartPrice, PriceSet } from './contract.js';
import { priceHistory } from './queries.js';
import { partPrices } from './tables.js';

const PART_NAME = { 'zh-CN': '配件', en: 'Part' };

/**
 * A new price of a part from a business day on (parts.manage, checked by the route). History is
 * kept: this adds a row, the earlier ones stay; one audit event with the actor and time.
 */
export async function setPartPrice(ctx: Ctx, partId: string, input: PriceSet): Promise<PartPrice> {
  const id = await ctx.db.transaction(async (tx) => {
    const part = (await partsByIds(tx, [partId])).get(partId);
    if (!part) throw recordNotFound(ctx.lang, PART_NAME, 'partId');
    const [row] = await tx
      .insert(partPrices)
      .values({
        partId,
        costFen: input.costFen,
        salePriceFen: input.salePriceFen,
        effectiveFrom: input.effectiveFrom,
        createdBy: ctx.actor.id,
        createdAt: ctx.now,
      })
      .returning({ id: partPrices.id });
    await appendEvent(tx, ctx, {
      entity: 'part',
      entityId: partId,
      action: 'part.price_set',
      after: {
        part: part.code,
        costFen: input.costFen,
        salePriceFen: input.salePriceFen,
        effectiveFrom: input.effectiveFrom,
      },
    });
    return row!.id;
  });
  const { items } = await priceHistory(ctx.db, partId, ctx.now);
  return items.find((p) => p.id === id)!;
}
