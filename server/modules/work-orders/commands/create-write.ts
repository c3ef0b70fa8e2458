import { sql } from 'drizzle-orm';
import { insertRowsSql } from '../../../db/bulk.js';
import type { DbLike } from '../../../db/client.js';
import type { Ctx } from '../../../platform/context.js';
import { eventsInsertSql } from '../../../platform/events/index.js';
import { milestonesInsertSql, type planNewOrderMilestones } from '../../sla/index.js';
import { creationRecord, type OrderRow } from '../common.js';
import { ORDERS_CHANNEL, type OrderNotice } from '../live.js';
import { workOrderHistory, workOrderIdempotency, workOrders } from '../tables.js';

/*
 * The one writer of new orders, for one order or many: a single statement of data-modifying
 * CTEs writes the orders, their timeline rows, audit events, SLA milestones, idempotency keys and
 * board notices. A keyed order is written only if its key is claimed by this statement (the key's
 * unique index makes a concurrent twin wait for this one and then find it): an order whose key
 * was claimed meanwhile is left out, with everything of it, and its creation runs again and
 * answers the first order. Every other order is written or the statement fails as a whole.
 */

export interface NewOrderWrite {
  ctx: Ctx;
  order: OrderRow;
  /** The timeline note and event reason (a repeat visit's reason). */
  note: string | null;
  key: { actorKey: string; key: string; requestHash: string } | null;
  milestones: Awaited<ReturnType<typeof planNewOrderMilestones>>[number]['rows'];
}

/** Writes the orders; returns the timeline row id of each order written, by order id. */
export async function writeNewOrders(tx: DbLike, items: NewOrderWrite[]): Promise<Map<string, string>> {
  if (!items.length) return new Map();
  const keyed = items.filter((p) => p.key);
  const unkeyed = items.filter((p) => !p.key).map((p) => p.order.id);
  const ok = sql`(select id from ok)`;
  const notices = items.map((p) => ({
    id: p.order.id,
    payload: JSON.stringify({
      orderId: p.order.id,
      code: p.order.code,
      state: 'created',
      action: 'created',
      at: p.ctx.now.toISOString(),
      paths: [p.order.orgPath],
    } satisfies OrderNotice),
  }));
  const claimed = keyed.length
    ? insertRowsSql(
        workOrderIdempotency,
        keyed.map((p) => ({
          actorKey: p.key!.actorKey,
          key: p.key!.key,
          requestHash: p.key!.requestHash,
          orderId: p.order.id,
          createdAt: p.ctx.now,
        })),
        { onConflictDoNothing: true, returning: sql`order_id` },
      )
    : sql`select null::uuid as order_id where false`;
  const records = items.map((p) => creationRecord(p.order));
  const res = await tx.execute(sql`
    with claimed as (${claimed}),
    ok as (
      select order_id as id from claimed
      union all
      select (value #>> '{}')::uuid from jsonb_array_elements(${JSON.stringify(unkeyed)}::jsonb)
    ),
    o as (${insertRowsSql(
      workOrders,
      items.map((p) => p.order),
      { where: sql`r.id in ${ok}`, returning: sql`id` },
    )}),
    h as (${insertRowsSql(
      workOrderHistory,
      items.map((p, i) => ({
        orderId: p.order.id,
        at: p.ctx.now,
        action: 'created',
        fromState: null,
        toState: 'created' as const,
        actorId: p.ctx.actor.id,
        actorName: p.ctx.actor.displayName || p.ctx.actor.username,
        note: p.note,
        data: records[i]!.data,
      })),
      { where: sql`r.order_id in ${ok}`, returning: sql`id, order_id` },
    )}),
    e as (${eventsInsertSql(
      items.map((p, i) => ({
        ctx: p.ctx,
        event: {
          entity: 'work_order',
          entityId: p.order.id,
          action: 'work_order.created',
          before: null,
          after: records[i]!.after,
          reason: p.note,
          orgPath: p.order.orgPath,
        },
      })),
      sql`r.entity_id in (select id::text from ok)`,
    )}),
    m as (${milestonesInsertSql(
      items.flatMap((p) => p.milestones),
      sql`r.order_id in ${ok}`,
    )}),
    n as (
      select pg_notify(${ORDERS_CHANNEL}, x.payload)
      from jsonb_to_recordset(${JSON.stringify(notices)}::jsonb) as x(id uuid, payload text)
      where x.id in ${ok}
    )
    select coalesce((select json_agg(json_build_object('id', h.id, 'order', h.order_id)) from h), '[]') as history,
      (select count(*) from n) as notified`);
  const row = (res as { rows: { history: { id: number; order: string }[] | string }[] }).rows[0]!;
  const history =
    typeof row.history === 'string' ? (JSON.parse(row.history) as { id: number; order: string }[]) : row.history;
  return new Map(history.map((h) => [h.order, String(h.id)]));
}
