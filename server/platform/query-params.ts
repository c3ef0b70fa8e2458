import type { FastifyInstance, preValidationAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { FIELD_MESSAGES } from '../../shared/errors.js';
import { fill } from '../../shared/i18n.js';
import { AppError } from './errors.js';
import { langOf } from './http.js';

const NONE = { 'zh-CN': '无', en: 'none' } as const;

/**
 * Refuses query parameters a route does not declare. Zod objects drop unknown keys, so
 * `GET /api/units?serial=X` used to answer every unit as if unfiltered: a misspelt or
 * unsupported filter must be a 400 naming it, not a silently wider answer.
 *
 * One hook for every API route: the route's `querystring` schema (a `z.object`, or none: then
 * no parameter is known) lists the names it takes; anything else is `request.unknown_parameter`
 * with one field error per name. Register before the routes (it is an `onRoute` hook).
 */
export function refuseUnknownQueryParameters(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.schema?.hide) return;
    const schema = route.schema?.querystring;
    if (schema !== undefined && !(schema instanceof z.ZodObject)) {
      throw new Error(`${route.method} ${route.url}: a querystring schema must be a z.object`);
    }
    const known = new Set(schema ? Object.keys(schema.shape) : []);
    const check: preValidationAsyncHookHandler = async (req) => {
      const unknown = Object.keys((req.query ?? {}) as object).filter((k) => !known.has(k));
      if (!unknown.length) return;
      const lang = langOf(req);
      const text = FIELD_MESSAGES.unknown_parameter![lang];
      throw new AppError(
        'request.unknown_parameter',
        { names: unknown.join(', '), known: known.size ? [...known].join(', ') : NONE[lang] },
        unknown.map((k) => ({
          path: `querystring.${k}`,
          code: 'unknown_parameter',
          message: `querystring.${k}: ${fill(text)}`,
        })),
      );
    };
    const existing = route.preValidation;
    route.preValidation = existing ? [check, ...(Array.isArray(existing) ? existing : [existing])] : [check];
  });
}
