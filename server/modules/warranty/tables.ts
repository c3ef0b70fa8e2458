import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
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
import { DAY_COUNTINGS } from '../../../shared/day-counting.js';
import { customers, units } from '../customers/index.js';
import {
  CASE_STATES,
  CONTRACT_KINDS,
  CONTRACT_STATUSES,
  COVERAGE_RULES,
  type Appraisal,
  type CaseApproval,
  type CaseExecution,
  type Exclusion,
  type LocalText,
  type MainPartTerm,
  type Remedies,
  type RemedyRules,
  REMEDY_RULES,
  START_BASES,
  USAGES,
} from './contract.js';

/*
 * Warranty (保修, 三包). Policies are versions, never edited in place; decisions are rows written
 * at completion (or by a case) that keep the policy version and reasons they were made with, so a
 * later policy edit never rewrites who paid. Orders live in a module above: `order_id` carries no
 * foreign key (the customers merge and the SLA milestones do the same).
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });
const day = (name: string) => date(name, { mode: 'string' });
const money = (name: string) => bigint(name, { mode: 'number' });
const PAYERS = ['company', 'contract', 'customer'] as const;
const REMEDY_KINDS = ['refund', 'exchange'] as const;

export const warrantyPolicies = pgTable(
  'warranty_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    effectiveFrom: day('effective_from').notNull(),
    active: boolean('active').notNull().default(true),
    category: text('category'),
    productLineCode: text('product_line_code'),
    modelCode: text('model_code'),
    usage: text('usage', { enum: USAGES }),
    startBasis: text('start_basis', { enum: START_BASES }).notNull(),
    unitMonths: integer('unit_months').notNull(),
    unitLabourMonths: integer('unit_labour_months'),
    mainParts: jsonb('main_parts').$type<MainPartTerm[]>().notNull().default([]),
    replacedPartMonths: integer('replaced_part_months').notNull(),
    transferable: boolean('transferable').notNull().default(true),
    remedies: jsonb('remedies').$type<RemedyRules>().notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('warranty_policies_code_version_uq').on(t.code, t.version)],
);

export const warrantyContracts = pgTable(
  'warranty_contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    kind: text('kind', { enum: CONTRACT_KINDS }).notNull(),
    unitId: uuid('unit_id').references(() => units.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    coversParts: boolean('covers_parts').notNull(),
    coversLabour: boolean('covers_labour').notNull(),
    materialsAtCost: boolean('materials_at_cost').notNull().default(false),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on'),
    priceFen: money('price_fen').notNull().default(0),
    visitsIncluded: integer('visits_included'),
    visitsUsed: integer('visits_used').notNull().default(0),
    status: text('status', { enum: CONTRACT_STATUSES }).notNull().default('active'),
    note: text('note'),
    orgPath: text('org_path').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('warranty_contracts_code_uq').on(t.code),
    index('warranty_contracts_unit_idx').on(t.unitId),
    index('warranty_contracts_customer_idx').on(t.customerId),
  ],
);

export const warrantyDecisions = pgTable(
  'warranty_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id'),
    caseId: uuid('case_id'),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    subject: text('subject', { enum: ['unit', 'part'] }).notNull(),
    partId: uuid('part_id'),
    partCode: text('part_code'),
    partName: text('part_name'),
    covered: boolean('covered').notNull(),
    rule: text('rule', { enum: COVERAGE_RULES }).notNull(),
    policyId: uuid('policy_id'),
    policyCode: text('policy_code'),
    policyVersion: integer('policy_version'),
    contractId: uuid('contract_id'),
    until: day('until'),
    labour: text('labour', { enum: PAYERS }).notNull(),
    parts: text('parts', { enum: PAYERS }).notNull(),
    reasons: jsonb('reasons').$type<LocalText[]>().notNull(),
    exclusion: jsonb('exclusion').$type<Exclusion>(),
    // The counting convention the periods were computed under. Decisions stored before the
    // setting existed counted the start day as day 1, hence the default for those rows; new
    // decisions always write it (recordWarrantyDecision).
    dayCounting: text('day_counting', { enum: DAY_COUNTINGS }).notNull().default('start_day_counted'),
    orgPath: text('org_path').notNull(),
    decidedAt: ts('decided_at').notNull(),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name').notNull(),
  },
  (t) => [
    index('warranty_decisions_unit_idx').on(t.unitId, t.decidedAt),
    index('warranty_decisions_order_idx').on(t.orderId),
  ],
);

export const warrantyCases = pgTable(
  'warranty_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    state: text('state', { enum: CASE_STATES }).notNull().default('opened'),
    requested: text('requested', { enum: REMEDY_KINDS }).notNull(),
    rule: text('rule', { enum: REMEDY_RULES }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    orderId: uuid('order_id'),
    faultCode: text('fault_code'),
    reason: text('reason').notNull(),
    priceFen: money('price_fen').notNull(),
    remediesAtOpen: jsonb('remedies_at_open').$type<Remedies>(),
    appraisal: jsonb('appraisal').$type<Appraisal>(),
    approvals: jsonb('approvals').$type<CaseApproval[]>().notNull().default([]),
    execution: jsonb('execution').$type<CaseExecution>(),
    rejection: jsonb('rejection').$type<{ reason: string; by: string | null; byName: string; at: string }>(),
    orgPath: text('org_path').notNull(),
    createdBy: uuid('created_by'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('warranty_cases_code_uq').on(t.code),
    index('warranty_cases_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.state),
    index('warranty_cases_unit_idx').on(t.unitId),
  ],
);

export const warrantyCaseHistory = pgTable(
  'warranty_case_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => warrantyCases.id),
    at: ts('at').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state', { enum: CASE_STATES }),
    toState: text('to_state', { enum: CASE_STATES }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('warranty_case_history_case_idx').on(t.caseId, t.id)],
);

/** A refund paid on a case (the finance record; settlement picks it up). */
export const warrantyRefunds = pgTable(
  'warranty_refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => warrantyCases.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    priceFen: money('price_fen').notNull(),
    depreciationFen: money('depreciation_fen').notNull(),
    amountFen: money('amount_fen').notNull(),
    monthsUsed: integer('months_used').notNull(),
    orgPath: text('org_path').notNull(),
    at: ts('at').notNull(),
    by: uuid('by'),
  },
  (t) => [uniqueIndex('warranty_refunds_case_uq').on(t.caseId)],
);
