import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { type ErrorCode, errorMessage, FIELD_MESSAGES, type FieldError } from '../../shared/errors.js';
import { fill } from '../../shared/i18n.js';
import { AppError, toProblem } from './errors.js';
import { langOf } from './http.js';

function send(
  reply: FastifyReply,
  req: FastifyRequest,
  code: ErrorCode,
  params: Record<string, unknown>,
  errors?: FieldError[],
) {
  const lang = langOf(req);
  const problem = toProblem(code, lang, params, { instance: req.url.split('?')[0], requestId: req.id, errors });
  // RFC 9110 §10.2.3: a refusal that knows when to come back says so to any client.
  if (typeof params.retryAfterSeconds === 'number') reply.header('retry-after', String(params.retryAfterSeconds));
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send(problem);
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
 * One error shape for every failure: RFC 9457 problem+json with a stable code, a message in the
 * user's language, and the field paths for validation. No stack traces leave the server.
 */
export function registerErrorHandling(app: FastifyInstance, opts: { spaFallback: boolean }): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const lang = langOf(req);
    if (err instanceof AppError) {
      // Field paths name where the value came from, like schema errors do: body.admin.password.
      const errors = err.fieldErrors?.map((f) => ({
        ...f,
        path: /^(body|querystring|params|headers)\./.test(f.path) ? f.path : `body.${f.path}`,
        message: f.message || errorMessage(f.code as ErrorCode, lang, err.params),
      }));
      return send(reply, req, err.code, err.params, errors);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = (err as { validationContext?: string }).validationContext ?? 'body';
      const errors: FieldError[] = err.validation.map((v) => {
        const params = (v.params ?? {}) as { issue?: Record<string, unknown> };
        const issue = params.issue ?? {};
        const code = String(issue.code ?? v.keyword ?? 'custom');
        const missing = code === 'invalid_type' && /received undefined/.test(String(v.message));
        const key = missing ? 'required' : code;
        const path = [where, ...v.instancePath.split('/').filter(Boolean)].join('.');
        const text = FIELD_MESSAGES[key] ?? FIELD_MESSAGES.custom!;
        const p = { ...issue, keys: Array.isArray(issue.keys) ? issue.keys.join(', ') : issue.keys };
        return { path, code: key, message: `${path}: ${fill(text[lang], p)}` };
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
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, req, 'request.too_large', {});
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, req, 'request.unsupported_media_type', { type: req.headers['content-type'] ?? '' });
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(reply, req, 'request.malformed', { reason: err.message });
    }
    if (err.statusCode === 400 && err.message) return send(reply, req, 'request.malformed', { reason: err.message });
    if (err.statusCode === 413) return send(reply, req, 'request.too_large', {});
    if (err.statusCode === 415)
      return send(reply, req, 'request.unsupported_media_type', { type: req.headers['content-type'] ?? '' });
    req.log.error({ err }, 'unhandled error');
    return send(reply, req, 'internal', { requestId: req.id });
  });

  app.setNotFoundHandler((req, reply) => {
    // The web app routes on the client: unknown non-API GETs get its index.html.
    // A missing hashed asset is a real 404 (an old page after a deploy), not the app's index.
    if (opts.spaFallback && req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/assets/')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return send(reply, req, 'route.not_found', { method: req.method, url: req.url.split('?')[0] });
  });
}
