import { Card, Col, Flex, Row, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/queries.js';
import { useMe } from '../../api/session.js';
import { roleHome } from '../../components/nav-items.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { IncompleteArchivesCard } from '../customers/incomplete-archives-card.js';
import { RateChart, TrendChart } from './report-charts.js';
import { MonthlyTable } from './monthly-table.js';
import { ReportsNav, useRefusal } from './report-parts.js';
import { drillHref, trendHref } from './report-rules.js';

/*
 * The reports' dashboard (/reports): today's live counts, this month's rates against the 3-day and
 * 7-day targets (by province for headquarters, by outlet below), the 3-day rate per unit against
 * its target and the last 30 days. Counts drill down to their orders (the orders open over 3 days
 * too, and each day's point of the 30 days); the tabs above lead to every report. For those who
 * land here (administrators and managers, roleHome) it also carries the welcome page's check of
 * overdue incomplete customer archives.
 */

const LIVE = ['received', 'dispatched', 'completed', 'open', 'openOver3'] as const;
type Live = (typeof LIVE)[number];

function LiveCard({
  title,
  value,
  href,
  danger,
  hint,
}: {
  title: string;
  value: number | undefined;
  href: string | null;
  danger?: boolean;
  hint?: string;
}) {
  return (
    <Card size="small" style={{ height: '100%' }}>
      <Statistic
        title={hint ? <span title={hint}>{title}</span> : title}
        value={value ?? 0}
        loading={value === undefined}
        styles={{ content: danger && value ? { color: '#cf1322' } : undefined }}
        valueRender={(node: ReactNode) =>
          href ? (
            // A red figure stays red as a link.
            <Link to={href} style={danger && value ? { color: 'inherit' } : undefined}>
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

export function ReportsDashboardPage() {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const me = useMe().data;
  const landsHere = !!me && roleHome(me) === '/reports';
  const q = useApiQuery('GET /api/reports/dashboard', { query: {} }, { refetchInterval: 60_000 });
  useRefusal(q.error);
  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const d = q.data;
  const today = d?.today;
  const hours = d?.monthly.lateCompletionHours ?? 72;
  const liveHref = (metric: Live) =>
    today
      ? drillHref({ from: today, to: today, metric: metric === 'openOver3' ? 'open_over3' : metric, narrow: {} })
      : null;

  return (
    <>
      <PageHeader title={t('rep.title')} />
      <ReportsNav />
      {isPhone ? null : <Typography.Paragraph type="secondary">{t('rep.intro')}</Typography.Paragraph>}
      <Flex vertical gap={16}>
        <div>
          {today ? (
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
              {t('rep.today', { day: today })}
            </Typography.Text>
          ) : null}
          <Row gutter={[12, 12]} data-testid="live-counts">
            {LIVE.map((k) => (
              <Col key={k} xs={12} sm={8} lg={k === 'openOver3' ? 4 : 5} data-testid={`live-${k}`}>
                <LiveCard
                  title={t(`rep.live.${k}`)}
                  value={d?.live[k]}
                  href={liveHref(k)}
                  danger={k === 'openOver3'}
                  hint={k === 'openOver3' ? t('rep.live.openOver3Hint', { hours }) : undefined}
                />
              </Col>
            ))}
          </Row>
        </div>
        <Card
          size="small"
          title={t('rep.monthCard', { month: d?.month ?? '' })}
          styles={{ body: { padding: 0 } }}
          extra={
            d ? (
              <Link to={`/reports/monthly?month=${d.month}&by=${d.monthly.by}`} data-testid="dashboard-monthly-link">
                {t('rep.monthMore')}
              </Link>
            ) : null
          }
        >
          <MonthlyTable report={d?.monthly} narrow={{}} loading={q.isPending} testId="dashboard-monthly" />
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('rep.rateChart')} style={{ height: '100%' }}>
              <RateChart rows={d?.monthly.items ?? []} />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('rep.trendChart')} style={{ height: '100%' }}>
              <TrendChart points={d?.trend ?? []} hrefOf={(day, metric) => trendHref(day, metric)} />
            </Card>
          </Col>
        </Row>
        {landsHere ? <IncompleteArchivesCard /> : null}
      </Flex>
    </>
  );
}
