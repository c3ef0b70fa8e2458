import { BarChartOutlined, RightOutlined } from '@ant-design/icons';
import {
  Alert,
  Badge,
  Button,
  Card,
  Empty,
  Flex,
  Input,
  Pagination,
  Select,
  Spin,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { type MouseEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  CALLBACK_KINDS,
  CALLBACK_STATES,
  type CallbackItem,
  DUE_FILTERS,
  type DueFilter,
} from '../../../server/modules/callbacks/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useT } from '../../i18n/index.js';
import { attemptsText, CallbackStateTag, KindTag, NextAttempt, WindowCountdown, windowDays } from './callback-parts.js';
import { type QueueFilters, queueFilters, queueQuery } from './callback-rules.js';

/*
 * The callback queue (回访任务, docs/callbacks-screens.md): the tasks by where they stand against
 * their window — overdue, open today, upcoming, all — with the count of each, filtered by state
 * (the ones still to call by default), kind and a search; each row counts down to the end of its
 * window, red once overdue. The filters live in the address. On a phone the rows are cards.
 */

const PAGE_SIZE = 50;

/** Links inside a clickable row or card go where they say, not to the task. */
const stop = (e: MouseEvent) => e.stopPropagation();

/** How many tasks each window tab holds under the other filters (a count, no rows). */
function useDueCounts(filters: QueueFilters): Partial<Record<DueFilter, number>> {
  const base = queueQuery({ ...filters, page: 1 }, 1);
  const overdue = useApiQuery('GET /api/callbacks', { query: { ...base, due: 'overdue' } });
  const today = useApiQuery('GET /api/callbacks', { query: { ...base, due: 'today' } });
  const upcoming = useApiQuery('GET /api/callbacks', { query: { ...base, due: 'upcoming' } });
  const all = useApiQuery('GET /api/callbacks', { query: { ...base, due: 'all' } });
  return {
    overdue: overdue.data?.total,
    today: today.data?.total,
    upcoming: upcoming.data?.total,
    all: all.data?.total,
  };
}

/**
 * The most attempts a task allows (the setting callbacks.maxAttempts), read from one task's
 * detail, as the list does not carry it; null until known.
 */
function useMaxAttempts(firstId: string | undefined): number | null {
  const q = useApiQuery('GET /api/callbacks/:id', firstId ? { params: { id: firstId } } : null, {
    staleTime: 5 * 60_000,
  });
  return q.data?.maxAttempts ?? null;
}

function TaskCard({ c, maxAttempts }: { c: CallbackItem; maxAttempts: number | null }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Card
      size="small"
      hoverable
      data-testid="callback-row"
      onClick={() => navigate(`/callbacks/${c.id}`)}
      styles={{ body: { padding: 12 } }}
    >
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong>{c.customerName}</Typography.Text>
        <WindowCountdown task={c} />
      </Flex>
      <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 6 }}>
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Flex gap={4} wrap align="center">
            <KindTag kind={c.kind} />
            <CallbackStateTag state={c.state} />
          </Flex>
          <Typography.Text type="secondary" ellipsis>
            {c.code} ·{' '}
            <Link to={`/orders/${c.orderId}`} onClick={stop}>
              {c.orderCode}
            </Link>
          </Typography.Text>
          <Typography.Text type="secondary" ellipsis>
            {[c.outletName, c.technicianName].filter(Boolean).join(' · ') || t('cb.none')}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {windowDays(c)}
          </Typography.Text>
          <Flex gap={8} wrap style={{ fontSize: 12 }}>
            <Typography.Text type="secondary">
              {t('cb.attempts')} {attemptsText(t, c.attempts, maxAttempts)}
            </Typography.Text>
            {c.state === 'open' && c.nextAttemptAt ? <NextAttempt task={c} compact /> : null}
          </Flex>
        </Flex>
        <RightOutlined />
      </Flex>
    </Card>
  );
}

export function CallbacksPage() {
  const t = useT();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = queueFilters(params);
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);
  const list = useApiQuery(
    'GET /api/callbacks',
    { query: queueQuery(filters, PAGE_SIZE) },
    { placeholderData: (prev) => prev, refetchInterval: 60_000 },
  );
  const counts = useDueCounts(filters);
  const items = list.data?.items ?? [];
  const maxAttempts = useMaxAttempts(items[0]?.id);
  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    setParams(next, { replace: true });
  };
  const setPage = (p: number) => {
    const next = new URLSearchParams(params);
    if (p > 1) next.set('page', String(p));
    else next.delete('page');
    setParams(next);
  };
  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;

  return (
    <>
      <PageHeader
        title={t('cb.title')}
        extra={
          <Link to="/callback-scores">
            <Button icon={<BarChartOutlined />}>{t('nav.callbackScores')}</Button>
          </Link>
        }
      />
      {isPhone ? null : <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('cb.intro')} />}
      <Card styles={{ body: isPhone ? { padding: '4px 12px 12px' } : { paddingTop: 4 } }}>
        <Tabs
          activeKey={filters.due}
          onChange={(k) => setFilter('due', k === 'all' ? undefined : k)}
          items={DUE_FILTERS.map((d) => ({
            key: d,
            label: (
              <Flex gap={6} align="center" data-testid={`callback-due-${d}`}>
                {t(`cb.due.${d}`)}
                {counts[d] === undefined ? null : (
                  <Badge
                    count={counts[d]}
                    showZero
                    overflowCount={9999}
                    color={d === 'overdue' && counts[d] ? '#ff4d4f' : '#bfbfbf'}
                  />
                )}
              </Flex>
            ),
          }))}
        />
        <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
          <Select
            style={{ width: isPhone ? 'calc(50% - 4px)' : 140 }}
            aria-label={t('cb.state')}
            value={filters.state}
            onChange={(v: string) => setFilter('state', v === 'open' ? undefined : v)}
            options={[
              ...CALLBACK_STATES.map((s) => ({ value: s, label: t(`cb.state.${s}`) })),
              { value: 'all', label: t('cb.allStates') },
            ]}
          />
          <Select
            allowClear
            style={{ width: isPhone ? 'calc(50% - 4px)' : 160 }}
            placeholder={t('cb.allKinds')}
            aria-label={t('cb.kind')}
            value={filters.kind}
            onChange={(v: string | undefined) => setFilter('kind', v)}
            options={CALLBACK_KINDS.map((k) => ({ value: k, label: t(`cb.kind.${k}`) }))}
          />
          <Input.Search
            allowClear
            style={{ width: isPhone ? '100%' : 280 }}
            placeholder={t('cb.search')}
            aria-label={t('common.search')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => setFilter('q', v.trim() || undefined)}
          />
        </Flex>
        {isPhone ? (
          <Flex vertical gap={8} data-testid="callback-cards">
            {list.isPending ? (
              <Flex justify="center" style={{ padding: 24 }}>
                <Spin />
              </Flex>
            ) : items.length === 0 ? (
              <Empty description={t('cb.empty')} />
            ) : (
              items.map((c) => <TaskCard key={c.id} c={c} maxAttempts={maxAttempts} />)
            )}
            {(list.data?.total ?? 0) > PAGE_SIZE ? (
              <Pagination
                simple
                align="center"
                current={filters.page}
                pageSize={PAGE_SIZE}
                total={list.data?.total ?? 0}
                onChange={setPage}
              />
            ) : null}
          </Flex>
        ) : (
          <Table<CallbackItem>
            rowKey="id"
            size="middle"
            loading={list.isFetching && !list.data}
            dataSource={items}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('cb.empty') }}
            data-testid="callback-table"
            onRow={(c) => {
              const attrs: Record<string, unknown> = {
                onClick: () => navigate(`/callbacks/${c.id}`),
                style: { cursor: 'pointer' },
                'data-testid': 'callback-row',
              };
              return attrs;
            }}
            pagination={{
              current: filters.page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t('cb.count', { total }),
              onChange: setPage,
            }}
            columns={[
              {
                key: 'code',
                title: t('cb.codeAndState'),
                render: (_, c) => (
                  <Flex vertical gap={2} align="flex-start">
                    <Link to={`/callbacks/${c.id}`} onClick={stop}>
                      {c.code}
                    </Link>
                    <CallbackStateTag state={c.state} />
                  </Flex>
                ),
              },
              { key: 'kind', title: t('cb.kind'), render: (_, c) => <KindTag kind={c.kind} /> },
              {
                key: 'order',
                title: t('cb.order'),
                render: (_, c) => (
                  <Link to={`/orders/${c.orderId}`} onClick={stop}>
                    {c.orderCode}
                  </Link>
                ),
              },
              {
                key: 'customer',
                title: t('cb.customer'),
                render: (_, c) => (
                  <Flex vertical>
                    <span>{c.customerName}</span>
                    {c.phone ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {c.phone}
                      </Typography.Text>
                    ) : null}
                  </Flex>
                ),
              },
              { key: 'outlet', title: t('cb.outlet'), render: (_, c) => c.outletName ?? t('cb.none') },
              { key: 'technician', title: t('cb.technician'), render: (_, c) => c.technicianName ?? t('cb.none') },
              {
                key: 'window',
                title: t('cb.window'),
                render: (_, c) => (
                  <Flex vertical gap={2} align="flex-start">
                    <WindowCountdown task={c} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {windowDays(c)}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                key: 'attempts',
                title: t('cb.attempts'),
                align: 'right',
                render: (_, c) => attemptsText(t, c.attempts, maxAttempts),
              },
              { key: 'next', title: t('cb.nextAttempt'), render: (_, c) => <NextAttempt task={c} compact /> },
            ]}
          />
        )}
      </Card>
    </>
  );
}
