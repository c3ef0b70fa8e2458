import type { Ctx } from '../../../platform/context.js';
import type { CertificationCreate, CertificationPatch } from '../contract.js';
export async function createCertification(_ctx: Ctx, _input: CertificationCreate): Promise<string> {
  throw new Error('not implemented');
}
export async function updateCertification(_ctx: Ctx, _id: string, _input: CertificationPatch): Promise<void> {
  throw new Error('not implemented');
}
export async function deleteCertification(_ctx: Ctx, _id: string, _version: number): Promise<void> {
  throw new Error('not implemented');
}
