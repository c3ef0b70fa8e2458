import { BookOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { useListParams } from '../intake/list-params.js';
import { BulkDispatchModal } from './bulk-dispatch.js';
import { PriorityTag, priorityKey, queueKey, SlaCell, StateTag, typeKey } from './labels.js';
import { boardQueues, isQueue, listQuery, type Queue, UNIT_DISPATCH_STATES } from './order-rules.js';
import { type OrderSummary, SERVICE_TYPES, useLiveOrders } from './orders-api.js';
import { TechnicianSelect } from './pickers.js';

const FILTERS = ['queue', 'serviceType', 'priority', 'technicianId', 'q'] as const;

/** The dispatch board: queues as tabs, filters, SLA countdowns, refreshed every 15 s, bulk dispatch. */
export function OrdersPage() {
  const t = useT();
  const me = useMe().data!;
  const { filters: f, page, pageSize, set } = useListParams(FILTERS);
  const [q, setQ] = useState(f.q ?? '');
  useEffect(() => setQ(f.q ?? ''), [f.q]);
  useLiveOrders();
  // The outlet's board has no HQ or center queues; a queue not on this board lists everything.
  const queues = boardQueues(me.orgUnitKind);
  const queue = isQueue(f.queue) && queues[f.queue] ? f.queue : undefined;
  const list = useApiQuery(
    'GET /api/orders',
    { query: listQuery({ ...f, queue }, page, pageSize, queues) },
    {
      placeholderData: (prev) => prev,
      refetchInterval: 15_000,
    },
  );
  const [selected, setSelected] = useState<OrderSummary[]>([]);
  const [bulk, setBulk] = useState(false);
  const canDispatch = can(me, 'orders.dispatch');

  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;

  return (
    <>
      <PageHeader
        title={t('orders.title')}
        extra={
          <>
            <Link to="/orders/register">
              <Button icon={<BookOutlined />}>{t('nav.ordersRegister')}</Button>
            </Link>
            {can(me, 'orders.create') ? (
              <Link to="/orders/new">
                <Button type="primary" icon={<PlusOutlined />}>
                  {t('orders.new')}
                </Button>
              </Link>
            ) : null}
          </>
        }
      />
      <Card styles={{ body: { paddingTop: 4, paddingBottom: 8 } }}>
        <Tabs
          activeKey={queue ?? 'all'}
          onChange={(k) => {
            setSelected([]);
            set({ queue: k === 'all' ? undefined : k });
          }}
          items={(['all', ...(Object.keys(queues) as Queue[])] as const).map((k) => ({
            key: k,
            label: t(queueKey(k)),
          }))}
        />
        <Flex gap={8} wrap style={{ marginBottom: 16 }} align="center">
          <Input.Search
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => set({ q: v.trim() || undefined })}
            placeholder={t('orders.searchPlaceholder')}
            aria-label={t('common.search')}
            style={{ width: 260 }}
          />
          <Select
            allowClear
            value={f.serviceType}
            onChange={(v) => set({ serviceType: v })}
            options={SERVICE_TYPES.map((s) => ({ value: s, label: t(typeKey(s)) }))}
            placeholder={t('orders.filter.type')}
            aria-label={t('orders.filter.type')}
            style={{ width: 120 }}
          />
          <Select
            allowClear
            value={f.priority}
            onChange={(v) => set({ priority: v })}
            options={['1', '2', '3'].map((p) => ({ value: p, label: t(priorityKey(Number(p))) }))}
            placeholder={t('orders.filter.priority')}
            aria-label={t('orders.filter.priority')}
            style={{ width: 110 }}
          />
          {can(me, 'users.read') ? (
            <TechnicianSelect
              allowClear
              value={f.technicianId}
              onChange={(v) => set({ technicianId: v })}
              placeholder={t('orders.filter.technician')}
              style={{ width: 200 }}
            />
          ) : null}
          <Typography.Text type="secondary" style={{ marginLeft: 'auto' }}>
            {t('orders.autoRefresh')}
          </Typography.Text>
        </Flex>
        {canDispatch && selected.length > 0 ? (
          <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
            <Typography.Text>{t('orders.bulk.selected', { count: selected.length })}</Typography.Text>
            <Button type="primary" icon={<SendOutlined />} onClick={() => setBulk(true)} data-testid="bulk-dispatch">
              {t('orders.bulk.dispatch')}
            </Button>
          </Flex>
        ) : null}
        <Table<OrderSummary>
          rowKey="id"
          size="middle"
          loading={list.isFetching && !list.data}
          dataSource={list.data?.items}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('orders.empty') }}
          rowSelection={
            canDispatch
              ? {
                  selectedRowKeys: selected.map((o) => o.id),
                  onChange: (_, rows) => setSelected(rows),
                  getCheckboxProps: (o) => ({ disabled: !UNIT_DISPATCH_STATES.includes(o.state) }),
                }
              : undefined
          }
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) =>
              list.data?.totalCapped ? t('orders.countCapped', { total }) : t('orders.count', { total }),
            onChange: (p, s) => set({ page: p, pageSize: s }),
          }}
          columns={[
            {
              key: 'code',
              title: t('orders.col.code'),
              render: (_, o) => <Link to={`/orders/${o.id}`}>{o.code}</Link>,
            },
            { key: 'customer', title: t('orders.col.customer'), dataIndex: 'customerName' },
            {
              key: 'product',
              title: t('orders.col.product'),
              render: (_, o) =>
                o.modelName || o.serialNo ? (
                  <Flex vertical>
                    <span>{o.modelName}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {o.serialNo}
                    </Typography.Text>
                  </Flex>
                ) : null,
            },
            { key: 'type', title: t('orders.col.type'), render: (_, o) => t(typeKey(o.serviceType)) },
            {
              key: 'priority',
              title: t('orders.col.priority'),
              render: (_, o) => <PriorityTag priority={o.priority} label={o.priorityLabel} />,
            },
            { key: 'state', title: t('orders.col.state'), render: (_, o) => <StateTag state={o.state} /> },
            { key: 'holder', title: t('orders.col.holder'), dataIndex: 'holderUnitName' },
            { key: 'tech', title: t('orders.col.technician'), render: (_, o) => o.technicianName },
            {
              key: 'sla',
              title: t('orders.col.sla'),
              render: (_, o) => <SlaCell milestones={o.milestones} />,
            },
            {
              key: 'reportedAt',
              title: t('orders.col.reportedAt'),
              render: (_, o) => formatDateTime(o.reportedAt),
            },
          ]}
        />
      </Card>
      {bulk ? (
        <BulkDispatchModal
          orders={selected}
          onClose={(done) => {
            setBulk(false);
            if (done) setSelected([]);
          }}
        />
      ) : null}
    </>
  );
}
