import type { Ctx } from '../../platform/context.js';
import type { Suggestion } from './contract.js';
export async function suggestRoute(_ctx: Ctx, _id: string): Promise<Suggestion> {
  throw new Error('not implemented');
}
