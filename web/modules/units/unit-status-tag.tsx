import { Tag } from 'antd';
import { useT } from '../../i18n/index.js';
import { STATUS_COLORS, type UnitStatus } from './units-api.js';

export function UnitStatusTag({ status }: { status: UnitStatus }) {
  const t = useT();
  return <Tag color={STATUS_COLORS[status]}>{t(`units.status.${status}`)}</Tag>;
}
