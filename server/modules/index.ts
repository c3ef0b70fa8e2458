import type { FastifyInstance } from 'fastify';
import { orgRoutes } from './org/routes.js';
import { settingsRoutes } from './system/settings-routes.js';
import { auditRoutes } from './system/audit-routes.js';
import { setupRoutes } from './system/setup-routes.js';

/** Every module's routes, registered in dependency order. */
export async function registerModules(app: FastifyInstance): Promise<void> {
  await app.register(setupRoutes);
  await app.register(orgRoutes);
  await app.register(settingsRoutes);
  await app.register(auditRoutes);
}
