import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';
import { assertNoNulBytes } from './input.js';

export interface FormLimits {
  fileSize: number;
  files: number;
  fields: number;
  fieldSize: number;
}

/**
 * What a failure while reading a multipart body means for the caller. The form parser (busboy)
 * reports a garbage or truncated body ("Unexpected end of multipart data", "Boundary not found",
 * "Part terminated early") as plain errors without a code or status; they are the client's
 * fault, so they become 400 `request.malformed` instead of a 500. Errors that carry a status
 * (the 413 limits, the 400 prototype guard) go on to the error handler as they are.
 */
export function multipartError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; statusCode?: number; message?: string };
  if (e?.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')
    return new AppError('request.unsupported_media_type', { type: 'multipart/form-data' });
  if (typeof e?.statusCode === 'number') return err;
  return new AppError('request.malformed', { reason: `multipart/form-data: ${e?.message ?? 'unreadable'}` });
}

/**
 * The parts of a multipart form, in order, for the handlers that take uploads. Field values,
 * field names and file names are held to the NUL rule of every other input (platform/input.ts);
 * parser failures become 400s (multipartError). Reading a file part's bytes can still fail in
 * the handler: it passes such errors through `multipartError` too.
 */
export async function* formParts(req: FastifyRequest, limits: FormLimits): AsyncGenerator<Multipart> {
  try {
    for await (const part of req.parts({ limits }) as AsyncIterableIterator<Multipart>) {
      assertNoNulBytes({ [part.fieldname]: part.type === 'field' ? part.value : part.filename }, 'body');
      yield part;
    }
  } catch (err) {
    throw multipartError(err);
  }
}
