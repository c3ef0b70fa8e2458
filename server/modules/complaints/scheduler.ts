import { and, asc, eq, isNotNull, lte } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { systemCtx } from '../../platform/context.js';
import { appendEvent } from '../../platform/events/index.js';
import type { ComplaintLevel } from './contract.js';
import { addEvent, deadlineFrom, loadConfig, notifyLevel } from './common.js';
import { escalationAt } from './rules.js';
import { complaints } from './tables.js';

/*
 * Escalation at the deadline, on the SLA scheduler's loop (sla/scheduler.ts, onSchedulerTick):
 * a batch claims complaints whose `next_escalation_at` has come with FOR UPDATE SKIP LOCKED and,
 * in one transaction, raises each unanswered one a level, plans the new level's deadline from the
 * one that passed, writes the timeline row and audit event and notifies the new level's people.
 * A claimed row is invisible to other instances until the transaction ends, and after it the row
 * no longer matches, so each escalation happens once however many instances run.
 */

const BATCH = 50;

export const LEVEL_NAMES = {
  1: { 'zh-CN': '第1级（处理人）', en: 'level 1 (handler)' },
  2: { 'zh-CN': '第2级（处理人上级）', en: "level 2 (handler's superior)" },
  3: { 'zh-CN': '第3级（公司领导）', en: 'level 3 (leadership)' },
} as const;

export async function fireDueComplaints(db: DbLike, now: Date, opts: { limit?: number } = {}): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(complaints)
      .where(and(isNotNull(complaints.nextEscalationAt), lte(complaints.nextEscalationAt, now)))
      .orderBy(asc(complaints.nextEscalationAt))
      .limit(opts.limit ?? BATCH)
      .for('update', { skipLocked: true });
    if (!rows.length) return 0;
    const ctx = systemCtx(tx as never, { name: 'complaint-scheduler', now });
    const { config } = await loadConfig(tx);
    let fired = 0;
    for (const row of rows) {
      const step = escalationAt(row);
      if (!step.escalate) {
        await tx.update(complaints).set({ nextEscalationAt: null }).where(eq(complaints.id, row.id));
        continue;
      }
      const to: ComplaintLevel = step.toLevel;
      // The new level's time counts from the deadline that passed, so a late tick does not stretch it.
      const start = row.nextEscalationAt ?? now;
      const deadline = await deadlineFrom(tx, row.severity, start, config);
      const updated = {
        ...row,
        level: to,
        deadlineAt: deadline,
        nextEscalationAt: to < 3 ? deadline : null,
        version: row.version + 1,
        updatedAt: now,
      };
      await tx
        .update(complaints)
        .set({
          level: to,
          deadlineAt: deadline,
          nextEscalationAt: updated.nextEscalationAt,
          version: updated.version,
          updatedAt: now,
        })
        .where(eq(complaints.id, row.id));
      const notified = await notifyLevel(
        tx,
        updated,
        to,
        { 'zh-CN': `投诉 ${row.code} 超时升级到第${to}级`, en: `Complaint ${row.code} escalated to level ${to}` },
        { 'zh-CN': `未在期限内答复：${row.summary}`, en: `Not answered in time: ${row.summary}` },
        now,
      );
      const from = LEVEL_NAMES[row.level as ComplaintLevel];
      await addEvent(
        tx,
        ctx,
        row.id,
        'escalated',
        {
          'zh-CN': `超时未答复，由${from['zh-CN']}升级到${LEVEL_NAMES[to]['zh-CN']}`,
          en: `Not answered in time: escalated from ${from.en} to ${LEVEL_NAMES[to].en}`,
        },
        { fromLevel: row.level, toLevel: to, why: 'deadline', notified },
      );
      await appendEvent(tx, ctx, {
        entity: 'complaint',
        entityId: row.id,
        action: 'complaint.escalated',
        before: { level: row.level },
        after: { level: to, deadlineAt: deadline?.toISOString() ?? null },
        orgPath: row.orgPath,
      });
      fired += 1;
    }
    return fired;
  });
}
