import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, DEFAULT_ROLE_PERMISSIONS, ROLE_CODES } from '../../../shared/permissions.js';
import { events } from '../../platform/events/index.js';
import { rolePermissions, roles } from '../../platform/identity/tables.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';

describe('roles and permissions API', () => {
  let t: TestApp;
  let admin: Agent;

  const stored = async (code: string) =>
    (await t.database.db.select().from(rolePermissions).where(eq(rolePermissions.roleCode, code)))
      .map((r) => r.permission)
      .sort();
  const version = async (code: string) =>
    (await t.database.db.select().from(roles).where(eq(roles.code, code)))[0]!.version;
  const roleEvents = (code: string) =>
    t.database.db
      .select()
      .from(events)
      .where(and(eq(events.entity, 'role'), eq(events.entityId, code)))
      .orderBy(asc(events.id));

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  it('lists roles with permissions and every permission, for people who may read people', async () => {
    const gd01 = await t.login('gd01.manager');
    const list = await gd01.get('/api/roles');
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { code: string }) => r.code)).toEqual([...ROLE_CODES]);
    const tech = list.body.items.find((r: { code: string }) => r.code === 'technician');
    expect(tech).toMatchObject({ nameZh: '维修工程师', nameEn: 'Technician', builtin: true, version: 1 });
    expect(tech.permissions).toEqual([...DEFAULT_ROLE_PERMISSIONS.technician].sort());

    const perms = await gd01.get('/api/permissions');
    expect(perms.body.items).toHaveLength(ALL_PERMISSIONS.length);
    expect(perms.body.items[0]).toEqual({ code: 'org.read', zh: '查看组织架构', en: 'View the organisation' });

    const technician = await t.login('gd01.tech1');
    expect((await technician.get('/api/roles')).status).toBe(403);
    expect((await technician.get('/api/permissions')).status).toBe(403);
  });

  it('replaces a role’s permissions, bumps its version and audits before and after', async () => {
    const before = await stored('technician');
    const next = [...before, 'reports.read'];
    const res = await admin.put('/api/roles/technician/permissions', { permissions: next, version: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 'technician', version: 2, permissions: [...next].sort() });
    expect(await stored('technician')).toEqual([...next].sort());
    expect(await version('technician')).toBe(2);
    const [ev] = await roleEvents('technician');
    expect(ev).toMatchObject({ action: 'role.permissions_changed', actorName: '管理员', orgPath: null });
    expect(ev!.changes).toEqual({ permissions: { before, after: [...next].sort() } });
    // Takes effect on the next request: no new sign-in needed.
    const me = await (await t.login('gd01.tech1')).get('/api/auth/me');
    expect(me.body.permissions).toContain('reports.read');
    const audit = await admin.get('/api/audit?entity=role&entityId=technician');
    expect(audit.body.items).toHaveLength(1);
  });

  it('refuses unknown permissions naming the item, a stale version and an unknown role', async () => {
    const unknown = await admin.put('/api/roles/technician/permissions', {
      permissions: ['orders.read', 'orders.fly'],
      version: 2,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'permission.unknown', params: { permission: 'orders.fly' } });
    expect(unknown.body.errors[0].path).toBe('body.permissions.1');
    const stale = await admin.put('/api/roles/technician/permissions', { permissions: ['orders.read'], version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('entity.version_conflict');
    expect(stale.body.detail).toContain('管理员');
    const missing = await admin.put('/api/roles/wizard/permissions', { permissions: [], version: 1 });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('角色不存在或无权查看');
    expect(await version('technician')).toBe(2);
    expect(await roleEvents('technician')).toHaveLength(1);
  });

  it('keeps the admin role able to manage accounts and roles', async () => {
    const all = await stored('admin');
    for (const locked of ['users.manage', 'roles.manage']) {
      const res = await admin.put('/api/roles/admin/permissions', {
        permissions: all.filter((p) => p !== locked),
        version: 1,
      });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'role.builtin_admin', params: { permission: locked } });
    }
    const en = await t.login('admin');
    await en.patch('/api/auth/me', { lang: 'en' });
    const res = await en.put('/api/roles/admin/permissions', { permissions: ['users.manage'], version: 1 });
    expect(res.body.detail).toBe('The admin role must keep roles.manage');
    expect(await stored('admin')).toEqual(all);
    await en.patch('/api/auth/me', { lang: 'zh-CN' });
  });

  it('needs roles.manage, and never lets anyone grant a permission they lack', async () => {
    const manager = await t.login('manager');
    const denied = await manager.put('/api/roles/technician/permissions', { permissions: ['orders.read'], version: 2 });
    expect(denied.status).toBe(403);
    expect(denied.body.params).toEqual({ permission: 'roles.manage' });

    const managerRole = await stored('manager');
    const give = await admin.put('/api/roles/manager/permissions', {
      permissions: [...managerRole, 'roles.manage'],
      version: 1,
    });
    expect(give.status).toBe(200);
    const tech = await stored('technician');
    const escalate = await manager.put('/api/roles/technician/permissions', {
      permissions: [...tech, 'settings.manage'],
      version: 2,
    });
    expect(escalate.status).toBe(403);
    expect(escalate.body).toMatchObject({ code: 'permission.not_held', params: { permission: 'settings.manage' } });
    expect(escalate.body.errors[0].path).toBe(`body.permissions.${tech.length}`);
    // Removing, or adding what they hold, is fine.
    const ok = await manager.put('/api/roles/technician/permissions', {
      permissions: tech.filter((p) => p !== 'reports.read'),
      version: 2,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(3);
  });
});
