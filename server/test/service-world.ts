import { eq } from 'drizzle-orm';
import * as tables from '../db/schema.js';
import type { TestApp } from './harness.js';

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
  const [line] = await db.insert(tables.productLines).values({ code: 'WASH', name: '洗衣机', category: 'washer' }).returning();
  const [model] = await db.insert(tables.productModels).values({ lineId: line!.id, code: 'XQG-100', name: '滚筒洗衣机 10kg' }).returning();
  const [part] = await db.insert(tables.parts).values({ code: 'P-PUMP', name: '排水泵' }).returning();
  const units: Record<string, string> = {};
  for (const u of await db.select({ id: tables.orgUnits.id, code: tables.orgUnits.code, path: tables.orgUnits.path }).from(tables.orgUnits)) {
    units[u.code] = u.id;
  }
  const [o1] = await db.select({ path: tables.orgUnits.path }).from(tables.orgUnits).where(eq(tables.orgUnits.code, 'O-GD-01'));
  const [customer] = await db
    .insert(tables.customers)
    .values({ code: 'CWO0001', kind: 'individual', name: '张三', orgPath: o1!.path })
    .returning();
  await db.insert(tables.customerPhones).values({ customerId: customer!.id, number: '13800138000', kind: 'mobile', isPrimary: true });
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
    .values({ modelId: model!.id, serialNo: serial, customerId: customer!.id, usage: 'household', addressId: address!.id, orgPath: o1!.path })
    .returning();
  const users: Record<string, string> = {};
  for (const u of await db.select({ id: tables.users.id, username: tables.users.username }).from(tables.users)) users[u.username] = u.id;
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
