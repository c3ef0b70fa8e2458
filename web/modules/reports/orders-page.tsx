import { LineChartOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Flex, Pagination, Result, Spin, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { type QueryOf, type ResponseOf, routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { StateTag, typeKey } from '../work-orders/labels.js';
import type { ServiceType } from '../work-orders/orders-api.js';
import { ExportButton, useNarrowNames, useRefusal } from './report-parts.js';
import { drillQueryOf, hoursOf, narrowOf, periodText } from './report-rules.js';

/*
 * The drill-down (/reports/orders?from&to&metric&…): the orders behind one figure of a report,
 * paged, each order linking to its page, with a header saying in words which figure it is (what,
 * when, where, and the technician, model, fault code, cause or part it is narrowed to) and the XLSX
 * export of the same orders. The whole query is the address, so a
 * drill-down can be shared as a link.
 */

type Order = ResponseOf<'GET /api/reports/orders'>['items'][number];
const PAGE_SIZE = 50;

/** The technician, model and part a drill-down is narrowed to, by name (what the reports call them). */
function useFilterNames(query: Record<string, string>) {
  const { lang } = useI18n();
  const model = useApiQuery('GET /api/catalog/models/:id', query.modelId ? { params: { id: query.modelId } } : null);
  const part = useApiQuery('GET /api/catalog/parts/:id', query.partId ? { params: { id: query.partId } } : null);
  // A technician is named as the productivity report names them, which every report reader may read.
  const people = useApiQuery(
    'GET /api/reports/productivity',
    query.technicianId
      ? {
          query: {
            ...narrowOf(new URLSearchParams(query)),
            from: query.from!,
            to: query.to!,
            by: 'technician',
          } as QueryOf<'GET /api/reports/productivity'>,
        }
      : null,
  );
  return {
    model: model.data ? `${model.data.name}（${model.data.code}）` : query.modelId,
    part: part.data ? `${(lang === 'en' && part.data.nameEn) || part.data.name}（${part.data.code}）` : query.partId,
    technician: people.data?.items.find((r) => r.key === query.technicianId)?.name ?? query.technicianId,
  };
}

/** The figure in words: what was counted, over which period, narrowed to what. */
function useFigureWords(query: Record<string, string>) {
  const { t, tryT } = useI18n();
  const names = useNarrowNames();
  const filters = useFilterNames(query);
  const metric = tryT(`rep.metric.${query.metric}`) ?? query.metric!;
  const period =
    query.metric === 'open' || query.metric === 'open_over3'
      ? t('rep.drill.openAt', { day: query.to })
      : query.metric === 'failed'
        ? t('rep.drill.boughtIn', { period: periodText(query.from!, query.to!) })
        : periodText(query.from!, query.to!);
  const recorded = (v: string) => (v === '-' ? t('rep.drill.notRecorded') : v);
  const scope = [
    query.noProvince === 'true' ? t('rep.drill.noProvince') : null,
    query.province ? names.province(query.province) : null,
    query.noCenter === 'true' ? t('rep.drill.noCenter') : null,
    query.centerId ? names.unit(query.centerId) : null,
    query.noOutlet === 'true' ? t('rep.drill.noOutlet') : null,
    query.outletId ? names.unit(query.outletId) : null,
    query.noTechnician === 'true' ? t('rep.drill.noTechnician') : null,
    query.technicianId ? t('rep.drill.technician', { name: filters.technician }) : null,
    query.noLine === 'true' ? t('rep.drill.noLine') : null,
    query.productLineId ? names.line(query.productLineId) : null,
    query.noModel === 'true' ? t('rep.drill.noModel') : null,
    query.modelId ? t('rep.drill.model', { name: filters.model }) : null,
    query.faultCode ? t('rep.drill.faultCode', { code: recorded(query.faultCode) }) : null,
    query.cause ? t('rep.drill.cause', { cause: recorded(query.cause) }) : null,
    query.partId
      ? t('rep.drill.part', { name: filters.part })
      : query.anyPart === 'true'
        ? t('rep.drill.anyPart')
        : null,
    query.serviceType ? (tryT(typeKey(query.serviceType as ServiceType)) ?? query.serviceType) : null,
  ].filter((s): s is string => !!s);
  return { metric, period, scope: scope.length ? scope.join(' · ') : t('rep.drill.all') };
}

function OrderCard({ o }: { o: Order }) {
  const { t } = useI18n();
  return (
    <Card size="small" data-testid="drill-card">
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Link to={`/orders/${o.orderId}`}>{o.code}</Link>
        <StateTag state={o.state} />
      </Flex>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
        {[o.provinceName, o.outletName ?? o.centerName].filter(Boolean).join(' · ')}
      </Typography.Text>
      <Flex justify="space-between" gap={8} wrap style={{ fontSize: 12, marginTop: 4 }}>
        <span>
          {t('rep.col.receivedAt')} {formatDateTime(o.receivedAt)}
        </span>
        {o.resolvedMinutes === null ? null : <span>{t('rep.hours', { hours: hoursOf(o.resolvedMinutes) })}</span>}
      </Flex>
      <Flags o={o} />
    </Card>
  );
}

function Flags({ o }: { o: Order }) {
  const { t } = useI18n();
  if (!o.excused && !o.hqParts && !o.urgeCount) return null;
  return (
    <Flex gap={4} wrap style={{ marginTop: 4 }}>
      {o.excused ? <Tag color="blue">{t('rep.flag.excused')}</Tag> : null}
      {o.hqParts ? <Tag color="orange">{t('rep.flag.hqParts')}</Tag> : null}
      {o.urgeCount ? <Tag color="red">{t('rep.urges', { n: o.urgeCount })}</Tag> : null}
    </Flex>
  );
}

export function ReportOrdersPage() {
  const [params] = useSearchParams();
  const query = drillQueryOf(params);
  if (!query) return <InvalidDrill />;
  return <DrillDown query={query} />;
}

function InvalidDrill() {
  const { t } = useI18n();
  return (
    <Result status="warning" title={t('rep.drill.invalid')} extra={<Link to="/reports">{t('rep.drill.back')}</Link>} />
  );
}

function DrillDown({ query }: { query: Record<string, string> }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page')) || 1;
  const pageSize = Number(params.get('pageSize')) || PAGE_SIZE;
  // The address is the query; the server refuses a bad value naming the field.
  const listQuery = { ...query, page, pageSize } as QueryOf<'GET /api/reports/orders'>;
  const exportQuery = query as QueryOf<'GET /api/reports/orders.xlsx'>;
  const q = useApiQuery('GET /api/reports/orders', { query: listQuery }, { placeholderData: (prev) => prev });
  useRefusal(q.error);
  const words = useFigureWords(query);
  const setPage = (p: number, size: number) => {
    const next = new URLSearchParams(params);
    if (p > 1) next.set('page', String(p));
    else next.delete('page');
    if (size !== PAGE_SIZE) next.set('pageSize', String(size));
    else next.delete('pageSize');
    setParams(next);
  };
  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const items = q.data?.items ?? [];
  const total = q.data?.total ?? 0;

  return (
    <>
      <PageHeader
        title={t('rep.drill.heading', { metric: words.metric })}
        extra={
          <>
            <Link to="/reports">
              <Button icon={<LineChartOutlined />}>{t('nav.reports')}</Button>
            </Link>
            <ExportButton href={routeUrl('GET /api/reports/orders.xlsx', { query: exportQuery })} testId="drill-xlsx" />
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 3 }}
          data-testid="drill-figure"
          items={[
            { key: 'metric', label: t('rep.drill.metric'), children: words.metric },
            { key: 'period', label: t('rep.period'), children: words.period },
            { key: 'scope', label: t('rep.drill.scope'), children: words.scope },
          ]}
        />
        <Typography.Text strong data-testid="drill-total" data-total={q.data ? total : undefined}>
          {q.data ? t('rep.drill.count', { total }) : t('rep.loading')}
        </Typography.Text>
      </Card>
      {isPhone ? (
        <Flex vertical gap={8} data-testid="drill-cards">
          {q.isPending ? (
            <Flex justify="center" style={{ padding: 24 }}>
              <Spin />
            </Flex>
          ) : items.length === 0 ? (
            <Empty description={t('rep.empty')} />
          ) : (
            items.map((o) => <OrderCard key={o.orderId} o={o} />)
          )}
          {total > pageSize ? (
            <Pagination simple align="center" current={page} pageSize={pageSize} total={total} onChange={setPage} />
          ) : null}
        </Flex>
      ) : (
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Table<Order>
            rowKey="orderId"
            size="small"
            loading={q.isFetching}
            dataSource={items}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('rep.empty') }}
            data-testid="drill-table"
            onRow={() => {
              const attrs: Record<string, unknown> = { 'data-testid': 'drill-row' };
              return attrs;
            }}
            pagination={{
              current: page,
              pageSize,
              total,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (n) => t('rep.drill.count', { total: n }),
              onChange: setPage,
            }}
            columns={[
              {
                key: 'code',
                title: t('rep.col.code'),
                fixed: 'left',
                render: (_, o) => <Link to={`/orders/${o.orderId}`}>{o.code}</Link>,
              },
              { key: 'state', title: t('rep.col.state'), render: (_, o) => <StateTag state={o.state} /> },
              { key: 'type', title: t('rep.col.type'), render: (_, o) => t(typeKey(o.serviceType)) },
              { key: 'province', title: t('rep.province'), render: (_, o) => o.provinceName ?? t('rep.none') },
              { key: 'center', title: t('rep.center'), render: (_, o) => o.centerName ?? t('rep.none') },
              { key: 'outlet', title: t('rep.outlet'), render: (_, o) => o.outletName ?? t('rep.none') },
              { key: 'received', title: t('rep.col.receivedAt'), render: (_, o) => formatDateTime(o.receivedAt) },
              {
                key: 'dispatched',
                title: t('rep.col.dispatchedAt'),
                render: (_, o) => (o.dispatchedAt ? formatDateTime(o.dispatchedAt) : t('rep.none')),
              },
              {
                key: 'completed',
                title: t('rep.col.completedAt'),
                render: (_, o) => (o.completedAt ? formatDateTime(o.completedAt) : t('rep.none')),
              },
              {
                key: 'hours',
                title: t('rep.col.hours'),
                align: 'right',
                render: (_, o) =>
                  o.resolvedMinutes === null ? t('rep.none') : t('rep.hours', { hours: hoursOf(o.resolvedMinutes) }),
              },
              { key: 'flags', title: t('rep.col.flags'), render: (_, o) => <Flags o={o} /> },
            ]}
          />
        </Card>
      )}
    </>
  );
}
