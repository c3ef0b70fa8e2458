import type { Ctx } from '../../../platform/context.js';
import type { Collection, CollectionCreate, EntryCorrect } from './contract.js';

export async function recordCollection(_ctx: Ctx, _orderId: string, _body: CollectionCreate): Promise<Collection> {
  throw new Error('not yet');
}
export async function correctCollection(_ctx: Ctx, _id: string, _body: EntryCorrect): Promise<Collection> {
  throw new Error('not yet');
}
