import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../test/harness.js';

describe('unknown query parameters', () => {
  let t: TestApp;
  let admin: Agent;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  it('GET /api/units?serial=X is refused naming serial, in zh-CN and en', async () => {
    const zh = await admin.get('/api/units?serial=X&q=A');
    expect(zh.status).toBe(400);
    expect(zh.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(zh.body.code).toBe('request.unknown_parameter');
    expect(zh.body.title).toBe('未知的查询参数');
    expect(zh.body.detail).toContain('serial');
    expect(zh.body.errors).toEqual([
      { path: 'querystring.serial', code: 'unknown_parameter', message: 'querystring.serial: 不是该接口的查询参数' },
    ]);
    // The admin reads zh-CN; an anonymous caller's Accept-Language picks English.
    const en = await t.request({
      method: 'GET',
      url: '/api/portal/unit?serial=X&model=M&colour=red&size=2',
      headers: { 'accept-language': 'en' },
    });
    expect(en.status).toBe(400);
    expect(en.body.title).toBe('Unknown query parameter');
    expect(en.body.detail).toBe('Unknown query parameters: colour, size (this endpoint takes: model, serial)');
    expect(en.body.errors.map((e: { path: string }) => e.path)).toEqual(['querystring.colour', 'querystring.size']);
    const none = await t.request({ method: 'GET', url: '/api/health?verbose=1', headers: { 'accept-language': 'en' } });
    expect(none.body.detail).toBe('Unknown query parameters: verbose (this endpoint takes: none)');
  });

  it('declared parameters still work', async () => {
    expect((await admin.get('/api/units?q=A&page=1&pageSize=5')).status).toBe(200);
    expect((await admin.get('/api/orders?state=created&state=closed&pageSize=5')).status).toBe(200);
  });

  it('every GET endpoint of the OpenAPI document refuses an unknown parameter', async () => {
    const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const gets = Object.entries(doc.paths)
      .filter(([, ops]) => 'get' in ops)
      .map(([path]) => path);
    expect(gets.length).toBeGreaterThan(40);
    const accepted: string[] = [];
    for (const path of gets) {
      // The check runs before the route's own validation, so any path value will do.
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await admin.get(`${url}?zzUnknown=1`);
      if (res.status !== 400 || res.body?.code !== 'request.unknown_parameter')
        accepted.push(`${path} → ${res.status}`);
    }
    expect(accepted).toEqual([]);
  });
});
