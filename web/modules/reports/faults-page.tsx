import { Card, Col, Flex, Row, Segmented, Select, Statistic, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { type QueryOf, type ResponseOf, routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { ModelSelect } from '../catalog/model-select.js';
import { ParetoChart } from './report-charts.js';
import { ReportControls, ReportPage } from './report-layout.js';
import { DrillLink, PeriodPicker, ReportFilters, usePeriodAddress, useRefusal } from './report-parts.js';
import { drillHref, FAULT_DIMENSIONS, type FaultDimension, faultRowNarrow, isUuid } from './report-rules.js';

/*
 * The fault analysis (/reports/faults, 故障分析): the orders completed in a period as a Pareto by
 * model, product line, fault code, cause or part (bars the orders, the line the cumulative share),
 * the table of the same rows, and how many units came back within 30 and 90 days. Every count
 * lists its orders, a bar of the chart too; dimension, period, model and filters live in the address.
 */

type Report = ResponseOf<'GET /api/reports/faults'>;
type FaultRow = Report['items'][number];

/** One headline figure, its orders a click away. */
function Figure({
  title,
  value,
  suffix,
  href,
  testId,
}: {
  title: string;
  value: number | undefined;
  suffix?: string;
  href: string | null;
  testId: string;
}) {
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={testId}>
      <Statistic
        title={title}
        value={value ?? 0}
        loading={value === undefined}
        suffix={suffix ? <Typography.Text type="secondary">{suffix}</Typography.Text> : undefined}
        valueRender={(node: ReactNode) =>
          href ? (
            <Link to={href} data-testid={`${testId}-link`}>
              {node}
            </Link>
          ) : (
            node
          )
        }
      />
    </Card>
  );
}

/** The name of the model the page is narrowed to, as the model picker words it. */
function useModelLabel(modelId: string | undefined) {
  const q = useApiQuery('GET /api/catalog/models/:id', modelId ? { params: { id: modelId } } : null);
  return q.data ? `${q.data.code} · ${q.data.name}` : undefined;
}

export function FaultsReportPage() {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const { params, from, to, narrow, set } = usePeriodAddress();
  const dimParam = params.get('dimension') as FaultDimension | null;
  const dimension: FaultDimension = dimParam && FAULT_DIMENSIONS.includes(dimParam) ? dimParam : 'model';
  const modelParam = params.get('modelId');
  const modelId = isUuid(modelParam) ? modelParam : undefined;
  const modelLabel = useModelLabel(modelId);
  const query = { from, to, dimension, modelId, ...narrow } as QueryOf<'GET /api/reports/faults'>;
  const q = useApiQuery('GET /api/reports/faults', { query }, { placeholderData: (prev) => prev });
  useRefusal(q.error);
  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const r = q.data;
  // The drill-downs keep the page's model with its other filters.
  const pageNarrow = { ...narrow, modelId };
  const whole = (metric: 'completed' | 'repeat30' | 'repeat90') => drillHref({ from, to, metric, narrow: pageNarrow });
  const rowHref = (row: FaultRow) =>
    drillHref({ from, to, metric: 'completed', narrow: pageNarrow, row: faultRowNarrow(dimension, row.key) });
  const dimensionOptions = FAULT_DIMENSIONS.map((d) => ({ value: d, label: t(`rep.dim.${d}`) }));
  const setDimension = (d: FaultDimension) => set({ dimension: d === 'model' ? undefined : d });

  return (
    <ReportPage
      title={t('rep.faults')}
      exportHref={routeUrl('GET /api/reports/faults.xlsx', { query })}
      exportTestId="faults-xlsx"
      intro={t('rep.faultsIntro')}
    >
      <Flex vertical gap={16}>
        <ReportControls>
          <PeriodPicker from={from} to={to} onChange={set} testId="faults" />
          {isPhone ? (
            <Select<FaultDimension>
              value={dimension}
              onChange={setDimension}
              options={dimensionOptions}
              aria-label={t('rep.dimension')}
              style={{ width: 'calc(50% - 4px)' }}
              data-testid="faults-dimension"
            />
          ) : (
            <Segmented<FaultDimension>
              value={dimension}
              onChange={setDimension}
              options={dimensionOptions}
              data-testid="faults-dimension"
            />
          )}
          <ModelSelect
            includeInactive
            value={modelId}
            onChange={(v) => set({ modelId: v })}
            initialLabel={modelLabel}
            placeholder={t('rep.allModels')}
            ariaLabel={t('rep.model')}
            style={{ width: isPhone ? 'calc(50% - 4px)' : 220 }}
            testId="filter-model"
          />
          <ReportFilters value={narrow} onChange={set} />
        </ReportControls>
        <Row gutter={[12, 12]}>
          <Col xs={24} sm={8}>
            <Figure
              title={t('rep.faultOrders')}
              value={r?.orders}
              href={r ? whole('completed') : null}
              testId="faults-orders"
            />
          </Col>
          <Col xs={12} sm={8}>
            <Figure
              title={t('rep.repeat30')}
              value={r?.repeat30}
              suffix={r?.repeat30Text}
              href={r ? whole('repeat30') : null}
              testId="faults-repeat30"
            />
          </Col>
          <Col xs={12} sm={8}>
            <Figure
              title={t('rep.repeat90')}
              value={r?.repeat90}
              suffix={r?.repeat90Text}
              href={r ? whole('repeat90') : null}
              testId="faults-repeat90"
            />
          </Col>
        </Row>
        <Card size="small" title={t('rep.paretoChart')}>
          <ParetoChart rows={r?.items ?? []} hrefOf={rowHref} />
        </Card>
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Table<FaultRow>
            rowKey="key"
            size="small"
            loading={q.isFetching}
            dataSource={r?.items ?? []}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('rep.empty') }}
            pagination={{ defaultPageSize: 20, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
            data-testid="faults"
            onRow={(row) => {
              const attrs: Record<string, unknown> = { 'data-testid': 'faults-row', 'data-key': row.key };
              return attrs;
            }}
            columns={[
              {
                key: 'rank',
                title: '#',
                width: 40,
                render: (_, row) => (r ? r.items.indexOf(row) + 1 : null),
              },
              {
                key: 'name',
                title: t(`rep.dimCol.${dimension}`),
                render: (_, row) => (
                  <Typography.Text style={{ maxWidth: isPhone ? 160 : 360 }} ellipsis={{ tooltip: row.name }}>
                    {row.name}
                  </Typography.Text>
                ),
              },
              {
                key: 'count',
                title: t('rep.col.count'),
                align: 'right',
                render: (_, row) => (
                  <DrillLink value={row.count} href={rowHref(row)} testId={`faults-${row.key}-count`} />
                ),
              },
              { key: 'share', title: t('rep.col.share'), align: 'right', dataIndex: 'shareText' },
              { key: 'cumulative', title: t('rep.col.cumulative'), align: 'right', dataIndex: 'cumulativeText' },
            ]}
          />
        </Card>
      </Flex>
    </ReportPage>
  );
}
