import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, DbLike } from '../../db/client.js';
import { systemCtx } from '../../platform/context.js';
import { appendEvent } from '../../platform/events/index.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { inboxRecipients, notifyInbox } from '../../platform/notify/index.js';
import { MILESTONE_NAMES } from './names.js';
import { slaMilestones } from './tables.js';

/*
 * The time-limit scheduler. Every running milestone carries `next_fire_at` (its warning time,
 * then its due time). A loop on every app instance claims rows whose time has come with
 * FOR UPDATE SKIP LOCKED — like the outbox dispatcher — and, in one transaction per batch,
 * advances the row, appends the `sla.warning` / `sla.breached` event and writes the inbox
 * notices. A row is claimed by one instance at a time and its `next_fire_at` moves on in the same
 * transaction, so each warning and each breach fires exactly once however many instances run.
 */

const BATCH = 50;

type Row = typeof slaMilestones.$inferSelect;

/** The unit ids of a materialised path 'hq/center/outlet/'. */
function unitsOf(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/**
 * The escalation ladder's people for one order (DOMAIN.md, People and places): `handler` — the
 * people of the unit holding the order who may dispatch or carry it out; `center_supervisor` —
 * the provincial center's dispatchers; `hq_manager` — HQ's managers and administrators.
 */
async function notifyLadder(
  tx: DbLike,
  row: Row,
  levels: string[],
  kind: 'warning' | 'breach',
  at: Date,
): Promise<number> {
  const path = unitsOf(row.orgPath);
  const kinds = path.length
    ? await tx.select({ id: orgUnits.id, kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.path, row.orgPath))
    : [];
  const holder = path.at(-1);
  const center = path.length >= 2 ? path[1] : null;
  const hq = path[0];
  const name = MILESTONE_NAMES[row.key as keyof typeof MILESTONE_NAMES] ?? { 'zh-CN': row.key, en: row.key };
  const due = row.dueAt?.toISOString() ?? '';
  const title =
    kind === 'warning'
      ? { 'zh-CN': `即将超时：${row.orderCode} ${name['zh-CN']}`, en: `Due soon: ${row.orderCode} ${name.en}` }
      : { 'zh-CN': `已超时：${row.orderCode} ${name['zh-CN']}`, en: `Overdue: ${row.orderCode} ${name.en}` };
  const body = {
    'zh-CN': `服务单 ${row.orderCode} 的时限“${name['zh-CN']}”${kind === 'warning' ? '即将到期' : '已超时'}（到期 ${due}）。`,
    en: `Time limit "${name.en}" of order ${row.orderCode} ${kind === 'warning' ? 'is due soon' : 'is overdue'} (due ${due}).`,
  };
  const recipients = new Set<string>();
  for (const level of levels) {
    let ids: string[] = [];
    if (level === 'handler' && holder) {
      const permission = kinds[0]?.kind === 'outlet' ? ('orders.execute' as const) : ('orders.dispatch' as const);
      ids = await inboxRecipients(tx, { orgUnitId: holder, permission });
    } else if (level === 'center_supervisor' && center) {
      ids = await inboxRecipients(tx, { orgUnitId: center, permission: 'orders.dispatch' });
    } else if (level === 'hq_manager' && hq) {
      ids = await inboxRecipients(tx, { orgUnitId: hq, role: 'manager' });
      if (!ids.length) ids = await inboxRecipients(tx, { orgUnitId: hq, role: 'admin' });
    }
    for (const id of ids) recipients.add(id);
  }
  // One notice per person, however many levels they stand on.
  const sent = await notifyInbox(tx, {
    userIds: [...recipients],
    title,
    body,
    link: `/orders/${row.orderId}`,
    entity: 'work_order',
    entityId: row.orderId,
    at,
    // Those who asked for this notice by e-mail get it there too.
    event: kind === 'warning' ? 'sla.warning' : 'sla.breach',
    orgPath: row.orgPath,
  });
  return sent.length;
}

/**
 * Fires the warnings and breaches whose time has come, up to `limit` rows, in one transaction.
 * A warning notifies the first level of the ladder; a breach notifies every level.
 */
export async function fireDueMilestones(
  db: DbLike,
  now: Date,
  opts: { limit?: number } = {},
): Promise<{ warnings: number; breaches: number }> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(slaMilestones)
      .where(and(lte(slaMilestones.nextFireAt, now), isNull(slaMilestones.endedAt)))
      .orderBy(asc(slaMilestones.nextFireAt))
      .limit(opts.limit ?? BATCH)
      .for('update', { skipLocked: true });
    const ctx = systemCtx(tx as never, { name: 'sla-scheduler', now });
    let warnings = 0;
    let breaches = 0;
    for (const row of rows) {
      if (row.nextFireKind === 'warning') {
        await tx
          .update(slaMilestones)
          .set({ warnedAt: now, nextFireAt: row.dueAt, nextFireKind: row.dueAt ? 'breach' : null, updatedAt: now })
          .where(eq(slaMilestones.id, row.id));
        await appendEvent(tx, ctx, {
          entity: 'work_order',
          entityId: row.orderId,
          action: 'sla.warning',
          after: { milestone: row.key, dueAt: row.dueAt?.toISOString() ?? null },
          orgPath: row.orgPath,
        });
        await notifyLadder(tx, row, row.escalation.slice(0, 1), 'warning', now);
        // A warning found late (after downtime) whose due time passed too breaches on the next tick.
        warnings += 1;
      } else if (row.nextFireKind === 'breach') {
        const breachedAt = row.dueAt ?? now;
        await tx
          .update(slaMilestones)
          .set({ breachedAt, state: 'breached', nextFireAt: null, nextFireKind: null, updatedAt: now })
          .where(eq(slaMilestones.id, row.id));
        await appendEvent(tx, ctx, {
          entity: 'work_order',
          entityId: row.orderId,
          action: 'sla.breached',
          after: {
            milestone: row.key,
            dueAt: row.dueAt?.toISOString() ?? null,
            responsibleLevel: row.responsibleLevel,
          },
          orgPath: row.orgPath,
        });
        await notifyLadder(tx, row, row.escalation, 'breach', now);
        breaches += 1;
      } else {
        await tx.update(slaMilestones).set({ nextFireAt: null, updatedAt: now }).where(eq(slaMilestones.id, row.id));
      }
    }
    return { warnings, breaches };
  });
}

/**
 * Timers of other modules on the same loop (a complaint's escalation): each is a function that,
 * like `fireDueMilestones`, claims its own due rows with FOR UPDATE SKIP LOCKED in one transaction
 * and answers how many it fired. Modules above register theirs by name when their routes are
 * registered; every instance's scheduler runs them after the milestones on each tick.
 */
export type SchedulerTimer = (db: DbLike, now: Date) => Promise<number>;
const timers = new Map<string, SchedulerTimer>();

/** A module's timer under its name (a second call with the same name replaces it). */
export function onSchedulerTick(name: string, fn: SchedulerTimer): void {
  timers.set(name, fn);
}

/**
 * Runs the scheduler every `intervalMs` (1 s by default, so a timer fires within about two
 * seconds) on this instance; claims keep instances apart. The timer never keeps the process
 * alive. Returns a stop function that waits for a running batch.
 */
export function startSlaScheduler(
  database: Database,
  clock: () => Date,
  log: FastifyBaseLogger,
  opts: { intervalMs?: number } = {},
): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      for (let i = 0; i < 20 && !stopped; i++) {
        const r = await fireDueMilestones(database.db, clock());
        if (r.warnings + r.breaches < BATCH) break;
      }
      for (const [name, fire] of timers) {
        if (stopped) break;
        try {
          for (let i = 0; i < 20 && !stopped; i++) if ((await fire(database.db, clock())) < BATCH) break;
        } catch (err) {
          log.warn({ err, timer: name }, 'scheduler timer failed');
        }
      }
    })()
      .catch((err) => log.warn({ err }, 'sla scheduler failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.intervalMs ?? 1_000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
