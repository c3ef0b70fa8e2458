import { and, eq, gt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../context.js';
import { AppError } from '../errors.js';
import { sessions, users } from '../identity/tables.js';
import { type LiveHub, sseFrame } from './hub.js';

/** Publishes a notice on a hub's channel; inside a transaction it is sent only if that commits. */
export async function publishLive(db: DbLike, channel: string, notice: unknown): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${JSON.stringify(notice)})`);
}

/**
 * Whether an event stream's session still stands: not signed out, not expired, account active.
 * Checked at each heartbeat without touching the session, so an open stream does not extend it.
 */
export async function sessionStands(db: DbLike, idHash: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: sessions.idHash })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now), eq(users.active, true)));
  return !!row;
}

/** Starts and stops a hub with the server: listen when ready, end streams before closing. */
export function attachHub<N>(app: FastifyInstance, hub: LiveHub<N>): void {
  app.addHook('onReady', () => hub.listen(app.database));
  app.addHook('preClose', () => hub.endStreams());
  app.addHook('onClose', () => hub.close());
}

/**
 * Turns the request into an event stream fed by `hub`: a `ready` event first, then the hub's
 * events and heartbeats until the client goes or its session ends.
 */
export function openEventStream<N>(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  ctx: Ctx,
  hub: LiveHub<N>,
): void {
  // EventSource always asks for a stream; anything else gets an answer instead of a connection held open.
  if (!String(req.headers.accept ?? '').includes('text/event-stream')) throw new AppError('live.event_stream_only');
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(sseFrame('ready', { user: ctx.actor.username }));
  const sessionIdHash = ctx.actor.sessionIdHash;
  const remove = hub.add(
    ctx.actor,
    (chunk) => res.write(chunk),
    () => res.end(),
    sessionIdHash ? () => sessionStands(app.database.db, sessionIdHash, app.clock()) : undefined,
  );
  req.raw.on('close', remove);
}
