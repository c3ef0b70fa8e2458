import { Button, Card, DatePicker, Flex, Select, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import type { ResponseOf } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { channelKey } from '../outbox/outbox-parts.js';
import { companyToday } from '../statements/statement-parts.js';
import { DeliveryChart } from './delivery-chart.js';
import { type Channel, dailySeries, lastDays, MESSAGE_CHANNELS } from './messages-rules.js';

type Report = ResponseOf<'GET /api/messages/report'>;
type Row = Report['rows'][number];
type Total = Report['totals'][number];

const DAY = 'YYYY-MM-DD';
const COUNTS = ['queued', 'sent', 'delivered', 'failed', 'suppressed', 'waiting'] as const;
const isDay = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * The delivery report (docs/messages.md, Delivery report): per company day and channel, how many
 * messages were made, sent, delivered, failed, held back by an opt-out or still waiting; the last
 * seven days by default, the period and channel in the address. The chart adds the channels up per day.
 */
export function MessageReportPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const fallback = lastDays(companyToday(), 7);
  const from = isDay(params.get('from')) ? params.get('from')! : fallback.from;
  const to = isDay(params.get('to')) ? params.get('to')! : fallback.to;
  const channelParam = params.get('channel');
  const channel = (MESSAGE_CHANNELS as readonly string[]).includes(channelParam ?? '')
    ? (channelParam as Channel)
    : undefined;
  const q = useApiQuery(
    'GET /api/messages/report',
    { query: { from, to, channel } },
    { placeholderData: (prev) => prev },
  );
  const set = (patch: Partial<Record<'from' | 'to' | 'channel', string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;

  const rows = q.data?.rows ?? [];
  const totals = q.data?.totals ?? [];
  const all = totals.reduce<Record<(typeof COUNTS)[number], number>>(
    (acc, r) => {
      for (const k of COUNTS) acc[k] += r[k];
      return acc;
    },
    { queued: 0, sent: 0, delivered: 0, failed: 0, suppressed: 0, waiting: 0 },
  );
  const countColumns = COUNTS.map((k) => ({
    key: k,
    title: t(`msgReport.${k}`),
    align: 'right' as const,
    render: (_: unknown, r: Row | Total) => r[k],
  }));

  return (
    <>
      <PageHeader
        title={t('msgReport.title')}
        extra={
          <Link to="/outbox">
            <Button>{t('nav.outbox')}</Button>
          </Link>
        }
      />
      <Typography.Paragraph type="secondary">{t('msgReport.intro')}</Typography.Paragraph>
      <Flex vertical gap={16}>
        <Card>
          <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
            <DatePicker.RangePicker
              aria-label={t('msgReport.period')}
              allowClear={false}
              value={[dayjs(from), dayjs(to)]}
              onChange={(v) => {
                const [a, b] = (v ?? []) as [Dayjs | null, Dayjs | null];
                if (a && b) set({ from: a.format(DAY), to: b.format(DAY) });
              }}
              data-testid="report-period"
            />
            <Select
              allowClear
              value={channel}
              onChange={(v) => set({ channel: v })}
              options={MESSAGE_CHANNELS.map((c) => ({ value: c, label: t(channelKey(c)) }))}
              placeholder={t('msgReport.allChannels')}
              aria-label={t('outbox.channel')}
              style={{ width: 140 }}
            />
          </Flex>
          <DeliveryChart points={dailySeries(rows, from, to)} />
        </Card>
        <Card title={t('msgReport.totals')} styles={{ body: { padding: 0 } }}>
          <Table<Total>
            rowKey="channel"
            size="middle"
            pagination={false}
            loading={q.isFetching}
            dataSource={totals}
            scroll={{ x: 'max-content' }}
            data-testid="report-totals"
            locale={{ emptyText: t('msgReport.empty') }}
            columns={[
              { key: 'channel', title: t('outbox.channel'), render: (_, r) => t(channelKey(r.channel)) },
              ...countColumns,
            ]}
            summary={() =>
              totals.length > 1 ? (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>{t('msgReport.allChannels')}</Typography.Text>
                  </Table.Summary.Cell>
                  {COUNTS.map((k, i) => (
                    <Table.Summary.Cell key={k} index={i + 1} align="right">
                      <Typography.Text strong>{all[k]}</Typography.Text>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              ) : null
            }
          />
        </Card>
        <Card title={t('msgReport.byDay')} styles={{ body: { padding: 0 } }}>
          <Table<Row>
            rowKey={(r) => `${r.day}|${r.channel}`}
            size="middle"
            pagination={false}
            loading={q.isFetching}
            dataSource={rows}
            scroll={{ x: 'max-content' }}
            data-testid="report-table"
            locale={{ emptyText: t('msgReport.empty') }}
            columns={[
              { key: 'day', title: t('msgReport.day'), dataIndex: 'day' },
              { key: 'channel', title: t('outbox.channel'), render: (_, r) => t(channelKey(r.channel)) },
              ...countColumns,
            ]}
          />
        </Card>
      </Flex>
    </>
  );
}
