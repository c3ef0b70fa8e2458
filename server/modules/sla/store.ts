import { eq, inArray } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import { type CalendarSpec, type Interval, parseClock } from './calendar-math.js';
import { slaCalendars, slaCalendarYears, slaDayOverrides, type WeekHours } from './tables.js';

export type CalendarRow = typeof slaCalendars.$inferSelect;

/** Default working hours as stored: Mon–Fri 09:00–12:00 and 13:00–18:00. */
export const OFFICE_WEEK: WeekHours = [0, 1, 2, 3, 4, 5, 6].map((d) =>
  d < 5
    ? [
        { from: '09:00', to: '12:00' },
        { from: '13:00', to: '18:00' },
      ]
    : [],
);

export function toIntervals(hours: WeekHours): Interval[][] {
  return hours.map((day) =>
    day
      .map((i): Interval => [parseClock(i.from) ?? 0, parseClock(i.to) ?? 0])
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0]),
  );
}

/** Builds the pure calendar of rows already read. */
export function specOf(
  row: CalendarRow,
  companyZone: string,
  overrides: { date: string; kind: 'work' | 'off' }[],
  confirmedYears: number[],
): CalendarSpec {
  return {
    kind: row.kind,
    timeZone: row.timeZone ?? companyZone,
    hours: toIntervals(row.hours),
    overrides: new Map(overrides.map((o) => [o.date, o.kind])),
    confirmedYears: new Set(confirmedYears),
  };
}

/** Calendars by id with their overrides and confirmed years, ready for the arithmetic. */
export async function loadCalendarSpecs(
  db: DbLike,
  where: { ids?: string[]; codes?: string[] },
  at: Date,
): Promise<Map<string, { row: CalendarRow; spec: CalendarSpec }>> {
  const out = new Map<string, { row: CalendarRow; spec: CalendarSpec }>();
  const rows = where.ids
    ? where.ids.length
      ? await db.select().from(slaCalendars).where(inArray(slaCalendars.id, where.ids))
      : []
    : where.codes?.length
      ? await db.select().from(slaCalendars).where(inArray(slaCalendars.code, where.codes))
      : [];
  if (!rows.length) return out;
  const ids = rows.map((r) => r.id);
  // One at a time: the SLA signals call this inside a transaction, which has one connection.
  const zone = await getSetting(db, 'company.timeZone', at);
  const overrides = await db
    .select({ calendarId: slaDayOverrides.calendarId, date: slaDayOverrides.date, kind: slaDayOverrides.kind })
    .from(slaDayOverrides)
    .where(inArray(slaDayOverrides.calendarId, ids));
  const years = await db
    .select({ calendarId: slaCalendarYears.calendarId, year: slaCalendarYears.year })
    .from(slaCalendarYears)
    .where(inArray(slaCalendarYears.calendarId, ids));
  for (const row of rows) {
    out.set(row.id, {
      row,
      spec: specOf(
        row,
        zone,
        overrides.filter((o) => o.calendarId === row.id),
        years.filter((y) => y.calendarId === row.id).map((y) => y.year),
      ),
    });
  }
  return out;
}

export async function loadCalendarSpec(db: DbLike, id: string, at: Date) {
  return (await loadCalendarSpecs(db, { ids: [id] }, at)).get(id) ?? null;
}

export async function calendarByCode(db: DbLike, code: string): Promise<CalendarRow | null> {
  const [row] = await db.select().from(slaCalendars).where(eq(slaCalendars.code, code));
  return row ?? null;
}
