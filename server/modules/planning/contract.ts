import { z } from 'zod';
import { Page } from '../../platform/lists/contract.js';

/*
 * Day planning for outlets (docs/planning.md): the planning board of one outlet and day, the plans
 * the route optimiser makes of it (draft → published, a newer plan supersedes), moves and locks by
 * hand, publishing through the work orders' dispatch and booking, the technician's ordered route,
 * the technicians' shifts, and the order pool (工单池) where certified technicians claim visits.
 *
 * Times of day are whole minutes since the plan day's midnight in the company time zone (540 =
 * 09:00); days are YYYY-MM-DD. Texts meant for people are {zh-CN, en}.
 */

const When = z.iso.datetime({ offset: true });
export const LocalText = z.object({ 'zh-CN': z.string(), en: z.string() });
export const Day = z.iso.date();
/** Minutes since the plan day's midnight (company time zone); a shift may run past midnight. */
export const Minute = z
  .number()
  .int()
  .min(0)
  .max(2 * 24 * 60);
/** "HH:MM", 24-hour. */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const Version = z.number().int().min(1);
export const Point = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
export type Point = z.infer<typeof Point>;

export const IdParams = z.object({ id: z.uuid() });
export const OrderIdParams = z.object({ orderId: z.uuid() });
export const UserIdParams = z.object({ userId: z.uuid() });

// ---- Vocabulary -------------------------------------------------------------------------------

export const PLAN_STATES = ['draft', 'published', 'superseded'] as const;
export const PlanState = z.enum(PLAN_STATES);
export type PlanState = z.infer<typeof PlanState>;

/** Why a visit could not be placed (diagnosed after solving, first that applies). */
export const UNPLACED_REASONS = [
  'no_location', // the address has no coordinates
  'no_certified_technician', // nobody holds a certification for the line valid on the day
  'part_missing', // no van holds the parts and none can fetch them from the outlet
  'window_unreachable', // no technician can reach it inside its window within the shift
  'no_room', // each could alone, but the day is full (capacity, time)
] as const;
export const UnplacedReason = z.enum(UNPLACED_REASONS);
export type UnplacedReason = z.infer<typeof UnplacedReason>;

/** Where a technician's day starts and ends. */
export const START_PLACES = ['outlet', 'home'] as const;
export const StartPlace = z.enum(START_PLACES);

// ---- Technicians' shifts -----------------------------------------------------------------------

/** A technician's working day for planning; defaults come from settings `planning.shift`. */
export const Shift = z.object({
  userId: z.uuid(),
  start: ClockTime,
  end: ClockTime,
  /** Lunch: `breakMinutes` starting between breakFrom and breakTo; 0 minutes = no break. */
  breakFrom: ClockTime,
  breakTo: ClockTime,
  breakMinutes: z.number().int().min(0).max(180),
  startAt: StartPlace,
  /** Home location, required when startAt is 'home'. */
  home: Point.nullable(),
  /** At most this many visits a day (null: no limit). */
  maxJobs: z.number().int().min(1).max(50).nullable(),
  /** Not working on these days (leave). */
  daysOff: z.array(Day).max(366),
  /** False: the settings' default, not stored yet. */
  stored: z.boolean(),
  version: z.number().int().min(0),
});
export type Shift = z.infer<typeof Shift>;
export const ShiftBody = Shift.omit({ userId: true, stored: true, version: true }).extend({
  /** The version read (0 when not stored yet). */
  version: z.number().int().min(0),
});
export type ShiftBody = z.infer<typeof ShiftBody>;

// ---- The board ---------------------------------------------------------------------------------

export const BoardQuery = z.object({ outletId: z.uuid(), day: Day });
export type BoardQuery = z.infer<typeof BoardQuery>;

export const BoardTechnician = z.object({
  id: z.uuid(),
  name: z.string(),
  working: z.boolean(),
  shift: z.object({ start: Minute, end: Minute }),
  break: z.object({ earliestStart: Minute, latestStart: Minute, minutes: z.number().int() }).nullable(),
  start: Point.nullable(),
  end: Point.nullable(),
  startAt: StartPlace,
  maxJobs: z.number().int().nullable(),
  /** Certified product lines, valid through the day. */
  certifications: z.array(z.object({ productLineId: z.uuid(), name: z.string(), validUntil: Day })),
  /** The van's good stock. */
  stock: z.array(z.object({ partId: z.uuid(), code: z.string(), name: z.string(), qty: z.number().int() })),
});
export type BoardTechnician = z.infer<typeof BoardTechnician>;

export const BoardVisit = z.object({
  orderId: z.uuid(),
  code: z.string(),
  state: z.string(),
  serviceType: z.string(),
  priority: z.number().int(),
  customerName: z.string(),
  address: z.string(),
  location: Point.nullable(),
  productLine: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** The booked window (minutes) or, unbooked, the day's working hours. */
  window: z.object({ start: Minute, end: Minute }),
  booked: z.boolean(),
  /** Booked and confirmed with the customer: the window is a promise. */
  confirmed: z.boolean(),
  /** The SLA's on-site due time on the day, as a soft end (null: none on the day). */
  dueAt: Minute.nullable(),
  duration: z.number().int(),
  parts: z.array(z.object({ partId: z.uuid(), code: z.string(), qty: z.number().int() })),
  technicianId: z.uuid().nullable(),
  /** Started or done (en route, on site, in repair, completed today): kept as it is by re-planning. */
  fixed: z.boolean(),
  /** Published to the order pool and not yet claimed. */
  pooled: z.boolean(),
});
export type BoardVisit = z.infer<typeof BoardVisit>;

export const PlanStop = z.object({
  orderId: z.uuid(),
  arrival: Minute,
  start: Minute,
  end: Minute,
  travelMinutes: z.number().int(),
  locked: z.boolean(),
  fixed: z.boolean(),
  /** Minutes after the visit's soft end (SLA due), 0 when on time. */
  lateMinutes: z.number().int(),
});
export type PlanStop = z.infer<typeof PlanStop>;

export const PlanRoute = z.object({
  technicianId: z.uuid(),
  departure: Minute,
  returnAt: Minute,
  travelMinutes: z.number().int(),
  break: z.object({ start: Minute, end: Minute }).nullable(),
  stops: z.array(PlanStop),
});
export type PlanRoute = z.infer<typeof PlanRoute>;

export const Unplaced = z.object({ orderId: z.uuid(), reason: UnplacedReason, detail: LocalText });
export type Unplaced = z.infer<typeof Unplaced>;

export const Plan = z.object({
  id: z.uuid(),
  outletId: z.uuid(),
  day: Day,
  state: PlanState,
  version: z.number().int(),
  routes: z.array(PlanRoute),
  unplaced: z.array(Unplaced),
  cost: z.object({
    unplaced: z.number().int(),
    lateMinutes: z.number().int(),
    travelMinutes: z.number().int(),
    technicians: z.number().int(),
  }),
  solvedInMs: z.number().int(),
  iterations: z.number().int(),
  createdAt: When,
  createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  publishedAt: When.nullable(),
  /** Visits whose order changed since the plan was made (new, cancelled, re-booked): re-plan. */
  stale: z.boolean(),
});
export type Plan = z.infer<typeof Plan>;

export const Board = z.object({
  outlet: z.object({ id: z.uuid(), name: z.string(), location: Point.nullable() }),
  day: Day,
  technicians: z.array(BoardTechnician),
  visits: z.array(BoardVisit),
  /** The newest plan of the day (draft or published), null before the first. */
  plan: Plan.nullable(),
  /** Whether the outlet's region may use the order pool (setting planning.poolRegions). */
  poolEnabled: z.boolean(),
  /** Map tiles (setting planning.mapTiles); empty: a plain plot. */
  tiles: z.object({ url: z.string(), attribution: z.string() }).nullable(),
});
export type Board = z.infer<typeof Board>;

// ---- Plan commands -----------------------------------------------------------------------------

export const PlanCreate = z.object({
  outletId: z.uuid(),
  day: Day,
  /** How long the optimiser may search (default: setting planning.timeLimitMs). */
  timeLimitMs: z.number().int().min(200).max(60_000).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
});
export type PlanCreate = z.infer<typeof PlanCreate>;

/** Re-plan: a new draft keeping locked and fixed visits where they are. */
export const ReplanBody = z.object({
  version: Version,
  timeLimitMs: z.number().int().min(200).max(60_000).optional(),
});
export type ReplanBody = z.infer<typeof ReplanBody>;

/** Move a visit by hand: to a technician at a position of the route, or out of the plan (null). */
export const MoveBody = z.object({
  version: Version,
  orderId: z.uuid(),
  technicianId: z.uuid().nullable(),
  /** 0-based position in the technician's route; past the end = last. */
  position: z.number().int().min(0).max(200),
  /** Lock it there (re-planning keeps it). Default true: a hand move is a decision. */
  lock: z.boolean().optional(),
  /** Only check: answer whether it fits and what it would cost, change nothing. */
  dryRun: z.boolean().optional(),
});
export type MoveBody = z.infer<typeof MoveBody>;

export const MoveResult = z.object({
  feasible: z.boolean(),
  /** Why it does not fit (null when it does). */
  violation: LocalText.nullable(),
  /** The plan after the move (unchanged on a dry run or when it does not fit). */
  plan: Plan,
});
export type MoveResult = z.infer<typeof MoveResult>;

export const LockBody = z.object({ version: Version, orderId: z.uuid(), locked: z.boolean() });
export type LockBody = z.infer<typeof LockBody>;

export const PublishBody = z.object({ version: Version });
export type PublishBody = z.infer<typeof PublishBody>;

export const PublishResult = z.object({
  plan: Plan,
  /** Orders given to a (new) technician. */
  assigned: z.number().int(),
  /** Appointments booked or moved. */
  booked: z.number().int(),
  /** Already as planned. */
  unchanged: z.number().int(),
});
export type PublishResult = z.infer<typeof PublishResult>;

// ---- The technician's route ---------------------------------------------------------------------

export const MyRouteQuery = z.object({ day: Day.optional() });
export const MyRouteStop = z.object({
  orderId: z.uuid(),
  code: z.string(),
  state: z.string(),
  start: Minute,
  end: Minute,
  customerName: z.string(),
  address: z.string(),
  location: Point.nullable(),
  serviceType: z.string(),
  travelMinutes: z.number().int(),
});
export const MyRoute = z.object({
  day: Day,
  /** The published plan the route comes from (null: nothing published for the day). */
  planId: z.uuid().nullable(),
  publishedAt: When.nullable(),
  departure: Minute.nullable(),
  break: z.object({ start: Minute, end: Minute }).nullable(),
  stops: z.array(MyRouteStop),
});
export type MyRoute = z.infer<typeof MyRoute>;

// ---- The order pool (工单池) -------------------------------------------------------------------

export const POOL_STATES = ['open', 'claimed', 'withdrawn'] as const;
export const PoolState = z.enum(POOL_STATES);

export const PoolPublish = z.object({ outletId: z.uuid(), orderIds: z.array(z.uuid()).min(1).max(200) });
export type PoolPublish = z.infer<typeof PoolPublish>;

export const PoolQuery = z.object({
  outletId: z.uuid().optional(),
  state: PoolState.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type PoolQuery = z.infer<typeof PoolQuery>;

export const PoolOffer = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  code: z.string(),
  outletId: z.uuid(),
  state: PoolState,
  serviceType: z.string(),
  productLine: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** District-level place only until claimed (the full address shows on the order once it is yours). */
  area: z.string(),
  window: z.object({ from: When, to: When }).nullable(),
  publishedAt: When,
  claimedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  claimedAt: When.nullable(),
  /** For a technician: whether they may claim it (certified for the line, of the outlet). */
  claimable: z.boolean(),
  version: z.number().int(),
});
export type PoolOffer = z.infer<typeof PoolOffer>;
export const PoolPage = Page(PoolOffer);

export const PoolPublishResult = z.object({ published: z.number().int(), offers: z.array(PoolOffer) });
export const PoolClaimResult = z.object({ offer: PoolOffer });
