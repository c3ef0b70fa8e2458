import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { openDatabase } from '../db/client.js';
import { createTestApp, type TestApp } from '../test/harness.js';

describe('one error shape and the public endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('health reports the database and migrations', async () => {
    const res = await t.request({ method: 'GET', url: '/api/health' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(['pglite', 'postgres']).toContain(res.body.db);
    expect(res.body.migrations.applied).toBe(res.body.migrations.known);
  });

  it('publishes OpenAPI generated from the validating schemas', async () => {
    const res = await t.request({ method: 'GET', url: '/api/openapi.json' });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\.1/);
    expect(res.body.paths['/api/auth/login'].post.requestBody).toBeTruthy();
    expect(res.body.paths['/api/setup']).toBeTruthy();
    const docs = await t.request({ method: 'GET', url: '/api/docs/' });
    expect(docs.status).toBe(200);
  });

  it('unknown routes are 404 JSON', async () => {
    const res = await t.request({ method: 'GET', url: '/api/nothing-here' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'route.not_found', status: 404 });
  });

  it('wrong content type is 415, oversize bodies 413, broken JSON 400', async () => {
    const text = await t.request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'hi',
    });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('request.unsupported_media_type');
    const big = await t.request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x', password: 'y'.repeat(1_100_000) }),
    });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('request.too_large');
    const broken = await t.request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('request.malformed');
  });

  it('anonymous requests to protected endpoints get 401', async () => {
    const res = await t.request({ method: 'GET', url: '/api/audit' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.required');
  });
});

describe('health without a database', () => {
  it('answers 503, not a crash, when PostgreSQL is unreachable', async () => {
    const database = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' });
    const app = await buildApp({
      database,
      config: { secureCookies: false, bodyLimit: 1_000_000, logLevel: 'silent' },
      logger: false,
      serveWeb: false,
    });
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'unavailable', db: 'postgres' });
    const other = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'a', password: 'b' },
    });
    expect(other.statusCode).toBe(503);
    expect(JSON.parse(other.body).code).toBe('db.unavailable');
    await app.close();
    await database.close();
  });
});
