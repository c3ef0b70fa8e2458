import { PauseCircleOutlined } from '@ant-design/icons';
import { Flex, Tag, Tooltip, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import type { ApiError } from '../../api/client.js';
import { FullPageSpin, LoadFailed } from '../../components/status-pages.js';
import { useI18n, useT } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { formatDueTime } from '../../lib/format.js';
import { formatMinutes } from '../sla/format.js';
import type { OrderState, ServiceType } from './orders-api.js';
import {
  type MilestoneLike,
  PRIORITY_COLOR,
  type Queue,
  readMilestones,
  STATE_COLOR,
  slaCountdown,
  type UiAction,
} from './order-rules.js';

/** Message keys of the order codes; one place so tables, tags and filters say the same. */
export const stateKey = (s: OrderState): MessageKey => `orders.state.${s}`;
export const typeKey = (s: ServiceType): MessageKey => `orders.type.${s}`;
export const queueKey = (q: Queue | 'all'): MessageKey => `orders.queue.${q}`;
export const actionKey = (a: UiAction): MessageKey => `orders.action.${a}`;
export const waitKey = (w: 'parts' | 'customer' | 'approval'): MessageKey => `orders.wait.${w}`;
export const approvalKindKey = (k: 'part_time_staff' | 'parts_workaround'): MessageKey => `orders.approvalKind.${k}`;
export const priorityKey = (p: number): MessageKey =>
  p === 1 ? 'orders.priority.1' : p === 3 ? 'orders.priority.3' : 'orders.priority.2';

export function StateTag({ state }: { state: OrderState }) {
  const t = useT();
  return (
    <Tag color={STATE_COLOR[state]} data-testid="order-state">
      {t(stateKey(state))}
    </Tag>
  );
}

/**
 * A fault level's name: the company's own names (setting orders.priorityLabels, in Chinese) in the
 * Chinese UI, the UI's own words in English.
 */
export function usePriorityName() {
  const { t, lang } = useI18n();
  return (priority: number, label?: string) => (lang === 'zh-CN' && label ? label : t(priorityKey(priority)));
}

export function PriorityTag({ priority, label }: { priority: number; label?: string }) {
  const name = usePriorityName();
  return <Tag color={PRIORITY_COLOR[priority] ?? 'default'}>{name(priority, label)}</Tag>;
}

/** A milestone's name; keys a newer SLA module adds show as they are. */
export function useMilestoneName() {
  const { tryT } = useI18n();
  return (key: string) => tryT(`sla.key.${key}`) ?? key;
}

const SLA_TAG: Record<string, string> = { green: 'success', orange: 'warning', red: 'error' };

/** Re-renders every 30 s so countdowns move between refreshes. */
function useNow(periodMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), periodMs);
    return () => window.clearInterval(id);
  }, [periodMs]);
  return now;
}

/**
 * The SLA countdown of an order (green, orange at 75% used, red when late); nothing without
 * milestones. The figure is the milestone's own (milestoneMinutesLeft) and says its kind of time;
 * `detailed` (the order's header) also names the milestone and its due time with the weekday.
 */
export function SlaCell({ milestones, detailed = false }: { milestones: unknown; detailed?: boolean }) {
  const { t } = useI18n();
  const name = useMilestoneName();
  const now = useNow();
  const list: MilestoneLike[] = readMilestones(milestones);
  const view = slaCountdown(list, now);
  if (!view) return null;
  const time = formatMinutes(t, Math.abs(view.minutesLeft));
  const kind = view.timeKind ? t(`sla.timeKind.${view.timeKind}` as MessageKey) : '—';
  const due = t('orders.sla.due', { name: name(view.key), due: view.dueAt ? formatDueTime(view.dueAt) : '—' });
  const tag = (
    <Tag color={SLA_TAG[view.colour]} icon={view.paused ? <PauseCircleOutlined /> : null} data-testid="sla-cell">
      {view.paused
        ? t('orders.sla.paused')
        : view.minutesLeft < 0
          ? t('orders.sla.late', { time, kind })
          : t('orders.sla.left', { time, kind })}
    </Tag>
  );
  if (detailed)
    return (
      <Flex gap={4} align="center" wrap>
        {tag}
        <Typography.Text type="secondary" data-testid="sla-cell-due">
          {due}
        </Typography.Text>
      </Flex>
    );
  return <Tooltip title={due}>{tag}</Tooltip>;
}

/** What a page shows before its query has data: a spinner, or the failure with a retry. */
export function queryGate(
  q: { isPending: boolean; error: ApiError | null; refetch: () => unknown },
  notFound?: string,
): ReactNode | null {
  if (q.error) return <LoadFailed detail={q.error.detail || notFound} onRetry={() => q.refetch()} />;
  if (q.isPending) return <FullPageSpin />;
  return null;
}
