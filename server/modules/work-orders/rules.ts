import type { Text } from '../../../shared/i18n.js';
import type { Permission } from '../../../shared/permissions.js';
import { compactDay } from '../../../shared/time-zone.js';
import type {
  AddressBody,
  ApprovalKind,
  BookBody,
  CompleteBody,
  DispatchBody,
  OrderAction,
  OrderState,
  ReasonBody,
  ReceiveBody,
  ReopenBody,
  ServiceType,
  UnfixableBody,
  VersionBody,
  ArriveBody,
  WaitBody,
} from './contract.js';
import { ASSIGN_STATES, BACKDATE_GRACE_MINUTES, OPEN_STATES, UNIT_DISPATCH_STATES } from './contract.js';
import type { SlaSignal } from '../sla/index.js';
import type { workOrders } from './tables.js';

type OrderRow = typeof workOrders.$inferSelect;

/*
 * The work-order lifecycle as an explicit state machine (DOMAIN.md, Work order lifecycle). No
 * database, clock or I/O: the command loads the facts (order, actor, target unit, technician,
 * approvals), asks `checkTransition` and the action's `validate`, then writes what `apply`
 * returns. docs/work-orders.md has the same table in words.
 */

/** The SLA clock's signals, as the sla module names them (one per transition that moves a clock). */
export type SlaSignalName = SlaSignal;

/** The parts of an order the rules look at. */
export interface OrderFacts {
  state: OrderState;
  serviceType: ServiceType;
  technicianId: string | null;
  orgPath: string;
  holderUnitId: string;
  waitReason: 'parts' | 'customer' | 'approval' | null;
  reopenedAsId: string | null;
  /** Ended by a return/exchange case (refunded, exchanged): nothing is left to repair again. */
  resolution: 'refunded' | 'exchanged' | null;
  bookedFrom: Date | null;
  bookedTo: Date | null;
}

/** Who is acting, as the rules need it. */
export interface ActorFacts {
  userId: string | null;
  permissions: ReadonlySet<string>;
  /** The actor belongs to the unit holding the order (or is the system). */
  atHolder: boolean;
}

export interface Problem {
  code:
    | 'order.transition_forbidden'
    | 'order.not_holder'
    | 'order.not_assigned'
    | 'order.certification_missing'
    | 'order.dispatch_target_invalid'
    | 'order.technician_not_of_outlet'
    | 'order.approval_required'
    | 'order.service_type_mismatch'
    | 'order.booking_window_invalid'
    | 'order.already_reopened'
    | 'auth.forbidden';
  params?: Record<string, unknown>;
  field?: string;
}

export const ACTION_NAMES: Record<OrderAction, Text> = {
  dispatch: { 'zh-CN': '派工', en: 'dispatch' },
  accept: { 'zh-CN': '接单', en: 'accept' },
  reject: { 'zh-CN': '拒单', en: 'reject' },
  book: { 'zh-CN': '预约', en: 'book an appointment' },
  depart: { 'zh-CN': '出发', en: 'set off' },
  arrive: { 'zh-CN': '到达', en: 'arrive' },
  receive: { 'zh-CN': '收机', en: 'receive the unit' },
  start: { 'zh-CN': '开始维修', en: 'start the repair' },
  wait: { 'zh-CN': '挂起等待', en: 'wait' },
  resume: { 'zh-CN': '恢复维修', en: 'resume' },
  complete: { 'zh-CN': '完工', en: 'complete' },
  confirm: { 'zh-CN': '确认完工', en: 'confirm' },
  close: { 'zh-CN': '关单', en: 'close' },
  cancel: { 'zh-CN': '取消', en: 'cancel' },
  reopen: { 'zh-CN': '重开（返修）', en: 'reopen' },
  report_unfixable: { 'zh-CN': '登记无法现场修复', en: 'report as not fixable on site' },
  correct_address: { 'zh-CN': '更正地址', en: 'correct the address' },
};

export const STATE_NAMES: Record<OrderState, Text> = {
  created: { 'zh-CN': '已创建', en: 'created' },
  dispatched_center: { 'zh-CN': '已派至服务中心', en: 'at the center' },
  dispatched_outlet: { 'zh-CN': '已派至网点', en: 'at the outlet' },
  accepted: { 'zh-CN': '网点已接单', en: 'accepted' },
  assigned: { 'zh-CN': '已派工程师', en: 'technician assigned' },
  booked: { 'zh-CN': '已预约', en: 'appointment booked' },
  en_route: { 'zh-CN': '工程师在途', en: 'en route' },
  on_site: { 'zh-CN': '已到达现场', en: 'on site' },
  received: { 'zh-CN': '已收机', en: 'unit received' },
  in_repair: { 'zh-CN': '维修中', en: 'in repair' },
  waiting: { 'zh-CN': '等待中', en: 'waiting' },
  completed: { 'zh-CN': '已完工', en: 'completed' },
  confirmed: { 'zh-CN': '已确认', en: 'confirmed' },
  closed: { 'zh-CN': '已关闭', en: 'closed' },
  cancelled: { 'zh-CN': '已取消', en: 'cancelled' },
};

// States an order is still being worked on in: in the contract, as the order pages read them too.
export { OPEN_STATES };

/** Service types a technician travels for (depart → arrive). */
const TRAVELLING: readonly ServiceType[] = [
  'on_site',
  'installation',
  'maintenance',
  'inspection',
  'training',
  'recall',
];

export interface TransitionDef {
  from: readonly OrderState[];
  /** Any one of these permissions allows the action. */
  permissions: readonly Permission[];
  /** Without orders.dispatch, only the technician assigned to the order may act. */
  assignedOnly?: boolean;
  /** Only the unit holding the order may act (accept, reject). */
  atHolder?: boolean;
  /** Service types the action applies to (default: all). */
  serviceTypes?: readonly ServiceType[];
  /** What the action needs, for people (docs and the error text). */
  requires: Text;
}

export const TRANSITIONS: Record<OrderAction, TransitionDef> = {
  dispatch: {
    from: ['created', 'dispatched_center', 'accepted', 'assigned', 'booked'],
    permissions: ['orders.dispatch'],
    requires: {
      'zh-CN': '下级单位或本网点有有效资质的工程师；与建议不同时须填写原因',
      en: 'a unit below or a certified technician of the outlet; a reason when not the suggestion',
    },
  },
  accept: {
    from: ['dispatched_outlet'],
    permissions: ['orders.dispatch'],
    atHolder: true,
    requires: { 'zh-CN': '持单网点', en: 'the holding outlet' },
  },
  reject: {
    from: ['dispatched_center', 'dispatched_outlet'],
    permissions: ['orders.dispatch'],
    atHolder: true,
    requires: {
      'zh-CN': '持单单位，填写原因；退回上一级',
      en: 'the holding unit and a reason; returns to the level above',
    },
  },
  book: {
    from: ['assigned', 'booked'],
    permissions: ['orders.execute', 'orders.dispatch'],
    assignedOnly: true,
    requires: { 'zh-CN': '与客户确认的预约时间段', en: 'a time window confirmed with the customer' },
  },
  depart: {
    from: ['booked'],
    permissions: ['orders.execute'],
    assignedOnly: true,
    serviceTypes: TRAVELLING,
    requires: { 'zh-CN': '被指派的工程师', en: 'the assigned technician' },
  },
  arrive: {
    from: ['en_route'],
    permissions: ['orders.execute'],
    assignedOnly: true,
    serviceTypes: TRAVELLING,
    requires: { 'zh-CN': '被指派的工程师', en: 'the assigned technician' },
  },
  receive: {
    from: ['accepted', 'assigned', 'booked'],
    permissions: ['orders.execute'],
    assignedOnly: true,
    serviceTypes: ['carry_in'],
    requires: { 'zh-CN': '唯一标签、外观状况与附件', en: 'a unique label, the condition and the accessories' },
  },
  start: {
    from: ['on_site', 'received', 'assigned', 'booked'],
    permissions: ['orders.execute'],
    assignedOnly: true,
    requires: { 'zh-CN': '到达现场、已收机，或远程服务', en: 'on site, unit received, or a remote service' },
  },
  wait: {
    from: ['in_repair'],
    permissions: ['orders.execute'],
    assignedOnly: true,
    requires: {
      'zh-CN': '等待原因（配件、客户、审批）与说明',
      en: 'what it waits for (parts, customer, approval) and a note',
    },
  },
  resume: {
    from: ['waiting'],
    permissions: ['orders.execute'],
    assignedOnly: true,
    requires: { 'zh-CN': '被指派的工程师', en: 'the assigned technician' },
  },
  complete: {
    from: ['on_site', 'in_repair'],
    permissions: ['orders.execute'],
    assignedOnly: true,
    requires: {
      'zh-CN': '诊断、原因、处理、配件、工时与客户签字；应急替代方案须经理审批',
      en: 'diagnosis, cause, solution, parts, labour and the customer’s signature; a workaround needs a manager’s approval',
    },
  },
  confirm: {
    from: ['completed'],
    permissions: ['orders.dispatch'],
    requires: { 'zh-CN': '已完工', en: 'a completed order' },
  },
  close: {
    from: ['confirmed'],
    permissions: ['orders.dispatch'],
    requires: { 'zh-CN': '已确认', en: 'a confirmed order' },
  },
  cancel: {
    from: OPEN_STATES,
    permissions: ['orders.create', 'orders.dispatch'],
    requires: { 'zh-CN': '取消原因', en: 'a reason' },
  },
  reopen: {
    from: ['completed', 'confirmed', 'closed'],
    permissions: ['orders.create', 'orders.dispatch'],
    requires: { 'zh-CN': '原因；生成关联的返修服务单', en: 'a reason; creates a linked repeat-visit order' },
  },
  report_unfixable: {
    from: ['on_site', 'received', 'in_repair', 'waiting'],
    permissions: ['orders.execute'],
    assignedOnly: true,
    requires: { 'zh-CN': '故障报告', en: 'a fault report' },
  },
  // Where the service happens decides the zone and so the limits (seed 004): those who dispatch
  // the order or serve it on site may correct it while it is open; a technician only their own.
  correct_address: {
    from: OPEN_STATES,
    permissions: ['orders.dispatch', 'orders.execute'],
    assignedOnly: true,
    requires: {
      'zh-CN': '客户的另一个地址与更正原因；按新地址重新判定分区',
      en: 'another address of the customer and a reason; the zone is judged again for it',
    },
  },
};

function has(actor: ActorFacts, p: string): boolean {
  return actor.permissions.has(p) || actor.permissions.has('*');
}

/**
 * Whether `actor` may take `action` on the order as it stands: state, permission, holder and
 * assignment. Input-specific checks are the action's `validate`.
 */
export function checkTransition(action: OrderAction, order: OrderFacts, actor: ActorFacts): Problem | null {
  const def = TRANSITIONS[action];
  if (!def.permissions.some((p) => has(actor, p)))
    return { code: 'auth.forbidden', params: { permission: def.permissions.join(' | ') } };
  if (!def.from.includes(order.state))
    return { code: 'order.transition_forbidden', params: { state: order.state, action } };
  if (def.serviceTypes && !def.serviceTypes.includes(order.serviceType)) {
    return { code: 'order.service_type_mismatch', params: { serviceType: order.serviceType, action } };
  }
  if (
    action === 'start' &&
    (order.state === 'assigned' || order.state === 'booked') &&
    order.serviceType !== 'remote'
  ) {
    return { code: 'order.transition_forbidden', params: { state: order.state, action } };
  }
  if (action === 'reopen' && order.reopenedAsId) return { code: 'order.already_reopened' };
  // The unit was refunded or exchanged: a repeat visit would repair a unit the customer no longer has.
  if (action === 'reopen' && order.resolution)
    return { code: 'order.transition_forbidden', params: { state: order.state, action } };
  if (def.atHolder && !actor.atHolder) return { code: 'order.not_holder', params: { action } };
  if (def.assignedOnly && !has(actor, 'orders.dispatch') && (!actor.userId || actor.userId !== order.technicianId)) {
    return { code: 'order.not_assigned' };
  }
  return null;
}

/** The actions an actor may take now (for the order page's buttons). */
export function allowedActions(order: OrderFacts, actor: ActorFacts): OrderAction[] {
  return (Object.keys(TRANSITIONS) as OrderAction[]).filter((a) => !checkTransition(a, order, actor));
}

// Per-action input checks and effects

export interface UnitFacts {
  id: string;
  kind: 'hq' | 'center' | 'outlet';
  path: string;
  active: boolean;
}

export interface TechnicianFacts {
  id: string;
  orgUnitId: string;
  active: boolean;
  isTechnician: boolean;
  /** A certification for the order's product line valid on the day of assignment. */
  certified: boolean;
}

export interface DispatchEnv {
  target?: UnitFacts | null;
  technician?: TechnicianFacts | null;
  approvals: ReadonlySet<ApprovalKind>;
  /** The order's product line is known (certification is checked against it). */
  productLineKnown: boolean;
  /** The id the routing suggestion names for this step, when there is one. */
  suggestedId: string | null;
}

export interface Effect {
  to: OrderState;
  signal: SlaSignalName | null;
}

export function validateDispatch(order: OrderFacts, input: DispatchBody, env: DispatchEnv): Problem | null {
  if (input.toUnitId) {
    if (!UNIT_DISPATCH_STATES.includes(order.state)) {
      return { code: 'order.transition_forbidden', params: { state: order.state, action: 'dispatch' } };
    }
    const t = env.target;
    if (!t?.active)
      return { code: 'order.dispatch_target_invalid', field: 'toUnitId', params: { reason: 'inactive or unknown' } };
    if (t.kind === 'hq' || !t.path.startsWith(order.orgPath) || t.path === order.orgPath) {
      return {
        code: 'order.dispatch_target_invalid',
        field: 'toUnitId',
        params: { reason: 'not below the holding unit' },
      };
    }
    if (order.state === 'dispatched_center' && t.kind !== 'outlet') {
      return {
        code: 'order.dispatch_target_invalid',
        field: 'toUnitId',
        params: { reason: 'a center passes orders to outlets' },
      };
    }
  } else {
    if (!ASSIGN_STATES.includes(order.state)) {
      return { code: 'order.transition_forbidden', params: { state: order.state, action: 'dispatch' } };
    }
    const tech = env.technician;
    if (!tech?.active || tech.orgUnitId !== order.holderUnitId)
      return { code: 'order.technician_not_of_outlet', field: 'technicianId' };
    if (input.partTime) {
      if (!env.approvals.has('part_time_staff'))
        return { code: 'order.approval_required', params: { kind: 'part_time_staff' }, field: 'partTime' };
    } else {
      if (!tech.isTechnician) return { code: 'order.technician_not_of_outlet', field: 'technicianId' };
      if (env.productLineKnown && !tech.certified)
        return { code: 'order.certification_missing', field: 'technicianId' };
    }
  }
  return null;
}

/** Whether a dispatch follows the suggestion; differing needs `overrideReason`. */
export function needsOverrideReason(input: DispatchBody, suggestedId: string | null): boolean {
  const chosen = input.toUnitId ?? input.technicianId ?? null;
  return !!suggestedId && chosen !== suggestedId && !input.overrideReason;
}

export function applyDispatch(input: DispatchBody, env: DispatchEnv): Effect {
  if (input.technicianId) return { to: 'assigned', signal: null };
  return env.target!.kind === 'center'
    ? { to: 'dispatched_center', signal: 'dispatched_center' }
    : { to: 'dispatched_outlet', signal: 'dispatched_outlet' };
}

export function applyAccept(): Effect {
  return { to: 'accepted', signal: 'accepted' };
}

/** A rejected order returns to the unit above the holder: HQ (created) or a center. */
export function applyReject(parent: UnitFacts): Effect {
  return { to: parent.kind === 'hq' ? 'created' : 'dispatched_center', signal: 'rejected' };
}

export function validateBook(input: Pick<BookBody, 'from' | 'to'>): Problem | null {
  if (new Date(input.to).getTime() <= new Date(input.from).getTime())
    return { code: 'order.booking_window_invalid', field: 'to' };
  return null;
}
export function applyBook(): Effect {
  return { to: 'booked', signal: 'appointment_booked' };
}
export function applyDepart(): Effect {
  return { to: 'en_route', signal: 'en_route' };
}
export function applyArrive(): Effect {
  return { to: 'on_site', signal: 'arrived' };
}
export function applyReceive(): Effect {
  return { to: 'received', signal: 'arrived' };
}
export function applyStart(): Effect {
  return { to: 'in_repair', signal: null };
}

export function applyWait(input: Pick<WaitBody, 'reason'>): Effect {
  const signal = input.reason === 'customer' ? 'pause_customer' : input.reason === 'parts' ? 'pause_parts' : null;
  return { to: 'waiting', signal };
}

/** Leaving a wait that paused the clock resumes it. */
export function applyResume(order: Pick<OrderFacts, 'waitReason'>): Effect {
  return { to: 'in_repair', signal: order.waitReason === 'customer' || order.waitReason === 'parts' ? 'resume' : null };
}

export function validateComplete(
  input: Pick<CompleteBody, 'workaround'>,
  approvals: ReadonlySet<ApprovalKind>,
): Problem | null {
  if (input.workaround && !approvals.has('parts_workaround'))
    return { code: 'order.approval_required', params: { kind: 'parts_workaround' }, field: 'workaround' };
  return null;
}
export function applyComplete(): Effect {
  return { to: 'completed', signal: 'completed' };
}
export function applyConfirm(): Effect {
  return { to: 'confirmed', signal: 'confirmed' };
}
export function applyClose(): Effect {
  return { to: 'closed', signal: 'closed' };
}
/**
 * A carried-out return/exchange case ends every open order of its unit (and the order it was opened
 * from): closed, with the resolution, from whatever open state it was in. The clocks stop as on a
 * close; it is the system's consequence of the case, so it has no permission or holder of its own.
 */
export function closeByCase(order: Pick<OrderFacts, 'state'>): Effect | null {
  return OPEN_STATES.includes(order.state) ? { to: 'closed', signal: 'closed' } : null;
}
export function applyCancel(): Effect {
  return { to: 'cancelled', signal: 'cancelled' };
}
/**
 * The original order keeps its state and its finished clocks; the repeat visit is a new order
 * whose own creation starts its time limits (a fresh "resolved" on a closed order could never end).
 */
export function applyReopen(order: Pick<OrderFacts, 'state'>): Effect {
  return { to: order.state, signal: null };
}
export function applyReportUnfixable(order: Pick<OrderFacts, 'state'>): Effect {
  return { to: order.state, signal: null };
}
/**
 * A corrected address keeps the state and moves no clock by itself; when it moves the order to
 * another zone, the transition re-plans the open milestones (transitions.ts, zoneChanged).
 */
export function applyCorrectAddress(order: Pick<OrderFacts, 'state'>): Effect {
  return { to: order.state, signal: null };
}

/** Bodies by action, for the command's dispatcher. */
export interface ActionInputs {
  dispatch: DispatchBody;
  accept: VersionBody;
  reject: ReasonBody;
  book: BookBody;
  depart: VersionBody;
  arrive: ArriveBody;
  receive: ReceiveBody;
  start: VersionBody;
  wait: WaitBody;
  resume: VersionBody;
  complete: CompleteBody;
  confirm: VersionBody;
  close: VersionBody;
  cancel: ReasonBody;
  reopen: ReopenBody;
  report_unfixable: UnfixableBody;
  correct_address: AddressBody;
}

// Numbers

/** yyyymmdd of `at` in the company's time zone. */
export function orderDay(at: Date, timeZone: string): string {
  return compactDay(at, timeZone);
}

/** Order numbers: prefix + company-zone date + '-' + daily sequence (FW20261122-000123); grows past the digits. */
export function orderCode(prefix: string, day: string, seq: number, digits: number): string {
  return `${prefix}${day}-${String(seq).padStart(digits, '0')}`;
}

/**
 * The order numbers a text may carry (a mail's subject), for a lookup of the codes that exist:
 * each run of capital letters, 8-digit day, '-' and 3–8 digits — every shape `orders.numberPrefix`
 * (1–6 letters) and `orders.numberDigits` (3–8) allow, so an order numbered under an earlier
 * prefix or width is found too. The letters before the day may run into a word
 * ("工单号FW…", "TicketFW…"), so each of their last 1–6 is a candidate. Full-width forms
 * (ＦＷ２０２６…，－) read as ASCII, lower case as upper. In the text's order, no repeats.
 */
export function orderCodesIn(text: string): string[] {
  const norm = text.normalize('NFKC').toUpperCase();
  const out = new Set<string>();
  for (const m of norm.matchAll(/([A-Z]+)(\d{8}-\d{3,8})(?!\d)/g)) {
    const letters = m[1]!;
    for (let n = 1; n <= Math.min(6, letters.length); n++) out.add(`${letters.slice(-n)}${m[2]}`);
  }
  return [...out];
}

/** The carry-in label when none is given: the order code and a custody suffix. */
export function custodyLabel(code: string): string {
  return `${code}-R`;
}

/** The display label of a priority (fault level), from the configured labels. */
export function priorityLabel(priority: number, labels: readonly string[]): string {
  return labels[priority - 1] ?? String(priority);
}

// Backdated reports

export interface BackdateRules {
  /** `orders.backdateWindowHours`: how far back a report may be dated without `orders.backdate`. */
  windowHours: number;
  /** The entering person holds `orders.backdate`. */
  mayExceedWindow: boolean;
}

export type BackdateProblem = {
  code: 'order.reported_in_future' | 'order.backdate_reason_required' | 'order.backdate_beyond_window';
  field: 'reportedAt' | 'backdateReason';
  params: Record<string, unknown>;
};

/**
 * Whether a report time is backdated and may be. `recordedAt` is when the system first recorded
 * the report: now for a direct creation, the service request's creation for a conversion (a
 * request logged days ago and converted today was reported then, not backdated). A report time
 * up to BACKDATE_GRACE_MINUTES either side of it is the same moment (clocks of the entering
 * device); earlier is backdating: a reason is required, and beyond the window the permission
 * (issue: reports backdated without limit make 15-day no-show exchanges and breaches at once).
 * Later than `recordedAt` is refused: in the future, or after the request that recorded it (a
 * later start would shorten every limit). Returns the minutes backdated (null: not backdated) or
 * the problem.
 */
export function judgeBackdate(
  reportedAt: Date,
  recordedAt: Date,
  reason: string | null | undefined,
  rules: BackdateRules,
): { minutes: number | null } | { problem: BackdateProblem } {
  const grace = BACKDATE_GRACE_MINUTES * 60_000;
  const early = recordedAt.getTime() - reportedAt.getTime();
  if (early < -grace) return { problem: { code: 'order.reported_in_future', field: 'reportedAt', params: {} } };
  if (early <= grace) return { minutes: null };
  const minutes = Math.floor(early / 60_000);
  if (!reason?.trim()) {
    return { problem: { code: 'order.backdate_reason_required', field: 'backdateReason', params: { minutes } } };
  }
  if (minutes > rules.windowHours * 60 && !rules.mayExceedWindow) {
    return {
      problem: {
        code: 'order.backdate_beyond_window',
        field: 'reportedAt',
        params: { minutes, windowHours: rules.windowHours, permission: 'orders.backdate' },
      },
    };
  }
  return { minutes };
}

// Urging (催单)

/**
 * Whether the `urgeCount`-th urge makes the order a complaint: seed 004 counts "urged more than
 * three times" (催单超过三次) as a complaint, so with `limit` 3 the 4th urge does, not the 3rd.
 * `limit` is the setting `orders.urgesBeforeComplaint` in force at the urge.
 */
export function urgeMakesComplaint(urgeCount: number, limit: number): boolean {
  return urgeCount > limit;
}

/** The reason of a complaint record in words, in both languages. */
export function complaintReasonText(r: { reason: 'urged'; urgeCount: number; urgeLimit: number | null }): Text {
  if (r.urgeLimit === null) return { 'zh-CN': `催单 ${r.urgeCount} 次`, en: `Urged ${r.urgeCount} times` };
  return {
    'zh-CN': `催单超过 ${r.urgeLimit} 次（已催 ${r.urgeCount} 次）`,
    en: `Urged more than ${r.urgeLimit} times (${r.urgeCount} so far)`,
  };
}

// Creation (DOMAIN.md, Work order lifecycle: an order is created from a service request or directly)

/** A service request being converted, as creation needs it. */
export interface RequestFacts {
  id: string;
  customerId: string;
  unitId: string | null;
  modelId: string | null;
  serialNo: string | null;
  addressId: string | null;
  symptoms: string;
  contactId: string | null;
  createdAt: Date;
  /** The request's photos (intake attachments), linked to the order unless the body names some. */
  photoIds: string[];
}

/** What an order is about, from the body and the request it converts (or the order it repeats). */
export interface CreationDraft {
  customerId: string;
  unitId: string | null;
  /** The model and serial when no unit is named (a request's, a repeated order's); a unit's win. */
  modelId: string | null;
  serialNo: string | null;
  addressId: string | null;
  faultDescription: string;
  photoIds: string[];
  contactId: string | null;
  serviceRequestId: string | null;
  serviceType: ServiceType;
  priority: number;
  reportedAt: Date;
  /** When the system first recorded the report: now, or the service request's creation. */
  recordedAt: Date;
  backdateReason: string | null;
  repeatOfId: string | null;
  /** The timeline note and event reason (a repeat visit's). */
  note: string | null;
}

/** Why a creation is refused, naming the field; the command turns it into the API error. */
export type CreationRefusal =
  | {
      kind: 'problem';
      code:
        | 'order.customer_required'
        | 'order.fault_required'
        | 'order.photo_unknown'
        | 'intake.unit_not_of_customer'
        | BackdateProblem['code'];
      field: string;
      params?: Record<string, unknown>;
    }
  | { kind: 'not_found'; entity: 'service_request' | 'customer' | 'unit' | 'address'; field: string }
  | { kind: 'key_reused' };

/** The body of a creation (OrderCreate) as the rules read it. */
export interface CreationBody {
  serviceRequestId?: string | undefined;
  customerId?: string | undefined;
  unitId?: string | undefined;
  addressId?: string | undefined;
  serviceType: ServiceType;
  priority: number;
  faultDescription?: string | undefined;
  photoIds?: string[] | undefined;
  contactId?: string | undefined;
  reportedAt?: string | undefined;
  backdateReason?: string | undefined;
}

/**
 * The draft of a creation: from the service request (`request`; null when it was asked for and
 * is missing or out of scope) overridden by what the body gives, or from the body alone.
 */
export function creationDraft(
  body: CreationBody,
  request: RequestFacts | null | undefined,
  now: Date,
): CreationDraft | CreationRefusal {
  const common = {
    serviceType: body.serviceType,
    priority: body.priority,
    backdateReason: body.backdateReason ?? null,
    repeatOfId: null,
    note: null,
  };
  if (body.serviceRequestId) {
    if (!request) return { kind: 'not_found', entity: 'service_request', field: 'serviceRequestId' };
    if (body.customerId && body.customerId !== request.customerId)
      return { kind: 'problem', code: 'intake.unit_not_of_customer', field: 'customerId' };
    if (body.photoIds?.some((p) => !request.photoIds.includes(p)))
      return { kind: 'problem', code: 'order.photo_unknown', field: 'photoIds' };
    return {
      ...common,
      customerId: request.customerId,
      unitId: body.unitId ?? request.unitId,
      modelId: request.modelId,
      serialNo: request.serialNo,
      addressId: body.addressId ?? request.addressId,
      faultDescription: body.faultDescription ?? request.symptoms,
      photoIds: body.photoIds ?? request.photoIds,
      contactId: body.contactId ?? request.contactId,
      serviceRequestId: request.id,
      reportedAt: body.reportedAt ? new Date(body.reportedAt) : request.createdAt,
      // The request recorded the report: converting it later is not backdating (its own time is).
      recordedAt: request.createdAt,
    };
  }
  if (!body.customerId) return { kind: 'problem', code: 'order.customer_required', field: 'customerId' };
  if (!body.faultDescription) return { kind: 'problem', code: 'order.fault_required', field: 'faultDescription' };
  return {
    ...common,
    customerId: body.customerId,
    unitId: body.unitId ?? null,
    modelId: null,
    serialNo: null,
    addressId: body.addressId ?? null,
    faultDescription: body.faultDescription,
    photoIds: body.photoIds ?? [],
    contactId: body.contactId ?? null,
    serviceRequestId: null,
    reportedAt: body.reportedAt ? new Date(body.reportedAt) : now,
    recordedAt: now,
  };
}

/** A repeat visit (返修) after a failed callback: the same customer, unit and address, the reason as the fault. */
export function repeatVisitDraft(
  order: Pick<
    OrderRow,
    | 'id'
    | 'code'
    | 'customerId'
    | 'unitId'
    | 'modelId'
    | 'serialNo'
    | 'addressId'
    | 'faultDescription'
    | 'serviceType'
    | 'priority'
  >,
  reason: string,
  note: string,
  now: Date,
): CreationDraft {
  return {
    customerId: order.customerId,
    unitId: order.unitId,
    modelId: order.modelId,
    serialNo: order.serialNo,
    addressId: order.addressId,
    faultDescription: `${reason}\n— ${order.code}: ${order.faultDescription}`.slice(0, 5000),
    photoIds: [],
    contactId: null,
    serviceRequestId: null,
    serviceType: order.serviceType,
    priority: order.priority,
    reportedAt: now,
    recordedAt: now,
    backdateReason: null,
    repeatOfId: order.id,
    note,
  };
}

/** What the facts of a new order are: read by the loader for the draft (customers' order facts, org units). */
export interface CreationFacts {
  customer: { id: string; kind: 'individual' | 'business'; orgPath: string; live: boolean } | null;
  unit: {
    id: string;
    customerId: string;
    modelId: string | null;
    serialNo: string | null;
    addressId: string | null;
  } | null;
  model: { id: string; lineId: string | null } | null;
  address: { id: string; provinceCode: string | null; cityCode: string | null; districtCode: string | null } | null;
  /** How many of the draft's photos exist as intake attachments. */
  photosFound: number;
  /** The unit the creating person acts for (HQ for the system). */
  holder: { id: string; path: string; kind: 'hq' | 'center' | 'outlet' };
  /** The zone the routing suggestion judges for the order's place (seed 004: beyond 30 km is far). */
  zone: 'near' | 'far' | null;
}

/** Who creates, as creation needs it. */
export interface CreationActor {
  id: string | null;
  name: string;
  /** The customer's archive path lies in the actor's subtree. */
  inScope: (path: string) => boolean;
  /** Holds `orders.backdate`: may date a report beyond the window. */
  mayBackdate: boolean;
}

/**
 * The order a draft becomes, or why not, from its facts (the order of checks is the order the
 * errors are reported in). `id`, `code` and `now` are given: the rules draw no numbers and read
 * no clock.
 */
export function planCreation(
  draft: CreationDraft,
  facts: CreationFacts,
  env: { id: string; code: string; now: Date; actor: CreationActor; backdateWindowHours: number },
): { order: OrderRow } | CreationRefusal {
  if (!draft.serviceRequestId && facts.photosFound !== new Set(draft.photoIds).size)
    return { kind: 'problem', code: 'order.photo_unknown', field: 'photoIds' };
  const c = facts.customer;
  // Missing, merged and out-of-scope customers read alike (ids of other branches cannot be probed).
  if (!c?.live || !env.actor.inScope(c.orgPath)) return { kind: 'not_found', entity: 'customer', field: 'customerId' };
  let { modelId, serialNo } = draft;
  let addressId = draft.addressId;
  if (draft.unitId) {
    if (!facts.unit) return { kind: 'not_found', entity: 'unit', field: 'unitId' };
    if (facts.unit.customerId !== c.id)
      return { kind: 'problem', code: 'intake.unit_not_of_customer', field: 'unitId' };
    modelId = facts.unit.modelId;
    serialNo = facts.unit.serialNo;
    addressId ??= facts.unit.addressId;
  }
  if (addressId && facts.address?.id !== addressId) return { kind: 'not_found', entity: 'address', field: 'addressId' };
  const judged = judgeBackdate(draft.reportedAt, draft.recordedAt, draft.backdateReason, {
    windowHours: env.backdateWindowHours,
    mayExceedWindow: env.actor.mayBackdate,
  });
  if ('problem' in judged) return { kind: 'problem', ...judged.problem };
  const backdate =
    judged.minutes === null
      ? null
      : {
          minutes: judged.minutes,
          reason: draft.backdateReason!.trim(),
          byId: env.actor.id,
          byName: env.actor.name,
          recordedAt: draft.recordedAt.toISOString(),
        };
  const a = facts.address;
  const { holder } = facts;
  const { now } = env;
  return {
    order: {
      id: env.id,
      code: env.code,
      serviceRequestId: draft.serviceRequestId,
      contactId: draft.contactId,
      customerId: c.id,
      unitId: draft.unitId,
      modelId,
      productLineId: modelId && facts.model?.id === modelId ? facts.model.lineId : null,
      serialNo,
      addressId: a?.id ?? null,
      serviceType: draft.serviceType,
      priority: draft.priority,
      faultDescription: draft.faultDescription,
      photoIds: draft.photoIds,
      state: 'created',
      holderUnitId: holder.id,
      orgPath: holder.path,
      centerId: holder.kind === 'center' ? holder.id : null,
      outletId: null,
      technicianId: null,
      partTime: false,
      customerKind: c.kind,
      zone: facts.zone,
      provinceCode: a?.provinceCode ?? null,
      cityCode: a?.cityCode ?? null,
      districtCode: a?.districtCode ?? null,
      reportedAt: draft.reportedAt,
      backdate,
      bookedFrom: null,
      bookedTo: null,
      bookedConfirmed: false,
      bookedNote: null,
      waitReason: null,
      waitNote: null,
      custody: null,
      custodyLabel: null,
      completion: null,
      cancelReason: null,
      resolution: null,
      urgeCount: 0,
      lastUrgedAt: null,
      repeatOfId: draft.repeatOfId,
      reopenedAsId: null,
      completedAt: null,
      closedAt: null,
      createdBy: env.actor.id,
      version: 1,
      createdAt: now,
      updatedAt: now,
    },
  };
}

/**
 * An earlier use of the same idempotency key by the same person: the first order is answered
 * again when the body is the same; another body under the key is refused (422, as Stripe does).
 * Keys stored before hashes were kept replay as before.
 */
export function judgeKeyReuse(
  prior: { orderId: string | null; requestHash: string | null } | null,
  hash: string,
): { replayOf: string } | CreationRefusal | null {
  if (!prior?.orderId) return null;
  if (prior.requestHash && prior.requestHash !== hash) return { kind: 'key_reused' };
  return { replayOf: prior.orderId };
}
