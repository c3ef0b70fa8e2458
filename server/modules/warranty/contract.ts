import { z } from 'zod';
import { DAY_COUNTINGS } from '../../../shared/day-counting.js';
import { LINE_CATEGORIES, List } from '../customers/catalog/contract.js';
import { UnitStatus } from '../customers/units/contract.js';

/*
 * Requests and responses of the warranty module (保修 and 三包): policies (versioned, effective
 * dated), exclusions, service contracts, the entitlement of a unit and its parts at a date, the
 * statutory remedies (return, exchange), the decisions stored at completion, and return/exchange
 * cases with their appraisal form (鉴定单). The constants mirror tables.ts so the browser can
 * import this file without the database layer. Additions are fine; renaming breaks the web app.
 */

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Version = z.number().int().min(1);
const Money = z.number().int().min(0).max(100_000_000_00);
const LocalText = z.object({ 'zh-CN': z.string(), en: z.string() });
export type LocalText = z.infer<typeof LocalText>;

/** How the periods were counted (`warranty.dayCounting`; docs/warranty.md, Dates). */
export const DayCounting = z.enum(DAY_COUNTINGS);
export type DayCounting = z.infer<typeof DayCounting>;

export const USAGES = ['household', 'commercial'] as const;
export const Usage = z.enum(USAGES);
export type Usage = z.infer<typeof Usage>;

/** Which of the unit's dates the warranty counts from. */
export const START_BASES = ['purchase', 'invoice', 'installation', 'acceptance'] as const;
export const StartBasis = z.enum(START_BASES);
export type StartBasis = z.infer<typeof StartBasis>;

/** Causes that make the work paid (DOMAIN.md: force majeure, misuse, human damage; seeds 000, 001, 003). */
export const EXCLUSION_KINDS = [
  'fire',
  'flood',
  'lightning',
  'power_surge',
  'misuse',
  'human_damage',
  'unauthorised_repair',
  'consumable',
] as const;
export const ExclusionKind = z.enum(EXCLUSION_KINDS);
export type ExclusionKind = z.infer<typeof ExclusionKind>;

/** The cause and its evidence, chosen by the technician at completion or the appraiser. */
export const Exclusion = z.object({
  kind: ExclusionKind,
  note: z.string().trim().min(1).max(1000),
  photoIds: z.array(z.uuid()).max(20).default([]),
});
export type Exclusion = z.infer<typeof Exclusion>;

// Policies

/** A main-part term: `partCodes` empty means every main part (主要部件) of the model's BOM. */
export const MainPartTerm = z.object({
  partCodes: z.array(z.string().trim().min(1).max(40)).max(50).default([]),
  label: LocalText.nullable().default(null),
  months: z.number().int().min(0).max(600),
  /** Labour on this part is covered for this long; null: as long as the part. */
  labourMonths: z.number().int().min(0).max(600).nullable().default(null),
});
export type MainPartTerm = z.infer<typeof MainPartTerm>;

/** The statutory remedies (三包) of the policy's products; the defaults follow the regulation. */
export const RemedyRules = z.object({
  /** A performance fault within this many calendar days of purchase: refund or exchange. */
  refundDays: z.number().int().min(0).max(365).default(7),
  /** … within this many days: exchange. */
  exchangeDays: z.number().int().min(0).max(365).default(15),
  /** The same fault repaired this many times within the warranty and failing again: exchange. */
  sameFaultRepairs: z.number().int().min(1).max(20).default(3),
  /** After an exchange, this many more failed repairs give a refund (furniture: 2); null: never. */
  refundAfterExchangeRepairs: z.number().int().min(1).max(20).nullable().default(null),
  /** The company did not come within this many days of a report: exchange. */
  noShowDays: z.number().int().min(1).max(365).default(15),
  /** No depreciation on a refund within this many days of purchase. */
  depreciationFreeDays: z.number().int().min(0).max(3650).default(7),
  /** Depreciation per started month of use after that, in percent of the price. */
  depreciationPercentPerMonth: z.number().min(0).max(100).default(0),
});
export type RemedyRules = z.infer<typeof RemedyRules>;

const PolicyFields = z.object({
  name: z.string().trim().min(1).max(80),
  /** Calendar date in the company time zone from which this version applies. */
  effectiveFrom: IsoDay,
  active: z.boolean().default(true),
  /** What the policy applies to; null = any. The most specific match wins (model > line > category). */
  category: z.enum(LINE_CATEGORIES).nullable().default(null),
  productLineCode: z.string().trim().min(1).max(40).nullable().default(null),
  modelCode: z.string().trim().min(1).max(40).nullable().default(null),
  usage: Usage.nullable().default(null),
  startBasis: StartBasis.default('purchase'),
  unitMonths: z.number().int().min(0).max(600),
  /** Labour on the whole unit is covered this long; null: as long as the unit. */
  unitLabourMonths: z.number().int().min(0).max(600).nullable().default(null),
  mainParts: z.array(MainPartTerm).max(30).default([]),
  /** A part replaced under service is warranted this long from its replacement. */
  replacedPartMonths: z.number().int().min(0).max(120).default(3),
  /** The warranty passes to a new owner. */
  transferable: z.boolean().default(true),
  remedies: RemedyRules.default(RemedyRules.parse({})),
  note: z.string().trim().max(500).nullable().optional(),
});

export const PolicyCreate = PolicyFields.extend({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a-z, 0-9, - and _'),
});
export type PolicyCreate = z.infer<typeof PolicyCreate>;
/** A new version of a policy: every field again, with its own effective date. */
export const PolicyVersionCreate = PolicyFields;
export type PolicyVersionCreate = z.infer<typeof PolicyVersionCreate>;

export const Policy = PolicyFields.extend({
  id: z.string(),
  code: z.string(),
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type Policy = z.infer<typeof Policy>;

export const PolicyCodeParams = z.object({ code: z.string().min(1).max(60) });
export const PolicyListQuery = z.object({
  /** Versions in force on this date (default today); `all=true` lists every version. */
  at: IsoDay.optional(),
  all: z.enum(['true', 'false']).optional(),
});

// Service contracts (extended warranty, maintenance, lifetime paid maintenance)

export const CONTRACT_KINDS = ['extended_warranty', 'maintenance', 'lifetime_paid'] as const;
export const ContractKind = z.enum(CONTRACT_KINDS);
export const CONTRACT_STATUSES = ['active', 'cancelled'] as const;

const ContractFields = z.object({
  kind: ContractKind,
  coversParts: z.boolean(),
  coversLabour: z.boolean(),
  /** Materials charged at cost (lifetime paid maintenance after the warranty). */
  materialsAtCost: z.boolean().default(false),
  startsOn: IsoDay,
  /** Inclusive; null: open-ended (lifetime paid maintenance). */
  endsOn: IsoDay.nullable().default(null),
  priceFen: Money.default(0),
  visitsIncluded: z.number().int().min(0).max(1000).nullable().default(null),
  note: z.string().trim().max(500).nullable().optional(),
});

/** For one unit (unitId) or every unit of a customer (customerId only). */
export const ContractCreate = ContractFields.extend({
  unitId: z.uuid().nullable().optional(),
  customerId: z.uuid().optional(),
  /**
   * The term in months instead of `endsOn`: the end is computed from `startsOn` as every warranty
   * period is (the `warranty.dayCounting` setting in force at the sale; docs/warranty.md, Dates).
   */
  months: z.number().int().min(1).max(600).optional(),
});
export type ContractCreate = z.infer<typeof ContractCreate>;

export const ContractUpdate = ContractFields.partial().extend({
  visitsUsed: z.number().int().min(0).max(1000).optional(),
  status: z.enum(CONTRACT_STATUSES).optional(),
  version: Version,
});
export type ContractUpdate = z.infer<typeof ContractUpdate>;

export const ServiceContract = ContractFields.extend({
  id: z.string(),
  code: z.string(),
  unitId: z.string().nullable(),
  customerId: z.string(),
  visitsUsed: z.number(),
  status: z.enum(CONTRACT_STATUSES),
  version: z.number(),
  createdAt: z.string(),
});
export type ServiceContract = z.infer<typeof ServiceContract>;
export const ContractListQuery = z.object({
  unitId: z.uuid().optional(),
  customerId: z.uuid().optional(),
});

// Entitlement

/** The rule a coverage line rests on. */
export const COVERAGE_RULES = [
  'unit_term',
  'main_part_term',
  'replaced_part_term',
  'contract',
  'lifetime_paid',
  'expired',
  'excluded',
  'no_policy',
  'no_start_date',
  'not_transferable',
] as const;
export const CoverageRule = z.enum(COVERAGE_RULES);
export type CoverageRule = z.infer<typeof CoverageRule>;

/** Who pays labour or parts. */
export const Payer = z.enum(['company', 'contract', 'customer']);
export type Payer = z.infer<typeof Payer>;

export const Coverage = z.object({
  subject: z.enum(['unit', 'part']),
  partId: z.string().nullable(),
  partCode: z.string().nullable(),
  partName: z.string().nullable(),
  covered: z.boolean(),
  rule: CoverageRule,
  /** Last covered day (inclusive); null when not covered or open-ended. */
  until: z.string().nullable(),
  labour: Payer,
  parts: Payer,
  materialsAtCost: z.boolean(),
  contractId: z.string().nullable(),
  reasons: z.array(LocalText),
});
export type Coverage = z.infer<typeof Coverage>;

export const PolicyRef = z.object({ id: z.string(), code: z.string(), version: z.number(), name: z.string() });
export type PolicyRef = z.infer<typeof PolicyRef>;

export const Entitlement = z.object({
  unitId: z.string(),
  at: z.string(),
  usage: Usage,
  policy: PolicyRef.nullable(),
  startBasis: StartBasis.nullable(),
  startDate: z.string().nullable(),
  exclusion: ExclusionKind.nullable(),
  dayCounting: DayCounting,
  unit: Coverage,
  parts: z.array(Coverage),
});
export type Entitlement = z.infer<typeof Entitlement>;

/**
 * The entitlement as the API answers it: with the unit's status, since a unit that is no longer
 * the customer's (returned, replaced, scrapped…) is shown as such, not as covered.
 */
export const UnitEntitlement = Entitlement.extend({ unitStatus: UnitStatus });
export type UnitEntitlement = z.infer<typeof UnitEntitlement>;

export const UnitParams = z.object({ unitId: z.uuid() });
export const EntitlementQuery = z.object({
  at: IsoDay.optional(),
  /** Comma-separated part ids. */
  parts: z.string().max(2000).optional(),
  cause: ExclusionKind.optional(),
});

// Remedies (三包)

export const REMEDY_RULES = [
  'within_refund_days',
  'within_exchange_days',
  'repeated_fault',
  'refund_after_exchange',
  'no_show',
] as const;
export const RemedyRule = z.enum(REMEDY_RULES);
export type RemedyRule = z.infer<typeof RemedyRule>;
export const RemedyKind = z.enum(['refund', 'exchange']);
export type RemedyKind = z.infer<typeof RemedyKind>;

export const RemedyItem = z.object({
  rule: RemedyRule,
  eligible: z.boolean(),
  /** What the customer may choose under this rule. */
  remedies: z.array(RemedyKind),
  /**
   * When it became eligible: a local day (YYYY-MM-DD) for rules counted in days (the completion of
   * the 3rd repair of the same fault), the instant for the no-show rule (its period can be moved
   * by hours of the customer's delays). Shown to people in the company zone, never as UTC.
   */
  since: z.string().nullable(),
  /** Last day of eligibility, when bounded. */
  until: z.string().nullable(),
  faultCode: z.string().nullable(),
  orderIds: z.array(z.string()),
  reasons: z.array(LocalText),
});
export type RemedyItem = z.infer<typeof RemedyItem>;

export const Remedies = z.object({
  unitId: z.string(),
  at: z.string(),
  purchaseDate: z.string().nullable(),
  policy: PolicyRef.nullable(),
  dayCounting: DayCounting,
  eligible: z.array(RemedyKind),
  items: z.array(RemedyItem),
});
export type Remedies = z.infer<typeof Remedies>;
export const RemediesQuery = z.object({ at: IsoDay.optional() });

// Decisions (stored; later policy edits never rewrite them)

export const WarrantyDecision = z.object({
  id: z.string(),
  orderId: z.string().nullable(),
  caseId: z.string().nullable(),
  unitId: z.string(),
  subject: z.enum(['unit', 'part']),
  partId: z.string().nullable(),
  partCode: z.string().nullable(),
  partName: z.string().nullable(),
  covered: z.boolean(),
  rule: CoverageRule,
  policyId: z.string().nullable(),
  policyCode: z.string().nullable(),
  policyVersion: z.number().nullable(),
  contractId: z.string().nullable(),
  until: z.string().nullable(),
  labour: Payer,
  parts: Payer,
  reasons: z.array(LocalText),
  exclusion: Exclusion.nullable(),
  /** The counting convention the decision was made under (kept when the setting changes). */
  dayCounting: DayCounting,
  decidedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedByName: z.string(),
});
export type WarrantyDecision = z.infer<typeof WarrantyDecision>;

// Return / exchange cases (退换货)

export const CASE_STATES = [
  'opened',
  'appraised',
  'pending_hq',
  'approved',
  'executed',
  'closed',
  'rejected',
  'cancelled',
] as const;
export const CaseState = z.enum(CASE_STATES);
export type CaseState = z.infer<typeof CaseState>;
export const CASE_ACTIONS = ['appraise', 'approve', 'reject', 'execute', 'close', 'cancel'] as const;
export const CaseAction = z.enum(CASE_ACTIONS);
export type CaseAction = z.infer<typeof CaseAction>;

export const CaseOpen = z.object({
  unitId: z.uuid(),
  orderId: z.uuid().nullable().optional(),
  /** What the customer asks for. */
  requested: RemedyKind,
  /** The statutory rule invoked, when known (GET …/remedies). */
  rule: RemedyRule.nullable().optional(),
  faultCode: z.string().trim().max(32).nullable().optional(),
  reason: z.string().trim().min(1).max(2000),
  /** The product's price (purchase invoice), for the HQ approval threshold and the refund. */
  priceFen: Money,
});
export type CaseOpen = z.infer<typeof CaseOpen>;

export const AppraiseBody = z.object({
  version: Version,
  faultVerified: z.boolean(),
  faultCode: z.string().trim().max(32).nullable().optional(),
  findings: z.string().trim().min(1).max(4000),
  testResults: z.string().trim().max(4000).default(''),
  photoIds: z.array(z.uuid()).max(20).default([]),
  exclusion: Exclusion.nullable().optional(),
  conclusion: z.enum(['refund', 'exchange', 'repair', 'not_eligible']),
  customerChoice: RemedyKind.nullable().optional(),
});
export type AppraiseBody = z.infer<typeof AppraiseBody>;

export const CaseApproveBody = z.object({ version: Version, note: z.string().trim().max(500).optional() });
export const CaseRejectBody = z.object({ version: Version, reason: z.string().trim().min(1).max(1000) });
export const CaseExecuteBody = z.object({
  version: Version,
  /** Exchange: the new unit's serial (and model when a different one is given). */
  newSerialNo: z.string().trim().min(1).max(64).optional(),
  newModelId: z.uuid().optional(),
  /** Refund: the amount paid; defaults to the computed amount after depreciation. */
  refundFen: Money.optional(),
  note: z.string().trim().max(500).optional(),
});
export type CaseExecuteBody = z.infer<typeof CaseExecuteBody>;
export const CaseCloseBody = z.object({ version: Version, note: z.string().trim().max(500).optional() });
export const CaseCancelBody = CaseRejectBody;

export const CASE_ACTION_BODIES = {
  appraise: AppraiseBody,
  approve: CaseApproveBody,
  reject: CaseRejectBody,
  execute: CaseExecuteBody,
  close: CaseCloseBody,
  cancel: CaseCancelBody,
} as const;

export const Appraisal = AppraiseBody.omit({ version: true }).extend({
  at: z.string(),
  by: z.string().nullable(),
  byName: z.string(),
});
export type Appraisal = z.infer<typeof Appraisal>;

/**
 * What is carried out: the customer's choice, else the appraisal's conclusion, else the request.
 * Here rather than in rules.ts because the case page shows it before the execution is recorded.
 */
export function executionKind(
  requested: RemedyKind,
  appraisal: Pick<Appraisal, 'conclusion' | 'customerChoice'> | null,
): RemedyKind {
  if (appraisal?.customerChoice) return appraisal.customerChoice;
  if (appraisal?.conclusion === 'refund' || appraisal?.conclusion === 'exchange') return appraisal.conclusion;
  return requested;
}

export const CaseApproval = z.object({
  level: z.enum(['center', 'hq']),
  by: z.string().nullable(),
  byName: z.string(),
  at: z.string(),
  note: z.string().nullable(),
});
export type CaseApproval = z.infer<typeof CaseApproval>;

export const CaseExecution = z.object({
  kind: RemedyKind,
  at: z.string(),
  by: z.string().nullable(),
  byName: z.string(),
  newUnitId: z.string().nullable(),
  newSerialNo: z.string().nullable(),
  refundFen: z.number().nullable(),
  depreciationFen: z.number().nullable(),
  monthsUsed: z.number().nullable(),
  note: z.string().nullable(),
});
export type CaseExecution = z.infer<typeof CaseExecution>;

export const CaseHistoryItem = z.object({
  at: z.string(),
  action: z.string(),
  fromState: CaseState.nullable(),
  toState: CaseState,
  actorName: z.string(),
  note: z.string().nullable(),
});

export const CaseSummary = z.object({
  id: z.string(),
  code: z.string(),
  state: CaseState,
  requested: RemedyKind,
  rule: RemedyRule.nullable(),
  unitId: z.string(),
  serialNo: z.string(),
  modelName: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  orderId: z.string().nullable(),
  priceFen: z.number(),
  orgPath: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

/** A photo uploaded to the case for its appraisal (POST /api/warranty/cases/{id}/photos). */
export const CasePhoto = z.object({
  id: z.uuid(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number(),
  createdAt: z.string(),
  /** Where the file is read (GET, scope of the case). */
  url: z.string(),
});
export type CasePhoto = z.infer<typeof CasePhoto>;
export const CasePhotoParams = z.object({ id: z.uuid(), photoId: z.uuid() });

export const CaseDetail = CaseSummary.extend({
  faultCode: z.string().nullable(),
  reason: z.string(),
  /** The remedies as judged when the case was opened. */
  remediesAtOpen: Remedies.nullable(),
  appraisal: Appraisal.nullable(),
  approvals: z.array(CaseApproval),
  /** Above this value (fen) HQ approves too (setting warranty.hqApprovalFen). */
  hqThresholdFen: z.number(),
  execution: CaseExecution.nullable(),
  rejection: z.object({ reason: z.string(), by: z.string().nullable(), byName: z.string(), at: z.string() }).nullable(),
  history: z.array(CaseHistoryItem),
  /** Photos uploaded to the case, oldest first; the appraisal's photoIds are some of them. */
  photos: z.array(CasePhoto),
  /** Actions the caller may take now. */
  actions: z.array(CaseAction),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CaseListQuery = z.object({
  state: CaseState.optional(),
  unitId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const CasePage = List(CaseSummary);
export const CaseParams = z.object({ id: z.uuid() });
export const CaseActionParams = z.object({ id: z.uuid(), action: CaseAction });

/** The printable appraisal form (鉴定单); the web app renders it. */
export const AppraisalForm = z.object({
  caseCode: z.string(),
  printedAt: z.string(),
  customer: z.object({ name: z.string(), phone: z.string().nullable(), address: z.string().nullable() }),
  product: z.object({
    lineName: z.string(),
    modelCode: z.string(),
    modelName: z.string(),
    serialNo: z.string(),
    purchaseDate: z.string().nullable(),
    invoiceNo: z.string().nullable(),
    usage: Usage,
  }),
  orderCode: z.string().nullable(),
  requested: RemedyKind,
  reason: z.string(),
  remedyReasons: z.array(LocalText),
  appraisal: Appraisal.nullable(),
  approvals: z.array(CaseApproval),
  state: CaseState,
});
export type AppraisalForm = z.infer<typeof AppraisalForm>;
