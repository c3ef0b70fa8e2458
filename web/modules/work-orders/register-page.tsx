import { Card, Flex, Input, Table } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { useListParams } from '../intake/list-params.js';
import type { RegisterEntry } from './orders-api.js';

/** 客户产品维修登记簿: faults not fixable on site, searchable by order, customer, model or serial. */
export function RegisterPage() {
  const t = useT();
  const { filters, page, pageSize, set } = useListParams(['q'] as const);
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  const list = useApiQuery(
    'GET /api/repair-register',
    { query: { q: filters.q, page, pageSize } },
    {
      placeholderData: (prev) => prev,
    },
  );
  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;
  return (
    <>
      <PageHeader title={t('register.title')} />
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => set({ q: v.trim() || undefined })}
            placeholder={t('register.search')}
            aria-label={t('common.search')}
            style={{ width: 280 }}
          />
        </Flex>
        <Table<RegisterEntry>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('register.count', { total }),
            onChange: (p, s) => set({ page: p, pageSize: s }),
          }}
          columns={[
            { key: 'at', title: t('register.at'), render: (_, r) => formatDateTime(r.at) },
            {
              key: 'order',
              title: t('register.order'),
              render: (_, r) => <Link to={`/orders/${r.orderId}`}>{r.orderCode}</Link>,
            },
            { key: 'customer', title: t('register.customer'), dataIndex: 'customerName' },
            { key: 'model', title: t('register.model'), dataIndex: 'modelName' },
            { key: 'serial', title: t('register.serial'), dataIndex: 'serialNo' },
            {
              key: 'fault',
              title: t('register.fault'),
              render: (_, r) => <div style={{ maxWidth: 360, whiteSpace: 'pre-wrap' }}>{r.faultReport}</div>,
            },
            { key: 'reason', title: t('register.reason'), dataIndex: 'reason' },
            { key: 'by', title: t('register.by'), dataIndex: 'reportedByName' },
          ]}
        />
      </Card>
    </>
  );
}
