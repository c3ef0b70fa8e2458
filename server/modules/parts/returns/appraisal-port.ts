import type { DbLike } from '../../../db/client.js';
import type { Ctx } from '../../../platform/context.js';
import type { AppraisalOutcome } from '../return-rules.js';

/*
 * What an appraisal of an old-part return means to the modules above this one (docs/parts-returns.md,
 * "For settlement"): the money module's settlement turns an appraisal made after the statement of
 * the order's month has left draft into an adjustment carried into the outlet's next open month.
 * Money sits higher in the module order, so this module cannot call it; it provides its effect here
 * when its routes are registered (`onReturnAppraised`), and every appraisal command calls the
 * effects inside its own transaction, after the line's outcome is written: the appraisal and what
 * follows from it are written together or not at all.
 */

export interface ReturnAppraised {
  obligationId: string;
  orderId: string;
  orderCode: string;
  /** The outlet that completed the order: whose statement carries the line. */
  outletId: string;
  partId: string;
  partCode: string;
  partName: string;
  quantity: number;
  /** The order's completion: the obligation is created in the completing transaction. */
  completedAt: Date;
  before: AppraisalOutcome | null;
  outcome: AppraisalOutcome;
  /** Whether the outcome withholds (anything but a confirmed fault). */
  withholds: boolean;
  /** The line's warranty amount when known; the withheld amount is it (settlementEffect). */
  warrantyAmountFen: number | null;
  withheldFen: number;
}

export type ReturnAppraisedEffect = (tx: DbLike, ctx: Ctx, e: ReturnAppraised) => Promise<unknown>;

const effects = new Map<string, ReturnAppraisedEffect>();

/** A module's effect of an appraisal, under its name (a second call with the same name replaces it). */
export function onReturnAppraised(name: string, fn: ReturnAppraisedEffect): void {
  effects.set(name, fn);
}

/** Called by the appraisal commands in their transaction, effects in the order they were provided. */
export async function returnAppraised(tx: DbLike, ctx: Ctx, e: ReturnAppraised): Promise<void> {
  for (const fn of effects.values()) await fn(tx, ctx, e);
}
