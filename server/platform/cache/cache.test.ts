import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { clearCaches, instanceCache } from './index.js';

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
