import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SetupBody, SetupStatus } from '../../platform/config/contract.js';
import { systemCtx } from '../../platform/context.js';
import { typed } from '../../platform/http.js';
import { runSetup, setupStatus } from './setup.js';

const tags = ['setup'];

/** The first-start wizard's API: open to anyone while no HQ exists, refused (409) afterwards. */
export async function setupRoutes(app: FastifyInstance) {
  const r = typed(app);
  r.get(
    '/api/setup',
    { schema: { tags, summary: 'Whether Sanbao still needs its first setup', response: { 200: SetupStatus } } },
    async () => setupStatus(app.database.db),
  );
  r.post(
    '/api/setup',
    {
      schema: {
        tags,
        summary: 'First setup: company, time zone, first administrator, optional demo data',
        body: SetupBody,
        response: { 201: z.object({ ok: z.literal(true), adminId: z.string(), hqId: z.string() }) },
      },
    },
    async (req, reply) => {
      const ctx = systemCtx(app.database.db, { name: 'setup', now: app.clock(), log: req.log });
      const result = await runSetup({ ...ctx, requestId: req.id }, req.body);
      return reply.status(201).send({ ok: true as const, ...result });
    },
  );
}
