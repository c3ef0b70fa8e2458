import { and, asc, desc, eq, lte } from 'drizzle-orm';
import { addDays, endOfLocalDay, localDay } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import { hasPermission, pathInScope, requirePermission, withinScope } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import { type Ctx, systemCtx } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events/index.js';
import { prepareSender } from '../../platform/notify/index.js';
import { assertVersion, recordNotFound } from '../../platform/records.js';
import type { AnnouncementCancel, AnnouncementCreate, AnnouncementItem } from './contract.js';
import { messageAudience } from '../customers/index.js';
import { careAnnouncements } from './tables.js';

/*
 * Announcements to customers ahead of a campaign or promotion (DOMAIN.md "Follow-up": promotions
 * announced two weeks ahead; seeds 001, 003; docs/care.md, "Announcements"). A person with
 * care.manage schedules one for a segment within their area; the scheduler sends it once at its
 * time: the claimed row (FOR UPDATE SKIP LOCKED) is marked sent in the same transaction as its
 * messages go to the outbox, so two instances never send it twice. Only customers who agreed to
 * messages (consent_messages) are sent anything: an announcement is marketing, unlike a receipt or
 * a survey about the customer's own service.
 */

type Row = typeof careAnnouncements.$inferSelect;
const ANNOUNCEMENT = { 'zh-CN': '活动通知', en: 'Announcement' };
/** Sent at 09:00 on its day, company zone: inside the day, outside anyone's quiet hours. */
const SEND_HOUR = 9;

const sendAtOf = (day: string, zone: string) =>
  new Date(endOfLocalDay(addDays(day, -1), zone).getTime() + 1 + SEND_HOUR * 3_600_000);

/** The phones an announcement reaches (the customers module's read: consent, segment, area). */
const audienceOf = (db: DbLike, a: Row) =>
  messageAudience(db, { orgPathPrefix: a.orgPath, provinceCodes: a.provinceCodes, productLineIds: a.productLineIds });

async function itemOf(db: DbLike, ctx: Pick<Ctx, 'actor'>, a: Row): Promise<AnnouncementItem> {
  const audience =
    a.state === 'sent' ? (a.sentCount ?? 0) : a.state === 'scheduled' ? (await audienceOf(db, a)).length : 0;
  return {
    id: a.id,
    title: a.title,
    body: a.body,
    eventOn: a.eventOn,
    sendAt: a.sendAt.toISOString(),
    provinceCodes: a.provinceCodes,
    productLineIds: a.productLineIds,
    state: a.state,
    audience,
    sentAt: a.sentAt?.toISOString() ?? null,
    cancelReason: a.cancelReason,
    createdByName: a.createdByName,
    version: a.version,
    actions:
      a.state === 'scheduled' && hasPermission(ctx.actor, 'care.manage') && pathInScope(ctx.actor, a.orgPath)
        ? ['cancel']
        : [],
  };
}

/** GET /api/care/announcements: those made within the reader's area, newest first. */
export async function listAnnouncements(ctx: Ctx): Promise<{ items: AnnouncementItem[]; total: number }> {
  requirePermission(ctx.actor, 'care.read');
  const rows = await ctx.db
    .select()
    .from(careAnnouncements)
    .where(withinScope(ctx.actor, careAnnouncements.orgPath))
    .orderBy(desc(careAnnouncements.createdAt))
    .limit(200);
  const items: AnnouncementItem[] = [];
  for (const r of rows) items.push(await itemOf(ctx.db, ctx, r));
  return { items, total: items.length };
}

/** POST /api/care/announcements: scheduled for the event day less the lead (or the day given), at 09:00. */
export async function createAnnouncement(ctx: Ctx, body: AnnouncementCreate): Promise<AnnouncementItem> {
  requirePermission(ctx.actor, 'care.manage');
  const zone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  const today = localDay(ctx.now, zone);
  const lead = await getSetting(ctx.db, 'care.announcementLeadDays', ctx.now);
  if (body.eventOn <= today) throw fieldError('body.eventOn', 'care.announcement_event_past', { today });
  // A lead longer than what is left before the event: sent today (as soon as the scheduler runs).
  const sendOn = body.sendOn ?? (addDays(body.eventOn, -lead) < today ? today : addDays(body.eventOn, -lead));
  if (sendOn < today || sendOn > body.eventOn)
    throw fieldError('body.sendOn', 'care.announcement_send_day', { today, eventOn: body.eventOn });
  const sendAt = sendAtOf(sendOn, zone);
  const row = await ctx.db.transaction(async (tx) => {
    const [a] = await tx
      .insert(careAnnouncements)
      .values({
        title: body.title,
        body: body.body,
        eventOn: body.eventOn,
        sendAt: sendAt < ctx.now ? ctx.now : sendAt,
        provinceCodes: body.provinceCodes,
        productLineIds: body.productLineIds,
        orgPath: ctx.actor.orgPath,
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName || ctx.actor.username,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'care_announcement',
      entityId: a!.id,
      action: 'care.announcement_scheduled',
      after: { title: a!.title, eventOn: a!.eventOn, sendAt: a!.sendAt.toISOString(), state: 'scheduled' },
      orgPath: a!.orgPath,
    });
    return a!;
  });
  return itemOf(ctx.db, ctx, row);
}

/** POST /api/care/announcements/:id/cancel: a scheduled one is not sent (with the reason). */
export async function cancelAnnouncement(ctx: Ctx, id: string, body: AnnouncementCancel): Promise<AnnouncementItem> {
  requirePermission(ctx.actor, 'care.manage');
  const row = await ctx.db.transaction(async (tx) => {
    const [a] = await tx.select().from(careAnnouncements).where(eq(careAnnouncements.id, id)).for('update');
    if (!a || !pathInScope(ctx.actor, a.orgPath)) throw recordNotFound(ctx.lang, ANNOUNCEMENT);
    await assertVersion(
      tx,
      ctx,
      { entity: 'care_announcement', entityId: a.id, version: a.version, updatedAt: a.updatedAt },
      body.version,
    );
    if (a.state !== 'scheduled') throw new AppError('care.announcement_not_scheduled', { title: a.title });
    const [after] = await tx
      .update(careAnnouncements)
      .set({ state: 'cancelled', cancelReason: body.reason, version: a.version + 1, updatedAt: ctx.now })
      .where(eq(careAnnouncements.id, a.id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'care_announcement',
      entityId: a.id,
      action: 'care.announcement_cancelled',
      before: { state: a.state, version: a.version },
      after: { state: 'cancelled', version: a.version + 1 },
      reason: body.reason,
      orgPath: a.orgPath,
    });
    return after!;
  });
  return itemOf(ctx.db, ctx, row);
}

/**
 * The scheduler's part: announcements whose time has come, claimed one transaction each, their
 * messages written to the outbox and the row marked sent together. Answers how many were sent.
 */
export async function fireAnnouncements(db: DbLike, now: Date): Promise<number> {
  let sent = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const [a] = await tx
        .select()
        .from(careAnnouncements)
        .where(and(eq(careAnnouncements.state, 'scheduled'), lte(careAnnouncements.sendAt, now)))
        .orderBy(asc(careAnnouncements.sendAt))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!a) return false;
      const audience = await audienceOf(tx, a);
      const sender = await prepareSender(tx, 'care.announcement', now);
      for (const r of audience)
        await sender.send(
          { customerId: r.customerId, phone: r.phone, email: r.email, wechat: r.wechat },
          { title: a.title, text: a.body, eventOn: a.eventOn },
          { orgPath: r.orgPath },
        );
      await tx
        .update(careAnnouncements)
        .set({ state: 'sent', sentCount: audience.length, sentAt: now, version: a.version + 1, updatedAt: now })
        .where(eq(careAnnouncements.id, a.id));
      await appendEvent(tx, systemCtx(tx as never, { name: 'care-announcements', now }), {
        entity: 'care_announcement',
        entityId: a.id,
        action: 'care.announcement_sent',
        before: { state: 'scheduled', version: a.version },
        after: { state: 'sent', version: a.version + 1, sentCount: audience.length },
        orgPath: a.orgPath,
      });
      return true;
    });
    if (!done) return sent;
    sent += 1;
  }
}
