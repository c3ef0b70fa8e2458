import type { FastifyInstance } from 'fastify';
import { ctxOf, typed } from '../../../platform/http.js';
import { appraiseBatch, appraiseObligation } from './commands/appraise.js';
import { receiveBatch } from './commands/receive.js';
import { shipBatch } from './commands/ship.js';
import {
  AppraiseBody,
  BatchDetail,
  BatchListQuery,
  BatchPage,
  IdParams,
  ObligationListQuery,
  ObligationPage,
  ReceiveBody,
  ReturnNote,
  ReturnObligation,
  ShipBody,
} from './contract.js';
import { getBatch, getObligation, listBatches, listObligations, returnNote } from './queries.js';

const tags = ['part-returns'];

/** Old-part returns (旧件返还): obligations, batches, receipt and appraisal (docs/parts-returns.md). */
export async function partReturnRoutes(app: FastifyInstance) {
  // A warranty completion creates the obligations, in the completing transaction: provided with the
  // stock consumption by the parts routes (completion-effects.ts).
  const r = typed(app);

  r.get(
    '/api/part-returns/obligations',
    {
      schema: {
        tags,
        summary:
          'Old parts to return: due, overdue, shipped, received or appraised, by outlet or technician (orders.read)',
        querystring: ObligationListQuery,
        response: { 200: ObligationPage },
      },
    },
    async (req) => listObligations(ctxOf(req, 'orders.read'), req.query),
  );
  r.get(
    '/api/part-returns/obligations/:id',
    {
      schema: {
        tags,
        summary: 'One old-part return (orders.read)',
        params: IdParams,
        response: { 200: ReturnObligation },
      },
    },
    async (req) => getObligation(ctxOf(req, 'orders.read'), req.params.id),
  );
  r.post(
    '/api/part-returns/obligations/:id/appraise',
    {
      schema: {
        tags,
        summary: 'Appraise a returned old part; a bad outcome withholds the line (returns.appraise)',
        params: IdParams,
        body: AppraiseBody,
        response: { 200: ReturnObligation },
      },
    },
    async (req) => appraiseObligation(ctxOf(req, 'returns.appraise'), req.params.id, req.body),
  );
  r.get(
    '/api/part-returns/batches',
    {
      schema: {
        tags,
        summary: 'Return batches (orders.read)',
        querystring: BatchListQuery,
        response: { 200: BatchPage },
      },
    },
    async (req) => listBatches(ctxOf(req, 'orders.read'), req.query),
  );
  r.post(
    '/api/part-returns/batches',
    {
      schema: {
        tags,
        summary: 'Ship old parts back in one batch, with carrier and tracking number (returns.ship)',
        body: ShipBody,
        response: { 201: BatchDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await shipBatch(ctxOf(req, 'returns.ship'), req.body)),
  );
  r.get(
    '/api/part-returns/batches/:id',
    {
      schema: {
        tags,
        summary: 'A return batch with its lines (orders.read)',
        params: IdParams,
        response: { 200: BatchDetail },
      },
    },
    async (req) => getBatch(ctxOf(req, 'orders.read'), req.params.id),
  );
  r.get(
    '/api/part-returns/batches/:id/note',
    {
      schema: {
        tags,
        summary: 'The return note of a batch, for printing (orders.read)',
        params: IdParams,
        response: { 200: ReturnNote },
      },
    },
    async (req) => returnNote(ctxOf(req, 'orders.read'), req.params.id),
  );
  r.post(
    '/api/part-returns/batches/:id/appraise',
    {
      schema: {
        tags,
        summary: 'Appraise every line of a batch not appraised yet with one outcome (returns.appraise)',
        params: IdParams,
        body: AppraiseBody,
        response: { 200: BatchDetail },
      },
    },
    async (req) => appraiseBatch(ctxOf(req, 'returns.appraise'), req.params.id, req.body),
  );
  r.post(
    '/api/part-returns/batches/:id/receive',
    {
      schema: {
        tags,
        summary: 'The center receives a return batch (returns.appraise)',
        params: IdParams,
        body: ReceiveBody,
        response: { 200: BatchDetail },
      },
    },
    async (req) => receiveBatch(ctxOf(req, 'returns.appraise'), req.params.id, req.body),
  );
}
