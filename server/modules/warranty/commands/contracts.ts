import { and, eq } from 'drizzle-orm';
import { pathInScope, requirePermission, withinScope } from '../../../platform/access/index.js';
import { getSetting } from '../../../platform/config/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { assertVersion, definedFields, recordNotFound } from '../../../platform/records.js';
import { customers, units } from '../../customers/index.js';
import type { ContractCreate, ContractUpdate, ServiceContract } from '../contract.js';
import { contractView } from '../queries.js';
import { documentCode } from '../codes.js';
import { lastCoveredDay } from '../dates.js';
import { dayCountingAt } from '../facts.js';
import { warrantyContracts } from '../tables.js';

/*
 * Service contracts (extended warranty, maintenance agreement, lifetime paid maintenance) for one
 * unit or every unit of a customer; written by people who keep the customer archive of the area.
 */

const NAME = { 'zh-CN': '服务合同', en: 'Service contract' };

function assertDates(startsOn: string, endsOn: string | null) {
  if (endsOn !== null && endsOn < startsOn) {
    throw new AppError('warranty.contract_dates', {}, [
      { path: 'body.endsOn', code: 'warranty.contract_dates', message: '' },
    ]);
  }
}

export async function createContract(ctx: Ctx, input: ContractCreate): Promise<ServiceContract> {
  requirePermission(ctx.actor, 'customers.manage');
  if (input.months !== undefined && input.endsOn !== null) {
    throw new AppError('warranty.contract_term', {}, [
      { path: 'body.months', code: 'warranty.contract_term', message: '' },
    ]);
  }
  assertDates(input.startsOn, input.endsOn);
  return ctx.db.transaction(async (tx) => {
    // A term in months ends where every warranty period ends, under the convention of the sale.
    const endsOn =
      input.months === undefined
        ? input.endsOn
        : lastCoveredDay(input.startsOn, { months: input.months }, await dayCountingAt(tx, ctx.now));
    let customerId: string;
    let orgPath: string;
    if (input.unitId) {
      const [u] = await tx
        .select({ customerId: units.customerId, orgPath: units.orgPath })
        .from(units)
        .where(and(eq(units.id, input.unitId), withinScope(ctx.actor, units.orgPath)));
      if (!u) throw recordNotFound(ctx.lang, { 'zh-CN': '产品', en: 'Unit' }, 'body.unitId');
      customerId = u.customerId;
      orgPath = u.orgPath;
    } else if (input.customerId) {
      const [c] = await tx
        .select({ orgPath: customers.orgPath })
        .from(customers)
        .where(eq(customers.id, input.customerId));
      if (!c || !pathInScope(ctx.actor, c.orgPath))
        throw recordNotFound(ctx.lang, { 'zh-CN': '客户', en: 'Customer' }, 'body.customerId');
      customerId = input.customerId;
      orgPath = c.orgPath;
    } else {
      throw new AppError('warranty.contract_target', {}, [
        { path: 'body.unitId', code: 'warranty.contract_target', message: '' },
      ]);
    }
    const [row] = await tx
      .insert(warrantyContracts)
      .values({
        code: documentCode('SC', ctx.now, await getSetting(tx, 'company.timeZone', ctx.now)),
        kind: input.kind,
        unitId: input.unitId ?? null,
        customerId,
        coversParts: input.coversParts,
        coversLabour: input.coversLabour,
        materialsAtCost: input.materialsAtCost,
        startsOn: input.startsOn,
        endsOn,
        priceFen: input.priceFen,
        visitsIncluded: input.visitsIncluded,
        note: input.note ?? null,
        orgPath,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'warranty_contract',
      entityId: row!.id,
      action: 'warranty_contract.created',
      after: row,
      orgPath,
    });
    return contractView(row!);
  });
}

export async function updateContract(ctx: Ctx, id: string, input: ContractUpdate): Promise<ServiceContract> {
  requirePermission(ctx.actor, 'customers.manage');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(warrantyContracts)
      .where(and(eq(warrantyContracts.id, id), withinScope(ctx.actor, warrantyContracts.orgPath)))
      .for('update');
    if (!before) throw recordNotFound(ctx.lang, NAME);
    await assertVersion(tx, ctx, { entity: 'warranty_contract', entityId: id, ...before }, input.version);
    const { version: _v, ...fields } = input;
    const patch = definedFields(fields);
    const next = { ...before, ...patch };
    assertDates(next.startsOn, next.endsOn ?? null);
    const [after] = await tx
      .update(warrantyContracts)
      .set({ ...patch, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(warrantyContracts.id, id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'warranty_contract',
      entityId: id,
      action: 'warranty_contract.updated',
      before,
      after,
      orgPath: before.orgPath,
    });
    return contractView(after!);
  });
}
