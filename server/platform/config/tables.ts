import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Settings are versions, never overwritten: a new value gets an effective date and the value in
 * force at time T is the latest version whose effective_from ≤ T. History stays for audit and for
 * rules that must be judged by the setting in force when something happened.
 */
export const settingVersions = pgTable(
  'setting_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    effectiveFrom: timestamp('effective_from', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
    note: text('note'),
  },
  (t) => [index('setting_versions_key_idx').on(t.key, sql`${t.effectiveFrom} desc`)],
);
