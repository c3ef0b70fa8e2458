import type { FastifyInstance } from 'fastify';
import { planRoutes } from './plan-routes.js';
import { poolRoutes } from './pool-routes.js';

/** Day planning (docs/planning.md): the board and its plans, shifts, the technician's route, the order pool. */
export async function planningRoutes(app: FastifyInstance) {
  await planRoutes(app);
  await poolRoutes(app);
}
