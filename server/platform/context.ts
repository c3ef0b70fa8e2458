import type { FastifyBaseLogger } from 'fastify';
import type { Lang } from '../../shared/i18n.js';
import type { Db } from '../db/client.js';
import { type Actor, systemActor } from './access/actor.js';

/** What every command and query receives first: no container, no globals. */
export interface Ctx {
  db: Db;
  actor: Actor;
  now: Date;
  lang: Lang;
  requestId: string;
  log: FastifyBaseLogger;
}

const noop = () => {};
const silentLogger: FastifyBaseLogger = {
  level: 'silent',
  fatal: noop,
  error: noop,
  warn: noop,
  info: noop,
  debug: noop,
  trace: noop,
  silent: noop,
  child: () => silentLogger,
} as unknown as FastifyBaseLogger;

/** A context for work no signed-in person does: setup, demo data, the CLI. Events name `name` as actor. */
export function systemCtx(db: Db, opts: { name?: string; now?: Date; log?: FastifyBaseLogger } = {}): Ctx {
  return {
    db,
    actor: systemActor(opts.name ?? 'system'),
    now: opts.now ?? new Date(),
    lang: 'zh-CN',
    requestId: `${opts.name ?? 'system'}-${crypto.randomUUID()}`,
    log: opts.log ?? silentLogger,
  };
}
