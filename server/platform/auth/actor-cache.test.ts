import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';

/*
 * The actor of a session or token comes from this instance's cache; every change that can alter
 * the answer must show on the very next request here. The cache is proven to be in use by changing
 * rows behind its back (raw SQL, no invalidation) and seeing the old answer.
 */
const PASSWORD = 'Passw0rd1';
const MIN = 60_000;

describe('the cached actor of sessions and tokens', () => {
  let t: TestApp;
  let adminToken: string;
  let seq = 0;

  const rows = async <T>(query: ReturnType<typeof sql>) =>
    ((await t.database.db.execute(query)) as unknown as { rows: T[] }).rows;
  const bearer = (
    token: string,
    url: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' = 'GET',
    payload?: object,
  ) => t.request({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
  const tokenOf = async (username: string, password = PASSWORD) => {
    const res = await t.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password, token: true, tokenName: 'test' },
    });
    expect(res.status).toBe(200);
    return res.body.token as string;
  };
  /** A new dispatcher at HQ, signed in with a session and a token. */
  const person = async (roles = ['dispatcher']) => {
    const username = `p${++seq}`;
    const res = await admin.post('/api/users', {
      username,
      displayName: username,
      password: PASSWORD,
      orgUnitId: t.hqId,
      roles,
    });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, session: await t.login(username, PASSWORD), token: await tokenOf(username) };
  };
  /** The administrator acts by token: tests move the clock past any session's idle timeout. */
  const admin = {
    get: (url: string) => bearer(adminToken, url),
    post: (url: string, payload: object = {}) => bearer(adminToken, url, 'POST', payload),
    patch: (url: string, payload: object) => bearer(adminToken, url, 'PATCH', payload),
    put: (url: string, payload: object) => bearer(adminToken, url, 'PUT', payload),
    delete: (url: string) => bearer(adminToken, url, 'DELETE'),
  };
  const versionOf = async (userId: string) => (await admin.get(`/api/users/${userId}`)).body.version as number;

  beforeAll(async () => {
    t = await createTestApp();
    // A named API token: one from sign-in ends with the session, and these tests move the clock far.
    const created = await (await t.login('admin', 'Admin12345')).post('/api/auth/tokens', { name: 'test admin' });
    expect(created.status).toBe(201);
    adminToken = created.body.token as string;
  });
  afterAll(() => t.close());

  it('answers from the cache until a writer drops it', async () => {
    const p = await person();
    expect((await p.session.get('/api/auth/me')).body.roles).toEqual(['dispatcher']);
    expect((await bearer(p.token, '/api/auth/me')).body.roles).toEqual(['dispatcher']);
    // Behind the cache's back: both answers stay as they were.
    await t.database.db.execute(sql`update user_roles set role_code = 'technician' where user_id = ${p.id}`);
    expect((await p.session.get('/api/auth/me')).body.roles).toEqual(['dispatcher']);
    expect((await bearer(p.token, '/api/auth/me')).body.roles).toEqual(['dispatcher']);
    // Any edit of the person through the command drops the cache.
    const edit = await admin.patch(`/api/users/${p.id}`, { displayName: '改名', version: await versionOf(p.id) });
    expect(edit.status).toBe(200);
    expect((await p.session.get('/api/auth/me')).body.roles).toEqual(['technician']);
    expect((await bearer(p.token, '/api/auth/me')).body.roles).toEqual(['technician']);
  });

  it('never caches an unknown credential', async () => {
    const raw = `sbt_${'x'.repeat(40)}`;
    expect((await bearer(raw, '/api/auth/me')).status).toBe(401);
    const [me] = await rows<{ id: string }>(sql`select id from users where username = 'admin'`);
    await t.database.db.execute(
      sql`insert into api_tokens (user_id, name, token_hash, prefix, scopes)
          values (${me!.id}, 'raw', encode(sha256(convert_to(${raw}, 'UTF8')), 'hex'), 'sbt_xxxxxx', '[]')`,
    );
    expect((await bearer(raw, '/api/auth/me')).status).toBe(200);
  });

  it('refuses a signed-out session at once, and every session after signing out everywhere', async () => {
    const p = await person();
    const other = await t.login(`p${seq}`, PASSWORD);
    expect((await p.session.get('/api/auth/me')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(200);
    expect((await p.session.post('/api/auth/logout')).status).toBe(200);
    expect((await p.session.get('/api/auth/me')).status).toBe(401);
    expect((await other.get('/api/auth/me')).status).toBe(200);
    expect((await other.post('/api/auth/logout-all')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses a revoked token at once', async () => {
    const token = await tokenOf('admin', 'Admin12345');
    expect((await bearer(token, '/api/auth/me')).status).toBe(200);
    const mine = (await admin.get('/api/auth/tokens')).body.items as { id: string; prefix: string }[];
    const id = mine.find((x) => token.startsWith(x.prefix))!.id;
    expect((await admin.delete(`/api/auth/tokens/${id}`)).status).toBe(200);
    expect((await bearer(token, '/api/auth/me')).status).toBe(401);
  });

  it('refuses the sessions and tokens of a disabled person at once', async () => {
    const p = await person();
    expect((await p.session.get('/api/auth/me')).status).toBe(200);
    expect((await bearer(p.token, '/api/auth/me')).status).toBe(200);
    const off = await admin.post(`/api/users/${p.id}/deactivate`, { version: await versionOf(p.id) });
    expect(off.status).toBe(200);
    expect((await p.session.get('/api/auth/me')).status).toBe(401);
    expect((await bearer(p.token, '/api/auth/me')).status).toBe(401);
  });

  it('applies a removed role and a permission removed from a role at once', async () => {
    const p = await person(['dispatcher', 'finance']);
    expect((await bearer(p.token, '/api/auth/me')).body.permissions).toContain('finance.manage');
    const edit = await admin.patch(`/api/users/${p.id}`, { roles: ['dispatcher'], version: await versionOf(p.id) });
    expect(edit.status).toBe(200);
    expect((await bearer(p.token, '/api/auth/me')).body.permissions).not.toContain('finance.manage');

    expect((await p.session.get('/api/users')).status).toBe(200);
    expect((await bearer(p.token, '/api/users')).status).toBe(200);
    const roles = (await admin.get('/api/roles')).body.items as {
      code: string;
      permissions: string[];
      version: number;
    }[];
    const dispatcher = roles.find((r) => r.code === 'dispatcher')!;
    const put = await admin.put('/api/roles/dispatcher/permissions', {
      permissions: dispatcher.permissions.filter((x) => x !== 'users.read'),
      version: dispatcher.version,
    });
    expect(put.status).toBe(200);
    expect((await p.session.get('/api/users')).status).toBe(403);
    expect((await bearer(p.token, '/api/users')).status).toBe(403);
  });

  it('follows a move of the unit: the cached org path is the data scope', async () => {
    const unit = async (kind: string, code: string, parentId: string) => {
      const res = await admin.post('/api/org/units', { kind, code, name: code, parentId });
      expect(res.status).toBe(201);
      return res.body as { id: string; version: number };
    };
    const south = await unit('center', 'C-SOUTH', t.hqId);
    const north = await unit('center', 'C-NORTH', t.hqId);
    const outlet = await unit('outlet', 'O-MOVE', south.id);
    const res = await admin.post('/api/users', {
      username: 'outlet.mgr',
      displayName: 'outlet.mgr',
      password: PASSWORD,
      orgUnitId: outlet.id,
      roles: ['outlet_manager'],
    });
    expect(res.status).toBe(201);
    const token = await tokenOf('outlet.mgr');
    const visible = async () =>
      ((await bearer(token, '/api/org/units')).body.items as { id: string }[]).map((u) => u.id);
    expect(await visible()).toEqual([outlet.id]);
    const moved = await admin.post(`/api/org/units/${outlet.id}/move`, { parentId: north.id, version: outlet.version });
    expect(moved.status).toBe(200);
    // With the path cached from before the move, the outlet would no longer be in scope.
    expect(await visible()).toEqual([outlet.id]);
  });

  it('refuses a session idle past the timeout, and applies a changed timeout at once', async () => {
    const p = await person();
    expect((await p.session.get('/api/auth/me')).status).toBe(200);
    t.clock.advance(121 * MIN);
    expect((await p.session.get('/api/auth/me')).status).toBe(401);

    const q = await person();
    t.clock.advance(40 * MIN);
    expect((await q.session.get('/api/auth/me')).status).toBe(200);
    t.clock.advance(31 * MIN);
    expect((await q.session.get('/api/auth/me')).status).toBe(200);
    const put = await admin.put('/api/settings/security.idleMinutes', { value: 30 });
    expect(put.status).toBe(200);
    t.clock.advance(31 * MIN);
    expect((await q.session.get('/api/auth/me')).status).toBe(401);
    expect((await admin.put('/api/settings/security.idleMinutes', { value: 120 })).status).toBe(200);
  });

  it('refuses a session or token past its expiry', async () => {
    const p = await person();
    const scoped = await admin.post('/api/auth/tokens', { name: 'short', scopes: ['audit.read'], expiresInDays: 1 });
    expect(scoped.status).toBe(201);
    expect((await bearer(scoped.body.token, '/api/auth/me')).status).toBe(200);
    // Touched every 100 minutes the session never idles, and still ends after 12 hours.
    for (let i = 0; i < 8; i++) {
      expect((await p.session.get('/api/auth/me')).status).toBe(200);
      t.clock.advance(100 * MIN);
    }
    expect((await p.session.get('/api/auth/me')).status).toBe(401);
    t.clock.advance(13 * 60 * MIN);
    expect((await bearer(scoped.body.token, '/api/auth/me')).status).toBe(401);
  });

  it('writes last_used_at and last_seen_at at most once a minute', async () => {
    await t.database.exec(`
      create table touches (tbl text not null, user_id uuid not null);
      create function count_touch() returns trigger language plpgsql as $$
        begin insert into touches values (tg_table_name, new.user_id); return null; end $$;
      create trigger tokens_touched after update of last_used_at on api_tokens for each row execute function count_touch();
      create trigger sessions_touched after update of last_seen_at on sessions for each row execute function count_touch();`);
    const p = await person();
    const touches = async (tbl: string) =>
      (
        await rows<{ n: number }>(sql`select count(*)::int as n from touches where tbl = ${tbl} and user_id = ${p.id}`)
      )[0]!.n;
    const use = async (n: number) => {
      for (let i = 0; i < n; i++) {
        expect((await bearer(p.token, '/api/auth/me')).status).toBe(200);
        expect((await p.session.get('/api/auth/me')).status).toBe(200);
      }
    };
    await use(5);
    // The token's first use records it; the session was seen when it signed in.
    expect([await touches('api_tokens'), await touches('sessions')]).toEqual([1, 0]);
    t.clock.advance(30_000);
    await use(5);
    expect([await touches('api_tokens'), await touches('sessions')]).toEqual([1, 0]);
    t.clock.advance(31_000);
    await use(5);
    expect([await touches('api_tokens'), await touches('sessions')]).toEqual([2, 1]);
    const [token] = await rows<{ last_used_at: string }>(
      sql`select last_used_at from api_tokens where user_id = ${p.id} order by created_at desc limit 1`,
    );
    expect(new Date(token!.last_used_at).getTime()).toBe(t.clock.now().getTime());
  });
});
