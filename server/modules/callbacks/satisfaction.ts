import { and, eq, gte, inArray, isNotNull, or, type SQL } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import type { SatisfactionOf } from '../work-orders/index.js';
import { zoneAt } from './common.js';
import { aggregateScores, rollingFrom } from './rules.js';
import { callbackTasks } from './tables.js';

/*
 * The rolling satisfaction of outlets and technicians (docs/callbacks.md, "Scores"), provided to
 * work orders' dispatch suggestion through its port: the answered callbacks of the last
 * `callbacks.scoreDays` days, aggregated as the scores page does (`aggregateScores`). Company-wide
 * figures, not personal data: the dispatcher sees them for any outlet they may dispatch to.
 */
export const satisfactionFigures: SatisfactionOf = async (db: DbLike, q) => {
  const days = await getSetting(db, 'callbacks.scoreDays', q.now);
  const zone = await zoneAt(db, q.now);
  const who: SQL[] = [];
  if (q.outletIds.length) who.push(inArray(callbackTasks.outletId, q.outletIds));
  if (q.technicianIds.length) who.push(inArray(callbackTasks.technicianId, q.technicianIds));
  const empty = { days, outlets: new Map(), technicians: new Map() };
  if (!who.length) return empty;
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
        gte(callbackTasks.answeredAt, rollingFrom(q.now, days, zone)),
        or(...who),
      ),
    );
  const of = (key: 'outletId' | 'technicianId', ids: string[]) =>
    new Map(
      aggregateScores(
        rows
          .filter((r) => r[key] && ids.includes(r[key]) && r.answer)
          .map((r) => ({ id: r[key]!, name: '', ...r.answer! })),
      ).map((s) => [s.id, { callbacks: s.callbacks, satisfaction: s.satisfaction }]),
    );
  return { days, outlets: of('outletId', q.outletIds), technicians: of('technicianId', q.technicianIds) };
};
