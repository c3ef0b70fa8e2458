import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERRORS, type ErrorCode, errorMessage, FIELD_MESSAGES, type FieldError } from '../../shared/errors.js';
import { DEFAULT_LANG, fill, type Lang } from '../../shared/i18n.js';
import { AppError, toProblem } from './errors.js';
import { langOf } from './http.js';

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

/** A URL as problems quote it: a few hundred characters at most, so a 414 does not echo what it refused. */
function clip(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

/**
 * The message of one failing field: an error code's own text, else the schema issue's text
 * (FIELD_MESSAGES, keyed by zod issue code) after the field's path.
 */
function fieldMessage(path: string, code: string, params: Record<string, unknown>, lang: Lang): string {
  if (code in ERRORS) return errorMessage(code as ErrorCode, lang, params);
  const text = FIELD_MESSAGES[code] ?? FIELD_MESSAGES.custom!;
  return `${path}: ${fill(text[lang], params)}`;
}

function send(
  reply: FastifyReply,
  req: FastifyRequest,
  code: ErrorCode,
  params: Record<string, unknown>,
  errors?: FieldError[],
) {
  const lang = langOf(req);
  const problem = toProblem(code, lang, params, { instance: clip(req.url), requestId: req.id, errors });
  // RFC 9110 §10.2.3: a refusal that knows when to come back says so to any client.
  if (typeof params.retryAfterSeconds === 'number') reply.header('retry-after', String(params.retryAfterSeconds));
  return reply.status(problem.status).type(PROBLEM_JSON).send(problem);
}

/** PostgreSQL unique violations become 409 naming the constraint, never a 500. */
function pgUnique(err: unknown): { field: string; value: string } | null {
  const e = err as { code?: string; constraint?: string; detail?: string; cause?: unknown };
  const src =
    e?.code === '23505' ? e : (e?.cause as typeof e | undefined)?.code === '23505' ? (e.cause as typeof e) : null;
  if (!src) return null;
  const m = /\((.+?)\)=\((.+?)\)/.exec(src.detail ?? '');
  return { field: m?.[1] ?? src.constraint ?? 'value', value: m?.[2] ?? '' };
}

function isDbDown(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code;
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001'].includes(code ?? '');
}

/**
 * Every pooled connection stayed busy for the pool's whole wait (pg-pool's connection timeout; it
 * carries no code): the request is refused as busy, to be retried, and nothing was written — it
 * never got a connection.
 */
function isPoolBusy(err: unknown): boolean {
  const e = err as { message?: string; cause?: { message?: string } };
  const pattern = /^timeout exceeded when trying to connect$/;
  return pattern.test(e?.message ?? '') || pattern.test(e?.cause?.message ?? '');
}

/**
 * One error shape for every failure: RFC 9457 problem+json with a stable code, a message in the
 * user's language, and the field paths for validation. No stack traces leave the server.
 */
export function registerErrorHandling(app: FastifyInstance, opts: { spaFallback: boolean }): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const lang = langOf(req);
    if (err instanceof AppError) {
      // Field paths name where the value came from, like schema errors do: body.admin.password.
      const errors = err.fieldErrors?.map((f) => {
        const path = /^(body|querystring|params|headers)\./.test(f.path) ? f.path : `body.${f.path}`;
        return { ...f, path, message: f.message || fieldMessage(path, f.code, err.params, lang) };
      });
      return send(reply, req, err.code, err.params, errors);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = (err as { validationContext?: string }).validationContext ?? 'body';
      const errors: FieldError[] = err.validation.map((v) => {
        // The provider spreads the zod issue's own fields (minimum, maximum, expected, keys…) into
        // `params`; older versions nested them under `issue`. Either way they fill the message.
        const params = (v.params ?? {}) as Record<string, unknown> & { issue?: Record<string, unknown> };
        const issue = params.issue ?? params;
        const code = String(issue.code ?? v.keyword ?? 'custom');
        const missing = code === 'invalid_type' && /received undefined/.test(String(v.message));
        const key = missing ? 'required' : code;
        const path = [where, ...v.instancePath.split('/').filter(Boolean)].join('.');
        const p = { ...issue, keys: Array.isArray(issue.keys) ? issue.keys.join(', ') : issue.keys };
        return { path, code: key, message: fieldMessage(path, key, p, lang) };
      });
      return send(reply, req, 'validation.failed', {}, errors);
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      return send(reply, req, 'internal', { requestId: req.id });
    }
    const unique = pgUnique(err);
    if (unique) return send(reply, req, 'entity.duplicate', unique);
    if (isDbDown(err)) return send(reply, req, 'db.unavailable', {});
    if (isPoolBusy(err)) return send(reply, req, 'db.busy', { retryAfterSeconds: 1 });
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, req, 'request.too_large', {});
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, req, 'request.unsupported_media_type', { type: req.headers['content-type'] ?? '' });
      case 'FST_STATIC_FORBIDDEN_PATH':
        // A path the static files refuse (a '..' segment, NUL, an over-long name): there is no such page.
        return send(reply, req, 'route.not_found', { method: req.method, url: clip(req.url) });
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(reply, req, 'request.malformed', { reason: err.message });
    }
    if (err.statusCode === 400 && err.message) return send(reply, req, 'request.malformed', { reason: err.message });
    if (err.statusCode === 413) return send(reply, req, 'request.too_large', {});
    // A static file asked for with a Range past its end.
    if (err.statusCode === 416) return send(reply, req, 'request.range_not_satisfiable', {});
    if (err.statusCode === 404) return send(reply, req, 'route.not_found', { method: req.method, url: clip(req.url) });
    if (err.statusCode === 415 || err.statusCode === 406)
      return send(reply, req, 'request.unsupported_media_type', { type: req.headers['content-type'] ?? '' });
    // Any other client error a plugin raises stays a client error: a 400 in the one shape, never a 500.
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      req.log.warn({ err }, 'client error without its own code');
      return send(reply, req, 'request.malformed', { reason: err.message || err.code || String(err.statusCode) });
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, req, 'internal', { requestId: req.id });
  });

  app.setNotFoundHandler((req, reply) => {
    // The web app routes on the client: unknown non-API GETs get its index.html.
    // A missing hashed asset is a real 404 (an old page after a deploy), not the app's index.
    if (opts.spaFallback && req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/assets/')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return send(reply, req, 'route.not_found', { method: req.method, url: clip(req.url) });
  });
}

/**
 * Fastify's own refusals before any route runs (`frameworkErrors`): a URL that does not decode
 * and a path parameter over the router's length limit. Same shape as every other error.
 */
export function frameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return send(reply, req, 'request.uri_too_long', {});
  if (err.code === 'FST_ERR_BAD_URL')
    return send(reply, req, 'request.malformed', { reason: 'invalid percent-encoding in the URL' });
  req.log.error({ err }, 'unhandled framework error');
  return send(reply, req, 'internal', { requestId: req.id });
}

/**
 * Errors of the HTTP parser, before there is a request (`clientErrorHandler`): headers over
 * the size limit (431), a request that took too long (408), anything unparsable (400). Written
 * to the socket as problem+json, in the default language since no header could be read.
 */
export function clientError(err: NodeJS.ErrnoException & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, params]: [ErrorCode, Record<string, unknown>] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? ['request.headers_too_large', {}]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['request.timeout', {}]
        : ['request.malformed', { reason: 'not a valid HTTP request' }];
  const problem = toProblem(code, DEFAULT_LANG, params);
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: ${PROBLEM_JSON}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
