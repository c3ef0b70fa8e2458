import { and, eq, ne } from 'drizzle-orm';
import type { FieldError } from '../../../../shared/errors.js';
import type { Text } from '../../../../shared/i18n.js';
import { localDay } from '../../../../shared/time-zone.js';
import type { DbLike } from '../../../db/client.js';
import { pathInScope, requirePermission, withinScope } from '../../../platform/access/index.js';
import { getSetting } from '../../../platform/config/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { appendEvent, diffFields } from '../../../platform/events/index.js';
import { assertVersion, definedFields, notFound } from '../catalog/common.js';
import { type RegisteredUnit, unitsRegistered } from '../ports.js';
import { customerAddresses, customers, productModels, units } from '../tables.js';
import type { UnitCreate, UnitReplace, UnitStatusChange, UnitUpdate } from './contract.js';
import {
  type FieldProblem,
  isValidSerial,
  mayReplace,
  normaliseSerial,
  statusChangeProblem,
  type UnitDates,
  unitDateProblems,
  usageAllowed,
} from './rules.js';

/*
 * Writes of the installed base: one transaction each, audited on the unit with the owning
 * customer's org path. A unit lives in its owner's area: units.org_path is the customer's.
 */

export type UnitRow = typeof units.$inferSelect;
/** Status names for messages, in the caller's language. */
const STATUS_NAMES = {
  active: { 'zh-CN': '在用', en: 'active' },
  replaced: { 'zh-CN': '已换机', en: 'replaced' },
  returned: { 'zh-CN': '已退货', en: 'returned' },
  recalled: { 'zh-CN': '召回中', en: 'recalled' },
  scrapped: { 'zh-CN': '已报废', en: 'scrapped' },
} as const satisfies Record<UnitRow['status'], Text>;

function transitionParams(ctx: Ctx, from: UnitRow['status'], to: UnitRow['status']) {
  return { from: STATUS_NAMES[from][ctx.lang], to: STATUS_NAMES[to][ctx.lang] };
}

type ModelFacts = {
  id: string;
  code: string;
  name: string;
  usageKinds: ('household' | 'commercial')[];
  active: boolean;
};

/** Today in the company's time zone: "not in the future" is judged by the company's calendar. */
async function companyToday(tx: DbLike, ctx: Ctx): Promise<string> {
  return localDay(ctx.now, await getSetting(tx, 'company.timeZone', ctx.now));
}

function fieldProblems(problems: FieldProblem[], params: Record<string, unknown> = {}): AppError {
  const errors: FieldError[] = problems.map((p) => ({ path: p.field, code: p.code, message: '' }));
  return new AppError(problems[0]!.code, params, errors);
}

async function loadModel(tx: DbLike, modelId: string, field: string): Promise<ModelFacts> {
  const [model] = await tx
    .select({
      id: productModels.id,
      code: productModels.code,
      name: productModels.name,
      usageKinds: productModels.usageKinds,
      active: productModels.active,
    })
    .from(productModels)
    .where(eq(productModels.id, modelId))
    .for('share');
  if (!model) throw fieldError(field, 'catalog.unknown_model');
  return model;
}

/** The serial as stored, or a 400 naming the field when it has characters serials do not. */
function serialOf(raw: string, field: string): string {
  const serial = normaliseSerial(raw);
  if (!isValidSerial(serial)) throw fieldError(field, 'unit.invalid_serial', { serial });
  return serial;
}

/** A serial is unique per model (units_model_serial_uq); say so naming the field. */
async function assertSerialFree(tx: DbLike, model: ModelFacts, serial: string, field: string, exceptId?: string) {
  const same = and(eq(units.modelId, model.id), eq(units.serialNo, serial));
  const [other] = await tx
    .select({ id: units.id })
    .from(units)
    .where(exceptId ? and(same, ne(units.id, exceptId)) : same);
  if (other) {
    throw new AppError('unit.duplicate_serial', { serial, model: model.code }, [
      { path: field, code: 'unit.duplicate_serial', message: '' },
    ]);
  }
}

function assertUsage(model: ModelFacts, usage: 'household' | 'commercial', field: string) {
  if (!usageAllowed(usage, model.usageKinds)) {
    throw fieldError(field, 'unit.usage_not_allowed', {
      model: model.code,
      usage,
      allowed: model.usageKinds.join(', '),
    });
  }
}

/**
 * The owner: within the actor's subtree (else out of scope, as for any record named in a body),
 * active and not merged into another record.
 */
async function loadOwner(tx: DbLike, ctx: Ctx, customerId: string, field = 'customerId') {
  const [customer] = await tx
    .select({
      id: customers.id,
      orgPath: customers.orgPath,
      active: customers.active,
      mergedIntoId: customers.mergedIntoId,
    })
    .from(customers)
    .where(eq(customers.id, customerId))
    .for('share');
  if (!customer || !pathInScope(ctx.actor, customer.orgPath)) {
    throw new AppError('auth.out_of_scope', {}, [{ path: field, code: 'auth.out_of_scope', message: '' }]);
  }
  if (!customer.active || customer.mergedIntoId) throw fieldError(field, 'unit.customer_inactive');
  return customer;
}

async function assertAddressOf(tx: DbLike, addressId: string, customerId: string) {
  const [address] = await tx
    .select({ customerId: customerAddresses.customerId })
    .from(customerAddresses)
    .where(eq(customerAddresses.id, addressId));
  if (address?.customerId !== customerId) throw fieldError('addressId', 'unit.address_not_of_customer');
}

function assertDates(dates: UnitDates, today: string) {
  const problems = unitDateProblems(dates, today);
  if (problems.length > 0) throw fieldProblems(problems, { today });
}

/** Registers a unit for a customer of the actor's area (DOMAIN.md, Intake: products owned). */
export async function createUnit(ctx: Ctx, input: UnitCreate): Promise<UnitRow> {
  requirePermission(ctx.actor, 'customers.manage');
  const serialNo = serialOf(input.serialNo, 'serialNo');
  return ctx.db.transaction(async (tx) => {
    const customer = await loadOwner(tx, ctx, input.customerId);
    // A discontinued (deactivated) model may still be registered: the installed base holds old units.
    const model = await loadModel(tx, input.modelId, 'modelId');
    assertUsage(model, input.usage, 'usage');
    assertDates(input, await companyToday(tx, ctx));
    if (input.addressId) await assertAddressOf(tx, input.addressId, customer.id);
    await assertSerialFree(tx, model, serialNo, 'serialNo');
    const [row] = await tx
      .insert(units)
      .values({
        ...input,
        serialNo,
        orgPath: customer.orgPath,
        status: 'active',
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'unit',
      entityId: row!.id,
      action: 'unit.created',
      after: row,
      orgPath: row!.orgPath,
    });
    // What a new unit means to the modules above (a recall campaign it falls under), in this transaction.
    await unitsRegistered(tx, ctx, [registeredOf(row!)]);
    return row!;
  });
}

/** The facts of a new unit the registration port hands to the modules above. */
export function registeredOf(u: UnitRow): RegisteredUnit {
  return {
    id: u.id,
    modelId: u.modelId,
    serialNo: u.serialNo,
    customerId: u.customerId,
    status: u.status,
    purchaseDate: u.purchaseDate,
    addressId: u.addressId,
    orgPath: u.orgPath,
  };
}

/** Locks a unit of the actor's subtree for a write; others read as not found. */
async function lockUnit(tx: DbLike, ctx: Ctx, id: string): Promise<UnitRow> {
  const [row] = await tx
    .select()
    .from(units)
    .where(and(eq(units.id, id), withinScope(ctx.actor, units.orgPath)))
    .for('update');
  if (!row) throw notFound(ctx, 'unit');
  return row;
}

/** Corrects a unit's facts (serial, model, usage, dates, place). Ownership and status have their own actions. */
export async function updateUnit(ctx: Ctx, id: string, input: UnitUpdate): Promise<UnitRow> {
  requirePermission(ctx.actor, 'customers.manage');
  return ctx.db.transaction(async (tx) => {
    const before = await lockUnit(tx, ctx, id);
    await assertVersion(tx, ctx, { entity: 'unit', entityId: id, ...before }, input.version);
    const { version: _v, ...fields } = input;
    const patch = definedFields(fields);
    if (patch.serialNo !== undefined) patch.serialNo = serialOf(patch.serialNo, 'serialNo');
    const next = { ...before, ...patch };
    if (Object.keys(diffFields(before, next)).length === 0) return before;
    if (patch.modelId !== undefined || patch.usage !== undefined || patch.serialNo !== undefined) {
      const model = await loadModel(tx, next.modelId, 'modelId');
      if (next.modelId !== before.modelId || next.usage !== before.usage) assertUsage(model, next.usage, 'usage');
      if (next.modelId !== before.modelId || next.serialNo !== before.serialNo) {
        await assertSerialFree(tx, model, next.serialNo, 'serialNo', id);
      }
    }
    const dateFields = ['purchaseDate', 'invoiceDate', 'installedOn', 'acceptedOn'] as const;
    if (dateFields.some((f) => f in patch)) assertDates(next, await companyToday(tx, ctx));
    if (patch.addressId) await assertAddressOf(tx, patch.addressId, before.customerId);
    const [after] = await tx
      .update(units)
      .set({ ...patch, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(units.id, id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'unit',
      entityId: id,
      action: 'unit.updated',
      before,
      after,
      orgPath: before.orgPath,
    });
    return after!;
  });
}

/** Returned, recalled, scrapped, or back to active after a recall (rules.ts, STATUS_TRANSITIONS). */
export async function changeUnitStatus(ctx: Ctx, id: string, input: UnitStatusChange): Promise<UnitRow> {
  requirePermission(ctx.actor, 'customers.manage');
  return ctx.db.transaction(async (tx) => {
    const before = await lockUnit(tx, ctx, id);
    await assertVersion(tx, ctx, { entity: 'unit', entityId: id, ...before }, input.version);
    return setUnitStatus(tx, ctx, before, input.status, input.reason);
  });
}

/**
 * A refunded unit goes back to the company (三包 return): marked returned in the caller's
 * transaction. For the return/exchange case, which has checked its own scope and approvals.
 */
export async function markUnitReturned(tx: DbLike, ctx: Ctx, id: string, reason: string): Promise<UnitRow> {
  return setUnitStatus(tx, ctx, await lockUnitUnscoped(tx, ctx, id), 'returned', reason);
}

async function setUnitStatus(
  tx: DbLike,
  ctx: Ctx,
  before: UnitRow,
  status: UnitStatusChange['status'],
  reason: string | undefined,
): Promise<UnitRow> {
  const problem = statusChangeProblem(before.status, status);
  if (problem) throw new AppError(problem, transitionParams(ctx, before.status, status));
  const [after] = await tx
    .update(units)
    .set({ status, version: before.version + 1, updatedAt: ctx.now })
    .where(eq(units.id, before.id))
    .returning();
  await appendEvent(tx, ctx, {
    entity: 'unit',
    entityId: before.id,
    action: 'unit.status_changed',
    before: { status: before.status },
    after: { status },
    reason,
    orgPath: before.orgPath,
  });
  return after!;
}

/**
 * Exchanges a unit (换机): registers the new unit for the same owner, usage and place, and links
 * old and new. The new unit's purchase date is today, because an exchanged product's warranty
 * restarts (DOMAIN.md, 三包; seeds 001, 004). Returns the new unit.
 */
export async function replaceUnit(ctx: Ctx, id: string, input: UnitReplace): Promise<UnitRow> {
  requirePermission(ctx.actor, 'customers.manage');
  return ctx.db.transaction(async (tx) => exchangeUnit(tx, ctx, id, input));
}

/**
 * The exchange itself, in the caller's transaction. Other modules call it through the index
 * (a warranty return/exchange case, which checked its own rights and scope: `unscoped`).
 */
export async function exchangeUnit(
  tx: DbLike,
  ctx: Ctx,
  id: string,
  input: Omit<UnitReplace, 'version'> & { version?: number },
  opts: { unscoped?: boolean } = {},
): Promise<UnitRow> {
  const serialNo = serialOf(input.newSerialNo, 'newSerialNo');
  const old = opts.unscoped ? await lockUnitUnscoped(tx, ctx, id) : await lockUnit(tx, ctx, id);
  if (input.version !== undefined)
    await assertVersion(tx, ctx, { entity: 'unit', entityId: id, ...old }, input.version);
  if (!mayReplace(old.status)) {
    throw new AppError('unit.status_transition', transitionParams(ctx, old.status, 'replaced'));
  }
  const [customer] = opts.unscoped
    ? await tx.select({ orgPath: customers.orgPath }).from(customers).where(eq(customers.id, old.customerId))
    : [await loadOwner(tx, ctx, old.customerId)];
  const model = await loadModel(tx, input.newModelId ?? old.modelId, 'newModelId');
  // The same model may be swapped even when discontinued; a different model must still be offered.
  if (model.id !== old.modelId && !model.active)
    throw fieldError('newModelId', 'catalog.inactive', { name: model.code });
  assertUsage(model, old.usage, 'newModelId');
  await assertSerialFree(tx, model, serialNo, 'newSerialNo');
  const [fresh] = await tx
    .insert(units)
    .values({
      modelId: model.id,
      serialNo,
      customerId: old.customerId,
      usage: old.usage,
      purchaseDate: await companyToday(tx, ctx),
      addressId: old.addressId,
      location: old.location,
      replacesId: old.id,
      orgPath: customer!.orgPath,
      status: 'active',
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  const [after] = await tx
    .update(units)
    .set({ status: 'replaced', replacedById: fresh!.id, version: old.version + 1, updatedAt: ctx.now })
    .where(eq(units.id, id))
    .returning();
  await appendEvent(tx, ctx, {
    entity: 'unit',
    entityId: fresh!.id,
    action: 'unit.created',
    after: fresh,
    reason: input.reason,
    orgPath: fresh!.orgPath,
  });
  await appendEvent(tx, ctx, {
    entity: 'unit',
    entityId: id,
    action: 'unit.replaced',
    before: { status: old.status, replacedById: old.replacedById },
    after: { status: after!.status, replacedById: after!.replacedById },
    reason: input.reason,
    orgPath: old.orgPath,
  });
  await unitsRegistered(tx, ctx, [registeredOf(fresh!)]);
  return fresh!;
}

async function lockUnitUnscoped(tx: DbLike, ctx: Ctx, id: string): Promise<UnitRow> {
  const [row] = await tx.select().from(units).where(eq(units.id, id)).for('update');
  if (!row) throw notFound(ctx, 'unit');
  return row;
}

/**
 * Moves a customer's units to the customer's new area, inside the caller's transaction (the
 * customers module calls it when a customer's area changes, and audits that change on the
 * customer). Returns how many units moved.
 */
export async function reassignUnitsOrgPath(tx: DbLike, customerId: string, orgPath: string): Promise<number> {
  const moved = await tx
    .update(units)
    .set({ orgPath })
    .where(and(eq(units.customerId, customerId), ne(units.orgPath, orgPath)))
    .returning({ id: units.id });
  return moved.length;
}
