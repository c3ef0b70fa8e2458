import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Lang, pickLang } from '../../shared/i18n.js';
import type { Permission } from '../../shared/permissions.js';
import type { Database } from '../db/client.js';
import type { Actor } from './access/actor.js';
import { requirePermission } from './access/scope.js';
import type { Ctx } from './context.js';
import { AppError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    database: Database;
    /** The clock; tests replace it to move time. */
    clock: () => Date;
    secureCookies: boolean;
  }
}

export type App = FastifyInstance;
/** The Fastify instance with Zod types on routes; every module's routes take this. */
export function typed(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}

export function langOf(req: FastifyRequest): Lang {
  return req.actor?.lang ?? pickLang(req.headers['accept-language']);
}

/** The command/query context for a signed-in request; refuses anonymous ones and checks a permission. */
export function ctxOf(req: FastifyRequest, permission?: Permission): Ctx {
  if (!req.actor) throw new AppError('auth.required');
  if (permission) requirePermission(req.actor, permission);
  return {
    db: req.server.database.db,
    actor: req.actor,
    now: req.server.clock(),
    lang: langOf(req),
    requestId: req.id,
    log: req.log,
  };
}

/** Optimistic concurrency: the version comes from the body or an `If-Match: "N"` header. */
export function expectedVersion(req: FastifyRequest, bodyVersion?: number): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion;
  const h = req.headers['if-match'];
  if (typeof h === 'string') {
    const n = Number(h.replace(/^W\//, '').replace(/"/g, ''));
    if (Number.isInteger(n)) return n;
  }
  return undefined;
}

export function setEtag(reply: FastifyReply, version: number): void {
  reply.header('etag', `"${version}"`);
}
