import type { Ctx } from '../../../platform/context.js';
import type { OrderAction } from '../contract.js';
export async function runAction(_ctx: Ctx, _id: string, _action: OrderAction, _body: unknown): Promise<string> {
  throw new Error('not implemented');
}
