import type { Db } from '../../db/client.js';
import { instanceCache } from '../../platform/cache/index.js';
import type { CalendarSpec } from './calendar-math.js';
import { type CalendarRow, specOf } from './store.js';
import { slaCalendars, slaCalendarYears, slaDayOverrides, slaPolicies } from './tables.js';

/*
 * The policies and calendars as one per-instance snapshot (platform/cache), for the paths that
 * plan milestones of many new orders: every policy version, every calendar with its day
 * overrides and confirmed years. The commands that change them call
 * `invalidateCaches(tx, [SLA_CACHE])`, so a policy or calendar edit applies to the next order on
 * every instance.
 */

export const SLA_CACHE = 'sla';

export type PolicyRow = typeof slaPolicies.$inferSelect;

export interface SlaConfig {
  policies: PolicyRow[];
  calendarsByCode: Map<string, CalendarRow>;
  /** The pure calendars by code for one company time zone, built once per zone. */
  specs(zone: string): Map<string, { row: CalendarRow; spec: CalendarSpec }>;
}

async function load(db: Db): Promise<SlaConfig> {
  // One at a time: `db` may be a transaction (an order created inside a command), one connection.
  const policies = await db.select().from(slaPolicies);
  const calendars = await db.select().from(slaCalendars);
  const overrides = await db
    .select({ calendarId: slaDayOverrides.calendarId, date: slaDayOverrides.date, kind: slaDayOverrides.kind })
    .from(slaDayOverrides);
  const years = await db
    .select({ calendarId: slaCalendarYears.calendarId, year: slaCalendarYears.year })
    .from(slaCalendarYears);
  const built = new Map<string, Map<string, { row: CalendarRow; spec: CalendarSpec }>>();
  return {
    policies,
    calendarsByCode: new Map(calendars.map((c) => [c.code, c])),
    specs(zone) {
      let byCode = built.get(zone);
      if (!byCode) {
        byCode = new Map(
          calendars.map((row) => [
            row.code,
            {
              row,
              spec: specOf(
                row,
                zone,
                overrides.filter((o) => o.calendarId === row.id),
                years.filter((y) => y.calendarId === row.id).map((y) => y.year),
              ),
            },
          ]),
        );
        built.set(zone, byCode);
      }
      return byCode;
    },
  };
}

const cache = instanceCache<SlaConfig>(SLA_CACHE, load);

/** The current policies and calendars of this database, from the instance's cache. */
export function slaConfig(db: Db): Promise<SlaConfig> {
  return cache.get(db);
}
