import { z } from 'zod';
import { List } from '../../../platform/lists/contract.js';
import { StockGrade } from '../contract.js';

/*
 * Stocktakes (盘点) over HTTP (docs/parts.md, "Stocktake"): open a count sheet for a depot,
 * enter counts (on screen or by uploading the sheet's XLSX), submit, approve (posts the
 * variances as adjustments) or reject; the list and the count sheet as XLSX.
 */

const When = z.iso.datetime({ offset: true });

/** counting → submitted → posted | rejected; counting or submitted → cancelled. */
export const STOCKTAKE_STATUSES = ['counting', 'submitted', 'posted', 'rejected', 'cancelled'] as const;
export const StocktakeStatus = z.enum(STOCKTAKE_STATUSES);
export type StocktakeStatus = z.infer<typeof StocktakeStatus>;
/** What a reader may do next, by status and permission (the web shows exactly these). */
export const STOCKTAKE_ACTIONS = ['count', 'addLine', 'recount', 'submit', 'approve', 'reject', 'cancel'] as const;
export const StocktakeAction = z.enum(STOCKTAKE_ACTIONS);

/** The most serials one line may list, and the largest counted quantity. */
export const MAX_COUNTED = 1_000_000;
const Serial = z.string().trim().min(1).max(80);

export const Stocktake = z.object({
  id: z.uuid(),
  code: z.string(),
  depotId: z.uuid(),
  depotCode: z.string(),
  depotName: z.string(),
  status: StocktakeStatus,
  blind: z.boolean(),
  note: z.string().nullable(),
  openedAt: When,
  openedByName: z.string().nullable(),
  submittedAt: When.nullable(),
  submittedByName: z.string().nullable(),
  decidedAt: When.nullable(),
  decidedByName: z.string().nullable(),
  decisionNote: z.string().nullable(),
  lineCount: z.number().int(),
  countedCount: z.number().int(),
  /** Lines whose count differs from the book (0 until counted). */
  varianceCount: z.number().int(),
  version: z.number().int(),
});
export type Stocktake = z.infer<typeof Stocktake>;

export const StocktakeLine = z.object({
  id: z.uuid(),
  partId: z.uuid(),
  partCode: z.string(),
  partName: z.string(),
  grade: StockGrade,
  serialTracked: z.boolean(),
  /** Null while a blind count is counted, for readers who may not approve it. */
  bookQty: z.number().int().nullable(),
  bookSerials: z.array(z.string()).nullable(),
  countedQty: z.number().int().nullable(),
  countedSerials: z.array(z.string()).nullable(),
  /** counted − book; null until counted (or while the book is hidden). */
  variance: z.number().int().nullable(),
  /** Serial-tracked: serials of the book not found, and found but not in the book. */
  missingSerials: z.array(z.string()),
  extraSerials: z.array(z.string()),
  /** The unit cost (fen): on the posting day once posted, today's before; null without a price. */
  unitCostFen: z.number().int().nullable(),
  /** variance × unit cost (fen), null without either. */
  varianceValueFen: z.number().int().nullable(),
  /** The on-hand balance moved since the line's snapshot: posting is refused until it is recounted. */
  bookMoved: z.boolean(),
  countedAt: When.nullable(),
  countedByName: z.string().nullable(),
});
export type StocktakeLine = z.infer<typeof StocktakeLine>;

export const StocktakeDetail = Stocktake.extend({
  lines: z.array(StocktakeLine),
  /** Whether the book quantities are hidden from this reader (a blind count being counted). */
  bookHidden: z.boolean(),
  /** Σ variance × unit cost over the lines with a cost (fen). */
  varianceValueFen: z.number().int(),
  actions: z.array(StocktakeAction),
});
export type StocktakeDetail = z.infer<typeof StocktakeDetail>;

export const StocktakeListQuery = z.object({
  status: StocktakeStatus.optional(),
  depotId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type StocktakeListQuery = z.infer<typeof StocktakeListQuery>;
export const StocktakeExportQuery = StocktakeListQuery.pick({ status: true, depotId: true });
export type StocktakeExportQuery = z.infer<typeof StocktakeExportQuery>;
export const StocktakePage = List(Stocktake);

export const StocktakeOpen = z.object({
  depotId: z.uuid(),
  blind: z.boolean().default(false),
  note: z.string().trim().max(500).optional(),
});
export type StocktakeOpen = z.infer<typeof StocktakeOpen>;

export const CountsEnter = z.object({
  /** The stocktake's version as read; a stale screen is refused (entity.version_conflict). */
  version: z.number().int().optional(),
  lines: z
    .array(
      z.object({
        lineId: z.uuid(),
        /** Counted parts: the quantity found; null clears the count. Serial-tracked parts give serials instead. */
        countedQty: z.number().int().min(0).max(MAX_COUNTED).nullable().optional(),
        serials: z.array(Serial).max(10_000).optional(),
      }),
    )
    .min(1)
    .max(5000),
});
export type CountsEnter = z.infer<typeof CountsEnter>;

export const LineAdd = z.object({ partId: z.uuid(), grade: StockGrade.default('good') });
export type LineAdd = z.infer<typeof LineAdd>;

export const DecisionBody = z.object({ note: z.string().trim().max(500).optional() });
export type DecisionBody = z.infer<typeof DecisionBody>;
export const RejectBody = z.object({ reason: z.string().trim().min(1).max(500) });
export type RejectBody = z.infer<typeof RejectBody>;

export const StocktakeParams = z.object({ id: z.uuid() });
