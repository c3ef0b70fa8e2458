import { sql } from 'drizzle-orm';
import { compactDay, localDay } from '../../../../shared/time-zone.js';
import type { DbLike } from '../../../db/client.js';
import { getSetting } from '../../../platform/config/index.js';
import type { Ctx } from '../../../platform/context.js';
import { type OrderForMoney, orderForMoney } from '../../work-orders/index.js';

/** The order as it stands, locked in the command's transaction through the work-order module (its scope: 404 outside). */
export async function lockOrder(tx: DbLike, ctx: Ctx, orderId: string): Promise<OrderForMoney> {
  return orderForMoney(tx, ctx, orderId, { lock: true });
}

/** Money commands on one order queue behind each other (quote, decision, collection, invoice). */
export async function lockOrderMoney(tx: DbLike, orderId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`money:order:${orderId}`}))`);
}

/** Money commands of one technician's cash queue behind each other (hand-overs and their corrections). */
export async function lockTechnicianCash(tx: DbLike, technicianId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`money:cash:${technicianId}`}))`);
}

export async function companyDay(db: DbLike, now: Date): Promise<{ day: string; timeZone: string }> {
  const timeZone = await getSetting(db, 'company.timeZone', now);
  return { day: localDay(now, timeZone), timeZone };
}

/** A receipt number: SK, the company-zone day, six random characters (unique without a counter). */
export function receiptNumber(now: Date, timeZone: string): string {
  return `SK${compactDay(now, timeZone)}-${crypto.randomUUID().replace(/-/g, '').slice(0, 6).toUpperCase()}`;
}
