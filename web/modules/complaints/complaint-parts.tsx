import { Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { ComplaintItem, ComplaintSeverity, ComplaintState } from '../../../server/modules/complaints/contract.js';
import { useT } from '../../i18n/index.js';
import { formatDueTime } from '../../lib/format.js';
import { formatMinutes } from '../sla/format.js';
import { deadlineView } from './complaint-rules.js';

/** Pieces the complaint pages share: the tags of state, severity and level, and the deadline countdown. */

export const STATE_COLOR: Record<ComplaintState, string> = {
  open: 'blue',
  answered: 'gold',
  reopened: 'orange',
  closed: 'default',
};

export const SEVERITY_COLOR: Record<ComplaintSeverity, string> = {
  general: 'default',
  difficult: 'orange',
  crisis: 'red',
};

const LEVEL_COLOR = { 1: 'default', 2: 'purple', 3: 'magenta' } as const;

export function ComplaintStateTag({ state }: { state: ComplaintState }) {
  const t = useT();
  return (
    <Tag color={STATE_COLOR[state]} data-testid="complaint-state">
      {t(`cmp.state.${state}`)}
    </Tag>
  );
}

export function SeverityTag({ severity }: { severity: ComplaintSeverity }) {
  const t = useT();
  return <Tag color={SEVERITY_COLOR[severity]}>{t(`cmp.severity.${severity}`)}</Tag>;
}

export function LevelTag({ level }: { level: 1 | 2 | 3 }) {
  const t = useT();
  return (
    <Tag color={LEVEL_COLOR[level]} data-testid="complaint-level">
      {t('cmp.levelN', { n: level })}
    </Tag>
  );
}

/** Re-renders every 30 s so countdowns move between refreshes. */
export function useNow(periodMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), periodMs);
    return () => window.clearInterval(id);
  }, [periodMs]);
  return now;
}

/** Time left to answer at the current level (red when overdue or nearly so); the due time on hover. */
export function DeadlineCountdown({ complaint }: { complaint: Pick<ComplaintItem, 'deadlineAt'> }) {
  const t = useT();
  const now = useNow();
  const view = deadlineView(complaint.deadlineAt, now);
  if (!view) return <Typography.Text type="secondary">{t('cmp.noDeadline')}</Typography.Text>;
  const time = formatMinutes(t, Math.abs(view.minutes));
  return (
    <Tooltip title={formatDueTime(complaint.deadlineAt)}>
      <Tag
        color={view.urgent ? 'error' : view.minutes < 120 ? 'warning' : 'success'}
        data-testid="complaint-deadline"
        data-overdue={view.overdue ? 'true' : 'false'}
      >
        {view.overdue ? t('cmp.overdue', { time }) : t('cmp.left', { time })}
      </Tag>
    </Tooltip>
  );
}
