import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../platform/events/index.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';

describe('org units API', () => {
  let t: TestApp;
  let manager: Agent; // HQ, has org.manage
  const ids: Record<string, string> = {};

  const unitRow = async (id: string) => (await t.database.db.select().from(orgUnits).where(eq(orgUnits.id, id)))[0]!;
  const eventsOf = (id: string) =>
    t.database.db
      .select()
      .from(events)
      .where(and(eq(events.entity, 'org_unit'), eq(events.entityId, id)))
      .orderBy(asc(events.id));

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    for (const u of await t.database.db.select({ id: orgUnits.id, code: orgUnits.code }).from(orgUnits))
      ids[u.code] = u.id;
    manager = await t.login('manager');
  });
  afterAll(() => t.close());

  it('lists the subtree in tree order with head counts, and nothing outside it', async () => {
    const all = await manager.get('/api/org/units');
    expect(all.status).toBe(200);
    const codes = all.body.items.map((u: { code: string }) => u.code);
    expect(codes.slice(0, 6)).toEqual(['HQ', 'C-GD', 'O-GD-01', 'O-GD-02', 'O-GD-03', 'O-GD-04']);
    expect(codes).toHaveLength(1 + 6 + all.body.items.filter((u: { kind: string }) => u.kind === 'outlet').length);
    const gd01 = all.body.items.find((u: { code: string }) => u.code === 'O-GD-01');
    expect(gd01).toMatchObject({ kind: 'outlet', parentId: ids['C-GD'], userCount: 3, active: true, version: 1 });
    expect(gd01.path).toBe(`${ids.HQ}/${ids['C-GD']}/${ids['O-GD-01']}/`);
    // The single-unit read counts people too (no join there to qualify the columns).
    expect((await manager.get(`/api/org/units/${ids['O-GD-01']}`)).body.userCount).toBe(3);

    const center = await (await t.login('gd.center')).get('/api/org/units');
    expect(center.body.items.map((u: { code: string }) => u.code)).toEqual([
      'C-GD',
      'O-GD-01',
      'O-GD-02',
      'O-GD-03',
      'O-GD-04',
    ]);
    const outlet = await (await t.login('gd01.manager')).get('/api/org/units');
    expect(outlet.body.items.map((u: { code: string }) => u.code)).toEqual(['O-GD-01']);

    const filtered = await manager.get(`/api/org/units?kind=outlet&q=${encodeURIComponent('天河')}`);
    expect(filtered.body.items.map((u: { code: string }) => u.code)).toEqual(['O-GD-01']);
    expect((await manager.get('/api/org/units?q=c-zj')).body.items.map((u: { code: string }) => u.code)).toEqual([
      'C-ZJ',
    ]);
  });

  it('reads one unit with its version as ETag; other branches and unknown ids are the same 404', async () => {
    const gd01 = await (await t.login('gd01.manager')).get(`/api/org/units/${ids['O-GD-01']}`);
    expect(gd01.status).toBe(200);
    expect(gd01.headers.etag).toBe('"1"');
    const gd02 = await (await t.login('gd01.manager')).get(`/api/org/units/${ids['O-GD-02']}`);
    const none = await (await t.login('gd01.manager')).get(`/api/org/units/${crypto.randomUUID()}`);
    expect(gd02.status).toBe(404);
    expect(gd02.body.code).toBe('entity.not_found');
    expect(gd02.body.detail).toBe('组织不存在或无权查看');
    expect({ ...none.body, instance: null, requestId: null }).toEqual({
      ...gd02.body,
      instance: null,
      requestId: null,
    });
    expect((await manager.get('/api/org/units/not-a-uuid')).status).toBe(400);
  });

  it('creates an outlet under a center and audits it', async () => {
    const res = await manager.post('/api/org/units', {
      kind: 'outlet',
      parentId: ids['C-GD'],
      code: 'O-GD-09',
      name: '珠海香洲维修点',
      contactPhone: '0756-1234567',
      serviceArea: ['440402'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: 'O-GD-09',
      kind: 'outlet',
      parentId: ids['C-GD'],
      userCount: 0,
      version: 1,
    });
    ids['O-GD-09'] = res.body.id;
    const row = await unitRow(res.body.id);
    expect(row.path).toBe(`${ids.HQ}/${ids['C-GD']}/${res.body.id}/`);
    const [ev] = await eventsOf(res.body.id);
    expect(ev).toMatchObject({ action: 'org_unit.created', actorName: '售后经理 周总', orgPath: row.path });
    expect(ev!.changes.name).toEqual({ before: null, after: '珠海香洲维修点' });
  });

  it('refuses a wrong parent kind, a duplicate code, a foreign parent and missing rights', async () => {
    const base = { kind: 'outlet', code: 'O-X-01', name: '某网点' };
    const wrongKind = await manager.post('/api/org/units', { ...base, parentId: ids.HQ });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body).toMatchObject({
      code: 'org.invalid_parent',
      params: { reason: 'outlet_needs_center_parent' },
    });
    expect(wrongKind.body.errors[0].path).toBe('body.parentId');
    const underOutlet = await manager.post('/api/org/units', { ...base, kind: 'center', parentId: ids['O-GD-01'] });
    expect(underOutlet.body.params.reason).toBe('center_needs_hq_parent');

    const dup = await manager.post('/api/org/units', { ...base, code: 'O-GD-01', parentId: ids['C-GD'] });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'entity.duplicate', params: { field: 'code', value: 'O-GD-01' } });
    expect(dup.body.errors[0].path).toBe('body.code');

    const center = await t.login('gd.center');
    expect((await center.post('/api/org/units', { ...base, parentId: ids['C-GD'] })).body.code).toBe('auth.forbidden');
    const units = await t.database.db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, 'O-X-01'));
    expect(units).toEqual([]);
  });

  it('edits a unit, bumps its version and refuses a stale one naming who changed it', async () => {
    const id = ids['O-GD-03']!;
    const res = await manager.patch(`/api/org/units/${id}`, {
      name: '佛山禅城服务网点',
      contactName: '黄国华',
      version: 1,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '佛山禅城服务网点', version: 2 });
    expect(res.headers.etag).toBe('"2"');
    const evs = await eventsOf(id);
    // Only what changed is logged: the contact name was already 黄国华.
    expect(evs.at(-1)!.changes).toEqual({ name: { before: '佛山禅城售后服务网点', after: '佛山禅城服务网点' } });

    const stale = await manager.patch(`/api/org/units/${id}`, { name: '又改', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('entity.version_conflict');
    expect(stale.body.detail).toBe('记录已被售后经理 周总于2026-11-23 10:00:00修改，请刷新后重试');
    expect((await unitRow(id)).name).toBe('佛山禅城服务网点');

    const dup = await manager.patch(`/api/org/units/${id}`, { code: 'O-GD-01', version: 2 });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('entity.duplicate');
    // Nothing to change: no new version, no event.
    const same = await manager.patch(`/api/org/units/${id}`, { name: '佛山禅城服务网点', version: 2 });
    expect(same.body.version).toBe(2);
    expect(await eventsOf(id)).toHaveLength(evs.length);
  });

  it('moves an outlet to another center; its people follow into the new scope', async () => {
    const id = ids['O-GD-04']!;
    const zj = await t.login('zj.center');
    const gd = await t.login('gd.center');
    expect((await zj.get('/api/users?q=gd04')).body.total).toBe(0);

    const res = await manager.post(`/api/org/units/${id}/move`, { parentId: ids['C-ZJ'], version: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ parentId: ids['C-ZJ'], version: 2 });
    expect((await unitRow(id)).path).toBe(`${ids.HQ}/${ids['C-ZJ']}/${id}/`);
    expect((await zj.get('/api/users?q=gd04')).body.total).toBe(3);
    expect((await gd.get('/api/users?q=gd04')).body.total).toBe(0);
    expect((await gd.get(`/api/org/units/${id}`)).status).toBe(404);

    const ev = (await eventsOf(id)).at(-1)!;
    expect(ev.action).toBe('org_unit.moved');
    expect(ev.changes.parentId).toEqual({ before: ids['C-GD'], after: ids['C-ZJ'] });
    // Logged at HQ, the deepest unit above both centers.
    expect(ev.orgPath).toBe(`${ids.HQ}/`);
  });

  it('refuses moves under a wrong kind, into itself, on a stale version, or out of the mover’s subtree', async () => {
    const id = ids['O-GD-02']!;
    const toHq = await manager.post(`/api/org/units/${id}/move`, { parentId: ids.HQ, version: 1 });
    expect(toHq.status).toBe(400);
    expect(toHq.body.params.reason).toBe('outlet_needs_center_parent');
    const intoOwnSubtree = await manager.post(`/api/org/units/${ids['C-GD']}/move`, {
      parentId: ids['O-GD-01'],
      version: 1,
    });
    expect(intoOwnSubtree.status).toBe(400);
    expect(intoOwnSubtree.body.code).toBe('org.invalid_parent');
    const hq = await manager.post(`/api/org/units/${ids.HQ}/move`, { parentId: ids['C-GD'], version: 1 });
    expect(hq.body.params.reason).toBe('hq_has_no_parent');
    const stale = await manager.post(`/api/org/units/${id}/move`, { parentId: ids['C-ZJ'], version: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('entity.version_conflict');

    // A center's staff with org.manage may rearrange their own center, not hand an outlet to another.
    const admin = await t.login('admin');
    const role = (await admin.get('/api/roles')).body.items.find((r: { code: string }) => r.code === 'center_staff');
    const granted = await admin.put('/api/roles/center_staff/permissions', {
      permissions: [...role.permissions, 'org.manage'],
      version: role.version,
    });
    expect(granted.status).toBe(200);
    const gd = await t.login('gd.center');
    const away = await gd.post(`/api/org/units/${id}/move`, { parentId: ids['C-ZJ'], version: 1 });
    expect(away.status).toBe(403);
    expect(away.body.code).toBe('auth.out_of_scope');
    const foreign = await gd.post(`/api/org/units/${ids['O-ZJ-01']}/move`, { parentId: ids['C-GD'], version: 1 });
    expect(foreign.status).toBe(404);
    const outsideCreate = await gd.post('/api/org/units', {
      kind: 'outlet',
      parentId: ids['C-ZJ'],
      code: 'O-ZJ-99',
      name: '越界',
    });
    expect(outsideCreate.status).toBe(403);
    expect((await unitRow(id)).parentId).toBe(ids['C-GD']);
    await admin.put('/api/roles/center_staff/permissions', {
      permissions: role.permissions,
      version: role.version + 1,
    });
  });

  it('deactivates only units without active sub-units or people, and activates only under an active parent', async () => {
    const busy = await manager.post(`/api/org/units/${ids['C-GD']}/deactivate`, { version: 1 });
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ code: 'org.has_active_children', params: { units: 4, users: 2 + 3 * 3 } });
    const withPeople = await manager.post(`/api/org/units/${ids['O-GD-01']}/deactivate`, { version: 1 });
    expect(withPeople.body).toMatchObject({ code: 'org.has_active_children', params: { units: 0, users: 3 } });

    const id = ids['O-GD-09']!;
    const off = await manager.post(`/api/org/units/${id}/deactivate`, { version: 1, reason: '合作终止' });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ active: false, version: 2 });
    expect((await unitRow(id)).active).toBe(false);
    const ev = (await eventsOf(id)).at(-1)!;
    expect(ev).toMatchObject({
      action: 'org_unit.deactivated',
      reason: '合作终止',
      changes: { active: { before: true, after: false } },
    });

    const listed = (await manager.get('/api/org/units?kind=outlet')).body.items.map((u: { id: string }) => u.id);
    expect(listed).not.toContain(id);
    const all = (await manager.get('/api/org/units?kind=outlet&includeInactive=true')).body.items.map(
      (u: { id: string }) => u.id,
    );
    expect(all).toContain(id);
    expect(
      (await manager.get('/api/org/units?includeInactive=false')).body.items.map((u: { id: string }) => u.id),
    ).not.toContain(id);

    const newcomer = await manager.post('/api/users', {
      username: 'zh.tech',
      displayName: '新人',
      password: 'Passw0rd1',
      orgUnitId: id,
      roles: ['technician'],
    });
    expect(newcomer.status).toBe(409);
    expect(newcomer.body.code).toBe('org.inactive');

    const on = await manager.post(`/api/org/units/${id}/activate`, { version: 2 });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ active: true, version: 3 });
    // Never a hard delete: the row stays either way.
    expect(await unitRow(id)).toBeTruthy();
  });

  it('does not activate a unit under an inactive parent', async () => {
    const center = await manager.post('/api/org/units', {
      kind: 'center',
      parentId: ids.HQ,
      code: 'C-HN',
      name: '海南省服务中心',
    });
    const outlet = await manager.post('/api/org/units', {
      kind: 'outlet',
      parentId: center.body.id,
      code: 'O-HN-01',
      name: '海口网点',
    });
    expect((await manager.post(`/api/org/units/${outlet.body.id}/deactivate`, { version: 1 })).status).toBe(200);
    expect((await manager.post(`/api/org/units/${center.body.id}/deactivate`, { version: 1 })).status).toBe(200);
    const res = await manager.post(`/api/org/units/${outlet.body.id}/activate`, { version: 2 });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'org.inactive', params: { name: '海南省服务中心' } });
    const under = await manager.post(`/api/org/units/${ids['O-GD-02']}/move`, { parentId: center.body.id, version: 1 });
    expect(under.body.params.reason).toBe('parent_inactive');
  });

  it('speaks English to English-speaking people', async () => {
    const admin = await t.login('admin');
    await admin.post('/api/users', {
      username: 'expat',
      displayName: 'Expat Manager',
      password: 'Passw0rd1',
      lang: 'en',
      orgUnitId: ids['C-GD'],
      roles: ['manager'],
    });
    const expat = await t.login('expat', 'Passw0rd1');
    const res = await expat.request(
      'POST',
      '/api/org/units',
      { kind: 'center', parentId: ids['C-GD'], code: 'C-EN', name: 'x' },
      { 'accept-language': 'en' },
    );
    expect(res.body.detail).toBe('Invalid parent unit: center_needs_hq_parent');
    const hidden = await expat.request('GET', `/api/org/units/${ids['C-ZJ']}`, undefined, { 'accept-language': 'en' });
    expect(hidden.body.detail).toBe('Unit not found or not visible to you');
    const anon = await t.request({ method: 'GET', url: '/api/org/units', headers: { 'accept-language': 'en' } });
    expect(anon.status).toBe(401);
    expect(anon.body.detail).toBe('Please sign in');
  });
});
