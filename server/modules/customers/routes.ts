import type { FastifyInstance } from 'fastify';

export async function customerRoutes(_app: FastifyInstance) {}
