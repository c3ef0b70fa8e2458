import type { Text } from '../../../shared/i18n.js';
import { yuan } from '../../../shared/money.js';
import type { WaitAttribution } from '../parts/index.js';
import type { Milestone } from '../sla/index.js';

/*
 * The timeliness lines of the monthly outlet settlement (网点结算) for one completed order: the
 * timeliness bonus, the late-completion penalties and the late-dispatch penalties; pure
 * (docs/money-settlement.md). Facts and settings go in, lines with their explanation in zh-CN
 * and en come out. No database, no clock.
 *
 * Seed 004 (上门及时奖励规定 / 处罚规定), DOMAIN.md (Money, Time limits):
 * - "双桶洗衣机30公里以内24小时内上门，上门及时奖励费10元/台 … 全自动洗衣机30公里以外72小时内上门，上门
 *   及时奖励费20元/台"; "网点未按公司规定的期限上门服务的，不给予任何及时奖励补贴费用";
 * - "超72小时内未完成维修的，给予网点…/台；超7天未完成维修的，给予网点…/台";
 * - "总部服务中心接单后15分钟内必须派单给省级中心…否则扣罚总部接单员30元/次"; the same for the center;
 * - "因总部原因造成超期服务：总部原因缺件：对于网点和服务经理不予处罚（需配件模块确认原因）";
 * - DOMAIN.md: "delays caused by the customer or weather are excused with a reason".
 *
 * Clocks are not recomputed here: every duration is the SLA module's milestone figure (the
 * milestone's limit minus the minutes it had left when met = the minutes its clock ran, pauses
 * for the customer taken off, any part of a minute counted — sla/rules.ts wholeMinutesLeft).
 * Money is integer fen; nothing is divided, so nothing is rounded.
 */

/** The facts of one SLA milestone settlement reads: the API view the SLA module gives (milestonesOf). */
export type SettlementMilestone = Pick<
  Milestone,
  | 'id'
  | 'key'
  | 'state'
  | 'metAt'
  | 'limitMinutes'
  | 'remainingMinutes'
  | 'lateMinutes'
  | 'pausedMinutes'
  | 'timeKind'
  | 'excused'
  | 'excusedReason'
>;

/** A parts wait of the order as the parts module attributed it (parts: attributeWait). */
export type PartsWaitFacts = Pick<WaitAttribution, 'party' | 'total' | 'explanation'>;

export interface TimelinessOrderFacts {
  orderId: string;
  orderCode: string;
  /** The outlet that served the order (the bonus and its late penalties are its). */
  outletId: string;
  /** The product class (the product line: its code keys money.timelinessBonusFen, its name is cited). */
  productClass: { code: string; name: Text } | null;
  /** Kilometres from the serving outlet to the customer (the figure the zone is judged on), when known. */
  distanceKm: number | null;
  /** The order's zone, used when the distance is not known. */
  zone: 'near' | 'far' | null;
  /** The customer booked a visit window: the SLA module extended on_site's limit to its end (seed 004: 或预约时间). */
  booked: boolean;
  /** The order's milestones as the SLA module gives them (milestonesOf), read after completion. */
  milestones: readonly SettlementMilestone[];
  /** The dispatching units: HQ for hq_dispatch, the center for center_dispatch. */
  dispatchers: { hq: string; center: string | null };
  /** A dispatch step done by another unit than `dispatchers` says (an order that passed through two centers), by milestone id. */
  dispatcherByMilestone?: Readonly<Record<string, string>>;
  /** The order's parts waits, each as attributeWait judged it. */
  partsWaits: readonly PartsWaitFacts[];
}

export interface TimelinessSettings {
  /** orders.nearZoneKm: within it (≤) is near. */
  nearKm: number;
  /** money.onSiteNearHours, money.onSiteFarHours. */
  onSiteNearHours: number;
  onSiteFarHours: number;
  /** money.timelinessBonusFen: fen per unit by product class code. */
  bonusFenByClass: Readonly<Record<string, number>>;
  /** money.lateCompletionHours, money.lateCompletionPenaltyFen. */
  lateCompletionHours: number;
  lateCompletionPenaltyFen: number;
  /** money.completionCapDays, money.overCapPenaltyFen. */
  completionCapDays: number;
  overCapPenaltyFen: number;
  /** money.lateDispatchPenaltyFen. */
  lateDispatchPenaltyFen: number;
}

export type TimelinessRule = 'timeliness_bonus' | 'late_completion' | 'over_cap' | 'late_dispatch';

export interface LineParty {
  kind: 'outlet' | 'hq' | 'center';
  unitId: string;
}

export interface TimelinessLine {
  kind: 'bonus' | 'penalty';
  rule: TimelinessRule;
  party: LineParty;
  orderId: string;
  orderCode: string;
  /** The milestone judged (its key and id). */
  milestoneKey: string;
  milestoneId: string;
  /** Always a positive whole number of fen; `kind` says which way it goes (lineEffectFen). */
  amountFen: number;
  explanation: Text;
}

/** What was judged and earned no line: no bonus (late, unknown class…) or a penalty waived (HQ's, excused). */
export interface TimelinessNote {
  rule: TimelinessRule;
  outcome: 'no_bonus' | 'waived' | 'not_judged';
  orderId: string;
  milestoneKey: string;
  explanation: Text;
}

export interface TimelinessResult {
  lines: TimelinessLine[];
  notes: TimelinessNote[];
}

/** A line's effect on its party's payment: + a bonus, − a penalty. */
export function lineEffectFen(line: Pick<TimelinessLine, 'kind' | 'amountFen'>): number {
  return line.kind === 'bonus' ? line.amountFen : -line.amountFen;
}

/** 20元 / ¥20, 20.50元 / ¥20.50 from fen: whole yuan without decimals, as the seed quotes them. */
export function yuanText(fen: number): Text {
  return yuan(fen, { whole: true });
}

/** 23小时59分 / 23 h 59 min; 73小时 / 73 h; in days from 96 h on: 7天1小时 / 7 d 1 h. */
export function durationText(minutes: number): Text {
  const m = Math.max(0, Math.round(minutes));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  if (d >= 4)
    return {
      'zh-CN': `${d}天${h}小时${min ? `${min}分` : ''}`,
      en: `${d} d ${h} h${min ? ` ${min} min` : ''}`,
    };
  const hours = d * 24 + h;
  return {
    'zh-CN': `${hours}小时${min ? `${min}分` : ''}`,
    en: `${hours} h${min ? ` ${min} min` : ''}`,
  };
}

/**
 * The minutes a met milestone's clock ran: its limit (in force) minus the minutes it had left
 * when met. The SLA module counts any part of a minute (remaining = ⌊limit − elapsed⌋), so this
 * is the elapsed time rounded up to the minute, pauses for the customer taken off.
 */
export function clockMinutes(m: Pick<SettlementMilestone, 'limitMinutes' | 'remainingMinutes'>): number {
  return m.limitMinutes - m.remainingMinutes;
}

/** The last met milestone of a key (a key started again keeps its rows oldest first). */
export function metMilestone<M extends SettlementMilestone>(milestones: readonly M[], key: string): M | null {
  let out: M | null = null;
  for (const m of milestones) if (m.key === key && m.metAt !== null && m.state !== 'cancelled') out = m;
  return out;
}

/** The zone a bonus is judged in: by distance when known (≤ nearKm is near: 30.0 km near, 30.1 km far), else the order's zone, else near. */
export function bonusZone(
  f: Pick<TimelinessOrderFacts, 'distanceKm' | 'zone'>,
  nearKm: number,
): { zone: 'near' | 'far'; known: boolean } {
  if (f.distanceKm !== null && Number.isFinite(f.distanceKm))
    return { zone: f.distanceKm <= nearKm ? 'near' : 'far', known: true };
  if (f.zone) return { zone: f.zone, known: true };
  return { zone: 'near', known: false };
}

/** The HQ-caused parts wait of an order, if any (attributeWait's party: most days HQ's, ties to HQ). */
export function hqPartsWait(waits: readonly PartsWaitFacts[]): PartsWaitFacts | null {
  return waits.find((w) => w.party === 'hq' && w.total > 0) ?? null;
}

const validFen = (fen: number | undefined): fen is number => fen !== undefined && Number.isSafeInteger(fen) && fen > 0;

const km = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

/**
 * The timeliness lines of one completed order (seed 004):
 *
 * - **bonus** (to the outlet), judged on the on_site milestone: on site within
 *   `onSiteNearHours` when the distance is ≤ `nearKm`, within `onSiteFarHours` beyond, or within
 *   the booked window (booked and the milestone met within its limit in force, which the SLA
 *   module extends to the window's end) → the product class's amount. Late, not met, excused
 *   late, an unknown class or a class worth 0 → no line, a note saying why.
 * - **late completion** (to the outlet), judged on the resolved_cap milestone's clock (from the
 *   report to completion, customer waits off): over `lateCompletionHours` → that penalty; over
 *   `completionCapDays` → the cap penalty instead (one tier per order, the higher). Waived when
 *   the milestone is excused or a parts wait of the order was HQ's.
 * - **late dispatch** (to the dispatching unit), per hq_dispatch / center_dispatch milestone met
 *   late (its own 15-minute limit, lateMinutes > 0): the dispatch penalty. Waived when excused.
 */
export function timelinessLines(f: TimelinessOrderFacts, s: TimelinessSettings): TimelinessResult {
  const lines: TimelinessLine[] = [];
  const notes: TimelinessNote[] = [];
  const outlet: LineParty = { kind: 'outlet', unitId: f.outletId };
  const note = (rule: TimelinessRule, outcome: TimelinessNote['outcome'], milestoneKey: string, explanation: Text) =>
    notes.push({ rule, outcome, orderId: f.orderId, milestoneKey, explanation });
  const line = (
    kind: TimelinessLine['kind'],
    rule: TimelinessRule,
    party: LineParty,
    m: SettlementMilestone,
    amountFen: number,
    explanation: Text,
  ) =>
    lines.push({
      kind,
      rule,
      party,
      orderId: f.orderId,
      orderCode: f.orderCode,
      milestoneKey: m.key,
      milestoneId: m.id,
      amountFen,
      explanation,
    });

  // --- Timeliness bonus: on_site.
  const onSite = metMilestone(f.milestones, 'on_site');
  if (!onSite) {
    note('timeliness_bonus', 'not_judged', 'on_site', {
      'zh-CN': '无到场记录：不计及时奖励',
      en: 'No on-site arrival recorded: no timeliness bonus',
    });
  } else {
    const spent = clockMinutes(onSite);
    const { zone, known } = bonusZone(f, s.nearKm);
    const hours = zone === 'near' ? s.onSiteNearHours : s.onSiteFarHours;
    const withinZone = spent <= hours * 60;
    const withinBooking = f.booked && onSite.remainingMinutes >= 0;
    const where: Text =
      f.distanceKm !== null && Number.isFinite(f.distanceKm)
        ? {
            'zh-CN': `距离${km(f.distanceKm)}公里，${s.nearKm}公里${zone === 'near' ? '内' : '外'}限${hours}小时`,
            en: `${km(f.distanceKm)} km, ${zone === 'near' ? 'within' : 'beyond'} ${s.nearKm} km: ${hours} h allowed`,
          }
        : known
          ? {
              'zh-CN': `${zone === 'near' ? '近区' : '远区'}限${hours}小时`,
              en: `${zone === 'near' ? 'near' : 'far'} zone: ${hours} h allowed`,
            }
          : {
              'zh-CN': `距离未知，按${s.nearKm}公里内限${hours}小时`,
              en: `distance unknown, judged within ${s.nearKm} km: ${hours} h allowed`,
            };
    const paused =
      onSite.pausedMinutes > 0
        ? {
            'zh-CN': `（已扣除等待客户${durationText(onSite.pausedMinutes)['zh-CN']}）`,
            en: ` (less ${durationText(onSite.pausedMinutes).en} waiting for the customer)`,
          }
        : { 'zh-CN': '', en: '' };
    const took: Text = {
      'zh-CN': `到场用时${durationText(spent)['zh-CN']}${paused['zh-CN']}，${where['zh-CN']}`,
      en: `On site after ${durationText(spent).en}${paused.en}; ${where.en}`,
    };
    if (withinZone || withinBooking) {
      const how: Text = withinZone
        ? { 'zh-CN': '', en: '' }
        : { 'zh-CN': '，按预约时间到场', en: ', on site within the booked window' };
      const cls = f.productClass;
      const fen = cls ? s.bonusFenByClass[cls.code] : undefined;
      if (!cls)
        note('timeliness_bonus', 'no_bonus', onSite.key, {
          'zh-CN': `${took['zh-CN']}${how['zh-CN']}：产品类别未知，无及时奖励`,
          en: `${took.en}${how.en}: product class unknown, no timeliness bonus`,
        });
      else if (!validFen(fen))
        note('timeliness_bonus', 'no_bonus', onSite.key, {
          'zh-CN': `${took['zh-CN']}${how['zh-CN']}：产品类别${cls.code}（${cls.name['zh-CN']}）未设及时奖励`,
          en: `${took.en}${how.en}: no timeliness bonus set for product class ${cls.code} (${cls.name.en})`,
        });
      else
        line('bonus', 'timeliness_bonus', outlet, onSite, fen, {
          'zh-CN': `${took['zh-CN']}${how['zh-CN']}：及时奖励${yuanText(fen)['zh-CN']}（${cls.name['zh-CN']}）`,
          en: `${took.en}${how.en}: timeliness bonus ${yuanText(fen).en} (${cls.name.en})`,
        });
    } else {
      const booked: Text = f.booked
        ? { 'zh-CN': '，且未按预约时间到场', en: ', and not within the booked window' }
        : { 'zh-CN': '', en: '' };
      const excused: Text = onSite.excused
        ? {
            'zh-CN': `（已免责${onSite.excusedReason ? `：${onSite.excusedReason}` : ''}，不罚款）`,
            en: ` (excused${onSite.excusedReason ? `: ${onSite.excusedReason}` : ''}; no penalty)`,
          }
        : { 'zh-CN': '', en: '' };
      note('timeliness_bonus', 'no_bonus', onSite.key, {
        'zh-CN': `${took['zh-CN']}${booked['zh-CN']}：超时上门，无及时奖励${excused['zh-CN']}`,
        en: `${took.en}${booked.en}: late on site, no timeliness bonus${excused.en}`,
      });
    }
  }

  // --- Late completion: resolved_cap's clock (report → completion).
  const cap = metMilestone(f.milestones, 'resolved_cap');
  if (!cap) {
    note('late_completion', 'not_judged', 'resolved_cap', {
      'zh-CN': '无完工记录：不判超时完工',
      en: 'No completion recorded: late completion not judged',
    });
  } else {
    const spent = clockMinutes(cap);
    const overCap = spent > s.completionCapDays * 1440;
    const late = spent > s.lateCompletionHours * 60;
    if (late) {
      const rule: TimelinessRule = overCap ? 'over_cap' : 'late_completion';
      const fen = overCap ? s.overCapPenaltyFen : s.lateCompletionPenaltyFen;
      const paused =
        cap.pausedMinutes > 0
          ? {
              'zh-CN': `（已扣除等待客户${durationText(cap.pausedMinutes)['zh-CN']}）`,
              en: ` (less ${durationText(cap.pausedMinutes).en} waiting for the customer)`,
            }
          : { 'zh-CN': '', en: '' };
      const took: Text = overCap
        ? {
            'zh-CN': `报修至完工用时${durationText(spent)['zh-CN']}${paused['zh-CN']}，超${s.completionCapDays}天未完成维修`,
            en: `Completed ${durationText(spent).en} after the report${paused.en}: not fixed within ${s.completionCapDays} days`,
          }
        : {
            'zh-CN': `报修至完工用时${durationText(spent)['zh-CN']}${paused['zh-CN']}，超${s.lateCompletionHours}小时未完成维修`,
            en: `Completed ${durationText(spent).en} after the report${paused.en}: not fixed within ${s.lateCompletionHours} h`,
          };
      const hq = hqPartsWait(f.partsWaits);
      if (cap.excused)
        note(rule, 'waived', cap.key, {
          'zh-CN': `${took['zh-CN']}：已免责${cap.excusedReason ? `（${cap.excusedReason}）` : ''}，不予处罚`,
          en: `${took.en}: excused${cap.excusedReason ? ` (${cap.excusedReason})` : ''}, no penalty`,
        });
      else if (hq)
        note(rule, 'waived', cap.key, {
          'zh-CN': `${took['zh-CN']}：总部原因缺件（${hq.explanation['zh-CN']}），对网点不予处罚`,
          en: `${took.en}: HQ could not supply a part (${hq.explanation.en}), no penalty to the outlet`,
        });
      else if (validFen(fen))
        line('penalty', rule, outlet, cap, fen, {
          'zh-CN': `${took['zh-CN']}：扣罚网点${yuanText(fen)['zh-CN']}`,
          en: `${took.en}: penalty to the outlet ${yuanText(fen).en}`,
        });
      else
        note(rule, 'waived', cap.key, {
          'zh-CN': `${took['zh-CN']}：扣罚金额设为0，不扣罚`,
          en: `${took.en}: the penalty is set to 0, none charged`,
        });
    }
  }

  // --- Late dispatch: each dispatch step met late, to the unit that dispatched.
  for (const m of f.milestones) {
    if ((m.key !== 'hq_dispatch' && m.key !== 'center_dispatch') || m.metAt === null || m.state === 'cancelled')
      continue;
    if (!(m.lateMinutes > 0)) continue;
    const level = m.key === 'hq_dispatch' ? 'hq' : 'center';
    const unitId = f.dispatcherByMilestone?.[m.id] ?? (level === 'hq' ? f.dispatchers.hq : f.dispatchers.center);
    const who: Text = level === 'hq' ? { 'zh-CN': '总部', en: 'HQ' } : { 'zh-CN': '省中心', en: 'the center' };
    const took: Text = {
      'zh-CN': `${who['zh-CN']}派单用时${clockMinutes(m)}分钟，限${m.limitMinutes}分钟`,
      en: `${level === 'hq' ? 'HQ' : 'The center'} dispatched after ${clockMinutes(m)} min, ${m.limitMinutes} min allowed`,
    };
    const fen = s.lateDispatchPenaltyFen;
    if (m.excused)
      note('late_dispatch', 'waived', m.key, {
        'zh-CN': `${took['zh-CN']}：已免责${m.excusedReason ? `（${m.excusedReason}）` : ''}，不予处罚`,
        en: `${took.en}: excused${m.excusedReason ? ` (${m.excusedReason})` : ''}, no penalty`,
      });
    else if (!unitId)
      note('late_dispatch', 'not_judged', m.key, {
        'zh-CN': `${took['zh-CN']}：派单单位未知，未扣罚`,
        en: `${took.en}: dispatching unit unknown, no penalty line`,
      });
    else if (validFen(fen))
      line('penalty', 'late_dispatch', { kind: level, unitId }, m, fen, {
        'zh-CN': `${took['zh-CN']}：扣罚${who['zh-CN']}派单${yuanText(fen)['zh-CN']}`,
        en: `${took.en}: penalty to ${who.en}'s dispatch ${yuanText(fen).en}`,
      });
    else
      note('late_dispatch', 'waived', m.key, {
        'zh-CN': `${took['zh-CN']}：扣罚金额设为0，不扣罚`,
        en: `${took.en}: the penalty is set to 0, none charged`,
      });
  }

  return { lines, notes };
}
