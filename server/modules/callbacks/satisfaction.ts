import { and, eq, gte, inArray, isNotNull, lt, or, type SQL } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import type { Satisfaction, SatisfactionOf } from '../work-orders/index.js';
import { zoneAt } from './common.js';
import { disciplineFacts } from '../complaints/index.js';
import {
  aggregateScores,
  type ComplaintCount,
  countComplaints,
  type Deductions,
  deductedScore,
  rollingFrom,
} from './rules.js';
import { callbackTasks } from './tables.js';

/*
 * The rolling satisfaction of outlets and technicians (docs/callbacks.md, "Scores"), provided to
 * work orders' dispatch suggestion through its port: the answered callbacks of the last
 * `callbacks.scoreDays` days, aggregated as the scores page does (`aggregateScores`). Company-wide
 * figures, not personal data: the dispatcher sees them for any outlet they may dispatch to. The
 * complaints held against them come from the complaints module below (`disciplineFacts`).
 */
/** Satisfaction of these outlets and technicians over the callbacks answered in [from, to). */
export async function satisfactionBetween(
  db: DbLike,
  q: { outletIds: readonly string[]; technicianIds: readonly string[]; from: Date; to?: Date },
): Promise<{ outlets: Map<string, Satisfaction>; technicians: Map<string, Satisfaction> }> {
  const who: SQL[] = [];
  if (q.outletIds.length) who.push(inArray(callbackTasks.outletId, [...q.outletIds]));
  if (q.technicianIds.length) who.push(inArray(callbackTasks.technicianId, [...q.technicianIds]));
  if (!who.length) return { outlets: new Map(), technicians: new Map() };
  const rows = await db
    .select({
      outletId: callbackTasks.outletId,
      technicianId: callbackTasks.technicianId,
      answer: callbackTasks.answer,
    })
    .from(callbackTasks)
    .where(
      and(
        eq(callbackTasks.state, 'done'),
        isNotNull(callbackTasks.answer),
        gte(callbackTasks.answeredAt, q.from),
        q.to ? lt(callbackTasks.answeredAt, q.to) : undefined,
        or(...who),
      ),
    );
  const of = (key: 'outletId' | 'technicianId', ids: readonly string[]) =>
    new Map(
      aggregateScores(
        rows
          .filter((r) => r[key] && ids.includes(r[key]) && r.answer)
          .map((r) => ({ id: r[key]!, name: '', ...r.answer! })),
      ).map((s) => [s.id, { callbacks: s.callbacks, satisfaction: s.satisfaction }]),
    );
  return { outlets: of('outletId', q.outletIds), technicians: of('technicianId', q.technicianIds) };
}

/**
 * The dispatch suggestion's figures: the rolling satisfaction and, over the same window, the
 * complaints held against each outlet and technician with the score they leave
 * (`countComplaints`, `deductedScore`).
 */
export const satisfactionFigures: SatisfactionOf = async (db: DbLike, q) => {
  const days = await getSetting(db, 'callbacks.scoreDays', q.now);
  const d = await deductionsAt(db, q.now);
  const zone = await zoneAt(db, q.now);
  const from = rollingFrom(q.now, days, zone);
  const f = await satisfactionBetween(db, { ...q, from });
  const facts = await disciplineFacts(db, {
    from,
    to: new Date(q.now.getTime() + 1),
    outletIds: q.outletIds,
    technicianIds: q.technicianIds,
  });
  const window = { from, until: q.now };
  const withCounts = (ids: readonly string[], of: Map<string, Satisfaction>, counts: Map<string, ComplaintCount>) =>
    new Map(
      ids.flatMap((id): [string, Satisfaction][] => {
        const s = of.get(id);
        const c = counts.get(id);
        if (!s && !c) return [];
        return [
          [
            id,
            {
              callbacks: s?.callbacks ?? 0,
              satisfaction: s?.satisfaction ?? 0,
              complaints: c?.complaints ?? 0,
              penalties: c?.penalties ?? 0,
              score: deductedScore(s ? s.satisfaction : null, c, d),
            },
          ],
        ];
      }),
    );
  const outletCounts = countComplaints(
    facts.filter((x) => x.outletId).map((x) => ({ id: x.outletId!, at: x.openedAt, penalty: x.penalty })),
    window,
  );
  const techCounts = countComplaints(
    facts.filter((x) => x.technicianId).map((x) => ({ id: x.technicianId!, at: x.openedAt, penalty: x.penalty })),
    window,
  );
  return {
    days,
    outlets: withCounts(q.outletIds, f.outlets, outletCounts),
    technicians: withCounts(q.technicianIds, f.technicians, techCounts),
  };
};

/** The score deductions in force (callbacks.complaintDeduction, callbacks.penaltyDeduction). */
export async function deductionsAt(db: DbLike, at: Date): Promise<Deductions> {
  return {
    complaint: await getSetting(db, 'callbacks.complaintDeduction', at),
    penalty: await getSetting(db, 'callbacks.penaltyDeduction', at),
  };
}
