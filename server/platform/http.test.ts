import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { openDatabase } from '../db/client.js';
import { type Agent, createTestApp, type TestApp } from '../test/harness.js';

const PROBLEM = /^application\/problem\+json/;

/** Sends raw bytes to a listening server and returns what comes back (status line, headers, body). */
function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (d) => {
      data += d.toString('utf8');
    });
    socket.on('close', () => resolve(data));
    socket.on('error', (err) => (data ? resolve(data) : reject(err)));
  });
}

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

  it('refuses the NUL character in any field with a 400 naming it, before it reaches PostgreSQL', async () => {
    const login = await t.request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en' },
      payload: { username: 'ad\u0000min', password: 'x' },
    });
    expect(login.status).toBe(400);
    expect(login.headers['content-type']).toMatch(PROBLEM);
    expect(login.body).toMatchObject({
      code: 'validation.failed',
      errors: [{ path: 'body.username', code: 'nul_character' }],
    });
    expect(login.body.errors[0].message).toBe('body.username: must not contain the NUL character (U+0000)');
    const zh = await t.request({ method: 'GET', url: '/api/portal/unit?serial=SN%001' });
    expect(zh.status).toBe(400);
    expect(zh.body.errors).toEqual([
      { path: 'querystring.serial', code: 'nul_character', message: 'querystring.serial: 不能包含空字符（U+0000）' },
    ]);
    const admin = await t.login('admin');
    const unit = await admin.post('/api/org/units', { name: '新网点\u0000', kind: 'outlet', parentId: t.hqId });
    expect(unit.status).toBe(400);
    expect(unit.body.errors).toMatchObject([{ path: 'body.name', code: 'nul_character' }]);
    // Nested values and keys too: the path names where it sits.
    const nested = await admin.put('/api/roles/technician/permissions', { permissions: ['orders.read', 'x\u0000'] });
    expect(nested.body.errors).toMatchObject([{ path: 'body.permissions.1', code: 'nul_character' }]);
    const key = await admin.get('/api/settings/x%00y/versions');
    expect(key.status).toBe(400);
    expect(key.body.errors[0]).toMatchObject({ path: 'params.key', code: 'nul_character' });
    const lookup = await admin.get('/api/intake/lookup?q=138%00');
    expect(lookup.body.errors[0]).toMatchObject({ path: 'querystring.q', code: 'nul_character' });
    const customers = await admin.get('/api/customers?q=%00');
    expect(customers.status).toBe(400);
  });

  it("fills a schema refusal's message with the limit it broke, in the reader's language", async () => {
    const admin = await t.login('admin');
    const zh = await admin.put('/api/part-quotas', { orgUnitId: t.hqId, valueFen: -1, quantity: null });
    expect(zh.status).toBe(400);
    expect(zh.body.errors).toEqual([
      { path: 'body.valueFen', code: 'too_small', message: 'body.valueFen: 太短或太小（最小 0）' },
    ]);
    const big = await admin.put('/api/part-quotas', { orgUnitId: t.hqId, valueFen: 1, quantity: 2_000_000 });
    expect(big.body.errors).toEqual([
      { path: 'body.quantity', code: 'too_big', message: 'body.quantity: 太长或太大（最大 1000000）' },
    ]);
    const en = await t.request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en' },
      payload: { username: '', password: 'x' },
    });
    expect(en.body.errors[0].message).toMatch(/^body\.username: is too short or too small \(min \d+\)$/);
    const typed = await admin.put('/api/part-quotas', { orgUnitId: t.hqId, valueFen: 'x', quantity: null });
    expect(typed.body.errors[0].message).not.toMatch(/\{\w+\}/);
  });

  it('answers malformed multipart bodies with 400 problem+json, naming NUL fields like JSON ones', async () => {
    const admin = await t.login('admin');
    const form = (b: string) => ({ 'content-type': `multipart/form-data; boundary=${b}` });
    const cases: { url: string; headers: Record<string, string>; payload: string; as?: Agent }[] = [
      { url: '/api/portal/requests', headers: form('XYZ'), payload: 'garbage' },
      { url: '/api/portal/requests', headers: { 'content-type': 'multipart/form-data' }, payload: 'x' },
      {
        url: '/api/portal/requests',
        headers: form('XYZ'),
        payload: '--XYZ\r\nContent-Disposition: form-data; name="phone"\r\n\r\n1380',
      },
      { url: '/api/import/customers', headers: form('XYZ'), payload: 'garbage', as: admin },
      {
        url: '/api/import/customers',
        headers: form('XYZ'),
        payload: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nname,phone\r\n',
        as: admin,
      },
    ];
    for (const c of cases) {
      const res = c.as
        ? await c.as.request('POST', c.url, c.payload, c.headers)
        : await t.request({ method: 'POST', url: c.url, headers: c.headers, payload: c.payload });
      expect(res.status, `${c.url} ${c.payload.slice(0, 30)}`).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('request.malformed');
    }
    const nul = await t.request({
      method: 'POST',
      url: '/api/portal/requests',
      headers: form('XYZ'),
      payload: '--XYZ\r\nContent-Disposition: form-data; name="name"\r\n\r\n\u0000\r\n--XYZ--\r\n',
    });
    expect(nul.status).toBe(400);
    expect(nul.body.errors).toMatchObject([{ path: 'body.name', code: 'nul_character' }]);
  });

  it('answers URLs that do not decode and over-long path ids with problem+json, without echoing them', async () => {
    const bad = await t.request({ method: 'GET', url: '/api/orders/%E0%A4%A' });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(PROBLEM);
    expect(bad.body.code).toBe('request.malformed');
    const long = `/api/orders/${'a'.repeat(5000)}`;
    const res = await t.request({ method: 'GET', url: long, headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(414);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ code: 'request.uri_too_long', title: 'The request URL is too long' });
    expect(JSON.stringify(res.body).length).toBeLessThan(1000);
    const unknown = await t.request({ method: 'GET', url: `/api/${'b'.repeat(5000)}` });
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body).length).toBeLessThan(1500);
  });

  it('answers what the HTTP parser refuses (431, 400) with problem+json too', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as { port: number }).port;
    const big = await rawHttp(port, `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(big).toMatch(/^HTTP\/1\.1 431 /);
    expect(big).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4))).toMatchObject({
      code: 'request.headers_too_large',
      status: 431,
    });
    const garbage = await rawHttp(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4))).toMatchObject({
      code: 'request.malformed',
      status: 400,
    });
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
