import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';
import { type ServiceWorld, SIGNATURE, setUpServiceWorld } from '../../test/service-world.js';

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
let dataDir: string;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);

/** A multipart/form-data body with image file parts, as a phone's browser sends it. */
function photoForm(files: { name: string; type: string; bytes: Buffer }[], fields: Record<string, string> = {}) {
  const boundary = `----sanbao${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  files.forEach((f, i) => {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photo${i}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
    );
    chunks.push(f.bytes, Buffer.from('\r\n'));
  });
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sanbao-orders-'));
  process.env.SANBAO_DATA_DIR = dataDir;
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  for (const u of [
    'admin',
    'hotline',
    'dispatcher',
    'manager',
    'gd.dispatch',
    'gd01.manager',
    'gd01.tech1',
    'gd01.tech2',
    'gd02.manager',
    'gd03.manager',
  ]) {
    as[u] = await t.login(u);
  }
}, 60_000);
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function newOrder(extra: Record<string, unknown> = {}) {
  const res = await as.hotline!.post('/api/orders', {
    customerId: w.customerId,
    unitId: w.unitId,
    serviceType: 'on_site',
    priority: 2,
    faultDescription: '不脱水，有异响',
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Acts on an order with the version it was last read at; returns the new state of the order. */
async function act(
  who: string,
  order: { id: string; version: number },
  path: string,
  body: Record<string, unknown> = {},
  status = 200,
) {
  const res = await as[who]!.post(`/api/orders/${order.id}/${path}`, { version: order.version, ...body });
  expect(res.status, `${who} ${path}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

/** An order dispatched HQ → center → outlet O-GD-01 and accepted there. */
async function acceptedOrder(extra: Record<string, unknown> = {}) {
  let o = await newOrder(extra);
  o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
  o = await act('gd.dispatch', o, 'dispatch', { toUnitId: w.units['O-GD-01'] });
  return act('gd01.manager', o, 'accept');
}

async function certify(user: string, by = 'gd01.manager') {
  const res = await as[by]!.post('/api/technician-certifications', {
    userId: w.users[user],
    productLineId: w.lineId,
    validUntil: '2027-12-31',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('creating orders', () => {
  it('creates an order directly at HQ with a numbered code and what the SLA needs', async () => {
    const o = await newOrder();
    expect(o.code).toMatch(/^FW20261123-\d{6}$/);
    expect(o).toMatchObject({
      state: 'created',
      holderUnitId: t.hqId,
      customerName: '张三',
      customerKind: 'individual',
      provinceCode: '440000',
      productLineId: w.lineId,
      serialNo: w.serial,
      priorityLabel: '二级',
    });
    expect(o.timeline.map((e: { action: string }) => e.action)).toEqual(['created']);
    const next = await newOrder();
    expect(Number(next.code.slice(-6))).toBe(Number(o.code.slice(-6)) + 1);
  });

  it('numbers concurrent creations uniquely; a refused creation leaves a gap, never a duplicate', async () => {
    const first = await newOrder();
    const body = { customerId: w.customerId, serviceType: 'on_site', faultDescription: '同时来电' };
    const many = await Promise.all([1, 2, 3, 4, 5].map(() => as.hotline!.post('/api/orders', body)));
    expect(many.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const seqs = many.map((r) => Number(r.body.code.slice(-6))).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(5);
    expect(seqs[0]).toBeGreaterThan(Number(first.code.slice(-6)));
    // A unit of another customer: refused after its number was taken.
    const refused = await as.hotline!.post('/api/orders', { ...body, unitId: crypto.randomUUID() });
    expect(refused.status).toBe(404);
    const after = await newOrder();
    expect(Number(after.code.slice(-6))).toBeGreaterThan(seqs[4]!);
  });

  it('turns a service request into an order and marks the request converted', async () => {
    const req = await as.hotline!.post('/api/intake/requests', {
      kind: 'repair',
      customerId: w.customerId,
      unitId: w.unitId,
      symptoms: '漏水',
    });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    const res = await as.hotline!.post('/api/orders', { serviceRequestId: req.body.id, serviceType: 'on_site' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ serviceRequestId: req.body.id, faultDescription: '漏水', unitId: w.unitId });
    const after = await as.hotline!.get(`/api/intake/requests/${req.body.id}`);
    expect(res.body.photos).toEqual([]);
    expect(after.body).toMatchObject({ status: 'converted', orderId: res.body.id });
    const again = await as.hotline!.post('/api/orders', { serviceRequestId: req.body.id, serviceType: 'on_site' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('intake.request_not_convertible');
  });

  it('names the missing field of a direct order', async () => {
    const res = await as.hotline!.post('/api/orders', { serviceType: 'on_site', faultDescription: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('order.customer_required');
    expect(res.body.errors[0].path).toBe('body.customerId');
  });

  it('honours Idempotency-Key: the same key twice, even at once, is one order', async () => {
    const db = t.database.db;
    const [before] = await db.select({ n: count() }).from(tables.workOrders);
    const body = { customerId: w.customerId, serviceType: 'remote', faultDescription: '远程诊断' };
    const first = await as.hotline!.request('POST', '/api/orders', body, { 'idempotency-key': 'k-1' });
    const second = await as.hotline!.request('POST', '/api/orders', body, { 'idempotency-key': 'k-1' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    const twins = await Promise.all([
      as.hotline!.request('POST', '/api/orders', body, { 'idempotency-key': 'k-2' }),
      as.hotline!.request('POST', '/api/orders', body, { 'idempotency-key': 'k-2' }),
    ]);
    expect(twins.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(twins[0]!.body.id).toBe(twins[1]!.body.id);
    const [after] = await db.select({ n: count() }).from(tables.workOrders);
    expect(after!.n - before!.n).toBe(2);
    // Another person's identical key is their own.
    const other = await as.manager!.request('POST', '/api/orders', body, { 'idempotency-key': 'k-1' });
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
  });
});

describe('dispatching', () => {
  it('suggests the province center, then the covering outlet in the near zone', async () => {
    const o = await newOrder();
    const s = await as.dispatcher!.get(`/api/orders/${o.id}/suggestion`);
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ step: 'center', center: { unitId: w.units['C-GD'] }, zone: 'near', nearKm: 30 });
    expect(s.body.center.reasons[0]['zh-CN']).toContain('440000');
    const at = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
    const s2 = await as['gd.dispatch']!.get(`/api/orders/${o.id}/suggestion`);
    expect(s2.body).toMatchObject({ step: 'outlet', outlet: { unitId: w.units['O-GD-01'] } });
    expect(s2.body.outlet.distanceKm).toBeLessThan(30);
    // Not the suggestion: a reason is required.
    const off = await as['gd.dispatch']!.post(`/api/orders/${o.id}/dispatch`, {
      toUnitId: w.units['O-GD-02'],
      version: at.version,
    });
    expect(off.status).toBe(400);
    expect(off.body).toMatchObject({
      code: 'order.override_reason_required',
      errors: [{ path: 'body.overrideReason' }],
    });
    const ok = await act('gd.dispatch', at, 'dispatch', { toUnitId: w.units['O-GD-02'], overrideReason: '客户要求' });
    // O-GD-02 (深圳) is beyond 30 km of the customer (广州): the order's zone follows the outlet.
    expect(ok).toMatchObject({ state: 'dispatched_outlet', holderUnitId: w.units['O-GD-02'], zone: 'far' });
    expect(ok.timeline.at(-2)).toMatchObject({ action: 'dispatch', note: '客户要求' });
    expect(ok.timeline.at(-1)).toMatchObject({ action: 'zone_changed', data: { from: 'near', to: 'far' } });
  });

  it('lets one of two concurrent dispatches win; the other gets 409 naming the winner', async () => {
    const o = await newOrder();
    const [a, b] = await Promise.all([
      as.dispatcher!.post(`/api/orders/${o.id}/dispatch`, { toUnitId: w.units['C-GD'], version: o.version }),
      as.manager!.post(`/api/orders/${o.id}/dispatch`, { toUnitId: w.units['C-GD'], version: o.version }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.code).toBe('entity.version_conflict');
    expect(loser.body.detail).toMatch(/总部调度 李敏|售后经理 周总/);
  });

  it('returns a rejected order to the level above, out of the outlet’s sight', async () => {
    let o = await newOrder();
    o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
    o = await act('gd.dispatch', o, 'dispatch', { toUnitId: w.units['O-GD-01'] });
    const missing = await as['gd01.manager']!.post(`/api/orders/${o.id}/reject`, { version: o.version });
    expect(missing.status).toBe(400);
    o = await act('gd01.manager', o, 'reject', { reason: '超出服务范围' });
    expect(o).toMatchObject({ state: 'dispatched_center', holderUnitId: w.units['C-GD'], outletId: null });
    expect((await as['gd01.manager']!.get(`/api/orders/${o.id}`)).status).toBe(404);
    o = await act('gd.dispatch', o, 'reject', { reason: '非本省' });
    expect(o).toMatchObject({ state: 'created', holderUnitId: t.hqId });
    expect((await as['gd.dispatch']!.get(`/api/orders/${o.id}`)).status).toBe(404);
  });

  it('refuses a technician without a valid certification, naming the field', async () => {
    const o = await acceptedOrder();
    const res = await as['gd01.manager']!.post(`/api/orders/${o.id}/dispatch`, {
      technicianId: w.users['gd01.tech2'],
      version: o.version,
      overrideReason: '就近',
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'order.certification_missing', errors: [{ path: 'body.technicianId' }] });
    expect(res.body.detail).toContain('technicianId');
  });

  it('sends part-time staff only with a manager’s recorded approval', async () => {
    const o = await acceptedOrder();
    const body = { technicianId: w.users['gd01.tech2'], partTime: true, overrideReason: '无空闲工程师' };
    const refused = await as['gd01.manager']!.post(`/api/orders/${o.id}/dispatch`, { ...body, version: o.version });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('order.approval_required');
    expect(
      (await as['gd01.manager']!.post(`/api/orders/${o.id}/approvals`, { kind: 'part_time_staff', note: 'x' })).status,
    ).toBe(403);
    const approved = await as.manager!.post(`/api/orders/${o.id}/approvals`, {
      kind: 'part_time_staff',
      note: '同意临时用工',
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const sent = await act('gd01.manager', o, 'dispatch', { ...body });
    expect(sent).toMatchObject({ state: 'assigned', partTime: true, technicianId: w.users['gd01.tech2'] });
  });
});

describe('carrying out an order', () => {
  it('runs the happy path to closed, every step on the timeline', async () => {
    await certify('gd01.tech1');
    let o = await acceptedOrder();
    const s = await as['gd01.manager']!.get(`/api/orders/${o.id}/suggestion`);
    expect(s.body).toMatchObject({ step: 'technician', technician: { userId: w.users['gd01.tech1'] } });
    o = await act('gd01.manager', o, 'dispatch', { technicianId: w.users['gd01.tech1'] });
    expect(o.state).toBe('assigned');
    // Another technician of the outlet may not act on it.
    await act(
      'gd01.tech2',
      o,
      'appointment',
      { from: '2026-11-23T06:00:00Z', to: '2026-11-23T08:00:00Z', confirmedWithCustomer: true },
      403,
    );
    const bad = await as['gd01.tech1']!.post(`/api/orders/${o.id}/appointment`, {
      version: o.version,
      from: '2026-11-23T08:00:00Z',
      to: '2026-11-23T06:00:00Z',
      confirmedWithCustomer: true,
    });
    expect(bad.body).toMatchObject({ code: 'order.booking_window_invalid', errors: [{ path: 'body.to' }] });
    o = await act('gd01.tech1', o, 'appointment', {
      from: '2026-11-23T06:00:00Z',
      to: '2026-11-23T08:00:00Z',
      confirmedWithCustomer: true,
    });
    expect(o).toMatchObject({ state: 'booked', bookedConfirmed: true, bookedTo: '2026-11-23T08:00:00.000Z' });
    o = await act('gd01.tech1', o, 'depart');
    o = await act('gd01.tech1', o, 'arrive', { position: { lat: 23.1372, lng: 113.3245, accuracyM: 12 } });
    expect(o.timeline.at(-1)).toMatchObject({
      action: 'arrive',
      data: { position: { lat: 23.1372, lng: 113.3245, accuracyM: 12 } },
    });
    o = await act('gd01.tech1', o, 'start');
    o = await act('gd01.tech1', o, 'wait', { reason: 'parts', note: '等排水泵' });
    expect(o).toMatchObject({ state: 'waiting', waitReason: 'parts' });
    o = await act('gd01.tech1', o, 'resume');
    // A photo of the repaired unit, uploaded from the phone before completing.
    const up = photoForm([{ name: 'done.png', type: 'image/png', bytes: PNG }], { kind: 'completion' });
    const uploaded = await as['gd01.tech1']!.request('POST', `/api/orders/${o.id}/photos`, up.payload, up.headers);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body).toMatchObject({
      items: [{ kind: 'completion', source: 'order', mime: 'image/png', size: PNG.length }],
      total: 1,
    });
    const photoId = uploaded.body.items[0].id;
    const fake = photoForm([{ name: 'x.png', type: 'image/png', bytes: Buffer.from('not an image') }]);
    expect(
      (await as['gd01.tech1']!.request('POST', `/api/orders/${o.id}/photos`, fake.payload, fake.headers)).status,
    ).toBe(415);
    // The photo form sent empty, or with a kind that does not exist, names the field (not a 500).
    const empty = photoForm([]);
    const none = await as['gd01.tech1']!.request('POST', `/api/orders/${o.id}/photos`, empty.payload, empty.headers);
    expect(none.status).toBe(400);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(none.body.errors).toEqual([{ path: 'body.photo', code: 'required', message: 'body.photo: 必填' }]);
    const odd = photoForm([{ name: 'x.png', type: 'image/png', bytes: PNG }], { kind: 'selfie' });
    const badKind = await as['gd01.tech1']!.request('POST', `/api/orders/${o.id}/photos`, odd.payload, odd.headers);
    expect(badKind.status).toBe(400);
    expect(badKind.body.errors).toEqual([
      { path: 'body.kind', code: 'invalid_value', message: 'body.kind: 取值不在允许范围内' },
    ]);
    const byOther = photoForm([{ name: 'x.png', type: 'image/png', bytes: PNG }]);
    expect(
      (await as['gd01.tech2']!.request('POST', `/api/orders/${o.id}/photos`, byOther.payload, byOther.headers)).status,
    ).toBe(403);
    const file = await as['gd01.manager']!.get(uploaded.body.items[0].url);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect((await as['gd02.manager']!.get(uploaded.body.items[0].url)).status).toBe(404);
    const strange = await as['gd01.tech1']!.post(`/api/orders/${o.id}/complete`, {
      version: o.version,
      diagnosis: 'd',
      cause: 'c',
      solution: 's',
      labourMinutes: 1,
      signature: SIGNATURE,
      photoIds: [crypto.randomUUID()],
    });
    expect(strange.body).toMatchObject({ code: 'order.photo_unknown', errors: [{ path: 'body.photoIds' }] });
    o = (await as['gd01.tech1']!.get(`/api/orders/${o.id}`)).body;
    o = await act('gd01.tech1', o, 'complete', {
      photoIds: [photoId],
      diagnosis: '排水泵损坏',
      faultCode: 'E21',
      cause: '异物卡死',
      solution: '更换排水泵',
      parts: [{ partId: w.partId, qty: 1, oldSerial: 'OLD-1', newSerial: 'NEW-1' }],
      labourMinutes: 45,
      signature: SIGNATURE,
      rating: 5,
    });
    expect(o.state).toBe('completed');
    expect(o.parts).toMatchObject([
      { partId: w.partId, partCode: 'P-PUMP', qty: 1, oldSerial: 'OLD-1', newSerial: 'NEW-1' },
    ]);
    expect(o.completion).toMatchObject({ signature: SIGNATURE, rating: 5, labourMinutes: 45, faultCode: 'E21' });
    await act('gd01.tech1', o, 'confirm', {}, 403);
    o = await act('gd01.manager', o, 'confirm');
    o = await act('gd01.manager', o, 'close');
    expect(o.state).toBe('closed');
    expect(o.timeline.map((e: { toState: string }) => e.toState)).toEqual([
      'created',
      'dispatched_center',
      'dispatched_outlet',
      'accepted',
      'assigned',
      'booked',
      'en_route',
      'on_site',
      'in_repair',
      'waiting',
      'in_repair',
      'in_repair',
      'completed',
      'confirmed',
      'closed',
    ]);
    expect(o.timeline.map((e: { action: string }) => e.action)).toContain('photos_added');
    // Every time limit of the chain was met (the test clock stands still).
    const states = Object.fromEntries(o.milestones.map((m: { key: string; state: string }) => [m.key, m.state]));
    expect(states).toMatchObject({
      hq_dispatch: 'met',
      center_dispatch: 'met',
      appointment_contact: 'met',
      on_site: 'met',
      resolved: 'met',
    });
    expect(o.completion.photoIds).toEqual([photoId]);
    const events = await t.database.db
      .select({ n: count() })
      .from(tables.events)
      .where(eq(tables.events.entityId, o.id));
    expect(events[0]!.n).toBe(15);
    // A closed order cannot be worked on; a callback that finds the fault reopens it as a new order.
    await act('gd01.tech1', o, 'start', {}, 409);
    const repeat = await act('hotline', o, 'reopen', { reason: '回访：仍有异响' });
    expect(repeat).toMatchObject({ state: 'created', repeatOfId: o.id, unitId: w.unitId });
    const original = (await as.hotline!.get(`/api/orders/${o.id}`)).body;
    expect(original).toMatchObject({ state: 'closed', reopenedAsId: repeat.id });
    await act('hotline', original, 'reopen', { reason: '再次' }, 409);
  });

  it('receives a carry-in unit with a unique label, its condition and accessories', async () => {
    let o = await acceptedOrder({ serviceType: 'carry_in' });
    await act('gd01.manager', o, 'depart', {}, 409);
    o = await act('gd01.manager', o, 'receive', {
      label: 'BOX-001',
      condition: '外壳有划痕',
      accessories: ['电源线', '遥控器'],
    });
    expect(o.state).toBe('received');
    expect(o.custody).toMatchObject({ label: 'BOX-001', condition: '外壳有划痕', accessories: ['电源线', '遥控器'] });
    const other = await acceptedOrder({ serviceType: 'carry_in' });
    const clash = await as['gd01.manager']!.post(`/api/orders/${other.id}/receive`, {
      version: other.version,
      label: 'BOX-001',
      condition: '完好',
    });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: 'order.label_taken', errors: [{ path: 'body.label' }] });
  });

  it('writes a fault not fixable on site into the searchable repair register', async () => {
    let o = await acceptedOrder({ serviceType: 'carry_in' });
    o = await act('gd01.manager', o, 'receive', { condition: '完好' });
    expect(o.custody.label).toBe(`${o.code}-R`);
    o = await act('gd01.manager', o, 'start');
    o = await act('gd01.manager', o, 'unfixable', { faultReport: '主板烧毁，需返厂维修', reason: '无备件' });
    expect(o.state).toBe('in_repair');
    expect(o.register).toMatchObject([{ faultReport: '主板烧毁，需返厂维修', orderCode: o.code }]);
    for (const q of [w.serial, o.code, '返厂', '张']) {
      const res = await as['gd01.manager']!.get(`/api/repair-register?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(
        res.body.items.map((e: { orderId: string }) => e.orderId),
        q,
      ).toContain(o.id);
    }
    const other = await as['gd02.manager']!.get(`/api/repair-register?q=${encodeURIComponent(w.serial)}`);
    expect(other.body.items).toEqual([]);
  });

  it('refuses a parts workaround without approval', async () => {
    let o = await acceptedOrder({ serviceType: 'carry_in' });
    o = await act('gd01.manager', o, 'receive', { condition: '完好' });
    o = await act('gd01.manager', o, 'start');
    const body = {
      diagnosis: 'd',
      cause: 'c',
      solution: 's',
      labourMinutes: 10,
      signature: SIGNATURE,
      workaround: true,
      version: o.version,
    };
    const res = await as['gd01.manager']!.post(`/api/orders/${o.id}/complete`, body);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'order.approval_required', errors: [{ path: 'body.workaround' }] });
    expect(
      (
        await as['gd01.manager']!.post(`/api/orders/${o.id}/complete`, {
          ...body,
          workaround: false,
          signature: 'data:image/jpeg;base64,AAAA',
        })
      ).status,
    ).toBe(400);
  });

  it('cancels with a reason', async () => {
    const o = await newOrder();
    const done = await act('hotline', o, 'cancel', { reason: '客户已自行修好' });
    expect(done).toMatchObject({ state: 'cancelled', cancelReason: '客户已自行修好' });
  });
});

describe('urging', () => {
  it('logs each urge as a contact, counts it at the holding level and opens a complaint on the fourth', async () => {
    let o = await newOrder();
    o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
    for (const n of [1, 2, 3, 4]) {
      const res = await as.hotline!.post(`/api/orders/${o.id}/urges`, { note: `第${n}次催单` });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      // Seed 004: urged more than three times (催单超过三次) is a complaint: the 4th urge, not the 3rd.
      expect(res.body).toMatchObject({ urgeCount: n, complaintFlagged: n >= 4 });
      expect(res.body.order.complaints).toHaveLength(n >= 4 ? 1 : 0);
      const contact = await as.hotline!.get(`/api/intake/contacts/${res.body.contactId}`);
      expect(contact.body).toMatchObject({ class: 'urging', orderRef: o.code });
    }
    const after = (await as.hotline!.get(`/api/orders/${o.id}`)).body;
    expect(after).toMatchObject({ urgeCount: 4, complaintFlagged: true, version: o.version });
    expect(after.urges.map((u: { holderUnitId: string }) => u.holderUnitId)).toEqual(Array(4).fill(w.units['C-GD']));
    const record = {
      orderId: o.id,
      orderCode: o.code,
      reason: 'urged',
      reasonText: { 'zh-CN': '催单超过 3 次（已催 4 次）', en: 'Urged more than 3 times (4 so far)' },
      urgeCount: 4,
      urgeLimit: 3,
      note: '第4次催单',
      // The complaints module took the record over as a complaint.
      status: 'taken',
      holderUnitId: w.units['C-GD'],
      holderUnitName: expect.any(String),
      createdBy: w.users.hotline,
      createdByName: expect.any(String),
    };
    expect(after.complaints).toEqual([expect.objectContaining(record)]);
    expect(after.timeline.filter((h: { action: string }) => h.action === 'complaint_flagged')).toHaveLength(1);

    // A fifth urge brings the same record up to date; it opens no second one.
    t.clock.advance(60_000);
    const fifth = await as.hotline!.post(`/api/orders/${o.id}/urges`, {});
    expect(fifth.body).toMatchObject({ urgeCount: 5, complaintFlagged: true });
    const list = await as.hotline!.get(`/api/complaint-records?orderId=${o.id}`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body).toMatchObject({
      total: 1,
      items: [{ ...record, urgeCount: 5, reasonText: { en: 'Urged more than 3 times (5 so far)' } }],
    });
    const { id, createdAt, updatedAt } = list.body.items[0];
    expect(Date.parse(updatedAt) - Date.parse(createdAt)).toBe(60_000);
    const one = await as.dispatcher!.get(`/api/complaint-records/${id}`);
    expect(one.body).toEqual(list.body.items[0]);
    expect(
      (await as.hotline!.get('/api/complaint-records?status=taken')).body.items.map((r: { id: string }) => r.id),
    ).toContain(id);
    expect(
      (await as.hotline!.get('/api/complaint-records?status=open')).body.items.map((r: { id: string }) => r.id),
    ).not.toContain(id);
    // The record belongs to the center that held the order: a sibling outlet does not see it.
    expect((await as['gd01.manager']!.get(`/api/complaint-records/${id}`)).status).toBe(404);
    expect((await as['gd01.manager']!.get(`/api/complaint-records?orderId=${o.id}`)).body.total).toBe(0);
    const bad = await as.hotline!.request('GET', '/api/complaint-records?status=closed', undefined, {
      'accept-language': 'en',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('status');

    expect((await as['gd01.tech1']!.post(`/api/orders/${o.id}/urges`, {})).status).toBe(403);
  });

  it('takes the limit from the setting in force at the urge', async () => {
    const set = (value: number) => as.admin!.put('/api/settings/orders.urgesBeforeComplaint', { value });
    expect((await set(1)).status).toBe(200);
    try {
      const o = await newOrder();
      expect((await as.hotline!.post(`/api/orders/${o.id}/urges`, {})).body).toMatchObject({ complaintFlagged: false });
      const second = await as.hotline!.post(`/api/orders/${o.id}/urges`, {});
      expect(second.body).toMatchObject({ complaintFlagged: true });
      expect(second.body.order.complaints).toMatchObject([
        { urgeCount: 2, urgeLimit: 1, reasonText: { 'zh-CN': '催单超过 1 次（已催 2 次）' } },
      ]);
    } finally {
      expect((await set(3)).status).toBe(200);
    }
  });
});

describe('certifications', () => {
  it('are listed, changed with the version, and deleted', async () => {
    const c = await certify('gd02.tech1', 'gd02.manager');
    expect(c).toMatchObject({ valid: true, productLineName: '洗衣机' });
    const dup = await as['gd02.manager']!.post('/api/technician-certifications', {
      userId: w.users['gd02.tech1'],
      productLineId: w.lineId,
      validUntil: '2027-01-01',
    });
    expect(dup.status).toBe(409);
    const expired = await as['gd02.manager']!.patch(`/api/technician-certifications/${c.id}`, {
      validUntil: '2026-01-01',
      version: c.version,
    });
    expect(expired.body).toMatchObject({ valid: false, version: 2 });
    const list = await as['gd02.manager']!.get(`/api/technician-certifications?userId=${w.users['gd02.tech1']}`);
    expect(list.body.items).toHaveLength(1);
    expect((await as['gd01.manager']!.get(`/api/technician-certifications/${c.id}`)).status).toBe(404);
    expect((await as['gd01.manager']!.delete(`/api/technician-certifications/${c.id}?version=2`)).status).toBe(404);
    expect((await as['gd02.manager']!.delete(`/api/technician-certifications/${c.id}?version=2`)).status).toBe(204);
  });
});

describe('scope', () => {
  it('an outlet never sees another outlet’s orders; HQ and the center see both', async () => {
    let o = await newOrder();
    o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
    o = await act('gd.dispatch', o, 'dispatch', { toUnitId: w.units['O-GD-01'] });
    expect((await as['gd02.manager']!.get(`/api/orders/${o.id}`)).status).toBe(404);
    expect((await as['gd02.manager']!.post(`/api/orders/${o.id}/accept`, { version: o.version })).status).toBe(404);
    const theirs = await as['gd02.manager']!.get('/api/orders?pageSize=200');
    expect(theirs.body.items.map((i: { id: string }) => i.id)).not.toContain(o.id);
    const mine = await as['gd01.manager']!.get('/api/orders?pageSize=200');
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(o.id);
    for (const who of ['dispatcher', 'gd.dispatch']) {
      expect((await as[who]!.get(`/api/orders/${o.id}`)).status).toBe(200);
    }
    // The outlet sees the order's customer with phone and address (it serves the order).
    const detail = (await as['gd01.manager']!.get(`/api/orders/${o.id}`)).body;
    expect(detail).toMatchObject({
      customerName: '张三',
      customerPhone: '13800138000',
      address: '广东省 广州市 天河区 天河路 100 号 3 栋',
    });
    // HQ dispatchers neither visit nor call: masked.
    const hq = (await as.dispatcher!.get(`/api/orders/${o.id}`)).body;
    expect(hq.customerPhone).toBe('138****8000');
  });

  it('the outlet serving an order reads its customer until the order leaves it', async () => {
    const url = `/api/customers/${w.customerId}`;
    expect((await as['gd03.manager']!.get(url)).status).toBe(404);
    let o = await newOrder();
    o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
    o = await act('gd.dispatch', o, 'dispatch', { toUnitId: w.units['O-GD-03'], overrideReason: '天河网点满负荷' });
    expect((await as['gd03.manager']!.get(url)).status).toBe(200);
    o = await act('gd03.manager', o, 'reject', { reason: '不在服务范围' });
    expect((await as['gd03.manager']!.get(url)).status).toBe(404);
    // Served again, then cancelled: the grant ends with the service.
    o = await act('gd.dispatch', o, 'dispatch', { toUnitId: w.units['O-GD-03'], overrideReason: '协调后接单' });
    expect((await as['gd03.manager']!.get(url)).status).toBe(200);
    await act('hotline', o, 'cancel', { reason: '客户取消' });
    expect((await as['gd03.manager']!.get(url)).status).toBe(404);
  });

  it('filters the board by state, service type, priority, unit, technician and text', async () => {
    const res = await as.dispatcher!.get(
      `/api/orders?state=dispatched_outlet&unitId=${w.units['O-GD-01']}&pageSize=200`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(
      res.body.items.every(
        (i: { state: string; holderUnitId: string }) =>
          i.state === 'dispatched_outlet' && i.holderUnitId === w.units['O-GD-01'],
      ),
    ).toBe(true);
    const byText = await as.dispatcher!.get(
      `/api/orders?q=${encodeURIComponent('张')}&serviceType=carry_in&priority=2`,
    );
    expect(byText.body.items.every((i: { serviceType: string }) => i.serviceType === 'carry_in')).toBe(true);
    const mine = await as['gd01.tech1']!.get('/api/orders?mine=true&pageSize=200');
    expect(mine.body.items.every((i: { technicianId: string }) => i.technicianId === w.users['gd01.tech1'])).toBe(true);
  });
});
