import {
  type AddressInput,
  type Customer,
  type CustomerCreate,
  createCustomer,
  createLine,
  createModel,
  createUnit,
  type LineCreate,
  type ModelCreate,
  type UnitCreate,
} from '../modules/customers/index.js';
import { createOrgUnit, createUser, type OrgUnitCreate, type UserCreate } from '../modules/org/index.js';
import type { OrderCreate, OrderCreated } from '../modules/work-orders/index.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { type Ctx, systemCtx } from '../platform/context.js';
import { type Agent, DEMO_PASSWORD, type TestApp } from './harness.js';

/*
 * Test factories: a test builds the one customer, unit or order it needs, instead of booting the
 * demo for it. Every row goes through the real command (as the system, at the test clock's time)
 * or, for orders, through `POST /api/orders` as a signed-in person: the same checks, the same
 * audit events, the same numbering as in production. Numbers that must be unique (phones,
 * serials, catalog and org codes) are drawn from a counter, so a test may build as many as it
 * likes; anything given in `overrides` wins.
 */

let counter = 0;
/** A number no other factory call of this test file has used. */
function nextSeq(): number {
  counter += 1;
  return counter;
}

function ctxOf(t: TestApp): Ctx {
  return systemCtx(t.database.db, { name: 'test-factory', now: t.clock.now() });
}

/** A primary address in 广州市天河区 (the area of the demo's outlet O-GD-01), with coordinates. */
export function buildAddress(overrides: Partial<AddressInput> = {}): AddressInput {
  return {
    provinceCode: '440000',
    cityCode: '440100',
    districtCode: '440106',
    detail: `天河路 ${100 + nextSeq()} 号`,
    lat: 23.13,
    lng: 113.33,
    isPrimary: true,
    ...overrides,
  };
}

/** A mobile number (138…) no other factory call has given. */
export function buildMobile(): string {
  return `138${String(nextSeq()).padStart(8, '0')}`;
}

export interface BuiltModel {
  id: string;
  code: string;
  lineId: string;
}

/** A product model (household use) of a new product line, through the catalog commands. */
export async function buildProductModel(
  t: TestApp,
  overrides: Partial<ModelCreate> & { line?: Partial<LineCreate> } = {},
): Promise<BuiltModel> {
  const { line: lineOverrides, ...modelOverrides } = overrides;
  const n = nextSeq();
  const lineId =
    modelOverrides.lineId ??
    (await createLine(ctxOf(t), { code: `LINE-${n}`, name: `洗衣机 ${n}`, category: 'washer', ...lineOverrides })).id;
  const model = await createModel(ctxOf(t), {
    lineId,
    code: `XQG-${n}`,
    name: `滚筒洗衣机 ${n}`,
    usageKinds: ['household'],
    ...modelOverrides,
  });
  return { id: model.id, code: model.code, lineId };
}

/** A customer with one primary mobile and one primary address (buildAddress), through createCustomer. */
export async function buildCustomer(t: TestApp, overrides: Partial<CustomerCreate> = {}): Promise<Customer> {
  const n = nextSeq();
  return createCustomer(ctxOf(t), {
    kind: 'individual',
    name: `测试客户${n}`,
    phones: [{ number: buildMobile(), isPrimary: true }],
    addresses: [buildAddress()],
    ...overrides,
  });
}

export interface BuiltUnit {
  id: string;
  serialNo: string;
  modelId: string;
  customerId: string;
  addressId: string | null;
}

/**
 * A household unit, through createUnit. Builds the customer (and places the unit at their primary
 * address) and the model too unless `customerId` / `modelId` are given.
 */
export async function buildUnit(t: TestApp, overrides: Partial<UnitCreate> = {}): Promise<BuiltUnit> {
  let addressId = overrides.addressId;
  let customerId = overrides.customerId;
  if (!customerId) {
    const customer = await buildCustomer(t);
    customerId = customer.id;
    if (addressId === undefined) addressId = customer.addresses.find((a) => a.isPrimary)?.id ?? null;
  }
  const modelId = overrides.modelId ?? (await buildProductModel(t)).id;
  const unit = await createUnit(ctxOf(t), {
    usage: 'household',
    serialNo: `SN-T-${String(nextSeq()).padStart(6, '0')}`,
    ...overrides,
    customerId,
    modelId,
    ...(addressId !== undefined ? { addressId } : {}),
  });
  return {
    id: unit.id,
    serialNo: unit.serialNo,
    modelId: unit.modelId,
    customerId: unit.customerId,
    addressId: unit.addressId,
  };
}

/**
 * An on-site repair order through the HTTP API (`POST /api/orders`), as `as` (default: the
 * administrator). Builds a customer with a unit unless `customerId` is given; the order is
 * whatever the API answers (OrderCreated, with the routing suggestion). Throws on a refusal.
 */
export async function buildOrder(
  t: TestApp,
  overrides: Partial<OrderCreate> = {},
  opts: { as?: Agent; headers?: Record<string, string> } = {},
): Promise<OrderCreated> {
  const body: Record<string, unknown> = {
    serviceType: 'on_site',
    priority: 2,
    faultDescription: '不脱水，有异响',
    ...overrides,
  };
  if (!overrides.customerId) {
    const unit = await buildUnit(t);
    body.customerId = unit.customerId;
    if (!('unitId' in overrides)) body.unitId = unit.id;
  }
  const as = opts.as ?? (await t.login('admin'));
  const res = await as.request<OrderCreated>('POST', '/api/orders', body, opts.headers);
  if (res.status !== 201 && res.status !== 200) {
    throw new Error(`buildOrder: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

export interface BuiltOrgUnit {
  id: string;
  code: string;
  path: string;
}

/**
 * A center or outlet under `parentId` (default: headquarters), through createOrgUnit. A center
 * serves its province, an outlet its district, unless `serviceArea` says otherwise.
 */
export async function buildOrgUnit(
  t: TestApp,
  overrides: Partial<OrgUnitCreate> & Pick<OrgUnitCreate, 'kind'>,
): Promise<BuiltOrgUnit> {
  const n = nextSeq();
  const province = overrides.provinceCode ?? '440000';
  const district = overrides.districtCode ?? '440106';
  const unit = await createOrgUnit(ctxOf(t), {
    parentId: t.hqId,
    code: `${overrides.kind === 'center' ? 'C' : 'O'}-T-${n}`,
    name: `${overrides.kind === 'center' ? '测试中心' : '测试网点'} ${n}`,
    provinceCode: province,
    cityCode: overrides.cityCode ?? '440100',
    districtCode: district,
    serviceArea: overrides.kind === 'center' ? [province] : [district],
    ...overrides,
  });
  return { id: unit.id, code: unit.code, path: unit.path };
}

let demoHash: Promise<string> | undefined;

/**
 * A person with these roles in `orgUnitId` (default: headquarters), through createUser, with the
 * demo password so `t.login(username)` signs them in. One password hash serves every person
 * built, as in the demo: argon2id per person would make the setup slow.
 */
export async function buildUser(
  t: TestApp,
  overrides: Partial<UserCreate> & Pick<UserCreate, 'roles'>,
): Promise<{ id: string; username: string }> {
  demoHash ??= hashPassword(DEMO_PASSWORD);
  const n = nextSeq();
  const user = await createUser(
    ctxOf(t),
    {
      username: `user${n}`,
      displayName: `测试人员 ${n}`,
      password: DEMO_PASSWORD,
      lang: 'zh-CN',
      orgUnitId: t.hqId,
      ...overrides,
    },
    { passwordHash: await demoHash },
  );
  return { id: user.id, username: user.username };
}
