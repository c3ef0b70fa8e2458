import type { FastifyInstance } from 'fastify';
import { callbackRoutes } from './callbacks/routes.js';
import { complaintRoutes } from './complaints/routes.js';
import { catalogRoutes } from './customers/catalog/routes.js';
import { importRoutes } from './customers/import/routes.js';
import { customerRoutes } from './customers/routes.js';
import { unitRoutes } from './customers/units/routes.js';
import { portalRoutes } from './intake/portal-routes.js';
import { intakeRoutes } from './intake/routes.js';
import { collectionRoutes } from './money/collection/routes.js';
import { moneyRoutes } from './money/routes.js';
import { statementRoutes } from './money/statements/routes.js';
import { orgRoutes } from './org/routes.js';
import { partReturnRoutes } from './parts/returns/routes.js';
import { partsRoutes } from './parts/routes.js';
import { partRequestRoutes } from './parts/requests/routes.js';
import { partStocktakeRoutes } from './parts/stocktakes/routes.js';
import { slaRoutes } from './sla/routes.js';
import { warrantyRoutes } from './warranty/routes.js';
import { workOrderRoutes } from './work-orders/routes.js';
import { auditRoutes } from './system/audit-routes.js';
import { settingsRoutes } from './system/settings-routes.js';
import { setupRoutes } from './system/setup-routes.js';

/** Every module's routes, registered in dependency order. */
export async function registerModules(app: FastifyInstance): Promise<void> {
  await app.register(setupRoutes);
  await app.register(orgRoutes);
  await app.register(customerRoutes);
  await app.register(catalogRoutes);
  await app.register(unitRoutes);
  await app.register(importRoutes);
  await app.register(intakeRoutes);
  await app.register(portalRoutes);
  await app.register(slaRoutes);
  await app.register(warrantyRoutes);
  await app.register(workOrderRoutes);
  await app.register(partsRoutes);
  await app.register(partReturnRoutes);
  await app.register(partRequestRoutes);
  await app.register(partStocktakeRoutes);
  await app.register(complaintRoutes);
  await app.register(callbackRoutes);
  await app.register(moneyRoutes);
  await app.register(statementRoutes);
  await app.register(collectionRoutes);
  await app.register(settingsRoutes);
  await app.register(auditRoutes);
}
