import { z } from 'zod';
import { List } from '../../../platform/lists/contract.js';

/*
 * Old-part returns (旧件返还) over HTTP: obligations, batches shipped by an outlet with a return
 * note, receipt and appraisal at the center (docs/parts-returns.md).
 */

const When = z.iso.datetime({ offset: true });
const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const LocalText = z.object({ 'zh-CN': z.string(), en: z.string() });

/** What the center found in a returned old part (the same list as return-rules.ts). */
export const APPRAISAL_OUTCOMES = ['faulty_confirmed', 'no_fault_found', 'wrong_part', 'missing'] as const;
export const AppraisalOutcome = z.enum(APPRAISAL_OUTCOMES);
export type AppraisalOutcome = z.infer<typeof AppraisalOutcome>;

/** Where an obligation stands: due, overdue (due day passed, not shipped), shipped, received. */
export const OBLIGATION_STATUSES = ['due', 'overdue', 'shipped', 'received'] as const;
export const ObligationStatus = z.enum(OBLIGATION_STATUSES);
/** The list filter: the statuses, and `appraised` (an outcome recorded). */
export const OBLIGATION_FILTERS = [...OBLIGATION_STATUSES, 'appraised'] as const;

export const BATCH_STATUSES = ['shipped', 'received', 'appraised'] as const;
export const BatchStatus = z.enum(BATCH_STATUSES);

export const ReturnObligation = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  orderCode: z.string(),
  partId: z.uuid(),
  partCode: z.string(),
  partName: z.string(),
  serial: z.string().nullable(),
  quantity: z.number().int(),
  paidBy: z.enum(['company', 'contract']),
  technicianId: z.uuid().nullable(),
  technicianName: z.string().nullable(),
  outletId: z.uuid(),
  outletName: z.string(),
  dueDay: IsoDay,
  status: ObligationStatus,
  daysOverdue: z.number().int(),
  explanation: LocalText,
  batchId: z.uuid().nullable(),
  batchCode: z.string().nullable(),
  shippedAt: When.nullable(),
  receivedAt: When.nullable(),
  outcome: AppraisalOutcome.nullable(),
  appraisalNote: z.string().nullable(),
  /** The line's warranty amount in fen, when settlement has set it. */
  warrantyAmountFen: z.number().int().nullable(),
  withheldFen: z.number().int(),
  /** What the appraisal does to the outlet's settlement for the line. */
  settlement: LocalText.nullable(),
  appraisedAt: When.nullable(),
  appraisedByName: z.string().nullable(),
  createdAt: When,
});
export type ReturnObligation = z.infer<typeof ReturnObligation>;

export const ObligationListQuery = z.object({
  status: z.enum(OBLIGATION_FILTERS).optional(),
  outletId: z.uuid().optional(),
  technicianId: z.uuid().optional(),
  orderId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ObligationListQuery = z.infer<typeof ObligationListQuery>;
export const ObligationPage = List(ReturnObligation);

export const ShipBody = z.object({
  obligationIds: z.array(z.uuid()).min(1).max(200),
  carrier: z.string().trim().min(1).max(80),
  trackingNo: z.string().trim().min(1).max(80),
  note: z.string().trim().max(500).optional(),
});
export type ShipBody = z.infer<typeof ShipBody>;

export const ReceiveBody = z.object({ note: z.string().trim().max(500).optional() });
export type ReceiveBody = z.infer<typeof ReceiveBody>;

export const AppraiseBody = z.object({
  outcome: AppraisalOutcome,
  note: z.string().trim().max(500).optional(),
});
export type AppraiseBody = z.infer<typeof AppraiseBody>;

export const ReturnBatch = z.object({
  id: z.uuid(),
  code: z.string(),
  outletId: z.uuid(),
  outletName: z.string(),
  carrier: z.string(),
  trackingNo: z.string(),
  note: z.string().nullable(),
  status: BatchStatus,
  shippedAt: When,
  shippedByName: z.string().nullable(),
  receivedAt: When.nullable(),
  receivedByName: z.string().nullable(),
  lineCount: z.number().int(),
  appraisedCount: z.number().int(),
  withheldFen: z.number().int(),
});
export type ReturnBatch = z.infer<typeof ReturnBatch>;

export const BatchDetail = ReturnBatch.extend({ lines: z.array(ReturnObligation) });
export type BatchDetail = z.infer<typeof BatchDetail>;

export const BatchListQuery = z.object({
  status: BatchStatus.optional(),
  outletId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type BatchListQuery = z.infer<typeof BatchListQuery>;
export const BatchPage = List(ReturnBatch);

/** The printable return note (旧件返还单) of a batch; the web app prints it with a QR of the code. */
export const ReturnNote = z.object({
  batchCode: z.string(),
  outletName: z.string(),
  outletCode: z.string(),
  carrier: z.string(),
  trackingNo: z.string(),
  note: z.string().nullable(),
  shippedAt: When,
  shippedByName: z.string().nullable(),
  printedAt: When,
  lines: z.array(
    z.object({
      orderCode: z.string(),
      partCode: z.string(),
      partName: z.string(),
      serial: z.string().nullable(),
      quantity: z.number().int(),
      dueDay: IsoDay,
    }),
  ),
});
export type ReturnNote = z.infer<typeof ReturnNote>;

export const IdParams = z.object({ id: z.uuid() });
