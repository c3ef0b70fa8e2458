import { z } from 'zod';
import { Page } from '../../../platform/lists/contract.js';

/*
 * The monthly settlement statements (网点结算, docs/money-statements.md): one statement per unit
 * (an outlet, or a provincial center) and month, built from the orders completed in that month
 * (company time zone). Every line cites its order and its rule; the total is always the sum of the
 * lines. draft → sent → accepted | disputed → (disputes resolved) → accepted → locked.
 * Money is integer fen, signed on a line: + paid to the unit, − deducted.
 */

const When = z.iso.datetime({ offset: true });
const LocalText = z.object({ 'zh-CN': z.string(), en: z.string() });

/** A month of the company calendar, 'YYYY-MM'. */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

export const STATEMENT_KINDS = ['outlet', 'center'] as const;
export const StatementKind = z.enum(STATEMENT_KINDS);
export type StatementKind = z.infer<typeof StatementKind>;

export const STATEMENT_STATES = ['draft', 'sent', 'disputed', 'accepted', 'locked'] as const;
export const StatementState = z.enum(STATEMENT_STATES);
export type StatementState = z.infer<typeof StatementState>;

export const LINE_KINDS = [
  'service_fee',
  'parts_reimbursement',
  'timeliness_bonus',
  'late_completion',
  'over_cap',
  'late_dispatch',
  'withheld_old_part',
  'complaint_penalty',
  /** An order not yet confirmed (money.settleAfter): 0 fen, what it would pay once confirmed. */
  'awaiting_confirmation',
  'center_bonus',
  'adjustment',
  'dispute_correction',
] as const;
export const LineKind = z.enum(LINE_KINDS);
export type LineKind = z.infer<typeof LineKind>;

export const DISPUTE_STATES = ['open', 'upheld', 'rejected'] as const;
export const DisputeState = z.enum(DISPUTE_STATES);
export type DisputeState = z.infer<typeof DisputeState>;

export const LineDispute = z.object({
  state: DisputeState,
  reason: z.string(),
  raisedAt: When,
  /** The name of the person who raised it. */
  raisedBy: z.string(),
  resolution: z.string().nullable(),
  correctedAmountFen: z.number().int().nullable(),
  resolvedAt: When.nullable(),
  resolvedBy: z.string().nullable(),
});
export type LineDispute = z.infer<typeof LineDispute>;

export const StatementLine = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  kind: LineKind,
  orderId: z.uuid().nullable(),
  orderCode: z.string().nullable(),
  /** Signed: + paid to the unit, − deducted. */
  amountFen: z.number().int(),
  explanation: LocalText,
  /** A complaint penalty's complaint (the line cites it instead of an order): the penalty's reason and the technician it was against, as entered. */
  complaint: z
    .object({ id: z.uuid(), code: z.string(), reason: z.string(), technician: z.string().nullable() })
    .nullable(),
  /** An order awaiting confirmation (0-fen line): what it pays the outlet once confirmed. */
  heldFen: z.number().int().nullable(),
  dispute: LineDispute.nullable(),
});
export type StatementLine = z.infer<typeof StatementLine>;

/** A statement as listed, and the head of its detail. */
export const Statement = z.object({
  id: z.uuid(),
  code: z.string(),
  kind: StatementKind,
  unitId: z.uuid(),
  unitCode: z.string(),
  unitName: z.string(),
  month: Month,
  state: StatementState,
  /** The sum of the lines, always. */
  totalFen: z.number().int(),
  lineCount: z.number().int(),
  /** Distinct orders the lines cite. */
  orderCount: z.number().int(),
  /** Lines in dispute not yet resolved. */
  disputedCount: z.number().int(),
  draftedAt: When,
  sentAt: When.nullable(),
  /** The last day the unit may accept or dispute ('YYYY-MM-DD', company time zone). */
  respondBy: z.iso.date().nullable(),
  acceptedAt: When.nullable(),
  lockedAt: When.nullable(),
});
export type Statement = z.infer<typeof Statement>;

export const StatementDetail = Statement.extend({
  lines: z.array(StatementLine),
  /**
   * An outlet's statement: its callbacks' satisfaction over the month (answers given in it) — the
   * share of answers with the fault fixed and every score 4 or 5, and how many; null for a center.
   */
  satisfaction: z.object({ callbacks: z.number().int(), percent: z.number().nullable() }).nullable(),
});
export type StatementDetail = z.infer<typeof StatementDetail>;

export const StatementList = Page(Statement);

export const StatementQuery = z.object({
  month: Month.optional(),
  kind: StatementKind.optional(),
  state: StatementState.optional(),
  unitId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type StatementQuery = z.infer<typeof StatementQuery>;

export const StatementParams = z.object({ id: z.uuid() });
export const StatementLineParams = z.object({ id: z.uuid(), lineId: z.uuid() });

export const DraftMonth = z.object({
  month: Month,
  /** One unit only (an outlet or a center); by default every unit within the caller's scope. */
  unitId: z.uuid().optional(),
});
export type DraftMonth = z.infer<typeof DraftMonth>;

export const DraftResult = z.object({
  /** Statements drafted new. */
  drafted: z.number().int(),
  /** Drafts computed again. */
  recomputed: z.number().int(),
  /** Units left as they were: their statement of the month is no longer a draft. */
  skipped: z.number().int(),
});
export type DraftResult = z.infer<typeof DraftResult>;

export const LineDisputeBody = z.object({ reason: z.string().trim().min(2).max(500) });
export type LineDisputeBody = z.infer<typeof LineDisputeBody>;

export const RESOLVE_OUTCOMES = ['upheld', 'rejected'] as const;
export const LineResolveBody = z
  .object({
    outcome: z.enum(RESOLVE_OUTCOMES),
    /** Upheld: the amount the line should have had (signed fen); the difference becomes a correction line. */
    correctedAmountFen: z.number().int().min(-2_000_000_000).max(2_000_000_000).optional(),
    note: z.string().trim().min(1).max(500),
  })
  .superRefine((b, ctx) => {
    if (b.outcome === 'upheld' && b.correctedAmountFen === undefined)
      ctx.addIssue({ code: 'custom', path: ['correctedAmountFen'], message: 'required when upheld' });
  });
export type LineResolveBody = z.infer<typeof LineResolveBody>;

export const AdjustmentBody = z.object({
  /** Signed fen: + paid to the unit next month, − deducted. Not 0. */
  amountFen: z
    .number()
    .int()
    .min(-2_000_000_000)
    .max(2_000_000_000)
    .refine((n) => n !== 0, 'not 0'),
  reason: z.string().trim().min(2).max(500),
});
export type AdjustmentBody = z.infer<typeof AdjustmentBody>;

export const Adjustment = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  /** The month whose statement carries it (the month after the locked statement's). */
  month: Month,
  amountFen: z.number().int(),
  reason: z.string(),
});
export type Adjustment = z.infer<typeof Adjustment>;
