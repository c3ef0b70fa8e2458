import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';

/*
 * A discipline penalty is a fact for the outlet's monthly settlement (docs/money-statements.md,
 * "Complaint penalties"): a draft reads the penalties decided in its month itself. When a penalty
 * is decided, changed, moved or withdrawn after the statement of its month left draft, settlement
 * carries the difference into the outlet's next open month. Money sits above complaints, so this
 * module declares the port and money provides the effect when its routes are registered; the
 * responsibility command calls it in its own transaction.
 */

export interface PenaltyAt {
  /** The outlet it falls on (the outlet, or the technician's outlet). */
  unitId: string;
  fen: number;
}

export interface PenaltyChanged {
  complaintId: string;
  complaintCode: string;
  /** When the penalty was first decided: the month whose statement it belongs to. */
  decidedAt: Date;
  before: PenaltyAt | null;
  after: PenaltyAt | null;
}

export type PenaltyChangedEffect = (tx: DbLike, ctx: Ctx, e: PenaltyChanged) => Promise<void>;

let effect: PenaltyChangedEffect | null = null;

/** Settlement's effect of a changed penalty (a second call replaces it). */
export function onPenaltyChanged(fn: PenaltyChangedEffect): void {
  effect = fn;
}

/** Runs the effect, if a module provided one, in the command's transaction. */
export async function penaltyChanged(tx: DbLike, ctx: Ctx, e: PenaltyChanged): Promise<void> {
  if (effect) await effect(tx, ctx, e);
}
