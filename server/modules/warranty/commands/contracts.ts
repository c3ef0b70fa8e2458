import type { Ctx } from '../../../platform/context.js';
import type { ContractCreate, ContractUpdate, ServiceContract } from '../contract.js';

export async function createContract(_ctx: Ctx, _input: ContractCreate): Promise<ServiceContract> {
  throw new Error('not implemented');
}
export async function updateContract(_ctx: Ctx, _id: string, _input: ContractUpdate): Promise<ServiceContract> {
  throw new Error('not implemented');
}
