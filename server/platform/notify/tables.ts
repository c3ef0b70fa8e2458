import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/*
 * Outgoing messages (SMS, mail, WeChat) are written here in the transaction that causes them and
 * sent after the commit by a channel. In development the log channel only records them, and the
 * admin "outbox" page shows what would have been sent.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel', { enum: ['sms', 'email', 'wechat'] }).notNull(),
    recipient: text('recipient').notNull(),
    template: text('template').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    subject: text('subject'),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed', 'logged'] })
      .notNull()
      .default('pending'),
    attempts: jsonb('attempts').$type<{ at: string; error?: string }[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_status_idx').on(t.status, t.createdAt), index('outbox_created_idx').on(t.createdAt)],
);
