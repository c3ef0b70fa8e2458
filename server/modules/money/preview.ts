import type { Ctx } from '../../platform/context.js';
import type { QuotePreview, QuotePreviewResult } from './contract.js';
import { priceOrder } from './pricing.js';
import { assertMayReadFees, today } from './queries.js';

/**
 * "Try it" (docs/money.md, "Stored schedules"): an order's facts priced by the rules stored and in
 * force on a day, as the quote, the refused quote's charge and the outlet's fee would be — so
 * finance can check a schedule before an order meets it. Reads only; priced by `priceOrder`, the
 * same function the quote on the technician's phone uses.
 */
export async function previewQuote(ctx: Ctx, input: QuotePreview): Promise<QuotePreviewResult> {
  assertMayReadFees(ctx);
  const day = input.day ?? (await today(ctx.db, ctx.now));
  const { labels: _labels, ...priced } = await priceOrder(ctx.db, input, day, ctx.now);
  return priced;
}
