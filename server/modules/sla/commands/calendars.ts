import { and, eq, inArray } from 'drizzle-orm';
import { isTimeZone } from '../../../../shared/time-zone.js';
import type { DbLike } from '../../../db/client.js';
import { requirePermission } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { invalidateCaches } from '../../../platform/cache/index.js';
import { appendEvent } from '../../../platform/events/index.js';
import { assertVersion, recordNotFound } from '../../../platform/records.js';
import { parseClock } from '../calendar-math.js';
import type { CalendarCreate, CalendarUpdate, OverridesBody, OverridesRemoveBody } from '../contract.js';
import { replanCalendar } from '../milestones.js';
import { SLA_CACHE } from '../config.js';
import { ENTITY_NAMES } from '../names.js';
import { OFFICE_WEEK } from '../store.js';
import { slaCalendars, slaCalendarYears, slaDayOverrides, type WeekHours } from '../tables.js';

/*
 * Business calendars: hours, day overrides (which win over chinese-days) and confirmed years.
 * Company-wide settings, so guarded by settings.manage, audited like every command.
 */

const ALWAYS: WeekHours = [[], [], [], [], [], [], []];

function checkHours(hours: WeekHours, kind: '24x7' | 'working'): void {
  hours.forEach((day, d) => {
    const spans = day.map((i, n) => {
      const a = parseClock(i.from);
      const b = parseClock(i.to);
      if (a === null || b === null || b <= a)
        throw fieldError(`body.hours.${d}.${n}`, 'sla.hours_invalid', { field: `hours[${d}][${n}]` });
      return [a, b] as const;
    });
    spans.sort((x, y) => x[0] - y[0]);
    for (let n = 1; n < spans.length; n++) {
      if (spans[n]![0] < spans[n - 1]![1])
        throw fieldError(`body.hours.${d}`, 'sla.hours_invalid', { field: `hours[${d}]` });
    }
  });
  if (kind === 'working' && hours.every((d) => d.length === 0))
    throw fieldError('body.hours', 'sla.no_working_time', { field: 'hours' });
}

function checkZone(tz: string | null | undefined): void {
  if (tz && !isTimeZone(tz)) throw fieldError('body.timeZone', 'sla.time_zone_invalid', { value: tz });
}

export async function loadCalendar(db: DbLike, ctx: Pick<Ctx, 'lang'>, id: string, lock = false) {
  const q = db.select().from(slaCalendars).where(eq(slaCalendars.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw recordNotFound(ctx.lang, ENTITY_NAMES.calendar);
  return row;
}

export async function createCalendar(ctx: Ctx, input: CalendarCreate) {
  requirePermission(ctx.actor, 'settings.manage');
  const hours = input.hours ?? (input.kind === 'working' ? OFFICE_WEEK : ALWAYS);
  checkHours(hours, input.kind);
  checkZone(input.timeZone);
  return ctx.db.transaction(async (tx) => {
    // Orders planned after this commit see the change on every instance (config.ts).
    await invalidateCaches(tx, [SLA_CACHE]);
    const [dup] = await tx.select({ id: slaCalendars.id }).from(slaCalendars).where(eq(slaCalendars.code, input.code));
    if (dup)
      throw new AppError('entity.duplicate', { field: 'code', value: input.code }, [
        { path: 'body.code', code: 'entity.duplicate', message: '' },
      ]);
    const [row] = await tx
      .insert(slaCalendars)
      .values({
        code: input.code,
        name: input.name,
        timeZone: input.timeZone ?? null,
        kind: input.kind,
        hours,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await appendEvent(tx, ctx, { entity: 'sla_calendar', entityId: row!.id, action: 'create', after: row });
    return row!;
  });
}

export async function updateCalendar(ctx: Ctx, id: string, input: CalendarUpdate) {
  requirePermission(ctx.actor, 'settings.manage');
  checkZone(input.timeZone);
  return ctx.db.transaction(async (tx) => {
    // Orders planned after this commit see the change on every instance (config.ts).
    await invalidateCaches(tx, [SLA_CACHE]);
    const before = await loadCalendar(tx, ctx, id, true);
    await assertVersion(tx, ctx, { entity: 'sla_calendar', entityId: id, version: before.version }, input.version);
    const kind = input.kind ?? before.kind;
    const hours = input.hours ?? before.hours;
    checkHours(hours, kind);
    const { version: _v, ...patch } = input;
    const [row] = await tx
      .update(slaCalendars)
      .set({
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
        version: before.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(slaCalendars.id, id))
      .returning();
    await appendEvent(tx, ctx, { entity: 'sla_calendar', entityId: id, action: 'update', before, after: row });
    await replanCalendar(tx, id, ctx.now);
    return row!;
  });
}

/** Adds or replaces day overrides in bulk (e.g. the State Council's announcement pasted as dates). */
export async function upsertOverrides(ctx: Ctx, calendarId: string, input: OverridesBody) {
  requirePermission(ctx.actor, 'settings.manage');
  return ctx.db.transaction(async (tx) => {
    // Orders planned after this commit see the change on every instance (config.ts).
    await invalidateCaches(tx, [SLA_CACHE]);
    await loadCalendar(tx, ctx, calendarId, true);
    const dates = input.items.map((i) => i.date);
    const seen = new Set<string>();
    input.items.forEach((i, n) => {
      if (
        Number.isNaN(Date.parse(`${i.date}T00:00:00Z`)) ||
        new Date(`${i.date}T00:00:00Z`).toISOString().slice(0, 10) !== i.date
      ) {
        throw fieldError(`body.items.${n}.date`, 'validation.failed');
      }
      if (seen.has(i.date))
        throw fieldError(`body.items.${n}.date`, 'entity.duplicate', { field: 'date', value: i.date });
      seen.add(i.date);
    });
    const before = await tx
      .select()
      .from(slaDayOverrides)
      .where(and(eq(slaDayOverrides.calendarId, calendarId), inArray(slaDayOverrides.date, dates)));
    if (before.length)
      await tx.delete(slaDayOverrides).where(
        inArray(
          slaDayOverrides.id,
          before.map((b) => b.id),
        ),
      );
    const rows = await tx
      .insert(slaDayOverrides)
      .values(
        input.items.map((i) => ({
          calendarId,
          date: i.date,
          kind: i.kind,
          note: i.note ?? null,
          createdBy: ctx.actor.id,
          createdAt: ctx.now,
        })),
      )
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'sla_calendar',
      entityId: calendarId,
      action: 'overrides.set',
      before: { overrides: before.map((b) => `${b.date}:${b.kind}`) },
      after: { overrides: rows.map((r) => `${r.date}:${r.kind}`) },
    });
    await replanCalendar(tx, calendarId, ctx.now);
    return rows;
  });
}

export async function removeOverrides(ctx: Ctx, calendarId: string, input: OverridesRemoveBody) {
  requirePermission(ctx.actor, 'settings.manage');
  return ctx.db.transaction(async (tx) => {
    // Orders planned after this commit see the change on every instance (config.ts).
    await invalidateCaches(tx, [SLA_CACHE]);
    await loadCalendar(tx, ctx, calendarId, true);
    const removed = await tx
      .delete(slaDayOverrides)
      .where(and(eq(slaDayOverrides.calendarId, calendarId), inArray(slaDayOverrides.date, input.dates)))
      .returning();
    if (removed.length) {
      await appendEvent(tx, ctx, {
        entity: 'sla_calendar',
        entityId: calendarId,
        action: 'overrides.remove',
        before: { overrides: removed.map((b) => `${b.date}:${b.kind}`) },
        after: { overrides: [] },
      });
      await replanCalendar(tx, calendarId, ctx.now);
    }
    return { removed: removed.length };
  });
}

/** Marks a year's statutory days as entered: its dates stop being provisional. */
export async function confirmYear(ctx: Ctx, calendarId: string, year: number, note: string | null, confirmed: boolean) {
  requirePermission(ctx.actor, 'settings.manage');
  return ctx.db.transaction(async (tx) => {
    // Orders planned after this commit see the change on every instance (config.ts).
    await invalidateCaches(tx, [SLA_CACHE]);
    await loadCalendar(tx, ctx, calendarId, true);
    const where = and(eq(slaCalendarYears.calendarId, calendarId), eq(slaCalendarYears.year, year));
    const [before] = await tx.select().from(slaCalendarYears).where(where);
    if (confirmed && !before) {
      await tx
        .insert(slaCalendarYears)
        .values({ calendarId, year, confirmedBy: ctx.actor.id, confirmedAt: ctx.now, note: note ?? null });
    } else if (!confirmed && before) {
      await tx.delete(slaCalendarYears).where(where);
    } else {
      return;
    }
    await appendEvent(tx, ctx, {
      entity: 'sla_calendar',
      entityId: calendarId,
      action: confirmed ? 'year.confirm' : 'year.unconfirm',
      before: { confirmedYear: before ? year : null },
      after: { confirmedYear: confirmed ? year : null },
      reason: note ?? null,
    });
    await replanCalendar(tx, calendarId, ctx.now);
  });
}
