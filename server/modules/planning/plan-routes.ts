import type { FastifyInstance } from 'fastify';

/** The planning board, its plans (make, move, lock, re-plan, publish), shifts and the technician's route. */
export async function planRoutes(_app: FastifyInstance) {}
