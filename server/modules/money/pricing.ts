import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import { pricesOn } from '../parts/index.js';
import type { FeeTotal } from './contract.js';
import { customerQuote, type FeeFacts, feeZone, outletServiceFee, refusedQuoteCharge } from './fee-rules.js';
import { rulesInForceOn } from './queries.js';

/** A part to price: its price given, or (null) read from the part's prices in force on the day. */
export interface PricedPart {
  partId: string | null;
  name: string;
  quantity: number;
  salePriceFen: number | null;
  costFen: number | null;
  fromOwnStock: boolean;
}

/** An order's facts as the schedules see them; the near-zone setting is read for the day. */
export type OrderFeeFacts = Omit<FeeFacts, 'nearZoneKm'> & { parts: PricedPart[] };

export interface OrderPricing {
  day: string;
  zone: 'near' | 'far' | null;
  nearZoneKm: number;
  rulesInForce: number;
  /** Each rule's label by id, so a caller can name a line's rule. */
  labels: Map<string, string>;
  customerQuote: FeeTotal;
  refusedQuoteCharge: FeeTotal;
  outletServiceFee: FeeTotal;
}

/**
 * An order's facts priced by the schedules stored and in force on a day (docs/money.md): the
 * customer's quote, the refused quote's charge and the outlet's fee. The one place both the "try
 * it" preview and the quote on the technician's phone price an order; the rules go to the pure
 * functions unchanged. A part without a given price takes its price in force on the day; a part
 * with none is listed as not priced. `at` is the instant whose near-zone setting applies.
 */
export async function priceOrder(db: DbLike, facts: OrderFeeFacts, day: string, at: Date): Promise<OrderPricing> {
  const nearZoneKm = await getSetting(db, 'orders.nearZoneKm', at);
  const fee: FeeFacts = {
    serviceType: facts.serviceType,
    productLineId: facts.productLineId,
    modelClass: facts.modelClass,
    repairKind: facts.repairKind,
    distanceM: facts.distanceM,
    zone: facts.zone,
    nearZoneKm,
  };
  const rules = await rulesInForceOn(db, day);
  const ids = facts.parts.flatMap((p) => (p.partId ? [p.partId] : []));
  const prices = await pricesOn(db, [...new Set(ids)], day);
  // No price given and none in force: NaN, which the pure rules list as a part they cannot price.
  const priceOf = (p: PricedPart, key: 'salePriceFen' | 'costFen') =>
    p[key] ?? (p.partId ? prices.get(p.partId)?.[key] : undefined) ?? Number.NaN;
  const quoteParts = facts.parts.map((p) => ({
    partId: p.partId ?? p.name,
    name: p.name,
    quantity: p.quantity,
    salePriceFen: priceOf(p, 'salePriceFen'),
  }));
  const ownStock = facts.parts
    .filter((p) => p.fromOwnStock)
    .map((p) => ({ partId: p.partId ?? p.name, name: p.name, quantity: p.quantity, costFen: priceOf(p, 'costFen') }));
  return {
    day,
    zone: feeZone(fee),
    nearZoneKm,
    rulesInForce: rules.length,
    labels: new Map(rules.map((r) => [r.id, r.label])),
    customerQuote: customerQuote(fee, rules, quoteParts, day),
    refusedQuoteCharge: refusedQuoteCharge(fee, rules, day),
    outletServiceFee: outletServiceFee(fee, rules, ownStock, day),
  };
}
