import { Tag } from 'antd';
import type { SettingInfo } from '../../../server/platform/config/contract.js';
import { useI18n } from '../../i18n/index.js';
import { formatValue } from '../../lib/format.js';
import { optionLabel } from './settings-api.js';

/** A structured value with its bilingual names (a `{zh-CN, en}` object) put in the reader's language. */
function inLanguage(value: unknown, lang: 'zh-CN' | 'en'): unknown {
  if (Array.isArray(value)) return value.map((v) => inLanguage(v, lang));
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o['zh-CN'] === 'string' && typeof o.en === 'string') return o[lang];
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, inLanguage(v, lang)]));
  }
  return value;
}

/** A setting's value; a choice setting's value by its label (the key stays readable below it). */
export function SettingValue({ value, setting }: { value: unknown; setting?: Pick<SettingInfo, 'options'> }) {
  const { t, lang } = useI18n();
  if (typeof value === 'boolean') {
    return value ? <Tag color="green">{t('settings.on')}</Tag> : <Tag>{t('settings.off')}</Tag>;
  }
  const label = setting ? optionLabel(setting, value, lang) : null;
  if (label !== null) return <span title={formatValue(value)}>{label}</span>;
  return <span style={{ wordBreak: 'break-all' }}>{formatValue(inLanguage(value, lang))}</span>;
}
