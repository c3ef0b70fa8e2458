import { orderConfirmed } from '../confirmation-port.js';
import { and, eq, ne } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { orgUnits, rolePermissions, userRoles, users } from '../../../platform/identity/tables.js';
import { assertVersion } from '../../../platform/records.js';
import {
  actorFacts,
  companyToday,
  lockOrder,
  notFound,
  type OrderRow,
  problemError,
  recordHistory,
} from '../common.js';
import { customerAddresses } from '../../customers/index.js';
import { completionFacts, orderCompleted } from '../completion-port.js';
import type { ApprovalKind, OrderAction } from '../contract.js';
import {
  grantCustomerToUnit,
  notifyUnit,
  partsByIds,
  recordWarrantyAtCompletion,
  revokeCustomerFromUnit,
  slaReplan,
  slaSignal,
} from '../ports.js';
import {
  type ActionInputs,
  applyAccept,
  applyArrive,
  applyBook,
  applyCancel,
  applyClose,
  applyComplete,
  applyConfirm,
  applyCorrectAddress,
  applyDepart,
  applyDispatch,
  applyReceive,
  applyReject,
  applyReopen,
  applyReportUnfixable,
  applyResume,
  applyStart,
  applyWait,
  checkTransition,
  custodyLabel,
  type DispatchEnv,
  type Effect,
  needsOverrideReason,
  type TechnicianFacts,
  type UnitFacts,
  validateBook,
  validateComplete,
  repeatVisitDraft,
  validateDispatch,
} from '../rules.js';
import { sendAccepted, sendBooked, sendCompleted, sendOnTheWay } from '../messages.js';
import { suggestedId } from '../routing.js';
import { computeSuggestion, zoneAtOutlet, zoneOfOrder } from '../suggest.js';
import { repairRegister, technicianCertifications, workOrderApprovals, workOrderParts, workOrders } from '../tables.js';
import { createWithin } from './create.js';
import { orderPhotoIds } from './photos.js';

type Patch = Partial<typeof workOrders.$inferInsert>;

export interface Outcome {
  effect: Effect;
  patch: Patch;
  note?: string | null;
  data?: Record<string, unknown> | null;
  /** The order the response shows (reopen: the new repeat visit). */
  showId?: string;
  /** After the write (notifications, side records), with the updated row. */
  after?: (row: OrderRow) => Promise<void>;
}

/**
 * Runs one lifecycle action in one transaction: lock the order (scope), check the version it was
 * read at, ask the rules, write, then one timeline row, one audit event and the SLA signal.
 * Returns the id of the order to show.
 */
export async function runAction<A extends OrderAction>(
  ctx: Ctx,
  id: string,
  action: A,
  body: ActionInputs[A],
): Promise<string> {
  return ctx.db.transaction(async (tx) => {
    const before = await lockOrder(tx, ctx, id);
    await assertVersion(
      tx,
      ctx,
      { entity: 'work_order', entityId: id, version: before.version, updatedAt: before.updatedAt },
      body.version,
    );
    const problem = checkTransition(action, before, actorFacts(ctx, before));
    if (problem) throw problemError(problem);
    const outcome = await HANDLERS[action](tx, ctx, before, body as never);
    const reason = 'reason' in body && typeof body.reason === 'string' ? body.reason : undefined;
    await writeTransition(tx, ctx, before, action, outcome, reason);
    return outcome.showId ?? id;
  });
}

/**
 * Writes what a transition's rules decided, for an action of a person (`runAction`) or one another
 * module causes (an executed return/exchange case): the order's row, one timeline row and audit
 * event, the SLA signal, then the outcome's follow-up, all in the caller's transaction.
 */
export async function writeTransition(
  tx: DbLike,
  ctx: Ctx,
  before: OrderRow,
  action: string,
  outcome: Outcome,
  reason?: string,
): Promise<OrderRow> {
  const patch: Patch = {
    ...outcome.patch,
    state: outcome.effect.to,
    version: before.version + 1,
    updatedAt: ctx.now,
  };
  const [after] = await tx.update(workOrders).set(patch).where(eq(workOrders.id, before.id)).returning();
  const fieldsOf = (row: OrderRow) =>
    Object.fromEntries(Object.keys(patch).map((k) => [k, forAudit(k, (row as Record<string, unknown>)[k])]));
  await recordHistory(tx, ctx, {
    order: after!,
    action,
    fromState: before.state,
    toState: after!.state,
    before: fieldsOf(before),
    after: fieldsOf(after!),
    note: outcome.note ?? null,
    data: outcome.data ?? null,
    // An order leaving a unit is still recorded where the actor could see it.
    orgPath: after!.orgPath.startsWith(before.orgPath) ? after!.orgPath : before.orgPath,
  });
  if (outcome.effect.signal) {
    await slaSignal(tx, ctx, after!, outcome.effect.signal, ctx.now, reason ? { reason } : undefined);
  }
  if (after!.zone !== before.zone) await zoneChanged(tx, ctx, before, after!, action);
  await outcome.after?.(after!);
  return after!;
}

/**
 * The order's zone changed (dispatched to an outlet at another distance than its address was
 * judged by): its open milestones are planned again for the new zone (seed 004: 72 h on site
 * beyond 30 km) and the timeline says so and why. A zone learnt for the first time that moves no
 * limit is recorded with the dispatch alone.
 */
async function zoneChanged(tx: DbLike, ctx: Ctx, before: OrderRow, after: OrderRow, cause: string) {
  const milestones = await slaReplan(tx, ctx, after, ctx.now);
  if (before.zone === null && milestones.length === 0) return;
  await recordHistory(tx, ctx, {
    order: after,
    action: 'zone_changed',
    fromState: after.state,
    toState: after.state,
    before: { zone: before.zone },
    after: { zone: after.zone },
    data: { from: before.zone, to: after.zone, cause, outletId: after.outletId, milestones },
  });
}

/** The audit trail keeps that a signature was given, not the drawing (the order holds it). */
function forAudit(key: string, value: unknown): unknown {
  if (key !== 'completion' || !value || typeof value !== 'object') return value;
  const c = value as { signature?: string | null };
  return { ...c, signature: c.signature ? `[PNG, ${c.signature.length} chars]` : null };
}

type Handler<A extends OrderAction> = (
  tx: DbLike,
  ctx: Ctx,
  order: OrderRow,
  body: ActionInputs[A],
) => Promise<Outcome>;

async function approvalsOf(tx: DbLike, orderId: string): Promise<Set<ApprovalKind>> {
  const rows = await tx
    .select({ kind: workOrderApprovals.kind })
    .from(workOrderApprovals)
    .where(eq(workOrderApprovals.orderId, orderId));
  return new Set(rows.map((r) => r.kind));
}

async function unitFacts(
  tx: DbLike,
  id: string | null,
): Promise<(UnitFacts & { name: string; parentId: string | null }) | null> {
  if (!id) return null;
  const [u] = await tx
    .select({
      id: orgUnits.id,
      kind: orgUnits.kind,
      path: orgUnits.path,
      active: orgUnits.active,
      name: orgUnits.name,
      parentId: orgUnits.parentId,
    })
    .from(orgUnits)
    .where(eq(orgUnits.id, id));
  return u ?? null;
}

async function technicianFacts(
  tx: DbLike,
  order: OrderRow,
  userId: string,
  today: string,
): Promise<TechnicianFacts | null> {
  const [u] = await tx
    .select({ id: users.id, orgUnitId: users.orgUnitId, active: users.active })
    .from(users)
    .where(eq(users.id, userId));
  if (!u) return null;
  const perms = await tx
    .select({ p: rolePermissions.permission })
    .from(userRoles)
    .innerJoin(rolePermissions, eq(rolePermissions.roleCode, userRoles.roleCode))
    .where(and(eq(userRoles.userId, userId), eq(rolePermissions.permission, 'orders.execute')))
    .limit(1);
  let certified = false;
  if (order.productLineId) {
    const [c] = await tx
      .select({ validUntil: technicianCertifications.validUntil })
      .from(technicianCertifications)
      .where(
        and(
          eq(technicianCertifications.userId, userId),
          eq(technicianCertifications.productLineId, order.productLineId),
        ),
      );
    certified = !!c && c.validUntil >= today;
  }
  return { id: u.id, orgUnitId: u.orgUnitId, active: u.active, isTechnician: perms.length > 0, certified };
}

const dispatch: Handler<'dispatch'> = async (tx, ctx, order, body) => {
  const today = await companyToday(tx, ctx.now);
  const target = await unitFacts(tx, body.toUnitId ?? null);
  const technician = body.technicianId ? await technicianFacts(tx, order, body.technicianId, today) : null;
  const suggestion = await computeSuggestion(tx, ctx, order);
  const env: DispatchEnv = {
    target,
    technician,
    approvals: await approvalsOf(tx, order.id),
    productLineKnown: !!order.productLineId,
    suggestedId: suggestedId(suggestion),
  };
  const problem = validateDispatch(order, body, env);
  if (problem) throw problemError(problem);
  if (needsOverrideReason(body, env.suggestedId)) throw fieldError('overrideReason', 'order.override_reason_required');
  const effect = applyDispatch(body, env);
  const data = {
    toUnitId: body.toUnitId ?? null,
    technicianId: body.technicianId ?? null,
    suggestedId: env.suggestedId,
    overrideReason: body.overrideReason ?? null,
    partTime: body.partTime ?? false,
  };
  if (body.technicianId) {
    return {
      effect,
      patch: {
        technicianId: body.technicianId,
        partTime: body.partTime ?? false,
        bookedFrom: null,
        bookedTo: null,
        bookedConfirmed: false,
        bookedNote: null,
      },
      note: body.overrideReason ?? null,
      data,
      after: async (row) =>
        notifyUnit(tx, {
          orgUnitId: row.holderUnitId,
          title: { 'zh-CN': `服务单${row.code}已派给您`, en: `Order ${row.code} is assigned to you` },
          body: { 'zh-CN': '请尽快联系客户预约', en: 'Contact the customer to book a visit' },
          link: `/orders/${row.id}`,
          entity: 'work_order',
          entityId: row.id,
        }),
    };
  }
  const t = target!;
  const patch: Patch = { holderUnitId: t.id, orgPath: t.path };
  if (t.kind === 'center') patch.centerId = t.id;
  else {
    patch.outletId = t.id;
    if (!order.centerId && t.parentId) patch.centerId = t.parentId;
    // The outlet's distance decides; an unknown one keeps the zone known since creation.
    patch.zone = (await zoneAtOutlet(tx, order, suggestion, t.id)) ?? order.zone;
  }
  return {
    effect,
    patch,
    note: body.overrideReason ?? null,
    data: { ...data, zone: patch.zone ?? order.zone },
    after: async (row) => {
      if (t.kind === 'outlet') await grantCustomerToUnit(tx, row, t.path, ctx.now);
      await notifyUnit(tx, {
        orgUnitId: t.id,
        permission: 'orders.dispatch',
        title: { 'zh-CN': `新服务单${row.code}`, en: `New order ${row.code}` },
        body: { 'zh-CN': '请及时接单或拒单', en: 'Accept or reject it promptly' },
        link: `/orders/${row.id}`,
        entity: 'work_order',
        entityId: row.id,
      });
    },
  };
};

// The customer hears who took the order and when they will be called ('order.accepted').
const accept: Handler<'accept'> = async (tx, ctx, _order, body) => ({
  effect: applyAccept(),
  patch: {},
  note: body.note ?? null,
  after: (row) => sendAccepted(tx, ctx, row),
});

const reject: Handler<'reject'> = async (tx, ctx, order, body) => {
  const holder = await unitFacts(tx, order.holderUnitId);
  const parent = await unitFacts(tx, holder?.parentId ?? null);
  if (!holder || !parent) throw new AppError('order.transition_forbidden', { state: order.state, action: 'reject' });
  const patch: Patch = { holderUnitId: parent.id, orgPath: parent.path, technicianId: null };
  // The zone stays: it is judged again when the order is dispatched to the next outlet.
  if (holder.kind === 'outlet') patch.outletId = null;
  if (holder.kind === 'center') patch.centerId = null;
  return {
    effect: applyReject(parent),
    patch,
    note: body.reason,
    data: { fromUnitId: holder.id, toUnitId: parent.id },
    after: async (row) => {
      if (holder.kind === 'outlet') await revokeCustomerFromUnit(tx, row, holder.path, ctx.now);
      await notifyUnit(tx, {
        orgUnitId: parent.id,
        permission: 'orders.dispatch',
        title: { 'zh-CN': `服务单${row.code}被退回`, en: `Order ${row.code} was rejected` },
        body: { 'zh-CN': `${holder.name}：${body.reason}`, en: `${holder.name}: ${body.reason}` },
        link: `/orders/${row.id}`,
        entity: 'work_order',
        entityId: row.id,
      });
    },
  };
};

// Booked or booked again: the customer gets the window and the technician ('order.booked').
const book: Handler<'book'> = async (tx, ctx, _order, body) => {
  const problem = validateBook(body);
  if (problem) throw problemError(problem);
  return {
    effect: applyBook(),
    patch: {
      bookedFrom: new Date(body.from),
      bookedTo: new Date(body.to),
      bookedConfirmed: true,
      bookedNote: body.note ?? null,
    },
    note: body.note ?? null,
    after: (row) => sendBooked(tx, ctx, row),
  };
};

function simple<A extends 'depart' | 'arrive'>(effect: () => Effect): Handler<A> {
  return async (_tx, _ctx, _order, body) => ({ effect: effect(), patch: {}, note: body.note ?? null });
}

/** The technician sets off: the customer is told who is coming ('order.on_the_way'). */
const depart: Handler<'depart'> = async (tx, ctx, order, body) => ({
  ...(await simple<'depart'>(applyDepart)(tx, ctx, order, body)),
  after: (row) => sendOnTheWay(tx, ctx, row),
});

/** Arrival keeps the phone's position on the timeline, when it gave one. */
const arrive: Handler<'arrive'> = async (tx, ctx, order, body) => ({
  ...(await simple<'arrive'>(applyArrive)(tx, ctx, order, body)),
  data: body.position ? { position: body.position } : null,
});

const receive: Handler<'receive'> = async (tx, ctx, order, body) => {
  const label = body.label ?? custodyLabel(order.code);
  const [taken] = await tx
    .select({ id: workOrders.id })
    .from(workOrders)
    .where(and(eq(workOrders.custodyLabel, label), ne(workOrders.id, order.id)));
  if (taken)
    throw new AppError('order.label_taken', { label }, [{ path: 'label', code: 'order.label_taken', message: '' }]);
  const custody = {
    label,
    condition: body.condition,
    accessories: body.accessories,
    receivedAt: ctx.now.toISOString(),
    receivedBy: ctx.actor.id,
  };
  return { effect: applyReceive(), patch: { custody, custodyLabel: label }, data: { custody } };
};

const start: Handler<'start'> = async (_tx, _ctx, _order, body) => ({
  effect: applyStart(),
  patch: {},
  note: body.note ?? null,
});

const wait: Handler<'wait'> = async (_tx, _ctx, _order, body) => ({
  effect: applyWait(body),
  patch: { waitReason: body.reason, waitNote: body.note },
  note: body.note,
  data: { reason: body.reason },
});

const resume: Handler<'resume'> = async (_tx, _ctx, order, body) => ({
  effect: applyResume(order),
  patch: { waitReason: null, waitNote: null },
  note: body.note ?? null,
  data: { waitedFor: order.waitReason },
});

const complete: Handler<'complete'> = async (tx, ctx, order, body) => {
  const problem = validateComplete(body, await approvalsOf(tx, order.id));
  if (problem) throw problemError(problem);
  if (body.photoIds.length) {
    const mine = await orderPhotoIds(tx, order.id);
    if (body.photoIds.some((p) => !mine.has(p))) throw fieldError('photoIds', 'order.photo_unknown');
  }
  if (body.exclusion?.photoIds.length) {
    const mine = await orderPhotoIds(tx, order.id);
    if (body.exclusion.photoIds.some((p) => !mine.has(p)))
      throw fieldError('exclusion.photoIds', 'order.photo_unknown');
  }
  const known = await partsByIds(tx, [...new Set(body.parts.map((p) => p.partId))]);
  body.parts.forEach((p, i) => {
    if (!known.has(p.partId)) throw fieldError(`parts.${i}.partId`, 'catalog.unknown_part');
  });
  if (body.parts.length) {
    await tx.insert(workOrderParts).values(
      body.parts.map((p) => ({
        orderId: order.id,
        partId: p.partId,
        qty: p.qty,
        oldSerial: p.oldSerial ?? null,
        newSerial: p.newSerial ?? null,
        createdAt: ctx.now,
      })),
    );
  }
  const completion = {
    diagnosis: body.diagnosis,
    faultCode: body.faultCode ?? null,
    cause: body.cause,
    solution: body.solution,
    labourMinutes: body.labourMinutes,
    photoIds: body.photoIds,
    signature: body.signature,
    rating: body.rating ?? null,
    workaround: body.workaround ?? false,
    completedAt: ctx.now.toISOString(),
  };
  return {
    effect: applyComplete(),
    patch: { completion, completedAt: ctx.now, waitReason: null, waitNote: null },
    // The signature stays out of the timeline; the order holds it.
    data: {
      parts: body.parts,
      labourMinutes: body.labourMinutes,
      rating: body.rating ?? null,
      faultCode: body.faultCode ?? null,
      ...(body.exclusion ? { exclusion: body.exclusion } : {}),
    },
    // Who pays: one warranty decision for the unit and each replaced part (warranty module).
    // Then what follows from the decisions in the modules above (parts: the fitted parts leave
    // stock with their cost and who pays; old-part return obligations; callbacks: the callback
    // task), through one port; last the customer's one completion message ('order.completed'),
    // with the survey link when the callbacks effect made one.
    after: async (row) => {
      await recordWarrantyAtCompletion(
        tx,
        ctx,
        row,
        body.parts.map((p) => p.partId),
        body.exclusion ?? null,
      );
      const message = await orderCompleted(tx, ctx, await completionFacts(tx, ctx, row, body.parts));
      await sendCompleted(tx, ctx, row, message);
    },
  };
};

// The settlement learns of the confirmation in its transaction (confirmation-port.ts).
const confirm: Handler<'confirm'> = async (tx, ctx, order, body) => ({
  effect: applyConfirm(),
  patch: {},
  note: body.note ?? null,
  after: async () => {
    if (order.completedAt)
      await orderConfirmed(tx, ctx, {
        orderId: order.id,
        orderCode: order.code,
        outletId: order.outletId,
        completedAt: order.completedAt,
      });
  },
});

// A closed or cancelled order is no longer served: the outlet's read grant on the customer ends.
const close: Handler<'close'> = async (tx, ctx, _order, body) => ({
  effect: applyClose(),
  patch: { closedAt: ctx.now, custodyLabel: null },
  note: body.note ?? null,
  after: (row) => revokeCustomerFromUnit(tx, row, undefined, ctx.now),
});

const cancel: Handler<'cancel'> = async (tx, ctx, _order, body) => ({
  effect: applyCancel(),
  patch: { cancelReason: body.reason, closedAt: ctx.now, custodyLabel: null },
  note: body.reason,
  after: (row) => revokeCustomerFromUnit(tx, row, undefined, ctx.now),
});

const reopen: Handler<'reopen'> = async (tx, ctx, order, body) => {
  const repeat = await createWithin(tx, ctx, repeatVisitDraft(order, body.reason, body.reason, ctx.now));
  return {
    effect: applyReopen(order),
    patch: { reopenedAsId: repeat.id },
    note: body.reason,
    data: { repeatOrderId: repeat.id, repeatOrderCode: repeat.code },
    showId: repeat.id,
  };
};

const reportUnfixable: Handler<'report_unfixable'> = async (tx, ctx, order, body) => ({
  effect: applyReportUnfixable(order),
  patch: {},
  note: body.reason ?? null,
  data: { faultReport: body.faultReport },
  after: async (row) => {
    await tx.insert(repairRegister).values({
      orderId: row.id,
      orderCode: row.code,
      customerId: row.customerId,
      modelId: row.modelId,
      serialNo: row.serialNo,
      faultReport: body.faultReport,
      reason: body.reason ?? null,
      reportedBy: ctx.actor.id,
      reportedByName: ctx.actor.displayName || ctx.actor.username,
      orgPath: row.orgPath,
      at: ctx.now,
    });
  },
});

/**
 * The service address corrected to another (or newly added) address of the same customer. The
 * zone is judged again for it (against the serving outlet, else as the routing suggests); a new
 * zone re-plans the open milestones through `writeTransition` (seed 004). An address whose zone
 * cannot be told (no coordinates) keeps the zone known so far, as a dispatch does. The timeline
 * keeps the division codes of both addresses, not the streets (DOMAIN.md, Privacy).
 */
const correctAddress: Handler<'correct_address'> = async (tx, ctx, order, body) => {
  const [addr] = await tx
    .select({
      id: customerAddresses.id,
      provinceCode: customerAddresses.provinceCode,
      cityCode: customerAddresses.cityCode,
      districtCode: customerAddresses.districtCode,
    })
    .from(customerAddresses)
    .where(and(eq(customerAddresses.id, body.addressId), eq(customerAddresses.customerId, order.customerId)));
  // Another customer's address reads as unknown, like a missing one.
  if (!addr) throw notFound(ctx, 'address', 'addressId');
  if (addr.id === order.addressId) throw fieldError('addressId', 'order.address_unchanged');
  const place = {
    addressId: addr.id,
    provinceCode: addr.provinceCode,
    cityCode: addr.cityCode,
    districtCode: addr.districtCode,
  };
  const zone = (await zoneOfOrder(tx, ctx, { ...order, ...place })) ?? order.zone;
  const divisions = (o: Pick<OrderRow, 'addressId' | 'provinceCode' | 'cityCode' | 'districtCode'>) => ({
    addressId: o.addressId,
    provinceCode: o.provinceCode,
    cityCode: o.cityCode,
    districtCode: o.districtCode,
  });
  return {
    effect: applyCorrectAddress(order),
    patch: { ...place, zone },
    note: body.reason,
    data: { from: divisions(order), to: divisions(place), zone },
  };
};

const HANDLERS: { [A in OrderAction]: Handler<A> } = {
  dispatch,
  accept,
  reject,
  book,
  depart,
  arrive,
  receive,
  start,
  wait,
  resume,
  complete,
  confirm,
  close,
  cancel,
  reopen,
  report_unfixable: reportUnfixable,
  correct_address: correctAddress,
};

/**
 * One lifecycle action another module causes (a parts request putting the order into waiting,
 * its parts arriving): the same handler and write as a person's action, without the person's
 * permission or assignment check — the calling module decided, in its own transaction.
 */
export async function runCausedAction<A extends 'start' | 'wait' | 'resume'>(
  tx: DbLike,
  ctx: Ctx,
  before: OrderRow,
  action: A,
  body: ActionInputs[A],
): Promise<OrderRow> {
  const outcome = await HANDLERS[action](tx, ctx, before, body as never);
  return writeTransition(tx, ctx, before, action, outcome);
}
