import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { UNIT_STATUSES } from '../../../server/modules/customers/units/contract.js';
import { type QueryOf, routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useT } from '../../i18n/index.js';
import { UnitStatusTag } from './unit-status-tag.js';
import type { UnitListItem } from './units-api.js';

/** The installed base: find a unit by its serial number (exact or its beginning), filter by status. */
export function UnitsPage() {
  const t = useT();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const filters = {
    q: params.get('q') ?? '',
    status: params.get('status') ?? undefined,
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: Number(params.get('pageSize') ?? 20) || 20,
  };
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);
  // The filters come from the address as typed; the server refuses a bad value, naming it.
  const units = useApiQuery(
    'GET /api/units',
    { query: filters as QueryOf<'GET /api/units'> },
    { placeholderData: (prev) => prev },
  );

  const setFilter = (patch: Record<string, string | number | undefined>) => {
    const next = { ...filters, page: 1, ...patch };
    const out = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === '' || (k === 'page' && v === 1) || (k === 'pageSize' && v === 20)) continue;
      out.set(k, String(v));
    }
    setParams(out, { replace: true });
  };

  if (units.isError && !units.data) return <LoadFailed detail={units.error.detail} onRetry={() => units.refetch()} />;

  return (
    <>
      <PageHeader
        title={t('units.title')}
        extra={
          <Button
            icon={<DownloadOutlined />}
            href={routeUrl('GET /api/units/export.xlsx', {
              query: { ...filters, page: undefined, pageSize: undefined } as QueryOf<'GET /api/units/export.xlsx'>,
            })}
          >
            {t('customers.export')}
          </Button>
        }
      />
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => setFilter({ q: v.trim() || undefined })}
            placeholder={t('units.searchPlaceholder')}
            aria-label={t('common.search')}
            enterButton
            style={{ width: 320, maxWidth: '100%' }}
          />
          <Select
            allowClear
            value={filters.status}
            onChange={(v) => setFilter({ status: v })}
            options={UNIT_STATUSES.map((s) => ({ value: s, label: t(`units.status.${s}`) }))}
            placeholder={t('common.status')}
            aria-label={t('common.status')}
            style={{ width: 140 }}
          />
        </Flex>
        <Table<UnitListItem>
          rowKey="id"
          size="middle"
          loading={units.isFetching}
          dataSource={units.data?.items}
          scroll={{ x: 'max-content' }}
          onRow={(u) => ({ onClick: () => navigate(`/units/${u.id}`), style: { cursor: 'pointer' } })}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: units.data?.total ?? 0,
            showSizeChanger: !isPhone,
            simple: isPhone,
            showTotal: (total) =>
              units.data?.totalCapped ? t('customers.countCapped', { total }) : t('units.count', { total }),
            onChange: (page, pageSize) => setFilter({ page, pageSize }),
          }}
          columns={[
            {
              key: 'serial',
              title: t('units.serial'),
              render: (_, u) => <Link to={`/units/${u.id}`}>{u.serialNo}</Link>,
            },
            { key: 'model', title: t('units.model'), render: (_, u) => `${u.modelCode} · ${u.modelName}` },
            {
              key: 'customer',
              title: t('units.owner'),
              render: (_, u) => (
                <Link to={`/customers/${u.customerId}`} onClick={(e) => e.stopPropagation()}>
                  {u.customerName}
                </Link>
              ),
            },
            {
              key: 'usage',
              responsive: ['md'],
              title: t('units.usage'),
              render: (_, u) => t(`units.usage.${u.usage}`),
            },
            { key: 'purchase', responsive: ['md'], title: t('units.purchaseDate'), dataIndex: 'purchaseDate' },
            { key: 'status', title: t('common.status'), render: (_, u) => <UnitStatusTag status={u.status} /> },
          ]}
        />
      </Card>
    </>
  );
}
