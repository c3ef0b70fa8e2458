import type { FastifyInstance } from 'fastify';
import { ctxOf, typed } from '../../platform/http.js';
import {
  IdParams,
  PoolClaimResult,
  PoolOffer,
  PoolPage,
  PoolPublish,
  PoolPublishResult,
  PoolQuery,
  PublishBody,
} from './contract.js';
import { claimOffer, publishToPool, withdrawOffer } from './pool-commands.js';
import { listPool } from './pool-queries.js';

const tags = ['planning'];

/** The order pool (工单池, docs/planning-pool.md): publish, list, claim (first claim wins), withdraw. */
export async function poolRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.post(
    '/api/planning/pool',
    {
      schema: {
        tags,
        summary:
          'Publish accepted orders of an outlet to its order pool; the outlet’s region must use the pool (orders.dispatch)',
        body: PoolPublish,
        response: { 201: PoolPublishResult },
      },
    },
    async (req, reply) => reply.code(201).send(await publishToPool(ctxOf(req, 'orders.dispatch'), req.body)),
  );
  r.get(
    '/api/planning/pool',
    {
      schema: {
        tags,
        summary:
          'The pool’s offers: a dispatcher’s in scope; a technician’s, the open offers of their outlet with whether they may claim (orders.dispatch or orders.execute)',
        querystring: PoolQuery,
        response: { 200: PoolPage },
      },
    },
    async (req) => listPool(ctxOf(req), req.query),
  );
  r.post(
    '/api/planning/pool/:id/claim',
    {
      schema: {
        tags,
        summary:
          'Claim an open offer: the first claim wins and the order is assigned to the claimer; others get 409 planning.pool_taken (orders.execute, certified)',
        params: IdParams,
        response: { 200: PoolClaimResult },
      },
    },
    async (req) => claimOffer(ctxOf(req, 'orders.execute'), req.params.id),
  );
  r.post(
    '/api/planning/pool/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Take an open offer back out of the pool (orders.dispatch)',
        params: IdParams,
        body: PublishBody,
        response: { 200: PoolOffer },
      },
    },
    async (req) => withdrawOffer(ctxOf(req, 'orders.dispatch'), req.params.id, req.body),
  );
}
