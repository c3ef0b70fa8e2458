import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { runHousekeeping } from '../housekeeping.js';
import { outbox } from './tables.js';

describe('outbox pruning', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('drops finished messages after 90 days and keeps pending and recent ones', async () => {
    const now = t.clock.now();
    const daysAgo = (d: number) => new Date(now.getTime() - d * 24 * 3600_000);
    const row = (recipient: string, status: 'pending' | 'sent' | 'failed' | 'logged', createdAt: Date) => ({
      channel: 'sms' as const,
      recipient,
      template: 'test.hello',
      params: {},
      body: 'hello',
      status,
      createdAt,
    });
    await t.database.db
      .insert(outbox)
      .values([
        row('old-sent', 'sent', daysAgo(91)),
        row('old-logged', 'logged', daysAgo(120)),
        row('old-failed', 'failed', daysAgo(91)),
        row('old-pending', 'pending', daysAgo(200)),
        row('recent-sent', 'sent', daysAgo(89)),
      ]);
    await runHousekeeping(t.database, now);
    const left = (await t.database.db.select({ r: outbox.recipient }).from(outbox)).map((x) => x.r).sort();
    expect(left).toEqual(['old-pending', 'recent-sent']);
  });
});
