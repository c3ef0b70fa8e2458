import type {
  BookBody,
  CompleteBody,
  DispatchBody,
  OrderAction,
  OrderCreate,
  OrderState,
  ReceiveBody,
  ServiceType,
  Suggestion,
  WaitReason,
} from '../../../server/modules/work-orders/contract.js';
import {
  ASSIGN_STATES,
  BACKDATE_GRACE_MINUTES,
  OPEN_STATES,
  UNIT_DISPATCH_STATES,
} from '../../../server/modules/work-orders/contract.js';
import type { QueryOf } from '../../api/client.js';
import { milestoneMinutesLeft } from '../sla/format.js';

/*
 * Pure rules of the work-order pages (no React, no network), so they are unit-tested: the queues
 * of the dispatch board, which buttons an order offers, the SLA countdown and form → body mapping.
 */

export const ORDERS_URL = '/api/orders';

// Queues of the dispatch board

export const QUEUES = {
  to_center: ['created'],
  to_outlet: ['dispatched_center'],
  to_accept: ['dispatched_outlet'],
  to_book: ['accepted', 'assigned'],
  in_progress: ['booked', 'en_route', 'on_site', 'received', 'in_repair'],
  waiting: ['waiting'],
  to_confirm: ['completed'],
  done: ['confirmed', 'closed'],
  cancelled: ['cancelled'],
} as const satisfies Record<string, readonly OrderState[]>;
export type Queue = keyof typeof QUEUES;
export const QUEUE_KEYS = Object.keys(QUEUES) as Queue[];

export function isQueue(v: string | null | undefined): v is Queue {
  return !!v && Object.hasOwn(QUEUES, v);
}

export type BoardUnitKind = 'hq' | 'center' | 'outlet';

/**
 * The board's queues as a unit of this kind works them. HQ sees the whole chain. A center's
 * first queue is what it passes to outlets: orders dispatched to it and those it created itself
 * (created orders stay with their creator's unit until dispatched). An outlet starts at accepting.
 */
export function boardQueues(kind: BoardUnitKind): Partial<Record<Queue, readonly OrderState[]>> {
  if (kind === 'hq') return QUEUES;
  const { to_center: _c, to_outlet: _o, ...rest } = QUEUES;
  if (kind === 'outlet') return rest;
  return { to_outlet: UNIT_DISPATCH_STATES, ...rest };
}

/** The query of `GET /api/orders` from the board's filters (the queue becomes its states, `state=a&state=b`). */
export function listQuery(
  f: Partial<Record<'queue' | 'serviceType' | 'priority' | 'technicianId' | 'q', string>>,
  page: number,
  pageSize: number,
  queues: Partial<Record<Queue, readonly OrderState[]>> = QUEUES,
): QueryOf<'GET /api/orders'> {
  return {
    state: isQueue(f.queue) ? [...(queues[f.queue] ?? [])] : undefined,
    serviceType: (f.serviceType || undefined) as ServiceType | undefined,
    priority: f.priority || undefined,
    technicianId: f.technicianId || undefined,
    q: f.q || undefined,
    page,
    pageSize,
  };
}

// Which dispatch an order's state means (to a unit below, or a technician) is the server's rule.
export { ASSIGN_STATES, UNIT_DISPATCH_STATES };

export const STATE_COLOR: Record<OrderState, string> = {
  created: 'magenta',
  dispatched_center: 'purple',
  dispatched_outlet: 'geekblue',
  accepted: 'blue',
  assigned: 'cyan',
  booked: 'cyan',
  en_route: 'processing',
  on_site: 'processing',
  received: 'processing',
  in_repair: 'processing',
  waiting: 'warning',
  completed: 'success',
  confirmed: 'green',
  closed: 'default',
  cancelled: 'default',
};
export const PRIORITY_COLOR: Record<number, string> = { 1: 'red', 2: 'orange', 3: 'default' };

// Buttons of the order page

/** What a button does: the lifecycle actions, dispatch split in two, and urging / approval. */
export type UiAction = Exclude<OrderAction, 'dispatch'> | 'dispatch_unit' | 'assign' | 'urge' | 'approve';

/** Display order of the action bar; the first offered one is the primary button. */
const BAR_ORDER: readonly UiAction[] = [
  'dispatch_unit',
  'accept',
  'assign',
  'book',
  'depart',
  'arrive',
  'receive',
  'start',
  'complete',
  'resume',
  'wait',
  'report_unfixable',
  'correct_address',
  'confirm',
  'close',
  'reject',
  'reopen',
  'urge',
  'approve',
  'cancel',
];

/** Actions whose button is red (they end or push back the order). */
export const DANGER_ACTIONS: ReadonlySet<UiAction> = new Set(['reject', 'cancel']);

/**
 * The buttons an order offers, in display order: the server's `allowedActions` (state, permission
 * and assignment already checked) plus urging and approvals, which depend on permission only.
 */
export function barActions(
  order: { state: OrderState; allowedActions: readonly OrderAction[] },
  permissions: readonly string[],
): UiAction[] {
  const offered = new Set<UiAction>();
  for (const a of order.allowedActions) {
    if (a !== 'dispatch') offered.add(a);
    else if (UNIT_DISPATCH_STATES.includes(order.state)) offered.add('dispatch_unit');
    else if (ASSIGN_STATES.includes(order.state)) offered.add('assign');
  }
  const open = OPEN_STATES.includes(order.state);
  if (open && permissions.includes('contacts.create')) offered.add('urge');
  if (open && permissions.includes('orders.approve')) offered.add('approve');
  return BAR_ORDER.filter((a) => offered.has(a));
}

/** The technician's next step on the phone, if any: the big button of the job page. */
export function nextTechStep(allowed: readonly OrderAction[]): 'depart' | 'arrive' | 'start' | 'complete' | null {
  for (const a of ['depart', 'arrive', 'start', 'complete'] as const) if (allowed.includes(a)) return a;
  return null;
}

// SLA countdown

export type SlaColour = 'green' | 'orange' | 'red';
/** The SLA module's milestone, as far as the pages read it (the contract leaves its shape open). */
export interface MilestoneLike {
  key: string;
  state: string;
  startedAt: string | null;
  dueAt: string | null;
  metAt: string | null;
  pausedMinutes: number | null;
  limitMinutes: number | null;
  remainingMinutes: number | null;
  /** What the minutes count: working hours of a working calendar, or every minute (24x7). */
  timeKind: 'working' | 'calendar' | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Reads milestones from whatever the API sent (absent, empty or partial entries are skipped). */
export function readMilestones(raw: unknown): MilestoneLike[] {
  if (!Array.isArray(raw)) return [];
  const out: MilestoneLike[] = [];
  for (const m of raw) {
    if (!m || typeof m !== 'object') continue;
    const r = m as Record<string, unknown>;
    const key = str(r.key) ?? str(r.name) ?? str(r.kind);
    if (!key) continue;
    out.push({
      key,
      state: str(r.state) ?? str(r.status) ?? 'running',
      startedAt: str(r.startedAt),
      dueAt: str(r.dueAt),
      metAt: str(r.metAt),
      pausedMinutes: num(r.pausedMinutes),
      limitMinutes: num(r.limitMinutes),
      remainingMinutes: num(r.remainingMinutes),
      timeKind: r.timeKind === 'working' || r.timeKind === 'calendar' ? r.timeKind : null,
    });
  }
  return out;
}

const DONE_MILESTONE = new Set(['met', 'cancelled']);

export interface SlaView {
  key: string;
  colour: SlaColour;
  /** Minutes left (negative: late by), in `timeKind`: see milestoneMinutesLeft. */
  minutesLeft: number;
  timeKind: 'working' | 'calendar' | null;
  paused: boolean;
  dueAt: string | null;
}

/**
 * The countdown of the milestone due first among those still running: green, orange once 75% of
 * the time is used, red when breached. Null when there is nothing to count down.
 */
export function slaCountdown(milestones: readonly MilestoneLike[], now: number): SlaView | null {
  const live = milestones.filter((m) => !DONE_MILESTONE.has(m.state) && (m.dueAt || m.remainingMinutes !== null));
  if (live.length === 0) return null;
  const due = (m: MilestoneLike) => (m.dueAt ? Date.parse(m.dueAt) : now + (m.remainingMinutes ?? 0) * 60_000);
  const m = [...live].sort((a, b) => due(a) - due(b))[0]!;
  const paused = m.state === 'paused';
  const minutesLeft = milestoneMinutesLeft(m, now);
  let used: number | null = null;
  if (m.limitMinutes && m.remainingMinutes !== null) used = (m.limitMinutes - minutesLeft) / m.limitMinutes;
  else if (m.startedAt && m.dueAt) {
    const span = Date.parse(m.dueAt) - Date.parse(m.startedAt);
    used = span > 0 ? (now - Date.parse(m.startedAt)) / span : 1;
  }
  const colour: SlaColour =
    m.state === 'breached' || minutesLeft < 0 ? 'red' : used !== null && used >= 0.75 ? 'orange' : 'green';
  return { key: m.key, colour, minutesLeft, timeKind: m.timeKind, paused, dueAt: m.dueAt };
}

// Form → body

const trimOrUndefined = (s: string | null | undefined) => s?.trim() || undefined;

export interface CreateForm {
  serviceRequestId?: string;
  customerId?: string;
  unitId?: string;
  addressId?: string;
  serviceType: ServiceType;
  priority?: number;
  faultDescription?: string;
  /** ISO time the customer reported the fault (empty: now, or the request's time). */
  reportedAt?: string;
  backdateReason?: string;
  /** The intake contact the order comes from (the desk's one-step order). */
  contactId?: string;
}

/** A new order from the form: from a request, only what the dispatcher changed; else the lot. */
export function createBody(v: CreateForm): OrderCreate {
  const body: OrderCreate = { serviceType: v.serviceType, priority: v.priority ?? 2 };
  if (v.serviceRequestId) body.serviceRequestId = v.serviceRequestId;
  if (v.customerId) body.customerId = v.customerId;
  if (v.unitId) body.unitId = v.unitId;
  if (v.addressId) body.addressId = v.addressId;
  const fault = trimOrUndefined(v.faultDescription);
  if (fault) body.faultDescription = fault;
  if (v.reportedAt) body.reportedAt = v.reportedAt;
  const reason = trimOrUndefined(v.backdateReason);
  if (v.reportedAt && reason) body.backdateReason = reason;
  if (v.contactId) body.contactId = v.contactId;
  return body;
}

/**
 * Whether a chosen report time is backdating, so the form asks why: earlier than when the report
 * is recorded (now, or the service request's creation) by more than the clocks' tolerance, as the
 * server judges it (BACKDATE_GRACE_MINUTES).
 */
export function isBackdated(reportedAt: Date | null | undefined, recordedAt: Date): boolean {
  return !!reportedAt && recordedAt.getTime() - reportedAt.getTime() > BACKDATE_GRACE_MINUTES * 60_000;
}

/** The request's kind → the order's service type the form starts with. */
export function serviceTypeOfRequest(kind: string): ServiceType {
  return kind === 'installation' ? 'installation' : kind === 'maintenance' ? 'maintenance' : 'on_site';
}

/**
 * A dispatch to a unit or a technician; the override reason goes along only when the choice
 * differs from the suggestion (the server asks for it then, and keeps it in the timeline).
 */
export function dispatchBody(
  v: { targetId: string; reason?: string; partTime?: boolean },
  to: 'unit' | 'technician',
  suggestedId: string | null,
  version: number,
): DispatchBody {
  const body: DispatchBody = to === 'unit' ? { toUnitId: v.targetId, version } : { technicianId: v.targetId, version };
  const reason = trimOrUndefined(v.reason);
  if (reason && suggestedId !== v.targetId) body.overrideReason = reason;
  if (to === 'technician' && v.partTime) body.partTime = true;
  return body;
}

/** The unit the suggestion names for the order's next unit dispatch (to a center or an outlet), if any. */
export function suggestedUnit(s: Suggestion | undefined): { id: string; name: string } | null {
  const u = s?.step === 'center' ? s.center : s?.step === 'outlet' ? s.outlet : null;
  return u ? { id: u.unitId, name: u.name } : null;
}

export function overridesSuggestion(targetId: string | undefined, suggestedId: string | null): boolean {
  return !!targetId && !!suggestedId && targetId !== suggestedId;
}

/** Anything with `toISOString()` (dayjs, Date). */
interface Instant {
  toISOString(): string;
}

export function bookBody(
  v: { window: [Instant, Instant]; confirmed: boolean; note?: string },
  version: number,
): BookBody {
  const note = trimOrUndefined(v.note);
  return {
    version,
    from: v.window[0].toISOString(),
    to: v.window[1].toISOString(),
    confirmedWithCustomer: true,
    ...(note ? { note } : {}),
  };
}

/** Accessories typed one per line or separated by commas (，、,). */
export function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\n,，、;；]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function receiveBody(
  v: { label?: string; condition: string; accessories?: string },
  version: number,
): ReceiveBody {
  const label = trimOrUndefined(v.label);
  return { version, condition: v.condition.trim(), accessories: splitList(v.accessories), ...(label ? { label } : {}) };
}

export function waitBody(v: { reason: WaitReason; note: string }, version: number) {
  return { version, reason: v.reason, note: v.note.trim() };
}

export interface PartRow {
  partId: string;
  qty?: number | null;
  oldSerial?: string | null;
  newSerial?: string | null;
}

export interface CompleteForm {
  diagnosis: string;
  faultCode?: string;
  cause: string;
  solution: string;
  parts?: PartRow[];
  labourMinutes?: number | null;
  rating?: number | null;
  workaround?: boolean;
}

export function completeBody(
  v: CompleteForm,
  extra: { version: number; signature: string; photoIds?: string[] },
): CompleteBody {
  const faultCode = trimOrUndefined(v.faultCode);
  return {
    version: extra.version,
    diagnosis: v.diagnosis.trim(),
    ...(faultCode ? { faultCode } : {}),
    cause: v.cause.trim(),
    solution: v.solution.trim(),
    parts: (v.parts ?? []).map((p) => ({
      partId: p.partId,
      qty: p.qty && p.qty > 0 ? Math.round(p.qty) : 1,
      oldSerial: trimOrUndefined(p.oldSerial) ?? null,
      newSerial: trimOrUndefined(p.newSerial) ?? null,
    })),
    labourMinutes: Math.max(0, Math.round(v.labourMinutes ?? 0)),
    photoIds: extra.photoIds ?? [],
    signature: extra.signature,
    ...(v.rating ? { rating: v.rating } : {}),
    ...(v.workaround ? { workaround: true } : {}),
  };
}

// Links

/** The AMap (高德) search link for an address: opens the map app on phones, the web map elsewhere. */
export function mapLink(address: string): string {
  return `https://uri.amap.com/search?keyword=${encodeURIComponent(address)}`;
}

/** A `tel:` link with only the characters a dialler understands. */
export function telLink(phone: string): string {
  return `tel:${phone.replace(/[^\d+*#]/g, '')}`;
}

/** The technician's jobs in time order: booked ones by start, then the unbooked by report time. */
export function byJobTime<T extends { bookedFrom: string | null; reportedAt: string }>(jobs: readonly T[]): T[] {
  const at = (j: T) => Date.parse(j.bookedFrom ?? j.reportedAt);
  return [...jobs].sort((a, b) => at(a) - at(b));
}

/** Today (or overdue) vs later: a job is today's when it is booked to start before tomorrow or not booked. */
export function isTodayJob(job: { bookedFrom: string | null }, now: Date): boolean {
  if (!job.bookedFrom) return true;
  const tomorrow = new Date(now);
  tomorrow.setHours(24, 0, 0, 0);
  return Date.parse(job.bookedFrom) < tomorrow.getTime();
}
