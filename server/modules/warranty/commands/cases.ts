import type { Ctx } from '../../../platform/context.js';
import type { CaseAction, CaseOpen } from '../contract.js';

export async function openCase(_ctx: Ctx, _input: CaseOpen): Promise<string> {
  throw new Error('not implemented');
}
export async function runCaseAction(_ctx: Ctx, _id: string, _action: CaseAction, _body: never): Promise<void> {
  throw new Error('not implemented');
}
