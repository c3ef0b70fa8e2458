import type { DbLike } from '../../db/client.js';
import type { ServingOrder } from './rules.js';

/*
 * What modules above this one keep about a customer, asked through typed ports they provide when
 * their routes are registered (the pattern of warranty/order-port.ts). This module may not import
 * them (docs/architecture.md, "Who may import whom") nor name their tables in its SQL
 * (server/test/architecture.test.ts), yet the merge must move their rows, an address must not be
 * deleted while they point at it, and the contact rule must know which orders a reader serves.
 */

/** The ids of rows of the intake module that point at a customer. */
export interface ReferringRows {
  contacts: string[];
  serviceRequests: string[];
}

/** Provided by the intake module: its contacts and service requests point at customers and addresses. */
export interface CustomerReferences {
  /** Every row of customer `fromId` now points at `toId` (a merge); answers the ids moved. */
  moveAll(tx: DbLike, fromId: string, toId: string): Promise<ReferringRows>;
  /** The rows given that still point at `fromId` point at `toId` again (undoing a merge). */
  moveBack(tx: DbLike, rows: ReferringRows, fromId: string, toId: string): Promise<void>;
  /** Which of these addresses a row points at (they may not be deleted). */
  addressesInUse(tx: DbLike, addressIds: string[]): Promise<string[]>;
}

/**
 * Provided by the work-order module: the orders of these customers assigned to `technicianId`, or,
 * when `heldBy` is given, held by the unit at that path (every state; the rule judges state and time).
 */
export type ServingOrdersOf = (
  db: DbLike,
  reader: { technicianId: string; heldBy: string | null },
  customerIds: string[],
) => Promise<(ServingOrder & { customerId: string })[]>;

let references: CustomerReferences | null = null;
let servingOrders: ServingOrdersOf | null = null;

/** The intake module's rows that point at customers (one per process; a second call replaces it). */
export function provideCustomerReferences(impl: CustomerReferences): void {
  references = impl;
}

/** The work-order module's orders of a reader (one per process; a second call replaces it). */
export function provideServingOrders(fn: ServingOrdersOf): void {
  servingOrders = fn;
}

export function customerReferences(): CustomerReferences {
  if (!references)
    throw new Error('the intake module is not wired to the customers module (provideCustomerReferences)');
  return references;
}

export function servingOrdersOf(): ServingOrdersOf {
  if (!servingOrders)
    throw new Error('the work-order module is not wired to the customers module (provideServingOrders)');
  return servingOrders;
}
