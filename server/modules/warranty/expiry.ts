import { and, inArray, isNull, or } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { unitsWithCatalog } from '../customers/index.js';
import { localDay } from './dates.js';
import { type ContractFacts, latestApplicableEnd, selectPolicy, startOf, wholeUnitEnd } from './entitlement.js';
import { companyTimeZone, dayCountingAt, loadPolicies } from './facts.js';
import { warrantyContracts } from './tables.js';

/*
 * When a unit's warranty ends, for many units at once (the care module's expiry reminders and
 * extended-warranty offers). The end is the entitlement rules' own: `latestApplicableEnd` — the
 * whole-unit term of the policy that applies today, or a later end of an active service contract
 * (a contract without an end never expires). Nothing is re-derived outside this module.
 */

export interface WarrantyEnd {
  unitId: string;
  /** The last covered day (inclusive); null when no policy or contract dates the unit. */
  endsOn: string | null;
  /** The whole-unit term's last day under the policy in force (null: no policy or no start date). */
  policyEndsOn: string | null;
  /** The id of the active contract that ends last, when it ends after the policy term. */
  contractId: string | null;
}

export async function warrantyEndsOf(db: DbLike, unitIds: string[], now: Date): Promise<Map<string, WarrantyEnd>> {
  const out = new Map<string, WarrantyEnd>();
  if (!unitIds.length) return out;
  const timeZone = await companyTimeZone(db, now);
  const at = localDay(now, timeZone);
  const counting = await dayCountingAt(db, now);
  const policies = await loadPolicies(db);
  const units = await unitsWithCatalog(db, unitIds);
  const contracts: (ContractFacts & { unitId: string | null; customerId: string })[] = [];
  for (let i = 0; i < units.length; i += 1000) {
    const chunk = units.slice(i, i + 1000);
    const rows = await db
      .select()
      .from(warrantyContracts)
      .where(
        or(
          inArray(
            warrantyContracts.unitId,
            chunk.map((u) => u.id),
          ),
          and(
            isNull(warrantyContracts.unitId),
            inArray(warrantyContracts.customerId, [...new Set(chunk.map((u) => u.customerId))]),
          ),
        ),
      );
    for (const c of rows)
      contracts.push({
        id: c.id,
        kind: c.kind,
        coversParts: c.coversParts,
        coversLabour: c.coversLabour,
        materialsAtCost: c.materialsAtCost,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        status: c.status,
        unitId: c.unitId,
        customerId: c.customerId,
      });
  }
  for (const u of units) {
    const unit = {
      id: u.id,
      usage: u.usage,
      category: u.category ?? null,
      lineCode: u.lineCode ?? null,
      modelCode: u.modelCode ?? null,
      purchaseDate: u.purchaseDate,
      invoiceDate: u.invoiceDate,
      installedOn: u.installedOn,
      acceptedOn: u.acceptedOn,
    };
    const own = contracts.filter((c) => c.unitId === u.id || (c.unitId === null && c.customerId === u.customerId));
    const endsOn = latestApplicableEnd(
      { unit, policies, contracts: own, history: [], parts: [], exclusion: null, at, counting },
      null,
    );
    const policy = selectPolicy(policies, unit, at);
    const from = policy ? startOf(unit, policy.startBasis).date : null;
    const policyEndsOn = policy && from ? wholeUnitEnd(policy, from, counting) : null;
    const last = own
      .filter((c) => c.status === 'active' && c.kind !== 'lifetime_paid')
      .sort((a, b) => ((a.endsOn ?? '9999-12-31') < (b.endsOn ?? '9999-12-31') ? 1 : -1))[0];
    const contractId = last && (policyEndsOn === null || (last.endsOn ?? '9999-12-31') > policyEndsOn) ? last.id : null;
    out.set(u.id, { unitId: u.id, endsOn, policyEndsOn, contractId });
  }
  return out;
}
