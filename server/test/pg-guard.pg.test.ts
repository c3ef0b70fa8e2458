import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/client.js';
import { takeOverlaps } from './pg-guard.js';

/*
 * The guard of pg-guard.ts sees queries sent at once on one client (a transaction), and only
 * those: if a pg upgrade changed what it reads, this fails instead of the guard going quiet.
 */
const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('the guard against queries at once on one PostgreSQL client', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ databaseUrl: serverUrl, poolSize: 3 });
  });
  afterAll(() => database?.close());

  it('records a query sent while the transaction is busy with another', async () => {
    await database.db.transaction(async (tx) => {
      await Promise.all([tx.execute(sql`select 1 as first`), tx.execute(sql`select 2 as second`)]);
    });
    const found = takeOverlaps();
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('select 2 as second');
  });

  it('lets the pool run queries at once, and a transaction run them one after another', async () => {
    await Promise.all([1, 2, 3].map((i) => database.db.execute(sql`select ${i}::int as n`)));
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 as first`);
      await tx.execute(sql`select 2 as second`);
    });
    expect(takeOverlaps()).toEqual([]);
  });
});
