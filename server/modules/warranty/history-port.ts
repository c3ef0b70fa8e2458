import { sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';

/*
 * The service history of a unit, read from the work-order module's tables BY NAME. The work-order
 * module sits above this one (docs/architecture.md), so it cannot be imported; like the customers
 * merge, this one file reads `work_orders`, `work_order_parts` and `work_order_history` with raw
 * SQL and nothing else in the module touches them. Keep the column names in step with
 * server/modules/work-orders/tables.ts.
 */

function rowsOf<T>(res: unknown): T[] {
  return (res as { rows: T[] }).rows;
}

export interface HistoryOrder {
  id: string;
  code: string;
  state: string;
  reportedAt: Date;
  completedAt: Date | null;
  faultCode: string | null;
  /** Parts fitted at completion, with the time they were recorded. */
  parts: { partId: string; at: Date }[];
  /** First arrival on site or receipt of the unit (carry-in), if any. */
  arrivedAt: Date | null;
  /**
   * Periods the customer caused before the arrival: from booking an appointment confirmed with
   * the customer to the start of the booked window (the customer's chosen time), and waits with
   * reason `customer`.
   */
  customerPauses: { from: Date; to: Date | null }[];
}

const toDate = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v));

/** Every order of a unit except cancelled ones, oldest first, with parts, arrival and customer pauses. */
export async function unitServiceHistory(db: DbLike, unitId: string): Promise<HistoryOrder[]> {
  const orders = rowsOf<{
    id: string;
    code: string;
    state: string;
    reported_at: unknown;
    completed_at: unknown;
    fault_code: string | null;
    booked_from: unknown;
    booked_confirmed: boolean;
  }>(
    await db.execute(sql`
      select id, code, state, reported_at, completed_at, completion->>'faultCode' as fault_code, booked_from, booked_confirmed
      from work_orders
      where unit_id = ${unitId} and state <> 'cancelled'
      order by reported_at, id`),
  );
  if (orders.length === 0) return [];
  const ids = sql.join(
    orders.map((o) => sql`${o.id}::uuid`),
    sql`, `,
  );
  // One at a time: the warranty commands call this inside a transaction, which has one connection.
  const parts = await db.execute(
    sql`select order_id, part_id, created_at from work_order_parts where order_id in (${ids}) order by created_at`,
  );
  const history = await db.execute(sql`
    select order_id, at, action, data
    from work_order_history
    where order_id in (${ids}) and action in ('book', 'arrive', 'receive', 'wait', 'resume', 'complete', 'report_unfixable')
    order by id`);
  const byOrder = new Map<string, HistoryOrder>();
  for (const o of orders) {
    byOrder.set(o.id, {
      id: o.id,
      code: o.code,
      state: o.state,
      reportedAt: toDate(o.reported_at)!,
      completedAt: toDate(o.completed_at),
      faultCode: o.fault_code?.trim() ? o.fault_code.trim().toUpperCase() : null,
      parts: [],
      arrivedAt: null,
      customerPauses: [],
    });
  }
  for (const p of rowsOf<{ order_id: string; part_id: string; created_at: unknown }>(parts)) {
    byOrder.get(p.order_id)?.parts.push({ partId: p.part_id, at: toDate(p.created_at)! });
  }
  const booked = new Set<string>();
  for (const h of rowsOf<{ order_id: string; at: unknown; action: string; data: Record<string, unknown> | null }>(
    history,
  )) {
    const o = byOrder.get(h.order_id);
    if (!o) continue;
    const at = toDate(h.at)!;
    if (h.action === 'book') {
      // One pause per order: from its first booking to the (latest) booked window's start.
      if (booked.has(o.id)) continue;
      booked.add(o.id);
      const src = orders.find((x) => x.id === h.order_id);
      const from = toDate(src?.booked_from);
      if (!o.arrivedAt && src?.booked_confirmed && from && from.getTime() > at.getTime())
        o.customerPauses.push({ from: at, to: from });
    } else if (h.action === 'arrive' || h.action === 'receive') {
      o.arrivedAt ??= at;
    } else if (!o.arrivedAt && h.action === 'wait' && h.data?.reason === 'customer') {
      o.customerPauses.push({ from: at, to: null });
    } else if (h.action === 'resume' || h.action === 'complete' || h.action === 'report_unfixable') {
      const open = o.customerPauses.at(-1);
      if (open && open.to === null) open.to = at;
    }
  }
  return [...byOrder.values()];
}

/** One order's code, holder path and unit (a case opened from an order). */
export async function orderFacts(
  db: DbLike,
  orderId: string,
): Promise<{ id: string; code: string; orgPath: string; unitId: string | null } | null> {
  const [o] = rowsOf<{ id: string; code: string; org_path: string; unit_id: string | null }>(
    await db.execute(sql`select id, code, org_path, unit_id from work_orders where id = ${orderId}`),
  );
  return o ? { id: o.id, code: o.code, orgPath: o.org_path, unitId: o.unit_id } : null;
}
