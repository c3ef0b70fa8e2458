import { and, asc, inArray, lt, sql } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import { rowsOf } from '../../../db/rows.js';
import { getSetting, SETTINGS, type SettingKey, settingVersions } from '../../../platform/config/index.js';
import { consumptionOfOrders, waitsOfOrders, withheldReturnsOfOrders } from '../../parts/index.js';
import { endedMilestonesOfMany } from '../../sla/index.js';
import { labourPayersOfOrders } from '../../warranty/index.js';
import { completedOrdersOf } from '../../work-orders/index.js';
import type { CenterGroup, CenterSettings } from '../center-rules.js';
import type { FeeRule } from '../contract.js';
import { rulesInForceOn } from '../queries.js';
import type { TimelinessSettings } from '../settlement-rules.js';
import type { OrderFacts, OrderRules } from './build.js';

/*
 * The facts of a month's statements, read in sets (docs/money-statements.md, "Performance"): the
 * orders completed in the month for a batch of units in one statement, then one statement per
 * fact kind for every 20 000 of them (milestones, warranty decisions, parts consumed, parts waits,
 * old parts withheld) — never one per order. The settings are read once per month as their
 * version history and applied at each order's completion; the fee schedule once per day.
 */

/** Orders per fact read (the ids go as one array parameter): a draft's batch in one. */
const CHUNK = 20_000;

export interface MonthWindow {
  month: string;
  timeZone: string;
  /** The month's first instant and the next month's, company time zone. */
  from: Date;
  to: Date;
  /** Each local day of the month with its first instant, in order. */
  days: { day: string; start: number }[];
}

export async function monthWindow(db: DbLike, month: string, now: Date): Promise<MonthWindow> {
  const timeZone = await getSetting(db, 'company.timeZone', now);
  const first = `${month}-01`;
  const rows = rowsOf<{ day: string; start: string | Date }>(
    await db.execute(sql`
      select to_char(d, 'YYYY-MM-DD') as day, (d at time zone ${timeZone}) as start
      from generate_series(${first}::timestamp, (${first}::date + interval '1 month')::timestamp, interval '1 day') as d`),
  );
  const days = rows.map((r) => ({ day: r.day, start: new Date(r.start).getTime() }));
  const end = days.pop()!;
  return { month, timeZone, from: new Date(days[0]!.start), to: new Date(end.start), days };
}

/** The local day of an instant within the window (a binary search over the days' first instants). */
export function dayIn(w: MonthWindow, at: Date): string {
  const t = at.getTime();
  let lo = 0;
  let hi = w.days.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (w.days[mid]!.start <= t) lo = mid;
    else hi = mid - 1;
  }
  return w.days[lo]!.day;
}

const RULE_KEYS = [
  'orders.nearZoneKm',
  'money.onSiteNearHours',
  'money.onSiteFarHours',
  'money.timelinessBonusFen',
  'money.lateCompletionHours',
  'money.lateCompletionPenaltyFen',
  'money.completionCapDays',
  'money.overCapPenaltyFen',
  'money.lateDispatchPenaltyFen',
  'money.centerOver3DaysMaxPercent',
  'money.centerOver7DaysMaxCount',
  'money.centerGroups',
  'money.settleAfter',
] as const satisfies readonly SettingKey[];
type RuleKey = (typeof RULE_KEYS)[number];
type Values = { [K in RuleKey]: (typeof SETTINGS)[K]['default'] };

/**
 * The rules in force at any instant of the month: the settings' versions read once, the fee
 * schedule once per completion day. Orders share the objects of one period of unchanged settings.
 */
export class MonthRules {
  private constructor(
    private readonly db: DbLike,
    /** Instants at which some setting changes, ascending, with the values from each on. */
    private readonly periods: { from: number; values: Values; timeliness: TimelinessSettings }[],
    private readonly fees = new Map<string, Promise<FeeRule[]>>(),
  ) {}

  static async load(db: DbLike, w: MonthWindow): Promise<MonthRules> {
    const versions = await db
      .select({ key: settingVersions.key, value: settingVersions.value, from: settingVersions.effectiveFrom })
      .from(settingVersions)
      .where(and(inArray(settingVersions.key, [...RULE_KEYS]), lt(settingVersions.effectiveFrom, w.to)))
      .orderBy(asc(settingVersions.effectiveFrom), asc(settingVersions.createdAt));
    const at = (t: number): Values => {
      const v = Object.fromEntries(RULE_KEYS.map((k) => [k, SETTINGS[k].default])) as Record<string, unknown>;
      for (const r of versions) if (r.from.getTime() <= t) v[r.key] = r.value;
      return v as Values;
    };
    const starts = [
      w.from.getTime(),
      ...versions.map((r) => r.from.getTime()).filter((t) => t > w.from.getTime() && t < w.to.getTime()),
    ];
    const uniq = [...new Set(starts)].sort((a, b) => a - b);
    const periods = uniq.map((from) => {
      const values = at(from);
      return { from, values, timeliness: timelinessOf(values) };
    });
    return new MonthRules(db, periods);
  }

  private period(at: Date) {
    const t = at.getTime();
    let out = this.periods[0]!;
    for (const p of this.periods) if (p.from <= t) out = p;
    return out;
  }

  /** The rules an order completed at `at` on `day` is judged by. */
  async forOrder(at: Date, day: string): Promise<OrderRules> {
    const p = this.period(at);
    return {
      timeliness: p.timeliness,
      nearZoneKm: p.values['orders.nearZoneKm'],
      feeRules: await this.feeRules(day),
      settleAfter: p.values['money.settleAfter'],
    };
  }

  feeRules(day: string): Promise<FeeRule[]> {
    let f = this.fees.get(day);
    if (!f) {
      f = rulesInForceOn(this.db, day);
      this.fees.set(day, f);
    }
    return f;
  }

  /** The center settings at the month's end (the month is judged as a whole) and the center's group. */
  center(provinceCode: string | null): { settings: CenterSettings; group: CenterGroup | null } {
    const v = this.periods[this.periods.length - 1]!.values;
    const province = provinceCode ? provinceCode.slice(0, 2) : null;
    const group = province ? (v['money.centerGroups'].find((g) => g.provinces.includes(province)) ?? null) : null;
    return {
      settings: {
        lateCompletionHours: v['money.lateCompletionHours'],
        completionCapDays: v['money.completionCapDays'],
        over3DaysMaxPercent: v['money.centerOver3DaysMaxPercent'],
        over7DaysMaxCount: v['money.centerOver7DaysMaxCount'],
      },
      group,
    };
  }
}

function timelinessOf(v: Values): TimelinessSettings {
  return {
    nearKm: v['orders.nearZoneKm'],
    onSiteNearHours: v['money.onSiteNearHours'],
    onSiteFarHours: v['money.onSiteFarHours'],
    bonusFenByClass: v['money.timelinessBonusFen'],
    lateCompletionHours: v['money.lateCompletionHours'],
    lateCompletionPenaltyFen: v['money.lateCompletionPenaltyFen'],
    completionCapDays: v['money.completionCapDays'],
    overCapPenaltyFen: v['money.overCapPenaltyFen'],
    lateDispatchPenaltyFen: v['money.lateDispatchPenaltyFen'],
  };
}

export interface FactsWithTime extends OrderFacts {
  completedAt: Date;
}

/**
 * The month's completed orders of some outlets and centers with every fact the lines need, in
 * completion order: one statement for the orders, then per 20 000 orders one per fact kind.
 */
export async function loadOrderFacts(
  db: DbLike,
  w: MonthWindow,
  units: {
    outletIds: readonly string[];
    centerIds: readonly string[];
    orderIds?: readonly string[];
    /** Not the orders of these outlets (read with them already). */
    exceptOutletIds?: readonly string[];
  },
  now: Date,
): Promise<FactsWithTime[]> {
  const orders = await completedOrdersOf(db, { from: w.from, to: w.to, ...units });
  const out: FactsWithTime[] = [];
  for (let i = 0; i < orders.length; i += CHUNK) {
    const slice = orders.slice(i, i + CHUNK);
    const ids = slice.map((o) => o.id);
    // One after the other: `db` is the command's transaction, one connection.
    const milestones = await endedMilestonesOfMany(db, ids, now);
    const payers = await labourPayersOfOrders(db, ids);
    const consumed = await consumptionOfOrders(db, ids);
    const waits = await waitsOfOrders(db, ids);
    const withheld = await withheldReturnsOfOrders(db, ids);
    for (const o of slice)
      out.push({
        ...o,
        day: dayIn(w, o.completedAt),
        milestones: milestones.get(o.id) ?? [],
        partsWaits: waits.get(o.id) ?? [],
        labourPayer: payers.get(o.id)?.labour ?? null,
        consumed: consumed.get(o.id) ?? [],
        withheld: withheld.get(o.id) ?? [],
      });
  }
  return out;
}
