import type { Ctx } from '../../../platform/context.js';
import type { InvoiceIssue, InvoiceRequest, InvoiceRequestCreate } from './contract.js';

export async function requestInvoice(
  _ctx: Ctx,
  _orderId: string,
  _body: InvoiceRequestCreate,
): Promise<InvoiceRequest> {
  throw new Error('not yet');
}
export async function issueInvoice(_ctx: Ctx, _id: string, _body: InvoiceIssue): Promise<InvoiceRequest> {
  throw new Error('not yet');
}
