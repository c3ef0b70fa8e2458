import type { FastifyInstance } from 'fastify';
import { ctxOf, typed } from '../../../platform/http.js';
import { provideOrderFee } from '../../callbacks/index.js';
import { correctCollection, recordCollection } from './collect.js';
import {
  Collection,
  CollectionCreate,
  EntryCorrect,
  Handover,
  HandoverCreate,
  HandoverList,
  HandoverQuery,
  IdParams,
  InvoiceIssue,
  InvoiceRequest,
  InvoiceRequestCreate,
  InvoiceRequestList,
  InvoiceRequestQuery,
  OrderMoney,
  Quote,
  QuoteAgree,
  QuoteCreate,
  QuoteRefuse,
  Reconciliation,
  ReconciliationQuery,
} from './contract.js';
import { correctHandover, recordHandover } from './handover.js';
import { issueInvoice, requestInvoice } from './invoice.js';
import { agreeQuote, proposeQuote, refuseQuote } from './quote.js';
import { cashReconciliation, getCollection, listHandovers, listInvoiceRequests, orderMoney } from './queries.js';

const tags = ['money'];

/** Paid work: quote, collection, invoice request, hand-over and reconciliation (docs/money-collection.md). */
export async function collectionRoutes(app: FastifyInstance) {
  const r = typed(app);
  // A callback checks the fee recorded here (collected, else due on the agreed quote); money sits
  // above callbacks in the module order, so it provides the read (callbacks' provideOrderFee).
  provideOrderFee(async (ctx, orderId) => {
    const m = await orderMoney(ctx, orderId);
    return m.collectedFen > 0 ? m.collectedFen : m.dueFen;
  });

  r.post(
    '/api/orders/:id/quote',
    {
      schema: {
        tags,
        summary: 'Quote an out-of-warranty order by the customer schedule in force today (orders.execute)',
        params: IdParams,
        body: QuoteCreate,
        response: { 201: Quote },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await proposeQuote(ctxOf(req, 'orders.execute'), req.params.id, req.body)),
  );
  r.post(
    '/api/order-quotes/:id/agree',
    {
      schema: {
        tags,
        summary: 'The customer agrees to the quote by signature (orders.execute)',
        params: IdParams,
        body: QuoteAgree,
        response: { 200: Quote },
      },
    },
    async (req) => agreeQuote(ctxOf(req, 'orders.execute'), req.params.id, req.body),
  );
  r.post(
    '/api/order-quotes/:id/refuse',
    {
      schema: {
        tags,
        summary: 'The customer refuses the quote: the call-out charge is due (orders.execute)',
        params: IdParams,
        body: QuoteRefuse,
        response: { 200: Quote },
      },
    },
    async (req) => refuseQuote(ctxOf(req, 'orders.execute'), req.params.id, req.body),
  );
  r.get(
    '/api/orders/:id/money',
    {
      schema: {
        tags,
        summary: "An order's money: paid or not, the quote, what is due and collected, the invoice request",
        params: IdParams,
        response: { 200: OrderMoney },
      },
    },
    async (req) => orderMoney(ctxOf(req, 'orders.read'), req.params.id),
  );
  r.post(
    '/api/orders/:id/collections',
    {
      schema: {
        tags,
        summary: 'Record a payment with its receipt (money.collect)',
        params: IdParams,
        body: CollectionCreate,
        response: { 201: Collection },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordCollection(ctxOf(req, 'money.collect'), req.params.id, req.body)),
  );
  r.get(
    '/api/collections/:id',
    {
      schema: { tags, summary: 'A collection: the receipt', params: IdParams, response: { 200: Collection } },
    },
    async (req) => getCollection(ctxOf(req, 'orders.read'), req.params.id),
  );
  r.post(
    '/api/collections/:id/correct',
    {
      schema: {
        tags,
        summary: 'Correct a collection by a new signed entry with its reason (money.collect)',
        params: IdParams,
        body: EntryCorrect,
        response: { 201: Collection },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await correctCollection(ctxOf(req, 'money.collect'), req.params.id, req.body)),
  );
  r.post(
    '/api/orders/:id/invoice-request',
    {
      schema: {
        tags,
        summary: "The customer's invoice request: personal or company title (money.collect)",
        params: IdParams,
        body: InvoiceRequestCreate,
        response: { 201: InvoiceRequest },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await requestInvoice(ctxOf(req, 'money.collect'), req.params.id, req.body)),
  );
  r.get(
    '/api/invoice-requests',
    {
      schema: {
        tags,
        summary: 'Invoice requests, open or issued (money.collect or money.reconcile)',
        querystring: InvoiceRequestQuery,
        response: { 200: InvoiceRequestList },
      },
    },
    async (req) => listInvoiceRequests(ctxOf(req), req.query),
  );
  r.post(
    '/api/invoice-requests/:id/invoice',
    {
      schema: {
        tags,
        summary: 'Finance issues the invoice: its number (money.reconcile)',
        params: IdParams,
        body: InvoiceIssue,
        response: { 200: InvoiceRequest },
      },
    },
    async (req) => issueInvoice(ctxOf(req, 'money.reconcile'), req.params.id, req.body),
  );
  r.post(
    '/api/handovers',
    {
      schema: {
        tags,
        summary: 'A technician hands collected cash to the outlet or HQ finance (money.collect)',
        body: HandoverCreate,
        response: { 201: Handover },
      },
    },
    async (req, reply) => reply.status(201).send(await recordHandover(ctxOf(req, 'money.collect'), req.body)),
  );
  r.post(
    '/api/handovers/:id/correct',
    {
      schema: {
        tags,
        summary: 'Correct a hand-over by a new signed entry with its reason (money.collect)',
        params: IdParams,
        body: EntryCorrect,
        response: { 201: Handover },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await correctHandover(ctxOf(req, 'money.collect'), req.params.id, req.body)),
  );
  r.get(
    '/api/handovers',
    {
      schema: {
        tags,
        summary: 'Hand-overs of a period, with their corrections, newest first (money.reconcile)',
        querystring: HandoverQuery,
        response: { 200: HandoverList },
      },
    },
    async (req) => listHandovers(ctxOf(req, 'money.reconcile'), req.query),
  );
  r.get(
    '/api/cash-reconciliation',
    {
      schema: {
        tags,
        summary: 'Cash collected vs handed over per technician and day, with the open difference (money.reconcile)',
        querystring: ReconciliationQuery,
        response: { 200: Reconciliation },
      },
    },
    async (req) => cashReconciliation(ctxOf(req, 'money.reconcile'), req.query),
  );
}
