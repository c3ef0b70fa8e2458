import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { CustomerSummary } from '../../../server/modules/customers/contract.js';
import { type QueryOf, routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useT } from '../../i18n/index.js';
import { ArchiveBadge } from './archive-badge.js';
import { CustomerFormDrawer } from './customer-form-drawer.js';

/**
 * The customer archive: one search box (phone in any format, its last digits, name, code),
 * filters by kind, tag and incomplete archive; `/customers/incomplete` lists the overdue ones.
 */
export function CustomersPage({ overdue = false }: { overdue?: boolean }) {
  const t = useT();
  const me = useMe().data!;
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const filters = {
    q: params.get('q') ?? '',
    kind: params.get('kind') ?? undefined,
    tag: params.get('tag') ?? undefined,
    incomplete: params.get('incomplete') ?? undefined,
    includeInactive: params.get('includeInactive') ?? undefined,
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: Number(params.get('pageSize') ?? 20) || 20,
  };
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);
  const [creating, setCreating] = useState(false);

  // The filters come from the address as typed; the server refuses a bad value, naming it.
  const list = useApiQuery(
    overdue ? 'GET /api/customers/incomplete-archives' : 'GET /api/customers',
    overdue
      ? { query: { page: filters.page, pageSize: filters.pageSize } }
      : { query: filters as QueryOf<'GET /api/customers'> },
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

  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;

  return (
    <>
      <PageHeader
        title={overdue ? t('customers.overdueTitle') : t('customers.title')}
        extra={
          <>
            {overdue ? (
              <Link to="/customers">
                <Button>{t('customers.allCustomers')}</Button>
              </Link>
            ) : (
              <Link to="/customers/incomplete">
                <Button>{t('customers.overdueTitle')}</Button>
              </Link>
            )}
            {overdue ? null : (
              <Button
                icon={<DownloadOutlined />}
                href={routeUrl('GET /api/customers/export.xlsx', {
                  query: {
                    ...filters,
                    page: undefined,
                    pageSize: undefined,
                  } as QueryOf<'GET /api/customers/export.xlsx'>,
                })}
              >
                {t('customers.export')}
              </Button>
            )}
            {can(me, 'customers.manage') ? (
              <Link to="/customers/import">
                <Button icon={<UploadOutlined />}>{t('customers.import')}</Button>
              </Link>
            ) : null}
            {can(me, 'customers.manage') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('customers.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card styles={{ body: { paddingBottom: 8 } }}>
        {overdue ? (
          <Typography.Paragraph type="secondary">{t('customers.overdueHint')}</Typography.Paragraph>
        ) : (
          <Flex gap={8} wrap style={{ marginBottom: 16 }}>
            <Input.Search
              allowClear
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => setFilter({ q: v.trim() || undefined })}
              placeholder={t('customers.searchPlaceholder')}
              aria-label={t('common.search')}
              enterButton
              style={{ width: 360, maxWidth: '100%' }}
            />
            <Select
              allowClear
              value={filters.kind}
              onChange={(v) => setFilter({ kind: v })}
              options={[
                { value: 'individual', label: t('customers.kind.individual') },
                { value: 'business', label: t('customers.kind.business') },
              ]}
              placeholder={t('customers.kind')}
              aria-label={t('customers.kind')}
              style={{ width: 140 }}
            />
            <Input.Search
              allowClear
              defaultValue={filters.tag}
              key={filters.tag ?? ''}
              onSearch={(v) => setFilter({ tag: v.trim() || undefined })}
              placeholder={t('customers.tags')}
              aria-label={t('customers.filterTag')}
              style={{ width: 160 }}
            />
            <Select
              value={filters.incomplete ?? ''}
              onChange={(v) => setFilter({ incomplete: v || undefined })}
              options={[
                { value: '', label: `${t('customers.archive')}: ${t('common.all')}` },
                { value: 'true', label: t('customers.archiveIncomplete') },
                { value: 'false', label: t('customers.archiveComplete') },
              ]}
              aria-label={t('customers.archive')}
              style={{ width: 160 }}
            />
            <Select
              value={filters.includeInactive ?? ''}
              onChange={(v) => setFilter({ includeInactive: v || undefined })}
              options={[
                { value: '', label: t('customers.activeOnly') },
                { value: 'true', label: t('customers.withInactive') },
              ]}
              aria-label={t('common.status')}
              style={{ width: 140 }}
            />
          </Flex>
        )}
        <Table<CustomerSummary>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items}
          scroll={{ x: 'max-content' }}
          onRow={(c) => ({ onClick: () => navigate(`/customers/${c.id}`), style: { cursor: 'pointer' } })}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: !isPhone,
            simple: isPhone,
            showTotal: (total) =>
              list.data?.totalCapped ? t('customers.countCapped', { total }) : t('customers.count', { total }),
            onChange: (page, pageSize) => setFilter({ page, pageSize }),
          }}
          columns={[
            {
              key: 'code',
              title: t('customers.code'),
              render: (_, c) => <Link to={`/customers/${c.id}`}>{c.code}</Link>,
            },
            {
              key: 'name',
              title: t('customers.name'),
              render: (_, c) => (
                <Flex vertical>
                  <Typography.Text type={c.active ? undefined : 'secondary'}>
                    {c.name}
                    {c.active ? null : <Tag style={{ marginInlineStart: 8 }}>{t('common.inactive')}</Tag>}
                  </Typography.Text>
                  {c.companyName ? <Typography.Text type="secondary">{c.companyName}</Typography.Text> : null}
                </Flex>
              ),
            },
            {
              key: 'phone',
              title: t('customers.phone'),
              render: (_, c) => {
                const p = c.phones.find((x) => x.isPrimary) ?? c.phones[0];
                if (!p) return null;
                return (
                  <span style={{ whiteSpace: 'nowrap' }}>
                    {p.display}
                    {c.phones.length > 1 ? (
                      <Typography.Text type="secondary"> +{c.phones.length - 1}</Typography.Text>
                    ) : null}
                  </span>
                );
              },
            },
            {
              key: 'area',
              responsive: ['md'],
              title: t('customers.area'),
              render: (_, c) => c.primaryAddress?.divisionNames ?? '',
            },
            {
              key: 'tags',
              responsive: ['md'],
              title: t('customers.tags'),
              render: (_, c) => (
                <Flex gap={4} wrap>
                  {c.tags.map((tag) => (
                    <Tag key={tag} style={{ marginInlineEnd: 0 }}>
                      {tag}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
            {
              key: 'units',
              responsive: ['md'],
              title: t('customers.unitCount'),
              dataIndex: 'unitCount',
              align: 'right',
            },
            { key: 'archive', title: t('customers.archive'), render: (_, c) => <ArchiveBadge c={c} /> },
          ]}
        />
      </Card>
      {creating ? (
        <CustomerFormDrawer
          target={{ mode: 'create' }}
          onClose={() => setCreating(false)}
          onSaved={(c) => navigate(`/customers/${c.id}`)}
        />
      ) : null}
    </>
  );
}

export function IncompleteCustomersPage() {
  return <CustomersPage overdue />;
}
