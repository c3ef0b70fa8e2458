import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { adminQuery } from './global-setup.js';

/** The migrated PGlite data folder of the run (global-setup.ts), read once per worker. */
let liteTemplate: { file: string; blob: Blob } | null = null;

function liteTemplateBlob(file: string): Blob {
  if (liteTemplate?.file !== file) liteTemplate = { file, blob: new Blob([readFileSync(file)]) };
  return liteTemplate.blob;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a brand-new
 * database on the PostgreSQL server named by TEST_DATABASE_URL (dropped again on close). Both
 * are copies of the database the run migrated once (global-setup.ts); without one (a file run
 * outside the project's vitest configuration) the database is migrated here.
 */
export async function createTestDatabase(): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const template = inject('testTemplate');
  if (!serverUrl) {
    if (template?.kind === 'pglite')
      return openDatabase({ dataDir: 'memory://', loadDataDir: liteTemplateBlob(template.file) });
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(database);
    return database;
  }
  const name = `sanbao_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const fromTemplate = template?.kind === 'postgres' ? template.name : null;
  await adminQuery(serverUrl, `create database ${name}${fromTemplate ? ` template ${fromTemplate}` : ''}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  if (!fromTemplate) await migrateDatabase(database);
  const close = database.close;
  return {
    ...database,
    close: async () => {
      await close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
