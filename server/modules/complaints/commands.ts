import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Text } from '../../../shared/i18n.js';
import type { DbLike } from '../../db/client.js';
import { requirePermission, withinScope } from '../../platform/access/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events/index.js';
import { sendMessage } from '../../platform/notify/index.js';
import { assertVersion } from '../../platform/records.js';
import { orgUnits, users } from '../../platform/identity/tables.js';
import { customerReadable, customers, messageAddressesOf, units } from '../customers/index.js';
import { contacts } from '../intake/index.js';
import type { UrgeComplaint } from '../work-orders/index.js';
import { workOrders } from '../work-orders/index.js';
import {
  type AcceptanceBody,
  type CloseBody,
  type CompensationBody,
  type CompensationDecision,
  COMPLAINT_TYPES,
  type ComplaintCreate,
  type ComplaintDetail,
  type ComplaintSource,
  type ComplaintType,
  type ContactCreate,
  type NoteCreate,
  type ReplyBody,
  type ResponsibilityBody,
  type RouteBody,
  type RoutingTable,
  type RoutingTableUpdate,
} from './contract.js';
import {
  actorLevel,
  actorName,
  addEvent,
  type ComplaintRow,
  deadlineFrom,
  findDepartment,
  loadConfig,
  loadDepartments,
  loadRoutes,
  lockComplaint,
  nextCode,
  notifyLevel,
  rootPath,
} from './common.js';
import { penaltyChanged } from './penalty-port.js';
import { getComplaint, routingTable } from './queries.js';
import {
  afterAcceptance,
  allows,
  approvalLevel,
  CHANNEL_NAMES,
  COMPENSATION_NAMES,
  type ComplaintAction,
  crisisReasons,
  routeDecision,
  SEVERITY_NAMES,
  severityOf,
  startLevel,
  STATE_NAMES,
  TRIGGER_NAMES,
  TYPE_NAMES,
} from './rules.js';
import {
  complaintDepartments,
  complaintOrders,
  complaintReplies,
  complaintRoutes,
  complaintSettings,
  complaints,
} from './tables.js';

/*
 * Complaint commands: each runs in one transaction, writes its timeline row (actor, time) and
 * appends its audit event. The urge effect runs in the urge's own transaction.
 */

const ACTION_TEXT: Record<ComplaintAction, Text> = {
  note: { 'zh-CN': '记录调查', en: 'annotated' },
  contact: { 'zh-CN': '登记联系', en: 'given a contact' },
  route: { 'zh-CN': '分派', en: 'routed' },
  responsibility: { 'zh-CN': '认定责任', en: 'assigned responsibility' },
  compensation: { 'zh-CN': '提出补偿', en: 'offered compensation' },
  decide: { 'zh-CN': '审批补偿', en: 'decided on compensation' },
  reply: { 'zh-CN': '答复客户', en: 'answered' },
  acceptance: { 'zh-CN': '记录客户确认', en: 'accepted or refused' },
  close: { 'zh-CN': '关闭', en: 'closed' },
};

function assertAllows(c: ComplaintRow, action: ComplaintAction): void {
  if (!allows(c.state, action))
    throw new AppError('complaint.wrong_state', {
      code: c.code,
      stateZh: STATE_NAMES[c.state]['zh-CN'],
      actionZh: ACTION_TEXT[action]['zh-CN'],
      state: STATE_NAMES[c.state].en,
      action: ACTION_TEXT[action].en,
    });
}

interface OpenFacts {
  source: ComplaintSource;
  customerId: string;
  orders: {
    id: string;
    code: string;
    holderUnitId: string;
    orgPath: string;
    outletId: string | null;
    urgeCount: number;
  }[];
  unitId: string | null;
  type: ComplaintType;
  severity?: ComplaintCreate['severity'];
  summary: string;
  compensationDemanded: boolean;
  mediaExposure: boolean;
  regulatorKind: ComplaintCreate['regulatorKind'] | null;
  contactId: string | null;
  flagId: string | null;
}

/** Writes a new complaint (routing, deadline, crisis) in `tx`; answers null when the flag already has one. */
async function writeComplaint(tx: DbLike, ctx: Ctx, f: OpenFacts): Promise<ComplaintRow | null> {
  const { config } = await loadConfig(tx);
  const routes = await loadRoutes(tx);
  const departments = await loadDepartments(tx);
  const urgeCount = Math.max(0, ...f.orders.map((o) => o.urgeCount));
  const reasons = crisisReasons(
    {
      source: f.source,
      regulatorKind: f.regulatorKind,
      compensationDemanded: f.compensationDemanded,
      mediaExposure: f.mediaExposure,
      urgeCount,
    },
    config,
  );
  const severity = severityOf(f.severity, reasons);
  const level = startLevel(severity, config);
  const first = f.orders[0];
  let holder: { id: string; name: string } | null = null;
  if (first) {
    const [u] = await tx
      .select({ id: orgUnits.id, name: orgUnits.name })
      .from(orgUnits)
      .where(eq(orgUnits.id, first.holderUnitId));
    holder = u ?? null;
  }
  const decision = routeDecision(f.type, routes, holder, (id) => {
    const d = departments.find((x) => x.id === id);
    return d ? { 'zh-CN': d.nameZh, en: d.nameEn } : null;
  });
  const deadline = await deadlineFrom(tx, severity, ctx.now, config);
  const code = await nextCode(tx, ctx.now);
  const canHandle = ctx.actor.kind === 'user' && ctx.actor.permissions.has('complaints.handle');
  const values = {
    code,
    source: f.source,
    regulatorKind: f.regulatorKind ?? null,
    customerId: f.customerId,
    unitId: f.unitId,
    contactId: f.contactId,
    flagId: f.flagId,
    type: f.type,
    severity,
    crisisReasons: reasons,
    state: 'open' as const,
    level,
    summary: f.summary,
    compensationDemanded: f.compensationDemanded,
    mediaExposure: f.mediaExposure,
    urgeCount,
    departmentId: decision.target === 'department' ? decision.departmentId : null,
    routedUnitId: decision.target === 'holder' ? decision.unitId : null,
    routeWhy: decision.why,
    routedAt: decision.target === 'none' ? null : ctx.now,
    handlerId: canHandle ? ctx.actor.id : null,
    orgPath: first?.orgPath ?? (await rootPath(tx, ctx)),
    calendar: config.calendar,
    deadlineAt: deadline,
    nextEscalationAt: level < 3 ? deadline : null,
    openedAt: ctx.now,
    openedBy: ctx.actor.id,
    updatedAt: ctx.now,
  };
  // The flag's complaint is unique: a racing urge finds it written and opens none.
  const [row] = await tx
    .insert(complaints)
    .values(values)
    .onConflictDoNothing({ target: complaints.flagId, where: sql`${complaints.flagId} is not null` })
    .returning();
  if (!row) return null;
  if (f.orders.length)
    await tx
      .insert(complaintOrders)
      .values(f.orders.map((o) => ({ complaintId: row.id, orderId: o.id, orderCode: o.code, outletId: o.outletId })));
  const type = TYPE_NAMES[f.type];
  const sev = SEVERITY_NAMES[severity];
  await addEvent(
    tx,
    ctx,
    row.id,
    'opened',
    {
      'zh-CN': `登记投诉（${type['zh-CN']}，${sev['zh-CN']}）：${f.summary}`,
      en: `Complaint opened (${type.en}, ${sev.en}): ${f.summary}`,
    },
    { source: f.source, level },
  );
  await addEvent(tx, ctx, row.id, 'routed', decision.why, { auto: true });
  const notifiedTitle = {
    'zh-CN': `新投诉 ${code}：${type['zh-CN']}`,
    en: `New complaint ${code}: ${type.en}`,
  };
  const body = { 'zh-CN': f.summary, en: f.summary };
  if (severity === 'crisis') {
    const why = reasons.map((r) => TRIGGER_NAMES[r]);
    const notified = await notifyLevel(
      tx,
      row,
      3,
      { 'zh-CN': `危机投诉 ${code}`, en: `Crisis complaint ${code}` },
      body,
      ctx.now,
    );
    await addEvent(
      tx,
      ctx,
      row.id,
      'crisis',
      {
        'zh-CN': `危机投诉（${why.map((w) => w['zh-CN']).join('、') || '按严重程度'}），已通知公司领导`,
        en: `Crisis (${why.map((w) => w.en).join(', ') || 'by severity'}): leadership notified`,
      },
      { reasons },
    );
    await addEvent(
      tx,
      ctx,
      row.id,
      'escalated',
      { 'zh-CN': `危机投诉直接升级到第3级（公司领导）`, en: 'Crisis: straight to level 3 (leadership)' },
      { fromLevel: 1, toLevel: 3, why: 'crisis', notified },
    );
  } else {
    await notifyLevel(tx, row, level, notifiedTitle, body, ctx.now);
  }
  await appendEvent(tx, ctx, {
    entity: 'complaint',
    entityId: row.id,
    action: 'complaint.opened',
    after: { code, source: f.source, type: f.type, severity, level, crisisReasons: reasons, flagId: f.flagId },
    orgPath: row.orgPath,
  });
  return row;
}

/** POST /api/complaints: open a complaint from any source. */
export async function openComplaint(ctx: Ctx, input: ComplaintCreate): Promise<ComplaintDetail> {
  requirePermission(ctx.actor, 'complaints.read');
  if (input.source === 'regulator' && !input.regulatorKind)
    throw fieldError('body.regulatorKind', 'complaint.regulator_required');
  const id = await ctx.db.transaction(async (tx) => {
    const [customer] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.id, input.customerId), customerReadable(ctx.actor, customers.id, customers.orgPath)));
    if (!customer)
      throw new AppError('entity.not_found', { entity: 'customer' }, [
        { path: 'body.customerId', code: 'entity.not_found', message: '' },
      ]);
    if (input.unitId) {
      const [unit] = await tx
        .select({ id: units.id })
        .from(units)
        .where(and(eq(units.id, input.unitId), eq(units.customerId, input.customerId)));
      if (!unit)
        throw new AppError('entity.not_found', { entity: 'unit' }, [
          { path: 'body.unitId', code: 'entity.not_found', message: '' },
        ]);
    }
    if (input.contactId) {
      const [contact] = await tx
        .select({ id: contacts.id, customerId: contacts.customerId })
        .from(contacts)
        .where(eq(contacts.id, input.contactId));
      if (!contact || (contact.customerId && contact.customerId !== input.customerId))
        throw new AppError('entity.not_found', { entity: 'contact' }, [
          { path: 'body.contactId', code: 'entity.not_found', message: '' },
        ]);
    }
    const ids = [...new Set(input.orderIds)];
    const orders = ids.length
      ? await tx
          .select({
            id: workOrders.id,
            code: workOrders.code,
            customerId: workOrders.customerId,
            holderUnitId: workOrders.holderUnitId,
            orgPath: workOrders.orgPath,
            outletId: workOrders.outletId,
            urgeCount: workOrders.urgeCount,
          })
          .from(workOrders)
          .where(and(inArray(workOrders.id, ids), withinScope(ctx.actor, workOrders.orgPath)))
      : [];
    ids.forEach((oid, n) => {
      const o = orders.find((x) => x.id === oid);
      if (!o || o.customerId !== input.customerId)
        throw fieldError(`body.orderIds.${n}`, 'complaint.unknown_order', { id: oid });
    });
    const row = await writeComplaint(tx, ctx, {
      source: input.source,
      customerId: input.customerId,
      orders: ids.map((oid) => orders.find((o) => o.id === oid)!),
      unitId: input.unitId ?? null,
      type: input.type,
      severity: input.severity,
      summary: input.summary,
      compensationDemanded: input.compensationDemanded ?? false,
      mediaExposure: input.mediaExposure ?? false,
      regulatorKind: input.regulatorKind ?? null,
      contactId: input.contactId ?? null,
      flagId: null,
    });
    return row!.id;
  });
  return getComplaint(ctx, id);
}

/**
 * The urge effect (work-orders/complaint-port.ts): the complaint record raised by urging becomes
 * one complaint (type timeliness, source urge); later urges bring its count up to date.
 */
export async function complaintOfUrge(tx: DbLike, ctx: Ctx, e: UrgeComplaint): Promise<{ complaintId: string } | null> {
  const [existing] = await tx.select().from(complaints).where(eq(complaints.flagId, e.flagId)).for('update');
  if (existing) {
    await tx
      .update(complaints)
      .set({ urgeCount: e.urgeCount, updatedAt: ctx.now })
      .where(eq(complaints.id, existing.id));
    await addEvent(
      tx,
      ctx,
      existing.id,
      'urged',
      { 'zh-CN': `客户再次催单（第${e.urgeCount}次）`, en: `The customer urged again (${e.urgeCount})` },
      { urgeCount: e.urgeCount, contactId: e.contactId },
    );
    return { complaintId: existing.id };
  }
  const row = await writeComplaint(tx, ctx, {
    source: 'urge',
    customerId: e.customerId,
    orders: [
      {
        id: e.orderId,
        code: e.orderCode,
        holderUnitId: e.holderUnitId,
        orgPath: e.orgPath,
        outletId: e.outletId,
        urgeCount: e.urgeCount,
      },
    ],
    unitId: e.unitId,
    type: 'timeliness',
    summary: e.note ?? `服务单${e.orderCode}催单${e.urgeCount}次 / order ${e.orderCode} urged ${e.urgeCount} times`,
    compensationDemanded: false,
    mediaExposure: false,
    regulatorKind: null,
    contactId: e.contactId,
    flagId: e.flagId,
  });
  if (row) return { complaintId: row.id };
  const [raced] = await tx.select({ id: complaints.id }).from(complaints).where(eq(complaints.flagId, e.flagId));
  return raced ? { complaintId: raced.id } : null;
}

/** Runs one handling command: lock, check state and permission, act, timeline and audit. */
async function handle(
  ctx: Ctx,
  id: string,
  action: ComplaintAction,
  fn: (
    tx: DbLike,
    c: ComplaintRow,
  ) => Promise<{
    set?: Partial<ComplaintRow>;
    text: Text;
    kind: string;
    data?: Record<string, unknown>;
    /** After the change is written (a message to the customer), in the same transaction. */
    after?: () => Promise<unknown>;
  }>,
  permission: 'complaints.handle' | 'complaints.manage' | 'complaints.read' = 'complaints.handle',
): Promise<ComplaintDetail> {
  requirePermission(ctx.actor, permission);
  await ctx.db.transaction(async (tx) => {
    const c = await lockComplaint(tx, ctx, id);
    assertAllows(c, action);
    const r = await fn(tx, c);
    const set: Partial<ComplaintRow> = { ...(r.set ?? {}), version: c.version + 1, updatedAt: ctx.now };
    if (!c.handlerId && ctx.actor.kind === 'user' && ctx.actor.permissions.has('complaints.handle'))
      set.handlerId = ctx.actor.id;
    await tx.update(complaints).set(set).where(eq(complaints.id, id));
    await addEvent(tx, ctx, id, r.kind, r.text, r.data ?? {});
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const k of Object.keys(r.set ?? {}) as (keyof ComplaintRow)[]) {
      before[k] = c[k];
      after[k] = (r.set as Record<string, unknown>)[k];
    }
    await appendEvent(tx, ctx, {
      entity: 'complaint',
      entityId: id,
      action: `complaint.${r.kind}`,
      before,
      after: { ...after, ...(r.data ?? {}) },
      orgPath: c.orgPath,
    });
    await r.after?.();
  });
  return getComplaint(ctx, id);
}

export const addNote = (ctx: Ctx, id: string, b: NoteCreate) =>
  handle(ctx, id, 'note', async () => ({ kind: 'note', text: { 'zh-CN': b.text, en: b.text } }));

/** A contact about the complaint (the customer called again, a visit…); hotline agents log them too. */
export const addContact = (ctx: Ctx, id: string, b: ContactCreate) =>
  handle(
    ctx,
    id,
    'contact',
    async () => ({ kind: 'contact', text: { 'zh-CN': b.text, en: b.text }, data: { channel: b.channel } }),
    'complaints.read',
  );

export const routeComplaint = (ctx: Ctx, id: string, b: RouteBody) =>
  handle(ctx, id, 'route', async (tx) => {
    const d = await findDepartment(tx, b.departmentId);
    if (!d) throw fieldError('body.departmentId', 'complaint.unknown_department', { id: b.departmentId });
    const name = d.kind === 'department' ? d.row.nameZh : d.name;
    const nameEn = d.kind === 'department' ? d.row.nameEn : d.name;
    const why = { 'zh-CN': `人工分派到${name}：${b.reason}`, en: `Routed by hand to ${nameEn}: ${b.reason}` };
    return {
      kind: 'routed',
      text: why,
      data: { departmentId: b.departmentId, reason: b.reason },
      set: {
        departmentId: d.kind === 'department' ? d.row.id : null,
        routedUnitId: d.kind === 'unit' ? d.id : null,
        routeWhy: why,
        routedAt: ctx.now,
      },
    };
  });

export const assignResponsibility = (ctx: Ctx, id: string, b: ResponsibilityBody) =>
  handle(ctx, id, 'responsibility', async (tx, c) => {
    let name = b.name ?? null;
    // A department has a name in each language; an outlet, a person or a maker has one name.
    let nameEn: string | null = null;
    let penaltyUnitId: string | null = null;
    let penaltyTechnicianId: string | null = null;
    if (b.kind === 'outlet' || (b.kind === 'department' && b.id)) {
      if (!b.id) throw fieldError('body.id', 'complaint.responsible_required');
      const d = b.kind === 'outlet' ? null : await findDepartment(tx, b.id);
      if (b.kind === 'outlet') {
        const [u] = await tx.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, b.id));
        if (!u) throw fieldError('body.id', 'complaint.responsible_required');
        name = u.name;
        penaltyUnitId = b.id;
      } else {
        if (!d) throw fieldError('body.id', 'complaint.responsible_required');
        name = d.kind === 'department' ? d.row.nameZh : d.name;
        nameEn = d.kind === 'department' ? d.row.nameEn : d.name;
      }
    } else if (b.kind === 'technician') {
      if (!b.id) throw fieldError('body.id', 'complaint.responsible_required');
      const [u] = await tx
        .select({ name: users.displayName, unit: users.orgUnitId })
        .from(users)
        .where(eq(users.id, b.id));
      if (!u) throw fieldError('body.id', 'complaint.responsible_required');
      name = u.name;
      penaltyTechnicianId = b.id;
      penaltyUnitId = u.unit;
    }
    if (!name) throw fieldError('body.name', 'complaint.responsible_required');
    const penalty = b.penaltyFen !== undefined && b.penaltyFen > 0;
    if (penalty && (!(b.kind === 'outlet' || b.kind === 'technician') || !b.reason))
      throw fieldError(b.reason ? 'body.kind' : 'body.reason', 'complaint.penalty_not_allowed');
    const yuan = penalty ? ` ¥${(b.penaltyFen! / 100).toFixed(2)}` : '';
    // The penalty belongs to the month it was first decided in, however it changes later.
    const decidedAt = penalty ? (c.penaltyDecidedAt ?? ctx.now) : c.penaltyDecidedAt;
    const before = c.penaltyFen !== null && c.penaltyUnitId ? { unitId: c.penaltyUnitId, fen: c.penaltyFen } : null;
    const after = penalty && penaltyUnitId ? { unitId: penaltyUnitId, fen: b.penaltyFen! } : null;
    if (decidedAt && (before?.unitId !== after?.unitId || before?.fen !== after?.fen))
      await penaltyChanged(tx, ctx, { complaintId: c.id, complaintCode: c.code, decidedAt, before, after });
    return {
      kind: 'responsibility',
      text: {
        'zh-CN': `责任方：${name}；整改措施：${b.correctiveAction}${penalty ? `；处罚${yuan}（${b.reason}）` : ''}`,
        en: `Responsible: ${nameEn ?? name}; corrective action: ${b.correctiveAction}${penalty ? `; penalty${yuan} (${b.reason})` : ''}`,
      },
      data: { kind: b.kind, id: b.id ?? null, penaltyFen: penalty ? b.penaltyFen : null },
      set: {
        responsible: { kind: b.kind, id: b.id ?? null, name },
        correctiveAction: b.correctiveAction,
        penaltyFen: penalty ? b.penaltyFen! : null,
        penaltyReason: penalty ? b.reason! : null,
        penaltyUnitId: penalty ? penaltyUnitId : null,
        penaltyTechnicianId: penalty ? penaltyTechnicianId : null,
        penaltyDecidedAt: decidedAt,
      },
    };
  });

export const proposeCompensation = (ctx: Ctx, id: string, b: CompensationBody) =>
  handle(ctx, id, 'compensation', async (tx) => {
    const { config } = await loadConfig(tx);
    const level = approvalLevel(b.amountFen, config);
    const yuan = (b.amountFen / 100).toFixed(2);
    return {
      kind: 'compensation_proposed',
      text: {
        'zh-CN': `提出补偿 ¥${yuan}（${COMPENSATION_NAMES[b.kind]['zh-CN']}）：${b.reason}，待第${level}级审批`,
        en: `Compensation proposed: ¥${yuan} (${COMPENSATION_NAMES[b.kind].en}): ${b.reason}; approved at level ${level}`,
      },
      data: { amountFen: b.amountFen, kind: b.kind, approvalLevel: level },
      set: {
        compensation: {
          amountFen: b.amountFen,
          kind: b.kind,
          reason: b.reason,
          state: 'proposed',
          approvalLevel: level,
          decidedBy: null,
          decisionReason: null,
        },
      },
    };
  });

export const decideCompensation = (ctx: Ctx, id: string, b: CompensationDecision) =>
  handle(
    ctx,
    id,
    'decide',
    async (_tx, c) => {
      const comp = c.compensation;
      if (comp?.state !== 'proposed') throw new AppError('complaint.no_compensation');
      if (actorLevel(ctx) < comp.approvalLevel)
        throw new AppError('complaint.approval_level', { level: comp.approvalLevel });
      const yuan = (comp.amountFen / 100).toFixed(2);
      return {
        kind: 'compensation_decided',
        text: b.approve
          ? { 'zh-CN': `批准补偿 ¥${yuan}`, en: `Compensation of ¥${yuan} approved` }
          : {
              'zh-CN': `驳回补偿 ¥${yuan}：${b.reason ?? ''}`,
              en: `Compensation of ¥${yuan} rejected: ${b.reason ?? ''}`,
            },
        data: { approve: b.approve, reason: b.reason ?? null },
        set: {
          compensation: {
            ...comp,
            state: b.approve ? 'approved' : 'rejected',
            decidedBy: actorName(ctx),
            decisionReason: b.reason ?? null,
          },
        },
      };
    },
    'complaints.manage',
  );

/**
 * The reply to the customer: the complaint is answered and its deadline stops. The customer also
 * gets it in writing ('complaint.replied'), whichever way it was given.
 */
export const replyToCustomer = (ctx: Ctx, id: string, b: ReplyBody) =>
  handle(ctx, id, 'reply', async (tx, c) => {
    await tx.insert(complaintReplies).values({
      complaintId: c.id,
      channel: b.channel,
      content: b.content,
      at: ctx.now,
      byName: actorName(ctx),
    });
    return {
      kind: 'replied',
      text: {
        'zh-CN': `答复客户（${CHANNEL_NAMES[b.channel]['zh-CN']}）：${b.content}`,
        en: `Replied to the customer (${CHANNEL_NAMES[b.channel].en}): ${b.content}`,
      },
      data: { channel: b.channel },
      set: { state: 'answered', answeredAt: ctx.now, deadlineAt: null, nextEscalationAt: null },
      after: async () =>
        sendMessage(
          tx,
          {
            event: 'complaint.replied',
            to: await messageAddressesOf(tx, c.customerId),
            params: { complaintCode: c.code, reply: b.content },
            orgPath: c.orgPath,
          },
          ctx.now,
        ),
    };
  });

/** The customer's answer to the last reply: accepted closes; not accepted reopens with a new deadline. */
export const recordAcceptance = (ctx: Ctx, id: string, b: AcceptanceBody) =>
  handle(ctx, id, 'acceptance', async (tx, c) => {
    if (!b.accepted && !b.reason) throw fieldError('body.reason', 'complaint.reason_required');
    const [last] = await tx
      .select()
      .from(complaintReplies)
      .where(and(eq(complaintReplies.complaintId, c.id), isNull(complaintReplies.accepted)))
      .orderBy(sql`${complaintReplies.at} desc`)
      .limit(1);
    if (!last) throw new AppError('complaint.no_reply');
    await tx
      .update(complaintReplies)
      .set({ accepted: b.accepted, reason: b.reason ?? null, decidedAt: ctx.now })
      .where(eq(complaintReplies.id, last.id));
    const state = afterAcceptance(b.accepted);
    if (state === 'closed')
      return {
        kind: 'accepted',
        text: { 'zh-CN': '客户认可答复，投诉关闭', en: 'The customer accepted the reply: closed' },
        set: { state, closedAt: ctx.now, closeReason: b.reason ?? null },
      };
    const { config } = await loadConfig(tx);
    const deadline = await deadlineFrom(tx, c.severity, ctx.now, config);
    return {
      kind: 'not_accepted',
      text: {
        'zh-CN': `客户不认可答复：${b.reason}，重新处理`,
        en: `The customer did not accept: ${b.reason}; handled again`,
      },
      data: { reason: b.reason },
      set: { state, deadlineAt: deadline, nextEscalationAt: c.level < 3 ? deadline : null },
    };
  });

export const closeComplaint = (ctx: Ctx, id: string, b: CloseBody) =>
  handle(ctx, id, 'close', async () => ({
    kind: 'closed',
    text: { 'zh-CN': `关闭投诉：${b.reason}`, en: `Closed: ${b.reason}` },
    set: { state: 'closed', closedAt: ctx.now, closeReason: b.reason, deadlineAt: null, nextEscalationAt: null },
  }));

/** PUT /api/complaint-routes: the routing table and configuration, replaced whole, audited. */
export async function updateRoutingTable(ctx: Ctx, b: RoutingTableUpdate): Promise<RoutingTable> {
  requirePermission(ctx.actor, 'complaints.manage');
  await ctx.db.transaction(async (tx) => {
    const [cur] = await tx.select().from(complaintSettings).where(eq(complaintSettings.id, 1)).for('update');
    await assertVersion(
      tx,
      ctx,
      {
        entity: 'complaint_routes',
        entityId: 'routing',
        version: cur?.version ?? 0,
        updatedAt: cur?.updatedAt ?? undefined,
      },
      b.version,
    );
    const depIds = new Set(
      (await tx.select({ id: complaintDepartments.id }).from(complaintDepartments)).map((d) => d.id),
    );
    const bad = COMPLAINT_TYPES.filter((t) => {
      const rows = b.routes.filter((r) => r.type === t);
      if (rows.length !== 1) return true;
      const r = rows[0]!;
      return r.target === 'department' && (!r.departmentId || !depIds.has(r.departmentId));
    });
    if (bad.length) throw fieldError('body.routes', 'complaint.routing_incomplete', { types: bad.join(', ') });
    const before = { routes: await loadRoutes(tx), config: cur?.config ?? null };
    await tx.delete(complaintRoutes);
    await tx.insert(complaintRoutes).values(
      b.routes.map((r) => ({
        type: r.type,
        target: r.target,
        departmentId: r.target === 'department' ? r.departmentId : null,
      })),
    );
    const version = (cur?.version ?? 0) + 1;
    await tx
      .insert(complaintSettings)
      .values({ id: 1, config: b.config, version, updatedAt: ctx.now, updatedBy: actorName(ctx) })
      .onConflictDoUpdate({
        target: complaintSettings.id,
        set: { config: b.config, version, updatedAt: ctx.now, updatedBy: actorName(ctx) },
      });
    await appendEvent(tx, ctx, {
      entity: 'complaint_routes',
      entityId: 'routing',
      action: 'update',
      before,
      after: { routes: b.routes, config: b.config },
      orgPath: ctx.actor.orgPath || null,
    });
  });
  return routingTable(ctx);
}
