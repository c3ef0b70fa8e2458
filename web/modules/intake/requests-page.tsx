import { Card, Flex, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { QueryOf } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { REQUEST_KINDS, REQUEST_STATUSES, type ServiceRequest } from './intake-api.js';
import { REQUEST_STATUS_COLOR, requestKindKey, requestStatusKey, sourceKey } from './labels.js';
import { useListParams } from './list-params.js';
import { RequestDrawer } from './request-drawer.js';

/** Repair, installation and maintenance requests of my area, by status and kind. */
export function RequestsPage() {
  const t = useT();
  const { filters, page, pageSize, set } = useListParams(['status', 'kind'] as const);
  const list = useApiQuery(
    'GET /api/intake/requests',
    { query: { ...(filters as QueryOf<'GET /api/intake/requests'>), page, pageSize } },
    {
      placeholderData: (prev) => prev,
    },
  );
  const [openId, setOpenId] = useState<string | null>(null);
  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;

  return (
    <>
      <PageHeader title={t('intake.requests.title')} />
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            value={filters.status}
            onChange={(v) => set({ status: v })}
            options={REQUEST_STATUSES.map((s) => ({ value: s, label: t(requestStatusKey(s)) }))}
            placeholder={t('common.status')}
            aria-label={t('common.status')}
            style={{ width: 150 }}
          />
          <Select
            allowClear
            value={filters.kind}
            onChange={(v) => set({ kind: v })}
            options={REQUEST_KINDS.map((k) => ({ value: k, label: t(requestKindKey(k)) }))}
            placeholder={t('intake.requests.kind')}
            aria-label={t('intake.requests.kind')}
            style={{ width: 140 }}
          />
        </Flex>
        <Table<ServiceRequest>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items}
          scroll={{ x: 'max-content' }}
          onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('intake.requests.count', { total }),
            onChange: (p, s) => set({ page: p, pageSize: s }),
          }}
          columns={[
            { key: 'code', title: t('intake.requests.code'), dataIndex: 'code' },
            { key: 'createdAt', title: t('intake.requests.createdAt'), render: (_, r) => formatDateTime(r.createdAt) },
            { key: 'kind', title: t('intake.requests.kind'), render: (_, r) => t(requestKindKey(r.kind)) },
            { key: 'source', title: t('intake.requests.source'), render: (_, r) => t(sourceKey(r.source)) },
            { key: 'customer', title: t('intake.requests.customer'), dataIndex: 'customerName' },
            { key: 'phone', title: t('intake.requests.phone'), dataIndex: 'phone' },
            {
              key: 'status',
              title: t('common.status'),
              render: (_, r) => <Tag color={REQUEST_STATUS_COLOR[r.status]}>{t(requestStatusKey(r.status))}</Tag>,
            },
            {
              key: 'symptoms',
              title: t('intake.requests.symptoms'),
              render: (_, r) => (
                <Typography.Text ellipsis style={{ maxWidth: 320 }}>
                  {r.symptoms}
                </Typography.Text>
              ),
            },
          ]}
        />
      </Card>
      {openId ? <RequestDrawer id={openId} onClose={() => setOpenId(null)} /> : null}
    </>
  );
}
