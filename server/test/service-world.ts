import { eq } from 'drizzle-orm';
import * as tables from '../db/schema.js';
import type { Agent, TestApp } from './harness.js';

/** A 1×1 transparent PNG as a data URL: the smallest signature a phone can send. */
export const SIGNATURE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

export interface ServiceWorld {
  lineId: string;
  modelId: string;
  partId: string;
  /** A customer in 广州天河 (440106) with coordinates, and one unit of the model. */
  customerId: string;
  addressId: string;
  unitId: string;
  serial: string;
  units: Record<string, string>;
  users: Record<string, string>;
}

/**
 * Catalog, a customer with a unit in the area of outlet O-GD-01, and the ids of the demo
 * organisation's units and people the tests act as. Direct inserts: no events. Shared by the
 * tests of the work-order and warranty modules, which need the same service setting.
 */
export async function setUpServiceWorld(t: TestApp): Promise<ServiceWorld> {
  const db = t.database.db;
  const [line] = await db
    .insert(tables.productLines)
    .values({ code: 'WASH', name: '洗衣机', category: 'washer' })
    .returning();
  const [model] = await db
    .insert(tables.productModels)
    .values({ lineId: line!.id, code: 'XQG-100', name: '滚筒洗衣机 10kg' })
    .returning();
  const [part] = await db.insert(tables.parts).values({ code: 'P-PUMP', name: '排水泵' }).returning();
  const units: Record<string, string> = {};
  for (const u of await db
    .select({ id: tables.orgUnits.id, code: tables.orgUnits.code, path: tables.orgUnits.path })
    .from(tables.orgUnits)) {
    units[u.code] = u.id;
  }
  const [o1] = await db
    .select({ path: tables.orgUnits.path })
    .from(tables.orgUnits)
    .where(eq(tables.orgUnits.code, 'O-GD-01'));
  const [customer] = await db
    .insert(tables.customers)
    .values({ code: 'CWO0001', kind: 'individual', name: '张三', orgPath: o1!.path })
    .returning();
  await db
    .insert(tables.customerPhones)
    .values({ customerId: customer!.id, number: '13800138000', kind: 'mobile', isPrimary: true });
  const [address] = await db
    .insert(tables.customerAddresses)
    .values({
      customerId: customer!.id,
      provinceCode: '440000',
      cityCode: '440100',
      districtCode: '440106',
      detail: '天河路 100 号 3 栋',
      lat: 23.13,
      lng: 113.33,
      isPrimary: true,
    })
    .returning();
  const serial = 'SN-WO-0001';
  const [unit] = await db
    .insert(tables.units)
    .values({
      modelId: model!.id,
      serialNo: serial,
      customerId: customer!.id,
      usage: 'household',
      addressId: address!.id,
      orgPath: o1!.path,
    })
    .returning();
  const users: Record<string, string> = {};
  for (const u of await db.select({ id: tables.users.id, username: tables.users.username }).from(tables.users))
    users[u.username] = u.id;
  return {
    lineId: line!.id,
    modelId: model!.id,
    partId: part!.id,
    customerId: customer!.id,
    addressId: address!.id,
    unitId: unit!.id,
    serial,
    units,
    users,
  };
}

// An order as the API answers it: tests read what they need of it.
type OrderRef = { id: string; code: string; version: number; [k: string]: any };

/** Posts an order's action as `who` at the order's version; anything but 200 throws with the server's answer. */
export function orderActor(as: Record<string, Agent>) {
  return async (who: string, o: { id: string; version: number }, path: string, body: Record<string, unknown> = {}) => {
    const res = await as[who]!.post(`/api/orders/${o.id}/${path}`, { version: o.version, ...body });
    if (res.status !== 200) throw new Error(`${who} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as OrderRef;
  };
}

/**
 * A carry-in order of the world's customer and unit at outlet O-GD-01 (or O-GD-02, dispatched there
 * with a reason), walked by its people to completed: created by the hotline, dispatched to the
 * center and on to the outlet, accepted, received, started and completed by the outlet's manager.
 * The start of the callback and settlement tests; the agents hotline, dispatcher, gd.dispatch and
 * the outlet's manager must be signed in.
 */
export async function completedCarryIn(
  as: Record<string, Agent>,
  w: ServiceWorld,
  opts: {
    outlet?: '01' | '02';
    fault?: string;
    parts?: { partId: string; qty: number }[];
    diagnosis?: string;
    cause?: string;
    solution?: string;
  } = {},
): Promise<OrderRef> {
  const act = orderActor(as);
  const outlet = opts.outlet ?? '01';
  const who = `gd${outlet}.manager`;
  const made = await as.hotline!.post('/api/orders', {
    customerId: w.customerId,
    unitId: w.unitId,
    serviceType: 'carry_in',
    faultDescription: opts.fault ?? '不脱水',
  });
  if (made.status !== 201) throw new Error(`order: ${made.status} ${JSON.stringify(made.body)}`);
  let o = made.body as OrderRef;
  o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
  o = await act('gd.dispatch', o, 'dispatch', {
    toUnitId: w.units[`O-GD-${outlet}`],
    ...(outlet === '02' ? { overrideReason: '就近网点繁忙' } : {}),
  });
  o = await act(who, o, 'accept');
  o = await act(who, o, 'receive', { condition: '完好' });
  o = await act(who, o, 'start');
  return act(who, o, 'complete', {
    diagnosis: opts.diagnosis ?? '排水泵堵塞',
    cause: opts.cause ?? '异物',
    solution: opts.solution ?? '清理排水泵',
    ...(opts.parts ? { parts: opts.parts } : {}),
    labourMinutes: 30,
    signature: SIGNATURE,
  });
}

/**
 * An on-site order of outlet O-GD-01 walked by its people up to in repair by gd01.tech1 (certified
 * for the world's product line first): the start of every parts-request test.
 */
export async function orderInRepair(
  as: Record<string, Agent>,
  w: ServiceWorld,
): Promise<{ id: string; version: number; [k: string]: unknown }> {
  const act = orderActor(as);
  const cert = await as['gd01.manager']!.post('/api/technician-certifications', {
    userId: w.users['gd01.tech1'],
    productLineId: w.lineId,
    validUntil: '2027-12-31',
  });
  if (cert.status !== 201) throw new Error(`certification: ${cert.status} ${JSON.stringify(cert.body)}`);
  const made = await as.hotline!.post('/api/orders', {
    customerId: w.customerId,
    unitId: w.unitId,
    serviceType: 'on_site',
    priority: 2,
    faultDescription: '不进水',
  });
  if (made.status !== 201) throw new Error(`order: ${made.status} ${JSON.stringify(made.body)}`);
  let o = made.body;
  o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
  o = await act('gd.dispatch', o, 'dispatch', { toUnitId: w.units['O-GD-01'] });
  o = await act('gd01.manager', o, 'accept');
  o = await act('gd01.manager', o, 'dispatch', { technicianId: w.users['gd01.tech1'] });
  o = await act('gd01.tech1', o, 'appointment', {
    from: '2026-11-23T06:00:00Z',
    to: '2026-11-23T08:00:00Z',
    confirmedWithCustomer: true,
  });
  o = await act('gd01.tech1', o, 'depart');
  o = await act('gd01.tech1', o, 'arrive', { position: { lat: 23.1372, lng: 113.3245, accuracyM: 12 } });
  return act('gd01.tech1', o, 'start');
}
