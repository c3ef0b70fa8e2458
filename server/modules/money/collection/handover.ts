import type { Ctx } from '../../../platform/context.js';
import type { EntryCorrect, Handover, HandoverCreate } from './contract.js';

export async function recordHandover(_ctx: Ctx, _body: HandoverCreate): Promise<Handover> {
  throw new Error('not yet');
}
export async function correctHandover(_ctx: Ctx, _id: string, _body: EntryCorrect): Promise<Handover> {
  throw new Error('not yet');
}
