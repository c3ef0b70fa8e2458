import { type QueryOf, type ResponseOf, routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { GroupingSwitch, ReportCard, ReportPage } from './report-layout.js';
import { DrillLink, PeriodPicker, ReportFilters, useDuration, usePeriodAddress, useRefusal } from './report-parts.js';
import { drillHref, type ProductivityBy, productivityRowNarrow } from './report-rules.js';
import { ReportTable } from './report-table.js';

/*
 * Productivity (/reports/productivity, 人效分析): the orders completed in a period per outlet or
 * per technician: completed per day, reopened for a repeat visit, the first-time fix rate, the
 * mean time on site and to the fix, the total row last. Completed and reopened counts list their
 * orders, those of the "-" row (no outlet, no technician) too.
 */

type Row = ResponseOf<'GET /api/reports/productivity'>['items'][number];
const GROUPINGS: ProductivityBy[] = ['outlet', 'technician'];

export function ProductivityReportPage() {
  const { t } = useI18n();
  const duration = useDuration();
  const { params, from, to, narrow, set } = usePeriodAddress();
  const by: ProductivityBy = params.get('by') === 'technician' ? 'technician' : 'outlet';
  const query = { from, to, by, ...narrow } as QueryOf<'GET /api/reports/productivity'>;
  const q = useApiQuery('GET /api/reports/productivity', { query }, { placeholderData: (prev) => prev });
  useRefusal(q.error);
  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const r = q.data;
  const isSum = (row: Row) => row === r?.sum;
  // Every row lists its orders, the outlet or technician "-" (none) too.
  const href = (row: Row, metric: 'completed' | 'reopened') =>
    drillHref({ from, to, metric, narrow, row: isSum(row) ? null : productivityRowNarrow(by, row.key) });
  /** A count column that lists its orders. */
  const drill = (metric: 'completed' | 'reopened', title: string) => ({
    key: metric,
    title,
    align: 'right' as const,
    render: (_: unknown, row: Row) => (
      <DrillLink value={row[metric]} href={href(row, metric)} testId={`productivity-${row.key}-${metric}`} />
    ),
  });

  return (
    <ReportPage
      title={t('rep.productivity')}
      exportHref={routeUrl('GET /api/reports/productivity.xlsx', { query })}
      exportTestId="productivity-xlsx"
      intro={t('rep.productivityIntro')}
    >
      <ReportCard
        controls={
          <>
            <PeriodPicker from={from} to={to} onChange={set} testId="productivity" />
            <GroupingSwitch<ProductivityBy>
              value={by}
              options={GROUPINGS}
              onChange={(v) => set({ by: v === 'outlet' ? undefined : v })}
              testId="productivity-by"
            />
            <ReportFilters value={narrow} onChange={set} />
          </>
        }
      >
        <ReportTable<Row>
          report={r}
          loading={q.isFetching}
          testId="productivity"
          nameTitle={by === 'outlet' ? t('rep.outlet') : t('rep.col.technician')}
          columns={[
            drill('completed', t('rep.col.completed')),
            { key: 'perDay', title: t('rep.col.perDay'), align: 'right', dataIndex: 'perDay' },
            drill('reopened', t('rep.col.reopened')),
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
      </ReportCard>
    </ReportPage>
  );
}
