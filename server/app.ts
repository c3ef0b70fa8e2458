import { existsSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppConfig } from './config.js';
import type { Database } from './db/client.js';
import { registerModules } from './modules/index.js';
import { WEB_DIST_DIR } from './paths.js';
import { registerAuthHook } from './platform/auth/hook.js';
import { attachCacheBus } from './platform/cache/index.js';
import { authRoutes } from './platform/auth/routes.js';
import { registerErrorHandling } from './platform/error-handler.js';
import { healthRoutes } from './platform/health.js';
import { refuseUnknownQueryParameters } from './platform/query-params.js';
import { inboxRoutes } from './platform/notify/index.js';
import { VERSION } from './version.js';

export interface AppDeps {
  database: Database;
  config: Pick<AppConfig, 'secureCookies' | 'bodyLimit' | 'logLevel'>;
  /** Replaced in tests to move time; defaults to the wall clock. */
  clock?: () => Date;
  logger?: boolean;
  /** Serve the built web UI from dist/web when present (off in API tests). */
  serveWeb?: boolean;
  /** Where the built web UI is; dist/web by default. */
  webDir?: string;
  /** The data folder (portal uploads live in it); default SANBAO_DATA_DIR or ./data. */
  dataDir?: string;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // JSON lines for log collectors; readable lines for a person at a terminal.
    logger:
      deps.logger === false
        ? false
        : process.stdout.isTTY
          ? { level: deps.config.logLevel, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } }
          : { level: deps.config.logLevel },
    bodyLimit: deps.config.bodyLimit,
    genReqId: () => crypto.randomUUID(),
    trustProxy: true,
  });
  app.decorate('database', deps.database);
  app.decorate('clock', deps.clock ?? (() => new Date()));
  app.decorate('secureCookies', deps.config.secureCookies);
  if (deps.dataDir) app.decorate('dataDir', deps.dataDir);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Only JSON bodies are accepted; anything else is a 415 in the one error shape.
  app.removeContentTypeParser('text/plain');
  const webDir = deps.webDir ?? WEB_DIST_DIR;
  const serveWeb = deps.serveWeb !== false && existsSync(webDir);
  registerErrorHandling(app, { spaFallback: serveWeb });
  refuseUnknownQueryParameters(app);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Sanbao API', description: '三包售后服务管理系统 API', version: VERSION },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sanbao_sid' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerAuthHook(app);
  attachCacheBus(app);
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(inboxRoutes);
  await registerModules(app);

  if (serveWeb) {
    // wildcard: files are looked up per request, so a rebuilt UI is served without a restart.
    // Hashed assets never change under their name; index.html must always be revalidated.
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: true,
      index: 'index.html',
      setHeaders: (reply, path) => {
        reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  return app;
}
