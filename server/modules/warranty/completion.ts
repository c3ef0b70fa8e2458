import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import type { Exclusion, WarrantyDecision } from './contract.js';
import { localDay } from './dates.js';
import { recordWarrantyDecision } from './decisions.js';
import { entitlement } from './entitlement.js';
import { companyTimeZone, loadEntitlementInput, loadUnit } from './facts.js';

export interface CompletionFacts {
  orderId: string;
  unitId: string;
  /** The order's org path (the decisions' scope). */
  orgPath: string;
  /** Parts replaced by this order. */
  partIds: string[];
  exclusion: Exclusion | null;
}

/**
 * Decides who pays for a completed order — the unit and each replaced part — and stores the
 * decisions in the caller's transaction. The order's own parts are left out of the history, so
 * a part fitted today is judged by the terms it had before this repair.
 */
export async function recordCompletionDecisions(
  tx: DbLike,
  ctx: Ctx,
  facts: CompletionFacts,
): Promise<WarrantyDecision[]> {
  const unit = await loadUnit(tx, facts.unitId);
  if (!unit) return [];
  const at = localDay(ctx.now, await companyTimeZone(tx, ctx.now));
  const { input } = await loadEntitlementInput(tx, unit, {
    at,
    partIds: [...new Set(facts.partIds)],
    exclusion: facts.exclusion?.kind ?? null,
    now: ctx.now,
    excludeOrderId: facts.orderId,
  });
  const result = entitlement(input);
  const out: WarrantyDecision[] = [];
  for (const coverage of [result.unit, ...result.parts]) {
    out.push(
      await recordWarrantyDecision(tx, ctx, {
        orderId: facts.orderId,
        unitId: unit.id,
        orgPath: facts.orgPath,
        coverage,
        policy: result.policy,
        exclusion: facts.exclusion,
        dayCounting: result.dayCounting,
      }),
    );
  }
  return out;
}
