import { Card, Flex, Segmented, Table, Typography } from 'antd';
import { type QueryOf, type ResponseOf, routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import {
  DrillLink,
  ExportButton,
  PeriodPicker,
  ReportFilters,
  ReportsNav,
  SUM_ROW_STYLE,
  useDuration,
  usePeriodAddress,
  useRefusal,
} from './report-parts.js';
import { drillHref, type ProductivityBy, productivityRowNarrow } from './report-rules.js';

/*
 * Productivity (/reports/productivity, 人效分析): the orders completed in a period per outlet or
 * per technician: completed per day, reopened for a repeat visit, the first-time fix rate, the
 * mean time on site and to the fix, the total row last. Completed and reopened counts list their
 * orders.
 */

type Row = ResponseOf<'GET /api/reports/productivity'>['items'][number];
const GROUPINGS: ProductivityBy[] = ['outlet', 'technician'];

export function ProductivityReportPage() {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const duration = useDuration();
  const { params, from, to, narrow, set } = usePeriodAddress();
  const by: ProductivityBy = params.get('by') === 'technician' ? 'technician' : 'outlet';
  const query = { from, to, by, ...narrow } as QueryOf<'GET /api/reports/productivity'>;
  const q = useApiQuery('GET /api/reports/productivity', { query }, { placeholderData: (prev) => prev });
  useRefusal(q.error);
  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const r = q.data;
  const rows = r ? [...r.items, r.sum] : [];
  const isSum = (row: Row) => row === r?.sum;
  const href = (row: Row, metric: 'completed' | 'reopened') => {
    if (isSum(row)) return drillHref({ from, to, metric, narrow });
    const unit = productivityRowNarrow(by, row.key);
    return unit ? drillHref({ from, to, metric, narrow, row: unit }) : null;
  };

  return (
    <>
      <PageHeader
        title={t('rep.productivity')}
        extra={
          <ExportButton href={routeUrl('GET /api/reports/productivity.xlsx', { query })} testId="productivity-xlsx" />
        }
      />
      <ReportsNav />
      {isPhone ? null : <Typography.Paragraph type="secondary">{t('rep.productivityIntro')}</Typography.Paragraph>}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Flex gap={8} wrap align="center" style={{ padding: 12 }}>
          <PeriodPicker from={from} to={to} onChange={set} testId="productivity" />
          <Segmented<ProductivityBy>
            value={by}
            onChange={(v) => set({ by: v === 'outlet' ? undefined : v })}
            options={GROUPINGS.map((g) => ({ value: g, label: t(`rep.by.${g}`) }))}
            data-testid="productivity-by"
          />
          <ReportFilters value={narrow} onChange={set} />
        </Flex>
        <Table<Row>
          rowKey="key"
          size="small"
          pagination={false}
          loading={q.isFetching}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('rep.empty') }}
          data-testid="productivity"
          onRow={(row) => {
            const attrs: Record<string, unknown> = {
              'data-testid': 'productivity-row',
              'data-key': row.key,
              style: isSum(row) ? SUM_ROW_STYLE : undefined,
            };
            return attrs;
          }}
          columns={[
            {
              key: 'name',
              title: by === 'outlet' ? t('rep.outlet') : t('rep.col.technician'),
              fixed: 'left',
              render: (_, row) => (isSum(row) ? t('rep.total') : row.name),
            },
            {
              key: 'completed',
              title: t('rep.col.completed'),
              align: 'right',
              render: (_, row) => (
                <DrillLink
                  value={row.completed}
                  href={href(row, 'completed')}
                  testId={`productivity-${row.key}-completed`}
                />
              ),
            },
            { key: 'perDay', title: t('rep.col.perDay'), align: 'right', dataIndex: 'perDay' },
            {
              key: 'reopened',
              title: t('rep.col.reopened'),
              align: 'right',
              render: (_, row) => (
                <DrillLink
                  value={row.reopened}
                  href={href(row, 'reopened')}
                  testId={`productivity-${row.key}-reopened`}
                />
              ),
            },
            { key: 'ftf', title: t('rep.col.firstTimeFix'), align: 'right', dataIndex: 'firstTimeFixText' },
            {
              key: 'onSite',
              title: t('rep.col.onSite'),
              align: 'right',
              render: (_, row) => duration(row.meanOnSiteMinutes),
            },
            {
              key: 'fix',
              title: t('rep.col.fixTime'),
              align: 'right',
              render: (_, row) => duration(row.meanFixMinutes),
            },
          ]}
        />
      </Card>
    </>
  );
}
