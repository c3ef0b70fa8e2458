import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Input, Segmented, Select, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import {
  type OutboxMessage,
  OutboxChannelName,
  type OutboxPage as OutboxPageData,
  OutboxStatus,
} from '../../../server/platform/notify/contract.js';
import { type ApiError, api, type QueryOf, routeUrl } from '../../api/client.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { useListParams } from '../intake/list-params.js';
import { eventLabel, eventOptions } from '../messages/messages-rules.js';
import { OutboxDetailDrawer } from './outbox-detail.js';
import { channelKey, StatusTag, statusKey } from './outbox-parts.js';

type Channel = OutboxMessage['channel'];
type Status = OutboxMessage['status'];
const CHANNELS: readonly Channel[] = OutboxChannelName.options;
const STATUSES: readonly Status[] = OutboxStatus.options;

/**
 * What the system sent (or, in development, only logged): text messages, mail, WeChat, each with
 * its delivery. The dead letters (failed for good) are one click away and are resent from the
 * message's drawer. The portal's one-time codes show here, so a developer can sign in to the
 * portal without a phone.
 */
export function OutboxPage() {
  const { t, lang } = useI18n();
  const { filters, set } = useListParams(['recipient', 'channel', 'status', 'template', 'customerId'] as const);
  const [recipient, setRecipient] = useState(filters.recipient ?? '');
  useEffect(() => setRecipient(filters.recipient ?? ''), [filters.recipient]);
  const [openId, setOpenId] = useState<string | null>(null);

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
  const total = pages.data?.pages[0]?.total;
  if (pages.isError && !pages.data) return <LoadFailed detail={pages.error.detail} onRetry={() => pages.refetch()} />;

  return (
    <>
      <PageHeader
        title={t('outbox.title')}
        extra={
          <>
            <Link to="/messages/report">
              <Button>{t('nav.messageReport')}</Button>
            </Link>
            <Button onClick={() => pages.refetch()}>{t('common.refresh')}</Button>
          </>
        }
      />
      <Typography.Paragraph type="secondary">{t('outbox.intro')}</Typography.Paragraph>
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
          <Segmented<'all' | 'failed'>
            value={filters.status === 'failed' ? 'failed' : 'all'}
            onChange={(v) => set({ status: v === 'failed' ? 'failed' : undefined })}
            options={[
              { value: 'all', label: t('outbox.allMessages') },
              { value: 'failed', label: t('outbox.deadLetters') },
            ]}
            data-testid="outbox-quick"
          />
          <Input.Search
            allowClear
            value={recipient}
            onChange={(e) => setRecipient(e.target.value)}
            onSearch={(v) => set({ recipient: v.trim() || undefined })}
            placeholder={t('outbox.recipientFilter')}
            aria-label={t('outbox.recipientFilter')}
            style={{ width: 200, maxWidth: '100%' }}
          />
          <Select
            allowClear
            value={filters.channel}
            onChange={(v) => set({ channel: v })}
            options={CHANNELS.map((c) => ({ value: c, label: t(channelKey(c)) }))}
            placeholder={t('outbox.channel')}
            aria-label={t('outbox.channel')}
            style={{ width: 110 }}
          />
          <Select
            allowClear
            value={filters.status}
            onChange={(v) => set({ status: v })}
            options={STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) }))}
            placeholder={t('outbox.status')}
            aria-label={t('outbox.status')}
            style={{ width: 130 }}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={filters.template}
            onChange={(v) => set({ template: v })}
            options={eventOptions(lang)}
            placeholder={t('outbox.event')}
            aria-label={t('outbox.event')}
            style={{ width: 180 }}
          />
          {filters.customerId ? (
            <Tag closable onClose={() => set({ customerId: undefined })} data-testid="outbox-customer-filter">
              {t('outbox.customerFilter')}
            </Tag>
          ) : null}
          {total !== undefined ? (
            <Typography.Text type="secondary">{t('outbox.count', { n: total })}</Typography.Text>
          ) : null}
        </Flex>
        <Table<OutboxMessage>
          rowKey="id"
          size="middle"
          loading={pages.isFetching}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          pagination={false}
          onRow={(m) => {
            const attrs: Record<string, unknown> = {
              onClick: () => setOpenId(m.id),
              style: { cursor: 'pointer' },
              'data-testid': 'outbox-row',
              'data-status': m.status,
            };
            return attrs;
          }}
          columns={[
            { key: 'time', title: t('outbox.time'), render: (_, m) => formatDateTime(m.createdAt, true) },
            { key: 'channel', title: t('outbox.channel'), render: (_, m) => t(channelKey(m.channel)) },
            { key: 'recipient', title: t('outbox.recipient'), dataIndex: 'recipient' },
            {
              key: 'template',
              title: t('outbox.event'),
              render: (_, m) => (
                <Flex vertical>
                  <span>{eventLabel(m.template, lang)}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {m.template}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              key: 'status',
              title: t('outbox.status'),
              render: (_, m) => (
                <Flex vertical gap={2}>
                  <StatusTag status={m.status} />
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
                  style={{ maxWidth: 480, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
                  data-testid="outbox-body"
                >
                  {m.subject ? (
                    <Typography.Text strong>
                      {m.subject}
                      <br />
                    </Typography.Text>
                  ) : null}
                  <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ margin: 0 }}>
                    {m.body}
                  </Typography.Paragraph>
                </div>
              ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, m) => (
                <Button
                  type="link"
                  size="small"
                  onClick={(e) => {
                    e.stopPropagation();
                    setOpenId(m.id);
                  }}
                >
                  {t('outbox.open')}
                </Button>
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
      {openId ? <OutboxDetailDrawer id={openId} onClose={() => setOpenId(null)} /> : null}
    </>
  );
}
