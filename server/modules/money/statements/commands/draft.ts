import type { Ctx } from '../../../../platform/context.js';
import type { DraftMonth, DraftResult } from '../contract.js';

export async function draftMonthFor(_ctx: Ctx, _input: DraftMonth): Promise<DraftResult> {
  throw new Error('not implemented');
}
export async function recomputeStatement(_ctx: Ctx, _id: string): Promise<void> {
  throw new Error('not implemented');
}
