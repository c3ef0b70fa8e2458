import { eq } from 'drizzle-orm';
import type { Lang } from '../../../shared/i18n.js';
import type { Db, DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import { type Ctx, systemCtx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { linkState, readLink, useLink } from '../../platform/links/index.js';
import { productModels, units } from '../customers/index.js';
import { bookLocked } from './commands.js';
import type { BookingBody, BookingView } from './contract.js';
import { BOOKING, unitAllows } from './rules.js';
import { recallCampaigns, recallUnits } from './tables.js';

/*
 * The customer books a recall by themselves (docs/recalls.md, "Booking by the SMS link"): the
 * outreach SMS carries a one-time link to the booking page; booking there is the same booking as
 * an agent's (`bookLocked`): a recall order through the order pipeline, held by HQ (the system
 * books, as the portal's reports are), dispatched along the normal chain. The link is used in the
 * booking's transaction: a second booking is refused, and a refused one leaves it open.
 */

/** Who the timeline names for a booking made on the page. */
const CUSTOMER = '客户';

async function unitOfLink(db: DbLike, subjectId: string) {
  const [row] = await db
    .select({ u: recallUnits, c: recallCampaigns })
    .from(recallUnits)
    .innerJoin(recallCampaigns, eq(recallCampaigns.id, recallUnits.campaignId))
    .where(eq(recallUnits.id, subjectId));
  if (!row) throw new AppError('link.not_found');
  return row;
}

/** GET /api/portal/recall/:token. */
export async function bookingView(db: Db, token: string, now: Date): Promise<BookingView> {
  const link = await readLink(db, BOOKING, token);
  const { u, c } = await unitOfLink(db, link.subjectId);
  const [m] = await db
    .select({ name: productModels.name })
    .from(units)
    .innerJoin(productModels, eq(productModels.id, units.modelId))
    .where(eq(units.id, u.unitId));
  const company = await getSetting(db, 'company.name', now);
  const hotline = await getSetting(db, 'company.hotline', now);
  const state =
    u.state === 'done'
      ? ('done' as const)
      : u.state === 'booked'
        ? ('booked' as const)
        : linkState(link, now) !== 'open'
          ? ('expired' as const)
          : unitAllows(c.state, u.state, 'book')
            ? ('open' as const)
            : ('closed' as const);
  return {
    state,
    company,
    hotline,
    campaignCode: c.code,
    title: c.title,
    reason: c.reason,
    model: m?.name ?? null,
    serialNo: u.serialNo,
    orderCode: u.orderCode,
    expiresAt: link.expiresAt.toISOString(),
  };
}

/** POST /api/portal/recall/:token: the booking, once. */
export async function bookByLink(
  db: Db,
  token: string,
  body: BookingBody,
  meta: { now: Date; requestId: string; lang: Lang },
): Promise<{ state: 'booked'; orderCode: string }> {
  const link = await readLink(db, BOOKING, token);
  const ctx: Ctx = { ...systemCtx(db, { name: CUSTOMER, now: meta.now }), requestId: meta.requestId, lang: meta.lang };
  const parts = [
    '客户通过短信链接自助预约',
    body.preferredTime?.length ? `方便时间：${body.preferredTime}` : null,
    body.note?.length ? body.note : null,
  ].filter(Boolean);
  return db.transaction(async (tx) => {
    const [u] = await tx.select().from(recallUnits).where(eq(recallUnits.id, link.subjectId)).for('update');
    if (!u) throw new AppError('link.not_found');
    // Booked already (by this link, or on the phone): the customer has their appointment.
    if (u.state === 'booked' || u.state === 'done') throw new AppError('link.booked', { orderCode: u.orderCode ?? '' });
    await useLink(tx, BOOKING, token, meta.now);
    await bookLocked(tx, { ...ctx, db: tx as unknown as Db }, u, { note: parts.join('；') });
    const [after] = await tx
      .select({ orderCode: recallUnits.orderCode })
      .from(recallUnits)
      .where(eq(recallUnits.id, u.id));
    return { state: 'booked' as const, orderCode: after!.orderCode! };
  });
}
