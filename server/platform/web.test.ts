import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { type Database, openDatabase } from '../db/client.js';

describe('serving the built web UI', () => {
  let dir: string;
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanbao-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)');
    database = await openDatabase({ dataDir: 'memory://' });
    app = await buildApp({
      database,
      config: { secureCookies: false, bodyLimit: 1_000_000, logLevel: 'silent' },
      logger: false,
      webDir: dir,
    });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves client routes with the index, revalidated', async () => {
    const res = await app.inject({ method: 'GET', url: '/org' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('root');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets as immutable, including ones built after start', async () => {
    writeFileSync(join(dir, 'assets', 'app-2.js'), 'console.log(2)');
    const res = await app.inject({ method: 'GET', url: '/assets/app-2.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('answers a missing asset with 404, not the index', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/gone-3.js' });
    expect(res.statusCode).toBe(404);
  });
});
