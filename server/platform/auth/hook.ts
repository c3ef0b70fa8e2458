import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { actorFromSession, actorFromToken } from './actors.js';
import { SESSION_COOKIE } from './secrets.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Turns a bearer token or the session cookie into `req.actor` for every /api request, and
 * enforces CSRF on cookie-authenticated writes: the session's token must come back in the
 * `x-csrf-token` header (a cross-site form cannot read it). Bearer requests carry no cookie risk.
 */
export function registerAuthHook(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    // Public endpoints ignore any staff session the browser holds: the customer portal acts as
    // the customer (verified by a one-time code), never as a signed-in employee.
    if (
      !req.url.startsWith('/api/') ||
      req.url.startsWith('/api/health') ||
      req.url.startsWith('/api/docs') ||
      req.url.startsWith('/api/portal/') ||
      // Providers' receipts and replies: checked by their own signatures (notify/hook-routes.ts).
      req.url.startsWith('/api/hooks/')
    ) {
      return;
    }
    const db = app.database.db;
    const now = app.clock();
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      req.actor = await actorFromToken(db, auth.slice(7).trim(), now);
      if (!req.actor) throw new AppError('auth.required');
      return;
    }
    const raw = req.cookies[SESSION_COOKIE];
    if (!raw) return;
    req.actor = await actorFromSession(db, raw, now);
    const exempt = req.url.startsWith('/api/auth/login');
    if (req.actor && !exempt && !SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== req.actor.csrfToken) {
      throw new AppError('auth.csrf');
    }
  });
}
