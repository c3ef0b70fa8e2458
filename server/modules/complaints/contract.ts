import { z } from 'zod';
import { List, Page } from '../../platform/lists/contract.js';

/*
 * Complaints (投诉, docs/complaints.md): a process of its own with levels (1 the handler, 2 the
 * handler's superior, 3 company leadership), routing by cause to a department, deadlines per
 * severity, automatic escalation, crisis handling, discipline, compensation and the reply to the
 * customer. Money is integer fen; times are ISO strings; texts meant for people are {zh-CN, en}.
 */

const When = z.iso.datetime({ offset: true });
export const LocalText = z.object({ 'zh-CN': z.string(), en: z.string() });
const Ref = z.object({ id: z.uuid(), name: z.string() });
/** Fen: a whole number from 0 to ¥20,000,000. */
export const Fen = z.number().int().min(0).max(2_000_000_000);
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
const Reason = z.string().trim().min(2).max(500);
const LongText = z.string().trim().min(1).max(4000);

export const IdParams = z.object({ id: z.uuid() });

// ---- Vocabulary -------------------------------------------------------------------------------

export const COMPLAINT_STATES = ['open', 'answered', 'reopened', 'closed'] as const;
export const ComplaintState = z.enum(COMPLAINT_STATES);
export type ComplaintState = z.infer<typeof ComplaintState>;

export const COMPLAINT_TYPES = ['attitude', 'fees', 'norms', 'timeliness', 'quality', 'component', 'other'] as const;
export const ComplaintType = z.enum(COMPLAINT_TYPES);
export type ComplaintType = z.infer<typeof ComplaintType>;

export const COMPLAINT_SEVERITIES = ['general', 'difficult', 'crisis'] as const;
export const ComplaintSeverity = z.enum(COMPLAINT_SEVERITIES);
export type ComplaintSeverity = z.infer<typeof ComplaintSeverity>;

export const COMPLAINT_SOURCES = ['hotline', 'urge', 'callback', 'portal', 'regulator', 'media', 'staff'] as const;
export const ComplaintSource = z.enum(COMPLAINT_SOURCES);
export type ComplaintSource = z.infer<typeof ComplaintSource>;

/** 技监 / 消协 / 工商. */
export const REGULATOR_KINDS = ['quality_supervision', 'consumer_association', 'market_regulation'] as const;
export const RegulatorKind = z.enum(REGULATOR_KINDS);
export type RegulatorKind = z.infer<typeof RegulatorKind>;

export const COMPLAINT_LEVELS = [1, 2, 3] as const;
export const ComplaintLevel = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type ComplaintLevel = z.infer<typeof ComplaintLevel>;

/** Why a complaint is a crisis (the configurable triggers). */
export const CRISIS_TRIGGERS = ['regulator', 'compensation_demanded', 'media_exposure', 'urged_over_limit'] as const;
export const CrisisTrigger = z.enum(CRISIS_TRIGGERS);
export type CrisisTrigger = z.infer<typeof CrisisTrigger>;

export const RESPONSIBLE_KINDS = ['outlet', 'technician', 'department', 'maker'] as const;
export const ResponsibleKind = z.enum(RESPONSIBLE_KINDS);
export type ResponsibleKind = z.infer<typeof ResponsibleKind>;

export const COMPENSATION_KINDS = ['cash', 'voucher', 'free_service', 'parts', 'exchange', 'other'] as const;
export const CompensationKind = z.enum(COMPENSATION_KINDS);
export type CompensationKind = z.infer<typeof CompensationKind>;

export const COMPENSATION_STATES = ['proposed', 'approved', 'rejected'] as const;
export const CompensationState = z.enum(COMPENSATION_STATES);

export const REPLY_CHANNELS = ['phone', 'sms', 'visit', 'letter', 'email', 'wechat', 'other'] as const;
export const ReplyChannel = z.enum(REPLY_CHANNELS);
export type ReplyChannel = z.infer<typeof ReplyChannel>;

/** Where contacts about a complaint come from (a call, a visit…). */
export const CONTACT_CHANNELS = ['phone', 'sms', 'visit', 'letter', 'email', 'wechat', 'portal', 'other'] as const;
export const ContactChannel = z.enum(CONTACT_CHANNELS);

/** The calendar deadlines are counted on: working hours of the business calendar, or around the clock. */
export const DEADLINE_CALENDARS = ['business', '24x7'] as const;
export const DeadlineCalendar = z.enum(DEADLINE_CALENDARS);
export type DeadlineCalendar = z.infer<typeof DeadlineCalendar>;

/** Where a routing row sends a complaint: a department, or the unit holding the order. */
export const ROUTE_TARGETS = ['department', 'holder'] as const;
export const RouteTarget = z.enum(ROUTE_TARGETS);
export type RouteTarget = z.infer<typeof RouteTarget>;

/** A department is a complaint department (市场部, 研发部, 财务部, the maker) or an org unit. */
export const DEPARTMENT_KINDS = ['internal', 'maker', 'unit'] as const;
export const DepartmentKind = z.enum(DEPARTMENT_KINDS);

export const TIMELINE_KINDS = [
  'opened',
  'crisis',
  'routed',
  'note',
  'contact',
  'escalated',
  'responsibility',
  'compensation_proposed',
  'compensation_decided',
  'replied',
  'accepted',
  'not_accepted',
  'closed',
  'urged',
  /** The customer's record was merged into another (or the merge undone): the complaint moved with it. */
  'customer_merged',
] as const;
export const TimelineKind = z.enum(TIMELINE_KINDS);

// ---- Inputs -----------------------------------------------------------------------------------

export const ComplaintCreate = z
  .object({
    source: ComplaintSource,
    customerId: z.uuid(),
    orderIds: z.array(z.uuid()).max(20).default([]),
    unitId: z.uuid().optional(),
    type: ComplaintType,
    severity: ComplaintSeverity.optional(),
    summary: z.string().trim().min(2).max(2000),
    compensationDemanded: z.boolean().optional(),
    mediaExposure: z.boolean().optional(),
    regulatorKind: RegulatorKind.optional(),
    /** The intake contact (classified 投诉) the complaint comes from. */
    contactId: z.uuid().optional(),
  })
  .strict();
export type ComplaintCreate = z.infer<typeof ComplaintCreate>;

export const ComplaintQuery = z.object({
  state: ComplaintState.optional(),
  level: z.coerce.number().int().min(1).max(3).optional(),
  departmentId: z.uuid().optional(),
  severity: ComplaintSeverity.optional(),
  type: ComplaintType.optional(),
  customerId: z.uuid().optional(),
  /** Only complaints not closed. */
  open: z.enum(['true', 'false']).optional(),
  q: z.string().trim().min(1).max(60).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ComplaintQuery = z.infer<typeof ComplaintQuery>;

export const NoteCreate = z.object({ text: LongText }).strict();
export type NoteCreate = z.infer<typeof NoteCreate>;
export const ContactCreate = z.object({ channel: ContactChannel, text: LongText }).strict();
export type ContactCreate = z.infer<typeof ContactCreate>;
/** `departmentId`: a complaint department's id or an org unit's id. */
export const RouteBody = z.object({ departmentId: z.uuid(), reason: Reason }).strict();
export type RouteBody = z.infer<typeof RouteBody>;
export const ResponsibilityBody = z
  .object({
    kind: ResponsibleKind,
    /** The outlet (org unit), technician (user) or department; none for the maker. */
    id: z.uuid().optional(),
    /** The maker's name (an external party), or a name for a department without an id. */
    name: z.string().trim().min(1).max(200).optional(),
    correctiveAction: z.string().trim().min(2).max(2000),
    /** A discipline penalty against the outlet or technician, in fen (a fact for settlement). */
    penaltyFen: Fen.optional(),
    reason: Reason.optional(),
  })
  .strict();
export type ResponsibilityBody = z.infer<typeof ResponsibilityBody>;
export const CompensationBody = z.object({ amountFen: Fen, kind: CompensationKind, reason: Reason }).strict();
export type CompensationBody = z.infer<typeof CompensationBody>;
export const CompensationDecision = z.object({ approve: z.boolean(), reason: Reason.optional() }).strict();
export type CompensationDecision = z.infer<typeof CompensationDecision>;
export const ReplyBody = z.object({ channel: ReplyChannel, content: z.string().trim().min(2).max(4000) }).strict();
export type ReplyBody = z.infer<typeof ReplyBody>;
export const AcceptanceBody = z.object({ accepted: z.boolean(), reason: Reason.optional() }).strict();
export type AcceptanceBody = z.infer<typeof AcceptanceBody>;
export const CloseBody = z.object({ reason: Reason }).strict();
export type CloseBody = z.infer<typeof CloseBody>;

// ---- Answers ----------------------------------------------------------------------------------

export const ComplaintDepartment = z.object({ id: z.uuid(), name: z.string(), kind: DepartmentKind });
export type ComplaintDepartment = z.infer<typeof ComplaintDepartment>;

export const ComplaintItem = z.object({
  id: z.uuid(),
  code: z.string(),
  type: ComplaintType,
  severity: ComplaintSeverity,
  state: ComplaintState,
  level: ComplaintLevel,
  source: ComplaintSource,
  regulatorKind: RegulatorKind.nullable(),
  summary: z.string(),
  customer: z.object({ id: z.uuid(), name: z.string(), phone: z.string().nullable() }),
  orders: z.array(z.object({ id: z.uuid(), code: z.string() })),
  department: ComplaintDepartment.nullable(),
  handler: Ref.nullable(),
  /** When the current level's answer is due; null once answered or closed. */
  deadlineAt: When.nullable(),
  openedAt: When,
  urgeCount: z.number().int(),
  crisisReasons: z.array(CrisisTrigger),
  version: z.number().int(),
});
export type ComplaintItem = z.infer<typeof ComplaintItem>;
export const ComplaintPage = Page(ComplaintItem);

export const TimelineEntry = z.object({
  kind: TimelineKind,
  actor: z.string(),
  at: When,
  text: LocalText,
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const ComplaintContact = z.object({
  id: z.uuid(),
  channel: z.string(),
  text: z.string(),
  at: When,
  actor: z.string(),
});

export const Escalation = z.object({
  fromLevel: ComplaintLevel,
  toLevel: ComplaintLevel,
  at: When,
  /** Why: the deadline passed, or a crisis went to leadership at once. */
  why: z.enum(['deadline', 'crisis']),
  notified: z.array(z.string()),
});

export const Routing = z.object({
  department: ComplaintDepartment.nullable(),
  /** The rule applied, or the reason given when routed by hand. */
  why: LocalText,
  at: When.nullable(),
});

export const Reply = z.object({
  id: z.uuid(),
  channel: ReplyChannel,
  content: z.string(),
  at: When,
  by: z.string(),
  accepted: z.boolean().nullable(),
  reason: z.string().nullable(),
});

export const Handling = z.object({
  notes: z.array(z.object({ text: z.string(), at: When, actor: z.string() })),
  responsible: z.object({ kind: ResponsibleKind, id: z.uuid().nullable().optional(), name: z.string() }).nullable(),
  correctiveAction: z.string().nullable(),
  discipline: z.object({ penaltyFen: z.number().int(), reason: z.string() }).nullable(),
  compensation: z
    .object({
      amountFen: z.number().int(),
      kind: CompensationKind,
      reason: z.string(),
      state: CompensationState,
      /** The level whose people approve it (complaints.manage at that level). */
      approvalLevel: ComplaintLevel,
      decidedBy: z.string().nullable(),
      decisionReason: z.string().nullable(),
    })
    .nullable(),
  replies: z.array(Reply),
});

export const ComplaintDetail = ComplaintItem.extend({
  unit: z.object({ id: z.uuid(), serialNo: z.string().nullable() }).nullable(),
  compensationDemanded: z.boolean(),
  mediaExposure: z.boolean(),
  calendar: DeadlineCalendar,
  closedAt: When.nullable(),
  closeReason: z.string().nullable(),
  contacts: z.array(ComplaintContact),
  timeline: z.array(TimelineEntry),
  routing: Routing,
  escalations: z.array(Escalation),
  handling: Handling,
  /** What the reader may do now (by state and permission). */
  actions: z.array(
    z.enum(['note', 'contact', 'route', 'responsibility', 'compensation', 'decide', 'reply', 'acceptance', 'close']),
  ),
});
export type ComplaintDetail = z.infer<typeof ComplaintDetail>;

/** Everything the printable 投诉处理报告 needs. */
export const ComplaintReport = z.object({
  complaint: ComplaintDetail,
  company: z.string(),
  printedAt: When,
  printedBy: z.string(),
});
export type ComplaintReport = z.infer<typeof ComplaintReport>;

// ---- The routing table and its configuration --------------------------------------------------

export const RouteRow = z.object({
  type: ComplaintType,
  target: RouteTarget,
  /** The department for target 'department'. */
  departmentId: z.uuid().nullable(),
});
export type RouteRow = z.infer<typeof RouteRow>;

export const DeadlineRule = z.object({
  /** Minutes to answer at each level. */
  minutes: z
    .number()
    .int()
    .min(5)
    .max(60 * 24 * 30),
  /** The level a complaint of this severity starts at. */
  startLevel: ComplaintLevel,
});
export const ComplaintConfig = z.object({
  deadlines: z.object({ general: DeadlineRule, difficult: DeadlineRule, crisis: DeadlineRule }),
  calendar: DeadlineCalendar,
  /** Which triggers make a complaint a crisis. */
  crisisTriggers: z.array(CrisisTrigger),
  /** A complaint urged more than this many times is a crisis (trigger urged_over_limit). */
  urgeCrisisLimit: z.number().int().min(1).max(50),
  /** Compensation up to `upToFen` is approved at `level`; above the highest, at level 3. */
  compensationApproval: z.array(z.object({ upToFen: Fen, level: ComplaintLevel })).max(3),
});
export type ComplaintConfig = z.infer<typeof ComplaintConfig>;

export const RoutingTable = z.object({
  routes: z.array(RouteRow),
  config: ComplaintConfig,
  departments: z.array(ComplaintDepartment),
  version: z.number().int(),
  updatedAt: When.nullable(),
  updatedBy: z.string().nullable(),
});
export type RoutingTable = z.infer<typeof RoutingTable>;

export const RoutingTableUpdate = z
  .object({ routes: z.array(RouteRow).min(1).max(20), config: ComplaintConfig, version: z.number().int() })
  .strict();
export type RoutingTableUpdate = z.infer<typeof RoutingTableUpdate>;

export const DepartmentList = List(ComplaintDepartment);

// ---- Monthly reports --------------------------------------------------------------------------

export const MonthQuery = z.object({ month: Month });
export type MonthQuery = z.infer<typeof MonthQuery>;

const CountRow = z.object({ key: z.string(), name: z.string(), count: z.number().int() });

export const MonthlyReport = z.object({
  month: Month,
  total: z.number().int(),
  byType: z.array(CountRow),
  bySeverity: z.array(CountRow),
  byProvince: z.array(CountRow),
  byOutlet: z.array(CountRow),
  byResponsible: z.array(CountRow),
});
export type MonthlyReport = z.infer<typeof MonthlyReport>;

export const UrgeReport = z.object({
  month: Month,
  outlets: z.array(
    z.object({
      outletId: z.uuid().nullable(),
      name: z.string(),
      urges: z.number().int(),
      orders1: z.number().int(),
      orders2: z.number().int(),
      orders3plus: z.number().int(),
    }),
  ),
  totals: z.object({
    urges: z.number().int(),
    orders1: z.number().int(),
    orders2: z.number().int(),
    orders3plus: z.number().int(),
  }),
});
export type UrgeReport = z.infer<typeof UrgeReport>;
