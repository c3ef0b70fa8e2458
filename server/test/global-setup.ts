import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';

/** Where each test file's fresh database is copied from (server/test/database.ts). */
export type TestTemplate = { kind: 'pglite'; file: string } | { kind: 'postgres'; name: string };

declare module 'vitest' {
  export interface ProvidedContext {
    testTemplate: TestTemplate;
  }
}

/** One statement on the PostgreSQL server as its administrator (create or drop a database). */
export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Migrates one database for the whole run, so each test file starts from a copy instead of
 * creating and migrating its own: on PGlite the data folder dumped to a file (loading it skips
 * initdb, seconds per file on this machine); on a PostgreSQL server a template database that
 * `create database … template` copies.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const tag = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (serverUrl) {
    const name = `sanbao_tpl_${tag}`;
    await adminQuery(serverUrl, `create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
    try {
      await migrateDatabase(database);
    } finally {
      await database.close();
    }
    project.provide('testTemplate', { kind: 'postgres', name });
    return () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
  }
  const database = await openDatabase({ dataDir: 'memory://' });
  const file = join(tmpdir(), `sanbao-test-${tag}.tar`);
  try {
    await migrateDatabase(database);
    const dump = await database.lite!.dumpDataDir('none');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await database.close();
  }
  project.provide('testTemplate', { kind: 'pglite', file });
  return async () => rmSync(file, { force: true });
}
