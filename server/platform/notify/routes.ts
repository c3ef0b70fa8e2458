import type { FastifyInstance } from 'fastify';
import { ctxOf, typed } from '../http.js';
import { OutboxPage, OutboxQuery } from './contract.js';
import { listOutbox } from './queries.js';

/** The admin "outbox" page: what was (or in development would have been) sent. */
export async function outboxRoutes(app: FastifyInstance) {
  typed(app).get(
    '/api/outbox',
    {
      schema: {
        tags: ['notify'],
        summary: 'Outgoing messages, newest first, keyset-paged (settings.read)',
        querystring: OutboxQuery,
        response: { 200: OutboxPage },
      },
    },
    async (req) => listOutbox(ctxOf(req, 'settings.read'), req.query),
  );
}
