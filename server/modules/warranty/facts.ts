import { sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import type { ExclusionKind } from './contract.js';
import { type DayCounting, judgedInstant, localDay } from './dates.js';
import type {
  ContractFacts,
  EntitlementInput,
  PartFacts,
  PolicyVersion,
  RepairFacts,
  UnitFacts,
} from './entitlement.js';
import { type HistoryOrder, unitServiceHistory } from './history-port.js';
import { warrantyContracts, warrantyPolicies } from './tables.js';

/*
 * Loads the facts the pure rules need. The catalog tables the customers index does not export
 * (product_lines, parts, model_parts) are read by name, as the work-order module does.
 */

function rowsOf<T>(res: unknown): T[] {
  return (res as { rows: T[] }).rows;
}

export interface UnitRecord extends UnitFacts {
  customerId: string;
  modelId: string;
  orgPath: string;
  status: string;
  replacesId: string | null;
  serialNo: string;
}

export async function companyTimeZone(db: DbLike, now: Date): Promise<string> {
  return getSetting(db, 'company.timeZone', now);
}

/** The counting convention in force at the instant judged (`judgedInstant`). */
export async function dayCountingAt(db: DbLike, asOf: Date): Promise<DayCounting> {
  return getSetting(db, 'warranty.dayCounting', asOf);
}

export async function loadUnit(db: DbLike, unitId: string): Promise<UnitRecord | null> {
  const [r] = rowsOf<Record<string, string | null>>(
    await db.execute(sql`
      select u.id, u.usage, u.purchase_date::text as purchase_date, u.invoice_date::text as invoice_date,
             u.installed_on::text as installed_on, u.accepted_on::text as accepted_on, u.customer_id, u.model_id,
             u.org_path, u.status, u.replaces_id, u.serial_no, m.code as model_code, l.code as line_code, l.category
      from units u join product_models m on m.id = u.model_id join product_lines l on l.id = m.line_id
      where u.id = ${unitId}`),
  );
  if (!r) return null;
  return {
    id: r.id!,
    usage: r.usage as UnitFacts['usage'],
    category: r.category ?? null,
    lineCode: r.line_code ?? null,
    modelCode: r.model_code ?? null,
    purchaseDate: r.purchase_date ?? null,
    invoiceDate: r.invoice_date ?? null,
    installedOn: r.installed_on ?? null,
    acceptedOn: r.accepted_on ?? null,
    customerId: r.customer_id!,
    modelId: r.model_id!,
    orgPath: r.org_path!,
    status: r.status!,
    replacesId: r.replaces_id ?? null,
    serialNo: r.serial_no!,
  };
}

export async function loadPolicies(db: DbLike): Promise<PolicyVersion[]> {
  const rows = await db.select().from(warrantyPolicies);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    version: r.version,
    name: r.name,
    effectiveFrom: r.effectiveFrom,
    active: r.active,
    category: r.category,
    productLineCode: r.productLineCode,
    modelCode: r.modelCode,
    usage: r.usage,
    startBasis: r.startBasis,
    unitMonths: r.unitMonths,
    unitLabourMonths: r.unitLabourMonths,
    mainParts: r.mainParts,
    replacedPartMonths: r.replacedPartMonths,
    transferable: r.transferable,
    remedies: r.remedies,
  }));
}

export async function loadContracts(db: DbLike, unit: { id: string; customerId: string }): Promise<ContractFacts[]> {
  const rows = await db
    .select()
    .from(warrantyContracts)
    .where(
      sql`${warrantyContracts.unitId} = ${unit.id} or (${warrantyContracts.unitId} is null and ${warrantyContracts.customerId} = ${unit.customerId})`,
    );
  return rows.map((c) => ({
    id: c.id,
    kind: c.kind,
    coversParts: c.coversParts,
    coversLabour: c.coversLabour,
    materialsAtCost: c.materialsAtCost,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    status: c.status,
  }));
}

/** Parts of the catalog with their main-part flag in the unit's model BOM. */
export async function loadParts(db: DbLike, modelId: string, partIds: string[]): Promise<PartFacts[]> {
  if (partIds.length === 0) return [];
  const ids = sql.join(
    partIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = rowsOf<{ id: string; code: string; name: string; name_en: string | null; is_main: boolean | null }>(
    await db.execute(sql`
      select p.id, p.code, p.name, p.name_en, mp.is_main
      from parts p left join model_parts mp on mp.part_id = p.id and mp.model_id = ${modelId}
      where p.id in (${ids})`),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return partIds
    .filter((id) => byId.has(id))
    .map((id) => {
      const r = byId.get(id)!;
      return { id: r.id, code: r.code, name: r.name, nameEn: r.name_en, isMain: r.is_main ?? false };
    });
}

export function repairsOf(history: HistoryOrder[], timeZone: string, excludeOrderId?: string): RepairFacts[] {
  return history
    .filter((o) => o.completedAt && o.id !== excludeOrderId)
    .map((o) => ({
      orderId: o.id,
      completedOn: localDay(o.completedAt!, timeZone),
      faultCode: o.faultCode,
      partsReplaced: o.parts.map((p) => ({ partId: p.partId, on: localDay(p.at, timeZone) })),
    }));
}

export interface LoadedFacts {
  unit: UnitRecord;
  input: EntitlementInput;
  history: HistoryOrder[];
  timeZone: string;
}

export async function loadEntitlementInput(
  db: DbLike,
  unit: UnitRecord,
  opts: { at: string; partIds: string[]; exclusion: ExclusionKind | null; now: Date; excludeOrderId?: string },
): Promise<LoadedFacts> {
  // One at a time: completion and case opening call this inside a transaction, which has one connection.
  const timeZone = await companyTimeZone(db, opts.now);
  const counting = await dayCountingAt(db, judgedInstant(opts.at, opts.now, timeZone));
  const policies = await loadPolicies(db);
  const contracts = await loadContracts(db, unit);
  const history = await unitServiceHistory(db, unit.id);
  const parts = await loadParts(db, unit.modelId, opts.partIds);
  return {
    unit,
    history,
    timeZone,
    input: {
      unit,
      policies,
      contracts,
      history: repairsOf(history, timeZone, opts.excludeOrderId),
      parts,
      exclusion: opts.exclusion,
      at: opts.at,
      counting,
    },
  };
}
