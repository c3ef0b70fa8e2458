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
  group: 'company' | 'security' | 'orders';
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
    schema: z.number().int().min(1).max(24 * 30),
    default: 12,
    label: { 'zh-CN': '登录有效期（小时）', en: 'Session lifetime (hours)' },
    group: 'security',
  }),
  'security.idleMinutes': def({
    schema: z.number().int().min(5).max(24 * 60),
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
} satisfies Record<string, SettingDef<never> | SettingDef<string> | SettingDef<number>>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]['default'];
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}
