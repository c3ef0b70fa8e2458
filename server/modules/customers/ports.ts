import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
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

// ---- Rows of modules above that move with a merge -----------------------------------------------

/** The two records of a merge, as the movers' timelines name them. */
export interface MergePair {
  /** The merged record: its rows move away from it (or back to it, in an undo). */
  merged: { id: string; code: string };
  survivor: { id: string; code: string };
}

/**
 * Provided by a module above whose records belong to a customer (complaints): a merge moves them
 * to the survivor and an undo moves back exactly those still with the survivor, each in the merge's
 * transaction and with the mover's own timeline row and audit event. Ids are the mover's rows.
 */
export interface CustomerMergeMover {
  /** Every row of the merged record now belongs to the survivor; answers the ids moved. */
  moveAll(tx: DbLike, ctx: Ctx, pair: MergePair): Promise<string[]>;
  /** The rows given that still belong to the survivor belong to the merged record again; answers those moved. */
  moveBack(tx: DbLike, ctx: Ctx, ids: readonly string[], pair: MergePair): Promise<string[]>;
}

const mergeMovers = new Map<string, CustomerMergeMover>();

/**
 * A module's rows that move with a merge, under its name (a second call with the same name
 * replaces it). The merge records the ids under the name, so the undo asks the same mover.
 */
export function onCustomerMerge(name: string, mover: CustomerMergeMover): void {
  mergeMovers.set(name, mover);
}

/** The movers registered, by name (the merge runs each in its transaction). */
export function customerMergeMovers(): ReadonlyMap<string, CustomerMergeMover> {
  return mergeMovers;
}

// ---- Units registered (the installed base grows; modules above follow it) ----------------------

/** A unit just written to the installed base (registered by hand, imported, or given in an exchange). */
export interface RegisteredUnit {
  id: string;
  modelId: string;
  serialNo: string;
  customerId: string;
  status: string;
  purchaseDate: string | null;
  addressId: string | null;
  orgPath: string;
}

/** What a registration means to a module above (a recall campaign adds a matching unit). */
export type UnitsRegisteredEffect = (tx: DbLike, ctx: Ctx, units: readonly RegisteredUnit[]) => Promise<unknown>;

const registeredEffects = new Map<string, UnitsRegisteredEffect>();

/**
 * A module's effect of new units, under its name (a second call with the same name replaces it).
 * The modules above provide it when their routes are registered, as work orders' completion port.
 */
export function onUnitsRegistered(name: string, fn: UnitsRegisteredEffect): void {
  registeredEffects.set(name, fn);
}

/** Called by every writer of new units in its own transaction, after the units and their events are written. */
export async function unitsRegistered(tx: DbLike, ctx: Ctx, list: readonly RegisteredUnit[]): Promise<void> {
  if (!list.length) return;
  for (const fn of registeredEffects.values()) await fn(tx, ctx, list);
}
