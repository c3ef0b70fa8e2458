import type { Ctx } from '../../../platform/context.js';
import type { Collection, InvoiceRequestQuery, OrderMoney, Reconciliation, ReconciliationQuery } from './contract.js';
import type { InvoiceRequest } from './contract.js';

export async function orderMoney(_ctx: Ctx, _orderId: string): Promise<OrderMoney> {
  throw new Error('not yet');
}
export async function getCollection(_ctx: Ctx, _id: string): Promise<Collection> {
  throw new Error('not yet');
}
export async function listInvoiceRequests(
  _ctx: Ctx,
  _q: InvoiceRequestQuery,
): Promise<{ items: InvoiceRequest[]; total: number; page: number; pageSize: number }> {
  throw new Error('not yet');
}
export async function cashReconciliation(_ctx: Ctx, _q: ReconciliationQuery): Promise<Reconciliation> {
  throw new Error('not yet');
}
