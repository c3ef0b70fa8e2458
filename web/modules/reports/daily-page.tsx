import { LineChartOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Segmented, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { type QueryOf, type ResponseOf, routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { companyToday } from '../statements/statement-parts.js';
import { DrillLink, ExportButton, ReportFilters, useRefusal } from './report-parts.js';
import {
  DAILY_METRICS,
  type DailyBy,
  drillHref,
  isDay,
  monthToDate,
  type Narrow,
  narrowOf,
  rowNarrow,
  unitsFor,
} from './report-rules.js';

/*
 * The daily ledger (/reports/daily, 维修台账): orders received, sent to an outlet, completed and
 * still open, per day or per province, center or outlet over a period (this month by default), the
 * total row last. Every count lists its orders; the export is the same query as XLSX.
 */

type Row = ResponseOf<'GET /api/reports/daily'>['items'][number];
const DAY = 'YYYY-MM-DD';

export function DailyReportPage() {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const fallback = monthToDate(companyToday());
  const from = isDay(params.get('from')) ? params.get('from')! : fallback.from;
  const to = isDay(params.get('to')) ? params.get('to')! : fallback.to;
  const options: DailyBy[] = ['day', ...unitsFor(useMe().data!.orgUnitKind)];
  const byParam = params.get('by') as DailyBy | null;
  const by: DailyBy = byParam && options.includes(byParam) ? byParam : 'day';
  const narrow = narrowOf(params);
  const query = { from, to, by, ...narrow } as QueryOf<'GET /api/reports/daily'>;
  const q = useApiQuery('GET /api/reports/daily', { query }, { placeholderData: (prev) => prev });
  useRefusal(q.error);
  const set = (patch: Narrow & { from?: string; to?: string; by?: string }) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const r = q.data;
  const rows = r ? [...r.items, r.sum] : [];
  const isSum = (row: Row) => row === r?.sum;

  /** A count's orders: the row's day (per day) or the period and the row's unit; the total row the whole period. */
  const href = (row: Row, metric: (typeof DAILY_METRICS)[number]) => {
    if (isSum(row)) return drillHref({ from, to, metric, narrow });
    if (by === 'day') return drillHref({ from: row.key, to: row.key, metric, narrow });
    const unit = rowNarrow(by, row.key);
    return unit ? drillHref({ from, to, metric, narrow, row: unit }) : null;
  };
  const titles: Record<(typeof DAILY_METRICS)[number], string> = {
    received: t('rep.col.received'),
    dispatched: t('rep.col.dispatched'),
    completed: t('rep.col.completed'),
    open: by === 'day' ? t('rep.col.openDay') : t('rep.col.openEnd'),
  };

  const picker = (key: 'from' | 'to', value: string) => (
    <DatePicker
      allowClear={false}
      aria-label={t(`rep.${key}`)}
      value={dayjs(value)}
      onChange={(v: Dayjs | null) => v && set({ [key]: v.format(DAY) })}
      style={{ width: 'calc(50% - 4px)' }}
      data-testid={`daily-${key}`}
    />
  );

  return (
    <>
      <PageHeader
        title={t('rep.daily')}
        extra={
          <>
            <Link to="/reports">
              <Button icon={<LineChartOutlined />}>{t('nav.reports')}</Button>
            </Link>
            <ExportButton href={routeUrl('GET /api/reports/daily.xlsx', { query })} testId="daily-xlsx" />
          </>
        }
      />
      {isPhone ? null : <Typography.Paragraph type="secondary">{t('rep.dailyIntro')}</Typography.Paragraph>}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Flex gap={8} wrap align="center" style={{ padding: 12 }}>
          {isPhone ? (
            <>
              {picker('from', from)}
              {picker('to', to)}
            </>
          ) : (
            <DatePicker.RangePicker
              allowClear={false}
              aria-label={t('rep.period')}
              value={[dayjs(from), dayjs(to)]}
              onChange={(v) => {
                const [a, b] = (v ?? []) as [Dayjs | null, Dayjs | null];
                if (a && b) set({ from: a.format(DAY), to: b.format(DAY) });
              }}
              data-testid="daily-period"
            />
          )}
          <Segmented<DailyBy>
            value={by}
            onChange={(v) => set({ by: v })}
            options={options.map((u) => ({ value: u, label: t(`rep.by.${u}`) }))}
            data-testid="daily-by"
          />
          <ReportFilters value={narrow} onChange={set} />
        </Flex>
        <Table<Row>
          rowKey="key"
          size="small"
          pagination={false}
          loading={q.isFetching}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('rep.empty') }}
          data-testid="daily"
          onRow={(row) => {
            const attrs: Record<string, unknown> = {
              'data-testid': 'daily-row',
              'data-key': row.key,
              style: isSum(row) ? { fontWeight: 600, background: 'rgba(0,0,0,0.02)' } : undefined,
            };
            return attrs;
          }}
          columns={[
            {
              key: 'name',
              title: by === 'day' ? t('rep.col.day') : t('rep.col.unit'),
              fixed: 'left',
              render: (_, row) => (isSum(row) ? t('rep.total') : row.name),
            },
            ...DAILY_METRICS.map((metric) => ({
              key: metric,
              title: titles[metric],
              align: 'right' as const,
              render: (_: unknown, row: Row) => (
                <DrillLink value={row[metric]} href={href(row, metric)} testId={`daily-${row.key}-${metric}`} />
              ),
            })),
          ]}
        />
      </Card>
    </>
  );
}
