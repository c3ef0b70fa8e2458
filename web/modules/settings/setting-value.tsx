import { Tag } from 'antd';
import { useT } from '../../i18n/index.js';
import { formatValue } from '../../lib/format.js';

export function SettingValue({ value }: { value: unknown }) {
  const t = useT();
  if (typeof value === 'boolean') {
    return value ? <Tag color="green">{t('settings.on')}</Tag> : <Tag>{t('settings.off')}</Tag>;
  }
  return <span style={{ wordBreak: 'break-all' }}>{formatValue(value)}</span>;
}
