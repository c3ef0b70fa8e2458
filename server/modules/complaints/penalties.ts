import { and, asc, eq, gt, gte, inArray, isNotNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { users } from '../../platform/identity/tables.js';
import type { PenaltyAt } from './penalty-port.js';
import { complaints } from './tables.js';

/*
 * Discipline penalties as settlement reads them (docs/money-statements.md, "Complaint
 * penalties"): in sets, by month and outlet, never one complaint at a time.
 */

export interface ComplaintPenalty {
  complaintId: string;
  complaintCode: string;
  /** The outlet it falls on (the outlet, or the technician's outlet). */
  outletId: string;
  technicianId: string | null;
  technicianName: string | null;
  penaltyFen: number;
  reason: string;
  decidedAt: Date;
  /** The orders the complaint is about, by code. */
  orderCodes: string[];
}

const orderCodes = sql<string[] | null>`(select array_agg(co.order_code order by co.order_code)
  from complaint_orders co where co.complaint_id = ${complaints.id})`;

/** The penalties first decided within [from, to) that fall on these outlets, by decision time. */
export async function penaltiesDecidedIn(
  db: DbLike,
  window: { from: Date; to: Date },
  outletIds: readonly string[],
): Promise<ComplaintPenalty[]> {
  if (!outletIds.length) return [];
  const rows = await db
    .select({
      complaintId: complaints.id,
      complaintCode: complaints.code,
      outletId: complaints.penaltyUnitId,
      technicianId: complaints.penaltyTechnicianId,
      technicianName: users.displayName,
      penaltyFen: complaints.penaltyFen,
      reason: complaints.penaltyReason,
      decidedAt: complaints.penaltyDecidedAt,
      orderCodes,
    })
    .from(complaints)
    .leftJoin(users, eq(users.id, complaints.penaltyTechnicianId))
    .where(
      and(
        inArray(complaints.penaltyUnitId, [...outletIds]),
        isNotNull(complaints.penaltyFen),
        gte(complaints.penaltyDecidedAt, window.from),
        lt(complaints.penaltyDecidedAt, window.to),
      ),
    )
    .orderBy(asc(complaints.penaltyDecidedAt), asc(complaints.code));
  return rows.map((r) => ({
    ...r,
    outletId: r.outletId!,
    penaltyFen: r.penaltyFen ?? 0,
    reason: r.reason ?? '',
    decidedAt: r.decidedAt!,
    orderCodes: r.orderCodes ?? [],
  }));
}

export interface PenaltyNow {
  complaintId: string;
  complaintCode: string;
  decidedAt: Date;
  /** The penalty as it stands; null when withdrawn. */
  current: PenaltyAt | null;
}

/**
 * Penalties decided within [from, to) that changed after `since`: those of the given complaints
 * (the lines a statement holds) and those now falling on the outlet. A statement sent after such a
 * change carries the difference (the draft was computed before it).
 */
export async function penaltiesChangedSince(
  db: DbLike,
  q: { complaintIds: readonly string[]; outletId: string; from: Date; to: Date },
  since: Date,
): Promise<PenaltyNow[]> {
  const whose: SQL[] = [eq(complaints.penaltyUnitId, q.outletId)];
  if (q.complaintIds.length) whose.push(inArray(complaints.id, [...q.complaintIds]));
  const rows = await db
    .select({
      complaintId: complaints.id,
      complaintCode: complaints.code,
      decidedAt: complaints.penaltyDecidedAt,
      unitId: complaints.penaltyUnitId,
      fen: complaints.penaltyFen,
    })
    .from(complaints)
    .where(
      and(
        or(...whose),
        gt(complaints.updatedAt, since),
        gte(complaints.penaltyDecidedAt, q.from),
        lt(complaints.penaltyDecidedAt, q.to),
      ),
    )
    .orderBy(asc(complaints.code));
  return rows.map((r) => ({
    complaintId: r.complaintId,
    complaintCode: r.complaintCode,
    decidedAt: r.decidedAt!,
    current: r.fen !== null && r.unitId ? { unitId: r.unitId, fen: r.fen } : null,
  }));
}
