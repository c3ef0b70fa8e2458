import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { maskPhone } from '../../../shared/phone.js';
import type { Db, DbLike } from '../../db/client.js';
import type { Ctx } from '../context.js';
import { systemCtx } from '../context.js';
import { AppError } from '../errors.js';
import { appendEvent } from '../events/append.js';
import { users } from '../identity/tables.js';
import { assertLinkOpen, readLink } from '../links/index.js';
import type { DeliveryReceipt, InboundText } from './channels.js';
import { eventDef, MESSAGE_EVENT_KEYS, type MessageChannel, type StaffEvent } from './events.js';
import { isOptOutReply } from './rules.js';
import { customerChannelPrefs, messageOptOuts, outbox, staffMailPrefs } from './tables.js';

/*
 * What people asked of their messages (docs/messages.md): opt-outs per channel and address
 * (回复TD, the unsubscribe link, or the customer's word to an agent), a customer's choice of
 * channels, and the staff notices a person also wants by e-mail. Each change leaves an event.
 */

type OptOutSource = (typeof messageOptOuts.$inferSelect)['source'];

/** An address as shown to people who need not see it whole: 138****8000, k***@example.com, oAbC***. */
export const maskAddress = (channel: MessageChannel, address: string) =>
  channel === 'sms'
    ? maskPhone(address)
    : channel === 'email'
      ? address.replace(/^(.)[^@]*(@.*)$/, '$1***$2')
      : `${address.slice(0, 4)}***`;

/** Records (or lifts) an opt-out; idempotent. Returns whether anything changed. */
export async function setOptOut(
  tx: DbLike,
  ctx: Pick<Ctx, 'actor' | 'now' | 'requestId'>,
  input: { channel: MessageChannel; address: string; optedOut: boolean; source: OptOutSource; note?: string | null },
): Promise<boolean> {
  const address = input.address.trim();
  let changed: boolean;
  if (input.optedOut) {
    const rows = await tx
      .insert(messageOptOuts)
      .values({ channel: input.channel, address, source: input.source, note: input.note ?? null, at: ctx.now })
      .onConflictDoNothing()
      .returning({ address: messageOptOuts.address });
    changed = rows.length > 0;
  } else {
    const rows = await tx
      .delete(messageOptOuts)
      .where(and(eq(messageOptOuts.channel, input.channel), eq(messageOptOuts.address, address)))
      .returning({ address: messageOptOuts.address });
    changed = rows.length > 0;
  }
  if (changed)
    await appendEvent(tx, ctx, {
      entity: 'message_opt_out',
      entityId: `${input.channel}:${address}`,
      action: input.optedOut ? 'message.opted_out' : 'message.opted_in',
      after: { channel: input.channel, address, source: input.source },
      reason: input.note ?? null,
    });
  return changed;
}

const optOutView = (r: typeof messageOptOuts.$inferSelect) => ({ ...r, at: r.at.toISOString() });

/** A customer's messaging: chosen channels and the opt-outs of their addresses. */
export async function customerMessaging(
  db: DbLike,
  customerId: string,
  addresses: { phones: string[]; emails: string[]; wechat: string[] },
) {
  const [p] = await db.select().from(customerChannelPrefs).where(eq(customerChannelPrefs.customerId, customerId));
  const pairs = [
    ...addresses.phones.map((a) => and(eq(messageOptOuts.channel, 'sms'), eq(messageOptOuts.address, a))),
    ...addresses.emails.map((a) => and(eq(messageOptOuts.channel, 'email'), eq(messageOptOuts.address, a))),
    ...addresses.wechat.map((a) => and(eq(messageOptOuts.channel, 'wechat'), eq(messageOptOuts.address, a))),
  ];
  const optOuts = pairs.length
    ? await db
        .select()
        .from(messageOptOuts)
        .where(or(...pairs))
        .orderBy(asc(messageOptOuts.at))
    : [];
  return { customerId, channels: p?.channels ?? null, optOuts: optOuts.map(optOutView) };
}

/** The channels a customer wants (null: every enabled one); the caller checks the customer is in scope. */
export async function setCustomerChannels(
  tx: DbLike,
  ctx: Pick<Ctx, 'actor' | 'now' | 'requestId'>,
  customerId: string,
  channels: MessageChannel[] | null,
  note: string | null,
  orgPath: string,
): Promise<void> {
  const [before] = await tx.select().from(customerChannelPrefs).where(eq(customerChannelPrefs.customerId, customerId));
  if (channels === null) await tx.delete(customerChannelPrefs).where(eq(customerChannelPrefs.customerId, customerId));
  else
    await tx
      .insert(customerChannelPrefs)
      .values({ customerId, channels, updatedAt: ctx.now })
      .onConflictDoUpdate({
        target: customerChannelPrefs.customerId,
        set: { channels, updatedAt: ctx.now, version: sql`${customerChannelPrefs.version} + 1` },
      });
  await appendEvent(tx, ctx, {
    entity: 'customer',
    entityId: customerId,
    action: 'message.channels_changed',
    before: { channels: before?.channels ?? null },
    after: { channels },
    reason: note,
    orgPath,
  });
}

/** The staff events and whether the signed-in person gets them by e-mail. */
export async function myStaffMail(ctx: Ctx) {
  const me = ctx.actor.id ?? '';
  const rows = await ctx.db
    .select({ event: staffMailPrefs.event })
    .from(staffMailPrefs)
    .where(eq(staffMailPrefs.userId, me));
  const [person] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, me));
  const on = new Set(rows.map((r) => r.event));
  return {
    email: person?.email ?? null,
    events: MESSAGE_EVENT_KEYS.filter((e) => eventDef(e).audience === 'staff').map((event) => ({
      event,
      label: eventDef(event).label,
      email: on.has(event),
    })),
  };
}

export async function setMyStaffMail(ctx: Ctx, events: string[]) {
  const me = ctx.actor.id ?? '';
  const staff = new Set<string>(MESSAGE_EVENT_KEYS.filter((e) => eventDef(e).audience === 'staff'));
  const unknown = events.find((e) => !staff.has(e));
  if (unknown !== undefined) {
    throw new AppError('message.event_unknown', { event: unknown }, [
      { path: `events.${events.indexOf(unknown)}`, code: 'message.event_unknown', message: '' },
    ]);
  }
  await ctx.db.transaction(async (tx) => {
    const before = await tx
      .select({ event: staffMailPrefs.event })
      .from(staffMailPrefs)
      .where(eq(staffMailPrefs.userId, me));
    await tx.delete(staffMailPrefs).where(eq(staffMailPrefs.userId, me));
    if (events.length)
      await tx
        .insert(staffMailPrefs)
        .values([...new Set(events)].map((event) => ({ userId: me, event: event as StaffEvent, createdAt: ctx.now })));
    await appendEvent(tx, ctx, {
      entity: 'user',
      entityId: me,
      action: 'message.staff_mail_changed',
      before: { events: before.map((b) => b.event) },
      after: { events },
    });
  });
  return myStaffMail(ctx);
}

/** The unsubscribe page: which address the link stops (masked by the caller if shown). */
export async function unsubscribeTarget(db: DbLike, token: string, now: Date) {
  const link = await readLink(db, 'messages.unsubscribe', token);
  const [m] = await db
    .select({ channel: outbox.channel, recipient: outbox.recipient })
    .from(outbox)
    .where(eq(outbox.id, link.subjectId));
  const [o] = m
    ? await db
        .select()
        .from(messageOptOuts)
        .where(and(eq(messageOptOuts.channel, m.channel), eq(messageOptOuts.address, m.recipient)))
    : [];
  return { link, message: m ?? null, optedOut: !!o, expired: link.expiresAt.getTime() <= now.getTime() };
}

/**
 * The unsubscribe link: the address of the message stops getting that channel. A link may be
 * clicked twice (mail clients prefetch links), so a second use answers the same, not an error.
 */
export async function unsubscribeByLink(
  db: Db,
  token: string,
  now: Date,
): Promise<{ channel: MessageChannel; address: string }> {
  return db.transaction(async (tx) => {
    const { link, message } = await unsubscribeTarget(tx, token, now);
    if (link.usedAt === null) assertLinkOpen(link, now);
    if (!message) {
      throw new AppError('link.not_found');
    }
    await setOptOut(tx, systemCtx(tx as unknown as Db, { name: 'unsubscribe-link', now }), {
      channel: message.channel,
      address: message.recipient,
      optedOut: true,
      source: 'link',
    });
    return { channel: message.channel, address: message.recipient };
  });
}

/** Texts customers sent back: 'TD' and the like opt the number out of SMS. Answers how many did. */
export async function recordInboundTexts(db: Db, texts: InboundText[], now: Date): Promise<number> {
  let n = 0;
  for (const t of texts) {
    if (!isOptOutReply(t.text)) continue;
    const changed = await db.transaction((tx) =>
      setOptOut(tx, systemCtx(tx as unknown as Db, { name: 'sms-reply', now }), {
        channel: 'sms',
        address: t.from,
        optedOut: true,
        source: 'sms_reply',
        note: t.text.slice(0, 100),
      }),
    );
    if (changed) n += 1;
  }
  return n;
}

/**
 * Delivery receipts: a sent message becomes delivered, or failed with the operator's answer. A
 * receipt names the provider's id or our own (Aliyun's OutId, the webhook's id). Idempotent.
 */
export async function recordReceipts(db: DbLike, channel: MessageChannel, receipts: DeliveryReceipt[], now: Date) {
  let matched = 0;
  for (const r of receipts) {
    const ours = /^[0-9a-f-]{36}$/i.test(r.providerId);
    const match = and(
      eq(outbox.channel, channel),
      inArray(outbox.status, ['sending', 'sent']),
      ours ? or(eq(outbox.providerId, r.providerId), eq(outbox.id, r.providerId)) : eq(outbox.providerId, r.providerId),
    );
    const rows = await db
      .update(outbox)
      .set(
        r.delivered
          ? { status: 'delivered', deliveredAt: r.at ?? now, providerAnswer: r.answer, leaseUntil: null }
          : { status: 'failed', failedAt: r.at ?? now, providerAnswer: r.answer, leaseUntil: null },
      )
      .where(match)
      .returning({ id: outbox.id });
    matched += rows.length;
  }
  return { received: receipts.length, matched };
}
