import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Flex, Row, Statistic, Table, Tabs } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import type { MonthlyReport, UrgeReport } from '../../../server/modules/complaints/contract.js';
import { routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { companyToday } from '../statements/statement-parts.js';
import { parseMonth } from '../statements/statement-rules.js';

/*
 * The monthly complaint report (by type, severity, province, outlet and responsible party) and the
 * monthly urging report (urges per outlet, orders urged once, twice, three times or more), each
 * with its xlsx export. The month and the tab live in the address.
 */

type CountRow = MonthlyReport['byType'][number];
type Dimension = 'byType' | 'bySeverity' | 'byProvince' | 'byOutlet' | 'byResponsible';
const DIMENSIONS: Dimension[] = ['byType', 'bySeverity', 'byProvince', 'byOutlet', 'byResponsible'];

/** A row's name in the reader's language: the codes the UI words itself, else the name (a place, an outlet). */
function useRowName() {
  const { tryT } = useI18n();
  return (dim: Dimension, row: CountRow) => {
    const key =
      dim === 'byType'
        ? `cmp.type.${row.key}`
        : dim === 'bySeverity'
          ? `cmp.severity.${row.key}`
          : dim === 'byResponsible'
            ? `cmp.responsible.${row.key}`
            : null;
    return (key && tryT(key)) || row.name;
  };
}

function CountTable({ dim, rows }: { dim: Dimension; rows: CountRow[] }) {
  const { t } = useI18n();
  const name = useRowName();
  return (
    <Card size="small" title={t(`cmp.reports.${dim}`)} data-testid={`report-${dim}`}>
      <Table<CountRow>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('cmp.reports.empty') }}
        columns={[
          { key: 'name', title: t('cmp.reports.key'), render: (_, r) => name(dim, r) },
          { key: 'count', title: t('cmp.reports.count'), dataIndex: 'count', align: 'right', width: 90 },
        ]}
      />
    </Card>
  );
}

function Monthly({ month }: { month: string }) {
  const { t } = useI18n();
  const q = useApiQuery('GET /api/complaint-reports/monthly', { query: { month } });
  if (q.isError) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const r = q.data;
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Statistic title={t('cmp.reports.total')} value={r?.total ?? 0} loading={q.isPending} />
        <Button
          icon={<DownloadOutlined />}
          href={routeUrl('GET /api/complaint-reports/monthly.xlsx', { query: { month } })}
          data-testid="monthly-xlsx"
        >
          {t('cmp.reports.export')}
        </Button>
      </Flex>
      <Row gutter={[16, 16]}>
        {DIMENSIONS.map((d) => (
          <Col key={d} xs={24} md={12} xl={8}>
            <CountTable dim={d} rows={r?.[d] ?? []} />
          </Col>
        ))}
      </Row>
    </>
  );
}

type UrgeRow = UrgeReport['outlets'][number];

function Urges({ month }: { month: string }) {
  const { t } = useI18n();
  const q = useApiQuery('GET /api/complaint-reports/urges', { query: { month } });
  if (q.isError) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const r = q.data;
  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 16 }}>
        <Button
          icon={<DownloadOutlined />}
          href={routeUrl('GET /api/complaint-reports/urges.xlsx', { query: { month } })}
          data-testid="urges-xlsx"
        >
          {t('cmp.reports.export')}
        </Button>
      </Flex>
      <Table<UrgeRow>
        rowKey={(row) => row.outletId ?? row.name}
        size="middle"
        loading={q.isFetching}
        pagination={false}
        dataSource={r?.outlets ?? []}
        locale={{ emptyText: t('cmp.reports.empty') }}
        data-testid="report-urges"
        columns={[
          { key: 'name', title: t('cmp.reports.outlet'), dataIndex: 'name' },
          { key: 'urges', title: t('cmp.reports.urgeCount'), dataIndex: 'urges', align: 'right' },
          { key: 'o1', title: t('cmp.reports.orders1'), dataIndex: 'orders1', align: 'right' },
          { key: 'o2', title: t('cmp.reports.orders2'), dataIndex: 'orders2', align: 'right' },
          { key: 'o3', title: t('cmp.reports.orders3'), dataIndex: 'orders3plus', align: 'right' },
        ]}
        summary={() =>
          r ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('cmp.reports.totalRow')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {r.totals.urges}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {r.totals.orders1}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {r.totals.orders2}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {r.totals.orders3plus}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </>
  );
}

export function ComplaintReportsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const month = parseMonth(params.get('month')) ?? companyToday().slice(0, 7);
  const tab = params.get('tab') === 'urges' ? 'urges' : 'monthly';
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next);
  };
  return (
    <>
      <PageHeader
        title={t('cmp.reports.title')}
        extra={
          <DatePicker
            picker="month"
            allowClear={false}
            aria-label={t('cmp.reports.month')}
            value={dayjs(`${month}-01`)}
            onChange={(v) => v && set('month', v.format('YYYY-MM'))}
          />
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => set('tab', k)}
          items={[
            { key: 'monthly', label: t('cmp.reports.monthly'), children: <Monthly month={month} /> },
            { key: 'urges', label: t('cmp.reports.urges'), children: <Urges month={month} /> },
          ]}
        />
      </Card>
    </>
  );
}
