import type { FastifyInstance } from 'fastify';

export async function unitRoutes(_app: FastifyInstance) {}
