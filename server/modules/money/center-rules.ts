import type { Text } from '../../../shared/i18n.js';
import {
  clockMinutes,
  hqPartsWait,
  metMilestone,
  type PartsWaitFacts,
  type SettlementMilestone,
} from './settlement-rules.js';

/*
 * The center figures of a month: the share of orders over 3 days and the count over 7 days
 * against the targets of the center's province group, and whether the center's staff keep the
 * monthly bonus; pure (docs/money-settlement.md).
 *
 * Seed 004 (售后服务工作目标 / 处罚规定):
 * - "在广东、广西…陕西等14省市，实现报到公司总部的维修信息，三天处理完成率达到85%以上，七天处理完成必须
 *   达到100%；在云南、贵州、山东、辽宁、吉林、黑龙江等六省…三天处理完成率达到70%以上";
 * - "辖区内当月所有维修信息超三单据超过21%，当月该省中心服务主任、配件中心管理员、催单文员都取消月度考核
 *   奖金；辖区内当月所有维修信息超七单据超过5张以上…都取消月度考核奖金";
 * - "因总部原因造成超期服务：总部原因缺件：对于网点和服务经理不予处罚";
 * - "如遇恶劣天气或用户自身等原因不能按以上要求完成的，须向用户做好沟通解释工作，并按预约好的上门时间完成".
 *
 * "Over 3 days" is over 72 hours on the SLA module's resolved_cap clock (from the report to
 * completion, waiting for the customer taken off): the seed counts the same delay in hours
 * ("超72小时内未完成维修"), and a period counted in hours runs from the instant (Civil Code art. 201
 * para. 2), not in calendar days. "Over 7 days" is over 7 × 24 h on the same clock.
 *
 * Shares are compared in integers: over × 100 > percent × total, never a division; the share
 * shown is rounded half up to a tenth of a percent, for reading only.
 */

/** One order of the center in the month (completed in it): its milestones and parts waits. */
export interface CenterOrderFacts {
  orderId: string;
  orderCode: string;
  milestones: readonly SettlementMilestone[];
  partsWaits: readonly PartsWaitFacts[];
}

/** A province group and its targets (money.centerGroups). */
export interface CenterGroup {
  code: string;
  name: Text;
  provinces: readonly string[];
  within3DaysPercent: number;
  within7DaysPercent: number;
}

export interface CenterSettings {
  /** money.lateCompletionHours (72): over it is "over 3 days". */
  lateCompletionHours: number;
  /** money.completionCapDays (7). */
  completionCapDays: number;
  /** money.centerOver3DaysMaxPercent (21): the bonus is lost above it. */
  over3DaysMaxPercent: number;
  /** money.centerOver7DaysMaxCount (5): the bonus is lost above it. */
  over7DaysMaxCount: number;
}

export type CenterRule = 'within_3_days' | 'within_7_days' | 'monthly_bonus';

export interface CenterLine {
  kind: 'target' | 'bonus';
  rule: CenterRule;
  outcome: 'met' | 'missed' | 'no_target' | 'kept' | 'lost';
  explanation: Text;
}

export interface CenterMonthFigures {
  /** Orders judged: those with a met resolved_cap milestone. */
  total: number;
  over3Days: number;
  over7Days: number;
  /** Of those over, the ones whose delay was HQ's (a parts wait HQ answers for) or excused. */
  over3DaysHq: number;
  over7DaysHq: number;
  over3DaysExcused: number;
  over7DaysExcused: number;
  /** What the bonus is judged on: over, less the HQ-caused and the excused. */
  over3DaysCounted: number;
  over7DaysCounted: number;
  /** Orders with no met resolved_cap (not judged), by id. */
  notJudged: string[];
  bonusLost: boolean;
  lines: CenterLine[];
}

/** The group a province belongs to (2-digit code), the first listing it; null when none does. */
export function centerGroupOf<G extends Pick<CenterGroup, 'provinces'>>(
  provinceCode: string,
  groups: readonly G[],
): G | null {
  return groups.find((g) => g.provinces.includes(provinceCode)) ?? null;
}

/**
 * One order's completion clock as the center figures judge it: the minutes on its met resolved_cap
 * milestone, whether a parts wait of the order was HQ's, and whether the delay was excused (an
 * HQ-caused delay is counted as HQ's, not as excused). Null when not judged (no met resolved_cap).
 * The reports' read model stores these three figures per order (docs/reports.md).
 */
export function completionClock(
  o: Pick<CenterOrderFacts, 'milestones' | 'partsWaits'>,
): { minutes: number; hq: boolean; excused: boolean } | null {
  const cap = metMilestone(o.milestones, 'resolved_cap');
  if (!cap) return null;
  const hq = hqPartsWait(o.partsWaits) !== null;
  return { minutes: clockMinutes(cap), hq, excused: !hq && cap.excused };
}

/** Over 3 days: more than `lateCompletionHours` on the clock (72 h: 4 320 min is within, 4 321 over). */
export const isOver3Days = (minutes: number, s: Pick<CenterSettings, 'lateCompletionHours'>) =>
  minutes > s.lateCompletionHours * 60;
/** Over 7 days: more than `completionCapDays` × 24 h on the clock. */
export const isOver7Days = (minutes: number, s: Pick<CenterSettings, 'completionCapDays'>) =>
  minutes > s.completionCapDays * 1440;

/** A completion target met: within × 100 ≥ percent × total, in integers (never a division). */
export const meetsTarget = (within: number, total: number, percent: number) => within * 100 >= percent * total;

/** over/total as a percent with one decimal, rounded half up in integers (display only). */
export function percentText(over: number, total: number): string {
  if (total <= 0) return '0%';
  const tenths = Math.floor((over * 2000 + total) / (2 * total));
  return tenths % 10 === 0 ? `${tenths / 10}%` : `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

/**
 * The figures of one center's month and its statement lines:
 * - the 3-day target: (total − over 3 days) × 100 ≥ target × total (the group's, 85 or 70); no
 *   group, no 3-day target;
 * - the 7-day target: (total − over 7 days) × 100 ≥ target × total (100: none over 7 days);
 * - the monthly bonus: lost when over-3-day orders exceed `over3DaysMaxPercent` of the total
 *   (counted × 100 > percent × total: 21 of 100 keeps it, 22 loses it) or over-7-day orders
 *   exceed `over7DaysMaxCount` (5 keeps it, 6 loses it).
 * The targets measure the service the customers had: every order counts. The bonus is the
 * staff's: an order whose delay was HQ's (a parts wait attributed to HQ) or excused (customer,
 * weather) is not counted as over, and stays in the total (it was handled in the month).
 */
export function centerMonthFigures(
  orders: readonly CenterOrderFacts[],
  group: CenterGroup | null,
  s: CenterSettings,
): CenterMonthFigures {
  let total = 0;
  let over3Days = 0;
  let over7Days = 0;
  let over3DaysHq = 0;
  let over7DaysHq = 0;
  let over3DaysExcused = 0;
  let over7DaysExcused = 0;
  const notJudged: string[] = [];
  for (const o of orders) {
    const clock = completionClock(o);
    if (!clock) {
      notJudged.push(o.orderId);
      continue;
    }
    total += 1;
    const o3 = isOver3Days(clock.minutes, s);
    const o7 = isOver7Days(clock.minutes, s);
    if (!o3 && !o7) continue;
    const { hq, excused } = clock;
    if (o3) {
      over3Days += 1;
      if (hq) over3DaysHq += 1;
      if (excused) over3DaysExcused += 1;
    }
    if (o7) {
      over7Days += 1;
      if (hq) over7DaysHq += 1;
      if (excused) over7DaysExcused += 1;
    }
  }
  const over3DaysCounted = over3Days - over3DaysHq - over3DaysExcused;
  const over7DaysCounted = over7Days - over7DaysHq - over7DaysExcused;
  const lines: CenterLine[] = [];

  const h = s.lateCompletionHours;
  const d = s.completionCapDays;
  const none: Text = { 'zh-CN': '本月无完工服务单', en: 'no orders completed this month' };

  // --- 3-day target.
  const within3 = total - over3Days;
  if (!group)
    lines.push({
      kind: 'target',
      rule: 'within_3_days',
      outcome: 'no_target',
      explanation: {
        'zh-CN': `${h}小时完成率${percentText(within3, total)}（${total}单中${over3Days}单超${h}小时）：所在省份未列入目标分组，无三天完成率目标`,
        en: `${percentText(within3, total)} done within ${h} h (${over3Days} of ${total} over): the province is in no target group, no 3-day target`,
      },
    });
  else {
    const met = meetsTarget(within3, total, group.within3DaysPercent);
    lines.push({
      kind: 'target',
      rule: 'within_3_days',
      outcome: met ? 'met' : 'missed',
      explanation:
        total === 0
          ? {
              'zh-CN': `${none['zh-CN']}：三天完成率目标≥${group.within3DaysPercent}%（${group.name['zh-CN']}）不适用`,
              en: `${none.en}: the 3-day target of ≥${group.within3DaysPercent}% (${group.name.en}) does not apply`,
            }
          : {
              'zh-CN': `${h}小时完成率${percentText(within3, total)}（${total}单中${over3Days}单超${h}小时），目标≥${group.within3DaysPercent}%（${group.name['zh-CN']}）：${met ? '达标' : '未达标'}`,
              en: `${percentText(within3, total)} done within ${h} h (${over3Days} of ${total} over), target ≥${group.within3DaysPercent}% (${group.name.en}): ${met ? 'met' : 'missed'}`,
            },
    });
  }

  // --- 7-day target (100% everywhere by default).
  const within7 = total - over7Days;
  const target7 = group?.within7DaysPercent ?? 100;
  const met7 = meetsTarget(within7, total, target7);
  lines.push({
    kind: 'target',
    rule: 'within_7_days',
    outcome: met7 ? 'met' : 'missed',
    explanation:
      total === 0
        ? {
            'zh-CN': `${none['zh-CN']}：七天完成率目标≥${target7}%不适用`,
            en: `${none.en}: the 7-day target of ≥${target7}% does not apply`,
          }
        : {
            'zh-CN': `${d}天完成率${percentText(within7, total)}（${total}单中${over7Days}单超${d}天），目标≥${target7}%：${met7 ? '达标' : '未达标'}`,
            en: `${percentText(within7, total)} done within ${d} days (${over7Days} of ${total} over), target ≥${target7}%: ${met7 ? 'met' : 'missed'}`,
          },
  });

  // --- Monthly bonus of the center's staff.
  const lost3 = over3DaysCounted * 100 > s.over3DaysMaxPercent * total;
  const lost7 = over7DaysCounted > s.over7DaysMaxCount;
  const bonusLost = lost3 || lost7;
  const left = (hq: number, ex: number): Text =>
    hq + ex === 0
      ? { 'zh-CN': '', en: '' }
      : {
          'zh-CN': `，不计${[hq ? `总部原因${hq}单` : '', ex ? `免责${ex}单` : ''].filter(Boolean).join('、')}`,
          en: `, not counting ${[hq ? `${hq} HQ-caused` : '', ex ? `${ex} excused` : ''].filter(Boolean).join(' and ')}`,
        };
  const l3 = left(over3DaysHq, over3DaysExcused);
  const l7 = left(over7DaysHq, over7DaysExcused);
  const why: Text[] = [];
  if (lost3)
    why.push({
      'zh-CN': `超${h}小时单据占比超过${s.over3DaysMaxPercent}%`,
      en: `over-${h}-h share above ${s.over3DaysMaxPercent}%`,
    });
  if (lost7)
    why.push({
      'zh-CN': `超${d}天单据超过${s.over7DaysMaxCount}张`,
      en: `over-${d}-day orders above ${s.over7DaysMaxCount}`,
    });
  lines.push({
    kind: 'bonus',
    rule: 'monthly_bonus',
    outcome: bonusLost ? 'lost' : 'kept',
    explanation: {
      'zh-CN': `超${h}小时${over3DaysCounted}单，占${total}单的${percentText(over3DaysCounted, total)}${l3['zh-CN']}（上限${s.over3DaysMaxPercent}%）；超${d}天${over7DaysCounted}单${l7['zh-CN']}（上限${s.over7DaysMaxCount}张）：${bonusLost ? `${why.map((w) => w['zh-CN']).join('，')}，取消当月省中心月度考核奖金` : '保留月度考核奖金'}`,
      en: `${over3DaysCounted} over ${h} h, ${percentText(over3DaysCounted, total)} of ${total}${l3.en} (limit ${s.over3DaysMaxPercent}%); ${over7DaysCounted} over ${d} days${l7.en} (limit ${s.over7DaysMaxCount}): ${bonusLost ? `${why.map((w) => w.en).join(', ')}, the center staff's monthly bonus is lost` : 'monthly bonus kept'}`,
    },
  });

  return {
    total,
    over3Days,
    over7Days,
    over3DaysHq,
    over7DaysHq,
    over3DaysExcused,
    over7DaysExcused,
    over3DaysCounted,
    over7DaysCounted,
    notJudged,
    bonusLost,
    lines,
  };
}
