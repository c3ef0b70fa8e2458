import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';

describe('setup wizard API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ setup: false });
  });
  afterAll(() => t.close());

  it('reports that setup is needed and refuses a weak password naming the field', async () => {
    expect((await t.request({ method: 'GET', url: '/api/setup' })).body).toEqual({
      needsSetup: true,
      companyName: null,
      hotline: null,
      timeZone: 'Asia/Shanghai',
    });
    const res = await t.request({
      method: 'POST',
      url: '/api/setup',
      payload: { company: '某某电器', admin: { username: 'boss', password: 'short' } },
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('password.weak');
    expect(res.body.errors[0].path).toBe('body.admin.password');
    expect(res.body.detail).toContain('密码');
    // Nothing half-written: still needs setup.
    expect((await t.request({ method: 'GET', url: '/api/setup' })).body.needsSetup).toBe(true);
  });

  it('rejects an unknown time zone naming the field, in English when asked', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/setup',
      headers: { 'accept-language': 'en-US' },
      payload: { company: 'X', timeZone: 'Mars/Olympus', admin: { username: 'boss', password: 'Passw0rd!' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('body.timeZone');
    expect(res.body.title).toBe('Some fields are invalid');
  });

  it('sets up once, then refuses a second setup', async () => {
    const body = {
      company: '某某电器',
      timeZone: 'Asia/Urumqi',
      admin: { username: 'boss', password: 'Passw0rd1' },
      demo: false,
    };
    const res = await t.request({ method: 'POST', url: '/api/setup', payload: body });
    expect(res.status).toBe(201);
    expect((await t.request({ method: 'GET', url: '/api/setup' })).body).toEqual({
      needsSetup: false,
      companyName: '某某电器',
      hotline: null,
      timeZone: 'Asia/Urumqi',
    });
    const again = await t.request({ method: 'POST', url: '/api/setup', payload: body });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('setup.already_done');
    const boss = await t.login('boss', 'Passw0rd1');
    const me = await boss.get('/api/auth/me');
    expect(me.body.roles).toEqual(['admin']);
    expect(me.body.orgUnitKind).toBe('hq');
  });
});

describe('settings and audit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists settings, changes one with an effective date, and audits it', async () => {
    const admin = await t.login('admin');
    const list = await admin.get('/api/settings');
    expect(list.status).toBe(200);
    expect(list.body.items.find((s: { key: string }) => s.key === 'company.name').value).toBe('测试电器有限公司');

    const bad = await admin.put('/api/settings/security.idleMinutes', { value: 'lots' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.value');

    const later = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
    const ok = await admin.put('/api/settings/security.idleMinutes', {
      value: 30,
      effectiveFrom: later,
      note: '等保要求',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.value).toBe(120);
    expect(ok.body.upcoming).toEqual([{ value: 30, effectiveFrom: later }]);

    const unknown = await admin.put('/api/settings/no.such', { value: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('setting.unknown');

    const audit = await admin.get('/api/audit?entity=setting&entityId=security.idleMinutes');
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ action: 'setting.changed', actorName: '管理员', reason: '等保要求' });
    expect(audit.body.items[0].changes.value).toEqual({ before: 120, after: 30 });
  });

  it('pages the audit log by keyset', async () => {
    const admin = await t.login('admin');
    const first = await admin.get('/api/audit?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextBefore).toBe(first.body.items[1].id);
    const second = await admin.get(`/api/audit?limit=2&before=${first.body.nextBefore}`);
    expect(second.body.items[0].id).toBeLessThan(first.body.nextBefore);
    // Every page carries the same total: what matches the filters, not what is left after the cursor.
    expect(first.body.total).toBeGreaterThan(2);
    expect(second.body).toMatchObject({ total: first.body.total, totalCapped: false });
    const settings = await admin.get('/api/audit?entity=setting');
    expect(settings.body.total).toBe(settings.body.items.length);
  });
});

describe('setting history', () => {
  it('names who set each version', async () => {
    const t = await createTestApp();
    try {
      const admin = await t.login('admin');
      await admin.put('/api/settings/security.sessionHours', { value: 8, note: '夜班交接' });
      const res = await admin.get('/api/settings/security.sessionHours/versions');
      expect(res.status).toBe(200);
      expect(res.body.items[0]).toMatchObject({ value: 8, createdByName: '管理员', note: '夜班交接' });
      const setup = await admin.get('/api/settings/company.name/versions');
      expect(setup.body.items[0].createdByName).toBeNull();
    } finally {
      await t.close();
    }
  });
});
