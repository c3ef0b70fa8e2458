import { EnvironmentOutlined, PhoneOutlined, RightOutlined } from '@ant-design/icons';
import { useQueries } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Typography } from 'antd';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { MyRouteCard } from '../planning/my-route.js';
import { queryGate, StateTag, typeKey, waitKey } from '../work-orders/labels.js';
import { byJobTime, isTodayJob, mapLink, telLink } from '../work-orders/order-rules.js';
import { type OrderDetail, type OrderSummary, orderUrl, useLiveOrders } from '../work-orders/orders-api.js';

/** The technician's own open jobs. */
const MY_JOBS = { mine: 'true', open: 'true', pageSize: 100 } as const;
/** Details (address, phone) are read for this many jobs ahead; the list carries neither. */
const DETAIL_AHEAD = 30;

/** Tap targets at least 44 px high (Apple's and WeChat's guidance). */
export const BIG = { size: 'large' as const, style: { minHeight: 48 } };

function when(o: OrderSummary, t: ReturnType<typeof useT>): string {
  if (!o.bookedFrom) return t('tech.unbooked');
  // In the company zone like every date shown; the end as its time only (both formats end HH:mm).
  const to = o.bookedTo ? formatDateTime(o.bookedTo).slice(-5) : '';
  return `${formatDateTime(o.bookedFrom)}${to ? `–${to}` : ''}`;
}

function JobCard({ job, detail }: { job: OrderSummary; detail: OrderDetail | undefined }) {
  const t = useT();
  return (
    <Card size="small" data-testid="tech-job" styles={{ body: { padding: 12 } }}>
      <Link to={`/tech/orders/${job.id}`} style={{ color: 'inherit', display: 'block' }}>
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {when(job, t)}
          </Typography.Text>
          <StateTag state={job.state} />
        </Flex>
        <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 4 }}>
          <Flex vertical style={{ minWidth: 0 }}>
            <Typography.Text>
              {job.customerName} · {t(typeKey(job.serviceType))}
            </Typography.Text>
            <Typography.Text type="secondary" ellipsis>
              {[job.code, job.modelName].filter(Boolean).join(' · ')}
            </Typography.Text>
            {job.waitReason ? (
              <Typography.Text type="warning">
                {t('tech.waitingFor', { reason: t(waitKey(job.waitReason)) })}
              </Typography.Text>
            ) : null}
          </Flex>
          <RightOutlined />
        </Flex>
      </Link>
      {!detail?.contactMasked && (detail?.address || detail?.customerPhone) ? (
        <Flex gap={8} style={{ marginTop: 8 }}>
          {detail.address ? (
            <Button
              {...BIG}
              block
              icon={<EnvironmentOutlined />}
              href={mapLink(detail.address)}
              target="_blank"
              rel="noreferrer"
            >
              {t('tech.navigate')}
            </Button>
          ) : null}
          {detail.customerPhone ? (
            <Button {...BIG} block icon={<PhoneOutlined />} href={telLink(detail.customerPhone)}>
              {t('tech.call')}
            </Button>
          ) : null}
        </Flex>
      ) : null}
      {detail?.address ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6 }}>
          {detail.address}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

/** The technician's phone: the day's planned route, today's jobs, then the upcoming ones, in time order. */
export function TechPage() {
  const t = useT();
  useLiveOrders();
  const list = useApiQuery('GET /api/orders', { query: MY_JOBS }, { refetchInterval: 15_000 });
  const jobs = byJobTime(list.data?.items ?? []);
  const details = useQueries({
    queries: jobs.slice(0, DETAIL_AHEAD).map((j) => ({
      queryKey: [orderUrl(j.id)],
      queryFn: () => api.call('GET /api/orders/:id', { params: { id: j.id } }),
      staleTime: 60_000,
    })),
  });
  const detailOf = (id: string) => details.find((d) => d.data?.id === id)?.data;
  const gate = queryGate(list);
  if (gate || !list.data) return gate;
  const now = new Date();
  const today = jobs.filter((j) => isTodayJob(j, now));
  const later = jobs.filter((j) => !isTodayJob(j, now));

  return (
    <Flex vertical gap={12} style={{ maxWidth: 640, margin: '0 auto' }}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: '4px 0' }}>
          {t('tech.title')}
        </Typography.Title>
        <Link to="/tech/van">{t('parts.myVan')}</Link>
      </Flex>
      <MyRouteCard />
      {jobs.length === 0 ? <Empty description={t('tech.none')} /> : null}
      {[
        { key: 'today', title: t('tech.today'), items: today },
        { key: 'later', title: t('tech.upcoming'), items: later },
      ].map((g) =>
        g.items.length ? (
          <Flex key={g.key} vertical gap={8}>
            <Typography.Text type="secondary">
              {g.title} · {g.items.length}
            </Typography.Text>
            {g.items.map((j) => (
              <JobCard key={j.id} job={j} detail={detailOf(j.id)} />
            ))}
          </Flex>
        ) : null,
      )}
    </Flex>
  );
}
