import type { DbLike } from '../../db/client.js';
import type { Entitlement, ExclusionKind } from './contract.js';
import { localDay } from './dates.js';
import { entitlement } from './entitlement.js';
import { companyTimeZone, loadEntitlementInput, loadUnit } from './facts.js';

/**
 * Who pays for an open order's work today (the money module's quote, docs/money-collection.md):
 * the same entitlement completion stores — the unit and the given parts, the cause excluded when
 * the technician judged it so — judged on today's company-zone day, the order's own repair left out
 * of the history. Reads only; null when the order has no unit on record.
 */
export async function entitlementForOrder(
  db: DbLike,
  facts: { orderId: string; unitId: string; partIds: string[]; exclusion: ExclusionKind | null; now: Date },
): Promise<Entitlement | null> {
  const unit = await loadUnit(db, facts.unitId);
  if (!unit) return null;
  const at = localDay(facts.now, await companyTimeZone(db, facts.now));
  const { input } = await loadEntitlementInput(db, unit, {
    at,
    partIds: [...new Set(facts.partIds)],
    exclusion: facts.exclusion,
    now: facts.now,
    excludeOrderId: facts.orderId,
  });
  return entitlement(input);
}
