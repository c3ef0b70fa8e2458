import { existsSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppConfig } from './config.js';
import type { Database } from './db/client.js';
import { registerModules } from './modules/index.js';
import { WEB_DIST_DIR } from './paths.js';
import { registerAuthHook } from './platform/auth/hook.js';
import { attachCacheBus } from './platform/cache/index.js';
import { authRoutes } from './platform/auth/routes.js';
import { clientError, frameworkError, registerErrorHandling } from './platform/error-handler.js';
import { healthRoutes } from './platform/health.js';
import { registerInputGuards } from './platform/input.js';
import { refuseUnknownQueryParameters } from './platform/query-params.js';
import { inboxRoutes } from './platform/notify/index.js';
import { cachedSetting } from './platform/config/cached.js';
import { tileOrigin } from './platform/tile-origin.js';
import { VERSION } from './version.js';

export interface AppDeps {
  database: Database;
  config: Pick<AppConfig, 'secureCookies' | 'bodyLimit' | 'logLevel'> & Partial<Pick<AppConfig, 'trustProxy'>>;
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

/**
 * One line per request at debug instead of Fastify's two at info: a person watching `npm start`
 * sees start-up, warnings and errors; LOG_LEVEL=debug brings the request lines back. Failed
 * requests still log as errors.
 */
class QuietRequestLog extends LogController {
  override incomingRequest(): void {}

  override routeNotFound(request: FastifyRequest): void {
    request.log.debug({ method: request.method, url: request.url }, 'route not found');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.debug(line, 'request');
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // JSON lines for log collectors; readable lines for a person at a terminal.
    logger:
      deps.logger === false
        ? false
        : process.stdout.isTTY
          ? {
              level: deps.config.logLevel,
              transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } },
            }
          : { level: deps.config.logLevel },
    logController: new QuietRequestLog(),
    bodyLimit: deps.config.bodyLimit,
    genReqId: () => crypto.randomUUID(),
    // Forwarded headers only from the configured proxies (SANBAO_TRUST_PROXY), never by default:
    // req.ip is what the sign-in and portal limits count under.
    trustProxy: deps.config.trustProxy?.length ? deps.config.trustProxy : false,
    // Refusals before routing (a URL that does not decode, an over-long path parameter) and by
    // the HTTP parser (431 headers, 408) get the one problem+json shape too.
    frameworkErrors: frameworkError,
    clientErrorHandler: clientError,
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
  registerInputGuards(app);
  refuseUnknownQueryParameters(app);

  await app.register(fastifyHelmet, securityHeaders(deps.config.secureCookies));
  // The planning board's map loads tiles from the server the company configured (planning.mapTiles):
  // the page may show images from that origin too.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp !== 'string') return payload;
    const origin = await cachedSetting(deps.database.db, 'planning.mapTiles').then(
      (t) => tileOrigin(t.url),
      () => null, // settings unreadable: the page keeps the strict policy
    );
    if (origin) reply.header('content-security-policy', csp.replace(/img-src ([^;]*)/, `img-src $1 ${origin}`));
    return payload;
  });
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
        reply.header(
          'cache-control',
          /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  return app;
}

/**
 * Security headers on every response (@fastify/helmet): a content security policy that lets the
 * built UI (and the API docs) load only from this origin, no framing by other sites
 * (frame-ancestors and X-Frame-Options), nosniff, and a referrer policy that keeps order and
 * customer URLs inside the site. antd writes its CSS-in-JS into <style> elements and style
 * attributes, hence 'unsafe-inline' for styles only; scripts stay 'self'. Photo previews are
 * blob: URLs, the signature and icons data: URLs. HTTPS-only rules (HSTS, upgrading requests)
 * are sent only when the site is served over HTTPS (secure cookies on), since a plain-HTTP
 * installation on a LAN would otherwise lock itself out.
 */
function securityHeaders(https: boolean) {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'same-origin' as const },
    strictTransportSecurity: https ? { maxAge: 15552000, includeSubDomains: false } : false,
  };
}
