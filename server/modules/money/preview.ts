import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { pricesOn } from '../parts/index.js';
import type { QuotePreview, QuotePreviewResult } from './contract.js';
import { customerQuote, type FeeFacts, feeZone, outletServiceFee, refusedQuoteCharge } from './fee-rules.js';
import { assertMayReadFees, rulesInForceOn, today } from './queries.js';

/**
 * "Try it" (docs/money.md, "Stored schedules"): an order's facts priced by the rules stored and in
 * force on a day, as the quote, the refused quote's charge and the outlet's fee would be — so
 * finance can check a schedule before an order meets it. Reads only; the rules go to the pure
 * functions unchanged. A part without a given price takes its price in force on the day; a part
 * with none is listed as not priced.
 */
export async function previewQuote(ctx: Ctx, input: QuotePreview): Promise<QuotePreviewResult> {
  assertMayReadFees(ctx);
  const day = input.day ?? (await today(ctx.db, ctx.now));
  const nearZoneKm = await getSetting(ctx.db, 'orders.nearZoneKm', ctx.now);
  const facts: FeeFacts = {
    serviceType: input.serviceType,
    productLineId: input.productLineId,
    modelClass: input.modelClass,
    repairKind: input.repairKind,
    distanceM: input.distanceM,
    zone: input.zone,
    nearZoneKm,
  };
  const rules = await rulesInForceOn(ctx.db, day);
  const ids = input.parts.flatMap((p) => (p.partId ? [p.partId] : []));
  const prices = await pricesOn(ctx.db, [...new Set(ids)], day);
  // No price given and none in force: NaN, which the pure rules list as a part they cannot price.
  const priceOf = (p: QuotePreview['parts'][number], key: 'salePriceFen' | 'costFen') =>
    p[key] ?? (p.partId ? prices.get(p.partId)?.[key] : undefined) ?? Number.NaN;
  const quoteParts = input.parts.map((p) => ({
    partId: p.partId ?? p.name,
    name: p.name,
    quantity: p.quantity,
    salePriceFen: priceOf(p, 'salePriceFen'),
  }));
  const ownStock = input.parts
    .filter((p) => p.fromOwnStock)
    .map((p) => ({ partId: p.partId ?? p.name, name: p.name, quantity: p.quantity, costFen: priceOf(p, 'costFen') }));
  return {
    day,
    zone: feeZone(facts),
    nearZoneKm,
    rulesInForce: rules.length,
    customerQuote: customerQuote(facts, rules, quoteParts, day),
    refusedQuoteCharge: refusedQuoteCharge(facts, rules, day),
    outletServiceFee: outletServiceFee(facts, rules, ownStock, day),
  };
}
