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
 * - until that notice comes back to the instance that wrote, nothing is stored under those names
 *   there: a request answered after the commit must not find a value read just before it;
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

function register(name: string, cache: { clear(): void }): void {
  const set = registry.get(name) ?? new Set();
  registry.set(name, set);
  set.add(cache);
}

/*
 * Names this instance invalidated in a transaction whose notice has not come back yet. A rolled
 * back transaction never sends its notice, so a mark also lapses after PENDING_MS; until then the
 * caches of that name only load, which costs queries, never correctness.
 */
const PENDING_MS = 10_000;
const pending = new Map<string, Map<string, number>>();

function isPending(name: string): boolean {
  const marks = pending.get(name);
  if (!marks) return false;
  const now = Date.now();
  for (const [nonce, until] of marks) if (until <= now) marks.delete(nonce);
  if (marks.size > 0) return true;
  pending.delete(name);
  return false;
}

function settle(names: readonly string[], nonce: string): void {
  for (const n of names) {
    const marks = pending.get(n);
    marks?.delete(nonce);
    if (marks?.size === 0) pending.delete(n);
  }
}

/** A cache of one value per database, loaded by `load`, dropped by name or after `ttlMs`. */
export function instanceCache<T>(name: string, load: (db: Db) => Promise<T>, ttlMs = 30_000): InstanceCache<T> {
  let entries = new WeakMap<Db, Entry<T>>();
  // Bumped on every clear: a load that started before the clear must not store its older value.
  let generation = 0;
  const cache: InstanceCache<T> = {
    name,
    get(db) {
      // A writer of this instance has not committed yet: what a load sees now may be undone by it.
      if (isPending(name)) return load(db);
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
  register(name, cache);
  return cache;
}

export interface KeyedCache<V> {
  readonly name: string;
  /** The value kept for `key` in this database, if younger than the TTL. */
  peek(db: Db, key: string): V | undefined;
  /**
   * Reads the value with `read` and keeps it unless it is null (a miss is never kept) or the
   * cache was dropped while reading (the answer may predate the change that dropped it).
   */
  load(db: Db, key: string, read: () => Promise<V | null>): Promise<V | null>;
  delete(db: Db, key: string): void;
  /** Entries kept for this database (expired ones included until touched). */
  size(db: Db): number;
  /** Drops every database's entries. */
  clear(): void;
}

export interface KeyedCacheOptions {
  /** Entries kept per database; the oldest goes first when a new one would exceed it. */
  maxEntries?: number;
  ttlMs?: number;
}

/**
 * A cache of many values per database (e.g. one per credential), bounded in size and age,
 * dropped as a whole by name like `instanceCache`.
 */
export function keyedCache<V>(name: string, opts: KeyedCacheOptions = {}): KeyedCache<V> {
  const maxEntries = opts.maxEntries ?? 10_000;
  const ttlMs = opts.ttlMs ?? 30_000;
  let maps = new WeakMap<Db, Map<string, { value: V; at: number }>>();
  let generation = 0;
  const cache: KeyedCache<V> = {
    name,
    peek(db, key) {
      const m = maps.get(db);
      const hit = m?.get(key);
      if (!hit) return undefined;
      if (Date.now() - hit.at < ttlMs) return hit.value;
      m!.delete(key);
      return undefined;
    },
    async load(db, key, read) {
      const started = generation;
      // The age counts from before the read: the value is at least as fresh as that.
      const at = Date.now();
      const value = await read();
      if (value === null || generation !== started || isPending(name)) return value;
      let m = maps.get(db);
      if (!m) {
        m = new Map();
        maps.set(db, m);
      }
      // Re-inserting moves the key last, so the Map's order is oldest first.
      m.delete(key);
      m.set(key, { value, at });
      if (m.size > maxEntries) {
        const oldest = m.keys().next();
        if (!oldest.done) m.delete(oldest.value);
      }
      return value;
    },
    delete(db, key) {
      maps.get(db)?.delete(key);
    },
    size(db) {
      return maps.get(db)?.size ?? 0;
    },
    clear() {
      generation++;
      maps = new WeakMap();
    },
  };
  register(name, cache);
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
  const nonce = crypto.randomUUID();
  const until = Date.now() + PENDING_MS;
  for (const n of names) {
    const marks = pending.get(n) ?? new Map<string, number>();
    pending.set(n, marks);
    marks.set(nonce, until);
  }
  clearCaches(names);
  await publishLive(tx, CACHE_CHANNEL, { names, nonce } satisfies CacheNotice);
}

/** The notice that drops every cache on every instance (after a restore replaced the data). */
export const CACHE_RESET_NOTICE = JSON.stringify({ names: 'all' });

interface CacheNotice {
  /** Anything but an array means every cache. */
  names: readonly string[] | 'all';
  /** Set by `invalidateCaches`: the instance that wrote stops holding back those names. */
  nonce?: string;
}

/** Listens for invalidations from every instance (itself included) and drops the named caches. */
class CacheBus extends LiveHub<CacheNotice> {
  constructor(log: FastifyBaseLogger) {
    super(log, CACHE_CHANNEL, () => null);
  }

  override deliver(notice: CacheNotice): void {
    const names = Array.isArray(notice.names) ? notice.names : 'all';
    clearCaches(names);
    if (notice.nonce && names !== 'all') settle(names, notice.nonce);
  }
}

/** Starts the invalidation listener with the server and stops it on close. */
export function attachCacheBus(app: FastifyInstance): void {
  const bus = new CacheBus(app.log);
  app.addHook('onReady', async () => {
    await bus.listen(app.database);
    // Anything cached before this instance listened may have missed a notice; and the notices of
    // what it wrote before (setup, migrations' seeds) will never come back to settle their marks,
    // which would keep its caches from holding anything until they lapse.
    pending.clear();
    clearCaches('all');
  });
  app.addHook('onClose', () => bus.close());
}
