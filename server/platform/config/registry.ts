import { z } from 'zod';
import type { Text } from '../../../shared/i18n.js';
import { isTimeZone } from '../../../shared/time-zone.js';

/**
 * The typed settings catalogue. Each key has a schema, a default (from DOMAIN.md where it has
 * one) and labels. Later modules register their keys here (SLA limits, warranty periods, fees).
 */
export interface SettingDef<T = unknown> {
  schema: z.ZodType<T>;
  default: T;
  label: Text;
  group: 'company' | 'security' | 'orders' | 'portal' | 'customers';
}

const def = <T>(d: SettingDef<T>) => d;

export const SETTINGS = {
  'company.name': def({
    schema: z.string().trim().min(1).max(100),
    default: '三包售后服务',
    label: { 'zh-CN': '公司名称', en: 'Company name' },
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
  'security.loginMaxFailures': def({
    schema: z.number().int().min(3).max(100),
    default: 5,
    label: { 'zh-CN': '账号连续登录失败上限（15分钟内）', en: 'Failed sign-ins allowed per account (15 min)' },
    group: 'security',
  }),
  'security.loginMaxFailuresPerIp': def({
    schema: z.number().int().min(5).max(1000),
    default: 30,
    label: { 'zh-CN': '单个IP登录失败上限（15分钟内）', en: 'Failed sign-ins allowed per IP (15 min)' },
    group: 'security',
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
} satisfies Record<string, SettingDef<never> | SettingDef<string> | SettingDef<number> | SettingDef<string[]>>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]['default'];
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}
