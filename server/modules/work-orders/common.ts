import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { stringify } from 'safe-stable-stringify';
import type { Text } from '../../../shared/i18n.js';
import { localDay } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { withinScope } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events/index.js';
import { escapeLike, recordNotFound } from '../../platform/records.js';
import type { OrderCreate, OrderState } from './contract.js';
import { type ActorFacts, orderCode, orderDay, type Problem } from './rules.js';
import { workOrderCounters, workOrderHistory, workOrders } from './tables.js';
import { publishOrderChange } from './live.js';

export type OrderRow = typeof workOrders.$inferSelect;

const ENTITY_NAMES = {
  work_order: { 'zh-CN': '服务单', en: 'Work order' },
  service_request: { 'zh-CN': '服务申请', en: 'Service request' },
  customer: { 'zh-CN': '客户', en: 'Customer' },
  unit: { 'zh-CN': '产品', en: 'Unit' },
  address: { 'zh-CN': '地址', en: 'Address' },
  certification: { 'zh-CN': '工程师资质', en: 'Certification' },
  user: { 'zh-CN': '人员', en: 'Person' },
  product_line: { 'zh-CN': '产品线', en: 'Product line' },
  contact: { 'zh-CN': '来电记录', en: 'Contact' },
  complaint: { 'zh-CN': '投诉记录', en: 'Complaint record' },
} as const satisfies Record<string, Text>;
export type OrderEntity = keyof typeof ENTITY_NAMES;

/** Missing and out-of-scope records read alike, so ids of other branches cannot be probed. */
export function notFound(ctx: Pick<Ctx, 'lang'>, entity: OrderEntity, field?: string): AppError {
  return recordNotFound(ctx.lang, ENTITY_NAMES[entity], field);
}

/** A rules problem as the API error, naming its field where it has one. */
export function problemError(p: Problem): AppError {
  const params = p.params ?? {};
  if (p.field) return new AppError(p.code, params, [{ path: p.field, code: p.code, message: '' }]);
  return new AppError(p.code, params);
}

/** Locks an order of the actor's subtree for the command's transaction; others read as not found. */
export async function lockOrder(tx: DbLike, ctx: Ctx, id: string): Promise<OrderRow> {
  const [row] = await tx
    .select()
    .from(workOrders)
    .where(and(eq(workOrders.id, id), withinScope(ctx.actor, workOrders.orgPath)))
    .for('update');
  if (!row) throw notFound(ctx, 'work_order');
  return row;
}

export function actorFacts(ctx: Ctx, order: Pick<OrderRow, 'orgPath'>): ActorFacts {
  return {
    userId: ctx.actor.id,
    permissions: ctx.actor.permissions as ReadonlySet<string>,
    atHolder: ctx.actor.kind === 'system' || ctx.actor.orgPath === order.orgPath,
  };
}

export interface NumberingSettings {
  timeZone: string;
  prefix: string;
  digits: number;
}

/** `n` consecutive numbers of the day of `now` in one upsert (a group of orders created together). */
export async function nextOrderCodes(
  db: DbLike,
  numbering: NumberingSettings,
  now: Date,
  n: number,
): Promise<string[]> {
  const { timeZone, prefix, digits } = numbering;
  const day = orderDay(now, timeZone);
  const head = `${prefix}${day}-`;
  // The day's row exists all day but for its first order: a plain update, which leaves the
  // search for the highest existing code to that first one.
  const bumped = await db.execute(
    sql`update ${workOrderCounters} set last = last + ${n}::int where head = ${head} returning last`,
  );
  let rows = rowsOf<{ last: number }>(bumped);
  if (rows.length === 0) {
    const highest = sql`(select ${workOrders.code} from ${workOrders}
      where ${workOrders.code} >= ${head} and ${workOrders.code} like ${`${escapeLike(head)}%`}
      order by length(${workOrders.code}) desc, ${workOrders.code} desc limit 1)`;
    const res = await db.execute(sql`insert into ${workOrderCounters} (head, last)
      values (${head}, coalesce(nullif(substring(${highest} from ${head.length + 1}::int), '')::int, 0) + ${n}::int)
      on conflict (head) do update set last = ${workOrderCounters}.last + ${n}::int
      returning last`);
    rows = rowsOf<{ last: number }>(res);
  }
  const last = Number(rows[0]!.last);
  return Array.from({ length: n }, (_, i) => orderCode(prefix, day, last - n + 1 + i, digits));
}

/** Today's date (yyyy-mm-dd) in the company's time zone, for certification validity. */
export async function companyToday(tx: DbLike, now: Date): Promise<string> {
  const timeZone = await getSetting(tx, 'company.timeZone', now);
  return localDay(now, timeZone);
}

/** One timeline row and one audit event for a change of an order, in the caller's transaction. */
export async function recordHistory(
  tx: DbLike,
  ctx: Ctx,
  input: {
    order: Pick<OrderRow, 'id' | 'code' | 'orgPath'>;
    action: string;
    fromState: OrderState | null;
    toState: OrderState | null;
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    note?: string | null;
    data?: Record<string, unknown> | null;
    /** Path for the event (default: the order's path after the change). */
    orgPath?: string;
  },
): Promise<void> {
  await tx.insert(workOrderHistory).values({
    orderId: input.order.id,
    at: ctx.now,
    action: input.action,
    fromState: input.fromState,
    toState: input.toState,
    actorId: ctx.actor.id,
    actorName: ctx.actor.displayName || ctx.actor.username,
    note: input.note ?? null,
    data: input.data ?? null,
  });
  await appendEvent(tx, ctx, {
    entity: 'work_order',
    entityId: input.order.id,
    action: `work_order.${input.action}`,
    before: input.before ?? null,
    after: input.after ?? null,
    reason: input.note ?? null,
    orgPath: input.orgPath ?? input.order.orgPath,
  });
  await publishOrderChange(tx, {
    orderId: input.order.id,
    code: input.order.code,
    state: input.toState,
    action: input.action,
    at: ctx.now.toISOString(),
    paths: [...new Set([input.order.orgPath, input.orgPath ?? input.order.orgPath])],
  });
}

export function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}

/**
 * The fingerprint stored with an idempotency key: sha256 of the canonical JSON (keys sorted, no
 * whitespace) of the validated body, defaults filled in, so key order and spacing do not matter
 * and the same key with another body is told apart (422 idempotency.key_reused, as Stripe does).
 */
export function requestHash(input: OrderCreate): string {
  return createHash('sha256')
    .update(stringify(input) ?? '')
    .digest('hex');
}

/** The same key with another body: refused, naming the header (both creation paths end here). */
export function keyReused(): AppError {
  return new AppError('idempotency.key_reused', {}, [
    { path: 'headers.idempotency-key', code: 'idempotency.key_reused', message: '' },
  ]);
}

/** What an order's creation records on its timeline row (data) and audit event (after), on both creation paths. */
export function creationRecord(order: OrderRow): {
  after: Record<string, unknown>;
  data: Record<string, unknown> | null;
} {
  const data: Record<string, unknown> = {};
  if (order.serviceRequestId) data.serviceRequestId = order.serviceRequestId;
  if (order.backdate) data.backdate = order.backdate;
  return {
    after: {
      code: order.code,
      state: order.state,
      serviceType: order.serviceType,
      customerId: order.customerId,
      repeatOfId: order.repeatOfId,
      reportedAt: order.reportedAt.toISOString(),
      zone: order.zone,
      ...(order.backdate ? { backdate: order.backdate } : {}),
    },
    data: Object.keys(data).length ? data : null,
  };
}
