import { Card, Segmented, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { CASE_STATES, type CaseState, type CaseSummary } from '../../../server/modules/warranty/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { CASE_STATE_COLOR, formatYuan } from './warranty-rules.js';

const PAGE_SIZE = 50;

export function CaseStateTag({ state }: { state: CaseState }) {
  const t = useT();
  return (
    <Tag color={CASE_STATE_COLOR[state]} data-testid="case-state">
      {t(`warranty.case.state.${state}`)}
    </Tag>
  );
}

function isState(v: string | null): v is CaseState {
  return !!v && (CASE_STATES as readonly string[]).includes(v);
}

/** Return/exchange cases of my area, filtered by state. */
export function CasesPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const raw = params.get('state');
  const state = isState(raw) ? raw : undefined;
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const list = useApiQuery('GET /api/warranty/cases', {
    query: { state, unitId: params.get('unitId') ?? undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  });
  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;
  return (
    <>
      <PageHeader title={t('warranty.cases.title')} />
      <Typography.Paragraph type="secondary">{t('warranty.cases.intro')}</Typography.Paragraph>
      <Card>
        <Segmented
          style={{ marginBottom: 16, maxWidth: '100%', overflowX: 'auto' }}
          value={state ?? 'all'}
          onChange={(v) => setParams(v === 'all' ? {} : { state: String(v) })}
          options={[
            { value: 'all', label: t('common.all') },
            ...CASE_STATES.map((s) => ({ value: s, label: t(`warranty.case.state.${s}`) })),
          ]}
        />
        <Table<CaseSummary>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (p) => {
              const next = new URLSearchParams(params);
              next.set('page', String(p));
              setParams(next);
            },
          }}
          columns={[
            {
              key: 'code',
              title: t('warranty.case.code'),
              render: (_, c) => <Link to={`/warranty/cases/${c.id}`}>{c.code}</Link>,
            },
            { key: 'state', title: t('warranty.case.state'), render: (_, c) => <CaseStateTag state={c.state} /> },
            {
              key: 'requested',
              title: t('warranty.case.requested'),
              render: (_, c) => t(`warranty.remedy.${c.requested}`),
            },
            {
              key: 'rule',
              title: t('warranty.case.rule'),
              render: (_, c) => (c.rule ? t(`warranty.remedyRule.${c.rule}`) : ''),
            },
            {
              key: 'unit',
              title: t('warranty.case.unit'),
              render: (_, c) => (
                <Link to={`/units/${c.unitId}`}>
                  {c.modelName} · {c.serialNo}
                </Link>
              ),
            },
            { key: 'customer', title: t('warranty.case.customer'), dataIndex: 'customerName' },
            { key: 'price', title: t('warranty.case.price'), render: (_, c) => formatYuan(c.priceFen) },
            { key: 'created', title: t('warranty.case.createdAt'), render: (_, c) => formatDateTime(c.createdAt) },
            { key: 'updated', title: t('warranty.case.updatedAt'), render: (_, c) => formatDateTime(c.updatedAt) },
          ]}
        />
      </Card>
    </>
  );
}
