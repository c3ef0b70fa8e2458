import { sql } from 'drizzle-orm';
import {
  bigserial,
  date,
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
import { customers, units } from '../customers/index.js';
import { workOrders } from '../work-orders/index.js';
import { ADDED_BY, CAMPAIGN_STATES, RECALL_UNIT_STATES } from './contract.js';

/*
 * Recall campaigns (docs/recalls.md). A campaign is defined company-wide (its `org_path` is the
 * defining unit's, HQ's as a rule); its units are read under `org_path`, the center whose area
 * holds the unit (a center reads its province's units), or through the recall order (an outlet
 * reads the units of the orders it holds). One row per campaign and unit; the timeline
 * (`recall_events`) holds the campaign's steps and every unit's.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });
type Text = { 'zh-CN': string; en: string };

export const recallCodeSeq = pgSequence('recall_code_seq', { startWith: 1 });

export const recallCampaigns = pgTable(
  'recall_campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    title: jsonb('title').$type<Text>().notNull(),
    reason: text('reason').notNull(),
    modelIds: jsonb('model_ids').$type<string[]>().notNull(),
    /** Both included, of equal length; compared character by character (rules.ts, serialInRange). */
    serialFrom: text('serial_from'),
    serialTo: text('serial_to'),
    /** The production batch: serials beginning with it. */
    serialPrefix: text('serial_prefix'),
    purchasedFrom: date('purchased_from'),
    purchasedTo: date('purchased_to'),
    state: text('state', { enum: CAMPAIGN_STATES }).notNull().default('draft'),
    effectiveFrom: date('effective_from').notNull(),
    effectiveUntil: date('effective_until'),
    /** The defining unit's path: who may change the campaign. */
    orgPath: text('org_path').notNull(),
    activatedAt: ts('activated_at'),
    closedAt: ts('closed_at'),
    closeReason: text('close_reason'),
    createdBy: uuid('created_by'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('recall_campaigns_code_uq').on(t.code), index('recall_campaigns_state_idx').on(t.state)],
);

export const recallUnits = pgTable(
  'recall_units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => recallCampaigns.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    modelId: uuid('model_id').notNull(),
    serialNo: text('serial_no').notNull(),
    /** The province of the unit's address (else the customer's primary address), GB/T 2260. */
    provinceCode: text('province_code'),
    /** The center whose area holds the unit (HQ's path where no center covers it): the scope it is read under. */
    orgPath: text('org_path').notNull(),
    /** The outlet whose area holds the unit, when the area is an outlet's; the recall order's outlet comes first. */
    areaOutletId: uuid('area_outlet_id'),
    state: text('state', { enum: RECALL_UNIT_STATES }).notNull().default('affected'),
    addedBy: text('added_by', { enum: ADDED_BY }).notNull(),
    orderId: uuid('order_id').references(() => workOrders.id),
    orderCode: text('order_code'),
    /** Why the unit was marked unreachable or declined. */
    reason: text('reason'),
    reachedAt: ts('reached_at'),
    bookedAt: ts('booked_at'),
    doneAt: ts('done_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    // One row per campaign and unit, however often the unit is found.
    uniqueIndex('recall_units_campaign_unit_uq').on(t.campaignId, t.unitId),
    index('recall_units_campaign_state_idx').on(t.campaignId, t.state),
    index('recall_units_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.campaignId),
    index('recall_units_order_idx').on(t.orderId).where(sql`${t.orderId} is not null`),
  ],
);

/** The timeline of a campaign: its own steps (unit null) and every unit's. */
export const recallEvents = pgTable(
  'recall_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => recallCampaigns.id),
    recallUnitId: uuid('recall_unit_id'),
    kind: text('kind').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    at: ts('at').notNull(),
    text: jsonb('text').$type<Text>().notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('recall_events_campaign_idx').on(t.campaignId, t.id),
    index('recall_events_unit_idx').on(t.recallUnitId).where(sql`${t.recallUnitId} is not null`),
  ],
);
