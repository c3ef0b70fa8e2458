import { z } from 'zod';
import { Page } from '../../../platform/lists/contract.js';
import { Day } from '../../parts/prices/contract.js';
import { ExclusionKind } from '../../warranty/contract.js';
import { type OrderState, SignatureDataUrl } from '../../work-orders/contract.js';

/*
 * Paid work (docs/money-collection.md): the quote on the technician's phone, the collection with its
 * receipt, the customer's invoice request and the cash hand-over (交款) with its reconciliation.
 * Money is integer fen; a correction is a new entry referencing the one it corrects, never an edit.
 */

const When = z.iso.datetime({ offset: true });
const LocalText = z.object({ 'zh-CN': z.string(), en: z.string() });
const Person = z.object({ id: z.uuid(), name: z.string() });
const Unit = z.object({ id: z.uuid(), name: z.string() });

/** Fen taken or handed over: a positive whole number (at most ¥20,000,000). */
export const PositiveFen = z.number().int().min(1).max(2_000_000_000);
/** A correction: signed fen, never 0 (a correction of nothing is no entry). */
export const SignedFen = z
  .number()
  .int()
  .min(-2_000_000_000)
  .max(2_000_000_000)
  .refine((n) => n !== 0, 'must not be 0');

export const IdParams = z.object({ id: z.uuid() });

// ---- The quote -------------------------------------------------------------------------------

export const QUOTE_STATES = ['proposed', 'agreed', 'refused'] as const;
export const QuoteState = z.enum(QUOTE_STATES);
export type QuoteState = z.infer<typeof QuoteState>;

export const QuotePartInput = z.object({
  partId: z.uuid(),
  quantity: z.number().int().min(1).max(9999),
});

/** The fault's cause the entitlement excludes (misuse, force majeure…): the work is paid though in term. */
/** A quote is given where the work is about to be done: on site, received in the workshop, in repair, waiting. */
export const QUOTABLE_STATES: readonly OrderState[] = ['on_site', 'received', 'in_repair', 'waiting'];

export const QuoteExclusion = z.object({ kind: ExclusionKind, note: z.string().trim().min(1).max(1000) });

/**
 * A quote: by default the order's parts; `parts` given replaces them. `exclusion`: the technician
 * judges the fault excluded from the warranty, so an order in term is quoted (the same causes as at
 * completion).
 */
export const QuoteCreate = z.object({
  parts: z.array(QuotePartInput).max(50).optional(),
  exclusion: QuoteExclusion.optional(),
});
export type QuoteCreate = z.infer<typeof QuoteCreate>;

export const QuoteLine = z.object({
  /** labour, travel, remote, part (callout only on a refused quote's charge). */
  item: z.enum(['labour', 'travel', 'remote', 'callout', 'part']),
  /** The rule's label, or the part's name. */
  label: z.string(),
  /** The line's amount (unit × quantity). */
  amountFen: z.number().int(),
  quantity: z.number().int(),
  explanation: LocalText,
});
export type QuoteLine = z.infer<typeof QuoteLine>;

export const Quote = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  state: QuoteState,
  /** Frozen when proposed: the schedule in force on `day` priced them. */
  lines: z.array(QuoteLine),
  totalFen: z.number().int(),
  /** What a refusal costs: the call-out rule in force on `day` (0 when none applies). */
  calloutFen: z.number().int(),
  calloutExplanation: LocalText,
  explanation: LocalText,
  day: Day,
  createdAt: When,
  agreedAt: When.nullable(),
  refusedAt: When.nullable(),
  refusalReason: z.string().nullable(),
  /** The cause judged excluded from the warranty, when the order is in term. */
  exclusion: QuoteExclusion.nullable(),
  /** Why the work is paid, as judged when quoting (frozen with the quote). */
  entitlementText: LocalText,
  /** The customer's signature (PNG data URL) when agreed. */
  signatureUrl: z.string().nullable(),
});
export type Quote = z.infer<typeof Quote>;

export const QuoteAgree = z.object({ signature: SignatureDataUrl });
export type QuoteAgree = z.infer<typeof QuoteAgree>;

export const QuoteRefuse = z.object({ reason: z.string().trim().min(1).max(500).optional() });
export type QuoteRefuse = z.infer<typeof QuoteRefuse>;

// ---- Collections ----------------------------------------------------------------------------

export const COLLECTION_METHODS = ['cash', 'wechat', 'alipay', 'bank_transfer'] as const;
export const CollectionMethod = z.enum(COLLECTION_METHODS);
export type CollectionMethod = z.infer<typeof CollectionMethod>;

/** A collection: non-cash needs its reference (the payment's transaction number). */
export const CollectionCreate = z
  .object({
    amountFen: PositiveFen,
    method: CollectionMethod,
    reference: z.string().trim().min(1).max(100).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.method !== 'cash' && !c.reference)
      ctx.addIssue({ code: 'custom', path: ['reference'], message: 'a non-cash payment needs its reference' });
  });
export type CollectionCreate = z.infer<typeof CollectionCreate>;

export const Collection = z.object({
  id: z.uuid(),
  /** The receipt number (收据号), one per entry, corrections included. */
  receiptNo: z.string(),
  orderId: z.uuid(),
  orderCode: z.string(),
  /** Signed: a correction may be negative. */
  amountFen: z.number().int(),
  method: CollectionMethod,
  reference: z.string().nullable(),
  collectedBy: Person,
  collectedAt: When,
  /** The entry this one corrects. */
  correctsId: z.uuid().nullable(),
  reason: z.string().nullable(),
  customerName: z.string(),
  /** An SMS with the receipt was queued to the customer's mobile. */
  smsQueued: z.boolean(),
});
export type Collection = z.infer<typeof Collection>;

/** A correction: a new entry of signed fen with its reason, never an edit. */
export const EntryCorrect = z.object({ amountFen: SignedFen, reason: z.string().trim().min(1).max(500) });
export type EntryCorrect = z.infer<typeof EntryCorrect>;

// ---- Invoice requests -----------------------------------------------------------------------

export const TITLE_KINDS = ['personal', 'company'] as const;
export const TitleKind = z.enum(TITLE_KINDS);
export const INVOICE_STATES = ['open', 'issued'] as const;
export const InvoiceState = z.enum(INVOICE_STATES);

/** The customer's invoice request; a company title needs its 18-character unified social credit code. */
export const InvoiceRequestCreate = z.object({
  titleKind: TitleKind,
  title: z.string().trim().min(1).max(200),
  taxId: z.string().trim().toUpperCase().max(20).optional(),
  email: z.email().max(200).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{5,20}$/, 'digits')
    .optional(),
});
export type InvoiceRequestCreate = z.infer<typeof InvoiceRequestCreate>;

export const InvoiceRequest = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  orderCode: z.string(),
  customerName: z.string(),
  state: InvoiceState,
  titleKind: TitleKind,
  title: z.string(),
  taxId: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  /** What was collected on the order (net of corrections) when read. */
  amountFen: z.number().int(),
  requestedBy: Person,
  requestedAt: When,
  /** 发票号, set when finance issues it. */
  invoiceNo: z.string().nullable(),
  issuedBy: Person.nullable(),
  issuedAt: When.nullable(),
});
export type InvoiceRequest = z.infer<typeof InvoiceRequest>;

export const InvoiceRequestQuery = z.object({
  state: InvoiceState.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type InvoiceRequestQuery = z.infer<typeof InvoiceRequestQuery>;

export const InvoiceIssue = z.object({ invoiceNo: z.string().trim().min(1).max(40) });
export type InvoiceIssue = z.infer<typeof InvoiceIssue>;

export const InvoiceRequestList = Page(InvoiceRequest);

// ---- The order's money ----------------------------------------------------------------------

export const OrderMoney = z.object({
  /** Paid work: out of warranty per the stored entitlement (exclusions included). */
  paid: z.boolean(),
  entitlementText: LocalText,
  quote: Quote.nullable(),
  /** What the customer owes: the agreed quote's total, a refused quote's call-out charge, else 0. */
  dueFen: z.number().int(),
  /** Collected, net of corrections. */
  collectedFen: z.number().int(),
  collections: z.array(Collection),
  invoiceRequest: InvoiceRequest.nullable(),
});
export type OrderMoney = z.infer<typeof OrderMoney>;

// ---- Hand-overs and reconciliation ----------------------------------------------------------

export const HANDOVER_TARGETS = ['outlet', 'hq'] as const;
export const HandoverTarget = z.enum(HANDOVER_TARGETS);

export const HandoverCreate = z.object({
  technicianId: z.uuid(),
  amountFen: PositiveFen,
  to: HandoverTarget,
  /** The day handed over (company time zone); today by default. */
  day: Day.optional(),
  note: z.string().trim().min(1).max(500).optional(),
});
export type HandoverCreate = z.infer<typeof HandoverCreate>;

export const Handover = z.object({
  id: z.uuid(),
  technician: Person,
  outlet: Unit,
  /** Signed: a correction may be negative. */
  amountFen: z.number().int(),
  to: HandoverTarget,
  day: Day,
  note: z.string().nullable(),
  receivedBy: Person,
  receivedAt: When,
  correctsId: z.uuid().nullable(),
  reason: z.string().nullable(),
});
export type Handover = z.infer<typeof Handover>;

/** The hand-overs of a period (and technician or outlet), each with its corrections, newest first. */
export const HandoverQuery = z
  .object({
    from: Day,
    to: Day,
    outletId: z.uuid().optional(),
    technicianId: z.uuid().optional(),
  })
  .superRefine((q, ctx) => {
    if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to is before from' });
  });
export type HandoverQuery = z.infer<typeof HandoverQuery>;
export const HandoverList = z.object({ items: z.array(Handover), total: z.number().int() });
export type HandoverList = z.infer<typeof HandoverList>;

export const ReconciliationQuery = z
  .object({
    from: Day,
    to: Day,
    outletId: z.uuid().optional(),
    technicianId: z.uuid().optional(),
    onlyOpen: z.enum(['true', 'false']).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to is before from' });
  });
export type ReconciliationQuery = z.infer<typeof ReconciliationQuery>;

export const ReconciliationRow = z.object({
  day: Day,
  technician: Person,
  outlet: Unit,
  /** Cash collected that day (corrections on the day they were entered). */
  collectedCashFen: z.number().int(),
  /** Handed over that day (corrections on their day). */
  handedOverFen: z.number().int(),
  /** Cumulative open difference up to and including this day: all cash collected − all handed over. */
  differenceFen: z.number().int(),
});
export type ReconciliationRow = z.infer<typeof ReconciliationRow>;

export const Reconciliation = z.object({ items: z.array(ReconciliationRow), total: z.number().int() });
export type Reconciliation = z.infer<typeof Reconciliation>;
