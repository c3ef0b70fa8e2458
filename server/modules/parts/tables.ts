import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { orgUnits, users } from '../../platform/identity/tables.js';
import { customers, parts } from '../customers/index.js';
import { DEPOT_KINDS, MOVEMENT_KINDS, STOCK_GRADES } from './contract.js';

/*
 * The parts stock ledger (DOMAIN.md, Parts; seeds 001, 003, 004): depots at HQ, provincial
 * centers, outlets, technicians' vans and big customers; good (良品) and defective (坏件) stock;
 * an append-only ledger of movements from which the balances derive. docs/parts.md.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

export { DEPOT_KINDS, MOVEMENT_KINDS, STOCK_GRADES };
export const SERIAL_STATES = ['in_stock', 'in_transit', 'issued', 'consumed', 'returned', 'scrapped'] as const;

/** A place that holds stock; its org unit decides who sees it (data scope). */
export const depots = pgTable(
  'depots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: DEPOT_KINDS }).notNull(),
    /** The owner for data scope: the HQ/center/outlet itself, a van's technician's unit, a consignment's keeper. */
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    technicianUserId: uuid('technician_user_id').references(() => users.id),
    customerId: uuid('customer_id').references(() => customers.id),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('depots_code_uq').on(t.code),
    // One depot per HQ/center/outlet and one van per technician (ensureDepotFor, ensureVanDepot).
    uniqueIndex('depots_unit_uq').on(t.orgUnitId).where(sql`kind in ('hq', 'center', 'outlet')`),
    uniqueIndex('depots_van_uq').on(t.technicianUserId).where(sql`kind = 'van'`),
    index('depots_org_unit_idx').on(t.orgUnitId),
    check('depots_van_has_technician', sql`(kind = 'van') = (technician_user_id is not null)`),
  ],
);

/**
 * What a depot holds of a part in one grade, derived from the ledger and written in the same
 * transaction as each movement. The CHECKs are the last line of "stock never goes negative".
 */
export const stockBalances = pgTable(
  'stock_balances',
  {
    depotId: uuid('depot_id')
      .notNull()
      .references(() => depots.id),
    partId: uuid('part_id')
      .notNull()
      .references(() => parts.id),
    grade: text('grade', { enum: STOCK_GRADES }).notNull(),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    /** Incoming to this depot: sent by another depot, not yet received. */
    inTransit: integer('in_transit').notNull().default(0),
    reorderPoint: integer('reorder_point'),
    reorderQty: integer('reorder_qty'),
    /** Available is below the reorder point; a notice goes out when this turns true (once per crossing). */
    belowReorder: boolean('below_reorder').notNull().default(false),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.depotId, t.partId, t.grade] }),
    index('stock_balances_part_idx').on(t.partId),
    check('stock_balances_on_hand_ck', sql`on_hand >= 0`),
    check('stock_balances_reserved_ck', sql`reserved >= 0 and reserved <= on_hand`),
    check('stock_balances_in_transit_ck', sql`in_transit >= 0`),
    check(
      'stock_balances_reorder_ck',
      sql`(reorder_point is null or reorder_point >= 0) and (reorder_qty is null or reorder_qty > 0)`,
    ),
  ],
);

/**
 * The ledger: one append-only row per balance change (one per serial for serial-tracked parts),
 * with the balance after it. `id` orders the rows of a balance: the running balance follows it.
 */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: ts('at').notNull(),
    kind: text('kind', { enum: MOVEMENT_KINDS }).notNull(),
    depotId: uuid('depot_id')
      .notNull()
      .references(() => depots.id),
    partId: uuid('part_id')
      .notNull()
      .references(() => parts.id),
    grade: text('grade', { enum: STOCK_GRADES }).notNull(),
    /** Signed change of on_hand. */
    quantity: integer('quantity').notNull(),
    reservedDelta: integer('reserved_delta').notNull().default(0),
    inTransitDelta: integer('in_transit_delta').notNull().default(0),
    /** Change of what the order holds issued from this depot (issue +, return_unused and consume −). */
    issuedDelta: integer('issued_delta').notNull().default(0),
    onHandAfter: integer('on_hand_after').notNull(),
    reservedAfter: integer('reserved_after').notNull(),
    inTransitAfter: integer('in_transit_after').notNull(),
    serial: text('serial'),
    /** A transfer's other side (destination of transfer_out, source of transfer_in). */
    peerDepotId: uuid('peer_depot_id').references(() => depots.id),
    orderId: uuid('order_id'),
    /** The document the movement belongs to: shipment, request, stocktake, return batch… */
    documentKind: text('document_kind'),
    documentId: text('document_id'),
    actorUserId: uuid('actor_user_id'),
    note: text('note'),
  },
  (t) => [
    index('stock_movements_depot_part_idx').on(t.depotId, t.partId, t.id),
    index('stock_movements_depot_idx').on(t.depotId, t.id),
    index('stock_movements_order_idx').on(t.orderId).where(sql`order_id is not null`),
    index('stock_movements_serial_idx').on(t.partId, t.serial).where(sql`serial is not null`),
  ],
);

/** Where each serial-tracked unit (main part) is now. */
export const partSerials = pgTable(
  'part_serials',
  {
    partId: uuid('part_id')
      .notNull()
      .references(() => parts.id),
    serial: text('serial').notNull(),
    depotId: uuid('depot_id')
      .notNull()
      .references(() => depots.id),
    grade: text('grade', { enum: STOCK_GRADES }).notNull(),
    state: text('state', { enum: SERIAL_STATES }).notNull(),
    orderId: uuid('order_id'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.partId, t.serial] }), index('part_serials_depot_idx').on(t.depotId, t.state)],
);

/** Whether a part is serial-tracked (main parts carry their serials through every movement). */
export const partTracking = pgTable('part_tracking', {
  partId: uuid('part_id')
    .primaryKey()
    .references(() => parts.id),
  serialTracked: boolean('serial_tracked').notNull().default(false),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
