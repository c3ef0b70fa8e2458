import type { FastifyInstance } from 'fastify';

/** Org tree, people and roles: routes are added by the org module's handlers. */
export async function orgRoutes(_app: FastifyInstance) {}
