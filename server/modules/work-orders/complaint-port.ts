import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';

/*
 * The complaint record an urge raises (urge.ts) becomes a complaint in the complaints module,
 * which sits above this one: it provides the effect here when its routes are registered
 * (`onUrgeComplaint`), and the urge command calls it in its own transaction with the record's
 * facts, both when the record opens and on every later urge (to bring the count up to date).
 * The complaint is keyed by the record (a unique constraint), so racing urges open one.
 */

export interface UrgeComplaint {
  flagId: string;
  orderId: string;
  orderCode: string;
  customerId: string;
  unitId: string | null;
  holderUnitId: string;
  orgPath: string;
  outletId: string | null;
  urgeCount: number;
  note: string | null;
  contactId: string;
  /** True when this urge opened the record. */
  opened: boolean;
}

export type UrgeComplaintEffect = (tx: DbLike, ctx: Ctx, e: UrgeComplaint) => Promise<{ complaintId: string } | null>;

let effect: UrgeComplaintEffect | null = null;

/** The complaints module's effect of a complaint record (a second call replaces it). */
export function onUrgeComplaint(fn: UrgeComplaintEffect): void {
  effect = fn;
}

/** Runs the effect, if a module provided one, in the urge's transaction. */
export async function urgeComplaint(tx: DbLike, ctx: Ctx, e: UrgeComplaint): Promise<{ complaintId: string } | null> {
  return effect ? effect(tx, ctx, e) : null;
}
