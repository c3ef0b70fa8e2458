import { and, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { type Actor, withinScope } from '../../platform/access/index.js';
import { users } from '../../platform/identity/tables.js';
import { complaints } from './tables.js';

/*
 * Complaints held against outlets and technicians, as the callbacks' scores count them
 * (docs/complaints.md, "Handling"; docs/callbacks.md, "Scores"). A complaint is held against
 * the outlet or technician its responsibility names (`/responsibility`, kind outlet or
 * technician); a technician's complaint counts against the technician's outlet too (the outlet
 * a penalty falls on, else the technician's unit). It is a discipline outcome when it carries a
 * penalty. It is dated by its opening, as the monthly complaint report counts complaints.
 */

export interface DisciplineFact {
  complaintId: string;
  /** The outlet it counts against: the responsible outlet, or the responsible technician's outlet. */
  outletId: string | null;
  /** The responsible technician, if a technician was found responsible. */
  technicianId: string | null;
  openedAt: Date;
  /** A discipline penalty was decided (and not withdrawn). */
  penalty: boolean;
}

/**
 * The complaints opened within [from, to) held against these outlets or technicians (all of
 * them when neither list is given), optionally only those the actor reads (the complaint's own
 * scope) and those about orders served within a unit (`pathLike`: the unit's path and `%`).
 */
export async function disciplineFacts(
  db: DbLike,
  q: {
    from: Date;
    to: Date;
    outletIds?: readonly string[];
    technicianIds?: readonly string[];
    readableBy?: Actor;
    pathLike?: string;
  },
): Promise<DisciplineFact[]> {
  const kind = sql<string>`${complaints.responsible}->>'kind'`;
  const responsibleId = sql<string | null>`(${complaints.responsible}->>'id')::uuid`;
  const outletId = sql<string | null>`case when ${kind} = 'outlet' then ${responsibleId}
    else coalesce(${complaints.penaltyUnitId}, ${users.orgUnitId}) end`;
  const whose: SQL[] = [];
  if (q.outletIds?.length) whose.push(inArray(outletId, [...q.outletIds]));
  if (q.technicianIds?.length)
    whose.push(and(sql`${kind} = 'technician'`, inArray(responsibleId, [...q.technicianIds]))!);
  if ((q.outletIds || q.technicianIds) && !whose.length) return [];
  const rows = await db
    .select({
      complaintId: complaints.id,
      kind,
      responsibleId,
      outletId,
      openedAt: complaints.openedAt,
      penaltyFen: complaints.penaltyFen,
    })
    .from(complaints)
    .leftJoin(users, and(sql`${kind} = 'technician'`, eq(users.id, responsibleId)))
    .where(
      and(
        gte(complaints.openedAt, q.from),
        lt(complaints.openedAt, q.to),
        sql`${kind} in ('outlet', 'technician')`,
        whose.length ? or(...whose) : undefined,
        q.readableBy ? withinScope(q.readableBy, complaints.orgPath) : undefined,
        q.pathLike ? sql`${complaints.orgPath} like ${q.pathLike}` : undefined,
      ),
    );
  return rows.map((r) => ({
    complaintId: r.complaintId,
    outletId: r.outletId,
    technicianId: r.kind === 'technician' ? r.responsibleId : null,
    openedAt: r.openedAt,
    penalty: r.penaltyFen !== null,
  }));
}
