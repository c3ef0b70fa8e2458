import { inArray, sql } from 'drizzle-orm';
import { localDay } from '../../../shared/time-zone.js';
import { insertRowsSql } from '../../db/bulk.js';
import type { DbLike } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { getSetting } from '../../platform/config/index.js';
import { completionClock } from '../money/index.js';
import { consumptionOfOrders, waitsOfOrders } from '../parts/index.js';
import { type EndedMilestone, endedMilestonesOfMany } from '../sla/index.js';
import { orderIdPage, reportOrdersOf } from '../work-orders/index.js';
import { type ReportPart, reportDirtyOrders, reportOrderFacts } from './tables.js';

/*
 * Keeping the read model exact (docs/reports.md, "Exact and fast"). The triggers of migration 0041
 * add every order a transaction changes (its row, or one of its SLA milestones, or the parts wait
 * attribution of one of its requests) to report_dirty_orders, in that transaction. Draining takes
 * a batch of dirty ids with their rows locked and deleted, reads the orders' facts through the
 * owning modules' edges (work orders, SLA milestones, parts waits; the completion clock is money's
 * rule, the one the center figures judge by) and upserts their rows, in one transaction. A writer
 * committing meanwhile re-adds its order (its insert waits for the delete to commit), so nothing
 * is lost; two drainers take the same rows in id order, the second waiting for the first, so a
 * reader that drained has seen every write committed before it began.
 */

/** Orders per drain transaction: a few statements of a few thousand ids each. */
export const DRAIN_BATCH = 5000;

const metAt = (ms: readonly EndedMilestone[], key: string): Date | null => {
  let out: string | null = null;
  for (const m of ms) if (m.key === key && m.metAt !== null && m.state !== 'cancelled') out = m.metAt;
  return out === null ? null : new Date(out);
};

/**
 * One SLA step of an order: its last milestone of the key that was not cancelled — the clock
 * minutes when met (limit − remaining), late when met late or breached.
 */
function step(ms: readonly EndedMilestone[], key: string): { minutes: number | null; late: boolean } {
  let last: EndedMilestone | null = null;
  for (const m of ms) if (m.key === key && m.state !== 'cancelled') last = m;
  if (!last) return { minutes: null, late: false };
  const met = last.metAt !== null && last.remainingMinutes !== null;
  return {
    minutes: met ? last.limitMinutes - last.remainingMinutes! : null,
    late: last.state === 'breached' || (last.lateMinutes ?? 0) > 0,
  };
}

/** An order's consumption summed per part (a part taken from two depots is one line). */
function partsOf(rows: readonly { partId: string; quantity: number; costFen: number | null }[]): ReportPart[] {
  const out = new Map<string, ReportPart>();
  for (const r of rows) {
    if (r.quantity <= 0) continue;
    const p = out.get(r.partId) ?? { partId: r.partId, quantity: 0, costFen: 0 };
    p.quantity += r.quantity;
    p.costFen = p.costFen === null || r.costFen === null ? null : p.costFen + r.costFen;
    out.set(r.partId, p);
  }
  return [...out.values()];
}

/** Recomputes the facts of these orders (an order that no longer exists loses its row). */
export async function writeFacts(tx: DbLike, ids: readonly string[], now: Date, timeZone: string): Promise<void> {
  if (!ids.length) return;
  const orders = await reportOrdersOf(tx, ids);
  const milestones = await endedMilestonesOfMany(tx, ids, now);
  const waits = await waitsOfOrders(tx, ids);
  const consumed = await consumptionOfOrders(tx, ids);
  const day = (at: Date | null) => (at === null ? null : localDay(at, timeZone));
  const rows = orders.map((o): typeof reportOrderFacts.$inferInsert => {
    const ms = milestones.get(o.id) ?? [];
    const clock = completionClock({ milestones: ms, partsWaits: waits.get(o.id) ?? [] });
    const dispatchedAt = metAt(ms, 'center_dispatch');
    const hq = step(ms, 'hq_dispatch');
    const center = step(ms, 'center_dispatch');
    const contact = step(ms, 'appointment_contact');
    const onSite = step(ms, 'on_site');
    const fix = step(ms, 'resolved');
    return {
      orderId: o.id,
      code: o.code,
      orgPath: o.orgPath,
      provinceCode: o.provinceCode ? o.provinceCode.slice(0, 2) : null,
      centerId: o.centerId,
      outletId: o.outletId,
      technicianId: o.technicianId,
      productLineId: o.productLineId,
      modelId: o.modelId,
      serviceType: o.serviceType,
      state: o.state,
      receivedAt: o.reportedAt,
      receivedDay: day(o.reportedAt)!,
      dispatchedAt,
      dispatchedDay: day(dispatchedAt),
      onSiteAt: metAt(ms, 'on_site'),
      completedAt: o.completedAt,
      completedDay: day(o.completedAt),
      endedDay: day(o.completedAt ?? o.closedAt),
      resolvedMinutes: clock && o.completedAt ? clock.minutes : null,
      excused: clock?.excused ?? false,
      hqParts: clock?.hq ?? false,
      faultCode: o.faultCode,
      cause: o.cause,
      unitId: o.unitId,
      purchaseDay: o.purchaseDay,
      reopened: o.reopened,
      parts: partsOf(consumed.get(o.id) ?? []),
      hqDispatchMinutes: hq.minutes,
      hqDispatchLate: hq.late,
      centerDispatchMinutes: center.minutes,
      centerDispatchLate: center.late,
      contactMinutes: contact.minutes,
      contactLate: contact.late,
      onSiteMinutes: onSite.minutes,
      onSiteLate: onSite.late,
      fixMinutes: fix.minutes,
      fixLate: fix.late,
      repeatOfId: o.repeatOfId,
      urgeCount: o.urgeCount,
      refreshedAt: now,
    };
  });
  const found = new Set(orders.map((o) => o.id));
  const gone = ids.filter((id) => !found.has(id));
  if (gone.length) await tx.delete(reportOrderFacts).where(inArray(reportOrderFacts.orderId, gone));
  if (!rows.length) return;
  const set = Object.keys(rows[0]!)
    .filter((k) => k !== 'orderId')
    .map((k) => {
      const col = reportOrderFacts[k as keyof typeof reportOrderFacts.$inferInsert];
      return `"${col.name}" = excluded."${col.name}"`;
    })
    .join(', ');
  await tx.execute(
    sql`${insertRowsSql(reportOrderFacts, rows)} on conflict ("order_id") do update set ${sql.raw(set)}`,
  );
}

/**
 * Drains the dirty orders (all of them, batch after batch; at most `limit` when given) and returns
 * how many were refreshed. Every report read calls it first; so does the scheduler's loop.
 */
export async function refreshDirtyFacts(db: DbLike, now: Date, opts: { limit?: number } = {}): Promise<number> {
  const timeZone = await getSetting(db, 'company.timeZone', now);
  let total = 0;
  for (;;) {
    const size = Math.min(DRAIN_BATCH, opts.limit === undefined ? DRAIN_BATCH : opts.limit - total);
    if (size <= 0) return total;
    const n = await db.transaction(async (tx) => {
      const ids = rowsOf<{ order_id: string }>(
        await tx.execute(sql`
          delete from ${reportDirtyOrders} where order_id in (
            select order_id from ${reportDirtyOrders} order by order_id limit ${size} for update)
          returning order_id`),
      ).map((r) => r.order_id);
      await writeFacts(tx, ids, now, timeZone);
      return ids.length;
    });
    total += n;
    if (n < size) return total;
  }
}

/**
 * Recomputes every order's facts (the operator's `sanbao reports rebuild`: after a bulk load that
 * bypassed the triggers, or a change of the company's time zone, which moves local days): the
 * order ids in pages, each page written like a drain. Returns how many orders were written.
 */
export async function rebuildFacts(db: DbLike, now: Date, log?: (m: string) => void): Promise<number> {
  const timeZone = await getSetting(db, 'company.timeZone', now);
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const ids = await orderIdPage(db, after, DRAIN_BATCH);
    if (!ids.length) break;
    await db.transaction(async (tx) => {
      await tx.delete(reportDirtyOrders).where(inArray(reportDirtyOrders.orderId, ids));
      await writeFacts(tx, ids, now, timeZone);
    });
    total += ids.length;
    after = ids[ids.length - 1]!;
    if (total % 100_000 < DRAIN_BATCH) log?.(`reports: ${total} orders rebuilt`);
  }
  // Rows of orders that are gone.
  await db.execute(sql`delete from ${reportOrderFacts} where refreshed_at < ${now.toISOString()}::timestamptz
    and order_id not in (select order_id from ${reportDirtyOrders})`);
  return total;
}
