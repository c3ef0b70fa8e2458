import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerModules } from '../modules/index.js';

/**
 * The modules provide their ports to the modules below them (a completion's effects, a unit's
 * service history, the orders a reader serves…) where their routes are registered. Setup from the
 * command line runs without the HTTP server, so before the demo runs commands that cross modules
 * it registers the routes on a bare instance, as scripts/web-routes.ts does: nothing listens and the
 * instance is never made ready; only the wiring stays. In a running server this repeats what is
 * already provided, under the same names.
 */
export async function wireModules(): Promise<void> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await registerModules(app);
}
