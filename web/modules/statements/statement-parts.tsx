import { Tag, Typography } from 'antd';
import type { StatementState } from '../../../server/modules/money/statements/contract.js';
import { localDay } from '../../../shared/time-zone.js';
import { useT } from '../../i18n/index.js';
import { getDisplayZone } from '../../lib/format.js';
import { daysUntil, withinRespondBy } from './statement-rules.js';

/** Pieces the statement pages share: the state tag, respond-by with the days left, today. */

export const STATE_COLOR: Record<StatementState, string> = {
  draft: 'default',
  sent: 'blue',
  disputed: 'red',
  accepted: 'green',
  locked: 'purple',
};

/** Today in the company time zone (YYYY-MM-DD), the day respond-by is counted against. */
export function companyToday(): string {
  return localDay(new Date(), getDisplayZone());
}

export function StatementStateTag({ state }: { state: StatementState }) {
  const t = useT();
  return <Tag color={STATE_COLOR[state]}>{t(`stmt.state.${state}`)}</Tag>;
}

/** The respond-by day and, while the statement awaits the unit's answer, the days left. */
export function RespondBy({
  statement,
  today,
}: {
  statement: { state: StatementState; respondBy: string | null };
  today: string;
}) {
  const t = useT();
  const { respondBy, state } = statement;
  if (!respondBy) return null;
  if (state !== 'sent' && state !== 'disputed') return <>{respondBy}</>;
  const days = daysUntil(respondBy, today);
  const note = !withinRespondBy(respondBy, today)
    ? t('stmt.daysPast', { days: -days })
    : days === 0
      ? t('stmt.dueToday')
      : t('stmt.daysLeft', { days });
  return (
    <>
      {respondBy}{' '}
      <Typography.Text type={days < 0 ? 'danger' : days <= 2 ? 'warning' : 'secondary'}>({note})</Typography.Text>
    </>
  );
}
