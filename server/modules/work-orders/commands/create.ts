import type { Ctx } from '../../../platform/context.js';
import type { OrderCreate } from '../contract.js';
export async function createOrder(_ctx: Ctx, _input: OrderCreate, _key: string | null): Promise<{ id: string; replayed: boolean }> {
  throw new Error('not implemented');
}
