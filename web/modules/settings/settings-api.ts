import type { SettingInfo, SettingVersion } from '../../../server/platform/config/contract.js';
import type { Lang } from '../../../shared/i18n.js';

export const SETTINGS_URL = '/api/settings';

export type { SettingVersion };

export type ValueKind = 'number' | 'boolean' | 'string' | 'json';

/** The editor a setting gets follows the type of its current value (or its default). */
export function valueKind(s: Pick<SettingInfo, 'value' | 'default'>): ValueKind {
  const v = s.value ?? s.default;
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  return 'json';
}

export function settingLabel(s: Pick<SettingInfo, 'labelZh' | 'labelEn'>, lang: Lang): string {
  return lang === 'en' ? s.labelEn : s.labelZh;
}
