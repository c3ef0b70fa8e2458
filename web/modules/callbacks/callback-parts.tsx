import { Tag, Tooltip, Typography } from 'antd';
import type { CallbackItem, CallbackKind, CallbackState } from '../../../server/modules/callbacks/contract.js';
import { type Translate, useT } from '../../i18n/index.js';
import { localDay } from '../../../shared/time-zone.js';
import { formatDueTime, getDisplayZone } from '../../lib/format.js';
import { useNow } from '../complaints/complaint-parts.js';
import { durationParts, nextAttemptView, windowView } from './callback-rules.js';

/** Pieces the callback pages share: state and kind tags, the window countdown, attempts and the next attempt. */

export const STATE_COLOR: Record<CallbackState, string> = {
  open: 'blue',
  done: 'green',
  unreachable: 'orange',
  cancelled: 'default',
};

const KIND_COLOR: Record<CallbackKind, string> = {
  first: 'geekblue',
  second: 'purple',
  installation: 'cyan',
  check: 'gold',
};

export function CallbackStateTag({ state }: { state: CallbackState }) {
  const t = useT();
  return (
    <Tag color={STATE_COLOR[state]} data-testid="callback-state">
      {t(`cb.state.${state}`)}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: CallbackKind }) {
  const t = useT();
  return <Tag color={KIND_COLOR[kind]}>{t(`cb.kind.${kind}`)}</Tag>;
}

/** Minutes as "3 天 5 小时" / "2 h 5 min". */
export function formatSpan(t: Translate, minutes: number): string {
  return durationParts(minutes)
    .map((p) => t(`sla.${p.unit}`, { n: p.n }))
    .join(' ');
}

/** The window as its two ends, with weekdays: "周一 11-16 00:00 – 周五 11-20 23:59". */
export function windowText(task: Pick<CallbackItem, 'dueFrom' | 'dueBy'>): string {
  return `${formatDueTime(task.dueFrom)} – ${formatDueTime(task.dueBy)}`;
}

/** The window as its days in the company's zone ("2026-10-30 – 2026-11-03"): it runs whole days. */
export function windowDays(task: Pick<CallbackItem, 'dueFrom' | 'dueBy'>): string {
  const zone = getDisplayZone();
  return `${localDay(new Date(task.dueFrom), zone)} – ${localDay(new Date(task.dueBy), zone)}`;
}

/**
 * Where a task stands against its window, moving every 30 s: blue before it opens, green while
 * open, orange in its last day, red once overdue; nothing once the task is closed.
 */
export function WindowCountdown({ task }: { task: Pick<CallbackItem, 'state' | 'dueFrom' | 'dueBy'> }) {
  const t = useT();
  const now = useNow();
  const view = windowView(task, now);
  if (!view) return <Typography.Text type="secondary">{t('cb.closed')}</Typography.Text>;
  const time = formatSpan(t, view.minutes);
  const color =
    view.phase === 'overdue'
      ? 'error'
      : view.phase === 'upcoming'
        ? 'processing'
        : view.closing
          ? 'warning'
          : 'success';
  const text =
    view.phase === 'overdue'
      ? t('cb.overdue', { time })
      : view.phase === 'upcoming'
        ? t('cb.opensIn', { time })
        : t('cb.left', { time });
  return (
    <Tooltip title={windowText(task)}>
      <Tag
        color={color}
        data-testid="callback-countdown"
        data-overdue={view.phase === 'overdue' ? 'true' : 'false'}
        style={{ marginInlineEnd: 0 }}
      >
        {text}
      </Tag>
    </Tooltip>
  );
}

/** Failed attempts, against the most allowed when known ("1/3"). */
export function attemptsText(t: Translate, attempts: number, max: number | null | undefined): string {
  return max ? t('cb.attemptsOf', { n: attempts, max }) : t('cb.attemptsN', { n: attempts });
}

/**
 * When the next attempt may be made: now, or in how long (with the time, or the time on hover when
 * `compact`, as in the queue); nothing when none waits.
 */
export function NextAttempt({
  task,
  compact = false,
}: {
  task: Pick<CallbackItem, 'state' | 'nextAttemptAt'>;
  compact?: boolean;
}) {
  const t = useT();
  const now = useNow();
  const view = task.state === 'open' ? nextAttemptView(task.nextAttemptAt, now) : null;
  if (!view) return <Typography.Text type="secondary">{t('cb.none')}</Typography.Text>;
  const at = formatDueTime(task.nextAttemptAt);
  if (view.ready)
    return (
      <Tooltip title={at}>
        <Typography.Text type="success">{t('cb.nextAttemptNow')}</Typography.Text>
      </Tooltip>
    );
  const time = formatSpan(t, view.wait);
  if (compact)
    return (
      <Tooltip title={at}>
        <Typography.Text type="warning">{t('cb.nextAttemptIn', { time })}</Typography.Text>
      </Tooltip>
    );
  return <Typography.Text type="warning">{t('cb.nextAttemptWait', { time, at })}</Typography.Text>;
}
