import type { Ctx } from '../../platform/context.js';
import type {
  AppraisalForm,
  CaseDetail,
  CaseSummary,
  Entitlement,
  Policy,
  Remedies,
  ServiceContract,
  WarrantyDecision,
} from './contract.js';

const todo = (): never => {
  throw new Error('not implemented');
};
export async function listPolicies(_ctx: Ctx, _q: { at?: string; all?: string }): Promise<Policy[]> {
  return todo();
}
export async function policyHistory(_ctx: Ctx, _code: string): Promise<Policy[]> {
  return todo();
}
export async function listContracts(
  _ctx: Ctx,
  _q: { unitId?: string; customerId?: string },
): Promise<ServiceContract[]> {
  return todo();
}
export async function getContract(_ctx: Ctx, _id: string): Promise<ServiceContract> {
  return todo();
}
export async function unitEntitlement(
  _ctx: Ctx,
  _unitId: string,
  _q: { at?: string; parts?: string; cause?: string },
): Promise<Entitlement> {
  return todo();
}
export async function unitRemedies(_ctx: Ctx, _unitId: string, _q: { at?: string }): Promise<Remedies> {
  return todo();
}
export async function unitDecisions(_ctx: Ctx, _unitId: string): Promise<WarrantyDecision[]> {
  return todo();
}
export async function listCases(
  _ctx: Ctx,
  _q: { state?: string; unitId?: string; limit: number; offset: number },
): Promise<{ items: CaseSummary[]; total: number }> {
  return todo();
}
export async function getCase(_ctx: Ctx, _id: string): Promise<CaseDetail> {
  return todo();
}
export async function appraisalForm(_ctx: Ctx, _id: string): Promise<AppraisalForm> {
  return todo();
}
