import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../platform/events/index.js';
import { orgUnits, sessions, userRoles, users } from '../../platform/identity/tables.js';
import { type Agent, createTestApp, DEMO_PASSWORD, type TestApp } from '../../test/harness.js';

describe('people API', () => {
  let t: TestApp;
  let admin: Agent;
  let gd01: Agent; // outlet manager of O-GD-01: users.manage within the outlet
  const units: Record<string, { id: string; path: string }> = {};
  const userIds: Record<string, string> = {};

  const userRow = async (id: string) => (await t.database.db.select().from(users).where(eq(users.id, id)))[0]!;
  const rolesOf = async (id: string) =>
    (await t.database.db.select().from(userRoles).where(eq(userRoles.userId, id))).map((r) => r.roleCode).sort();
  const sessionCount = async (id: string) =>
    (await t.database.db.select().from(sessions).where(eq(sessions.userId, id))).length;
  const eventsOf = (id: string) =>
    t.database.db
      .select()
      .from(events)
      .where(and(eq(events.entity, 'user'), eq(events.entityId, id)))
      .orderBy(asc(events.id));

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    for (const u of await t.database.db.select().from(orgUnits)) units[u.code] = { id: u.id, path: u.path };
    for (const u of await t.database.db.select().from(users)) userIds[u.username] = u.id;
    admin = await t.login('admin');
    gd01 = await t.login('gd01.manager');
  });
  afterAll(() => t.close());

  it('lists people of the subtree, filtered and paged, without password hashes', async () => {
    const all = await admin.get('/api/users?pageSize=200');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(Object.keys(userIds).length);
    expect(all.body.items).toHaveLength(all.body.total);
    expect(JSON.stringify(all.body)).not.toMatch(/argon2|passwordHash/);

    const page2 = await admin.get('/api/users?pageSize=5&page=2');
    expect(page2.body).toMatchObject({ page: 2, pageSize: 5, total: all.body.total });
    expect(page2.body.items.map((u: { id: string }) => u.id)).toEqual(
      all.body.items.slice(5, 10).map((u: { id: string }) => u.id),
    );

    const mine = await gd01.get('/api/users');
    expect(mine.body.items.map((u: { username: string }) => u.username)).toEqual([
      'gd01.manager',
      'gd01.tech1',
      'gd01.tech2',
    ]);
    expect(mine.body.items[1]).toMatchObject({
      roles: ['technician'],
      orgUnitName: '广州天河家电维修服务部',
      active: true,
    });

    const center = await admin.get(`/api/users?orgUnitId=${units['C-GD']!.id}&pageSize=200`);
    expect(center.body.total).toBe(2 + 4 * 3);
    const techs = await admin.get(`/api/users?orgUnitId=${units['C-GD']!.id}&role=technician`);
    expect(techs.body.total).toBe(8);
    expect((await admin.get('/api/users?q=GD01.TECH')).body.total).toBe(2);
    expect((await admin.get(`/api/users?q=${encodeURIComponent('周总')}`)).body.items[0].username).toBe('manager');
    expect((await admin.get('/api/users?q=%25')).body.total).toBe(0);
    // A unit outside the subtree narrows to nothing rather than widening the scope.
    expect((await gd01.get(`/api/users?orgUnitId=${units['C-GD']!.id}`)).body.total).toBe(0);
    expect((await admin.get('/api/users?active=false')).body.total).toBe(0);
  });

  it('reads one person; people of other branches are 404', async () => {
    const own = await gd01.get(`/api/users/${userIds['gd01.tech1']}`);
    expect(own.status).toBe(200);
    expect(own.headers.etag).toBe('"1"');
    expect(own.body).not.toHaveProperty('passwordHash');
    const other = await gd01.get(`/api/users/${userIds['gd02.tech1']}`);
    expect(other.status).toBe(404);
    expect(other.body.detail).toBe('用户不存在或无权查看');
  });

  it('creates an account in the own outlet, audited, and the person can sign in', async () => {
    const res = await gd01.post('/api/users', {
      username: 'gd01.tech3',
      displayName: '新技师',
      password: 'Passw0rd1',
      mobile: '13912345678',
      orgUnitId: units['O-GD-01']!.id,
      roles: ['technician'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      username: 'gd01.tech3',
      roles: ['technician'],
      version: 1,
      mustChangePassword: false,
    });
    userIds['gd01.tech3'] = res.body.id;
    expect(await rolesOf(res.body.id)).toEqual(['technician']);
    const [ev] = await eventsOf(res.body.id);
    expect(ev).toMatchObject({ action: 'user.created', actorName: '陈志强', orgPath: units['O-GD-01']!.path });
    expect(ev!.changes.passwordHash).toEqual({ before: null, after: '***' });
    expect(ev!.changes.roles).toEqual({ before: null, after: ['technician'] });
    const me = await (await t.login('gd01.tech3', 'Passw0rd1')).get('/api/auth/me');
    expect(me.body.orgUnitId).toBe(units['O-GD-01']!.id);
  });

  it('refuses a weak password, a taken username or mobile, a foreign unit and roles beyond the creator’s', async () => {
    const base = {
      username: 'gd01.x',
      displayName: 'X',
      password: 'Passw0rd1',
      orgUnitId: units['O-GD-01']!.id,
      roles: ['technician'],
    };
    const weak = await gd01.post('/api/users', { ...base, password: 'password' });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({
      code: 'password.weak',
      errors: [expect.objectContaining({ path: 'body.password' })],
    });

    const taken = await gd01.post('/api/users', { ...base, username: 'GD01.Tech1' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({
      code: 'entity.duplicate',
      errors: [expect.objectContaining({ path: 'body.username' })],
    });
    const mobile = await gd01.post('/api/users', { ...base, mobile: '13912345678' });
    expect(mobile.body.errors[0].path).toBe('body.mobile');

    const foreign = await gd01.post('/api/users', { ...base, orgUnitId: units['O-GD-02']!.id });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('auth.out_of_scope');

    const admin = await gd01.post('/api/users', { ...base, roles: ['technician', 'admin'] });
    expect(admin.status).toBe(403);
    expect(admin.body).toMatchObject({ code: 'role.exceeds_own', params: { role: 'admin' } });
    expect(admin.body.errors[0].path).toBe('body.roles');

    const badRole = await gd01.post('/api/users', { ...base, roles: ['wizard'] });
    expect(badRole.status).toBe(400);
    expect(badRole.body.errors[0].path).toBe('body.roles.0');
    expect(await t.database.db.select().from(users).where(eq(users.username, 'gd01.x'))).toEqual([]);
  });

  it('edits details and roles, refusing a stale version, a foreign unit and more rights', async () => {
    const id = userIds['gd01.tech3']!;
    const res = await gd01.patch(`/api/users/${id}`, {
      displayName: '王技师',
      roles: ['technician', 'outlet_manager'],
      version: 1,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ displayName: '王技师', roles: ['outlet_manager', 'technician'], version: 2 });
    expect(res.headers.etag).toBe('"2"');
    expect(await rolesOf(id)).toEqual(['outlet_manager', 'technician']);
    const ev = (await eventsOf(id)).at(-1)!;
    expect(ev.action).toBe('user.updated');
    expect(ev.changes).toEqual({
      displayName: { before: '新技师', after: '王技师' },
      roles: { before: ['technician'], after: ['outlet_manager', 'technician'] },
    });

    const stale = await gd01.patch(`/api/users/${id}`, { displayName: 'x', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('entity.version_conflict');
    const foreign = await gd01.patch(`/api/users/${id}`, { orgUnitId: units['O-GD-02']!.id, version: 2 });
    expect(foreign.status).toBe(403);
    const dispatcher = await gd01.patch(`/api/users/${id}`, { roles: ['dispatcher'], version: 2 });
    expect(dispatcher.status).toBe(403);
    expect(dispatcher.body).toMatchObject({
      code: 'role.exceeds_own',
      params: { role: 'dispatcher', permission: 'orders.create' },
    });
    expect((await userRow(id)).version).toBe(2);
    expect(await rolesOf(id)).toEqual(['outlet_manager', 'technician']);
  });

  it('moves a person between outlets, logging it at the center above both', async () => {
    const id = userIds['gd01.tech3']!;
    const res = await admin.patch(`/api/users/${id}`, { orgUnitId: units['O-GD-02']!.id, version: 2 });
    expect(res.status).toBe(200);
    expect(res.body.orgUnitName).toBe('深圳南山电器特约维修站');
    const ev = (await eventsOf(id)).at(-1)!;
    expect(ev.changes.orgUnitId).toEqual({ before: units['O-GD-01']!.id, after: units['O-GD-02']!.id });
    expect(ev.orgPath).toBe(units['C-GD']!.path);
    expect((await gd01.get(`/api/users/${id}`)).status).toBe(404);
    expect((await (await t.login('gd02.manager')).get(`/api/users/${id}`)).status).toBe(200);
  });

  it('does not let anyone manage an account with more rights than their own', async () => {
    const boss = await admin.post('/api/users', {
      username: 'gd01.boss',
      displayName: '驻点管理员',
      password: 'Passw0rd1',
      orgUnitId: units['O-GD-01']!.id,
      roles: ['admin'],
    });
    expect(boss.status).toBe(201);
    const reset = await gd01.post(`/api/users/${boss.body.id}/reset-password`, { password: 'Hijack123', version: 1 });
    expect(reset.status).toBe(403);
    expect(reset.body.code).toBe('user.exceeds_own');
    expect((await gd01.post(`/api/users/${boss.body.id}/deactivate`, { version: 1 })).status).toBe(403);
    expect((await gd01.patch(`/api/users/${boss.body.id}`, { roles: ['technician'], version: 1 })).status).toBe(403);
    expect((await userRow(boss.body.id)).version).toBe(1);
  });

  it('deactivates an account: its sessions end and it cannot sign in; not oneself', async () => {
    const id = userIds['gd01.tech2']!;
    const tech = await t.login('gd01.tech2');
    expect(await sessionCount(id)).toBe(1);
    const self = await gd01.post(`/api/users/${gd01.userId}/deactivate`, { version: 1 });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('user.self_disable');

    const res = await gd01.post(`/api/users/${id}/deactivate`, { version: 1, reason: '离职' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ active: false, version: 2 });
    expect(await sessionCount(id)).toBe(0);
    expect((await tech.get('/api/auth/me')).status).toBe(401);
    const login = await t.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'gd01.tech2', password: DEMO_PASSWORD },
    });
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('auth.account_disabled');
    const ev = (await eventsOf(id)).at(-1)!;
    expect(ev).toMatchObject({
      action: 'user.deactivated',
      reason: '离职',
      changes: { active: { before: true, after: false } },
    });
    expect((await gd01.get('/api/users?active=false')).body.items.map((u: { id: string }) => u.id)).toEqual([id]);

    const back = await gd01.post(`/api/users/${id}/activate`, { version: 2 });
    expect(back.status).toBe(200);
    expect(back.body.active).toBe(true);
    expect((await t.login('gd01.tech2')).userId).toBe(id);
  });

  it('resets a password: must be changed at next sign-in, and every session ends', async () => {
    const id = userIds['gd01.tech1']!;
    const tech = await t.login('gd01.tech1');
    const weak = await gd01.post(`/api/users/${id}/reset-password`, { password: 'short', version: 1 });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].path).toBe('body.password');

    const res = await gd01.post(`/api/users/${id}/reset-password`, { password: 'NewPassw0rd', version: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mustChangePassword: true, version: 2 });
    expect(await sessionCount(id)).toBe(0);
    expect((await tech.get('/api/auth/me')).status).toBe(401);
    const old = await t.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'gd01.tech1', password: DEMO_PASSWORD },
    });
    expect(old.status).toBe(401);
    const me = await (await t.login('gd01.tech1', 'NewPassw0rd')).get('/api/auth/me');
    expect(me.body.mustChangePassword).toBe(true);
    const ev = (await eventsOf(id)).at(-2)!; // the last one is the sign-in
    expect(ev.action).toBe('user.password_reset');
    expect(ev.changes).toEqual({
      passwordHash: { before: '***', after: '***' },
      mustChangePassword: { before: false, after: true },
    });
  });

  it('activates an account only in an active unit', async () => {
    const outlet = await admin.post('/api/org/units', {
      kind: 'outlet',
      parentId: units['C-GD']!.id,
      code: 'O-GD-77',
      name: '临时网点',
    });
    const temp = await admin.post('/api/users', {
      username: 'gd77.tech',
      displayName: '临时技师',
      password: 'Passw0rd1',
      orgUnitId: outlet.body.id,
      roles: ['technician'],
    });
    expect((await admin.post(`/api/users/${temp.body.id}/deactivate`, { version: 1 })).status).toBe(200);
    expect((await admin.post(`/api/org/units/${outlet.body.id}/deactivate`, { version: 1 })).status).toBe(200);
    const res = await admin.post(`/api/users/${temp.body.id}/activate`, { version: 2 });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'org.inactive', params: { name: '临时网点' } });
    expect((await userRow(temp.body.id)).active).toBe(false);
  });

  it('needs users.manage to write and users.read to read', async () => {
    const tech = await t.login('gd02.tech1');
    expect((await tech.get('/api/users')).body.code).toBe('auth.forbidden');
    const res = await tech.post(`/api/users/${userIds['gd02.tech2']}/deactivate`, { version: 1 });
    expect(res.status).toBe(403);
    expect(res.body.params).toEqual({ permission: 'users.manage' });
  });
});
