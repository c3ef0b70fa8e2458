import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { type Database, openDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';

/*
 * When every pooled connection stays busy past the pool's wait, a request is refused as busy
 * (503 db.busy with Retry-After), never a 500: many requests racing for the last units of a part
 * queue on one row while holding their connections.
 */
const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('a request that finds every pooled connection busy', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ databaseUrl: serverUrl, poolSize: 1, connectTimeoutMs: 200 });
    await migrateDatabase(database);
  });
  afterAll(() => database?.close());

  it('is refused as busy, with when to come back, in the one problem shape', async () => {
    const app = await buildApp({
      database,
      config: { secureCookies: false, bodyLimit: 1_000_000, logLevel: 'silent' },
      logger: false,
      serveWeb: false,
    });
    try {
      // The only connection sleeps for a second; the login below waits 200 ms for it.
      // (A Drizzle query runs when awaited: `then` starts it now.)
      const holder = database.db.execute(sql`select pg_sleep(1)`).then(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'accept-language': 'en' },
        payload: { username: 'nobody', password: 'nothing' },
      });
      await holder;
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      const body = JSON.parse(res.body);
      expect(body.code).toBe('db.busy');
      expect(body.detail).toContain('try again');
    } finally {
      await app.close();
    }
  });
});
