import { RightOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, Segmented, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { MyRoute } from '../../../server/modules/planning/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime, getDisplayZone } from '../../lib/format.js';
import { useCodeText } from './code-text.js';
import { clock, span, today, tomorrow } from './planning-rules.js';

/** The stops of a published route in order, each a link to the job. */
export function RouteStops({ route }: { route: MyRoute }) {
  const { t } = useI18n();
  const code = useCodeText();
  if (route.stops.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('route.none')} />;
  return (
    <Flex vertical gap={6} data-testid="my-route-stops">
      {route.departure !== null ? (
        <Typography.Text type="secondary">
          {t('route.departure', { time: clock(route.departure) })}
          {route.break ? ` · ${t('route.break', { span: span(route.break.start, route.break.end) })}` : ''}
        </Typography.Text>
      ) : null}
      {route.stops.map((s, i) => (
        <Link
          key={s.orderId}
          to={`/tech/orders/${s.orderId}`}
          data-testid="my-route-stop"
          data-order={s.orderId}
          style={{ color: 'inherit', display: 'block' }}
        >
          <Flex
            align="center"
            gap={10}
            style={{ padding: '8px 0', borderTop: i ? '1px solid #f0f0f0' : undefined, minHeight: 48 }}
          >
            <span
              style={{
                flex: 'none',
                width: 28,
                height: 28,
                borderRadius: 14,
                background: '#1677ff',
                color: '#fff',
                display: 'inline-flex',
                alignItems: 'center',
                justifyContent: 'center',
                fontWeight: 600,
              }}
            >
              {i + 1}
            </span>
            <Flex vertical style={{ minWidth: 0, flex: 1 }}>
              <Typography.Text strong>
                {span(s.start, s.end)} · {s.customerName}
              </Typography.Text>
              <Typography.Text type="secondary" ellipsis>
                {[s.code, code.type(s.serviceType), code.state(s.state)].join(' · ')}
              </Typography.Text>
              <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                {s.address}
                {s.travelMinutes ? ` · ${t('route.travel', { n: s.travelMinutes })}` : ''}
              </Typography.Text>
            </Flex>
            <RightOutlined />
          </Flex>
        </Link>
      ))}
    </Flex>
  );
}

/** The technician's ordered route of today or tomorrow from the published plan (the phone view). */
export function MyRouteCard() {
  const { t } = useI18n();
  const zone = getDisplayZone();
  const days = { today: today(new Date(), zone), tomorrow: tomorrow(new Date(), zone) };
  const [which, setWhich] = useState<'today' | 'tomorrow'>('today');
  const route = useApiQuery('GET /api/planning/my-route', { query: { day: days[which] } }, { refetchInterval: 60_000 });
  return (
    <Card
      size="small"
      data-testid="my-route"
      title={t('route.title')}
      extra={
        <Segmented
          size="small"
          data-testid="my-route-day"
          value={which}
          onChange={(v) => setWhich(v as 'today' | 'tomorrow')}
          options={[
            { value: 'today', label: t('route.today') },
            { value: 'tomorrow', label: t('route.tomorrow') },
          ]}
        />
      }
    >
      {route.data ? (
        <>
          <RouteStops route={route.data} />
          {route.data.publishedAt ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('route.publishedAt', { at: formatDateTime(route.data.publishedAt) })}
            </Typography.Text>
          ) : null}
        </>
      ) : route.error ? (
        <Typography.Text type="danger">{route.error.detail}</Typography.Text>
      ) : (
        <Flex justify="center">
          <Spin />
        </Flex>
      )}
    </Card>
  );
}
