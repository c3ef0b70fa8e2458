import type { Ctx } from '../../../platform/context.js';
import type { Quote, QuoteAgree, QuoteCreate, QuoteRefuse } from './contract.js';

export async function proposeQuote(_ctx: Ctx, _orderId: string, _body: QuoteCreate): Promise<Quote> {
  throw new Error('not yet');
}
export async function agreeQuote(_ctx: Ctx, _id: string, _body: QuoteAgree): Promise<Quote> {
  throw new Error('not yet');
}
export async function refuseQuote(_ctx: Ctx, _id: string, _body: QuoteRefuse): Promise<Quote> {
  throw new Error('not yet');
}
