import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'delivered', 'failed', 'logged', 'suppressed'] as const;

/*
 * Outgoing messages (SMS, mail, WeChat) are written here in the transaction that causes them and
 * sent after the commit by whichever instance claims them first (dispatcher.ts). A row is never
 * deleted while it matters: the outbox page, the dead-letter list and the delivery report read it.
 *
 * pending → sending (claimed, with a lease) → sent (provider took it) → delivered (receipt)
 *                     ↘ pending again (temporary failure, after a backoff) ↘ failed (permanent, or attempts spent)
 * logged: development channel only recorded it; suppressed: not sent (opt-out), kept as the record of why.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel', { enum: ['sms', 'email', 'wechat'] }).notNull(),
    recipient: text('recipient').notNull(),
    /** The event's name (events.ts), e.g. 'order.booked'. */
    template: text('template').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    subject: text('subject'),
    body: text('body').notNull(),
    /** Files sent with an e-mail (a monthly report's XLSX), base64; other channels carry none. */
    attachments: jsonb('attachments').$type<OutboxAttachment[]>().notNull().default([]),
    lang: text('lang', { enum: ['zh-CN', 'en'] })
      .notNull()
      .default('zh-CN'),
    providerCode: text('provider_code'),
    signature: text('signature'),
    /** Whose message it is for the data scope: the order's or customer's org path; null = company-wide. */
    orgPath: text('org_path'),
    customerId: uuid('customer_id'),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    /** Not sent before: quiet hours, and the backoff after a temporary failure. */
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    /** A claim's end: a row still 'sending' after it belongs to an instance that stopped. */
    leaseUntil: ts('lease_until'),
    attempts: jsonb('attempts')
      .$type<{ at: string; error?: string; permanent?: boolean; resend?: string }[]>()
      .notNull()
      .default([]),
    providerId: text('provider_id'),
    /** The provider's last answer: its acceptance, refusal or delivery report. */
    providerAnswer: text('provider_answer'),
    /** Why it was suppressed ('opted_out', 'preference'). */
    reason: text('reason'),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
    deliveredAt: ts('delivered_at'),
    failedAt: ts('failed_at'),
  },
  (t) => [
    index('outbox_claim_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('outbox_lease_idx').on(t.leaseUntil).where(sql`${t.status} = 'sending'`),
    index('outbox_status_idx').on(t.status, t.createdAt),
    index('outbox_created_idx').on(t.createdAt),
    index('outbox_provider_idx').on(t.channel, t.providerId),
    index('outbox_recipient_idx').on(t.recipient, t.createdAt),
    index('outbox_customer_idx').on(t.customerId, t.createdAt),
  ],
);

/**
 * Template versions per event and channel, never overwritten: the version in force at T is the
 * latest whose effective_from ≤ T (like settings); none means the event's default wording.
 */
export const messageTemplates = pgTable(
  'message_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    event: text('event').notNull(),
    channel: text('channel', { enum: ['sms', 'email', 'wechat'] }).notNull(),
    enabled: boolean('enabled').notNull(),
    subjectZh: text('subject_zh'),
    subjectEn: text('subject_en'),
    bodyZh: text('body_zh').notNull(),
    bodyEn: text('body_en').notNull(),
    /** The provider's approved template code (SMS) or template id (WeChat). */
    providerCode: text('provider_code'),
    /** The approved SMS signature (签名); null: the provider setting's. */
    signature: text('signature'),
    effectiveFrom: ts('effective_from').notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('message_templates_key_idx').on(t.event, t.channel, sql`${t.effectiveFrom} desc`)],
);

/**
 * Addresses that asked for no more messages on a channel (回复TD, the unsubscribe link, or the
 * customer telling an agent). One-time codes the person asks for still go (docs/messages.md).
 */
export const messageOptOuts = pgTable(
  'message_opt_outs',
  {
    channel: text('channel', { enum: ['sms', 'email', 'wechat'] }).notNull(),
    address: text('address').notNull(),
    source: text('source', { enum: ['sms_reply', 'link', 'agent', 'provider'] }).notNull(),
    note: text('note'),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.address] })],
);

/** The channels a customer wants service messages on (none stored: every enabled one). */
export const customerChannelPrefs = pgTable('customer_channel_prefs', {
  customerId: uuid('customer_id').primaryKey(),
  channels: jsonb('channels').$type<('sms' | 'email' | 'wechat')[]>().notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull(),
});

/** The staff notices a person also wants by e-mail (besides the inbox). */
export const staffMailPrefs = pgTable(
  'staff_mail_prefs',
  {
    userId: uuid('user_id').notNull(),
    event: text('event').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.event] }),
    uniqueIndex('staff_mail_prefs_event_idx').on(t.event, t.userId),
  ],
);

/** A file an e-mail carries. */
export interface OutboxAttachment {
  fileName: string;
  contentType: string;
  contentBase64: string;
}
