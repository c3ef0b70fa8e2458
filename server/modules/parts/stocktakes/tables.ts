import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../../../platform/identity/tables.js';
import { parts } from '../../customers/index.js';
import { depots } from '../tables.js';
import { STOCKTAKE_STATUSES } from './contract.js';
import { STOCK_GRADES } from '../contract.js';

/*
 * Stocktakes (盘点, docs/parts.md "Stocktake"): a count sheet of one depot. Opening it snapshots
 * the book (on hand per part and grade, the serials in stock, and the last ledger row of each
 * balance); the keeper enters what was counted and submits; a manager approves, which posts the
 * variances as `adjust` movements through postMovements, or rejects. The sheet carries the
 * depot's org path: the data scope of a stocktake is its depot's.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

export { STOCKTAKE_STATUSES };

export const partStocktakes = pgTable(
  'part_stocktakes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** ST-YYYYMMDD-NNNN: the company-zone day of opening and the day's sequence. */
    code: text('code').notNull(),
    depotId: uuid('depot_id')
      .notNull()
      .references(() => depots.id),
    /** The depot's unit's path when opened: who sees the stocktake. */
    orgPath: text('org_path').notNull(),
    status: text('status', { enum: STOCKTAKE_STATUSES }).notNull().default('counting'),
    /** A blind count: the book quantity is not shown to the counters until the sheet is submitted. */
    blind: boolean('blind').notNull().default(false),
    note: text('note'),
    openedBy: uuid('opened_by').references(() => users.id),
    openedAt: ts('opened_at').notNull(),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: ts('submitted_at'),
    /** Who approved (posted), rejected or cancelled it, when, and why. */
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    decisionNote: text('decision_note'),
    /** Bumped by every change: a count entered on a stale screen is refused. */
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('part_stocktakes_code_uq').on(t.code),
    // One open count per depot: two sheets counting the same shelves would post twice.
    uniqueIndex('part_stocktakes_open_uq').on(t.depotId).where(sql`status in ('counting', 'submitted')`),
    index('part_stocktakes_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.openedAt),
  ],
);

export const partStocktakeLines = pgTable(
  'part_stocktake_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stocktakeId: uuid('stocktake_id')
      .notNull()
      .references(() => partStocktakes.id),
    partId: uuid('part_id')
      .notNull()
      .references(() => parts.id),
    grade: text('grade', { enum: STOCK_GRADES }).notNull(),
    /** On hand when the line was snapshotted (opening, an added line, a recount). */
    bookQty: integer('book_qty').notNull(),
    /** The last ledger row of the balance at the snapshot (0: none): any later on-hand row means the book moved. */
    bookMovementId: bigint('book_movement_id', { mode: 'number' }).notNull(),
    /** Serial-tracked parts: the serials in stock at the snapshot. */
    bookSerials: jsonb('book_serials').$type<string[]>(),
    serialTracked: boolean('serial_tracked').notNull().default(false),
    countedQty: integer('counted_qty'),
    /** Serial-tracked parts: the serials found (countedQty is their number). */
    countedSerials: jsonb('counted_serials').$type<string[]>(),
    countedBy: uuid('counted_by').references(() => users.id),
    countedAt: ts('counted_at'),
    /** At posting: the unit cost on the posting day (fen), null without a price. */
    unitCostFen: integer('unit_cost_fen'),
  },
  (t) => [
    uniqueIndex('part_stocktake_lines_uq').on(t.stocktakeId, t.partId, t.grade),
    check('part_stocktake_lines_counted_ck', sql`counted_qty is null or counted_qty >= 0`),
  ],
);
