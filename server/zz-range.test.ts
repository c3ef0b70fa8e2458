import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { buildApp } from './app.js';
import { openDatabase } from './db/client.js';
it('range', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanbao-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)');
  const database = await openDatabase({ dataDir: 'memory://' });
  const app = await buildApp({
    database,
    config: { secureCookies: false, bodyLimit: 1_000_000, logLevel: 'silent' },
    logger: false,
    webDir: dir,
  });
  for (const [url, headers] of [
    ['/assets/app-1.js', { range: 'bytes=999999-' }],
    ['/assets/app-1.js', { range: 'bytes=5-1' }],
    ['/', { range: 'bytes=999999-' }],
    ['/assets/app-1.js', { 'if-modified-since': 'garbage', 'if-none-match': '%%%' }],
    ['/api/docs/static/swagger-ui.css', { range: 'bytes=99999999-' }],
    ['/api/health', { 'content-type': 'multipart/form-data' }],
  ] as const) {
    const r = await app.inject({ method: 'GET', url, headers });
    console.log(url, JSON.stringify(headers), r.statusCode, r.headers['content-type'], r.body.slice(0, 100));
  }
  for (const method of ['TRACE', 'PROPFIND', 'CONNECT'] as const) {
    const r = await app.inject({ method: method as any, url: '/api/health' });
    console.log(method, r.statusCode, r.headers['content-type'], r.body.slice(0, 100));
  }
  await app.close();
}, 60000);
