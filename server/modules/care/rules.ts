import type { Text } from '../../../shared/i18n.js';
import { addDays, daysBetween, lastCoveredDay } from '../warranty/index.js';
import type { DueBasis, DueSource, MaintenanceStatus, OfferResponse, OfferState } from './contract.js';

/*
 * Pure rules of customer care (docs/care.md): a unit's next maintenance date and its status, with
 * `today` (the company-zone day) passed in. Days are YYYY-MM-DD; periods count as China's Civil
 * Code art. 201–202 does (the warranty module's `lastCoveredDay`): the start day is not counted, so
 * N days from D fall on D + N, and N months on the corresponding day of the last month, or that
 * month's last day when it has none (1 month from 01-31 is 02-28, or 02-29 in a leap year).
 *
 * 1. A custom plan of the unit wins: an explicit date holds until a maintenance is completed on or
 *    after the day the plan was set; its interval (days or months) counts from the last completed
 *    maintenance, else from installation, acceptance or purchase.
 * 2. Otherwise the earlier of
 *    - the model's cycle: the last completed maintenance order's completion day (else
 *      installation, else acceptance, else purchase) + the cycle in days;
 *    - each active service contract with included visits left, ending on a known day not yet
 *      passed: the visits left are spread evenly over what is left of its term, counted from the
 *      later of the last maintenance and the contract's start — the next visit falls
 *      ⌊days left ÷ visits left⌋ days after it (see docs/care.md, "Contract visits").
 * 3. No date: not planned. Before today: overdue; within the lead days: due; later: upcoming.
 */

export interface PlanFacts {
  intervalDays: number | null;
  intervalMonths: number | null;
  nextOn: string | null;
  setOn: string;
}

export interface VisitContract {
  id: string;
  code: string;
  startsOn: string;
  endsOn: string | null;
  visitsIncluded: number | null;
  visitsUsed: number;
  status: 'active' | 'cancelled';
}

export interface DueFacts {
  today: string;
  leadDays: number;
  cycleDays: number | null;
  lastMaintenanceOn: string | null;
  installedOn: string | null;
  acceptedOn: string | null;
  purchaseDate: string | null;
  plan: PlanFacts | null;
  contracts: VisitContract[];
}

export interface NextMaintenance {
  nextOn: string | null;
  status: MaintenanceStatus;
  daysLeft: number | null;
  source: DueSource | null;
  basis: DueBasis | null;
  basisOn: string | null;
  why: Text;
}

export const BASIS_NAMES: Record<DueBasis, Text> = {
  maintenance: { 'zh-CN': '上次保养完工日', en: 'the last maintenance' },
  installation: { 'zh-CN': '安装日期', en: 'installation' },
  acceptance: { 'zh-CN': '终验日期', en: 'final acceptance' },
  purchase: { 'zh-CN': '购买日期', en: 'purchase' },
  plan_date: { 'zh-CN': '计划指定日期', en: 'the plan’s date' },
  contract_start: { 'zh-CN': '合同开始日', en: 'the contract’s start' },
};

export const STATUS_NAMES: Record<MaintenanceStatus, Text> = {
  not_planned: { 'zh-CN': '未计划', en: 'Not planned' },
  upcoming: { 'zh-CN': '未到期', en: 'Upcoming' },
  due: { 'zh-CN': '即将到期', en: 'Due' },
  overdue: { 'zh-CN': '已逾期', en: 'Overdue' },
};

export const RESPONSE_NAMES: Record<OfferState, Text> = {
  open: { 'zh-CN': '未答复', en: 'Open' },
  interested: { 'zh-CN': '有意向', en: 'Interested' },
  declined: { 'zh-CN': '拒绝', en: 'Declined' },
  bought: { 'zh-CN': '已购买', en: 'Bought' },
  no_answer: { 'zh-CN': '未接通', en: 'No answer' },
};

/** The day a cycle counts from when no maintenance was completed: installation, acceptance, purchase. */
export function startDay(f: Pick<DueFacts, 'lastMaintenanceOn' | 'installedOn' | 'acceptedOn' | 'purchaseDate'>): {
  on: string;
  basis: DueBasis;
} | null {
  if (f.lastMaintenanceOn) return { on: f.lastMaintenanceOn, basis: 'maintenance' };
  if (f.installedOn) return { on: f.installedOn, basis: 'installation' };
  if (f.acceptedOn) return { on: f.acceptedOn, basis: 'acceptance' };
  if (f.purchaseDate) return { on: f.purchaseDate, basis: 'purchase' };
  return null;
}

/** N months after a day (Civil Code art. 202: the corresponding day, else the month's last day). */
export function addMonths(day: string, months: number): string {
  return lastCoveredDay(day, { months }, 'civil_code')!;
}

/** The next visit a contract's included visits call for; null when it has none left or its term is over. */
export function contractVisitDue(c: VisitContract, lastMaintenanceOn: string | null, today: string): string | null {
  if (c.status !== 'active' || c.visitsIncluded === null || c.endsOn === null) return null;
  const left = c.visitsIncluded - c.visitsUsed;
  if (left <= 0 || c.endsOn < today) return null;
  const from = lastMaintenanceOn && lastMaintenanceOn > c.startsOn ? lastMaintenanceOn : c.startsOn;
  const span = daysBetween(from, c.endsOn);
  if (span <= 0) return c.endsOn;
  return addDays(from, Math.floor(span / left));
}

export function statusOf(nextOn: string | null, today: string, leadDays: number): MaintenanceStatus {
  if (!nextOn) return 'not_planned';
  const d = daysBetween(today, nextOn);
  if (d < 0) return 'overdue';
  if (d <= leadDays) return 'due';
  return 'upcoming';
}

function result(
  f: DueFacts,
  nextOn: string | null,
  source: DueSource | null,
  basis: DueBasis | null,
  basisOn: string | null,
  why: Text,
): NextMaintenance {
  return {
    nextOn,
    status: statusOf(nextOn, f.today, f.leadDays),
    daysLeft: nextOn ? daysBetween(f.today, nextOn) : null,
    source,
    basis,
    basisOn,
    why,
  };
}

/** A unit's next maintenance date, what dated it, and its status today. */
export function nextMaintenance(f: DueFacts): NextMaintenance {
  const start = startDay(f);
  const p = f.plan;
  if (p) {
    const dateHolds = p.nextOn && !(f.lastMaintenanceOn && f.lastMaintenanceOn >= p.setOn);
    if (p.nextOn && dateHolds)
      return result(f, p.nextOn, 'plan', 'plan_date', p.nextOn, {
        'zh-CN': `自定义计划：指定日期${p.nextOn}`,
        en: `Custom plan: set for ${p.nextOn}`,
      });
    if ((p.intervalDays || p.intervalMonths) && start) {
      const next = p.intervalMonths ? addMonths(start.on, p.intervalMonths) : addDays(start.on, p.intervalDays!);
      const every = p.intervalMonths
        ? { 'zh-CN': `每${p.intervalMonths}个月`, en: `every ${p.intervalMonths} month(s)` }
        : { 'zh-CN': `每${p.intervalDays}天`, en: `every ${p.intervalDays} day(s)` };
      const b = BASIS_NAMES[start.basis];
      return result(f, next, 'plan', start.basis, start.on, {
        'zh-CN': `自定义计划${every['zh-CN']}，自${b['zh-CN']}${start.on}起算`,
        en: `Custom plan ${every.en}, counted from ${b.en} on ${start.on}`,
      });
    }
  }
  let best: NextMaintenance | null = null;
  if (f.cycleDays && f.cycleDays > 0 && start) {
    const b = BASIS_NAMES[start.basis];
    best = result(f, addDays(start.on, f.cycleDays), 'cycle', start.basis, start.on, {
      'zh-CN': `型号保养周期${f.cycleDays}天，自${b['zh-CN']}${start.on}起算`,
      en: `Model cycle of ${f.cycleDays} days, counted from ${b.en} on ${start.on}`,
    });
  }
  for (const c of f.contracts) {
    const due = contractVisitDue(c, f.lastMaintenanceOn, f.today);
    if (!due || (best?.nextOn && best.nextOn <= due)) continue;
    const fromMaint = f.lastMaintenanceOn && f.lastMaintenanceOn > c.startsOn;
    const left = (c.visitsIncluded ?? 0) - c.visitsUsed;
    best = result(
      f,
      due,
      'contract',
      fromMaint ? 'maintenance' : 'contract_start',
      fromMaint ? f.lastMaintenanceOn : c.startsOn,
      {
        'zh-CN': `服务合同${c.code}尚余${left}次上门，均匀安排至${c.endsOn}`,
        en: `Contract ${c.code} has ${left} visit(s) left, spread evenly until ${c.endsOn}`,
      },
    );
  }
  if (best) return best;
  return result(f, null, null, null, null, {
    'zh-CN': start ? '型号未设保养周期，也无计划或合同' : '无安装、终验或购买日期',
    en: start
      ? 'The model has no maintenance cycle, and there is no plan or contract'
      : 'No installation, acceptance or purchase date',
  });
}

/** Which of the planner's period a unit falls in: its date within [from, to], or overdue by today. */
export function inPeriod(n: Pick<NextMaintenance, 'nextOn' | 'status'>, from: string, to: string): boolean {
  if (!n.nextOn) return false;
  if (n.nextOn > to) return false;
  return n.nextOn >= from || n.status === 'overdue';
}

/** Whether a warranty's last day is within the lead from today (today included). */
export function expiresWithin(endsOn: string | null, today: string, leadDays: number): boolean {
  if (!endsOn) return false;
  const d = daysBetween(today, endsOn);
  return d >= 0 && d <= leadDays;
}

/** A reminder is sent once the date is within the lead and not yet passed. */
export const remindNow = expiresWithin;

/** A response may change until the contract is bought. */
export function responseAllowed(state: OfferState, next: OfferResponse): boolean {
  if (state === 'bought') return false;
  return next !== undefined;
}
