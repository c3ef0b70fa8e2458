import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boolean, integer, jsonb, pgTable, text, timestamp, uuid, bigserial } from 'drizzle-orm/pg-core';
import { createTestDatabase } from '../test/database.js';
import type { Database } from './client.js';
import { insertRowsSql } from './bulk.js';

const things = pgTable('bulk_things', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  ref: uuid('ref').notNull(),
  name: text('name').notNull(),
  n: integer('n').notNull().default(7),
  ok: boolean('ok').notNull(),
  data: jsonb('data').$type<{ a: number[] }>(),
  at: timestamp('at', { withTimezone: true }).notNull(),
});

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.exec(`create table bulk_things (id bigserial primary key, ref uuid not null unique, name text not null,
    n integer not null default 7, ok boolean not null, data jsonb, at timestamptz not null)`);
});
afterAll(() => database.close());

describe('insertRowsSql', () => {
  it('writes many rows with their types in one statement, defaults where left out', async () => {
    const at = new Date('2026-11-23T01:02:03.456Z');
    const rows = [
      { ref: '00000000-0000-4000-8000-000000000001', name: '甲', ok: true, data: { a: [1, 2] }, at },
      { ref: '00000000-0000-4000-8000-000000000002', name: "O'Brien", ok: false, data: null, at },
    ];
    await database.db.execute(insertRowsSql(things, rows));
    const got = await database.db.select().from(things).orderBy(things.id);
    expect(got.map((r) => ({ ...r, id: undefined }))).toEqual(rows.map((r) => ({ ...r, id: undefined, n: 7 })));
  });

  it('filters rows, skips conflicts and returns what it wrote', async () => {
    const at = new Date();
    const res = await database.db.execute(
      insertRowsSql(
        things,
        [
          { ref: '00000000-0000-4000-8000-000000000001', name: 'dup', ok: true, at },
          { ref: '00000000-0000-4000-8000-000000000003', name: 'new', ok: true, at },
          { ref: '00000000-0000-4000-8000-000000000004', name: 'skipped', ok: true, at },
        ],
        { where: sql`r.name <> 'skipped'`, onConflictDoNothing: true, returning: sql`name` },
      ),
    );
    expect((res as unknown as { rows: { name: string }[] }).rows.map((r) => r.name)).toEqual(['new']);
  });
});
