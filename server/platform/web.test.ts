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

  it('answers paths the static files refuse with 400/404 problem+json, never 500', async () => {
    const cases: [string, number][] = [
      [`/${'a'.repeat(256)}`, 404],
      [`/assets/${'b'.repeat(300)}.js`, 404],
      ['//etc/passwd', 404],
      ['/a%00b', 400],
      [`/api/orders/${'c'.repeat(120)}`, 404],
      ['/api/nothing', 404],
    ];
    for (const [url, status] of cases) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url.slice(0, 40)).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // Over a real socket the dot segments stay encoded, as a scanner sends them.
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    for (const path of [
      '/%2e%2e/%2e%2e/package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/a%00b',
      `/${'d'.repeat(256)}`,
    ]) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      expect(res.status, path.slice(0, 40)).toBeLessThan(500);
      expect(await res.text()).not.toContain('"dependencies"');
      if (res.status >= 400) expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('sends the security headers on pages and API answers', async () => {
    for (const url of ['/', '/org', '/api/health', '/api/nothing']) {
      const res = await app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      // Plain HTTP (no secure cookies): no HSTS, which would lock a LAN installation out.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });
});

describe('security headers when served over HTTPS', () => {
  it('adds HSTS and upgrades insecure requests', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    const app = await buildApp({
      database,
      config: { secureCookies: true, bodyLimit: 1_000_000, logLevel: 'silent' },
      logger: false,
      serveWeb: false,
    });
    const res = await app.inject({ method: 'GET', url: '/api/nothing' });
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    await app.close();
    await database.close();
  });
});
