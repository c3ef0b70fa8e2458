import { type QueryOf, type ResponseOf, routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { useMe } from '../../api/session.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { GroupingSwitch, ReportCard, ReportPage } from './report-layout.js';
import { DrillLink, PeriodPicker, ReportFilters, usePeriodAddress, useRefusal } from './report-parts.js';
import { DAILY_METRICS, type DailyBy, drillHref, rowNarrow, unitsFor } from './report-rules.js';
import { ReportTable } from './report-table.js';

/*
 * The daily ledger (/reports/daily, 维修台账): orders received, sent to an outlet, completed and
 * still open, per day or per province, center or outlet over a period (this month by default), the
 * total row last. Every count lists its orders; the export is the same query as XLSX.
 */

type Row = ResponseOf<'GET /api/reports/daily'>['items'][number];

export function DailyReportPage() {
  const { t } = useI18n();
  const { params, from, to, narrow, set } = usePeriodAddress();
  const options: DailyBy[] = ['day', ...unitsFor(useMe().data!.orgUnitKind)];
  const byParam = params.get('by') as DailyBy | null;
  const by: DailyBy = byParam && options.includes(byParam) ? byParam : 'day';
  const query = { from, to, by, ...narrow } as QueryOf<'GET /api/reports/daily'>;
  const q = useApiQuery('GET /api/reports/daily', { query }, { placeholderData: (prev) => prev });
  useRefusal(q.error);
  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const r = q.data;
  const isSum = (row: Row) => row === r?.sum;

  /** A count's orders: the row's day (per day) or the period and the row's unit; the total row the whole period. */
  const href = (row: Row, metric: (typeof DAILY_METRICS)[number]) => {
    if (isSum(row)) return drillHref({ from, to, metric, narrow });
    if (by === 'day') return drillHref({ from: row.key, to: row.key, metric, narrow });
    return drillHref({ from, to, metric, narrow, row: rowNarrow(by, row.key) });
  };
  const titles: Record<(typeof DAILY_METRICS)[number], string> = {
    received: t('rep.col.received'),
    dispatched: t('rep.col.dispatched'),
    completed: t('rep.col.completed'),
    open: by === 'day' ? t('rep.col.openDay') : t('rep.col.openEnd'),
  };

  return (
    <ReportPage
      title={t('rep.daily')}
      exportHref={routeUrl('GET /api/reports/daily.xlsx', { query })}
      exportTestId="daily-xlsx"
      intro={t('rep.dailyIntro')}
    >
      <ReportCard
        controls={
          <>
            <PeriodPicker from={from} to={to} onChange={set} testId="daily" />
            <GroupingSwitch<DailyBy> value={by} options={options} onChange={(v) => set({ by: v })} testId="daily-by" />
            <ReportFilters value={narrow} onChange={set} />
          </>
        }
      >
        <ReportTable<Row>
          report={r}
          loading={q.isFetching}
          testId="daily"
          nameTitle={by === 'day' ? t('rep.col.day') : t('rep.col.unit')}
          columns={DAILY_METRICS.map((metric) => ({
            key: metric,
            title: titles[metric],
            align: 'right' as const,
            render: (_: unknown, row: Row) => (
              <DrillLink value={row[metric]} href={href(row, metric)} testId={`daily-${row.key}-${metric}`} />
            ),
          }))}
        />
      </ReportCard>
    </ReportPage>
  );
}
