import { Tooltip, Typography } from 'antd';
import type { ResponseOf } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { DrillLink, RateTag } from './report-parts.js';
import { drillHref, type MONTHLY_METRICS, monthDays, type Narrow, type ReportUnit, rowNarrow } from './report-rules.js';
import { ReportTable } from './report-table.js';

/* The monthly summary table, on the monthly report and the dashboard. */

export type MonthlyReport = ResponseOf<'GET /api/reports/monthly'>;
export type MonthlyRow = MonthlyReport['items'][number];

/**
 * The monthly summary against the 3-day and 7-day targets, the total row last. Every count drills
 * down to its orders (the month, the page's filters and the row's unit); the rates are green or red.
 */
export function MonthlyTable({
  report,
  narrow,
  loading,
  testId,
}: {
  report: MonthlyReport | undefined;
  narrow: Narrow;
  loading?: boolean;
  testId: string;
}) {
  const { t, pick } = useI18n();
  const month = report?.month;
  const by = (report?.by ?? 'province') as ReportUnit;
  const period = month ? monthDays(month) : { from: '', to: '' };
  const isSum = (r: MonthlyRow) => r === report?.sum;
  const figure = (metric: (typeof MONTHLY_METRICS)[number]) => ({
    key: metric,
    align: 'right' as const,
    render: (_: unknown, r: MonthlyRow) => {
      const row = isSum(r) ? {} : rowNarrow(by, r.key);
      return (
        <DrillLink
          value={r[metric]}
          href={row && month ? drillHref({ ...period, metric, narrow, row }) : null}
          testId={`${testId}-${r.key}-${metric}`}
        />
      );
    },
  });
  const hours = report?.lateCompletionHours ?? 72;
  return (
    <ReportTable<MonthlyRow>
      report={report}
      loading={loading}
      testId={testId}
      nameTitle={t('rep.col.unit')}
      columns={[
        {
          key: 'target',
          title: t('rep.col.target'),
          render: (_, r) =>
            r.group ? (
              <Tooltip title={pick(r.group.name)}>
                <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                  {t('rep.targetText', { three: r.group.within3DaysPercent, seven: r.group.within7DaysPercent })}
                </Typography.Text>
              </Tooltip>
            ) : (
              <Typography.Text type="secondary">{t('rep.none')}</Typography.Text>
            ),
        },
        { ...figure('completed'), title: t('rep.col.completed') },
        { ...figure('judged'), title: t('rep.col.judged') },
        { ...figure('within3'), title: t('rep.col.within3', { hours }) },
        {
          key: 'rate3',
          title: t('rep.col.rate3'),
          align: 'right',
          render: (_, r) => (
            <RateTag
              text={r.within3Text}
              met={r.met3}
              target={r.group?.within3DaysPercent ?? null}
              testId={`${testId}-${r.key}-rate3`}
            />
          ),
        },
        { ...figure('over3'), title: t('rep.col.over3') },
        {
          key: 'rate7',
          title: t('rep.col.rate7'),
          align: 'right',
          render: (_, r) => (
            <RateTag
              text={r.within7Text}
              met={r.met7}
              // Without a group the 7-day target is 100% (none over 7 days), as the center's statement judges it.
              target={r.met7 === null ? null : (r.group?.within7DaysPercent ?? 100)}
              testId={`${testId}-${r.key}-rate7`}
            />
          ),
        },
        { ...figure('over7'), title: t('rep.col.over7') },
      ]}
    />
  );
}
