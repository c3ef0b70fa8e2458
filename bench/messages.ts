import { fork } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../server/db/client.js';
import { migrateDatabase } from '../server/db/migrate.js';
import { runSetup } from '../server/modules/system/index.js';
import { setSetting } from '../server/platform/config/index.js';
import { systemCtx } from '../server/platform/context.js';
import { outbox, prepareSender } from '../server/platform/notify/index.js';
import { startFakeWebhookSms } from '../server/test/fakes/webhook-sms.js';
import { ADMIN } from './servers.js';

/*
 * The outbox under load (issue: 10,000 queued messages to a local fake provider, all delivered
 * within 60 s with two instances, none twice). The messages are queued through the one sender
 * (prepareSender, 'order.booked') into a fresh PostgreSQL database; two dispatcher processes —
 * two instances, each with its own connection pool — send them through the webhook SMS provider
 * to a local fake gateway that checks every signature. Measured: the time until every row is
 * sent, the gateway's count of distinct and repeated message ids, and the rate each instance kept.
 */

export const MESSAGES_TARGET = { messages: 10_000, seconds: 60 };

export interface MessagesResult {
  messages: number;
  instances: number;
  ratePerSecondPerInstance: number;
  enqueueSeconds: number;
  deliverSeconds: number;
  received: number;
  distinct: number;
  duplicates: number;
  unsigned: number;
  sentRows: number;
  byInstance: number[];
  metTarget: boolean;
}

export async function messagesRound(
  dbUrl: string,
  opts: { messages: number; instances: number; rate: number },
  log: (m: string) => void,
): Promise<MessagesResult> {
  const gateway = await startFakeWebhookSms();
  const database = await openDatabase({ databaseUrl: dbUrl, poolSize: 4 });
  const children: ReturnType<typeof fork>[] = [];
  try {
    await migrateDatabase(database);
    const ctx = systemCtx(database.db, { name: 'bench' });
    await runSetup(ctx, {
      company: '压测电器有限公司',
      timeZone: 'Asia/Shanghai',
      admin: { username: ADMIN.username, displayName: '管理员', password: ADMIN.password },
      demo: false,
    });
    await database.db.transaction(async (tx) => {
      await setSetting(tx, ctx, {
        key: 'messages.sms',
        value: { provider: 'webhook', url: gateway.url, secret: gateway.secret },
      });
      // The benchmark measures sending, not the night: no quiet hours.
      await setSetting(tx, ctx, { key: 'messages.quietHours', value: { from: '00:00', to: '00:00' } });
      await setSetting(tx, ctx, { key: 'messages.ratePerSecond', value: { sms: opts.rate, email: 20, wechat: 100 } });
    });

    const t0 = performance.now();
    const now = new Date();
    for (let i = 0; i < opts.messages; i += 1000) {
      await database.db.transaction(async (tx) => {
        const sender = await prepareSender(tx, 'order.booked', now);
        for (let j = i; j < Math.min(i + 1000, opts.messages); j++)
          await sender.send(
            { phone: `139${String(j).padStart(8, '0')}` },
            { orderCode: `SB${String(j).padStart(7, '0')}`, window: '12月8日 14:00–16:00', technicianName: '王师傅' },
          );
      });
    }
    const enqueueSeconds = (performance.now() - t0) / 1000;
    log(`queued ${opts.messages} messages in ${enqueueSeconds.toFixed(1)} s`);

    const here = new URL('./messages-child.ts', import.meta.url).pathname;
    for (let k = 0; k < opts.instances; k++) {
      const child = fork(here, [dbUrl], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      await new Promise<void>((res, rej) => {
        child.once('message', () => res());
        child.once('exit', (code) => rej(new Error(`dispatcher ${k} exited with ${code}`)));
      });
    }
    const t1 = performance.now();
    let sentRows = 0;
    for (;;) {
      const [r] = await database.db
        .select({ n: sql<number>`count(*) filter (where ${outbox.status} = 'sent')::int` })
        .from(outbox);
      sentRows = r?.n ?? 0;
      if (sentRows >= opts.messages || performance.now() - t1 > 300_000) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const deliverSeconds = (performance.now() - t1) / 1000;
    log(`sent ${sentRows} in ${deliverSeconds.toFixed(1)} s`);
    const byInstance = await Promise.all(
      children.map(
        (c) =>
          new Promise<number>((res) => {
            let n = 0;
            c.on('message', (m) => {
              if (m && typeof m === 'object' && 'sent' in m) n = Number((m as { sent: number }).sent);
            });
            c.once('exit', () => res(n));
            c.send('stop');
          }),
      ),
    );
    children.length = 0;
    const ids = gateway.messages.map((m) => m.id);
    const distinct = new Set(ids).size;
    return {
      messages: opts.messages,
      instances: opts.instances,
      ratePerSecondPerInstance: opts.rate,
      enqueueSeconds: Math.round(enqueueSeconds * 10) / 10,
      deliverSeconds: Math.round(deliverSeconds * 10) / 10,
      received: ids.length,
      distinct,
      duplicates: ids.length - distinct,
      unsigned: gateway.unsigned,
      sentRows,
      byInstance,
      metTarget:
        sentRows === opts.messages &&
        distinct === opts.messages &&
        ids.length === opts.messages &&
        deliverSeconds <= MESSAGES_TARGET.seconds,
    };
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await database.close();
    await gateway.close();
  }
}
