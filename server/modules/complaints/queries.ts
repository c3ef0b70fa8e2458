import { and, asc, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { maskPhone } from '../../../shared/phone.js';
import type { DbLike } from '../../db/client.js';
import { hasPermission, requirePermission, withinScope } from '../../platform/access/index.js';
import type { Ctx } from '../../platform/context.js';
import { recordNotFound } from '../../platform/records.js';
import { orgUnits, users } from '../../platform/identity/tables.js';
import { listOf } from '../../platform/lists/contract.js';
import { customers, phonesOfCustomers, units } from '../customers/index.js';
import type {
  ComplaintDepartment,
  ComplaintDetail,
  ComplaintItem,
  ComplaintLevel,
  ComplaintQuery,
  ComplaintReport,
  RoutingTable,
  TimelineEntry,
} from './contract.js';
import {
  actorLevel,
  COMPLAINT,
  type ComplaintRow,
  deptName,
  loadConfig,
  loadDepartments,
  loadRoutes,
} from './common.js';
import { allows, type ComplaintAction } from './rules.js';
import { complaintDepartments, complaintEvents, complaintOrders, complaintReplies, complaints } from './tables.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The list items of these rows, in their order (customers, orders, departments, handlers in a few queries). */
async function itemsOf(db: DbLike, lang: string, rows: ComplaintRow[]): Promise<ComplaintItem[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const custIds = [...new Set(rows.map((r) => r.customerId))];
  const custs = await db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(inArray(customers.id, custIds));
  const phones = await phonesOfCustomers(db, custIds);
  const orders = await db
    .select({ complaintId: complaintOrders.complaintId, id: complaintOrders.orderId, code: complaintOrders.orderCode })
    .from(complaintOrders)
    .where(inArray(complaintOrders.complaintId, ids));
  const depIds = [...new Set(rows.map((r) => r.departmentId).filter((x): x is string => !!x))];
  const deps = depIds.length
    ? await db.select().from(complaintDepartments).where(inArray(complaintDepartments.id, depIds))
    : [];
  const unitIds = [...new Set(rows.map((r) => r.routedUnitId).filter((x): x is string => !!x))];
  const units = unitIds.length
    ? await db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, unitIds))
    : [];
  const handlerIds = [...new Set(rows.map((r) => r.handlerId).filter((x): x is string => !!x))];
  const handlers = handlerIds.length
    ? await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, handlerIds))
    : [];
  return rows.map((r) => {
    const c = custs.find((x) => x.id === r.customerId);
    const phone = phones.find((p) => p.customerId === r.customerId)?.number ?? null;
    const dep = r.departmentId ? deps.find((d) => d.id === r.departmentId) : null;
    const unit = r.routedUnitId ? units.find((u) => u.id === r.routedUnitId) : null;
    return {
      id: r.id,
      code: r.code,
      type: r.type,
      severity: r.severity,
      state: r.state,
      level: r.level as ComplaintLevel,
      source: r.source,
      regulatorKind: r.regulatorKind ?? null,
      summary: r.summary,
      // The list never carries a full number: revealing one is an explicit act on the customer page.
      customer: { id: r.customerId, name: c?.name ?? '', phone: phone ? maskPhone(phone) : null },
      orders: orders.filter((o) => o.complaintId === r.id).map((o) => ({ id: o.id, code: o.code })),
      department: dep
        ? { id: dep.id, name: deptName(dep, lang), kind: dep.kind }
        : unit
          ? { id: unit.id, name: unit.name, kind: 'unit' as const }
          : null,
      handler: r.handlerId ? { id: r.handlerId, name: handlers.find((h) => h.id === r.handlerId)?.name ?? '' } : null,
      deadlineAt: r.state === 'open' || r.state === 'reopened' ? iso(r.deadlineAt) : null,
      openedAt: r.openedAt.toISOString(),
      urgeCount: r.urgeCount,
      crisisReasons: r.crisisReasons,
      version: r.version,
    };
  });
}

/** GET /api/complaints: complaints in the reader's scope (an outlet: about its own orders), newest first. */
export async function listComplaints(ctx: Ctx, q: ComplaintQuery) {
  requirePermission(ctx.actor, 'complaints.read');
  const where: SQL[] = [withinScope(ctx.actor, complaints.orgPath)];
  if (q.state) where.push(eq(complaints.state, q.state));
  if (q.level) where.push(eq(complaints.level, q.level));
  if (q.severity) where.push(eq(complaints.severity, q.severity));
  if (q.type) where.push(eq(complaints.type, q.type));
  if (q.customerId) where.push(eq(complaints.customerId, q.customerId));
  if (q.departmentId)
    where.push(or(eq(complaints.departmentId, q.departmentId), eq(complaints.routedUnitId, q.departmentId))!);
  if (q.open === 'true') where.push(sql`${complaints.state} <> 'closed'`);
  if (q.open === 'false') where.push(eq(complaints.state, 'closed'));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(
      or(
        ilike(complaints.code, like),
        ilike(complaints.summary, like),
        sql`${complaints.customerId} in (select ${customers.id} from ${customers} where ${customers.name} ilike ${like})`,
        sql`${complaints.id} in (select ${complaintOrders.complaintId} from ${complaintOrders} where ${complaintOrders.orderCode} ilike ${like})`,
      )!,
    );
  }
  const cond = and(...where);
  const [count] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(complaints).where(cond);
  const rows = await ctx.db
    .select()
    .from(complaints)
    .where(cond)
    .orderBy(desc(complaints.openedAt), desc(complaints.code))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: await itemsOf(ctx.db, ctx.lang, rows), total: count?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

async function loadInScope(ctx: Ctx, id: string): Promise<ComplaintRow> {
  requirePermission(ctx.actor, 'complaints.read');
  const [row] = await ctx.db
    .select()
    .from(complaints)
    .where(and(eq(complaints.id, id), withinScope(ctx.actor, complaints.orgPath)));
  if (!row) throw recordNotFound(ctx.lang, COMPLAINT);
  return row;
}

const ACTIONS: ComplaintAction[] = [
  'note',
  'contact',
  'route',
  'responsibility',
  'compensation',
  'decide',
  'reply',
  'acceptance',
  'close',
];

/** What the reader may do now, by the complaint's state and the reader's rights. */
function actionsFor(ctx: Ctx, r: ComplaintRow): ComplaintDetail['actions'] {
  return ACTIONS.filter((a) => {
    if (!allows(r.state, a)) return false;
    if (a === 'contact') return hasPermission(ctx.actor, 'complaints.read');
    if (a === 'decide')
      return (
        hasPermission(ctx.actor, 'complaints.manage') &&
        r.compensation?.state === 'proposed' &&
        actorLevel(ctx) >= r.compensation.approvalLevel
      );
    return hasPermission(ctx.actor, 'complaints.handle');
  });
}

/** GET /api/complaints/:id: the item with its contacts, timeline, routing, escalations and handling. */
export async function getComplaint(ctx: Ctx, id: string): Promise<ComplaintDetail> {
  const r = await loadInScope(ctx, id);
  const [item] = await itemsOf(ctx.db, ctx.lang, [r]);
  const [unit] = r.unitId
    ? await ctx.db.select({ id: units.id, serialNo: units.serialNo }).from(units).where(eq(units.id, r.unitId))
    : [];
  const events = await ctx.db
    .select()
    .from(complaintEvents)
    .where(eq(complaintEvents.complaintId, id))
    .orderBy(asc(complaintEvents.id));
  const replies = await ctx.db
    .select()
    .from(complaintReplies)
    .where(eq(complaintReplies.complaintId, id))
    .orderBy(asc(complaintReplies.at));
  const timeline: TimelineEntry[] = events.map((e) => ({
    kind: e.kind as TimelineEntry['kind'],
    actor: e.actorName,
    at: e.at.toISOString(),
    text: e.text,
  }));
  const data = (e: (typeof events)[number]) => e.data as Record<string, unknown>;
  return {
    ...item!,
    unit: r.unitId ? { id: r.unitId, serialNo: unit?.serialNo ?? null } : null,
    compensationDemanded: r.compensationDemanded,
    mediaExposure: r.mediaExposure,
    calendar: r.calendar,
    closedAt: iso(r.closedAt),
    closeReason: r.closeReason,
    contacts: events
      .filter((e) => e.kind === 'contact')
      .map((e) => ({
        id: `00000000-0000-4000-8000-${String(e.id).padStart(12, '0')}`,
        channel: String(data(e).channel ?? ''),
        text: e.text['zh-CN'],
        at: e.at.toISOString(),
        actor: e.actorName,
      })),
    timeline,
    routing: {
      department: item!.department,
      why: r.routeWhy ?? { 'zh-CN': '未分派', en: 'Not routed' },
      at: iso(r.routedAt),
    },
    escalations: events
      .filter((e) => e.kind === 'escalated')
      .map((e) => ({
        fromLevel: Number(data(e).fromLevel) as ComplaintLevel,
        toLevel: Number(data(e).toLevel) as ComplaintLevel,
        at: e.at.toISOString(),
        why: data(e).why === 'crisis' ? ('crisis' as const) : ('deadline' as const),
        notified: (data(e).notified as string[] | undefined) ?? [],
      })),
    handling: {
      notes: events
        .filter((e) => e.kind === 'note')
        .map((e) => ({ text: e.text['zh-CN'], at: e.at.toISOString(), actor: e.actorName })),
      responsible: r.responsible ? { kind: r.responsible.kind, id: r.responsible.id, name: r.responsible.name } : null,
      correctiveAction: r.correctiveAction,
      discipline: r.penaltyFen !== null ? { penaltyFen: r.penaltyFen, reason: r.penaltyReason ?? '' } : null,
      compensation: r.compensation,
      replies: replies.map((p) => ({
        id: p.id,
        channel: p.channel,
        content: p.content,
        at: p.at.toISOString(),
        by: p.byName,
        accepted: p.accepted,
        reason: p.reason,
      })),
    },
    actions: actionsFor(ctx, r),
  };
}

/** GET /api/complaints/:id/report: the printable 投诉处理报告. */
export async function complaintReport(ctx: Ctx, id: string): Promise<ComplaintReport> {
  const complaint = await getComplaint(ctx, id);
  const root = ctx.actor.orgPath.split('/').filter(Boolean)[0];
  const [hq] = root
    ? await ctx.db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, root))
    : await ctx.db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.kind, 'hq')).limit(1);
  return {
    complaint,
    company: hq?.name ?? '',
    printedAt: ctx.now.toISOString(),
    printedBy: ctx.actor.displayName || ctx.actor.username,
  };
}

export async function listDepartments(ctx: Ctx): Promise<{ items: ComplaintDepartment[]; total: number }> {
  requirePermission(ctx.actor, 'complaints.read');
  const rows = await loadDepartments(ctx.db);
  return listOf(rows.map((d) => ({ id: d.id, name: deptName(d, ctx.lang), kind: d.kind })));
}

/** GET /api/complaint-routes: the routing table, the configuration and the departments. */
export async function routingTable(ctx: Ctx): Promise<RoutingTable> {
  requirePermission(ctx.actor, 'complaints.read');
  const { config, version, row } = await loadConfig(ctx.db);
  const routes = await loadRoutes(ctx.db);
  const deps = await loadDepartments(ctx.db);
  const order = ['attitude', 'fees', 'norms', 'timeliness', 'quality', 'component', 'other'];
  return {
    routes: routes.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type)),
    config,
    departments: deps.map((d) => ({ id: d.id, name: deptName(d, ctx.lang), kind: d.kind })),
    version,
    updatedAt: iso(row?.updatedAt),
    updatedBy: row?.updatedBy ?? null,
  };
}
