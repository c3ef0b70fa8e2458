import { z } from 'zod';
import { Day, Fen } from '../parts/prices/contract.js';
import { ServiceType, Zone } from '../work-orders/contract.js';

/*
 * Fee schedules (docs/money.md): the shape of one schedule rule. One rule is one row when a later
 * slice stores schedules — effective-dated, never edited in place (a change is a new rule from a
 * new day, the old one given its last day), like the SLA and warranty policies. Money is integer
 * fen; distances are integer metres, so nothing here is a floating-point amount.
 */

/** Whose schedule: what the customer pays for paid work, or what the company pays an outlet (服务费). */
export const FEE_SCHEDULES = ['customer', 'outlet'] as const;
export const FeeSchedule = z.enum(FEE_SCHEDULES);
export type FeeSchedule = z.infer<typeof FeeSchedule>;

/** The items of the customer's schedule: labour, travel, the remote-service fee, the call-out fee. */
export const CUSTOMER_FEE_ITEMS = ['labour', 'travel', 'remote', 'callout'] as const;
/** The item of the outlet's schedule: the service fee per order. */
export const OUTLET_FEE_ITEMS = ['service_fee'] as const;
export const FEE_ITEMS = [...CUSTOMER_FEE_ITEMS, ...OUTLET_FEE_ITEMS] as const;
export const FeeItem = z.enum(FEE_ITEMS);
export type FeeItem = z.infer<typeof FeeItem>;

/** The schedule each item belongs to: an item names its schedule, so a rule cannot sit in the wrong one. */
export const SCHEDULE_OF: Record<FeeItem, FeeSchedule> = {
  labour: 'customer',
  travel: 'customer',
  remote: 'customer',
  callout: 'customer',
  service_fee: 'outlet',
};

/** A free code an administrator chooses (a model class such as 'twin_tub', a repair kind such as 'motor'). */
export const FeeCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -');

/** Metres, a whole number (30.1 km = 30100): bands compare integers, never floats. At most 100 000 km. */
export const Metres = z.number().int().min(0).max(100_000_000);

/** A day of a rule: a calendar date from 1900 on (PostgreSQL has no year 0; no schedule is older). */
export const RuleDay = Day.refine((d) => d >= '1900-01-01', 'a day from 1900-01-01 on');

/** The fields of one rule; `FeeRule` is them with the rules between fields (below). */
export const FeeRuleFields = z.object({
  /** The row's id once stored; any stable text before (the last tie-break). */
  id: z.string().min(1).max(64),
  schedule: FeeSchedule,
  item: FeeItem,
  // Matching criteria: null matches any order. The more of them a rule sets, the more specific it is.
  serviceType: ServiceType.nullable().default(null),
  productLineId: z.string().min(1).max(64).nullable().default(null),
  modelClass: FeeCode.nullable().default(null),
  repairKind: FeeCode.nullable().default(null),
  zone: Zone.nullable().default(null),
  /** The distance band, lower bound included; null = from 0. */
  minDistanceM: Metres.nullable().default(null),
  /** The distance band, upper bound excluded; null = no upper bound. */
  maxDistanceM: Metres.nullable().default(null),
  amountFen: Fen,
  /** First day in force (local day, company time zone). */
  effectiveFrom: RuleDay,
  /** Last day in force, included; null = until further notice. */
  effectiveTo: RuleDay.nullable().default(null),
  /** The rule's name as the administrator wrote it; quoted in every explanation. */
  label: z.string().trim().min(1).max(100),
});

/** The rules between a rule's fields: its item in its schedule, its dates in order, its band not empty. */
function checkRule(
  r: Pick<
    z.infer<typeof FeeRuleFields>,
    'schedule' | 'item' | 'effectiveFrom' | 'effectiveTo' | 'minDistanceM' | 'maxDistanceM'
  >,
  ctx: z.RefinementCtx,
): void {
  if (SCHEDULE_OF[r.item] !== r.schedule)
    ctx.addIssue({
      code: 'custom',
      path: ['item'],
      message: `${r.item} is not an item of the ${r.schedule} schedule`,
    });
  if (r.effectiveTo !== null && r.effectiveTo < r.effectiveFrom)
    ctx.addIssue({ code: 'custom', path: ['effectiveTo'], message: 'effectiveTo is before effectiveFrom' });
  if (r.minDistanceM !== null && r.maxDistanceM !== null && r.maxDistanceM <= r.minDistanceM)
    ctx.addIssue({ code: 'custom', path: ['maxDistanceM'], message: 'maxDistanceM must be above minDistanceM' });
}

export const FeeRule = FeeRuleFields.superRefine(checkRule);
export type FeeRule = z.infer<typeof FeeRule>;
export type FeeRuleInput = z.input<typeof FeeRule>;

const LocalText = z.object({ 'zh-CN': z.string(), en: z.string() });

/** One line of a quote or of an outlet's fee, with the rule it came from and its explanation. */
export const FeeLine = z.object({
  item: z.enum([...FEE_ITEMS, 'part']),
  /** The schedule rule, null for a part line (priced by the part's price in force). */
  ruleId: z.string().nullable(),
  partId: z.string().nullable(),
  quantity: z.number().int(),
  unitFen: z.number().int(),
  amountFen: z.number().int(),
  explanation: LocalText,
});
export type FeeLine = z.infer<typeof FeeLine>;

/**
 * An item the schedule has no rule for, or a part line that cannot be priced (a quantity that is not
 * a positive whole number, a price that is not whole fen): shown to the caller, never priced at 0.
 */
export const MissingFee = z.object({
  item: z.enum([...FEE_ITEMS, 'part']),
  partId: z.string().nullable(),
  explanation: LocalText,
});
export type MissingFee = z.infer<typeof MissingFee>;

export const FeeTotal = z.object({
  day: Day,
  lines: z.array(FeeLine),
  missing: z.array(MissingFee),
  /** Every item that applies was priced (no missing rule, no invalid part line). */
  complete: z.boolean(),
  /** The sum of the lines, always. */
  totalFen: z.number().int(),
  explanation: LocalText,
});
export type FeeTotal = z.infer<typeof FeeTotal>;

/*
 * The stored schedules (docs/money.md, "Stored schedules"): the API of the `fee_rules` rows. A row
 * is a `FeeRule` with who added it and who ended it; rows are never edited.
 */

/** A new rule: a `FeeRule` without its id (the row gets one). */
export const FeeRuleCreate = FeeRuleFields.omit({ id: true }).superRefine(checkRule);
export type FeeRuleCreate = z.infer<typeof FeeRuleCreate>;

/**
 * A change: the new rule, and the old rule's last day (`endOn`; by default the day before the new
 * rule's first day). The old rule is ended and the new one added in one transaction.
 */
export const FeeRuleChange = FeeRuleFields.omit({ id: true })
  .extend({ endOn: RuleDay.nullable().default(null) })
  .superRefine((r, ctx) => {
    checkRule(r, ctx);
    if (r.endOn !== null && r.endOn >= r.effectiveFrom)
      ctx.addIssue({ code: 'custom', path: ['endOn'], message: 'endOn must be before the new effectiveFrom' });
  });
export type FeeRuleChange = z.infer<typeof FeeRuleChange>;

/** Ending a rule (removing it): its last day in force, included. */
export const FeeRuleEnd = z.object({ effectiveTo: RuleDay });
export type FeeRuleEnd = z.infer<typeof FeeRuleEnd>;

export const FeeRuleParams = z.object({ id: z.uuid() });

export const FeeRuleQuery = z.object({
  schedule: FeeSchedule.optional(),
  item: FeeItem.optional(),
  /** Only the rules in force on this day (effectiveFrom ≤ day ≤ effectiveTo). */
  onDay: RuleDay.optional(),
  productLineId: z.string().min(1).max(64).optional(),
  /** true: only the rules given a last day; false: only those open until further notice. */
  ended: z.enum(['true', 'false']).optional(),
});
export type FeeRuleQuery = z.infer<typeof FeeRuleQuery>;

/** A stored rule: the `FeeRule` and its row's history. */
export const StoredFeeRule = FeeRuleFields.extend({
  createdAt: z.iso.datetime({ offset: true }),
  createdBy: z.uuid().nullable(),
  createdByName: z.string().nullable(),
  endedAt: z.iso.datetime({ offset: true }).nullable(),
  endedBy: z.uuid().nullable(),
  endedByName: z.string().nullable(),
});
export type StoredFeeRule = z.infer<typeof StoredFeeRule>;

/** The answer of a change: the old rule as ended and the new one. */
export const FeeRuleChanged = z.object({ ended: StoredFeeRule, added: StoredFeeRule });

/** A part of a preview: its price given, or read from the part's prices in force on the day. */
export const PreviewPart = z.object({
  partId: z.uuid().nullable().default(null),
  name: z.string().trim().min(1).max(100),
  quantity: z.number().int().min(1).max(9999),
  /** The sale price; null = the part's sale price in force on the day. */
  salePriceFen: Fen.nullable().default(null),
  /** The cost; null = the part's cost in force on the day. */
  costFen: Fen.nullable().default(null),
  /** Fitted from the outlet's own stock: reimbursed at cost in the outlet's fee. */
  fromOwnStock: z.boolean().default(false),
});

/** "Try it": an order's facts, to see what the schedules in force on a day would make of them. */
export const QuotePreview = z.object({
  serviceType: ServiceType,
  productLineId: z.string().min(1).max(64).nullable().default(null),
  modelClass: FeeCode.nullable().default(null),
  repairKind: FeeCode.nullable().default(null),
  /** The distance in whole metres; null = unknown (then the zone, if given, decides). */
  distanceM: Metres.nullable().default(null),
  zone: Zone.nullable().default(null),
  parts: z.array(PreviewPart).max(50).default([]),
  /** The day priced; by default today in the company time zone. */
  day: RuleDay.nullable().default(null),
});
export type QuotePreview = z.infer<typeof QuotePreview>;

export const QuotePreviewResult = z.object({
  day: Day,
  /** The zone the order is priced in, and the near-zone setting on that day. */
  zone: Zone.nullable(),
  nearZoneKm: z.number(),
  /** How many rules were in force on the day (all items). */
  rulesInForce: z.number().int(),
  customerQuote: FeeTotal,
  refusedQuoteCharge: FeeTotal,
  outletServiceFee: FeeTotal,
});
export type QuotePreviewResult = z.infer<typeof QuotePreviewResult>;
