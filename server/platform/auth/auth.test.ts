import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';

describe('sign-in, sessions, CSRF and API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.login('admin');
    await admin.patch('/api/auth/me', { mobile: '13800138000' });
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, extra: Record<string, unknown> = {}, ip = '10.0.0.1') =>
    t.request({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...extra }, remoteAddress: ip });

  it('signs in by username or mobile number and sets an httpOnly SameSite cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ADMIN', password: 'Admin12345' },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'sanbao_sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(JSON.parse(res.body).user.csrfToken).toBeTruthy();
    expect((await login('13800138000', 'Admin12345')).status).toBe(200);
  });

  it('answers a wrong password with 401 problem+json in the asked language', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en' },
      payload: { username: 'admin', password: 'nope' },
    });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      code: 'auth.invalid_credentials',
      status: 401,
      detail: 'Wrong username or password',
    });
    expect(JSON.stringify(res.body)).not.toContain('stack');
  });

  it('names missing fields', async () => {
    const res = await t.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.password', code: 'required' })]);
    expect(res.body.errors[0].message).toContain('必填');
  });

  it('refuses cookie writes without the CSRF header', async () => {
    const admin = await t.login('admin');
    const withHeader = await admin.patch('/api/auth/me', { displayName: '管理员甲' });
    expect(withHeader.status).toBe(200);
    const without = await admin.request('PATCH', '/api/auth/me', { displayName: 'x' }, { 'x-csrf-token': 'forged' });
    expect(without.status).toBe(403);
    expect(without.body.code).toBe('auth.csrf');
  });

  it('refuses a stale profile edit naming who changed it and when, in the company zone', async () => {
    const admin = await t.login('admin');
    const me = (await admin.get('/api/auth/me')).body;
    expect((await admin.patch('/api/auth/me', { displayName: '管理员乙', version: me.version })).status).toBe(200);
    const stale = await admin.patch('/api/auth/me', { displayName: '管理员丙', version: me.version });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('entity.version_conflict');
    // A local time people read, not "?" and a UTC ISO string.
    expect(stale.body.detail).toMatch(/^记录已被\S+于\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}修改/);
    expect(stale.body.detail).not.toContain('?');
  });

  it('lets the public portal ignore a staff session held by the same browser', async () => {
    const admin = await t.login('admin');
    const res = await admin.request(
      'POST',
      '/api/portal/otp',
      { phone: '13912345678', purpose: 'report' },
      { 'x-csrf-token': '' },
    );
    expect(res.body.code).not.toBe('auth.csrf');
    expect(res.status).toBeLessThan(300);
  });

  it('ends idle and expired sessions', async () => {
    const admin = await t.login('admin');
    t.clock.advance(119 * 60_000);
    expect((await admin.get('/api/auth/me')).status).toBe(200);
    t.clock.advance(121 * 60_000);
    const res = await admin.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.required');
  });

  it('logs out everywhere', async () => {
    const a = await t.login('admin');
    const b = await t.login('admin');
    expect((await a.post('/api/auth/logout-all')).status).toBe(200);
    expect((await b.get('/api/auth/me')).status).toBe(401);
  });

  it('issues bearer tokens for scripts: no CSRF needed, scoped, revocable, hashed at rest', async () => {
    const res = await login('admin', 'Admin12345', { token: true, tokenName: 'CTI' }, '10.2.0.1');
    expect(res.status).toBe(200);
    const token = res.body.token as string;
    expect(token).toMatch(/^sbt_/);
    const bearer = { authorization: `Bearer ${token}` };
    expect(
      (await t.request({ method: 'PATCH', url: '/api/auth/me', headers: bearer, payload: { lang: 'en' } })).status,
    ).toBe(200);

    const admin = await t.login('admin');
    const scoped = await admin.post('/api/auth/tokens', { name: '只读审计', scopes: ['audit.read'] });
    expect(scoped.status).toBe(201);
    const scopedHeaders = { authorization: `Bearer ${scoped.body.token}` };
    expect((await t.request({ method: 'GET', url: '/api/audit', headers: scopedHeaders })).status).toBe(200);
    const denied = await t.request({ method: 'GET', url: '/api/settings', headers: scopedHeaders });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('auth.forbidden');

    const bad = await admin.post('/api/auth/tokens', { name: 'x', scopes: ['no.such'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.scopes.0');

    const raw = await t.database.db.execute(sql`select token_hash from api_tokens`);
    const hashes = ((raw as unknown as { rows: { token_hash: string }[] }).rows ?? []).map((r) => r.token_hash);
    expect(hashes).not.toContain(scoped.body.token);

    expect((await admin.delete(`/api/auth/tokens/${scoped.body.id}`)).status).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/audit', headers: scopedHeaders })).status).toBe(401);
    const audit = await admin.get(`/api/audit?entity=api_token&entityId=${scoped.body.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['token.revoked', 'token.created']);
  });

  it('changes my own password with rules and the current password', async () => {
    const admin = await t.login('admin');
    const wrong = await admin.post('/api/auth/password', { currentPassword: 'bad', newPassword: 'Newpass123' });
    expect(wrong.body.errors[0].path).toBe('body.currentPassword');
    const weak = await admin.post('/api/auth/password', { currentPassword: 'Admin12345', newPassword: 'short' });
    expect(weak.body).toMatchObject({ code: 'password.weak' });
    expect(weak.body.errors[0].path).toBe('body.newPassword');
    expect(
      (await admin.post('/api/auth/password', { currentPassword: 'Admin12345', newPassword: 'Newpass123' })).status,
    ).toBe(200);
    expect((await login('admin', 'Newpass123', {}, '10.3.0.1')).status).toBe(200);
    await admin.post('/api/auth/password', { currentPassword: 'Newpass123', newPassword: 'Admin12345' });
  });
});

describe('housekeeping', () => {
  it('drops expired sessions and quiet sign-in counters, keeping live ones', async () => {
    const { runHousekeeping } = await import('../housekeeping.js');
    const t = await createTestApp();
    try {
      const admin = await t.login('admin');
      await t.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'x' } });
      const count = async (table: string) =>
        (
          (await t.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as {
            rows: { n: number }[];
          }
        ).rows[0]!.n;
      // The admin's account counters went with the successful sign-in; the address's stays.
      expect(await count('login_throttles')).toBe(3);
      await runHousekeeping(t.database, t.clock.now());
      expect(await count('sessions')).toBe(1);
      expect(await count('login_throttles')).toBe(3);
      t.clock.advance(25 * 3600_000);
      await runHousekeeping(t.database, t.clock.now());
      expect(await count('sessions')).toBe(0);
      expect(await count('login_throttles')).toBe(0);
      expect((await admin.get('/api/auth/me')).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
