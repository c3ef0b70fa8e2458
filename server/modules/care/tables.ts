import { sql } from 'drizzle-orm';
import {
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
import { units } from '../customers/index.js';
import { OFFER_STATES } from './contract.js';

/*
 * Customer care (docs/care.md). A unit's custom maintenance plan (one row per unit, kept when
 * cleared so its version goes on), the reminders sent (one row per kind, unit and date: the unique
 * key makes "sent once" hold however many instances sweep), extended-warranty offers with their
 * timeline, and the sweep's own clock (one row claimed FOR UPDATE SKIP LOCKED).
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });
const day = (name: string) => date(name, { mode: 'string' });
type Text = { 'zh-CN': string; en: string };

export const REMINDER_KINDS = ['maintenance', 'warranty_expiry'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const carePlans = pgTable(
  'care_plans',
  {
    unitId: uuid('unit_id')
      .primaryKey()
      .references(() => units.id),
    active: boolean('active').notNull().default(true),
    intervalDays: integer('interval_days'),
    intervalMonths: integer('interval_months'),
    nextOn: day('next_on'),
    note: text('note'),
    /** The company-zone day the plan was set: an explicit date holds until a maintenance completed after it. */
    setOn: day('set_on').notNull(),
    setBy: uuid('set_by'),
    setByName: text('set_by_name').notNull(),
    orgPath: text('org_path').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('care_plans_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`)],
);

export const careReminders = pgTable(
  'care_reminders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind', { enum: REMINDER_KINDS }).notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** The maintenance date or the warranty's last day the reminder is about. */
    dueOn: day('due_on').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** The outbox message (null when not sent: no consent or no mobile number). */
    outboxId: uuid('outbox_id'),
    skipped: text('skipped', { enum: ['no_consent', 'no_mobile'] }),
    orgPath: text('org_path').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [
    uniqueIndex('care_reminders_kind_unit_due_uq').on(t.kind, t.unitId, t.dueOn),
    index('care_reminders_unit_idx').on(t.unitId),
  ],
);

export const careOffers = pgTable(
  'care_offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    customerId: uuid('customer_id').notNull(),
    /** The warranty's last day the offer is about. */
    warrantyEndsOn: day('warranty_ends_on').notNull(),
    state: text('state', { enum: OFFER_STATES }).notNull().default('open'),
    note: text('note'),
    remindedAt: ts('reminded_at'),
    respondedAt: ts('responded_at'),
    respondedBy: uuid('responded_by'),
    respondedByName: text('responded_by_name'),
    contractId: uuid('contract_id'),
    contractCode: text('contract_code'),
    orgPath: text('org_path').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('care_offers_unit_end_uq').on(t.unitId, t.warrantyEndsOn),
    index('care_offers_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.state),
  ],
);

/** An offer's timeline: the reminder, every response. */
export const careOfferEvents = pgTable(
  'care_offer_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => careOffers.id),
    kind: text('kind').notNull(),
    response: text('response', { enum: OFFER_STATES }),
    note: text('note'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    at: ts('at').notNull(),
    text: jsonb('text').$type<Text>().notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('care_offer_events_offer_idx').on(t.offerId, t.id)],
);

/** The reminder sweep's clock: the instance that claims the row sweeps, the others skip it. */
export const careSweeps = pgTable('care_sweeps', {
  name: text('name').primaryKey(),
  nextRunAt: ts('next_run_at').notNull(),
  lastRunAt: ts('last_run_at'),
});

export const ANNOUNCEMENT_STATES = ['scheduled', 'sent', 'cancelled'] as const;

/**
 * An announcement to customers ahead of a campaign or promotion (DOMAIN.md "Follow-up": promotions
 * announced two weeks ahead, seed 001/003): a scheduled SMS to a segment — the customers who
 * agreed to messages and own an active unit of the chosen product lines, in the chosen provinces,
 * within the announcing unit's area. Sent once by the scheduler at `send_at`.
 */
export const careAnnouncements = pgTable(
  'care_announcements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    eventOn: day('event_on').notNull(),
    sendAt: ts('send_at').notNull(),
    provinceCodes: jsonb('province_codes').$type<string[]>().notNull().default([]),
    productLineIds: jsonb('product_line_ids').$type<string[]>().notNull().default([]),
    state: text('state', { enum: ANNOUNCEMENT_STATES }).notNull().default('scheduled'),
    sentCount: integer('sent_count'),
    sentAt: ts('sent_at'),
    cancelReason: text('cancel_reason'),
    orgPath: text('org_path').notNull(),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('care_announcements_due_idx').on(t.sendAt).where(sql`${t.state} = 'scheduled'`),
    index('care_announcements_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.createdAt),
  ],
);
