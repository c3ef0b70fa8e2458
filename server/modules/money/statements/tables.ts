import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Text } from '../../../../shared/i18n.js';
import { orgUnits, users } from '../../../platform/identity/tables.js';
import { LINE_KINDS, STATEMENT_KINDS, STATEMENT_STATES } from './contract.js';

/*
 * The monthly settlement statements (docs/money-statements.md): one statement per unit (an outlet
 * or a provincial center) and month, its lines, and the adjustments carried into a later month.
 * Money in integer fen, signed on a line (+ paid to the unit, − deducted); the statement's total
 * is the sum of its lines, kept with them in the same transaction. A statement carries its unit's
 * org path: the data scope is the same prefix match as everywhere else.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const settlementStatements = pgTable(
  'settlement_statements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** JS202611-O-GD-01: the month and the unit's code. */
    code: text('code').notNull(),
    kind: text('kind', { enum: STATEMENT_KINDS }).notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    orgPath: text('org_path').notNull(),
    /** 'YYYY-MM', company time zone. */
    month: text('month').notNull(),
    state: text('state', { enum: STATEMENT_STATES }).notNull().default('draft'),
    totalFen: bigint('total_fen', { mode: 'number' }).notNull().default(0),
    lineCount: integer('line_count').notNull().default(0),
    orderCount: integer('order_count').notNull().default(0),
    /** Lines with an open dispute. */
    disputedCount: integer('disputed_count').notNull().default(0),
    draftedAt: ts('drafted_at').notNull(),
    draftedBy: uuid('drafted_by').references(() => users.id),
    sentAt: ts('sent_at'),
    sentBy: uuid('sent_by').references(() => users.id),
    /** The last day the unit may accept or dispute (company time zone). */
    respondBy: date('respond_by', { mode: 'string' }),
    acceptedAt: ts('accepted_at'),
    acceptedBy: uuid('accepted_by').references(() => users.id),
    lockedAt: ts('locked_at'),
    lockedBy: uuid('locked_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('settlement_statements_unit_month_uq').on(t.unitId, t.month),
    uniqueIndex('settlement_statements_code_uq').on(t.code),
    // The list: a month's statements within a subtree, by kind and state.
    index('settlement_statements_month_path_idx').using('btree', t.month, sql`${t.orgPath} text_pattern_ops`),
    index('settlement_statements_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.month),
    check('settlement_statements_month_ck', sql`month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
  ],
);

export const settlementLines = pgTable(
  'settlement_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    statementId: uuid('statement_id')
      .notNull()
      .references(() => settlementStatements.id),
    seq: integer('seq').notNull(),
    kind: text('kind', { enum: LINE_KINDS }).notNull(),
    orderId: uuid('order_id'),
    orderCode: text('order_code'),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    explanation: jsonb('explanation').$type<Text>().notNull(),
    /** What the line cites besides the order: the fee rule, the milestone, the obligation, the adjustment… */
    ref: jsonb('ref').$type<Record<string, unknown>>(),
    /** A dispute_correction line: the line whose dispute was upheld. */
    correctsLineId: uuid('corrects_line_id'),
    disputeState: text('dispute_state', { enum: ['open', 'upheld', 'rejected'] }),
    disputeReason: text('dispute_reason'),
    disputedAt: ts('disputed_at'),
    disputedBy: uuid('disputed_by').references(() => users.id),
    disputedByName: text('disputed_by_name'),
    resolution: text('resolution'),
    correctedAmountFen: bigint('corrected_amount_fen', { mode: 'number' }),
    resolvedAt: ts('resolved_at'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    resolvedByName: text('resolved_by_name'),
  },
  (t) => [uniqueIndex('settlement_lines_statement_seq_uq').on(t.statementId, t.seq)],
);

/**
 * A correction of a locked statement, carried into the unit's next open month: pulled in as an
 * `adjustment` line whenever that month's statement is drafted or recomputed.
 */
export const statementAdjustments = pgTable(
  'statement_adjustments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    orgPath: text('org_path').notNull(),
    /** The month whose statement carries it. */
    month: text('month').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    /** Written by the system: the reason in both languages (an old-part appraisal or a complaint penalty after the month left draft). */
    explanation: jsonb('explanation').$type<Text>(),
    /** The old-part return whose late appraisal it carries (parts' part_return_obligations). */
    obligationId: uuid('obligation_id'),
    /** The complaint whose penalty, decided or changed after the month left draft, it carries. */
    complaintId: uuid('complaint_id'),
    /** The order whose confirmation, after the month left draft, it carries (the confirmation gate). */
    orderId: uuid('order_id'),
    /** The statement it corrects: locked (a correction by hand), or past draft (a late appraisal). */
    sourceStatementId: uuid('source_statement_id')
      .notNull()
      .references(() => settlementStatements.id),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdByName: text('created_by_name').notNull(),
  },
  (t) => [
    index('statement_adjustments_unit_month_idx').on(t.unitId, t.month),
    index('statement_adjustments_obligation_idx').on(t.obligationId).where(sql`obligation_id is not null`),
    index('statement_adjustments_complaint_idx').on(t.complaintId).where(sql`complaint_id is not null`),
    index('statement_adjustments_order_idx').on(t.orderId).where(sql`order_id is not null`),
    check('statement_adjustments_amount_ck', sql`amount_fen <> 0`),
  ],
);
