import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ctxOf, typed } from '../http.js';
import { changeOwnPassword, createToken, getMe, listTokens, revokeToken, updateProfile } from './account.js';
import { loadActor } from './actors.js';
import {
  LoginBody,
  LoginResponse,
  Me,
  Ok,
  PasswordBody,
  ProfileBody,
  TokenCreateBody,
  TokenCreated,
  TokenView,
} from './contract.js';
import { login, logout, logoutEverywhere } from './login.js';
import { SESSION_COOKIE } from './secrets.js';
import { List, listOf } from '../lists/contract.js';

const tags = ['auth'];

export async function authRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in (cookie session, or a bearer token with token: true)',
        body: LoginBody,
        response: { 200: LoginResponse },
      },
    },
    async (req, reply) => {
      const now = app.clock();
      const result = await login(app.database.db, req.body, {
        ip: req.ip,
        userAgent: req.headers['user-agent'],
        requestId: req.id,
        now,
      });
      const actor = await loadActor(app.database.db, result.userId);
      if (result.kind === 'session') {
        req.actor = actor && { ...actor, csrfToken: result.csrfToken };
        reply.setCookie(SESSION_COOKIE, result.sessionId, {
          httpOnly: true,
          sameSite: 'lax',
          secure: app.secureCookies || req.protocol === 'https',
          path: '/',
          expires: result.expiresAt,
        });
        return { user: await getMe(ctxOf(req)) };
      }
      req.actor = actor;
      return { user: await getMe(ctxOf(req)), token: result.token };
    },
  );

  r.post(
    '/api/auth/logout',
    { schema: { tags, summary: 'Sign out this session', response: { 200: Ok } } },
    async (req, reply) => {
      if (req.actor?.sessionIdHash) await logout(app.database.db, req.actor.sessionIdHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  r.post(
    '/api/auth/logout-all',
    { schema: { tags, summary: 'Sign out everywhere', response: { 200: Ok } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      await logoutEverywhere(ctx.db, ctx, ctx.actor.id!);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  r.get('/api/auth/me', { schema: { tags, summary: 'The signed-in user', response: { 200: Me } } }, async (req) =>
    getMe(ctxOf(req)),
  );

  r.patch(
    '/api/auth/me',
    { schema: { tags, summary: 'Edit my profile', body: ProfileBody, response: { 200: Me } } },
    async (req) => {
      const ctx = ctxOf(req);
      await updateProfile(ctx, req.body);
      const actor = await loadActor(ctx.db, ctx.actor.id!);
      return getMe({ ...ctx, actor: { ...actor!, csrfToken: ctx.actor.csrfToken } });
    },
  );

  r.post(
    '/api/auth/password',
    { schema: { tags, summary: 'Change my password', body: PasswordBody, response: { 200: Ok } } },
    async (req) => {
      await changeOwnPassword(ctxOf(req), req.body.currentPassword, req.body.newPassword);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/auth/tokens',
    { schema: { tags, summary: 'My API tokens', response: { 200: List(TokenView) } } },
    async (req) => listOf(await listTokens(ctxOf(req, 'tokens.manage'))),
  );
  r.post(
    '/api/auth/tokens',
    { schema: { tags, summary: 'Create an API token', body: TokenCreateBody, response: { 201: TokenCreated } } },
    async (req, reply) => reply.status(201).send(await createToken(ctxOf(req, 'tokens.manage'), req.body)),
  );
  r.delete(
    '/api/auth/tokens/:id',
    { schema: { tags, summary: 'Revoke an API token', params: z.object({ id: z.uuid() }), response: { 200: Ok } } },
    async (req) => {
      await revokeToken(ctxOf(req, 'tokens.manage'), req.params.id);
      return { ok: true as const };
    },
  );
}
