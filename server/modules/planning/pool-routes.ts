import type { FastifyInstance } from 'fastify';

/** The order pool (工单池): publish, list, claim (first claim wins), withdraw. */
export async function poolRoutes(_app: FastifyInstance) {}
