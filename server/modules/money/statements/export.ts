import type { Readable } from 'node:stream';
import type { Ctx } from '../../../platform/context.js';

export async function exportStatement(
  _ctx: Ctx,
  _id: string,
): Promise<{ fileName: string; rows: number; stream: Readable }> {
  throw new Error('not implemented');
}
