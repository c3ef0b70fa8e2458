import { z } from 'zod';

/*
 * Requests and responses of the time-limit module (calendars, policies, milestones). The
 * constants mirror tables.ts so the browser can import this file without the database layer.
 */

export const CalendarKind = z.enum(['24x7', 'working']);
export const ServiceType = z.enum([
  'on_site',
  'carry_in',
  'remote',
  'installation',
  'maintenance',
  'inspection',
  'training',
  'recall',
]);
export const CustomerKind = z.enum(['individual', 'business']);
export const Zone = z.enum(['near', 'far']);
export const EscalationLevel = z.enum(['handler', 'center_supervisor', 'hq_manager']);
export const ResponsibleLevel = z.enum(['hq', 'center', 'outlet', 'technician']);
export const MilestoneState = z.enum(['pending', 'running', 'paused', 'met', 'breached', 'cancelled']);
/** The milestones the order signals drive (applySlaSignal, rules.ts). */
export const MilestoneKey = z.enum([
  'hq_dispatch',
  'center_dispatch',
  'appointment_contact',
  'on_site',
  'resolved',
  'resolved_cap',
]);
export type MilestoneKey = z.infer<typeof MilestoneKey>;

const When = z.iso.datetime({ offset: true });
const Clock = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'HH:MM');
const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const IdParams = z.object({ id: z.uuid() });
export const CodeParams = z.object({ code: z.string().min(1).max(60) });
export const YearParams = z.object({ id: z.uuid(), year: z.coerce.number().int().min(2000).max(2100) });
export const OrderParams = z.object({ orderId: z.uuid() });

// Calendars

export const HoursInterval = z.object({ from: Clock, to: Clock });
/** Seven lists, Monday first. */
export const WeekHours = z.array(z.array(HoursInterval).max(6)).length(7);

export const Calendar = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  timeZone: z.string().nullable(),
  /** The zone in force (the company's when timeZone is null). */
  effectiveTimeZone: z.string(),
  kind: CalendarKind,
  hours: WeekHours,
  active: z.boolean(),
  version: z.number(),
  overrideCount: z.number(),
});
export type Calendar = z.infer<typeof Calendar>;

export const CalendarCreate = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a-z, 0-9, - and _'),
  name: z.string().trim().min(1).max(60),
  timeZone: z.string().max(60).nullable().optional(),
  kind: CalendarKind,
  hours: WeekHours.optional(),
});
export type CalendarCreate = z.infer<typeof CalendarCreate>;

export const CalendarUpdate = z.object({
  name: z.string().trim().min(1).max(60).optional(),
  timeZone: z.string().max(60).nullable().optional(),
  kind: CalendarKind.optional(),
  hours: WeekHours.optional(),
  active: z.boolean().optional(),
  version: z.number().int(),
});
export type CalendarUpdate = z.infer<typeof CalendarUpdate>;

export const DayOverride = z.object({
  id: z.string(),
  date: z.string(),
  kind: z.enum(['work', 'off']),
  note: z.string().nullable(),
});
export type DayOverride = z.infer<typeof DayOverride>;

export const OverridesQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const OverridesBody = z.object({
  items: z
    .array(
      z.object({ date: IsoDay, kind: z.enum(['work', 'off']), note: z.string().trim().max(100).nullable().optional() }),
    )
    .min(1)
    .max(400),
});
export type OverridesBody = z.infer<typeof OverridesBody>;
export const OverridesRemoveBody = z.object({ dates: z.array(IsoDay).min(1).max(400) });
export type OverridesRemoveBody = z.infer<typeof OverridesRemoveBody>;

export const CalendarYear = z.object({
  calendarId: z.string(),
  calendarCode: z.string(),
  calendarName: z.string(),
  year: z.number(),
  /** chinese-days carries the statutory days of this year. */
  packageData: z.boolean(),
  overrides: z.number(),
  confirmedAt: z.string().nullable(),
  /** Plain weekdays only: holidays and 调休 are unknown until entered and confirmed. */
  provisional: z.boolean(),
});
export type CalendarYear = z.infer<typeof CalendarYear>;
export const ConfirmYearBody = z.object({ note: z.string().trim().max(200).nullable().optional() });

export const MonthQuery = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/, 'YYYY-MM') });
export const CalendarDay = z.object({
  date: z.string(),
  work: z.boolean(),
  source: z.enum(['override', 'statutory', 'weekday']),
  provisional: z.boolean(),
  name: z.string().nullable(),
  note: z.string().nullable(),
});
export type CalendarDay = z.infer<typeof CalendarDay>;

export const PreviewBody = z.object({
  start: When,
  limitMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 366),
  calendarId: z.uuid(),
});
export const PreviewResult = z.object({ due: z.string().nullable(), provisional: z.boolean() });

// Policies

export const MilestoneSpec = z.object({
  key: MilestoneKey,
  limitMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 366),
  calendar: z.string().min(1).max(40),
  warnAtPercent: z.number().int().min(1).max(99).default(75),
  pausedByParts: z.boolean().default(false),
  escalation: z.array(EscalationLevel).max(3).default(['handler']),
  responsibleLevel: ResponsibleLevel,
  useBookedWindow: z.boolean().optional(),
});
export type MilestoneSpec = z.infer<typeof MilestoneSpec>;

const PolicyFields = {
  name: z.string().trim().min(1).max(80),
  effectiveFrom: When.optional(),
  active: z.boolean().default(true),
  serviceType: ServiceType.nullable().default(null),
  productLineId: z.uuid().nullable().default(null),
  customerKind: CustomerKind.nullable().default(null),
  zone: Zone.nullable().default(null),
  faultLevel: z.number().int().min(1).max(3).nullable().default(null),
  provinceGroup: z
    .array(z.string().regex(/^\d{2}$/))
    .min(1)
    .max(40)
    .nullable()
    .default(null),
  milestones: z.array(MilestoneSpec).min(1).max(20),
  note: z.string().trim().max(500).nullable().optional(),
};

export const PolicyCreate = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a-z, 0-9, - and _'),
  ...PolicyFields,
});
export type PolicyCreate = z.infer<typeof PolicyCreate>;

/** A new version; `basedOn` is the version the editor read (409 when another was added since). */
export const PolicyVersionCreate = z.object({ ...PolicyFields, basedOn: z.number().int().min(1) });
export type PolicyVersionCreate = z.infer<typeof PolicyVersionCreate>;

export const Policy = z.object({
  id: z.string(),
  code: z.string(),
  version: z.number(),
  name: z.string(),
  effectiveFrom: z.string(),
  active: z.boolean(),
  serviceType: ServiceType.nullable(),
  productLineId: z.string().nullable(),
  customerKind: CustomerKind.nullable(),
  zone: Zone.nullable(),
  faultLevel: z.number().nullable(),
  provinceGroup: z.array(z.string()).nullable(),
  milestones: z.array(MilestoneSpec),
  note: z.string().nullable(),
  createdAt: z.string(),
  /** Number of matching fields set: the more, the more specific. */
  specificity: z.number(),
});
export type Policy = z.infer<typeof Policy>;

export const PolicySummary = Policy.extend({
  /** The version in force now; null when the policy's first version starts later. */
  inForce: z.boolean(),
  latestVersion: z.number(),
});
export type PolicySummary = z.infer<typeof PolicySummary>;
export const PolicyHistory = z.object({ code: z.string(), versions: z.array(Policy) });
export type PolicyHistory = z.infer<typeof PolicyHistory>;

// Milestones on orders

/**
 * A report entered later than it was made (an order's reportedAt before the time the system first
 * recorded it): who entered it, how many minutes earlier, and why. Milestones timed from the report
 * carry it, so a breach it caused is attributed to the backdating, not to the level responsible.
 */
export const Backdate = z.object({
  minutes: z.number().int(),
  reason: z.string(),
  byId: z.string().nullable(),
  byName: z.string(),
  /** When the report was first recorded (the order's creation, or its service request's). */
  recordedAt: z.string(),
});
export type Backdate = z.infer<typeof Backdate>;

export const TimeKind = z.enum(['working', 'calendar']);
export type TimeKind = z.infer<typeof TimeKind>;

export const Milestone = z.object({
  id: z.string(),
  key: z.string(),
  policyId: z.string(),
  policyVersion: z.number(),
  startedAt: z.string(),
  /** null while an open pause stops the clock. */
  dueAt: z.string().nullable(),
  metAt: z.string().nullable(),
  state: MilestoneState,
  warnedAt: z.string().nullable(),
  breachedAt: z.string().nullable(),
  /** Working minutes the pauses took off the clock (up to now). */
  pausedMinutes: z.number(),
  provisional: z.boolean(),
  limitMinutes: z.number(),
  /**
   * The kind of time the limit counts, from the milestone's calendar: `working` (a working
   * calendar: only its hours count) or `calendar` (24x7: every minute counts). The minutes below
   * and `limitMinutes` are of this kind, so a screen must say which.
   */
  timeKind: TimeKind,
  /** Minutes left (now, or when met) in `timeKind`; negative when late. */
  remainingMinutes: z.number(),
  /** Minutes late in `timeKind`: the one overdue figure (0 when on time). */
  lateMinutes: z.number(),
  responsibleLevel: ResponsibleLevel,
  excused: z.boolean(),
  excusedReason: z.string().nullable(),
  /** Timed from a backdated report: the backdating (else null). */
  backdate: Backdate.nullable(),
});
export type Milestone = z.infer<typeof Milestone>;
