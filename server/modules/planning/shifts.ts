import { and, eq, inArray } from 'drizzle-orm';
import type { ErrorCode, FieldError } from '../../../shared/errors.js';
import type { DbLike } from '../../db/client.js';
import { pathInScope, requirePermission } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events/index.js';
import { orgUnits, users } from '../../platform/identity/tables.js';
import { assertVersion, recordNotFound } from '../../platform/records.js';
import { technicianIdsOf } from './board.js';
import type { Shift, ShiftBody } from './contract.js';
import { clockMinutes } from './rules.js';
import { planningShifts } from './tables.js';

/*
 * Technicians' shifts for planning: the stored row, or the settings' default shift (not stored,
 * version 0). Read and written by the outlet's planners (orders.dispatch) for technicians of their
 * scope; anyone else's id reads as not found.
 */

const NAME = { 'zh-CN': '工程师', en: 'Technician' };

type ShiftRow = typeof planningShifts.$inferSelect;

function shiftOfRow(userId: string, row: ShiftRow): Shift {
  return {
    userId,
    start: row.start,
    end: row.end,
    breakFrom: row.breakFrom,
    breakTo: row.breakTo,
    breakMinutes: row.breakMinutes,
    startAt: row.startAt,
    home: row.home ?? null,
    maxJobs: row.maxJobs,
    daysOff: row.daysOff,
    stored: true,
    version: row.version,
  };
}

/** The shifts of these technicians: stored, else the settings' default. */
export async function shiftsOf(db: DbLike, now: Date, userIds: readonly string[]): Promise<Map<string, Shift>> {
  const def = await getSetting(db, 'planning.shift', now);
  const rows = userIds.length
    ? await db
        .select()
        .from(planningShifts)
        .where(inArray(planningShifts.userId, [...userIds]))
    : [];
  const stored = new Map(rows.map((r) => [r.userId, r]));
  return new Map(
    userIds.map((id) => {
      const r = stored.get(id);
      return [
        id,
        r
          ? shiftOfRow(id, r)
          : {
              userId: id,
              ...def,
              startAt: 'outlet' as const,
              home: null,
              maxJobs: null,
              daysOff: [],
              stored: false,
              version: 0,
            },
      ];
    }),
  );
}

/** One technician's shift. */
export async function shiftOf(db: DbLike, now: Date, userId: string): Promise<Shift> {
  return (await shiftsOf(db, now, [userId])).get(userId)!;
}

/** A technician (carries out orders, does not dispatch them) of an outlet within the caller's scope; 404 otherwise. */
async function technicianInScope(db: DbLike, ctx: Ctx, userId: string): Promise<{ id: string; path: string }> {
  const [u] = await db
    .select({ id: users.id, orgUnitId: users.orgUnitId, path: orgUnits.path })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(and(eq(users.id, userId), eq(users.active, true)));
  if (!u || !pathInScope(ctx.actor, u.path)) throw recordNotFound(ctx.lang, NAME);
  const techs = await technicianIdsOf(db, u.orgUnitId);
  if (!techs.some((t) => t.id === userId)) throw recordNotFound(ctx.lang, NAME);
  return { id: u.id, path: u.path };
}

/** GET /api/planning/shifts/:userId */
export async function getShift(ctx: Ctx, userId: string): Promise<Shift> {
  requirePermission(ctx.actor, 'orders.dispatch');
  await technicianInScope(ctx.db, ctx, userId);
  return shiftOf(ctx.db, ctx.now, userId);
}

/** What is wrong with a shift, each naming its field (pure). */
export function shiftProblems(body: Omit<ShiftBody, 'version'>): FieldError[] {
  const bad: FieldError[] = [];
  const add = (path: string, code: ErrorCode) => bad.push({ path: `body.${path}`, code, message: '' });
  if (body.startAt === 'home' && !body.home) add('home', 'planning.shift_home_required');
  const start = clockMinutes(body.start);
  const end = clockMinutes(body.end);
  if (end <= start) add('end', 'planning.shift_end_before_start');
  if (body.breakMinutes > 0) {
    const from = clockMinutes(body.breakFrom);
    const to = clockMinutes(body.breakTo);
    if (from < start || from > end) add('breakFrom', 'planning.shift_break_outside');
    if (to < from || to + body.breakMinutes > end) add('breakTo', 'planning.shift_break_outside');
  }
  return bad;
}

/** PUT /api/planning/shifts/:userId: store the technician's shift (version 0 when none is stored yet). */
export async function saveShift(ctx: Ctx, userId: string, body: ShiftBody): Promise<Shift> {
  requirePermission(ctx.actor, 'orders.dispatch');
  const problems = shiftProblems(body);
  if (problems.length) throw new AppError(problems[0]!.code as ErrorCode, {}, problems);
  return ctx.db.transaction(async (tx) => {
    const tech = await technicianInScope(tx, ctx, userId);
    const [row] = await tx.select().from(planningShifts).where(eq(planningShifts.userId, userId)).for('update');
    await assertVersion(
      tx,
      ctx,
      { entity: 'planning_shift', entityId: userId, version: row?.version ?? 0, updatedAt: row?.updatedAt },
      body.version,
    );
    const fields = {
      start: body.start,
      end: body.end,
      breakFrom: body.breakFrom,
      breakTo: body.breakTo,
      breakMinutes: body.breakMinutes,
      startAt: body.startAt,
      home: body.home,
      maxJobs: body.maxJobs,
      daysOff: [...new Set(body.daysOff)].sort(),
    };
    const [saved] = row
      ? await tx
          .update(planningShifts)
          .set({ ...fields, orgPath: tech.path, version: row.version + 1, updatedAt: ctx.now })
          .where(eq(planningShifts.userId, userId))
          .returning()
      : await tx
          .insert(planningShifts)
          .values({ ...fields, userId, orgPath: tech.path, version: 1, createdAt: ctx.now, updatedAt: ctx.now })
          .returning();
    const before = row ? shiftOfRow(userId, row) : null;
    const after = shiftOfRow(userId, saved!);
    await appendEvent(tx, ctx, {
      entity: 'planning_shift',
      entityId: userId,
      action: row ? 'updated' : 'created',
      before: before ? { ...fields, ...pick(before) } : undefined,
      after: { ...fields, ...pick(after) },
      orgPath: tech.path,
    });
    return after;
  });
}

function pick(s: Shift) {
  return {
    start: s.start,
    end: s.end,
    breakFrom: s.breakFrom,
    breakTo: s.breakTo,
    breakMinutes: s.breakMinutes,
    startAt: s.startAt,
    home: s.home,
    maxJobs: s.maxJobs,
    daysOff: s.daysOff,
  };
}
