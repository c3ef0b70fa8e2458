import type { Ctx } from '../../../../platform/context.js';
import type { Adjustment, AdjustmentBody } from '../contract.js';

export async function addAdjustment(_ctx: Ctx, _id: string, _b: AdjustmentBody): Promise<Adjustment> {
  throw new Error('not implemented');
}
