import { z } from 'zod';
import { Page } from '../../platform/lists/contract.js';

/*
 * Recall campaigns (召回, docs/recalls.md): a campaign names the models and the criteria (a
 * serial range, a serial prefix standing for a production batch, a purchase-date range); its
 * activation finds the affected units in the installed base, and units registered later that
 * match are added while it is active. The customers are told by SMS, a booking makes a recall
 * order through the normal order pipeline, its completion marks the unit done. Progress per
 * province and per serving outlet, the units as a list and as XLSX. Times are ISO strings; days
 * are YYYY-MM-DD in the company time zone; texts meant for people are {zh-CN, en}.
 */

const When = z.iso.datetime({ offset: true });
export const LocalText = z.object({ 'zh-CN': z.string(), en: z.string() });
export const Day = z.iso.date();

export const IdParams = z.object({ id: z.uuid() });

// ---- Vocabulary -------------------------------------------------------------------------------

export const CAMPAIGN_STATES = ['draft', 'active', 'closed'] as const;
export const CampaignState = z.enum(CAMPAIGN_STATES);
export type CampaignState = z.infer<typeof CampaignState>;

/** A unit's way through a campaign: affected → reached → booked → done, or unreachable / declined. */
export const RECALL_UNIT_STATES = ['affected', 'reached', 'booked', 'done', 'unreachable', 'declined'] as const;
export const RecallUnitState = z.enum(RECALL_UNIT_STATES);
export type RecallUnitState = z.infer<typeof RecallUnitState>;

export const CAMPAIGN_ACTIONS = ['edit', 'activate', 'close', 'outreach'] as const;
export const CampaignAction = z.enum(CAMPAIGN_ACTIONS);
export type CampaignAction = z.infer<typeof CampaignAction>;

export const UNIT_ACTIONS = ['book', 'unreachable', 'decline'] as const;
export const RecallUnitAction = z.enum(UNIT_ACTIONS);
export type RecallUnitAction = z.infer<typeof RecallUnitAction>;

/** How a unit joined the campaign: found at activation, or registered afterwards. */
export const ADDED_BY = ['activation', 'registration'] as const;
export const AddedBy = z.enum(ADDED_BY);
export type AddedBy = z.infer<typeof AddedBy>;

export const PROGRESS_LEVELS = ['province', 'outlet'] as const;
export const ProgressLevel = z.enum(PROGRESS_LEVELS);
export type ProgressLevel = z.infer<typeof ProgressLevel>;

export const TIMELINE_KINDS = [
  'created',
  'edited',
  'activated',
  'closed',
  'added',
  'outreach',
  'booked',
  'done',
  'unreachable',
  'declined',
] as const;
export const TimelineKind = z.enum(TIMELINE_KINDS);

// ---- Inputs -----------------------------------------------------------------------------------

/** Serials as the installed base stores them: letters, digits, '-', '/', '.'; compared after normalising. */
const Serial = z.string().trim().min(1).max(64);

const CampaignFields = {
  title: z.object({
    'zh-CN': z.string().trim().min(2).max(120),
    en: z.string().trim().min(2).max(160),
  }),
  reason: z.string().trim().min(2).max(2000),
  modelIds: z.array(z.uuid()).min(1).max(50),
  /** From and to, both included; of equal length (compared character by character). */
  serialFrom: Serial.optional(),
  serialTo: Serial.optional(),
  /** The production batch: serials that begin with it (units carry no batch column). */
  serialPrefix: Serial.optional(),
  /** Purchase dates from and to, both included. */
  purchasedFrom: Day.optional(),
  purchasedTo: Day.optional(),
  /** From this day units registered later are added; until this day (included), if given. */
  effectiveFrom: Day,
  effectiveUntil: Day.optional(),
};

export const CampaignCreate = z.object(CampaignFields).strict();
export type CampaignCreate = z.infer<typeof CampaignCreate>;

export const CampaignUpdate = z.object({ ...CampaignFields, version: z.number().int() }).strict();
export type CampaignUpdate = z.infer<typeof CampaignUpdate>;

export const VersionBody = z.object({ version: z.number().int() }).strict();
export type VersionBody = z.infer<typeof VersionBody>;

export const CloseBody = z
  .object({
    version: z.number().int(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict();
export type CloseBody = z.infer<typeof CloseBody>;

export const OutreachBody = z
  .object({
    /** Only these units of the campaign (default: every affected unit in my scope). */
    unitIds: z.array(z.uuid()).min(1).max(500).optional(),
  })
  .strict();
export type OutreachBody = z.infer<typeof OutreachBody>;

export const BookBody = z
  .object({
    version: z.number().int(),
    /** What the customer said, for the order's fault description (the campaign is named anyway). */
    note: z.string().trim().max(500).optional(),
    priority: z.number().int().min(1).max(3).optional(),
  })
  .strict();
export type BookBody = z.infer<typeof BookBody>;

export const ReasonBody = z
  .object({
    version: z.number().int(),
    reason: z.string().trim().min(2).max(500),
  })
  .strict();
export type ReasonBody = z.infer<typeof ReasonBody>;

export const CampaignQuery = z.object({
  state: CampaignState.optional(),
  /** Code or title. */
  q: z.string().trim().min(1).max(60).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type CampaignQuery = z.infer<typeof CampaignQuery>;

const UnitFilters = {
  state: RecallUnitState.optional(),
  /** GB/T 2260 province code, e.g. 440000. */
  provinceCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  /** The serving outlet (the recall order's outlet, else the outlet of the unit's area). */
  outletId: z.uuid().optional(),
  /** Serial, customer name or order code. */
  q: z.string().trim().min(1).max(60).optional(),
};

export const RecallUnitQuery = z.object({
  ...UnitFilters,
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type RecallUnitQuery = z.infer<typeof RecallUnitQuery>;

export const RecallUnitExportQuery = z.object(UnitFilters);
export type RecallUnitExportQuery = z.infer<typeof RecallUnitExportQuery>;

export const ProgressQuery = z.object({ by: ProgressLevel.default('province') });
export type ProgressQuery = z.infer<typeof ProgressQuery>;

// ---- Answers ----------------------------------------------------------------------------------

/** Units per state; `total` is every affected unit of the campaign (in the reader's scope). */
export const StateCounts = z.object({
  total: z.number().int(),
  affected: z.number().int(),
  reached: z.number().int(),
  booked: z.number().int(),
  done: z.number().int(),
  unreachable: z.number().int(),
  declined: z.number().int(),
});
export type StateCounts = z.infer<typeof StateCounts>;

export const ModelRef = z.object({ id: z.uuid(), code: z.string(), name: z.string() });

export const CampaignItem = z.object({
  id: z.uuid(),
  code: z.string(),
  title: LocalText,
  reason: z.string(),
  state: CampaignState,
  models: z.array(ModelRef),
  serialFrom: z.string().nullable(),
  serialTo: z.string().nullable(),
  serialPrefix: z.string().nullable(),
  purchasedFrom: Day.nullable(),
  purchasedTo: Day.nullable(),
  effectiveFrom: Day,
  effectiveUntil: Day.nullable(),
  activatedAt: When.nullable(),
  closedAt: When.nullable(),
  counts: StateCounts,
  createdAt: When,
  version: z.number().int(),
});
export type CampaignItem = z.infer<typeof CampaignItem>;
export const CampaignPage = Page(CampaignItem);

export const TimelineEntry = z.object({
  kind: TimelineKind,
  actor: z.string(),
  at: When,
  text: LocalText,
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const CampaignDetail = CampaignItem.extend({
  closeReason: z.string().nullable(),
  /** The hotline the SMS names for booking (setting company.hotline); empty when not set. */
  hotline: z.string(),
  /** The SMS as the customers receive it (zh-CN), with a sample serial. */
  smsPreview: z.string(),
  timeline: z.array(TimelineEntry),
  /** What the reader may do now (by state and permission). */
  actions: z.array(CampaignAction),
});
export type CampaignDetail = z.infer<typeof CampaignDetail>;

export const RecallUnitItem = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  unitId: z.uuid(),
  serialNo: z.string(),
  modelName: z.string(),
  customerId: z.uuid(),
  customerName: z.string(),
  /** Masked (138****5678): the list is read by many; the customer's page shows it to those who serve. */
  phone: z.string().nullable(),
  /** Whether the customer agreed to messages (SMS outreach needs it and a mobile number). */
  consent: z.boolean(),
  provinceCode: z.string().nullable(),
  provinceName: z.string().nullable(),
  outletId: z.uuid().nullable(),
  outletName: z.string().nullable(),
  state: RecallUnitState,
  addedBy: AddedBy,
  orderId: z.uuid().nullable(),
  orderCode: z.string().nullable(),
  orderState: z.string().nullable(),
  reason: z.string().nullable(),
  reachedAt: When.nullable(),
  bookedAt: When.nullable(),
  doneAt: When.nullable(),
  version: z.number().int(),
  actions: z.array(RecallUnitAction),
});
export type RecallUnitItem = z.infer<typeof RecallUnitItem>;
export const RecallUnitPage = Page(RecallUnitItem);

export const ProgressRow = StateCounts.extend({
  /** The province code or the outlet's id; null: no province known / no serving outlet yet. */
  key: z.string().nullable(),
  name: z.string().nullable(),
});
export type ProgressRow = z.infer<typeof ProgressRow>;

export const ProgressList = z.object({
  by: ProgressLevel,
  items: z.array(ProgressRow),
  total: z.number().int(),
  /** The sum over the rows. */
  sum: StateCounts,
});
export type ProgressList = z.infer<typeof ProgressList>;

export const OutreachResult = z.object({
  /** Messages written to the outbox (one per unit reached now). */
  sent: z.number().int(),
  /** Affected units left as they were: the customer gave no consent to messages. */
  noConsent: z.number().int(),
  /** Affected units left as they were: the customer has no mobile number. */
  noMobile: z.number().int(),
});
export type OutreachResult = z.infer<typeof OutreachResult>;

// ---- The customer's booking (a one-time link sent by SMS) -------------------------------------

export const BookingParams = z.object({ token: z.string().max(100) });

/** What the customer adds to their booking: when suits them, and anything else. */
export const BookingBody = z
  .object({
    /** When suits them, in their words ("周末上午"); goes into the order's description. */
    preferredTime: z.string().trim().max(100).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export type BookingBody = z.infer<typeof BookingBody>;

/**
 * The booking page: the campaign and the unit, nothing personal (no name, phone or address — the
 * link may be forwarded). `open`: may be booked; `booked`: booked (by the customer or on the
 * phone) with its order; `done`: the recall service is done; `closed`: the campaign ended or the
 * unit may no longer be booked; `expired`: the link's time is over.
 */
export const BookingView = z.object({
  state: z.enum(['open', 'booked', 'done', 'closed', 'expired']),
  company: z.string(),
  hotline: z.string(),
  campaignCode: z.string(),
  title: z.object({ 'zh-CN': z.string(), en: z.string() }),
  reason: z.string(),
  model: z.string().nullable(),
  serialNo: z.string(),
  orderCode: z.string().nullable(),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type BookingView = z.infer<typeof BookingView>;

export const BookingResult = z.object({ state: z.literal('booked'), orderCode: z.string() });
