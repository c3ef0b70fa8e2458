import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './client.js';
import { appliedMigrationCount, knownMigrations, migrateDatabase } from './migrate.js';

const serverUrl = process.env.TEST_DATABASE_URL;

describe('migrations', () => {
  it('apply every committed migration to a fresh embedded database, and again as a no-op', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(database);
    await migrateDatabase(database);
    expect(await appliedMigrationCount(database)).toBe(knownMigrations().length);
    await database.close();
  });

  it.runIf(serverUrl)('are safe when several instances start at once on one PostgreSQL', async () => {
    const name = `sanbao_mig_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    const instances = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ databaseUrl: url.toString(), poolSize: 2 })),
    );
    try {
      await Promise.all(instances.map((d) => migrateDatabase(d)));
      expect(await appliedMigrationCount(instances[0]!)).toBe(knownMigrations().length);
    } finally {
      await Promise.all(instances.map((d) => d.close()));
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
