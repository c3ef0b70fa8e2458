import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { orgUnits } from '../../platform/identity/tables.js';
import { workOrders } from '../work-orders/index.js';
import { CALLBACK_KINDS, CALLBACK_STATES, type OutcomeKind } from './contract.js';

/*
 * Callbacks (docs/callbacks.md). A task is read under two paths: `org_path`, the center that
 * makes the call (its people see and work the queue), and `outlet_path`, the outlet that served
 * the order (its manager reads its own outlet's callbacks). One task per order and kind; the
 * timeline (`callback_events`) holds the creation, every attempt, the answer and the closing.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });
type Text = { 'zh-CN': string; en: string };

export const callbackCodeSeq = pgSequence('callback_code_seq', { startWith: 1 });

/** The plan a task was made under (copied from the setting in force at completion). */
export interface TaskPlan {
  key: string;
  sharePercent: number;
  firstAfterDays: [number, number];
  secondWithinDays: number | null;
  /** A check of a `checks` plan: its day after acceptance. */
  checkDay?: number;
}

/** How an answer came in. */
export type AnswerChannel = 'phone' | 'survey';

export interface StoredAnswer {
  fixed: boolean;
  feeAsRecorded: boolean;
  feeSaidFen: number | null;
  /** The fee recorded for the order when the answer was given (null: not readable). */
  feeRecordedFen: number | null;
  attitude: number;
  quality: number;
  timeliness: number;
  nps: number | null;
  comments: string | null;
  /** Who gave it: the agent on the phone, or the customer on the survey page (absent: phone). */
  channel?: AnswerChannel;
}

export interface StoredOutcome {
  kind: OutcomeKind;
  refId: string | null;
  refCode: string | null;
  text: Text;
}

export const callbackTasks = pgTable(
  'callback_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => workOrders.id),
    orderCode: text('order_code').notNull(),
    kind: text('kind', { enum: CALLBACK_KINDS }).notNull(),
    /** 1 for the first (or installation) callback, 2 for the second. */
    seq: integer('seq').notNull().default(1),
    state: text('state', { enum: CALLBACK_STATES }).notNull().default('open'),
    /** The unit that makes the call: the order's provincial center, else HQ. */
    centerId: uuid('center_id')
      .notNull()
      .references(() => orgUnits.id),
    /** The calling unit's path: the scope the queue is read and worked under. */
    orgPath: text('org_path').notNull(),
    outletId: uuid('outlet_id'),
    /** The serving outlet's path: its people read the outlet's own callbacks. */
    outletPath: text('outlet_path'),
    technicianId: uuid('technician_id'),
    plan: jsonb('plan').$type<TaskPlan>().notNull(),
    /** When the order was completed (the window counts from its company-zone day). */
    completedAt: ts('completed_at').notNull(),
    dueFrom: ts('due_from').notNull(),
    dueBy: ts('due_by').notNull(),
    /** Failed attempts so far. */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    answer: jsonb('answer').$type<StoredAnswer>(),
    outcomes: jsonb('outcomes').$type<StoredOutcome[]>().notNull().default([]),
    answeredAt: ts('answered_at'),
    answeredBy: uuid('answered_by'),
    answeredByName: text('answered_by_name'),
    cancelReason: text('cancel_reason'),
    closedAt: ts('closed_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('callback_tasks_code_uq').on(t.code),
    // One task per order and kind, however many completions race.
    uniqueIndex('callback_tasks_order_kind_seq_uq').on(t.orderId, t.kind, t.seq),
    index('callback_tasks_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.state, t.dueBy),
    index('callback_tasks_outlet_path_idx')
      .using('btree', sql`${t.outletPath} text_pattern_ops`, t.state)
      .where(sql`${t.outletPath} is not null`),
    index('callback_tasks_answered_idx').on(t.answeredAt).where(sql`${t.answeredAt} is not null`),
    // The rolling satisfaction of the outlets and technicians a dispatch suggestion names (satisfaction.ts).
    index('callback_tasks_outlet_answered_idx').on(t.outletId, t.answeredAt).where(sql`${t.state} = 'done'`),
    index('callback_tasks_technician_answered_idx').on(t.technicianId, t.answeredAt).where(sql`${t.state} = 'done'`),
  ],
);

/** The timeline of a task: created, every attempt, the answer, unreachable, cancelled. */
export const callbackEvents = pgTable(
  'callback_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => callbackTasks.id),
    kind: text('kind').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    at: ts('at').notNull(),
    text: jsonb('text').$type<Text>().notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('callback_events_task_idx').on(t.taskId, t.id)],
);
