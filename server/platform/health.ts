import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { appliedMigrationCount, knownMigrations } from '../db/migrate.js';
import { VERSION } from '../version.js';
import { typed } from './http.js';

const Health = z.object({
  status: z.enum(['ok', 'unavailable']),
  db: z.enum(['pglite', 'postgres']),
  version: z.string(),
  migrations: z.object({ applied: z.number().int(), known: z.number().int() }),
});

/** Liveness and readiness in one: 503 (never a crash) while the database cannot be reached. */
export async function healthRoutes(app: FastifyInstance) {
  typed(app).get(
    '/api/health',
    { schema: { tags: ['system'], summary: 'Health', response: { 200: Health, 503: Health } } },
    async (_req, reply) => {
      const known = knownMigrations().length;
      try {
        await app.database.ping();
        const applied = await appliedMigrationCount(app.database);
        return { status: 'ok' as const, db: app.database.kind, version: VERSION, migrations: { applied, known } };
      } catch {
        return reply.status(503).send({
          status: 'unavailable' as const,
          db: app.database.kind,
          version: VERSION,
          migrations: { applied: 0, known },
        });
      }
    },
  );
}
