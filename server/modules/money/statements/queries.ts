import type { Ctx } from '../../../platform/context.js';
import type { StatementDetail, StatementQuery, Statement } from './contract.js';

export async function listStatements(
  _ctx: Ctx,
  _q: StatementQuery,
): Promise<{ items: Statement[]; total: number; page: number; pageSize: number }> {
  throw new Error('not implemented');
}
export async function getStatement(_ctx: Ctx, _id: string): Promise<StatementDetail> {
  throw new Error('not implemented');
}
