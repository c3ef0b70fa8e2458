import type { Ctx } from '../../platform/context.js';
import type { Certification, CertificationQuery, OrderDetail, OrderListQuery, OrderSummary, RegisterEntry, RegisterQuery } from './contract.js';
type P<T> = { items: T[]; total: number; page: number; pageSize: number };
export async function getOrder(_ctx: Ctx, _id: string): Promise<OrderDetail> {
  throw new Error('not implemented');
}
export async function listOrders(_ctx: Ctx, _q: OrderListQuery): Promise<P<OrderSummary>> {
  throw new Error('not implemented');
}
export async function listRegister(_ctx: Ctx, _q: RegisterQuery): Promise<P<RegisterEntry>> {
  throw new Error('not implemented');
}
export async function listCertifications(_ctx: Ctx, _q: CertificationQuery): Promise<P<Certification>> {
  throw new Error('not implemented');
}
export async function getCertification(_ctx: Ctx, _id: string): Promise<Certification> {
  throw new Error('not implemented');
}
