import { and, eq, gte, inArray, isNotNull, lt, or, type SQL } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import type { Satisfaction, SatisfactionOf } from '../work-orders/index.js';
import { zoneAt } from './common.js';
import { aggregateScores, rollingFrom } from './rules.js';
import { callbackTasks } from './tables.js';

/*
 * The rolling satisfaction of outlets and technicians (docs/callbacks.md, "Scores"), provided to
 * work orders' dispatch suggestion through its port: the answered callbacks of the last
 * `callbacks.scoreDays` days, aggregated as the scores page does (`aggregateScores`). Company-wide
 * figures, not personal data: the dispatcher sees them for any outlet they may dispatch to.
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

export const satisfactionFigures: SatisfactionOf = async (db: DbLike, q) => {
  const days = await getSetting(db, 'callbacks.scoreDays', q.now);
  const zone = await zoneAt(db, q.now);
  const f = await satisfactionBetween(db, { ...q, from: rollingFrom(q.now, days, zone) });
  return { days, ...f };
};
