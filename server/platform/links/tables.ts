import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/*
 * One-time links sent to customers (a survey after a service, later a recall booking): the link
 * carries a random token; only its SHA-256 is stored, so a copy of the database cannot be used to
 * answer in a customer's name. A link serves one purpose and one record, expires, and is used once.
 */
export const oneTimeLinks = pgTable(
  'one_time_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** What the link is for, e.g. 'callback.survey'. */
    purpose: text('purpose').notNull(),
    /** The record it opens (a callback task for a survey). */
    subjectId: uuid('subject_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('one_time_links_token_uq').on(t.tokenHash),
    index('one_time_links_subject_idx').on(t.purpose, t.subjectId),
  ],
);
