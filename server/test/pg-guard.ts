import pg from 'pg';
import { afterAll, afterEach, beforeEach } from 'vitest';

/*
 * Setup of every test file (vitest.config.ts), active on PostgreSQL only (TEST_DATABASE_URL).
 *
 * A transaction is one pg client, one connection: a query sent while that client is still busy
 * (Promise.all on a `tx`) waits in pg 8's queue, which is deprecated and goes in pg 9 ("Calling
 * client.query() when the client is already executing a query", warned from the third query on).
 * On the pool, Promise.all is fine: each query takes its own client. This records every query
 * sent to a busy client, and pg's warning, and fails the test file that caused them.
 */

const WARNING = 'already executing a query';
const overlaps: string[] = [];

/** The overlaps recorded so far, forgotten (the guard's own test provokes one on purpose). */
export function takeOverlaps(): string[] {
  return overlaps.splice(0);
}

/** pg 8's own state of a client: the query on the wire and the ones waiting behind it. */
interface ClientState {
  _activeQuery?: unknown;
  _queryQueue?: unknown[];
}

const textOf = (q: unknown) => String(typeof q === 'string' ? q : ((q as { text?: string } | null)?.text ?? q));

if (process.env.TEST_DATABASE_URL) {
  const outside = '(outside a test)';
  let test = outside;
  beforeEach((ctx) => {
    test = ctx.task.name;
  });
  afterEach(() => {
    test = outside;
  });
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: ClientState, ...args: unknown[]) {
    if (this._activeQuery || this._queryQueue?.length) {
      overlaps.push(`${test}: ${textOf(args[0]).replace(/\s+/g, ' ').trim().slice(0, 160)}`);
    }
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  const onWarning = (w: Error) => {
    if (w.name === 'DeprecationWarning' && w.message.includes(WARNING)) overlaps.push(`${test}: ${w.message}`);
  };
  process.on('warning', onWarning);
  afterAll(() => {
    pg.Client.prototype.query = query;
    process.off('warning', onWarning);
    const found = [...new Set(takeOverlaps())];
    if (found.length) {
      const shown = found.slice(0, 20).join('\n') + (found.length > 20 ? `\n… and ${found.length - 20} more` : '');
      throw new Error(
        `Queries sent at once on one PostgreSQL client (a transaction); run them one at a time:\n${shown}`,
      );
    }
  });
}
