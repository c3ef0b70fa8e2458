import { Empty, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { Milestone } from '../../../server/modules/sla/contract.js';
import { useApiList } from '../../api/queries.js';
import { type MessageKey, useT } from '../../i18n/index.js';
import { formatDateTime, formatDueTime } from '../../lib/format.js';
import { formatMinutes, milestoneMinutesLeft } from './format.js';

const STATE_COLOR: Record<Milestone['state'], string> = {
  pending: 'default',
  running: 'blue',
  paused: 'orange',
  met: 'green',
  breached: 'red',
  cancelled: 'default',
};

/**
 * The time limits of one work order (for the order page), in chain order as the server lists
 * them: each milestone with its state, due time (with the weekday), time left or late in its own
 * kind of time, said (工作时间 / 自然时间), and whether it is provisional.
 */
export function OrderMilestones({ orderId }: { orderId: string }) {
  const t = useT();
  const q = useApiList(
    'GET /api/sla/orders/:orderId/milestones',
    { params: { orderId } },
    {
      refetchInterval: 60_000,
      retry: false,
    },
  );
  if (q.isError && q.error.status === 404)
    return <Empty description={t('sla.order.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Table<Milestone>
      rowKey="id"
      size="small"
      pagination={false}
      loading={q.isLoading}
      dataSource={q.data ?? []}
      data-testid="order-milestones"
      columns={[
        { key: 'key', title: t('sla.milestone.key'), render: (_, m) => t(`sla.key.${m.key}` as MessageKey) },
        {
          key: 'state',
          title: t('common.status'),
          render: (_, m) => (
            <Flex gap={4} wrap>
              <Tag color={STATE_COLOR[m.state]}>{t(`sla.state.${m.state}` as MessageKey)}</Tag>
              {m.backdate ? (
                <Tooltip
                  title={t('sla.order.backdatedTip', {
                    duration: formatMinutes(t, m.backdate.minutes),
                    by: m.backdate.byName,
                    reason: m.backdate.reason,
                  })}
                >
                  <Tag color="orange">{t('sla.order.backdated')}</Tag>
                </Tooltip>
              ) : null}
              {m.provisional ? (
                <Tooltip title={t('sla.preview.provisional')}>
                  <Tag color="red">{t('sla.years.provisional')}</Tag>
                </Tooltip>
              ) : null}
            </Flex>
          ),
        },
        {
          key: 'due',
          title: t('sla.order.due'),
          // The due time itself, with its weekday: "1 working hour left" on a Friday evening
          // means Monday morning, and the reader should see that.
          render: (_, m) => formatDueTime(m.dueAt) || '—',
        },
        {
          key: 'left',
          title: t('sla.order.clock'),
          render: (_, m) => {
            if (m.state === 'cancelled') return null;
            const kind = t(`sla.timeKind.${m.timeKind}` as MessageKey);
            // The same figure as the order's header (milestoneMinutesLeft): one definition of late.
            const left = milestoneMinutesLeft(m, Date.now());
            const met = m.metAt ? (
              <Typography.Text type="secondary">
                {t('sla.order.metAt', { at: formatDateTime(m.metAt) })}
              </Typography.Text>
            ) : null;
            if (left >= 0) return met ?? t('sla.order.remaining', { text: formatMinutes(t, left), kind });
            return (
              <Flex vertical>
                <Typography.Text type="danger">
                  {t('sla.order.late', { text: formatMinutes(t, -left), kind })}
                </Typography.Text>
                {met}
                {m.excused ? (
                  <Typography.Text type="secondary">
                    {t('sla.order.excused', { reason: m.excusedReason ?? '' })}
                  </Typography.Text>
                ) : null}
              </Flex>
            );
          },
        },
        {
          key: 'level',
          title: t('sla.milestone.responsible'),
          render: (_, m) => t(`sla.level.${m.responsibleLevel}` as MessageKey),
        },
      ]}
    />
  );
}
