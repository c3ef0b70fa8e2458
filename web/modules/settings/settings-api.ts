import type { SettingInfo, SettingVersion } from '../../../server/platform/config/contract.js';
import type { Lang } from '../../../shared/i18n.js';

export const SETTINGS_URL = '/api/settings';

export type { SettingVersion };

export type ValueKind = 'choice' | 'number' | 'boolean' | 'string' | 'json';

/** The editor a setting gets: a choice when it lists its values, else the type of its value (or default). */
export function valueKind(s: Pick<SettingInfo, 'value' | 'default' | 'options'>): ValueKind {
  if (s.options) return 'choice';
  const v = s.value ?? s.default;
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  return 'json';
}

/** A choice setting's value shown by its label; other values as they are. */
export function optionLabel(s: Pick<SettingInfo, 'options'>, value: unknown, lang: Lang): string | null {
  const o = s.options?.find((x) => x.value === value);
  return o ? (lang === 'en' ? o.labelEn : o.labelZh) : null;
}

export function settingLabel(s: Pick<SettingInfo, 'labelZh' | 'labelEn'>, lang: Lang): string {
  return lang === 'en' ? s.labelEn : s.labelZh;
}
