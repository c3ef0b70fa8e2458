import { sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import { partsInModel, unitWithCatalog } from '../customers/index.js';
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
 * Loads the facts the pure rules need. The unit, its model and line and the catalog's parts come
 * through the customers module's typed reads (`unitWithCatalog`, `partsInModel`).
 */

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
  const r = await unitWithCatalog(db, unitId);
  if (!r) return null;
  return {
    id: r.id,
    usage: r.usage,
    category: r.category ?? null,
    lineCode: r.lineCode ?? null,
    modelCode: r.modelCode ?? null,
    purchaseDate: r.purchaseDate,
    invoiceDate: r.invoiceDate,
    installedOn: r.installedOn,
    acceptedOn: r.acceptedOn,
    customerId: r.customerId,
    modelId: r.modelId,
    orgPath: r.orgPath,
    status: r.status,
    replacesId: r.replacesId,
    serialNo: r.serialNo,
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

/** Parts of the catalog with their main-part flag in the unit's model BOM, in the order asked. */
export async function loadParts(db: DbLike, modelId: string, partIds: string[]): Promise<PartFacts[]> {
  const byId = new Map((await partsInModel(db, modelId, partIds)).map((r) => [r.id, r]));
  return partIds
    .filter((id) => byId.has(id))
    .map((id) => {
      const r = byId.get(id)!;
      return { id: r.id, code: r.code, name: r.name, nameEn: r.nameEn, isMain: r.isMain ?? false };
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
