import type { Ctx } from '../../../platform/context.js';
import type { UrgeBody } from '../contract.js';
export async function urgeOrder(_ctx: Ctx, _id: string, _input: UrgeBody): Promise<{ urgeCount: number; contactId: string; complaintFlagged: boolean }> {
  throw new Error('not implemented');
}
