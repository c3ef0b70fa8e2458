import { z } from 'zod';

/*
 * Part prices (effective-dated) and parts cost read off the ledger (docs/parts.md, "Prices and
 * consumption"). Money in integer fen.
 */

/** Fen, a whole number ≥ 0 that a PostgreSQL integer holds (at most ¥20,000,000 per unit). */
export const Fen = z.number().int().min(0).max(2_000_000_000);
/** A business day, YYYY-MM-DD (a real calendar date). */
export const Day = z.iso.date();

export const PriceSet = z.object({
  costFen: Fen,
  salePriceFen: Fen,
  effectiveFrom: Day,
});
export type PriceSet = z.infer<typeof PriceSet>;

export const PartPrice = z.object({
  id: z.number(),
  partId: z.uuid(),
  costFen: z.number(),
  salePriceFen: z.number(),
  effectiveFrom: z.string(),
  createdBy: z.uuid().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type PartPrice = z.infer<typeof PartPrice>;

export const PriceHistory = z.object({
  items: z.array(PartPrice),
  total: z.number().int(),
  /** The price in force today (company time zone), if any. */
  current: PartPrice.nullable(),
});
export type PriceHistory = z.infer<typeof PriceHistory>;

export const CostsQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
  /** An org unit in scope (an outlet, or a center for everything under it). */
  outletId: z.uuid().optional(),
});
export type CostsQuery = z.infer<typeof CostsQuery>;

export const UnitCost = z.object({
  orgUnitId: z.uuid(),
  orgUnitCode: z.string(),
  orgUnitName: z.string(),
  /** Sum of the consume movements' cost at the unit's depots (its own and its technicians' vans). */
  costFen: z.number(),
  quantity: z.number(),
  /** Consumed parts that had no price on the day (cost unknown). */
  unpricedQuantity: z.number(),
  /** Parts fitted that no depot held (recorded, not in the ledger). */
  unstockedQuantity: z.number(),
  unstockedCostFen: z.number(),
});
export type UnitCost = z.infer<typeof UnitCost>;

export const MonthCosts = z.object({
  month: z.string(),
  items: z.array(UnitCost),
  total: z.number().int(),
  totalCostFen: z.number(),
});
export type MonthCosts = z.infer<typeof MonthCosts>;

export const OrderParams = z.object({ orderId: z.uuid() });

export const OrderCostLine = z.object({
  /** The ledger row; null for an unstocked consumption. */
  movementId: z.number().nullable(),
  at: z.iso.datetime({ offset: true }),
  depotId: z.uuid().nullable(),
  depotCode: z.string().nullable(),
  partId: z.uuid(),
  partCode: z.string(),
  partName: z.string(),
  quantity: z.number(),
  serial: z.string().nullable(),
  costFen: z.number().nullable(),
  customerPays: z.boolean().nullable(),
  unstocked: z.boolean(),
});
export type OrderCostLine = z.infer<typeof OrderCostLine>;

export const OrderCosts = z.object({
  orderId: z.uuid(),
  items: z.array(OrderCostLine),
  total: z.number().int(),
  totalCostFen: z.number(),
  /** Cost of the parts the customer pays for (warranty decision). */
  customerPaysCostFen: z.number(),
});
export type OrderCosts = z.infer<typeof OrderCosts>;
