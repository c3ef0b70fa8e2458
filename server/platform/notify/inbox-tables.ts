import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Text } from '../../../shared/i18n.js';
import { users } from '../identity/tables.js';

/*
 * The in-app inbox: notices for people signed in to Sanbao (time-limit warnings and breaches,
 * later assignments and approvals). Written in the causing transaction, like the outbox; one row
 * per recipient so reading is per person.
 */
export const inboxItems = pgTable(
  'inbox_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: jsonb('title').$type<Text>().notNull(),
    body: jsonb('body').$type<Text>().notNull(),
    /** Path in the web app, e.g. '/orders/…'. */
    link: text('link'),
    entity: text('entity'),
    entityId: text('entity_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('inbox_items_user_idx').on(t.userId, t.createdAt),
    index('inbox_items_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
  ],
);
