import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Db, DbLike } from '../../db/client.js';
import { LiveHub, publishLive } from '../live/index.js';

/*
 * Per-instance caches of small, rarely changed configuration (settings, SLA policies and
 * calendars, who a token or session is), so the hot request paths stop reading them on every
 * request. Correctness with several instances on one database:
 * - a writer calls `invalidateCaches(tx, names)` inside its transaction: this instance drops the
 *   names at once, and a pg_notify on `sanbao_cache` tells every instance (this one too) when the
 *   transaction commits, so a value re-read between the drop and the commit is dropped again;
 * - each entry also expires after its TTL, the bound on staleness should a notice be lost while
 *   a listener reconnects.
 * Entries are kept per database client (a WeakMap on the root `Db`), so two databases in one
 * process (tests, the benchmark) never see each other's values.
 */

export const CACHE_CHANNEL = 'sanbao_cache';

interface Entry<T> {
  value: Promise<T>;
  at: number;
}

export interface InstanceCache<T> {
  readonly name: string;
  /** The cached value for this database, loading it when absent or older than the TTL. */
  get(db: Db): Promise<T>;
  /** Drops every database's entry (the next `get` loads again). */
  clear(): void;
}

const registry = new Map<string, Set<{ clear(): void }>>();

/** A cache of one value per database, loaded by `load`, dropped by name or after `ttlMs`. */
export function instanceCache<T>(name: string, load: (db: Db) => Promise<T>, ttlMs = 30_000): InstanceCache<T> {
  let entries = new WeakMap<Db, Entry<T>>();
  // Bumped on every clear: a load that started before the clear must not store its older value.
  let generation = 0;
  const cache: InstanceCache<T> = {
    name,
    get(db) {
      const hit = entries.get(db);
      if (hit && Date.now() - hit.at < ttlMs) return hit.value;
      const started = generation;
      const value = load(db);
      const entry = { value, at: Date.now() };
      entries.set(db, entry);
      value.then(
        () => {
          if (generation !== started && entries.get(db) === entry) entries.delete(db);
        },
        () => {
          if (entries.get(db) === entry) entries.delete(db);
        },
      );
      return value;
    },
    clear() {
      generation++;
      entries = new WeakMap();
    },
  };
  const set = registry.get(name) ?? new Set();
  registry.set(name, set);
  set.add(cache);
  return cache;
}

/** Drops the named caches in this process now (every database); 'all' drops every cache. */
export function clearCaches(names: readonly string[] | 'all'): void {
  const chosen = names === 'all' ? [...registry.keys()] : names;
  for (const n of chosen) for (const c of registry.get(n) ?? []) c.clear();
}

/**
 * Call inside the transaction that changes what the named caches hold: drops them here now and,
 * when the transaction commits, on every instance listening on the same database.
 */
export async function invalidateCaches(tx: DbLike, names: readonly string[]): Promise<void> {
  clearCaches(names);
  await publishLive(tx, CACHE_CHANNEL, { names });
}

interface CacheNotice {
  names: string[];
}

/** Listens for invalidations from every instance (itself included) and drops the named caches. */
class CacheBus extends LiveHub<CacheNotice> {
  constructor(log: FastifyBaseLogger) {
    super(log, CACHE_CHANNEL, () => null);
  }

  override deliver(notice: CacheNotice): void {
    clearCaches(Array.isArray(notice.names) ? notice.names : 'all');
  }
}

/** Starts the invalidation listener with the server and stops it on close. */
export function attachCacheBus(app: FastifyInstance): void {
  const bus = new CacheBus(app.log);
  app.addHook('onReady', async () => {
    // Anything cached before this instance listened may have missed a notice.
    clearCaches('all');
    await bus.listen(app.database);
  });
  app.addHook('onClose', () => bus.close());
}
