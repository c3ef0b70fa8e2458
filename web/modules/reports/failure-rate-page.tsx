import { Card, DatePicker, Flex, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type QueryOf, type ResponseOf, routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { ModelSelect } from '../catalog/model-select.js';
import { companyToday } from '../statements/statement-parts.js';
import { FailureRateChart } from './report-charts.js';
import { ReportControls, ReportPage } from './report-layout.js';
import { DrillLink, ReportFilters, usePeriodAddress, useRefusal } from './report-parts.js';
import { defaultPurchaseMonths, failedUnitsHref, isMonth, isUuid, purchaseMonths } from './report-rules.js';

/*
 * The failure rate (/reports/failure-rate, 故障率): per purchase month, the units sold and how
 * many of them came in for a repair, as a chart and a table, narrowed to a product line or a
 * model. The purchase months (at most 36) and the filters live in the address. A month's repaired
 * units list their orders: each unit's first repair order.
 */

type Row = ResponseOf<'GET /api/reports/failure-rate'>['items'][number];
const MONTH = 'YYYY-MM';

export function FailureRateReportPage() {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const { params, narrow, set } = usePeriodAddress();
  const fallback = defaultPurchaseMonths(companyToday());
  const { from, to } = purchaseMonths(
    isMonth(params.get('from')) ? params.get('from')! : fallback.from,
    isMonth(params.get('to')) ? params.get('to')! : fallback.to,
  );
  const modelParam = params.get('modelId');
  const modelId = isUuid(modelParam) ? modelParam : undefined;
  const model = useApiQuery('GET /api/catalog/models/:id', modelId ? { params: { id: modelId } } : null);
  const query = { from, to, modelId, productLineId: narrow.productLineId } as QueryOf<'GET /api/reports/failure-rate'>;
  const q = useApiQuery('GET /api/reports/failure-rate', { query }, { placeholderData: (prev) => prev });
  useRefusal(q.error);
  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const rows = q.data?.items ?? [];
  const setMonths = (a: string, b: string) => set(purchaseMonths(a, b));

  const monthPicker = (key: 'from' | 'to', value: string) => (
    <DatePicker
      picker="month"
      allowClear={false}
      aria-label={t(key === 'from' ? 'rep.fromMonth' : 'rep.toMonth')}
      value={dayjs(`${value}-01`)}
      onChange={(v: Dayjs | null) =>
        v && (key === 'from' ? setMonths(v.format(MONTH), to) : setMonths(from, v.format(MONTH)))
      }
      style={{ width: 'calc(50% - 4px)' }}
      data-testid={`failure-${key}`}
    />
  );

  return (
    <ReportPage
      title={t('rep.failureRate')}
      exportHref={routeUrl('GET /api/reports/failure-rate.xlsx', { query })}
      exportTestId="failure-xlsx"
      intro={t('rep.failureIntro')}
    >
      <Flex vertical gap={16}>
        <ReportControls>
          {isPhone ? (
            <>
              {monthPicker('from', from)}
              {monthPicker('to', to)}
            </>
          ) : (
            <DatePicker.RangePicker
              picker="month"
              allowClear={false}
              aria-label={t('rep.purchaseMonths')}
              value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
              onChange={(v) => {
                const [a, b] = (v ?? []) as [Dayjs | null, Dayjs | null];
                if (a && b) setMonths(a.format(MONTH), b.format(MONTH));
              }}
              data-testid="failure-months"
            />
          )}
          <ReportFilters value={narrow} onChange={set} only={['productLineId']} />
          <ModelSelect
            includeInactive
            value={modelId}
            onChange={(v) => set({ modelId: v })}
            initialLabel={model.data ? `${model.data.code} · ${model.data.name}` : undefined}
            placeholder={t('rep.allModels')}
            ariaLabel={t('rep.model')}
            style={{ width: isPhone ? 'calc(50% - 4px)' : 220 }}
            testId="filter-model"
          />
        </ReportControls>
        <Card size="small" title={t('rep.failureChart')}>
          <FailureRateChart rows={rows} />
        </Card>
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Table<Row>
            rowKey="month"
            size="small"
            pagination={false}
            loading={q.isFetching}
            dataSource={rows}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('rep.empty') }}
            data-testid="failure"
            onRow={(row) => {
              const attrs: Record<string, unknown> = { 'data-testid': 'failure-row', 'data-key': row.month };
              return attrs;
            }}
            columns={[
              { key: 'month', title: t('rep.col.purchaseMonth'), dataIndex: 'month' },
              { key: 'units', title: t('rep.col.units'), align: 'right', dataIndex: 'units' },
              {
                key: 'failed',
                title: t('rep.col.failed'),
                align: 'right',
                render: (_, row) => (
                  <DrillLink
                    value={row.failed}
                    href={failedUnitsHref(row.month, { modelId, productLineId: narrow.productLineId })}
                    testId={`failure-${row.month}-failed`}
                  />
                ),
              },
              { key: 'rate', title: t('rep.col.failureRate'), align: 'right', dataIndex: 'rateText' },
            ]}
          />
        </Card>
      </Flex>
    </ReportPage>
  );
}
