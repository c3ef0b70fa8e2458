import { and, isNull, lt, or } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { purgeExpiredSessions } from './auth/actors.js';
import { loginThrottles } from './identity/tables.js';
import { pruneOutbox } from './notify/prune.js';

const HOUR = 3600_000;

/** Removes rows that can never matter again. Idempotent, so every instance may run it. */
export async function runHousekeeping(database: Database, now: Date): Promise<void> {
  await purgeExpiredSessions(database.db, now);
  // Sign-in counters quiet for a day and not locked are forgotten, and with them the doubling of
  // their locks: growing delays are for attempts that keep coming.
  const quiet = new Date(now.getTime() - 24 * HOUR);
  await database.db
    .delete(loginThrottles)
    .where(
      and(
        lt(loginThrottles.updatedAt, quiet),
        or(isNull(loginThrottles.lockedUntil), lt(loginThrottles.lockedUntil, now)),
      ),
    );
  await pruneOutbox(database.db, now);
}

/** Hourly housekeeping; the timer never keeps the process alive. Returns a stop function. */
export function startHousekeeping(database: Database, clock: () => Date, log: FastifyBaseLogger): () => void {
  const tick = () => runHousekeeping(database, clock()).catch((err) => log.warn({ err }, 'housekeeping failed'));
  const timer = setInterval(tick, HOUR);
  timer.unref();
  setTimeout(tick, 5_000).unref();
  return () => clearInterval(timer);
}
