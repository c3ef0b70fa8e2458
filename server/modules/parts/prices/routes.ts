import type { FastifyInstance } from 'fastify';
import { ctxOf, typed } from '../../../platform/http.js';
import { PartParams } from '../contract.js';
import { setPartPrice } from './commands.js';
import { CostsQuery, MonthCosts, OrderCosts, OrderParams, PartPrice, PriceHistory, PriceSet } from './contract.js';
import { monthCosts, orderCosts, partPriceHistory } from './queries.js';

const tags = ['parts'];

/** Part prices and parts cost (docs/parts.md, "Prices and consumption"). */
export async function partPricesRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.get(
    '/api/parts/:partId/prices',
    {
      schema: {
        tags,
        summary: "A part's prices, newest effective day first, and the one in force today (parts.read)",
        params: PartParams,
        response: { 200: PriceHistory },
      },
    },
    async (req) => partPriceHistory(ctxOf(req), req.params.partId),
  );
  r.put(
    '/api/parts/:partId/prices',
    {
      schema: {
        tags,
        summary: 'A new cost and sale price of a part from a business day on; history is kept (parts.manage)',
        params: PartParams,
        body: PriceSet,
        response: { 200: PartPrice },
      },
    },
    async (req) => setPartPrice(ctxOf(req, 'parts.manage'), req.params.partId, req.body),
  );
  r.get(
    '/api/parts/costs',
    {
      schema: {
        tags,
        summary: "A month's parts cost per unit, read off the ledger's consume movements (parts.read)",
        querystring: CostsQuery,
        response: { 200: MonthCosts },
      },
    },
    async (req) => monthCosts(ctxOf(req), req.query),
  );
  r.get(
    '/api/parts/costs/orders/:orderId',
    {
      schema: {
        tags,
        summary: "An order's parts consumed with their cost, and those no depot held (parts.read)",
        params: OrderParams,
        response: { 200: OrderCosts },
      },
    },
    async (req) => orderCosts(ctxOf(req), req.params.orderId),
  );
}
