import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ctxOf, typed } from '../http.js';
import { markAllRead, listInbox, markRead, unreadCount } from './inbox.js';
import { InboxItem, InboxPage, InboxQuery, ReadAllResult, UnreadCount } from './contract.js';

const tags = ['inbox'];

/** The signed-in person's own notices (no permission needed: everybody has an inbox). */
export async function inboxRoutes(app: FastifyInstance) {
  const r = typed(app);
  r.get(
    '/api/inbox',
    {
      schema: {
        tags,
        summary: 'My notices, unread first, paged',
        querystring: InboxQuery,
        response: { 200: InboxPage },
      },
    },
    async (req) => listInbox(ctxOf(req), req.query),
  );
  r.get(
    '/api/inbox/unread-count',
    { schema: { tags, summary: 'How many of my notices are unread', response: { 200: UnreadCount } } },
    async (req) => unreadCount(ctxOf(req)),
  );
  r.post(
    '/api/inbox/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one of my notices read',
        params: z.object({ id: z.uuid() }),
        response: { 200: InboxItem },
      },
    },
    async (req) => markRead(ctxOf(req), req.params.id),
  );
  r.post(
    '/api/inbox/read-all',
    { schema: { tags, summary: 'Mark all my notices read', response: { 200: ReadAllResult } } },
    async (req) => markAllRead(ctxOf(req)),
  );
}
