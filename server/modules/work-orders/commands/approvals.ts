import type { Ctx } from '../../../platform/context.js';
import type { ApprovalBody } from '../contract.js';
export async function createApproval(_ctx: Ctx, _id: string, _input: ApprovalBody): Promise<void> {
  throw new Error('not implemented');
}
