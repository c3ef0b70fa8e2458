import { Tag, Typography } from 'antd';
import type { MaintenanceStatus, OfferState } from '../../../server/modules/care/contract.js';
import { useT } from '../../i18n/index.js';

/* Small pieces shared by the care pages and the unit's care card. */

const STATUS_COLOR: Record<MaintenanceStatus, string> = {
  not_planned: 'default',
  upcoming: 'blue',
  due: 'orange',
  overdue: 'red',
};
const STATE_COLOR: Record<OfferState, string> = {
  open: 'default',
  interested: 'blue',
  declined: 'default',
  bought: 'green',
  no_answer: 'orange',
};

export function MaintenanceStatusTag({ status }: { status: MaintenanceStatus }) {
  const t = useT();
  return <Tag color={STATUS_COLOR[status]}>{t(`care.status.${status}`)}</Tag>;
}

export function OfferStateTag({ state }: { state: OfferState }) {
  const t = useT();
  return <Tag color={STATE_COLOR[state]}>{t(`care.state.${state}`)}</Tag>;
}

/** Days to the date: "in 3 days", "today", "5 days overdue" (red). */
export function DaysLeft({ days }: { days: number | null }) {
  const t = useT();
  if (days === null) return <>{t('care.none')}</>;
  if (days === 0) return <Typography.Text type="warning">{t('care.todayDue')}</Typography.Text>;
  if (days < 0) return <Typography.Text type="danger">{t('care.overdueN', { n: -days })}</Typography.Text>;
  return <>{t('care.daysLeftN', { n: days })}</>;
}

/** A province, city or district code as the cascader's path from the province down. */
export function divisionCodes(code: string): string[] {
  const province = `${code.slice(0, 2)}0000`;
  const city = `${code.slice(0, 4)}00`;
  if (code === province) return [code];
  if (code === city) return [province, code];
  return [province, city, code];
}
