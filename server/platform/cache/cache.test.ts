import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { type Db, openDatabase } from '../../db/client.js';
import { attachCacheBus, clearCaches, instanceCache, invalidateCaches, keyedCache } from './index.js';

const dbA = {} as Db;
const dbB = {} as Db;

describe('instance caches', () => {
  it('keeps one value per database and loads again after a clear', async () => {
    let loads = 0;
    const c = instanceCache('test.values', async (db) => `${db === dbA ? 'A' : 'B'}${++loads}`);
    expect(await c.get(dbA)).toBe('A1');
    expect(await c.get(dbA)).toBe('A1');
    expect(await c.get(dbB)).toBe('B2');
    clearCaches(['test.values']);
    expect(await c.get(dbA)).toBe('A3');
  });

  it('shares one load between concurrent readers', async () => {
    let loads = 0;
    const c = instanceCache('test.single', async () => {
      await new Promise((r) => setTimeout(r, 10));
      return ++loads;
    });
    const got = await Promise.all([c.get(dbA), c.get(dbA), c.get(dbA)]);
    expect(got).toEqual([1, 1, 1]);
  });

  it('does not keep a value whose load began before a clear', async () => {
    let loads = 0;
    let release: () => void = () => {};
    const c = instanceCache('test.race', async () => {
      const n = ++loads;
      if (n === 1) await new Promise<void>((r) => (release = r));
      return n;
    });
    const first = c.get(dbA);
    await new Promise((r) => setTimeout(r, 1));
    clearCaches(['test.race']);
    release();
    expect(await first).toBe(1);
    expect(await c.get(dbA)).toBe(2);
  });

  it('expires entries after the TTL', async () => {
    let loads = 0;
    const c = instanceCache('test.ttl', async () => ++loads, 5);
    expect(await c.get(dbA)).toBe(1);
    await new Promise((r) => setTimeout(r, 15));
    expect(await c.get(dbA)).toBe(2);
  });

  it('forgets a failed load', async () => {
    let loads = 0;
    const c = instanceCache('test.fail', async () => {
      if (++loads === 1) throw new Error('down');
      return loads;
    });
    await expect(c.get(dbA)).rejects.toThrow('down');
    expect(await c.get(dbA)).toBe(2);
  });
});

describe('keyed caches', () => {
  it('keeps one value per key and database, and never a miss', async () => {
    const c = keyedCache<string>('test.keyed');
    expect(await c.load(dbA, 'k', async () => 'a')).toBe('a');
    expect(await c.load(dbB, 'k', async () => 'b')).toBe('b');
    expect(c.peek(dbA, 'k')).toBe('a');
    expect(c.peek(dbB, 'k')).toBe('b');
    expect(await c.load(dbA, 'none', async () => null)).toBeNull();
    expect(c.peek(dbA, 'none')).toBeUndefined();
    clearCaches(['test.keyed']);
    expect(c.peek(dbA, 'k')).toBeUndefined();
    expect(c.size(dbB)).toBe(0);
  });

  it('drops the oldest entry beyond its size', async () => {
    const c = keyedCache<number>('test.keyed.size', { maxEntries: 3 });
    for (let i = 1; i <= 3; i++) await c.load(dbA, `k${i}`, async () => i);
    // Loading k1 again makes it the newest, so k2 goes first.
    await c.load(dbA, 'k1', async () => 11);
    await c.load(dbA, 'k4', async () => 4);
    expect(c.size(dbA)).toBe(3);
    expect(c.peek(dbA, 'k2')).toBeUndefined();
    expect([c.peek(dbA, 'k1'), c.peek(dbA, 'k3'), c.peek(dbA, 'k4')]).toEqual([11, 3, 4]);
  });

  it('expires entries after the TTL', async () => {
    const c = keyedCache<number>('test.keyed.ttl', { ttlMs: 5 });
    await c.load(dbA, 'k', async () => 1);
    expect(c.peek(dbA, 'k')).toBe(1);
    await new Promise((r) => setTimeout(r, 15));
    expect(c.peek(dbA, 'k')).toBeUndefined();
  });

  it('does not keep a value whose read began before a clear', async () => {
    const c = keyedCache<number>('test.keyed.race');
    let release: () => void = () => {};
    const read = c.load(dbA, 'k', async () => {
      await new Promise<void>((r) => (release = r));
      return 1;
    });
    await new Promise((r) => setTimeout(r, 1));
    clearCaches(['test.keyed.race']);
    release();
    expect(await read).toBe(1);
    expect(c.peek(dbA, 'k')).toBeUndefined();
  });
});

describe('invalidation by a writer', () => {
  it('keeps nothing under the names until the writer has committed and its notice came back', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    const app = Fastify({ logger: false });
    app.decorate('database', database);
    attachCacheBus(app);
    await app.ready();
    try {
      const db = database.db;
      const keyed = keyedCache<string>('test.writer');
      let loads = 0;
      const single = instanceCache('test.writer', async () => ++loads);
      await keyed.load(db, 'k', async () => 'before');
      expect(await single.get(db)).toBe(1);
      await db.transaction(async (tx) => {
        await invalidateCaches(tx, ['test.writer']);
        expect(keyed.peek(db, 'k')).toBeUndefined();
        // Read before the commit: not kept, or a request after the commit could still be given it.
        await keyed.load(db, 'k', async () => 'during');
        expect(keyed.peek(db, 'k')).toBeUndefined();
        expect(await single.get(db)).toBe(2);
        expect(await single.get(db)).toBe(3);
      });
      await vi.waitFor(
        async () => {
          await keyed.load(db, 'k', async () => 'after');
          expect(keyed.peek(db, 'k')).toBe('after');
        },
        { timeout: 2_000, interval: 10 },
      );
      const n = await single.get(db);
      expect(await single.get(db)).toBe(n);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
