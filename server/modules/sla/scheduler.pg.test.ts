import { and, eq, inArray, like } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { type Database, openDatabase } from '../../db/client.js';
import { migrateDatabase } from '../../db/migrate.js';
import { systemCtx } from '../../platform/context.js';
import { events } from '../../platform/events/index.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { inboxItems } from '../../platform/notify/index.js';
import { createHeadquarters, createUser, seedRoles } from '../org/index.js';
import { applySlaSignal, seedSlaDefaults, type SlaSubject, startSlaScheduler } from './index.js';
import { slaMilestones } from './tables.js';

/*
 * Two app instances on one PostgreSQL database, each running its own scheduler loop on the wall
 * clock: every warning and every breach must fire exactly once, within seconds of its time.
 * PGlite is one process and one connection, so this runs only with TEST_DATABASE_URL.
 */
const serverUrl = process.env.TEST_DATABASE_URL;
const MIN = 60_000;

describe.skipIf(!serverUrl)('the SLA scheduler on two instances sharing one PostgreSQL database', () => {
  const name = `sanbao_t_sla_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const instances: { database: Database; stop: () => Promise<void>; close: () => Promise<void> }[] = [];

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    for (let i = 0; i < 2; i++) {
      const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
      if (i === 0) {
        await migrateDatabase(database);
        // What setup does, without the system module above this one: roles, HQ, an admin, the SLA defaults.
        const ctx = systemCtx(database.db, { name: 'setup' });
        await database.db.transaction(async (tx) => {
          const c = { ...ctx, db: tx as unknown as typeof database.db };
          await seedRoles(tx);
          await seedSlaDefaults(tx, c);
          const hq = await createHeadquarters(c, { code: 'HQ', name: '双实例测试' });
          await createUser(c, {
            username: 'admin',
            displayName: '管理员',
            password: 'Admin12345',
            lang: 'zh-CN',
            orgUnitId: hq.id,
            roles: ['admin'],
          });
        });
      }
      const app = await buildApp({
        database,
        config: { secureCookies: false, bodyLimit: 1_048_576, logLevel: 'silent' },
        logger: false,
        serveWeb: false,
      });
      await app.ready();
      instances.push({ database, stop: async () => {}, close: () => app.close() });
    }
  });

  afterAll(async () => {
    for (const i of instances) {
      await i.stop();
      await i.close();
      await i.database.close();
    }
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });

  it('fires each warning and each breach exactly once, within 5 seconds', async () => {
    const db = instances[0]!.database.db;
    const hqPath = (await db.select({ path: orgUnits.path }).from(orgUnits).limit(1))[0]!.path;
    const orders: SlaSubject[] = [];
    const now = Date.now();
    for (let i = 0; i < 24; i++) {
      // HQ dispatch (15 min): reported so that the warning is already due and the breach
      // comes 1–4 seconds from now.
      const reportedAt = new Date(now - 15 * MIN + 1_000 + (i % 4) * 1_000);
      orders.push({
        orderId: crypto.randomUUID(),
        orderCode: `WO-PG${i}`,
        orgPath: hqPath,
        serviceType: 'on_site',
        productLineId: null,
        customerKind: 'individual',
        zone: null,
        faultLevel: null,
        provinceCode: null,
        reportedAt,
      });
    }
    await db.transaction(async (tx) => {
      for (const s of orders) await applySlaSignal(tx, systemCtx(db), s, 'created', s.reportedAt);
    });
    for (const i of instances)
      i.stop = startSlaScheduler(i.database, () => new Date(), { warn() {} } as never, { intervalMs: 200 });

    const ids = orders.map((o) => o.orderId);
    const fired = () =>
      db
        .select({ entityId: events.entityId, action: events.action, at: events.at })
        .from(events)
        .where(and(inArray(events.entityId, ids), like(events.action, 'sla.%')));
    const deadline = Date.now() + 12_000;
    let rows = await fired();
    while (rows.filter((r) => r.action === 'sla.breached').length < orders.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      rows = await fired();
    }
    // Give a late duplicate the chance to show up.
    await new Promise((r) => setTimeout(r, 1_000));
    rows = await fired();
    for (const o of orders) {
      const mine = rows.filter((r) => r.entityId === o.orderId).map((r) => r.action);
      expect(mine.sort(), o.orderCode).toEqual(['sla.breached', 'sla.warning']);
      const breach = rows.find((r) => r.entityId === o.orderId && r.action === 'sla.breached')!;
      const due = o.reportedAt.getTime() + 15 * MIN;
      expect(breach.at.getTime() - due, `${o.orderCode} fired late`).toBeLessThan(5_000);
      expect(breach.at.getTime()).toBeGreaterThanOrEqual(due);
    }
    // One notice per recipient per firing: the admin (HQ handler and manager level) gets two per order.
    const notices = await db
      .select({ entityId: inboxItems.entityId })
      .from(inboxItems)
      .where(inArray(inboxItems.entityId, ids));
    for (const o of orders) expect(notices.filter((x) => x.entityId === o.orderId)).toHaveLength(2);
    const stillDue = await db
      .select()
      .from(slaMilestones)
      .where(and(inArray(slaMilestones.orderId, ids), eq(slaMilestones.key, 'hq_dispatch')));
    expect(stillDue.every((m) => m.state === 'breached' && m.nextFireAt === null)).toBe(true);
  }, 30_000);
});
