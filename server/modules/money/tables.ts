import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/identity/tables.js';

/*
 * The stored fee schedules (docs/money.md, "Stored schedules"): one row per rule, the fields of
 * `FeeRule` (money/contract.ts) and who added and who ended it. Rows are never edited: a change
 * ends the old rule (its last day, effective_to) and adds a new one in one transaction; removing a
 * rule is ending it. Money in integer fen, distances in whole metres.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const feeRules = pgTable(
  'fee_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schedule: text('schedule').notNull(),
    item: text('item').notNull(),
    serviceType: text('service_type'),
    productLineId: text('product_line_id'),
    modelClass: text('model_class'),
    repairKind: text('repair_kind'),
    zone: text('zone'),
    minDistanceM: integer('min_distance_m'),
    maxDistanceM: integer('max_distance_m'),
    amountFen: integer('amount_fen').notNull(),
    /** First day in force (company time zone). */
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    /** Last day in force, included; null = until further notice. Set once, by ending the rule. */
    effectiveTo: date('effective_to', { mode: 'string' }),
    label: text('label').notNull(),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    /** When and by whom the rule was given its last day (a change or an end); null while open. */
    endedAt: ts('ended_at'),
    endedBy: uuid('ended_by').references(() => users.id),
  },
  (t) => [
    index('fee_rules_item_day_idx').on(t.schedule, t.item, t.effectiveFrom),
    check('fee_rules_amount_ck', sql`amount_fen >= 0`),
    check('fee_rules_days_ck', sql`effective_to is null or effective_to >= effective_from`),
    check(
      'fee_rules_band_ck',
      sql`min_distance_m is null or max_distance_m is null or max_distance_m > min_distance_m`,
    ),
  ],
);
