import { type AppConfig, loadConfig } from '../server/config.js';
import { type Database, openDatabase } from '../server/db/client.js';
import { lockDataDir } from './data-lock.js';

/**
 * Opens the configured database for one admin command, in this process: PostgreSQL when
 * DATABASE_URL is set, else PGlite in SANBAO_DATA_DIR (locked against a running server).
 */
export async function withDatabase<T>(
  command: string,
  fn: (database: Database, config: AppConfig) => Promise<T>,
  config: AppConfig = loadConfig(),
): Promise<T> {
  const release = config.databaseUrl ? () => {} : lockDataDir(config.dataDir, command);
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
    try {
      return await fn(database, config);
    } finally {
      await database.close();
    }
  } finally {
    release();
  }
}

/** Where the data lives, for messages: never prints a password from DATABASE_URL. */
export function describeTarget(config: AppConfig): string {
  if (!config.databaseUrl) return `PGlite ${config.dataDir}`;
  try {
    const u = new URL(config.databaseUrl);
    return `PostgreSQL ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}
