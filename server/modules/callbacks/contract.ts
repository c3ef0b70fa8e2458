import { z } from 'zod';
import { Page } from '../../platform/lists/contract.js';

/*
 * Callbacks (回访, docs/callbacks.md): after a service the provincial center calls the customer
 * back to verify the result and the fee and to measure satisfaction. Plans (which orders, when),
 * a queue per center with due windows, the script, the answer and what follows from it (the
 * order confirmed, a repeat visit, a fee complaint, a notice to the outlet's manager), retries
 * of an unreachable customer, and rolling scores per outlet and technician. Money is integer
 * fen; times are ISO strings; texts meant for people are {zh-CN, en}.
 */

const When = z.iso.datetime({ offset: true });
export const LocalText = z.object({ 'zh-CN': z.string(), en: z.string() });
/** Fen: a whole number from 0 to ¥20,000,000. */
export const Fen = z.number().int().min(0).max(2_000_000_000);
export const Day = z.iso.date();

export const IdParams = z.object({ id: z.uuid() });

// ---- Vocabulary -------------------------------------------------------------------------------

export const CALLBACK_STATES = ['open', 'done', 'unreachable', 'cancelled'] as const;
export const CallbackState = z.enum(CALLBACK_STATES);
export type CallbackState = z.infer<typeof CallbackState>;

/**
 * first: 3 days to a week after completion; second: within 7 days of the first; installation:
 * within a week; check: one of a series of checks after acceptance (decoration: day 30, 100, 200, 300).
 */
export const CALLBACK_KINDS = ['first', 'second', 'installation', 'check'] as const;
export const CallbackKind = z.enum(CALLBACK_KINDS);
export type CallbackKind = z.infer<typeof CallbackKind>;

/** Why an attempt to reach the customer failed. */
export const ATTEMPT_RESULTS = ['no_answer', 'busy', 'wrong_number', 'refused_to_talk'] as const;
export const AttemptResult = z.enum(ATTEMPT_RESULTS);
export type AttemptResult = z.infer<typeof AttemptResult>;

/** Where a task stands against its window: not yet open, open, past its end. */
export const DUE_FILTERS = ['overdue', 'today', 'upcoming', 'all'] as const;
export const DueFilter = z.enum(DUE_FILTERS);
export type DueFilter = z.infer<typeof DueFilter>;

/** The fixed questions of the script, by key (their wording is the setting callbacks.script). */
export const SCRIPT_KEYS = ['fixed', 'feeAsRecorded', 'attitude', 'quality', 'timeliness', 'nps', 'comments'] as const;
export const ScriptKey = z.enum(SCRIPT_KEYS);
export type ScriptKey = z.infer<typeof ScriptKey>;

/** What an answer caused. */
export const OUTCOME_KINDS = [
  'order_confirmed',
  /** The order had already moved on (confirmed, closed, reopened, cancelled): recorded only. */
  'order_not_confirmable',
  'repeat_visit',
  'fee_complaint',
  'low_score_notice',
  /** A low score opened a complaint (callbacks.lowScoreComplaint), unless a fee complaint did. */
  'low_score_complaint',
  'second_callback',
] as const;
export const OutcomeKind = z.enum(OUTCOME_KINDS);
export type OutcomeKind = z.infer<typeof OutcomeKind>;

export const CALLBACK_ACTIONS = ['answer', 'attempt', 'cancel'] as const;
export const CallbackAction = z.enum(CALLBACK_ACTIONS);
export type CallbackAction = z.infer<typeof CallbackAction>;

export const TIMELINE_KINDS = ['created', 'survey_sent', 'attempt', 'unreachable', 'answered', 'cancelled'] as const;
export const TimelineKind = z.enum(TIMELINE_KINDS);

export const SCORE_LEVELS = ['outlet', 'technician'] as const;
export const ScoreLevel = z.enum(SCORE_LEVELS);
export type ScoreLevel = z.infer<typeof ScoreLevel>;

// ---- Inputs -----------------------------------------------------------------------------------

export const CallbackQuery = z.object({
  state: CallbackState.optional(),
  kind: CallbackKind.optional(),
  due: DueFilter.default('all'),
  /** The center, outlet or any unit: tasks of orders served within it. */
  unitId: z.uuid().optional(),
  /** Task code, order code or customer name. */
  q: z.string().trim().min(1).max(60).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type CallbackQuery = z.infer<typeof CallbackQuery>;

const Score5 = z.number().int().min(1).max(5);

export const AnswerBody = z
  .object({
    version: z.number().int(),
    fixed: z.boolean(),
    feeAsRecorded: z.boolean(),
    /** What the customer says was paid, in fen; required when feeAsRecorded is false. */
    feeSaidFen: Fen.optional(),
    attitude: Score5,
    quality: Score5,
    timeliness: Score5,
    /** Net promoter question: 0..10, optional. */
    nps: z.number().int().min(0).max(10).optional(),
    comments: z.string().trim().max(2000).optional(),
  })
  .strict();
export type AnswerBody = z.infer<typeof AnswerBody>;

export const AttemptBody = z
  .object({
    version: z.number().int(),
    result: AttemptResult,
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export type AttemptBody = z.infer<typeof AttemptBody>;

export const CancelBody = z
  .object({
    version: z.number().int(),
    reason: z.string().trim().min(2).max(500),
  })
  .strict();
export type CancelBody = z.infer<typeof CancelBody>;

export const ScoreQuery = z.object({
  level: ScoreLevel.default('outlet'),
  /** Only the callbacks of orders served within this unit (an outlet, or a center's outlets). */
  unitId: z.uuid().optional(),
  /** First and last company-zone day of the period (answers given on those days count). */
  from: Day,
  to: Day,
});
export type ScoreQuery = z.infer<typeof ScoreQuery>;

// ---- Answers ----------------------------------------------------------------------------------

const RefOrNull = { id: z.uuid().nullable(), name: z.string().nullable() };

export const CallbackItem = z.object({
  id: z.uuid(),
  code: z.string(),
  kind: CallbackKind,
  state: CallbackState,
  orderId: z.uuid(),
  orderCode: z.string(),
  customerName: z.string(),
  /** Masked unless the reader serves the order (DOMAIN.md, Privacy): 138****5678. */
  phone: z.string().nullable(),
  outletId: RefOrNull.id,
  outletName: RefOrNull.name,
  technicianId: RefOrNull.id,
  technicianName: RefOrNull.name,
  centerId: z.uuid(),
  centerName: z.string(),
  /** The window: from the start of dueFrom's day to dueBy (end of the last day), company zone. */
  dueFrom: When,
  dueBy: When,
  /** Failed attempts so far. */
  attempts: z.number().int(),
  /** The earliest time the next attempt may be made; null when none is waiting. */
  nextAttemptAt: When.nullable(),
  createdAt: When,
  version: z.number().int(),
});
export type CallbackItem = z.infer<typeof CallbackItem>;
export const CallbackPage = Page(CallbackItem);

export const ScriptQuestion = z.object({ key: ScriptKey, text: LocalText });
export type ScriptQuestion = z.infer<typeof ScriptQuestion>;

export const AttemptView = z.object({
  n: z.number().int(),
  result: AttemptResult,
  note: z.string().nullable(),
  at: When,
  by: z.string(),
});
export type AttemptView = z.infer<typeof AttemptView>;

export const AnswerView = z.object({
  fixed: z.boolean(),
  feeAsRecorded: z.boolean(),
  feeSaidFen: z.number().int().nullable(),
  attitude: z.number().int(),
  quality: z.number().int(),
  timeliness: z.number().int(),
  nps: z.number().int().nullable(),
  comments: z.string().nullable(),
  at: When,
  by: z.string(),
  /** `survey`: the customer answered on the page the SMS linked to. */
  channel: z.enum(['phone', 'survey']),
});
export type AnswerView = z.infer<typeof AnswerView>;

export const OutcomeView = z.object({
  kind: OutcomeKind,
  /** What it concerns: the order, the repeat visit, the complaint or the next task. */
  refId: z.uuid().nullable(),
  refCode: z.string().nullable(),
  text: LocalText,
});
export type OutcomeView = z.infer<typeof OutcomeView>;

export const TimelineEntry = z.object({
  kind: TimelineKind,
  actor: z.string(),
  at: When,
  text: LocalText,
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const OrderFacts = z.object({
  serviceType: z.string(),
  state: z.string(),
  productLine: z.string().nullable(),
  model: z.string().nullable(),
  serialNo: z.string().nullable(),
  faultDescription: z.string().nullable(),
  diagnosis: z.string().nullable(),
  cause: z.string().nullable(),
  solution: z.string().nullable(),
  parts: z.array(z.object({ partId: z.string(), name: z.string(), qty: z.number().int() })),
  completedAt: When.nullable(),
  /**
   * The fee recorded for the order in fen: what was collected, else what is due on the agreed
   * quote; 0 for work nobody charged for. Null when the money records could not be read.
   */
  feeFen: z.number().int().nullable(),
});
export type OrderFacts = z.infer<typeof OrderFacts>;

export const CallbackDetail = CallbackItem.extend({
  /** False when the reader may call: the phone is shown whole (the center's people who work callbacks). */
  contactMasked: z.boolean(),
  order: OrderFacts,
  script: z.array(ScriptQuestion),
  attemptsHistory: z.array(AttemptView),
  maxAttempts: z.number().int(),
  answer: AnswerView.nullable(),
  outcomes: z.array(OutcomeView),
  cancelReason: z.string().nullable(),
  closedAt: When.nullable(),
  timeline: z.array(TimelineEntry),
  /** What the reader may do now (by state and permission). */
  actions: z.array(CallbackAction),
});
export type CallbackDetail = z.infer<typeof CallbackDetail>;

export const ScoreRow = z.object({
  /** The outlet (org unit) or the technician (user). */
  id: z.uuid(),
  name: z.string(),
  /** Answered callbacks behind the figures (0: a row for the complaints held against them only). */
  callbacks: z.number().int(),
  /** Averages over 1..5, two decimals; null without callbacks. */
  attitude: z.number().nullable(),
  quality: z.number().nullable(),
  timeliness: z.number().nullable(),
  /** Net promoter score −100..100 over the answers that gave one; null when none did. */
  nps: z.number().nullable(),
  /** Share of answers with every score ≥ 4 and the fault fixed, in percent (two decimals); null without callbacks. */
  satisfaction: z.number().nullable(),
  /**
   * Complaints opened in the period whose responsibility was found with them (a technician's count
   * against the technician's outlet too), in the reader's scope.
   */
  complaints: z.number().int(),
  /** Of those, the ones with a discipline penalty (a discipline outcome). */
  penalties: z.number().int(),
  /**
   * The score: satisfaction less `callbacks.complaintDeduction` points per such complaint and
   * `callbacks.penaltyDeduction` more per penalty, never below 0 (two decimals); null without callbacks.
   */
  score: z.number().nullable(),
});
export type ScoreRow = z.infer<typeof ScoreRow>;

export const ScoreList = z.object({
  level: ScoreLevel,
  from: Day,
  to: Day,
  /** The points a score loses per complaint held against them, and more per discipline penalty. */
  deductions: z.object({ complaint: z.number(), penalty: z.number() }),
  items: z.array(ScoreRow),
  total: z.number().int(),
});
export type ScoreList = z.infer<typeof ScoreList>;

// ---- The plans (setting callbacks.plans) ------------------------------------------------------

export const CallbackPlan = z.object({
  /** The service type it covers; null for any. */
  serviceType: z.string().nullable(),
  /** The product line (code) it covers; null for any. */
  productLineCode: z.string().nullable(),
  kind: z.enum(['first', 'installation', 'checks']).default('first'),
  /** Share of the orders called back, 0..100 (sampled reproducibly by order). */
  sharePercent: z.number().min(0).max(100),
  /** The window after the completion day, in days: [from, to] (the start day not counted). */
  firstAfterDays: z.tuple([z.number().int().min(0).max(60), z.number().int().min(0).max(90)]),
  /** A second callback within this many days of the first answer; null for none. */
  secondWithinDays: z.number().int().min(1).max(60).nullable(),
  /** `checks` plans: the days after acceptance (the completion) of each check. */
  checkDays: z.array(z.number().int().min(1).max(1000)).nullable().optional(),
});
export type CallbackPlan = z.infer<typeof CallbackPlan>;

// ---- The customer's survey (a one-time link sent by SMS) --------------------------------------

export const SurveyParams = z.object({ token: z.string().max(100) });

/** The customer's own answers: the script's, without a version (the link stands for the task). */
export const SurveyBody = AnswerBody.omit({ version: true }).strict();
export type SurveyBody = z.infer<typeof SurveyBody>;

/**
 * The survey page: what the customer needs to answer and nothing personal (no name, phone or
 * address — the link may be forwarded). `open`: may be answered; `answered`: by the customer or
 * already on the phone; `expired`: the window ended, or the task was closed.
 */
export const SurveyView = z.object({
  state: z.enum(['open', 'answered', 'expired']),
  company: z.string(),
  hotline: z.string(),
  orderCode: z.string(),
  serviceType: z.string(),
  model: z.string().nullable(),
  completedAt: When,
  /** The fee recorded for the order, in fen (null: not known). */
  feeFen: z.number().int().nullable(),
  expiresAt: When,
  questions: z.array(ScriptQuestion),
});
export type SurveyView = z.infer<typeof SurveyView>;

export const SurveyResult = z.object({ state: z.literal('answered') });
