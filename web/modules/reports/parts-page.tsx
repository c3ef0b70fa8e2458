import { Tag, Typography } from 'antd';
import { yuan } from '../../../shared/money.js';
import { type QueryOf, type ResponseOf, routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { GroupingSwitch, ReportCard, ReportPage } from './report-layout.js';
import { DrillLink, PeriodPicker, ReportFilters, usePeriodAddress, useRefusal } from './report-parts.js';
import { drillHref, type PartsBy, partsRowNarrow } from './report-rules.js';
import { ReportTable } from './report-table.js';

/*
 * Parts consumed (/reports/parts, 备件消耗): the parts the orders completed in a period used, per
 * part or per outlet: orders, quantity and cost in yuan at the completion day's price, the
 * consumption lines without a price counted apart, the total row last. Every row's orders list
 * the completed orders that consumed the part (or, for an outlet and the total, any part).
 */

type Row = ResponseOf<'GET /api/reports/parts'>['items'][number];
type By = PartsBy;
const GROUPINGS: By[] = ['part', 'outlet'];

export function PartsReportPage() {
  const { t, lang } = useI18n();
  const isPhone = useIsPhone();
  const { params, from, to, narrow, set } = usePeriodAddress();
  const by: By = params.get('by') === 'outlet' ? 'outlet' : 'part';
  const query = { from, to, by, ...narrow } as QueryOf<'GET /api/reports/parts'>;
  const q = useApiQuery('GET /api/reports/parts', { query }, { placeholderData: (prev) => prev });
  useRefusal(q.error);
  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const r = q.data;
  const isSum = (row: Row) => row === r?.sum;
  // The orders behind a row: those completed in the period that consumed the part, or any part
  // (an outlet's row, the total row).
  const href = (row: Row) =>
    drillHref({ from, to, metric: 'completed', narrow, row: partsRowNarrow(by, isSum(row) ? null : row.key) });

  return (
    <ReportPage
      title={t('rep.parts')}
      exportHref={routeUrl('GET /api/reports/parts.xlsx', { query })}
      exportTestId="parts-xlsx"
      intro={t('rep.partsIntro')}
    >
      <ReportCard
        controls={
          <>
            <PeriodPicker from={from} to={to} onChange={set} testId="parts" />
            <GroupingSwitch<By>
              value={by}
              options={GROUPINGS}
              onChange={(v) => set({ by: v === 'part' ? undefined : v })}
              testId="parts-by"
            />
            <ReportFilters value={narrow} onChange={set} />
          </>
        }
      >
        <ReportTable<Row>
          report={r}
          loading={q.isFetching}
          testId="parts"
          nameTitle={by === 'part' ? t('rep.col.part') : t('rep.outlet')}
          renderName={(row) => (
            <Typography.Text style={{ maxWidth: isPhone ? 140 : 320 }} ellipsis={{ tooltip: row.name }}>
              {row.name}
            </Typography.Text>
          )}
          columns={[
            {
              key: 'orders',
              title: t('rep.col.orders'),
              align: 'right',
              render: (_, row) => <DrillLink value={row.orders} href={href(row)} testId={`parts-${row.key}-orders`} />,
            },
            { key: 'quantity', title: t('rep.col.quantity'), align: 'right', dataIndex: 'quantity' },
            {
              key: 'cost',
              title: t('rep.col.cost'),
              align: 'right',
              render: (_, row) => (
                <span style={{ whiteSpace: 'nowrap' }} data-testid={`parts-${row.key}-cost`}>
                  {yuan(row.costFen)[lang]}
                </span>
              ),
            },
            {
              key: 'unpriced',
              title: t('rep.col.unpriced'),
              align: 'right',
              render: (_, row) =>
                row.unpriced ? (
                  <Tag color="warning" style={{ marginInlineEnd: 0 }}>
                    {row.unpriced}
                  </Tag>
                ) : (
                  0
                ),
            },
          ]}
        />
      </ReportCard>
    </ReportPage>
  );
}
