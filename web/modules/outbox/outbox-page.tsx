import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  type OutboxMessage,
  OutboxChannelName,
  type OutboxPage as OutboxPageData,
  OutboxStatus,
} from '../../../server/platform/notify/contract.js';
import { type ApiError, api, type QueryOf, routeUrl } from '../../api/client.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { type MessageKey, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { useListParams } from '../intake/list-params.js';

export const OUTBOX_URL = '/api/outbox';

type Channel = OutboxMessage['channel'];
type Status = OutboxMessage['status'];
const CHANNELS: readonly Channel[] = OutboxChannelName.options;
const STATUSES: readonly Status[] = OutboxStatus.options;
const STATUS_COLOR: Record<Status, string> = {
  pending: 'blue',
  sending: 'processing',
  sent: 'green',
  delivered: 'success',
  failed: 'red',
  logged: 'default',
  suppressed: 'warning',
};
const channelKey = (c: Channel): MessageKey => `outbox.channel.${c}`;
const statusKey = (s: Status): MessageKey => `outbox.status.${s}`;

/**
 * What the system sent (or, in development, only logged): text messages, mail, WeChat. The portal's
 * one-time codes show here, so a developer can sign in to the portal without a phone.
 */
export function OutboxPage() {
  const t = useT();
  const { filters, set } = useListParams(['recipient', 'channel', 'status'] as const);
  const [recipient, setRecipient] = useState(filters.recipient ?? '');
  useEffect(() => setRecipient(filters.recipient ?? ''), [filters.recipient]);

  // The filters come from the address as typed; the server refuses a bad value, naming it.
  const query = filters as QueryOf<'GET /api/outbox'>;
  const base = routeUrl('GET /api/outbox', { query: { ...query, limit: 50 } });
  const pages = useInfiniteQuery<
    OutboxPageData,
    ApiError,
    { pages: OutboxPageData[] },
    readonly [string],
    string | null
  >({
    queryKey: [base] as const,
    initialPageParam: null,
    queryFn: ({ pageParam, signal }) =>
      api.call('GET /api/outbox', { query: { ...query, limit: 50, cursor: pageParam ?? undefined } }, { signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
  if (pages.isError && !pages.data) return <LoadFailed detail={pages.error.detail} onRetry={() => pages.refetch()} />;

  return (
    <>
      <PageHeader
        title={t('outbox.title')}
        extra={<Button onClick={() => pages.refetch()}>{t('common.refresh')}</Button>}
      />
      <Typography.Paragraph type="secondary">{t('outbox.intro')}</Typography.Paragraph>
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            value={recipient}
            onChange={(e) => setRecipient(e.target.value)}
            onSearch={(v) => set({ recipient: v.trim() || undefined })}
            placeholder={t('outbox.recipientFilter')}
            aria-label={t('outbox.recipientFilter')}
            style={{ width: 220, maxWidth: '100%' }}
          />
          <Select
            allowClear
            value={filters.channel}
            onChange={(v) => set({ channel: v })}
            options={CHANNELS.map((c) => ({ value: c, label: t(channelKey(c)) }))}
            placeholder={t('outbox.channel')}
            aria-label={t('outbox.channel')}
            style={{ width: 120 }}
          />
          <Select
            allowClear
            value={filters.status}
            onChange={(v) => set({ status: v })}
            options={STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) }))}
            placeholder={t('outbox.status')}
            aria-label={t('outbox.status')}
            style={{ width: 120 }}
          />
        </Flex>
        <Table<OutboxMessage>
          rowKey="id"
          size="middle"
          loading={pages.isFetching}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          pagination={false}
          columns={[
            { key: 'time', title: t('outbox.time'), render: (_, m) => formatDateTime(m.createdAt, true) },
            { key: 'channel', title: t('outbox.channel'), render: (_, m) => t(channelKey(m.channel)) },
            { key: 'recipient', title: t('outbox.recipient'), dataIndex: 'recipient' },
            {
              key: 'template',
              title: t('outbox.template'),
              render: (_, m) => <Typography.Text code>{m.template}</Typography.Text>,
            },
            {
              key: 'status',
              title: t('outbox.status'),
              render: (_, m) => (
                <Flex vertical gap={2}>
                  <Tag color={STATUS_COLOR[m.status]} style={{ marginInlineEnd: 0, width: 'fit-content' }}>
                    {t(statusKey(m.status))}
                  </Tag>
                  {m.attempts.length > 1 ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('outbox.attempts', { n: m.attempts.length })}
                    </Typography.Text>
                  ) : null}
                </Flex>
              ),
            },
            {
              key: 'body',
              title: t('outbox.body'),
              render: (_, m) => (
                <div
                  style={{ maxWidth: 520, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
                  data-testid="outbox-body"
                >
                  {m.subject ? (
                    <Typography.Text strong>
                      {m.subject}
                      <br />
                    </Typography.Text>
                  ) : null}
                  {m.body}
                </div>
              ),
            },
          ]}
        />
        <Flex justify="center" style={{ marginTop: 12 }}>
          {pages.hasNextPage ? (
            <Button onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          ) : rows.length ? (
            <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
          ) : null}
        </Flex>
      </Card>
    </>
  );
}
