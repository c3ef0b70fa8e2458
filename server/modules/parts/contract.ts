import { z } from 'zod';
import { KeysetPage, Page } from '../../platform/lists/contract.js';

/*
 * The parts stock ledger's HTTP contract (docs/parts.md): depots, their stock, a part's ledger
 * in a depot, posting movements, reorder points and serial tracking.
 */

export const DEPOT_KINDS = ['hq', 'center', 'outlet', 'van', 'consignment'] as const;
export const STOCK_GRADES = ['good', 'defective'] as const;
/** The movements a person posts by hand; reserve/release and consumption come from orders and requests. */
export const POSTABLE_KINDS = [
  'receipt',
  'adjust',
  'scrap',
  'transfer_out',
  'transfer_in',
  'issue',
  'return_unused',
  'old_part_return',
] as const;
export const MOVEMENT_KINDS = [
  'receipt',
  'transfer_out',
  'transfer_in',
  'issue',
  'consume',
  'return_unused',
  'old_part_return',
  'scrap',
  'adjust',
  'reserve',
  'release',
] as const;

export const DepotKind = z.enum(DEPOT_KINDS);
export const StockGrade = z.enum(STOCK_GRADES);

export const Depot = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: DepotKind,
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  /** The owner unit's parent, so the web can hang depots on the org tree. */
  orgUnitParentId: z.uuid().nullable(),
  technicianUserId: z.uuid().nullable(),
  customerId: z.uuid().nullable(),
  active: z.boolean(),
});
export type Depot = z.infer<typeof Depot>;

const Code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/)
  .toUpperCase();

export const ConsignmentDepotCreate = z.object({
  code: Code,
  name: z.string().trim().min(1).max(100),
  customerId: z.uuid(),
  /** The unit that keeps the depot (and whose people see it). */
  orgUnitId: z.uuid(),
});
export type ConsignmentDepotCreate = z.infer<typeof ConsignmentDepotCreate>;

export const DepotParams = z.object({ id: z.uuid() });
export const PartParams = z.object({ partId: z.uuid() });

export const StockLine = z.object({
  depotId: z.uuid(),
  depotCode: z.string(),
  depotName: z.string(),
  partId: z.uuid(),
  partCode: z.string(),
  partName: z.string(),
  grade: StockGrade,
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  inTransit: z.number().int(),
  reorderPoint: z.number().int().nullable(),
  reorderQty: z.number().int().nullable(),
  belowReorder: z.boolean(),
});
export type StockLine = z.infer<typeof StockLine>;

export const DepotStockQuery = z.object({
  q: z.string().trim().max(100).optional(),
  grade: StockGrade.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type DepotStockQuery = z.infer<typeof DepotStockQuery>;
export const StockPage = Page(StockLine);
export const DepotStockExportQuery = DepotStockQuery.pick({ q: true, grade: true });

export const PartStockQuery = z.object({ partId: z.uuid() });

export const LedgerQuery = z.object({
  depotId: z.uuid(),
  partId: z.uuid(),
  grade: StockGrade.optional(),
  /** Rows older than this id (the previous page's `nextBefore`). */
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type LedgerQuery = z.infer<typeof LedgerQuery>;

export const LedgerExportQuery = LedgerQuery.pick({ depotId: true, partId: true, grade: true });

export const LedgerRow = z.object({
  id: z.number().int(),
  at: z.iso.datetime({ offset: true }),
  kind: z.enum(MOVEMENT_KINDS),
  depotId: z.uuid(),
  partId: z.uuid(),
  grade: StockGrade,
  quantity: z.number().int(),
  reservedDelta: z.number().int(),
  inTransitDelta: z.number().int(),
  /** Change of what the order holds issued from this depot. */
  issuedDelta: z.number().int(),
  onHandAfter: z.number().int(),
  reservedAfter: z.number().int(),
  inTransitAfter: z.number().int(),
  serial: z.string().nullable(),
  peerDepotId: z.uuid().nullable(),
  orderId: z.uuid().nullable(),
  documentKind: z.string().nullable(),
  documentId: z.string().nullable(),
  actorUserId: z.uuid().nullable(),
  /** Who posted it, a transfer's other depot and the order's code, for reading (the ledger page and its export). */
  actorName: z.string().nullable().optional(),
  peerDepotCode: z.string().nullable().optional(),
  orderCode: z.string().nullable().optional(),
  note: z.string().nullable(),
});
export const LedgerPage = KeysetPage(LedgerRow).extend({ nextBefore: z.number().int().nullable() });

const Serial = z.string().trim().min(1).max(80);

export const MovementPost = z.object({
  kind: z.enum(POSTABLE_KINDS),
  depotId: z.uuid(),
  partId: z.uuid(),
  grade: StockGrade.optional(),
  /** A count; for `adjust` a signed non-zero change. */
  quantity: z.number().int().min(-1_000_000).max(1_000_000),
  serials: z.array(Serial).max(1000).optional(),
  toDepotId: z.uuid().optional(),
  fromDepotId: z.uuid().optional(),
  orderId: z.uuid().optional(),
  document: z.object({ kind: z.string().trim().min(1).max(40), id: z.string().trim().min(1).max(100) }).optional(),
  note: z.string().trim().max(500).optional(),
});
export type MovementPost = z.infer<typeof MovementPost>;

export const MovementPosted = z.object({ items: z.array(LedgerRow), total: z.number().int() });

export const ReorderSet = z.object({
  depotId: z.uuid(),
  partId: z.uuid(),
  /** Null clears it. */
  reorderPoint: z.number().int().min(0).max(1_000_000).nullable(),
  reorderQty: z.number().int().min(1).max(1_000_000).nullable().optional(),
});
export type ReorderSet = z.infer<typeof ReorderSet>;

export const TrackingSet = z.object({ serialTracked: z.boolean() });
export const PartTracking = z.object({ partId: z.uuid(), serialTracked: z.boolean() });
