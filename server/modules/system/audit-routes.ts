import type { FastifyInstance } from 'fastify';
import { AuditPage, AuditQuery } from '../../platform/events/contract.js';
import { ctxOf, typed } from '../../platform/http.js';
import { listAuditEvents } from './audit.js';

export async function auditRoutes(app: FastifyInstance) {
  typed(app).get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log, newest first (keyset paging with `before`)',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (req) => listAuditEvents(ctxOf(req, 'audit.read'), req.query),
  );
}
