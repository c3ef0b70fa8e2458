import { z } from 'zod';
import { List } from '../../platform/lists/contract.js';

/*
 * Customer care (docs/care.md): when each unit is next due for maintenance (the model's cycle, a
 * service contract's included visits, or a custom plan), reminders by SMS a set number of days
 * ahead, the planner's list to create maintenance orders in bulk, and warranty-expiry reminders
 * with an extended-warranty offer whose answer is recorded ("bought" sells the contract). Days are
 * YYYY-MM-DD in the company time zone; texts meant for people are {zh-CN, en}.
 */

export const LocalText = z.object({ 'zh-CN': z.string(), en: z.string() });
/** A calendar day in an answer (YYYY-MM-DD; an open-ended contract's end is 9999-12-31). */
export const Day = z.iso.date();
/** A calendar day given as input: between 1900 and 2999 (a database date outside would fail as an error, not as input). */
export const DayIn = z.iso
  .date()
  .refine((d) => d >= '1900-01-01' && d <= '2999-12-31', { message: 'between 1900-01-01 and 2999-12-31' });
export const UnitParams = z.object({ unitId: z.uuid() });

// ---- Vocabulary -------------------------------------------------------------------------------

/** not_planned: no cycle, plan or contract dates the unit; due: within the reminder lead; overdue: past. */
export const MAINTENANCE_STATUSES = ['not_planned', 'upcoming', 'due', 'overdue'] as const;
export const MaintenanceStatus = z.enum(MAINTENANCE_STATUSES);
export type MaintenanceStatus = z.infer<typeof MaintenanceStatus>;

/** What dated the next maintenance: the unit's custom plan, a contract's included visits, the model's cycle. */
export const DUE_SOURCES = ['plan', 'contract', 'cycle'] as const;
export const DueSource = z.enum(DUE_SOURCES);
export type DueSource = z.infer<typeof DueSource>;

/** The day the interval counts from. */
export const DUE_BASES = [
  'maintenance',
  'installation',
  'acceptance',
  'purchase',
  'plan_date',
  'contract_start',
] as const;
export const DueBasis = z.enum(DUE_BASES);
export type DueBasis = z.infer<typeof DueBasis>;

/** The customer's answer to an extended-warranty offer. */
export const OFFER_RESPONSES = ['interested', 'declined', 'bought', 'no_answer'] as const;
export const OfferResponse = z.enum(OFFER_RESPONSES);
export type OfferResponse = z.infer<typeof OfferResponse>;
/** An offer with no answer yet is `open`. */
export const OFFER_STATES = ['open', ...OFFER_RESPONSES] as const;
export const OfferState = z.enum(OFFER_STATES);
export type OfferState = z.infer<typeof OfferState>;

/** A province, city or district code (GB/T 2260, six digits). */
const Division = z.string().regex(/^\d{6}$/);

// ---- Maintenance ------------------------------------------------------------------------------

export const MaintenanceQuery = z.object({
  /** First day of the period (default today). */
  from: DayIn.optional(),
  /** Last day of the period (default today + the reminder lead). */
  to: DayIn.optional(),
  /** Units at an address in this province, city or district. */
  province: Division.optional(),
  /** Units in this org unit's area (a center or an outlet). */
  orgUnitId: z.uuid().optional(),
  /** One product unit. */
  unitId: z.uuid().optional(),
  status: MaintenanceStatus.optional(),
});
export type MaintenanceQuery = z.infer<typeof MaintenanceQuery>;

export const CustomPlan = z.object({
  intervalDays: z.number().int().nullable(),
  intervalMonths: z.number().int().nullable(),
  nextOn: Day.nullable(),
  note: z.string().nullable(),
  setOn: Day,
  setByName: z.string(),
});
export type CustomPlan = z.infer<typeof CustomPlan>;

export const MaintenanceItem = z.object({
  unitId: z.string(),
  serialNo: z.string(),
  modelName: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  provinceCode: z.string().nullable(),
  cityCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  nextOn: Day.nullable(),
  status: MaintenanceStatus,
  /** Days from today to the next date (negative: overdue). */
  daysLeft: z.number().int().nullable(),
  source: DueSource.nullable(),
  basis: DueBasis.nullable(),
  basisOn: Day.nullable(),
  /** The model's cycle in days (null: the model has none). */
  cycleDays: z.number().int().nullable(),
  lastMaintenanceOn: Day.nullable(),
  /** An open maintenance order of the unit (a second one is refused). */
  openOrder: z.object({ id: z.string(), code: z.string() }).nullable(),
  /** How the date was reached, in both languages. */
  why: LocalText,
});
export type MaintenanceItem = z.infer<typeof MaintenanceItem>;
export const MaintenanceList = List(MaintenanceItem);
export type MaintenanceList = z.infer<typeof MaintenanceList>;

export const BulkOrdersBody = z.object({
  unitIds: z.array(z.uuid()).min(1).max(100),
  /** The orders' description (default: "定期保养"). */
  description: z.string().trim().min(1).max(500).optional(),
  priority: z.number().int().min(1).max(3).optional(),
});
export type BulkOrdersBody = z.infer<typeof BulkOrdersBody>;

export const BULK_RESULTS = ['created', 'refused'] as const;
export const BulkItem = z.object({
  unitId: z.string(),
  serialNo: z.string().nullable(),
  result: z.enum(BULK_RESULTS),
  orderId: z.string().nullable(),
  orderCode: z.string().nullable(),
  /** Why a unit was refused (the error's message in both languages). */
  reason: LocalText.nullable(),
  code: z.string().nullable(),
});
export type BulkItem = z.infer<typeof BulkItem>;
export const BulkResults = List(BulkItem).extend({ created: z.number().int(), refused: z.number().int() });
export type BulkResults = z.infer<typeof BulkResults>;

export const PlanBody = z.object({
  /** The plan's version (0 when the unit never had one). */
  version: z.number().int().min(0),
  intervalDays: z.number().int().min(1).max(3650).optional(),
  intervalMonths: z.number().int().min(1).max(120).optional(),
  nextOn: DayIn.optional(),
  note: z.string().trim().max(300).optional(),
});
export type PlanBody = z.infer<typeof PlanBody>;
export const ClearPlanBody = z.object({ version: z.number().int().min(1) });
export type ClearPlanBody = z.infer<typeof ClearPlanBody>;

// ---- Warranty-expiry offers -------------------------------------------------------------------

export const OfferQuery = z.object({
  /** Units whose warranty ends within this many days (default: the setting care.warrantyExpiryLeadDays). */
  days: z.coerce.number().int().min(0).max(366).optional(),
  state: OfferState.optional(),
  province: Division.optional(),
  orgUnitId: z.uuid().optional(),
});
export type OfferQuery = z.infer<typeof OfferQuery>;

export const OfferEvent = z.object({
  at: z.string(),
  actorName: z.string(),
  kind: z.string(),
  response: OfferState.nullable(),
  note: z.string().nullable(),
  text: LocalText,
});

export const OfferItem = z.object({
  unitId: z.string(),
  serialNo: z.string(),
  modelName: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  warrantyEndsOn: Day,
  daysLeft: z.number().int(),
  offerId: z.string().nullable(),
  state: OfferState,
  note: z.string().nullable(),
  remindedAt: z.string().nullable(),
  respondedAt: z.string().nullable(),
  respondedByName: z.string().nullable(),
  contractId: z.string().nullable(),
  contractCode: z.string().nullable(),
  /** The offer's version (0: nothing recorded yet). */
  version: z.number().int(),
  history: z.array(OfferEvent),
});
export type OfferItem = z.infer<typeof OfferItem>;
export const OfferList = List(OfferItem);
export type OfferList = z.infer<typeof OfferList>;

export const ResponseBody = z.object({
  /** The offer's version (0: nothing recorded yet). */
  version: z.number().int().min(0),
  /** The warranty's last day the offer is about (as listed). */
  warrantyEndsOn: DayIn,
  response: OfferResponse,
  note: z.string().trim().max(500).optional(),
  /** The contract sold (response "bought"): months from the day after the warranty ends, price, cover. */
  contract: z
    .object({
      months: z.number().int().min(1).max(120),
      priceFen: z.number().int().min(0).max(2_000_000_000),
      coversParts: z.boolean().default(true),
      coversLabour: z.boolean().default(true),
    })
    .optional(),
});
export type ResponseBody = z.infer<typeof ResponseBody>;

// ---- One unit ---------------------------------------------------------------------------------

export const UnitCare = z.object({
  maintenance: MaintenanceItem,
  plan: CustomPlan.nullable(),
  /** The plan record's version (0: never planned), for setting or clearing it. */
  planVersion: z.number().int(),
  warrantyEndsOn: Day.nullable(),
  offer: OfferItem.nullable(),
});
export type UnitCare = z.infer<typeof UnitCare>;

// ---- Announcements (a scheduled SMS to a segment ahead of a campaign or promotion) ------------

export const ANNOUNCEMENT_STATES = ['scheduled', 'sent', 'cancelled'] as const;
export const AnnouncementState = z.enum(ANNOUNCEMENT_STATES);

const ProvinceCode = z.string().regex(/^\d{6}$/, 'a 6-digit division code');

export const AnnouncementCreate = z
  .object({
    title: z.string().trim().min(2).max(100),
    /** The SMS text as the customers will read it (the company's name is put in front). */
    body: z.string().trim().min(5).max(300),
    /** The day of the campaign or promotion. */
    eventOn: DayIn,
    /** The day it is sent (at 09:00, company zone); default the event day less care.announcementLeadDays. */
    sendOn: DayIn.optional(),
    /** Provinces of the customers' units (empty: all in the announcing unit's area). */
    provinceCodes: z.array(ProvinceCode).max(40).default([]),
    /** Product lines of their units (empty: any). */
    productLineIds: z.array(z.uuid()).max(40).default([]),
  })
  .strict();
export type AnnouncementCreate = z.infer<typeof AnnouncementCreate>;

export const AnnouncementCancel = z
  .object({ version: z.number().int(), reason: z.string().trim().min(2).max(500) })
  .strict();
export type AnnouncementCancel = z.infer<typeof AnnouncementCancel>;

export const AnnouncementParams = z.object({ id: z.uuid() });

export const AnnouncementItem = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  eventOn: Day,
  sendAt: z.iso.datetime({ offset: true }),
  provinceCodes: z.array(z.string()),
  productLineIds: z.array(z.string()),
  state: AnnouncementState,
  /** Scheduled: the customers it would reach now; sent: the messages sent. */
  audience: z.number().int(),
  sentAt: z.iso.datetime({ offset: true }).nullable(),
  cancelReason: z.string().nullable(),
  createdByName: z.string(),
  version: z.number().int(),
  /** What the reader may do: cancel a scheduled one (care.manage, within its area). */
  actions: z.array(z.enum(['cancel'])),
});
export type AnnouncementItem = z.infer<typeof AnnouncementItem>;

export const AnnouncementList = List(AnnouncementItem);
