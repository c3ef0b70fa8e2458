import type { Text } from '../../../shared/i18n.js';
import type {
  ComplaintConfig,
  ComplaintLevel,
  ComplaintSeverity,
  ComplaintSource,
  ComplaintState,
  ComplaintType,
  CompensationKind,
  CrisisTrigger,
  ReplyChannel,
  RouteRow,
} from './contract.js';

/*
 * The complaint rules, pure: crisis triggers, the routing decision, deadlines per severity on the
 * business or 24×7 calendar, the next level, the approval level of a compensation and which
 * actions each state allows. No database, no clock: `now` and the calendar come in.
 */

export const DEFAULT_CONFIG: ComplaintConfig = {
  deadlines: {
    general: { minutes: 120, startLevel: 1 },
    difficult: { minutes: 24 * 60, startLevel: 1 },
    crisis: { minutes: 120, startLevel: 3 },
  },
  calendar: '24x7',
  crisisTriggers: ['regulator', 'compensation_demanded', 'media_exposure', 'urged_over_limit'],
  urgeCrisisLimit: 3,
  compensationApproval: [
    { upToFen: 50_000, level: 1 },
    { upToFen: 500_000, level: 2 },
  ],
};

export interface CrisisFacts {
  source: ComplaintSource;
  regulatorKind?: string | null;
  compensationDemanded?: boolean;
  mediaExposure?: boolean;
  urgeCount: number;
}

/** Which configured crisis triggers the facts meet, in the configuration's order. */
export function crisisReasons(facts: CrisisFacts, config: Pick<ComplaintConfig, 'crisisTriggers' | 'urgeCrisisLimit'>) {
  const met: Record<CrisisTrigger, boolean> = {
    regulator: facts.source === 'regulator' || !!facts.regulatorKind,
    compensation_demanded: !!facts.compensationDemanded,
    media_exposure: facts.source === 'media' || !!facts.mediaExposure,
    urged_over_limit: facts.urgeCount > config.urgeCrisisLimit,
  };
  return config.crisisTriggers.filter((t) => met[t]);
}

/** The severity: crisis when a trigger is met, else what was asked (general by default); never lowered from crisis. */
export function severityOf(asked: ComplaintSeverity | undefined, reasons: readonly CrisisTrigger[]): ComplaintSeverity {
  if (reasons.length) return 'crisis';
  return asked ?? 'general';
}

export const TYPE_NAMES: Record<ComplaintType, Text> = {
  attitude: { 'zh-CN': '服务态度', en: 'Service attitude' },
  fees: { 'zh-CN': '收费', en: 'Fees' },
  norms: { 'zh-CN': '服务规范', en: 'Service norms' },
  timeliness: { 'zh-CN': '及时性', en: 'Timeliness' },
  quality: { 'zh-CN': '产品质量', en: 'Product quality' },
  component: { 'zh-CN': '发动机/部件故障', en: 'Engine or component fault' },
  other: { 'zh-CN': '其他', en: 'Other' },
};
export const SEVERITY_NAMES: Record<ComplaintSeverity, Text> = {
  general: { 'zh-CN': '一般', en: 'General' },
  difficult: { 'zh-CN': '疑难', en: 'Difficult' },
  crisis: { 'zh-CN': '危机', en: 'Crisis' },
};
export const STATE_NAMES: Record<ComplaintState, Text> = {
  open: { 'zh-CN': '处理中', en: 'open' },
  answered: { 'zh-CN': '已答复', en: 'answered' },
  reopened: { 'zh-CN': '重新处理', en: 'reopened' },
  closed: { 'zh-CN': '已关闭', en: 'closed' },
};
export const TRIGGER_NAMES: Record<CrisisTrigger, Text> = {
  regulator: { 'zh-CN': '向监管部门投诉', en: 'complained to a regulator' },
  compensation_demanded: { 'zh-CN': '要求赔偿', en: 'compensation demanded' },
  media_exposure: { 'zh-CN': '媒体曝光', en: 'media exposure' },
  urged_over_limit: { 'zh-CN': '催单超过三次', en: 'urged more than the limit' },
};

export const CHANNEL_NAMES: Record<ReplyChannel, Text> = {
  phone: { 'zh-CN': '电话', en: 'phone' },
  sms: { 'zh-CN': '短信', en: 'SMS' },
  visit: { 'zh-CN': '上门', en: 'visit' },
  letter: { 'zh-CN': '书面', en: 'letter' },
  email: { 'zh-CN': '邮件', en: 'email' },
  wechat: { 'zh-CN': '微信', en: 'WeChat' },
  other: { 'zh-CN': '其他', en: 'other' },
};
export const COMPENSATION_NAMES: Record<CompensationKind, Text> = {
  cash: { 'zh-CN': '现金', en: 'cash' },
  voucher: { 'zh-CN': '代金券', en: 'voucher' },
  free_service: { 'zh-CN': '免费服务', en: 'free service' },
  parts: { 'zh-CN': '赠送配件', en: 'parts' },
  exchange: { 'zh-CN': '换货', en: 'exchange' },
  other: { 'zh-CN': '其他', en: 'other' },
};

export type RouteDecision =
  | { target: 'department'; departmentId: string; why: Text }
  | { target: 'holder'; unitId: string; why: Text }
  | { target: 'none'; why: Text };

/**
 * Where a complaint of `type` goes by the routing table: its department, or the unit holding the
 * order (timeliness). Without a row, or a holder when none is known, it stays unrouted.
 */
export function routeDecision(
  type: ComplaintType,
  routes: readonly RouteRow[],
  holder: { id: string; name: string } | null,
  departmentName: (id: string) => Text | null,
): RouteDecision {
  const t = TYPE_NAMES[type];
  const row = routes.find((r) => r.type === type);
  if (!row)
    return { target: 'none', why: { 'zh-CN': `分派规则中没有“${t['zh-CN']}”`, en: `No routing rule for ${t.en}` } };
  if (row.target === 'holder') {
    if (!holder)
      return {
        target: 'none',
        why: {
          'zh-CN': `“${t['zh-CN']}”交承办单位，但投诉未关联服务单`,
          en: `${t.en} goes to the holding unit, but no order is linked`,
        },
      };
    return {
      target: 'holder',
      unitId: holder.id,
      why: {
        'zh-CN': `分派规则：${t['zh-CN']} → 承办服务单的单位（${holder.name}）`,
        en: `Routing rule: ${t.en} → the unit holding the order (${holder.name})`,
      },
    };
  }
  const name = row.departmentId ? departmentName(row.departmentId) : null;
  if (!row.departmentId || !name)
    return {
      target: 'none',
      why: { 'zh-CN': `“${t['zh-CN']}”的处理部门不存在`, en: `The department for ${t.en} does not exist` },
    };
  return {
    target: 'department',
    departmentId: row.departmentId,
    why: { 'zh-CN': `分派规则：${t['zh-CN']} → ${name['zh-CN']}`, en: `Routing rule: ${t.en} → ${name.en}` },
  };
}

/** The level a new complaint of this severity starts at. */
export function startLevel(severity: ComplaintSeverity, config: ComplaintConfig): ComplaintLevel {
  return config.deadlines[severity].startLevel;
}

/** The level above, or null at leadership. */
export function nextLevel(level: number): ComplaintLevel | null {
  return level < 3 ? ((level + 1) as ComplaintLevel) : null;
}

/**
 * The deadline of the current level: the severity's minutes from `start` on the calendar, given
 * as a function of (start, minutes) so that this file stays free of calendar data. 24×7 is plain
 * arithmetic; the business calendar is the SLA module's working-time arithmetic.
 */
export function deadlineOf(
  severity: ComplaintSeverity,
  start: Date,
  config: ComplaintConfig,
  businessDue: (start: Date, minutes: number) => Date | null,
): Date | null {
  const minutes = config.deadlines[severity].minutes;
  if (config.calendar === '24x7') return new Date(start.getTime() + minutes * 60_000);
  return businessDue(start, minutes);
}

/**
 * What happens at a deadline: an unanswered complaint (open or reopened) below leadership goes
 * up one level with a new deadline; otherwise nothing more fires.
 */
export function escalationAt(c: {
  state: ComplaintState;
  level: number;
}): { escalate: true; toLevel: ComplaintLevel } | { escalate: false } {
  if (c.state !== 'open' && c.state !== 'reopened') return { escalate: false };
  const to = nextLevel(c.level);
  return to ? { escalate: true, toLevel: to } : { escalate: false };
}

/** The level whose people approve a compensation of `amountFen`. */
export function approvalLevel(
  amountFen: number,
  config: Pick<ComplaintConfig, 'compensationApproval'>,
): ComplaintLevel {
  const steps = [...config.compensationApproval].sort((a, b) => a.upToFen - b.upToFen);
  for (const s of steps) if (amountFen <= s.upToFen) return s.level;
  return 3;
}

export type ComplaintAction =
  | 'note'
  | 'contact'
  | 'route'
  | 'responsibility'
  | 'compensation'
  | 'decide'
  | 'reply'
  | 'acceptance'
  | 'close';

const HANDLING: readonly ComplaintState[] = ['open', 'reopened'];
/** The states each action is allowed in. */
export const ACTION_STATES: Record<ComplaintAction, readonly ComplaintState[]> = {
  note: ['open', 'reopened', 'answered'],
  contact: ['open', 'reopened', 'answered', 'closed'],
  route: HANDLING,
  responsibility: ['open', 'reopened', 'answered'],
  compensation: ['open', 'reopened', 'answered'],
  decide: ['open', 'reopened', 'answered'],
  reply: HANDLING,
  acceptance: ['answered'],
  close: ['open', 'reopened', 'answered'],
};

export function allows(state: ComplaintState, action: ComplaintAction): boolean {
  return ACTION_STATES[action].includes(state);
}

/** The state after the customer's answer to a reply: accepted closes, not accepted reopens. */
export function afterAcceptance(accepted: boolean): ComplaintState {
  return accepted ? 'closed' : 'reopened';
}

/** A complaint number: TS + the business day (yyyymmdd) + a 5-digit sequence. */
export function complaintCode(compactDay: string, seq: number): string {
  return `TS${compactDay}${String(seq).padStart(5, '0')}`;
}
