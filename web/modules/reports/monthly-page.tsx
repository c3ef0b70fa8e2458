import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { type QueryOf, routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { useMe } from '../../api/session.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { companyToday } from '../statements/statement-parts.js';
import { MonthlyTable } from './monthly-table.js';
import { GroupingSwitch, ReportCard, ReportPage } from './report-layout.js';
import { ReportFilters, useRefusal } from './report-parts.js';
import { isMonth, type Narrow, narrowOf, type ReportUnit, unitsFor } from './report-rules.js';

/*
 * The monthly summary (/reports/monthly): the orders completed in a month per province, center or
 * outlet, their 3-day and 7-day rates green or red against the province group's targets, each count
 * a link to its orders, and the XLSX export of the same query. Month, grouping and filters live in
 * the address.
 */

export function MonthlyReportPage() {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const month = isMonth(params.get('month')) ? params.get('month')! : companyToday().slice(0, 7);
  const units = unitsFor(useMe().data!.orgUnitKind);
  const byParam = params.get('by') as ReportUnit | null;
  const by: ReportUnit = byParam && units.includes(byParam) ? byParam : 'province';
  const narrow = narrowOf(params);
  // Filters read from the address go to the server as they are; it refuses a bad one naming it.
  const query = { month, by, ...narrow } as QueryOf<'GET /api/reports/monthly'>;
  const q = useApiQuery('GET /api/reports/monthly', { query }, { placeholderData: (prev) => prev });
  useRefusal(q.error);
  const set = (patch: Narrow & { month?: string; by?: string }) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const r = q.data;

  return (
    <ReportPage
      title={t('rep.monthly')}
      exportHref={routeUrl('GET /api/reports/monthly.xlsx', { query })}
      exportTestId="monthly-xlsx"
      intro={t('rep.monthlyIntro', { hours: r?.lateCompletionHours ?? 72, days: r?.completionCapDays ?? 7 })}
    >
      <ReportCard
        controls={
          <>
            <DatePicker
              picker="month"
              allowClear={false}
              aria-label={t('rep.month')}
              value={dayjs(`${month}-01`)}
              onChange={(v) => v && set({ month: v.format('YYYY-MM') })}
              style={{ width: isPhone ? 'calc(50% - 4px)' : 130 }}
              data-testid="monthly-month"
            />
            <GroupingSwitch<ReportUnit>
              value={by}
              options={units}
              onChange={(v) => set({ by: v })}
              testId="monthly-by"
            />
            <ReportFilters value={narrow} onChange={set} />
          </>
        }
      >
        <MonthlyTable report={r} narrow={narrow} loading={q.isFetching} testId="monthly" />
      </ReportCard>
    </ReportPage>
  );
}
