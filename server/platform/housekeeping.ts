import { lt } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { purgeExpiredSessions } from './auth/actors.js';
import { loginFailures } from './identity/tables.js';
import { pruneOutbox } from './notify/prune.js';

const HOUR = 3600_000;

/** Removes rows that can never matter again. Idempotent, so every instance may run it. */
export async function runHousekeeping(database: Database, now: Date): Promise<void> {
  await purgeExpiredSessions(database.db, now);
  // Failed sign-ins count over 15 minutes; a day of history is plenty for looking into an attack.
  await database.db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - 24 * HOUR)));
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
