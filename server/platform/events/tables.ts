import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export interface FieldChange {
  before: unknown;
  after: unknown;
}

/** The audit trail: one row per state change, written in the same transaction as the change. */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    changes: jsonb('changes').$type<Record<string, FieldChange>>().notNull().default({}),
    reason: text('reason'),
    requestId: text('request_id'),
    /** Path of the org unit the changed record belongs to, so the log is org-scoped like the records. */
    orgPath: text('org_path'),
  },
  (t) => [
    index('events_entity_idx').on(t.entity, t.entityId, t.id),
    index('events_at_idx').on(t.at),
    index('events_actor_idx').on(t.actorId, t.id),
    // Scoped audit lists: an outlet's few events among many are found by path prefix, not by a scan.
    index('events_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`, t.id),
  ],
);
