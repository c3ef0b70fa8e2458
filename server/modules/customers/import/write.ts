import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { divisionPath } from '../../../../shared/divisions.js';
import { formatPhone, type Phone } from '../../../../shared/phone.js';
import type { DbLike } from '../../../db/client.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { diffFields, events } from '../../../platform/events/index.js';
// The archive's own numbering (createCustomer's), not repeated here.
import { nextCustomerCodes } from '../commands/common.js';
import { unitsRegistered } from '../ports.js';
import { registeredOf } from '../units/commands.js';
import { customerAddresses, customerPhones, customers, units } from '../tables.js';
import type { JobHandle } from './jobs.js';
import {
  type AddressDraft,
  type CustomerFacts,
  type CustomerPatch,
  type RowDraft,
  type UnitFacts,
  type UnitPatch,
  unitUsage,
} from './rules.js';

/*
 * The write half of the import, inside one transaction. New customers and units are inserted
 * in batches: created one by one through createCustomer/createUnit, 1,000 rows took 67 s on
 * PGlite (each allocates a code by scanning the day's codes and reads the record back), so
 * 10,000 rows would have been a ten-minute request. Batched, 10,000 new customers with a unit
 * each take 28 s on PGlite and 19 s on PostgreSQL, a re-run of the same file 8 s and 6 s
 * (parsing and checking included). The batch path writes the same rows and appends the same
 * `customer.created` / `unit.created` events (entity, action, audit view) in batches of 500.
 * Changes to existing records are rarer and go one by one, each with its event.
 */

const BATCH = 500;

export interface ModelFacts {
  id: string;
  code: string;
  usageKinds: ('household' | 'commercial')[];
}

export interface UnitPlan {
  row: RowDraft;
  model: ModelFacts;
  existing: UnitFacts | null;
  patch: UnitPatch | null;
}

/** What the import does with one customer (a group of rows sharing a phone). */
export interface CustomerPlan {
  rows: RowDraft[];
  existing: (CustomerFacts & { orgPath: string }) | null;
  patch: CustomerPatch | null;
  /** For a new customer: the org path of the unit serving its address (checked within scope). */
  orgPath: string;
  units: UnitPlan[];
}

type EventRow = typeof events.$inferInsert;

function eventRow(
  ctx: Ctx,
  e: Pick<EventRow, 'entity' | 'entityId' | 'action' | 'orgPath'> & { after: object; before?: object; reason?: string },
): EventRow {
  return {
    at: ctx.now,
    actorId: ctx.actor.id,
    actorName: ctx.actor.displayName || ctx.actor.username,
    entity: e.entity,
    entityId: e.entityId,
    action: e.action,
    changes: diffFields(e.before as Record<string, unknown> | undefined, e.after as Record<string, unknown>),
    reason: e.reason ?? null,
    requestId: ctx.requestId,
    orgPath: e.orgPath,
  };
}

async function insertBatched<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

function distinctAddresses(group: readonly RowDraft[]): AddressDraft[] {
  const out: AddressDraft[] = [];
  for (const r of group) {
    const a = r.address;
    if (a && !out.some((x) => JSON.stringify(x) === JSON.stringify(a))) out.push(a);
  }
  return out.slice(0, 10);
}

function distinctPhones(group: readonly RowDraft[]): Phone[] {
  return [...new Map(group.flatMap((r) => r.phones).map((p) => [p.number, p])).values()].slice(0, 10);
}

/** Inserts the new customers with their phones and addresses, and their `customer.created` events. Returns their ids by plan. */
async function createCustomers(tx: DbLike, ctx: Ctx, plans: CustomerPlan[]): Promise<Map<CustomerPlan, string>> {
  const ids = new Map<CustomerPlan, string>();
  const codes = await nextCustomerCodes(tx, ctx.now, plans.length);
  const rows: (typeof customers.$inferInsert)[] = [];
  const phones: (typeof customerPhones.$inferInsert)[] = [];
  const addresses: (typeof customerAddresses.$inferInsert)[] = [];
  const evs: EventRow[] = [];
  plans.forEach((p, i) => {
    const first = p.rows[0]!;
    const id = crypto.randomUUID();
    ids.set(p, id);
    const row = {
      id,
      code: codes[i]!,
      kind: first.kind ?? 'individual',
      name: first.name!,
      companyName: first.companyName,
      email: first.email,
      wechatId: null,
      tags: [...new Set(p.rows.flatMap((r) => r.tags))].slice(0, 20),
      notes: first.notes,
      preferredContactTime: null,
      consentMessages: false,
      orgPath: p.orgPath,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    } satisfies typeof customers.$inferInsert;
    rows.push(row);
    const ph = distinctPhones(p.rows);
    phones.push(
      ...ph.map((n, j) => ({
        customerId: id,
        number: n.number,
        kind: n.kind,
        extension: n.extension ?? null,
        label: null,
        isPrimary: j === 0,
        createdAt: ctx.now,
      })),
    );
    const ad = distinctAddresses(p.rows);
    addresses.push(...ad.map((a, j) => ({ customerId: id, ...a, isPrimary: j === 0, createdAt: ctx.now })));
    // The same audit view as createCustomer's: the record, its phones and addresses as text (primary starred).
    evs.push(
      eventRow(ctx, {
        entity: 'customer',
        entityId: id,
        action: 'customer.created',
        orgPath: p.orgPath,
        after: {
          ...row,
          active: true,
          firstContactAt: null,
          mergedIntoId: null,
          phones: ph.map((n, j) => formatPhone(n.number, n.extension) + (j === 0 ? ' *' : '')),
          addresses: ad.map((a, j) => `${divisionPath(a)} ${a.detail}`.trim() + (j === 0 ? ' *' : '')),
        },
        reason: 'import',
      }),
    );
  });
  await insertBatched(rows, (b) => tx.insert(customers).values(b));
  await insertBatched(phones, (b) => tx.insert(customerPhones).values(b));
  await insertBatched(addresses, (b) => tx.insert(customerAddresses).values(b));
  await insertBatched(evs, (b) => tx.insert(events).values(b));
  return ids;
}

/** Inserts new units (the owner's org path, status active) and their `unit.created` events. */
async function createUnits(tx: DbLike, ctx: Ctx, list: { plan: UnitPlan; customerId: string; orgPath: string }[]) {
  const rows: (typeof units.$inferInsert)[] = list.map(({ plan, customerId, orgPath }) => {
    const d = plan.row.unit!;
    return {
      id: crypto.randomUUID(),
      modelId: plan.model.id,
      serialNo: d.serialNo,
      customerId,
      usage: unitUsage(d, plan.model.usageKinds),
      purchaseDate: d.purchaseDate,
      invoiceNo: d.invoiceNo,
      invoiceDate: d.invoiceDate,
      sellerChannel: d.sellerChannel,
      installedOn: d.installedOn,
      location: d.location,
      orgPath,
      status: 'active',
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
  });
  await insertBatched(rows, async (b) => {
    const inserted = await tx.insert(units).values(b).returning();
    await tx.insert(events).values(
      inserted.map((u) =>
        eventRow(ctx, {
          entity: 'unit',
          entityId: u.id,
          action: 'unit.created',
          after: u,
          orgPath: u.orgPath,
          reason: 'import',
        }),
      ),
    );
    // What the new units mean to the modules above (a recall campaign they fall under), in this transaction.
    await unitsRegistered(tx, ctx, inserted.map(registeredOf));
  });
}

/** Adds what an import brings to an existing customer and records it as the customer's event. */
async function updateCustomer(
  tx: DbLike,
  ctx: Ctx,
  current: CustomerFacts & { orgPath: string },
  patch: CustomerPatch,
) {
  const { addPhones, addAddresses, ...fields } = patch;
  const [row] = await tx.select().from(customers).where(eq(customers.id, current.id)).for('update');
  await tx
    .update(customers)
    .set({ ...fields, version: row!.version + 1, updatedAt: ctx.now })
    .where(eq(customers.id, current.id));
  if (addPhones.length) {
    await tx.insert(customerPhones).values(
      addPhones.map((p, i) => ({
        customerId: current.id,
        number: p.number,
        kind: p.kind,
        extension: p.extension ?? null,
        isPrimary: current.phones.length === 0 && i === 0,
        createdAt: ctx.now,
      })),
    );
  }
  if (addAddresses.length) {
    await tx.insert(customerAddresses).values(
      addAddresses.map((a, i) => ({
        customerId: current.id,
        ...a,
        isPrimary: current.addresses.length === 0 && i === 0,
        createdAt: ctx.now,
      })),
    );
  }
  const before: Record<string, unknown> = {};
  for (const k of Object.keys(fields)) before[k] = current[k as keyof CustomerFacts];
  const after: Record<string, unknown> = { ...fields };
  if (addPhones.length) {
    before.phones = current.phones.map((n) => formatPhone(n));
    after.phones = [...current.phones, ...addPhones.map((p) => p.number)].map((n) => formatPhone(n));
  }
  if (addAddresses.length) {
    const text = (a: AddressDraft) => `${divisionPath(a)} ${a.detail}`.trim();
    before.addresses = current.addresses.map(text);
    after.addresses = [...current.addresses, ...addAddresses].map(text);
  }
  await tx.insert(events).values(
    eventRow(ctx, {
      entity: 'customer',
      entityId: current.id,
      action: 'customer.updated',
      before,
      after,
      orgPath: current.orgPath,
      reason: 'import',
    }),
  );
}

async function updateUnit(tx: DbLike, ctx: Ctx, current: UnitFacts, patch: UnitPatch) {
  const [row] = await tx.select().from(units).where(eq(units.id, current.id)).for('update');
  await tx
    .update(units)
    .set({ ...patch, version: row!.version + 1, updatedAt: ctx.now })
    .where(eq(units.id, current.id));
  const before = Object.fromEntries(Object.keys(patch).map((k) => [k, current[k as keyof UnitFacts]]));
  await tx.insert(events).values(
    eventRow(ctx, {
      entity: 'unit',
      entityId: current.id,
      action: 'unit.updated',
      before,
      after: patch,
      orgPath: row!.orgPath,
      reason: 'import',
    }),
  );
}

/** Writes the plan in one transaction; any failure rolls all of it back. */
export async function writePlans(ctx: Ctx, plans: readonly CustomerPlan[], job: JobHandle): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await claimImportTurn(tx, plans);
    const fresh = plans.filter((p) => !p.existing);
    const ids = await createCustomers(tx, ctx, fresh);
    job.step(fresh.reduce((n, p) => n + p.rows.length, 0));
    const newUnits: { plan: UnitPlan; customerId: string; orgPath: string }[] = [];
    for (const p of plans) {
      const customerId = p.existing?.id ?? ids.get(p)!;
      const orgPath = p.existing?.orgPath ?? p.orgPath;
      if (p.existing && p.patch) await updateCustomer(tx, ctx, p.existing, p.patch);
      for (const u of p.units) {
        if (!u.existing) newUnits.push({ plan: u, customerId, orgPath });
        else if (u.patch) await updateUnit(tx, ctx, u.existing, u.patch);
      }
      if (p.existing) job.step(p.rows.length);
    }
    await createUnits(tx, ctx, newUnits);
  });
}

/**
 * Imports write one at a time (a transaction-scoped advisory lock), and each checks, once it
 * holds the turn, that what it planned to create is still new: two imports of the same new
 * phone or serial at once would otherwise both create it (the plan is read before writing).
 * A record that appeared meanwhile — from the other import, or an edit — refuses the whole
 * file with import.changed_meanwhile; running it again updates that record instead.
 */
async function claimImportTurn(tx: DbLike, plans: readonly CustomerPlan[]): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('sanbao:customer-import'))`);
  const numbers = [
    ...new Set(plans.filter((p) => !p.existing).flatMap((p) => p.rows.flatMap((r) => r.phones.map((ph) => ph.number)))),
  ];
  if (numbers.length > 0) {
    const taken = await tx
      .select({ number: customerPhones.number })
      .from(customerPhones)
      .innerJoin(customers, eq(customers.id, customerPhones.customerId))
      .where(and(inArray(customerPhones.number, numbers), eq(customers.active, true), isNull(customers.mergedIntoId)))
      .limit(1);
    if (taken[0]) throw new AppError('import.changed_meanwhile', { value: formatPhone(taken[0].number) });
  }
  const fresh = plans.flatMap((p) =>
    p.units
      .filter((u) => !u.existing && u.row.unit)
      .map((u) => ({ modelId: u.model.id, serialNo: u.row.unit!.serialNo })),
  );
  if (fresh.length > 0) {
    const serials = [...new Set(fresh.map((u) => u.serialNo))];
    const found = await tx
      .select({ modelId: units.modelId, serialNo: units.serialNo })
      .from(units)
      .where(inArray(units.serialNo, serials));
    const clash = found.find((f) => fresh.some((u) => u.modelId === f.modelId && u.serialNo === f.serialNo));
    if (clash) throw new AppError('import.changed_meanwhile', { value: clash.serialNo });
  }
}
