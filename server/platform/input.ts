import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.js';

/**
 * Text with the NUL character (U+0000) is refused before it reaches a schema or a query:
 * PostgreSQL cannot store it in `text` or `jsonb` ("invalid byte sequence for encoding UTF8:
 * 0x00"), so it would otherwise end as a 500 deep inside a command. One rule for every route and
 * every field, stated here rather than per field schema; the 400 names the field like schema
 * errors do (`body.customer.name`, `querystring.q`, `params.id`).
 */
const NUL = '\u0000';

/** Printable form of a key that itself carries NUL, so the path stays readable. */
function keyOf(key: string): string {
  return key.replaceAll(NUL, '\\u0000');
}

/** The dot path of the first string (value or object key) holding NUL, or null. */
export function nulBytePath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  if (Buffer.isBuffer(value)) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulBytePath(value[i], `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes(NUL)) return `${path}.${keyOf(key)}`;
    const found = nulBytePath(inner, `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

/** Throws the 400 naming the field when `value` (under `path`) holds NUL anywhere. */
export function assertNoNulBytes(value: unknown, path: string): void {
  const found = nulBytePath(value, path);
  if (found) throw new AppError('validation.failed', {}, [{ path: found, code: 'nul_character', message: '' }]);
}

/**
 * Checks params, query string and JSON body of every request before validation. Multipart
 * forms are read by their handlers (platform/multipart.ts), which apply the same check.
 */
export function registerInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    assertNoNulBytes(req.params, 'params');
    assertNoNulBytes(req.query, 'querystring');
    assertNoNulBytes(req.body, 'body');
  });
}
