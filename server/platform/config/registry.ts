import { z } from 'zod';
import { DAY_COUNTING_NAMES, DAY_COUNTINGS, type DayCounting } from '../../../shared/day-counting.js';
import type { Text } from '../../../shared/i18n.js';
import { isTimeZone } from '../../../shared/time-zone.js';
import { EmailSettings, SECRET_FIELDS, SmsSettings, WechatSettings } from '../notify/providers/config.js';

/**
 * The typed settings catalogue. Each key has a schema, a default (from DOMAIN.md where it has
 * one) and labels. Later modules register their keys here (SLA limits, warranty periods, fees).
 */
export interface SettingDef<T = unknown> {
  schema: z.ZodType<T>;
  default: T;
  label: Text;
  group:
    | 'company'
    | 'security'
    | 'orders'
    | 'portal'
    | 'customers'
    | 'warranty'
    | 'parts'
    | 'money'
    | 'callbacks'
    | 'care'
    | 'messages'
    | 'planning';
  /** A setting that takes one of a few values: each value with its label (the settings screen offers them). */
  options?: { value: string; label: Text }[];
  /**
   * Secrets never shown back (docs/messages.md): `true` for a secret string; field names for an
   * object whose those fields are secret. Reads show SECRET_MASK; a save that sends the mask back
   * keeps the stored secret.
   */
  secret?: true | readonly string[];
}

/** What a secret reads as; sending it back unchanged keeps the stored value. */
export const SECRET_MASK = '••••••';

/** The value with its secrets masked (empty secrets stay empty: "not set" is not a secret). */
export function maskSecrets(def: Pick<SettingDef, 'secret'>, value: unknown): unknown {
  if (!def.secret) return value;
  if (def.secret === true) return typeof value === 'string' && value ? SECRET_MASK : value;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const f of def.secret) if (typeof out[f] === 'string' && out[f]) out[f] = SECRET_MASK;
  return out;
}

/** A new value whose masked secrets are replaced by the stored ones. */
export function keepSecrets(def: Pick<SettingDef, 'secret'>, value: unknown, stored: unknown): unknown {
  if (!def.secret) return value;
  if (def.secret === true) return value === SECRET_MASK ? stored : value;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const prev = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  for (const f of def.secret) if (out[f] === SECRET_MASK) out[f] = prev[f];
  return out;
}

const def = <T>(d: SettingDef<T>) => d;

/** A group of provinces with its completion targets (money.centerGroups; seed 004). */
export interface CenterGroupSetting {
  code: string;
  name: Text;
  provinces: string[];
  within3DaysPercent: number;
  within7DaysPercent: number;
}

/**
 * A callback plan (callbacks.plans; docs/callbacks.md): which completed orders get a callback and
 * when. The most specific plan matching an order's service type and product line applies.
 */
const ClockTimeSetting = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
export interface PlanningShiftSetting {
  start: string;
  end: string;
  breakFrom: string;
  breakTo: string;
  breakMinutes: number;
}
export interface PlanningTravelSetting {
  roadFactor: number;
  speedKmh: number;
  farSpeedKmh?: number;
  osrmUrl: string;
}
export interface PlanningTilesSetting {
  url: string;
  attribution: string;
}

export interface CallbackPlanSetting {
  /** The service type it covers; null for any. */
  serviceType: string | null;
  /** The product line (code) it covers; null for any. */
  productLineCode: string | null;
  /**
   * 'installation': a visit or call within a week of an installation; 'checks': a series of checks
   * on the days of `checkDays` after acceptance (seed 001, decoration: day 30, 100, 200, 300).
   */
  kind: 'first' | 'installation' | 'checks';
  /** Share of the orders called back, 0..100 (sampled reproducibly per order). */
  sharePercent: number;
  /** The window in days after the completion day (the completion day not counted): [from, to]. */
  firstAfterDays: [number, number];
  /** A second callback within this many days of the first answer; null for none. */
  secondWithinDays: number | null;
  /** `checks` plans: the days after acceptance of each check, ascending (default 30, 100, 200, 300). */
  checkDays?: number[] | null;
}

/** The wording of one fixed question of the callback script (callbacks.script). */
export interface CallbackScriptSetting {
  key: 'fixed' | 'feeAsRecorded' | 'attitude' | 'quality' | 'timeliness' | 'nps' | 'comments';
  'zh-CN': string;
  en: string;
}

export const SETTINGS = {
  'company.name': def({
    schema: z.string().trim().min(1).max(100),
    default: '三包售后服务',
    label: { 'zh-CN': '公司名称', en: 'Company name' },
    group: 'company',
  }),
  'company.hotline': def({
    // Printed on the service sheet and shown on the portal: where the customer calls back.
    schema: z
      .string()
      .trim()
      .max(40)
      .regex(/^[0-9+\-() ]*$/, 'digits, spaces, + - ( ) only'),
    default: '',
    label: { 'zh-CN': '服务热线', en: 'Service hotline' },
    group: 'company',
  }),
  'company.timeZone': def({
    schema: z.string().refine(isTimeZone, 'unknown time zone'),
    default: 'Asia/Shanghai',
    label: { 'zh-CN': '公司时区', en: 'Company time zone' },
    group: 'company',
  }),
  'security.sessionHours': def({
    schema: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
    default: 12,
    label: { 'zh-CN': '登录有效期（小时）', en: 'Session lifetime (hours)' },
    group: 'security',
  }),
  'security.idleMinutes': def({
    schema: z
      .number()
      .int()
      .min(5)
      .max(24 * 60),
    default: 120,
    label: { 'zh-CN': '无操作自动退出（分钟）', en: 'Idle timeout (minutes)' },
    group: 'security',
  }),
  // Sign-in limits (docs/architecture.md, "Sign-in limits"). Failures are counted per account
  // from one address, per account from everywhere, and per address; the first two lock with
  // growing delays, so one person's typos lock only themselves, never a call center's NAT address.
  'security.loginMaxFailures': def({
    schema: z.number().int().min(3).max(100),
    default: 5,
    label: {
      'zh-CN': '同一账号在同一地址连续登录失败上限（超过即锁定）',
      en: 'Failed sign-ins allowed per account from one address before it locks',
    },
    group: 'security',
  }),
  'security.loginMaxFailuresPerAccount': def({
    schema: z.number().int().min(3).max(1000),
    default: 20,
    label: {
      'zh-CN': '同一账号从所有地址连续登录失败上限（超过即锁定）',
      en: 'Failed sign-ins allowed per account from all addresses before it locks',
    },
    group: 'security',
  }),
  'security.loginLockMinutes': def({
    schema: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    default: 15,
    label: {
      'zh-CN': '登录失败计数窗口及首次锁定时长（分钟，之后每次加倍）',
      en: 'Failure counting window and first lock (minutes; each further lock doubles)',
    },
    group: 'security',
  }),
  'security.loginLockMaxMinutes': def({
    schema: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
    default: 24 * 60,
    label: { 'zh-CN': '登录锁定最长时长（分钟）', en: 'Longest sign-in lock (minutes)' },
    group: 'security',
  }),
  'security.loginMaxFailuresPerIp': def({
    // A ceiling against password spraying only: high enough for a call center behind one address.
    schema: z.number().int().min(5).max(100_000),
    default: 200,
    label: {
      'zh-CN': '单个IP登录失败上限（计数窗口内，防撞库）',
      en: 'Failed sign-ins allowed per IP address in the window (against spraying)',
    },
    group: 'security',
  }),
  // Links sent to customers by SMS (a callback survey) start with this address: the portal as the
  // customers reach it from outside (behind the company's proxy), not the server's own address.
  'portal.publicUrl': def({
    schema: z
      .string()
      .trim()
      .max(200)
      .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'http(s)://host[/path]')
      .transform((u) => u.replace(/\/+$/, '')),
    default: 'http://localhost:3000',
    label: { 'zh-CN': '客户自助门户对外地址（短信链接使用）', en: 'Public address of the portal (for links in SMS)' },
    group: 'portal',
  }),
  'portal.otpIntervalSeconds': def({
    schema: z.number().int().min(10).max(3600),
    default: 60,
    label: { 'zh-CN': '同一手机号获取验证码间隔（秒）', en: 'Seconds between codes to one phone' },
    group: 'portal',
  }),
  'portal.otpPerPhonePerHour': def({
    schema: z.number().int().min(1).max(100),
    default: 5,
    label: { 'zh-CN': '每个手机号每小时验证码上限', en: 'Codes per phone per hour' },
    group: 'portal',
  }),
  'portal.otpPerIpPerHour': def({
    schema: z.number().int().min(1).max(10_000),
    default: 20,
    label: { 'zh-CN': '每个IP每小时验证码上限', en: 'Codes per IP address per hour' },
    group: 'portal',
  }),
  'portal.otpPerPhonePerDay': def({
    schema: z.number().int().min(1).max(1000),
    default: 10,
    label: { 'zh-CN': '每个手机号每天验证码上限', en: 'Codes per phone per day' },
    group: 'portal',
  }),
  'portal.otpPerIpPerDay': def({
    schema: z.number().int().min(1).max(100_000),
    default: 50,
    label: { 'zh-CN': '每个IP每天验证码上限', en: 'Codes per IP address per day' },
    group: 'portal',
  }),
  'portal.otpTtlMinutes': def({
    schema: z.number().int().min(1).max(60),
    default: 10,
    label: { 'zh-CN': '验证码有效期（分钟）', en: 'Code lifetime (minutes)' },
    group: 'portal',
  }),
  'portal.otpMaxAttempts': def({
    schema: z.number().int().min(1).max(20),
    default: 5,
    label: { 'zh-CN': '验证码最多尝试次数', en: 'Attempts allowed per code' },
    group: 'portal',
  }),
  'portal.photoMaxMb': def({
    schema: z.number().int().min(1).max(50),
    default: 5,
    label: { 'zh-CN': '报修照片大小上限（MB）', en: 'Largest photo (MB)' },
    group: 'portal',
  }),
  'portal.photoMaxCount': def({
    schema: z.number().int().min(0).max(20),
    default: 5,
    label: { 'zh-CN': '报修照片数量上限', en: 'Photos per request' },
    group: 'portal',
  }),
  'customers.archiveDueDays': def({
    schema: z.number().int().min(1).max(30),
    // Seed 001: a customer archive is opened within 2 days of first contact.
    default: 2,
    label: { 'zh-CN': '首次联系后建档期限（天）', en: 'Days to complete a customer archive after first contact' },
    group: 'customers',
  }),
  'customers.contactDaysAfterEnd': def({
    schema: z.number().int().min(0).max(365),
    // DOMAIN.md, Privacy: the technician and the holding unit see an order's phone and address
    // while they serve it and for these days after it is completed or closed (for a call back
    // about the visit); after that, only an audited reveal with a reason shows the number.
    default: 7,
    label: {
      'zh-CN': '服务单完工或关闭后，经办人员仍可查看客户完整电话和地址的天数',
      en: 'Days after an order is completed or closed that those who served it still see the full phone and address',
    },
    group: 'customers',
  }),
  'orders.numberPrefix': def({
    schema: z
      .string()
      .trim()
      .regex(/^[A-Z]{1,6}$/),
    default: 'FW',
    label: { 'zh-CN': '服务单号前缀（大写字母）', en: 'Work order number prefix (capital letters)' },
    group: 'orders',
  }),
  'orders.numberDigits': def({
    schema: z.number().int().min(3).max(8),
    default: 6,
    label: { 'zh-CN': '服务单号每日流水位数', en: 'Digits of the daily sequence in order numbers' },
    group: 'orders',
  }),
  'orders.priorityLabels': def({
    schema: z.array(z.string().trim().min(1).max(20)).length(3),
    default: ['一级', '二级', '三级'],
    label: { 'zh-CN': '故障等级名称（1/2/3级）', en: 'Names of fault levels 1, 2 and 3' },
    group: 'orders',
  }),
  'orders.nearZoneKm': def({
    schema: z.number().min(1).max(1000),
    // Seed 004: on site within 24 h inside 30 km (市内/近郊), 72 h beyond.
    default: 30,
    label: { 'zh-CN': '近区距离（公里，超出为远区）', en: 'Near-zone distance (km; beyond is far)' },
    group: 'orders',
  }),
  'orders.backdateWindowHours': def({
    schema: z
      .number()
      .int()
      .min(0)
      .max(24 * 366),
    // A report logged late (a call written up after the shift, paper forms entered after an
    // outage) may carry its real time up to this far back; further needs orders.backdate.
    default: 72,
    label: {
      'zh-CN': '报修时间可补录时限（小时，超出需权限）',
      en: 'Backdating window for report times (hours; beyond needs a permission)',
    },
    group: 'orders',
  }),
  'orders.urgesBeforeComplaint': def({
    schema: z.number().int().min(0).max(20),
    // Seed 004: urged more than 3 times (催单超过三次) → complaint, so the 4th urge opens the
    // complaint record; 0 makes every urge a complaint.
    default: 3,
    label: {
      'zh-CN': '催单超过几次转投诉（超过此次数的那次催单转投诉）',
      en: 'Urges allowed before a complaint (the next urge opens one)',
    },
    group: 'orders',
  }),
  'orders.returnHqApprovalFen': def({
    schema: z.number().int().min(0).max(100_000_000_00),
    // Return/exchange cases above this product value (fen) need HQ's approval after the center's.
    default: 500_000,
    label: {
      'zh-CN': '退换货需总部审批的金额（分，超过此值）',
      en: 'Return/exchange value above which HQ approves too (fen)',
    },
    group: 'orders',
  }),
  'warranty.dayCounting': def<DayCounting>({
    schema: z.enum(DAY_COUNTINGS),
    // Civil Code art. 201–202 unless the company's own terms count the start day; read on the
    // date judged, and stored with every warranty decision.
    default: 'civil_code',
    label: {
      'zh-CN': '保修及三包期间的计算方式',
      en: 'How warranty and 三包 periods are counted',
    },
    group: 'warranty',
    options: DAY_COUNTINGS.map((value) => ({ value, label: DAY_COUNTING_NAMES[value] })),
  }),
  // A part fitted at completion that no depot holds (docs/parts.md, "Prices and consumption"):
  // 'record' completes and keeps an unstocked consumption fact; 'refuse' refuses the completion.
  'parts.completionWithoutStock': def<'record' | 'refuse'>({
    schema: z.enum(['record', 'refuse']),
    default: 'record',
    label: { 'zh-CN': '完工用料无库存时', en: 'Completion with parts no depot holds' },
    group: 'parts',
    options: [
      { value: 'record', label: { 'zh-CN': '照常完工并记录无库存用料', en: 'Complete and record the unstocked use' } },
      { value: 'refuse', label: { 'zh-CN': '拒绝完工', en: 'Refuse the completion' } },
    ],
  }),
  // Parts (docs/parts-rules.md). Seed 004: agents' parts requests are held to a quota (额度),
  // reported each month (每月代理商配件申请额度报表).
  'parts.quotaPeriod': def<'monthly' | 'quarterly' | 'yearly'>({
    schema: z.enum(['monthly', 'quarterly', 'yearly']),
    default: 'monthly',
    label: { 'zh-CN': '配件额度周期', en: 'Parts quota period' },
    group: 'parts',
    options: [
      { value: 'monthly', label: { 'zh-CN': '每月', en: 'Monthly' } },
      { value: 'quarterly', label: { 'zh-CN': '每季度', en: 'Quarterly' } },
      { value: 'yearly', label: { 'zh-CN': '每年', en: 'Yearly' } },
    ],
  }),
  'parts.requestWithoutQuota': def<'center' | 'auto'>({
    schema: z.enum(['center', 'auto']),
    // A requester with no quota set is not unlimited: the center approves, unless set to 'auto'.
    default: 'center',
    label: { 'zh-CN': '未设额度的配件申请', en: 'Parts requests without a quota' },
    group: 'parts',
    options: [
      { value: 'center', label: { 'zh-CN': '由服务中心审批', en: 'Approved by the center' } },
      { value: 'auto', label: { 'zh-CN': '自动通过', en: 'Approved automatically' } },
    ],
  }),
  'parts.hqApprovalAboveFen': def({
    schema: z.number().int().min(0).max(100_000_000_00),
    // A request worth more than this (fen) is approved by HQ, whatever the quotas.
    default: 500_000,
    label: {
      'zh-CN': '配件申请需总部审批的金额（分，超过此值）',
      en: 'Parts request value above which HQ approves (fen)',
    },
    group: 'parts',
  }),
  'parts.shipmentPromisedDays': def({
    schema: z.number().int().min(0).max(365),
    // Days from shipment to expected arrival (calendar days, the shipping day not counted) where
    // the shipping depot has no route of its own (part_shipment_routes, promisedDaysFor).
    default: 3,
    label: {
      'zh-CN': '配件发货承诺到货天数（无线路承诺时）',
      en: 'Days promised from parts shipment to arrival (where no route has its own)',
    },
    group: 'parts',
  }),
  'parts.returnDueDays': def({
    schema: z.number().int().min(1).max(365),
    // Days after completion to return an old part replaced under warranty (旧件返还).
    default: 30,
    label: { 'zh-CN': '旧件返还期限（完工后天数）', en: 'Days after completion to return an old part' },
    group: 'parts',
  }),
  // Day planning (docs/planning.md): the route optimiser's inputs that are company policy.
  'planning.shift': def<PlanningShiftSetting>({
    schema: z.object({
      start: ClockTimeSetting,
      end: ClockTimeSetting,
      breakFrom: ClockTimeSetting,
      breakTo: ClockTimeSetting,
      breakMinutes: z.number().int().min(0).max(180),
    }),
    default: { start: '08:30', end: '17:30', breakFrom: '11:30', breakTo: '13:00', breakMinutes: 60 },
    label: {
      'zh-CN': '工程师默认班次（上下班时间、午休可开始的时段和时长）',
      en: "Technicians' default shift (start, end, when lunch may start and how long)",
    },
    group: 'planning',
  }),
  'planning.durations': def<Record<string, number>>({
    // Key: a service type (on_site, installation…) or "type:LINECODE" for one product line.
    schema: z.record(z.string().trim().min(1).max(60), z.number().int().min(5).max(600)),
    default: {
      on_site: 60,
      installation: 90,
      maintenance: 45,
      inspection: 30,
      recall: 45,
      training: 60,
      carry_in: 30,
      remote: 20,
    },
    label: {
      'zh-CN': '上门服务时长（分钟，按服务类型；“类型:产品线编码”可单列某产品线）',
      en: 'Minutes on site by service type ("type:LINECODE" for one product line)',
    },
    group: 'planning',
  }),
  'planning.travel': def<PlanningTravelSetting>({
    schema: z.object({
      roadFactor: z.number().min(1).max(3),
      speedKmh: z.number().min(5).max(120),
      farSpeedKmh: z.number().min(5).max(120).optional(),
      osrmUrl: z.union([z.literal(''), z.url()]),
    }),
    // Straight-line distance × 1.3 ≈ road distance in Chinese cities; 25 km/h with traffic.
    // Beyond the near zone (orders.nearZoneKm) the roads out of town are faster: 50 km/h.
    default: { roadFactor: 1.3, speedKmh: 25, farSpeedKmh: 50, osrmUrl: '' },
    label: {
      'zh-CN': '路程估算（直线距离系数、近区平均车速、远区路段车速 km/h；可填 OSRM 兼容的路程表服务地址）',
      en: 'Travel estimate (road factor over straight line, speed in the near zone and beyond it in km/h; optional OSRM-compatible table URL)',
    },
    group: 'planning',
  }),
  'planning.timeLimitMs': def({
    schema: z.number().int().min(200).max(60_000),
    default: 5000,
    label: { 'zh-CN': '排程计算时长（毫秒）', en: 'How long planning searches (milliseconds)' },
    group: 'planning',
  }),
  'planning.appointmentWindowMinutes': def({
    schema: z.number().int().min(30).max(480),
    default: 120,
    label: {
      'zh-CN': '发布计划时预约时段长度（分钟，自计划到达时间起）',
      en: 'Length of the appointment window a published plan books (minutes from the planned start)',
    },
    group: 'planning',
  }),
  'planning.poolRegions': def<string[]>({
    schema: z.array(z.string().regex(/^\d{2}(\d{2}){0,2}$/)).max(500),
    default: [],
    label: {
      'zh-CN': '启用工单池的地区（行政区划代码；网点所在省/市/区县在其中即可使用）',
      en: 'Regions using the order pool (division codes; an outlet in one of them may publish to the pool)',
    },
    group: 'planning',
  }),
  'planning.mapTiles': def<PlanningTilesSetting>({
    schema: z.object({
      url: z.union([z.literal(''), z.string().regex(/^https?:\/\/.*\{z\}.*/)]),
      attribution: z.string().max(200),
    }),
    // Empty: the board draws a plain plot of the points and routes (no tile server needed).
    default: { url: '', attribution: '' },
    label: {
      'zh-CN': '地图瓦片服务（如 https://tile.example.com/{z}/{x}/{y}.png；留空则画简图）',
      en: 'Map tile server (e.g. https://tile.example.com/{z}/{x}/{y}.png; empty: a plain plot)',
    },
    group: 'planning',
  }),
  // The monthly outlet settlement's timeliness lines and the center figures
  // (docs/money-settlement.md; rules in server/modules/money/settlement-rules.ts, center-rules.ts).
  // Seed 004: 上门及时奖励 双桶洗衣机10元/台、全自动洗衣机20元/台 (30公里以内24小时内、以外72小时内上门);
  // 超72小时、超7天未完成维修罚网点; 派单超15分钟扣罚30元/次; 超三单据超过21%、超七单据超过5张取消月度奖金.
  'money.timelinessBonusFen': def<Record<string, number>>({
    schema: z.record(z.string().trim().min(1).max(40), z.number().int().min(0).max(100_000_00)),
    // Per product class (the product line's code): fen per unit when on site in time. A class not
    // listed earns no bonus (the line says so).
    default: { 'WM-TWIN': 1000, 'WM-AUTO': 2000 },
    label: {
      'zh-CN': '上门及时奖励（按产品类别编码，分/台）',
      en: 'Timeliness bonus per unit by product class code (fen)',
    },
    group: 'money',
  }),
  'money.onSiteNearHours': def({
    schema: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
    // Within orders.nearZoneKm (30 km): on site within 24 h earns the bonus.
    default: 24,
    label: { 'zh-CN': '及时奖励：近区上门时限（小时）', en: 'Timeliness bonus: on-site hours within the near zone' },
    group: 'money',
  }),
  'money.onSiteFarHours': def({
    schema: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
    // Beyond orders.nearZoneKm: on site within 72 h earns the bonus.
    default: 72,
    label: { 'zh-CN': '及时奖励：远区上门时限（小时）', en: 'Timeliness bonus: on-site hours beyond the near zone' },
    group: 'money',
  }),
  'money.lateCompletionHours': def({
    schema: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
    // 超72小时未完成维修: the outlet's first late penalty, and "over 3 days" in the center figures.
    default: 72,
    label: {
      'zh-CN': '超时完工界限（小时，网点扣罚及省中心超三天统计）',
      en: 'Late completion after (hours; outlet penalty and the centers’ over-3-day count)',
    },
    group: 'money',
  }),
  'money.lateCompletionPenaltyFen': def({
    schema: z.number().int().min(0).max(100_000_00),
    // The seed's amount is lost in its copy (给予网点 台); 30 yuan, its one per-order penalty figure.
    default: 3000,
    label: { 'zh-CN': '超时完工扣罚网点（分/台）', en: 'Late completion penalty to the outlet (fen per unit)' },
    group: 'money',
  }),
  'money.completionCapDays': def({
    schema: z.number().int().min(1).max(365),
    // 超7天未完成维修: the outlet's second penalty tier, and "over 7 days" in the center figures.
    default: 7,
    label: {
      'zh-CN': '完工上限（天，网点扣罚及省中心超七天统计）',
      en: 'Completion cap (days; outlet penalty and the centers’ over-7-day count)',
    },
    group: 'money',
  }),
  'money.overCapPenaltyFen': def({
    schema: z.number().int().min(0).max(100_000_00),
    // The seed's amount is lost in its copy; replaces the late-completion penalty (one tier per order).
    default: 5000,
    label: {
      'zh-CN': '超完工上限扣罚网点（分/台）',
      en: 'Penalty to the outlet beyond the completion cap (fen per unit)',
    },
    group: 'money',
  }),
  'money.lateDispatchPenaltyFen': def({
    schema: z.number().int().min(0).max(100_000_00),
    // 总部/省级服务中心接单后15分钟内必须派单…否则扣罚接单员30元/次.
    default: 3000,
    label: {
      'zh-CN': '派单超时扣罚派单单位（分/次）',
      en: 'Late dispatch penalty to the dispatching unit (fen per step)',
    },
    group: 'money',
  }),
  'money.centerOver3DaysMaxPercent': def({
    schema: z.number().int().min(0).max(100),
    // 辖区内当月所有维修信息超三单据超过21%…取消月度考核奖金.
    default: 21,
    label: {
      'zh-CN': '省中心超三天单据占比上限（%，超过取消月度奖金）',
      en: 'Center: most over-3-day share kept (%; above it the monthly bonus is lost)',
    },
    group: 'money',
  }),
  'money.centerOver7DaysMaxCount': def({
    schema: z.number().int().min(0).max(100_000),
    // 辖区内当月所有维修信息超七单据超过5张以上…取消月度考核奖金.
    default: 5,
    label: {
      'zh-CN': '省中心超七天单据数上限（张，超过取消月度奖金）',
      en: 'Center: most over-7-day orders kept (above it the monthly bonus is lost)',
    },
    group: 'money',
  }),
  // The confirmation gate (issue: "orders completed (and confirmed by the callback where callbacks
  // exist)"; docs/money-statements.md, "The confirmation gate"): the outlet's lines of an order are
  // paid once the order is confirmed — by the callback or by hand — and held until then.
  'money.settleAfter': def<'confirmed' | 'completed'>({
    schema: z.enum(['confirmed', 'completed']),
    default: 'confirmed',
    label: { 'zh-CN': '网点结算服务单的条件', en: 'Orders settled to the outlet' },
    group: 'money',
    options: [
      {
        value: 'confirmed',
        label: {
          'zh-CN': '已确认（回访确认或人工确认）后结算，未确认的暂缓',
          en: 'Once confirmed (by the callback or by hand); held until then',
        },
      },
      { value: 'completed', label: { 'zh-CN': '完工即结算', en: 'On completion' } },
    ],
  }),
  'money.statementResponseDays': def({
    schema: z.number().int().min(1).max(60),
    // The days an outlet has to accept or dispute a sent statement (docs/money-statements.md).
    default: 7,
    label: {
      'zh-CN': '结算单确认/异议期限（天，自发送日起）',
      en: 'Days to accept or dispute a sent statement',
    },
    group: 'money',
  }),
  'money.centerGroups': def<CenterGroupSetting[]>({
    schema: z
      .array(
        z.object({
          code: z.string().trim().min(1).max(20),
          name: z.object({ 'zh-CN': z.string().trim().min(1).max(40), en: z.string().trim().min(1).max(60) }),
          /** 2-digit province codes (GB/T 2260). */
          provinces: z.array(z.string().regex(/^[0-9]{2}$/)),
          within3DaysPercent: z.number().int().min(0).max(100),
          within7DaysPercent: z.number().int().min(0).max(100),
        }),
      )
      .max(20),
    // 广东、广西、湖南、湖北、浙江、江苏、四川、重庆、福建、江西、安徽、河南、河北、陕西等14省市…三天处理完成率
    // 达到85%以上，七天处理完成必须达到100%; 云南、贵州、山东、辽宁、吉林、黑龙江等六省…70%以上.
    default: [
      {
        code: 'P14',
        name: { 'zh-CN': '14省市', en: '14-province group' },
        provinces: ['44', '45', '43', '42', '33', '32', '51', '50', '35', '36', '34', '41', '13', '61'],
        within3DaysPercent: 85,
        within7DaysPercent: 100,
      },
      {
        code: 'P6',
        name: { 'zh-CN': '6省', en: '6-province group' },
        provinces: ['53', '52', '37', '21', '22', '23'],
        within3DaysPercent: 70,
        within7DaysPercent: 100,
      },
    ],
    label: {
      'zh-CN': '省中心完成率目标分组（省份与三天、七天完成率）',
      en: 'Center target groups (provinces, 3-day and 7-day completion targets)',
    },
    group: 'money',
  }),
  // Callbacks (回访, docs/callbacks.md). DOMAIN.md "Follow-up": first call 3 days to 1 week after
  // service, second within 7 days after the first (seed 001); a visit within a week after
  // installation (001); verify the result and the fee, measure attitude, quality, resolution (001–003).
  'callbacks.plans': def<CallbackPlanSetting[]>({
    schema: z
      .array(
        z
          .object({
            serviceType: z.string().trim().min(1).max(40).nullable(),
            productLineCode: z.string().trim().min(1).max(40).nullable(),
            kind: z.enum(['first', 'installation', 'checks']),
            sharePercent: z.number().min(0).max(100),
            firstAfterDays: z.tuple([z.number().int().min(0).max(60), z.number().int().min(0).max(90)]),
            secondWithinDays: z.number().int().min(1).max(60).nullable(),
            checkDays: z.array(z.number().int().min(1).max(1000)).min(1).max(12).nullable().optional(),
          })
          .refine((p) => !p.checkDays || p.checkDays.every((d, i, a) => i === 0 || d > a[i - 1]!), {
            message: 'checkDays: ascending, each once',
            path: ['checkDays'],
          })
          .refine((p) => p.firstAfterDays[0] <= p.firstAfterDays[1], {
            message: 'firstAfterDays: from ≤ to',
            path: ['firstAfterDays'],
          }),
      )
      .max(100),
    default: [
      {
        serviceType: null,
        productLineCode: null,
        kind: 'first',
        sharePercent: 100,
        firstAfterDays: [3, 7],
        secondWithinDays: null,
      },
      {
        serviceType: 'installation',
        productLineCode: null,
        kind: 'installation',
        sharePercent: 100,
        firstAfterDays: [0, 7],
        secondWithinDays: null,
      },
    ],
    label: {
      'zh-CN': '回访计划（服务类型、产品线、抽样比例、回访时间窗、二次回访）',
      en: 'Callback plans (service type, product line, sampled share, window, second callback)',
    },
    group: 'callbacks',
  }),
  // Customer care (docs/care.md): maintenance reminders a set number of days before the date, and
  // warranty-expiry reminders with an extended-warranty offer (30 days before by default).
  // DOMAIN.md "Follow-up": promotions announced two weeks ahead (seeds 001, 003).
  'care.announcementLeadDays': def({
    schema: z.number().int().min(0).max(90),
    default: 14,
    label: {
      'zh-CN': '活动通知提前天数（活动日前多少天发送，默认14天）',
      en: 'Announcement lead (days before the campaign or promotion the SMS goes out)',
    },
    group: 'care',
  }),
  'care.maintenanceLeadDays': def({
    schema: z.number().int().min(0).max(90),
    default: 7,
    label: {
      'zh-CN': '保养提醒提前天数（到期日前多少天发短信，并视为“即将到期”）',
      en: 'Maintenance reminder lead (days before the date the SMS is sent and the unit shows as due)',
    },
    group: 'care',
  }),
  'care.warrantyExpiryLeadDays': def({
    schema: z.number().int().min(0).max(180),
    default: 30,
    label: {
      'zh-CN': '保修到期提醒提前天数（附延保推荐）',
      en: 'Warranty-expiry reminder lead in days (with the extended-warranty offer)',
    },
    group: 'care',
  }),
  'messages.quietHours': def<{ from: string; to: string }>({
    // Customers are not woken: messages made in these hours wait until they end (company time);
    // one-time codes the customer asked for are exempt (docs/messages.md). The same from and to: none.
    schema: z.object({
      from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm'),
      to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm'),
    }),
    default: { from: '21:00', to: '08:00' },
    label: { 'zh-CN': '客户消息免打扰时段', en: "Customers' quiet hours" },
    group: 'messages',
  }),
  'messages.ratePerSecond': def<{ sms: number; email: number; wechat: number }>({
    // Each instance sends at most this many messages a second per channel (the provider's QPS quota).
    schema: z.object({
      sms: z.number().int().min(1).max(10_000),
      email: z.number().int().min(1).max(10_000),
      wechat: z.number().int().min(1).max(10_000),
    }),
    default: { sms: 200, email: 20, wechat: 100 },
    label: { 'zh-CN': '每秒发送上限（每个实例、每个渠道）', en: 'Messages per second (per instance and channel)' },
    group: 'messages',
  }),
  'messages.sms': def<SmsSettings>({
    // 'log': development, messages are only recorded; 'aliyun': Aliyun SMS; 'webhook': a gateway of one's own.
    schema: SmsSettings as z.ZodType<SmsSettings>,
    default: { provider: 'log' },
    label: { 'zh-CN': '短信通道', en: 'SMS provider' },
    group: 'messages',
    secret: SECRET_FIELDS,
  }),
  'messages.email': def<EmailSettings>({
    schema: EmailSettings as z.ZodType<EmailSettings>,
    default: { provider: 'log' },
    label: { 'zh-CN': '邮件发送（SMTP）', en: 'E-mail out (SMTP)' },
    group: 'messages',
    secret: SECRET_FIELDS,
  }),
  'messages.wechat': def<WechatSettings>({
    schema: WechatSettings as z.ZodType<WechatSettings>,
    default: { provider: 'log' },
    label: { 'zh-CN': '微信公众号模板消息', en: 'WeChat official account' },
    group: 'messages',
    secret: SECRET_FIELDS,
  }),
  'messages.hookToken': def({
    // Providers that push receipts and replies without a signature (Aliyun) call a URL carrying this token.
    schema: z.string().trim().max(200),
    default: '',
    label: { 'zh-CN': '回执推送地址令牌', en: 'Token in the receipt push URLs' },
    group: 'messages',
    secret: true,
  }),
  'messages.maxAttempts': def({
    // A temporary failure is retried after 30 s, 1, 2, 4… minutes (at most an hour apart) until this many attempts.
    schema: z.number().int().min(1).max(20),
    default: 6,
    label: { 'zh-CN': '临时失败的最多发送次数', en: 'Attempts before a message is given up' },
    group: 'messages',
  }),
  'callbacks.maxAttempts': def({
    schema: z.number().int().min(1).max(10),
    default: 3,
    label: { 'zh-CN': '回访最多拨打次数（之后关闭为无法联系）', en: 'Callback attempts before closing as unreachable' },
    group: 'callbacks',
  }),
  'callbacks.retryMinutes': def({
    schema: z
      .number()
      .int()
      .min(0)
      .max(60 * 24 * 7),
    default: 240,
    label: { 'zh-CN': '回访未接通后再次拨打的间隔（分钟）', en: 'Minutes between callback attempts' },
    group: 'callbacks',
  }),
  'callbacks.lowScore': def({
    schema: z.number().int().min(1).max(4),
    default: 2,
    label: {
      'zh-CN': '回访低分线（态度、质量、及时性任一项不高于此分即通知网点经理）',
      en: 'Callback low score (any of attitude, quality, timeliness at or below it notifies the outlet manager)',
    },
    group: 'callbacks',
  }),
  // DOMAIN.md "Follow-up": the customer may answer by themselves — an SMS with a one-time link to
  // the survey page, sent when the task is made; it closes at the end of the task's window.
  'callbacks.surveySms': def<'send' | 'off'>({
    schema: z.enum(['send', 'off']),
    default: 'send',
    label: { 'zh-CN': '回访短信问卷', en: 'Callback survey by SMS' },
    group: 'callbacks',
    options: [
      {
        value: 'send',
        label: {
          'zh-CN': '生成回访任务时向客户手机发送问卷链接（一次有效，回访时间窗结束时失效）',
          en: 'Send the customer a survey link when the task is made (one answer; closes with the window)',
        },
      },
      { value: 'off', label: { 'zh-CN': '不发送，仅电话回访', en: 'Do not send; callbacks by phone only' } },
    ],
  }),
  'callbacks.scoreDays': def({
    schema: z.number().int().min(7).max(366),
    default: 90,
    label: {
      'zh-CN': '滚动满意度统计天数（派工建议、网点页显示）',
      en: 'Days of the rolling satisfaction (shown on dispatch suggestions and the outlet page)',
    },
    group: 'callbacks',
  }),
  // The complaints issue: "a discipline outcome against an outlet or technician … counts in their
  // score". The scores deduct these points from the satisfaction (docs/callbacks.md, "Scores").
  'callbacks.complaintDeduction': def({
    schema: z.number().min(0).max(100),
    default: 5,
    label: {
      'zh-CN': '评分扣分：每起被判有责的投诉（百分点）',
      en: 'Score deduction per complaint held against the outlet or technician (points)',
    },
    group: 'callbacks',
  }),
  'callbacks.penaltyDeduction': def({
    schema: z.number().min(0).max(100),
    default: 5,
    label: {
      'zh-CN': '评分扣分：每起带处罚的投诉另扣（百分点）',
      en: 'Further score deduction per complaint with a discipline penalty (points)',
    },
    group: 'callbacks',
  }),
  // The complaints issue: a complaint is opened from "a callback with a low score" (besides the
  // notice to the outlet's manager). One complaint per answer: a fee that differs opens its own.
  'callbacks.lowScoreComplaint': def<'open' | 'off'>({
    schema: z.enum(['open', 'off']),
    default: 'open',
    label: { 'zh-CN': '回访低分时登记投诉', en: 'A low callback score opens a complaint' },
    group: 'callbacks',
    options: [
      {
        value: 'open',
        label: {
          'zh-CN': '登记投诉（按最低分项分类），并通知网点经理',
          en: 'Open a complaint (typed by the lowest score) and notify the outlet manager',
        },
      },
      { value: 'off', label: { 'zh-CN': '仅通知网点经理', en: 'Only notify the outlet manager' } },
    ],
  }),
  'callbacks.script': def<CallbackScriptSetting[]>({
    schema: z
      .array(
        z.object({
          key: z.enum(['fixed', 'feeAsRecorded', 'attitude', 'quality', 'timeliness', 'nps', 'comments']),
          'zh-CN': z.string().trim().min(1).max(300),
          en: z.string().trim().min(1).max(300),
        }),
      )
      .max(7),
    default: [
      { key: 'fixed', 'zh-CN': '您的产品故障已经排除了吗？', en: 'Has the fault been fixed?' },
      {
        key: 'feeAsRecorded',
        'zh-CN': '本次服务收费{fee}，与您实际支付的一致吗？',
        en: 'We recorded a fee of {fee} for this service. Is that what you paid?',
      },
      {
        key: 'attitude',
        'zh-CN': '您对工程师的服务态度满意吗？（1–5分）',
        en: 'How satisfied are you with the technician’s attitude? (1–5)',
      },
      {
        key: 'quality',
        'zh-CN': '您对维修质量满意吗？（1–5分）',
        en: 'How satisfied are you with the quality of the repair? (1–5)',
      },
      {
        key: 'timeliness',
        'zh-CN': '您对上门和修复的及时性满意吗？（1–5分）',
        en: 'How satisfied are you with how quickly we came and fixed it? (1–5)',
      },
      {
        key: 'nps',
        'zh-CN': '您有多大可能向亲友推荐我们的服务？（0–10分）',
        en: 'How likely are you to recommend our service to friends and family? (0–10)',
      },
      { key: 'comments', 'zh-CN': '您还有其他意见或建议吗？', en: 'Anything else you would like to tell us?' },
    ],
    label: { 'zh-CN': '回访话术（固定问题的措辞）', en: 'Callback script (wording of the fixed questions)' },
    group: 'callbacks',
  }),
} satisfies Record<
  string,
  | SettingDef<never>
  | SettingDef<string>
  | SettingDef<number>
  | SettingDef<string[]>
  | SettingDef<Record<string, number>>
  | SettingDef<CenterGroupSetting[]>
  | SettingDef<CallbackPlanSetting[]>
  | SettingDef<CallbackScriptSetting[]>
  | SettingDef<{ from: string; to: string }>
  | SettingDef<{ sms: number; email: number; wechat: number }>
  | SettingDef<SmsSettings>
  | SettingDef<EmailSettings>
  | SettingDef<WechatSettings>
  | SettingDef<PlanningShiftSetting>
  | SettingDef<PlanningTravelSetting>
  | SettingDef<PlanningTilesSetting>
>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]['default'];
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}
