import { and, asc, between, eq, ilike, inArray, isNotNull, or, type SQL, sql } from 'drizzle-orm';
import { yuan } from '../../../shared/money.js';
import { maskPhone } from '../../../shared/phone.js';
import { localDay } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import { hasPermission, requirePermission } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import { orgUnits, users } from '../../platform/identity/tables.js';
import { recordNotFound } from '../../platform/records.js';
import { disciplineFacts } from '../complaints/index.js';
import { customers, firstPhoneOf, phonesOfCustomers, productLinesByIds } from '../customers/index.js';
import { getOrder, workOrders } from '../work-orders/index.js';
import type {
  AttemptResult,
  AttemptView,
  CallbackDetail,
  CallbackItem,
  CallbackQuery,
  ScoreList,
  ScoreQuery,
  ScriptQuestion,
  TimelineEntry,
} from './contract.js';
import { CALLBACK, recordedFee, type TaskRow, taskReadable, worksTask, zoneAt } from './common.js';
import { actionsOf, aggregateScores, countComplaints, endOfLocalDay, scoreRows, startOfLocalDay } from './rules.js';
import { deductionsAt } from './satisfaction.js';
import { callbackEvents, callbackTasks } from './tables.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The list items of these rows, in their order (customers, phones, units and technicians in a few queries). */
async function itemsOf(db: DbLike, rows: TaskRow[]): Promise<CallbackItem[]> {
  if (!rows.length) return [];
  const orders = await db
    .select({ id: workOrders.id, customerId: workOrders.customerId })
    .from(workOrders)
    .where(
      inArray(
        workOrders.id,
        rows.map((r) => r.orderId),
      ),
    );
  const custIds = [...new Set(orders.map((o) => o.customerId))];
  const custs = custIds.length
    ? await db.select({ id: customers.id, name: customers.name }).from(customers).where(inArray(customers.id, custIds))
    : [];
  const phones = await phonesOfCustomers(db, custIds);
  const unitIds = [...new Set(rows.flatMap((r) => [r.centerId, r.outletId]).filter((x): x is string => !!x))];
  const units = await db
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(inArray(orgUnits.id, unitIds));
  const techIds = [...new Set(rows.map((r) => r.technicianId).filter((x): x is string => !!x))];
  const techs = techIds.length
    ? await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, techIds))
    : [];
  return rows.map((r) => {
    const customerId = orders.find((o) => o.id === r.orderId)?.customerId;
    const phone = phones.find((p) => p.customerId === customerId)?.number ?? null;
    return {
      id: r.id,
      code: r.code,
      kind: r.kind,
      state: r.state,
      orderId: r.orderId,
      orderCode: r.orderCode,
      customerName: custs.find((c) => c.id === customerId)?.name ?? '',
      // The queue never carries a full number; the task's page shows it to those who call.
      phone: phone ? maskPhone(phone) : null,
      outletId: r.outletId,
      outletName: r.outletId ? (units.find((u) => u.id === r.outletId)?.name ?? null) : null,
      technicianId: r.technicianId,
      technicianName: r.technicianId ? (techs.find((t) => t.id === r.technicianId)?.name ?? null) : null,
      centerId: r.centerId,
      centerName: units.find((u) => u.id === r.centerId)?.name ?? '',
      dueFrom: r.dueFrom.toISOString(),
      dueBy: r.dueBy.toISOString(),
      attempts: r.attempts,
      nextAttemptAt: r.state === 'open' ? iso(r.nextAttemptAt) : null,
      createdAt: r.createdAt.toISOString(),
      version: r.version,
    };
  });
}

/**
 * GET /api/callbacks: the queue in the reader's scope (the calling center's people, or an outlet
 * for its own orders), by due date. `due`: overdue (open, window ended), today (open, window open
 * by the end of today), upcoming (open, window opens after today).
 */
export async function listCallbacks(ctx: Ctx, q: CallbackQuery) {
  requirePermission(ctx.actor, 'callbacks.read');
  const where: SQL[] = [taskReadable(ctx.actor)];
  if (q.state) where.push(eq(callbackTasks.state, q.state));
  if (q.kind) where.push(eq(callbackTasks.kind, q.kind));
  if (q.due !== 'all') {
    const zone = await zoneAt(ctx.db, ctx.now);
    const endToday = endOfLocalDay(localDay(ctx.now, zone), zone);
    where.push(eq(callbackTasks.state, 'open'));
    if (q.due === 'overdue') where.push(sql`${callbackTasks.dueBy} < ${ctx.now.toISOString()}`);
    if (q.due === 'today')
      where.push(
        sql`${callbackTasks.dueBy} >= ${ctx.now.toISOString()} and ${callbackTasks.dueFrom} <= ${endToday.toISOString()}`,
      );
    if (q.due === 'upcoming') where.push(sql`${callbackTasks.dueFrom} > ${endToday.toISOString()}`);
  }
  if (q.unitId) {
    const like = await unitPathLike(ctx.db, q.unitId);
    where.push(or(sql`${callbackTasks.orgPath} like ${like}`, sql`${callbackTasks.outletPath} like ${like}`)!);
  }
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(
      or(
        ilike(callbackTasks.code, like),
        ilike(callbackTasks.orderCode, like),
        sql`${callbackTasks.orderId} in (select ${workOrders.id} from ${workOrders} join ${customers} on ${customers.id} = ${workOrders.customerId} where ${customers.name} ilike ${like})`,
      )!,
    );
  }
  const cond = and(...where);
  const [count] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(callbackTasks).where(cond);
  const rows = await ctx.db
    .select()
    .from(callbackTasks)
    .where(cond)
    .orderBy(asc(callbackTasks.dueBy), asc(callbackTasks.code))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: await itemsOf(ctx.db, rows), total: count?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** The script in force, its `{fee}` replaced by the fee recorded: the agent's and the survey page's questions. */
export async function scriptQuestions(db: DbLike, now: Date, feeFen: number | null): Promise<ScriptQuestion[]> {
  const script = await getSetting(db, 'callbacks.script', now);
  const fee = feeFen === null ? null : yuan(feeFen);
  return script.map((s) => ({
    key: s.key,
    text: {
      'zh-CN': s['zh-CN'].replaceAll('{fee}', fee?.['zh-CN'] ?? '（未知）'),
      en: s.en.replaceAll('{fee}', fee?.en ?? '(unknown)'),
    },
  }));
}

/** The LIKE pattern of a unit's subtree, for the `unitId` filters (an unknown unit is refused, naming the field). */
async function unitPathLike(db: DbLike, unitId: string): Promise<string> {
  const [u] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, unitId));
  if (!u) throw fieldError('querystring.unitId', 'entity.not_found', { entity: 'org_unit' });
  return `${u.path.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/** GET /api/callbacks/:id: the task with the order's facts, the fee, the script, attempts, answer and outcomes. */
export async function getCallback(ctx: Ctx, id: string): Promise<CallbackDetail> {
  requirePermission(ctx.actor, 'callbacks.read');
  const [row] = await ctx.db
    .select()
    .from(callbackTasks)
    .where(and(eq(callbackTasks.id, id), taskReadable(ctx.actor)));
  if (!row) throw recordNotFound(ctx.lang, CALLBACK);
  const [item] = await itemsOf(ctx.db, [row]);
  // The task was found in the reader's scope: its order is read for it (phone masked per the order's rules).
  const order = await getOrder(ctx, row.orderId, { unscoped: true });
  const feeFen = await recordedFee(ctx, row.orderId);
  const lines = order.productLineId ? await productLinesByIds(ctx.db, [order.productLineId]) : new Map();
  const questions = await scriptQuestions(ctx.db, ctx.now, feeFen);
  const events = await ctx.db
    .select()
    .from(callbackEvents)
    .where(eq(callbackEvents.taskId, id))
    .orderBy(asc(callbackEvents.id));
  const attemptsHistory: AttemptView[] = events
    .filter((e) => e.kind === 'attempt')
    .map((e) => ({
      n: Number(e.data.n ?? 0),
      result: e.data.result as AttemptResult,
      note: (e.data.note as string | null | undefined) ?? null,
      at: e.at.toISOString(),
      by: e.actorName,
    }));
  const timeline: TimelineEntry[] = events.map((e) => ({
    kind: e.kind as TimelineEntry['kind'],
    actor: e.actorName,
    at: e.at.toISOString(),
    text: e.text,
  }));
  const maxAttempts = await getSetting(ctx.db, 'callbacks.maxAttempts', ctx.now);
  const works = worksTask(ctx.actor, row);
  const a = row.answer;
  // The people who work the queue make the call: they see the number whole while the task is open
  // (the call is their service of the order); anyone else sees it as the order shows it to them.
  const dials = works && row.state === 'open' && hasPermission(ctx.actor, 'callbacks.work');
  const dialled = dials ? await firstPhoneOf(ctx.db, order.customerId) : null;
  return {
    ...item!,
    contactMasked: dialled ? false : order.contactMasked,
    phone: dialled ?? order.customerPhone ?? item!.phone,
    order: {
      serviceType: order.serviceType,
      state: order.state,
      productLine: order.productLineId ? (lines.get(order.productLineId)?.name ?? null) : null,
      model: order.modelName,
      serialNo: order.serialNo,
      faultDescription: order.faultDescription,
      diagnosis: order.completion?.diagnosis ?? null,
      cause: order.completion?.cause ?? null,
      solution: order.completion?.solution ?? null,
      parts: order.parts.map((p) => ({ partId: p.partId, name: p.partName, qty: p.qty })),
      completedAt: order.completion?.completedAt ?? row.completedAt.toISOString(),
      feeFen,
    },
    script: questions,
    attemptsHistory,
    maxAttempts,
    answer: a
      ? {
          fixed: a.fixed,
          feeAsRecorded: a.feeAsRecorded,
          feeSaidFen: a.feeSaidFen,
          attitude: a.attitude,
          quality: a.quality,
          timeliness: a.timeliness,
          nps: a.nps,
          comments: a.comments,
          at: row.answeredAt!.toISOString(),
          by: row.answeredByName ?? '',
          channel: a.channel ?? 'phone',
        }
      : null,
    outcomes: row.outcomes,
    cancelReason: row.cancelReason,
    closedAt: iso(row.closedAt),
    timeline,
    actions: actionsOf(row.state, {
      work: works && hasPermission(ctx.actor, 'callbacks.work'),
      manage: works && hasPermission(ctx.actor, 'callbacks.manage'),
    }),
  };
}

/**
 * GET /api/callback-scores: rolling satisfaction per outlet or technician over the callbacks
 * answered from `from` to `to` (company-zone days, both included), in the reader's scope.
 */
export async function callbackScores(ctx: Ctx, q: ScoreQuery): Promise<ScoreList> {
  requirePermission(ctx.actor, 'callbacks.read');
  const span = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
  if (!(span >= 0) || span > 366)
    throw fieldError('querystring.to', 'callback.period_invalid', { from: q.from, to: q.to });
  const zone = await zoneAt(ctx.db, ctx.now);
  const start = startOfLocalDay(q.from, zone);
  const end = endOfLocalDay(q.to, zone);
  const by = q.level === 'outlet' ? callbackTasks.outletId : callbackTasks.technicianId;
  let within: SQL | undefined;
  let pathLike: string | undefined;
  if (q.unitId) {
    pathLike = await unitPathLike(ctx.db, q.unitId);
    within = sql`${callbackTasks.outletPath} like ${pathLike}`;
  }
  const rows = await ctx.db
    .select({ id: by, answer: callbackTasks.answer })
    .from(callbackTasks)
    .where(
      and(
        taskReadable(ctx.actor),
        eq(callbackTasks.state, 'done'),
        isNotNull(by),
        between(callbackTasks.answeredAt, start, end),
        within,
      ),
    );
  // The complaints held against them, opened in the same period, read in the reader's own
  // complaint scope (and, for a unit, about orders served within it).
  const facts = await disciplineFacts(ctx.db, {
    from: start,
    to: new Date(end.getTime() + 1),
    readableBy: ctx.actor,
    pathLike,
  });
  const held = facts.flatMap((f) => {
    const id = q.level === 'outlet' ? f.outletId : f.technicianId;
    return id ? [{ id, at: f.openedAt, penalty: f.penalty }] : [];
  });
  const counts = countComplaints(held, { from: start, until: end });
  const ids = [...new Set([...rows.map((r) => r.id!), ...counts.keys()])];
  const names = new Map<string, string>();
  if (ids.length) {
    const named =
      q.level === 'outlet'
        ? await ctx.db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, ids))
        : await ctx.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids));
    for (const n of named) names.set(n.id, n.name);
  }
  const deductions = await deductionsAt(ctx.db, ctx.now);
  const callbackFigures = aggregateScores(
    rows
      .filter((r) => r.answer)
      .map((r) => ({
        id: r.id!,
        name: names.get(r.id!) ?? '',
        fixed: r.answer!.fixed,
        attitude: r.answer!.attitude,
        quality: r.answer!.quality,
        timeliness: r.answer!.timeliness,
        nps: r.answer!.nps,
      })),
  );
  const items = scoreRows(callbackFigures, counts, names, deductions);
  return { level: q.level, from: q.from, to: q.to, deductions, items, total: items.length };
}
