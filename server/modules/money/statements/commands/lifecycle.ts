import type { Ctx } from '../../../../platform/context.js';
import type { LineDisputeBody, LineResolveBody } from '../contract.js';

export async function sendStatement(_ctx: Ctx, _id: string): Promise<void> {
  throw new Error('not implemented');
}
export async function acceptStatement(_ctx: Ctx, _id: string): Promise<void> {
  throw new Error('not implemented');
}
export async function disputeLine(_ctx: Ctx, _id: string, _lineId: string, _b: LineDisputeBody): Promise<void> {
  throw new Error('not implemented');
}
export async function resolveLine(_ctx: Ctx, _id: string, _lineId: string, _b: LineResolveBody): Promise<void> {
  throw new Error('not implemented');
}
export async function lockStatement(_ctx: Ctx, _id: string): Promise<void> {
  throw new Error('not implemented');
}
