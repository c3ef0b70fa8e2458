import { Tag } from 'antd';
import type { SettingInfo } from '../../../server/platform/config/contract.js';
import { useI18n } from '../../i18n/index.js';
import { formatValue } from '../../lib/format.js';
import { optionLabel } from './settings-api.js';

/** A setting's value; a choice setting's value by its label (the key stays readable below it). */
export function SettingValue({ value, setting }: { value: unknown; setting?: Pick<SettingInfo, 'options'> }) {
  const { t, lang } = useI18n();
  if (typeof value === 'boolean') {
    return value ? <Tag color="green">{t('settings.on')}</Tag> : <Tag>{t('settings.off')}</Tag>;
  }
  const label = setting ? optionLabel(setting, value, lang) : null;
  if (label !== null) return <span title={formatValue(value)}>{label}</span>;
  return <span style={{ wordBreak: 'break-all' }}>{formatValue(value)}</span>;
}
