import { Card, Col, Flex, Row, Table, Tag, Typography } from 'antd';
import { type QueryOf, type ResponseOf, routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { SlaChart } from './report-charts.js';
import { ReportControls, ReportPage } from './report-layout.js';
import { DrillLink, PeriodPicker, ReportFilters, useDuration, usePeriodAddress, useRefusal } from './report-parts.js';
import { drillHref, lateMetric, SLA_STEPS, SLA_STEPS_OF, type SlaStep, slaUnitNarrow } from './report-rules.js';

/*
 * The SLA analysis (/reports/sla, 时效分析): for the orders received in a period, each SLA step's
 * met and late orders, its late share, and the mean and 90th-percentile time of the met ones; a bar
 * chart of the late share per step; then the units answering for the steps (HQ, centers, outlets)
 * with their late orders per step. Every late count lists its orders.
 */

type Report = ResponseOf<'GET /api/reports/sla'>;
type StepRow = Report['steps'][number];
type UnitRow = Report['items'][number];

/** The unit row's late count of each step. */
const UNIT_LATE: Record<SlaStep, keyof UnitRow> = {
  hq_dispatch: 'hqDispatchLate',
  center_dispatch: 'centerDispatchLate',
  contact: 'contactLate',
  on_site: 'onSiteLate',
  fix: 'fixLate',
};

const KIND_COLOR = { hq: 'purple', center: 'blue', outlet: 'default' } as const;

export function SlaReportPage() {
  const { t } = useI18n();
  const duration = useDuration();
  const { from, to, narrow, set } = usePeriodAddress();
  const query = { from, to, ...narrow } as QueryOf<'GET /api/reports/sla'>;
  const q = useApiQuery('GET /api/reports/sla', { query }, { placeholderData: (prev) => prev });
  useRefusal(q.error);
  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const r = q.data;
  const late = (step: SlaStep, row?: Record<string, string>) =>
    drillHref({ from, to, metric: lateMetric(step), narrow, row });

  return (
    <ReportPage
      title={t('rep.sla')}
      exportHref={routeUrl('GET /api/reports/sla.xlsx', { query })}
      exportTestId="sla-xlsx"
      intro={t('rep.slaIntro')}
    >
      <Flex vertical gap={16}>
        <ReportControls>
          <PeriodPicker from={from} to={to} onChange={set} testId="sla" />
          <ReportFilters value={narrow} onChange={set} />
        </ReportControls>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Card size="small" title={t('rep.slaSteps')} styles={{ body: { padding: 0 } }} style={{ height: '100%' }}>
              <Table<StepRow>
                rowKey="step"
                size="small"
                pagination={false}
                loading={q.isFetching}
                dataSource={r?.steps ?? []}
                scroll={{ x: 'max-content' }}
                locale={{ emptyText: t('rep.empty') }}
                data-testid="sla-steps"
                onRow={(s) => {
                  const attrs: Record<string, unknown> = { 'data-testid': 'sla-step-row', 'data-key': s.step };
                  return attrs;
                }}
                columns={[
                  { key: 'step', title: t('rep.col.step'), fixed: 'left', render: (_, s) => t(`rep.step.${s.step}`) },
                  {
                    key: 'measured',
                    title: t('rep.col.measured'),
                    align: 'right',
                    render: (_, s) => <span data-testid={`sla-${s.step}-measured`}>{s.measured}</span>,
                  },
                  {
                    key: 'late',
                    title: t('rep.col.late'),
                    align: 'right',
                    render: (_, s) => <DrillLink value={s.late} href={late(s.step)} testId={`sla-${s.step}-late`} />,
                  },
                  {
                    key: 'share',
                    title: t('rep.col.lateShare'),
                    align: 'right',
                    render: (_, s) => <span data-testid={`sla-${s.step}-share`}>{s.lateText}</span>,
                  },
                  {
                    key: 'mean',
                    title: t('rep.col.mean'),
                    align: 'right',
                    render: (_, s) => <span data-testid={`sla-${s.step}-mean`}>{duration(s.meanMinutes)}</span>,
                  },
                  {
                    key: 'p90',
                    title: t('rep.col.p90'),
                    align: 'right',
                    render: (_, s) => <span data-testid={`sla-${s.step}-p90`}>{duration(s.p90Minutes)}</span>,
                  },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card size="small" title={t('rep.slaChart')} style={{ height: '100%' }}>
              <SlaChart steps={r?.steps ?? []} />
            </Card>
          </Col>
        </Row>
        <Card size="small" title={t('rep.slaUnits')} styles={{ body: { padding: 0 } }}>
          <Table<UnitRow>
            rowKey={(u) => `${u.kind}:${u.key}`}
            size="small"
            loading={q.isFetching}
            dataSource={r?.items ?? []}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('rep.empty') }}
            pagination={{ defaultPageSize: 50, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
            data-testid="sla-units"
            onRow={(u) => {
              const attrs: Record<string, unknown> = { 'data-testid': 'sla-unit-row', 'data-key': u.key };
              return attrs;
            }}
            columns={[
              {
                key: 'name',
                title: t('rep.col.unit'),
                fixed: 'left',
                render: (_, u) => (
                  <Flex gap={4} align="center" wrap={false}>
                    <Tag color={KIND_COLOR[u.kind]} style={{ marginInlineEnd: 0 }}>
                      {t(`rep.kind.${u.kind}`)}
                    </Tag>
                    <span style={{ whiteSpace: 'nowrap' }}>{u.name}</span>
                  </Flex>
                ),
              },
              { key: 'orders', title: t('rep.col.orders'), align: 'right', dataIndex: 'orders' },
              {
                key: 'late',
                title: t('rep.col.lateAt'),
                children: SLA_STEPS.map((step) => ({
                  key: step,
                  title: t(`rep.step.${step}`),
                  align: 'right' as const,
                  render: (_: unknown, u: UnitRow) =>
                    // A unit answers for its own steps only; the others are not its to count.
                    SLA_STEPS_OF[u.kind].includes(step) ? (
                      <DrillLink
                        value={u[UNIT_LATE[step]] as number}
                        href={late(step, slaUnitNarrow(u.kind, u.key))}
                        testId={`sla-unit-${u.key}-${step}`}
                      />
                    ) : (
                      <Typography.Text type="secondary">{t('rep.none')}</Typography.Text>
                    ),
                })),
              },
            ]}
          />
        </Card>
      </Flex>
    </ReportPage>
  );
}
