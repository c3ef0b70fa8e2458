import { and, asc, count, desc, eq, gte, lt } from 'drizzle-orm';
import { localParts } from '../../../shared/time-zone.js';
import { requirePermission, withinScope } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { recordNotFound } from '../../platform/records.js';
import { dayInfo, dueAt, packageKnowsYear } from './calendar-math.js';
import { loadCalendar } from './commands/calendars.js';
import type {
  Calendar,
  CalendarDay,
  CalendarYear,
  DayOverride,
  Milestone,
  Policy,
  PolicyHistory,
  PolicySummary,
} from './contract.js';
import { milestonesOf } from './milestones.js';
import { ENTITY_NAMES } from './names.js';
import { specificity, versionsInForce } from './rules.js';
import { loadCalendarSpec } from './store.js';
import { slaCalendars, slaCalendarYears, slaDayOverrides, slaMilestones, slaPolicies } from './tables.js';

type CalendarRow = typeof slaCalendars.$inferSelect;
type PolicyRow = typeof slaPolicies.$inferSelect;

function calendarView(row: CalendarRow, companyZone: string, overrideCount: number): Calendar {
  return { ...row, effectiveTimeZone: row.timeZone ?? companyZone, overrideCount };
}

export async function listCalendars(ctx: Ctx): Promise<Calendar[]> {
  requirePermission(ctx.actor, 'orders.read');
  const [rows, counts, zone] = await Promise.all([
    ctx.db.select().from(slaCalendars).orderBy(asc(slaCalendars.code)),
    ctx.db
      .select({ id: slaDayOverrides.calendarId, n: count() })
      .from(slaDayOverrides)
      .groupBy(slaDayOverrides.calendarId),
    getSetting(ctx.db, 'company.timeZone', ctx.now),
  ]);
  const n = new Map(counts.map((c) => [c.id, c.n]));
  return rows.map((r) => calendarView(r, zone, n.get(r.id) ?? 0));
}

export async function getCalendar(ctx: Ctx, id: string): Promise<Calendar> {
  requirePermission(ctx.actor, 'orders.read');
  const row = await loadCalendar(ctx.db, ctx, id);
  const [[c], zone] = await Promise.all([
    ctx.db.select({ n: count() }).from(slaDayOverrides).where(eq(slaDayOverrides.calendarId, id)),
    getSetting(ctx.db, 'company.timeZone', ctx.now),
  ]);
  return calendarView(row, zone, c?.n ?? 0);
}

export async function listOverrides(ctx: Ctx, calendarId: string, year?: number): Promise<DayOverride[]> {
  requirePermission(ctx.actor, 'orders.read');
  await loadCalendar(ctx.db, ctx, calendarId);
  const where = [eq(slaDayOverrides.calendarId, calendarId)];
  if (year) where.push(gte(slaDayOverrides.date, `${year}-01-01`), lt(slaDayOverrides.date, `${year + 1}-01-01`));
  return ctx.db
    .select({
      id: slaDayOverrides.id,
      date: slaDayOverrides.date,
      kind: slaDayOverrides.kind,
      note: slaDayOverrides.note,
    })
    .from(slaDayOverrides)
    .where(and(...where))
    .orderBy(asc(slaDayOverrides.date));
}

/**
 * Statutory data per working calendar and year: last year to next year, plus any year with
 * overrides. A year without package data and not confirmed is provisional (the admin page shows
 * a red warning for the current and coming years).
 */
export async function calendarYears(ctx: Ctx): Promise<CalendarYear[]> {
  requirePermission(ctx.actor, 'orders.read');
  const zone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  const thisYear = Number(localParts(ctx.now, zone).year);
  const [calendars, overrides, confirmed] = await Promise.all([
    ctx.db.select().from(slaCalendars).where(eq(slaCalendars.kind, 'working')).orderBy(asc(slaCalendars.code)),
    ctx.db.select({ calendarId: slaDayOverrides.calendarId, date: slaDayOverrides.date }).from(slaDayOverrides),
    ctx.db.select().from(slaCalendarYears),
  ]);
  const out: CalendarYear[] = [];
  for (const c of calendars) {
    const years = new Set([thisYear - 1, thisYear, thisYear + 1]);
    const mine = overrides.filter((o) => o.calendarId === c.id);
    for (const o of mine) years.add(Number(o.date.slice(0, 4)));
    for (const y of confirmed.filter((x) => x.calendarId === c.id)) years.add(y.year);
    for (const year of [...years].sort()) {
      const conf = confirmed.find((x) => x.calendarId === c.id && x.year === year);
      const packageData = packageKnowsYear(year);
      out.push({
        calendarId: c.id,
        calendarCode: c.code,
        calendarName: c.name,
        year,
        packageData,
        overrides: mine.filter((o) => o.date.startsWith(`${year}-`)).length,
        confirmedAt: conf?.confirmedAt.toISOString() ?? null,
        provisional: !packageData && !conf,
      });
    }
  }
  return out;
}

/** Every day of a month with work/off and why (the month view). */
export async function monthDays(ctx: Ctx, calendarId: string, month: string): Promise<CalendarDay[]> {
  requirePermission(ctx.actor, 'orders.read');
  const loaded = await loadCalendarSpec(ctx.db, calendarId, ctx.now);
  if (!loaded) throw recordNotFound(ctx.lang, ENTITY_NAMES.calendar);
  const notes = await ctx.db
    .select({ date: slaDayOverrides.date, note: slaDayOverrides.note })
    .from(slaDayOverrides)
    .where(
      and(
        eq(slaDayOverrides.calendarId, calendarId),
        gte(slaDayOverrides.date, `${month}-01`),
        lt(slaDayOverrides.date, `${month}-99`),
      ),
    );
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const out: CalendarDay[] = [];
  for (let d = 1; d <= days; d++) {
    const date = `${month}-${String(d).padStart(2, '0')}`;
    const info =
      loaded.spec.kind === '24x7'
        ? { date, work: true, source: 'weekday' as const, provisional: false, name: undefined }
        : dayInfo(loaded.spec, date);
    out.push({ ...info, name: info.name ?? null, note: notes.find((n) => n.date === date)?.note ?? null });
  }
  return out;
}

export async function previewDue(ctx: Ctx, input: { start: string; limitMinutes: number; calendarId: string }) {
  requirePermission(ctx.actor, 'orders.read');
  const loaded = await loadCalendarSpec(ctx.db, input.calendarId, ctx.now);
  if (!loaded) throw recordNotFound(ctx.lang, ENTITY_NAMES.calendar, 'body.calendarId');
  const r = dueAt(new Date(input.start), input.limitMinutes, loaded.spec);
  return { due: r.due?.toISOString() ?? null, provisional: r.provisional };
}

function policyView(row: PolicyRow): Policy {
  return {
    ...row,
    effectiveFrom: row.effectiveFrom.toISOString(),
    createdAt: row.createdAt.toISOString(),
    note: row.note ?? null,
    specificity: specificity(row),
  };
}

/** Each policy in its version in force now (or its first version, when that starts later). */
export async function listPolicies(ctx: Ctx): Promise<PolicySummary[]> {
  requirePermission(ctx.actor, 'orders.read');
  const rows = await ctx.db.select().from(slaPolicies).orderBy(asc(slaPolicies.code), asc(slaPolicies.version));
  const inForce = new Map(versionsInForce(rows, ctx.now).map((r) => [r.code, r]));
  const byCode = new Map<string, PolicyRow[]>();
  for (const r of rows) byCode.set(r.code, [...(byCode.get(r.code) ?? []), r]);
  return [...byCode.entries()].map(([code, versions]) => {
    const current = inForce.get(code) ?? versions[0]!;
    return { ...policyView(current), inForce: inForce.has(code), latestVersion: versions.at(-1)!.version };
  });
}

export async function policyHistory(ctx: Ctx, code: string): Promise<PolicyHistory> {
  requirePermission(ctx.actor, 'orders.read');
  const rows = await ctx.db
    .select()
    .from(slaPolicies)
    .where(eq(slaPolicies.code, code))
    .orderBy(desc(slaPolicies.version));
  if (!rows.length) throw recordNotFound(ctx.lang, ENTITY_NAMES.policy);
  return { code, versions: rows.map(policyView) };
}

/** An order's milestones, if the order sits in the caller's subtree (its org_path, copied on the rows). */
export async function orderMilestones(ctx: Ctx, orderId: string): Promise<Milestone[]> {
  requirePermission(ctx.actor, 'orders.read');
  const [visible] = await ctx.db
    .select({ id: slaMilestones.id })
    .from(slaMilestones)
    .where(and(eq(slaMilestones.orderId, orderId), withinScope(ctx.actor, slaMilestones.orgPath)))
    .limit(1);
  if (!visible) throw recordNotFound(ctx.lang, ENTITY_NAMES.order);
  return milestonesOf(ctx.db, orderId, ctx.now);
}
