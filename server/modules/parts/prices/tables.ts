import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../../platform/identity/tables.js';
import { parts } from '../../customers/index.js';

/*
 * Part prices and the consumption facts the ledger cannot hold (docs/parts.md, "Prices and
 * consumption"). Money in integer fen.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A part's cost and sale price from a business day on (effective-dated). History is kept: a
 * new price is a new row, never an update; the price on a day is the row with the latest
 * `effective_from` not after it (the later entered wins on the same day).
 */
export const partPrices = pgTable(
  'part_prices',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    partId: uuid('part_id')
      .notNull()
      .references(() => parts.id),
    costFen: integer('cost_fen').notNull(),
    salePriceFen: integer('sale_price_fen').notNull(),
    /** A business day (company time zone). */
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('part_prices_part_day_idx').on(t.partId, t.effectiveFrom, t.id),
    check('part_prices_money_ck', sql`cost_fen >= 0 and sale_price_fen >= 0`),
  ],
);

/**
 * A part fitted at completion that no depot held (setting parts.completionWithoutStock =
 * 'record'): the fact is kept here, stock is never made negative. Append-only.
 */
export const unstockedConsumptions = pgTable(
  'unstocked_consumptions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: ts('at').notNull(),
    /** The completion's business day (company time zone). */
    day: date('day', { mode: 'string' }).notNull(),
    orderId: uuid('order_id').notNull(),
    partId: uuid('part_id')
      .notNull()
      .references(() => parts.id),
    quantity: integer('quantity').notNull(),
    outletOrgUnitId: uuid('outlet_org_unit_id'),
    technicianUserId: uuid('technician_user_id'),
    /** Unit cost × quantity on the day; null when the part had no price then. */
    costFen: integer('cost_fen'),
    customerPays: boolean('customer_pays'),
    serial: text('serial'),
    actorUserId: uuid('actor_user_id'),
  },
  (t) => [
    index('unstocked_consumptions_order_idx').on(t.orderId),
    index('unstocked_consumptions_outlet_day_idx').on(t.outletOrgUnitId, t.day),
    check('unstocked_consumptions_qty_ck', sql`quantity > 0`),
  ],
);
