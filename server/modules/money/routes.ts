import type { FastifyInstance } from 'fastify';
import { ctxOf, typed } from '../../platform/http.js';
import { List } from '../../platform/lists/contract.js';
import { changeFeeRule, createFeeRule, endFeeRule } from './commands.js';
import {
  FeeRuleChange,
  FeeRuleChanged,
  FeeRuleCreate,
  FeeRuleEnd,
  FeeRuleParams,
  FeeRuleQuery,
  QuotePreview,
  QuotePreviewResult,
  StoredFeeRule,
} from './contract.js';
import { previewQuote } from './preview.js';
import { listFeeRules } from './queries.js';

const tags = ['money'];

/** The stored fee schedules and the "try it" preview (docs/money.md, "Stored schedules"). */
export async function moneyRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.get(
    '/api/fee-rules',
    {
      schema: {
        tags,
        summary: 'Fee rules by schedule, item, product line, in force on a day, ended (orders.read or money.fees)',
        querystring: FeeRuleQuery,
        response: { 200: List(StoredFeeRule) },
      },
    },
    async (req) => listFeeRules(ctxOf(req), req.query),
  );
  r.post(
    '/api/fee-rules',
    {
      schema: {
        tags,
        summary: 'Add a fee rule from a day on (money.fees)',
        body: FeeRuleCreate,
        response: { 201: StoredFeeRule },
      },
    },
    async (req, reply) => reply.status(201).send(await createFeeRule(ctxOf(req, 'money.fees'), req.body)),
  );
  r.post(
    '/api/fee-rules/:id/change',
    {
      schema: {
        tags,
        summary:
          'Change a fee rule: it ends (by default the day before the new one) and the new one is added (money.fees)',
        params: FeeRuleParams,
        body: FeeRuleChange,
        response: { 200: FeeRuleChanged },
      },
    },
    async (req) => changeFeeRule(ctxOf(req, 'money.fees'), req.params.id, req.body),
  );
  r.post(
    '/api/fee-rules/:id/end',
    {
      schema: {
        tags,
        summary: 'End (remove) a fee rule: its last day in force (money.fees)',
        params: FeeRuleParams,
        body: FeeRuleEnd,
        response: { 200: StoredFeeRule },
      },
    },
    async (req) => endFeeRule(ctxOf(req, 'money.fees'), req.params.id, req.body),
  );
  r.post(
    '/api/fee-rules/quote-preview',
    {
      schema: {
        tags,
        summary:
          "Try the schedules: an order's facts priced by the rules in force on a day (orders.read or money.fees)",
        body: QuotePreview,
        response: { 200: QuotePreviewResult },
      },
    },
    async (req) => previewQuote(ctxOf(req), req.body),
  );
}
