import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';

/*
 * What carrying out a return/exchange case does to the unit's work orders. The work-order module
 * sits above this one, so it provides the effect (`onCaseExecuted`, wired where its routes are
 * registered) and the case command calls it inside its own transaction: the case, the unit and the
 * orders change together or not at all (docs/warranty.md, Return/exchange cases).
 */

export interface CaseExecuted {
  caseId: string;
  caseCode: string;
  unitId: string;
  /** The order the case was opened from, if any (its unit may be unrecorded on the order). */
  orderId: string | null;
  resolution: 'refunded' | 'exchanged';
}

export type CaseExecutedEffect = (tx: DbLike, ctx: Ctx, e: CaseExecuted) => Promise<void>;

let effect: CaseExecutedEffect | null = null;

/** The work-order module's effect of an executed case (one per process; a second call replaces it). */
export function onCaseExecuted(fn: CaseExecutedEffect): void {
  effect = fn;
}

/** Called by the execute command in its transaction. Without the work-order module wired, refuses. */
export async function caseExecuted(tx: DbLike, ctx: Ctx, e: CaseExecuted): Promise<void> {
  if (!effect) throw new Error('the work-order module is not wired to return/exchange cases (onCaseExecuted)');
  await effect(tx, ctx, e);
}
