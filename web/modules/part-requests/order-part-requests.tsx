import { Card, Flex, Tag, Typography } from 'antd';
import type { RequestStatus } from '../../../server/modules/parts/requests/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useI18n } from '../../i18n/index.js';

const STATUS_COLOR: Record<RequestStatus, string> = {
  pending_center: 'orange',
  pending_hq: 'orange',
  approved: 'gold',
  shipped: 'blue',
  received: 'green',
  rejected: 'red',
  cancelled: 'default',
};

/**
 * An order's parts requests and where each stands (waiting for approval, to ship, on the way,
 * arrived, rejected with the reason): whoever waits for the parts sees why the order waits. Nothing
 * is shown to someone who may not read requests, or when the order has none.
 */
export function OrderPartRequests({ orderId }: { orderId: string }) {
  const { t } = useI18n();
  const me = useMe().data;
  const reads = can(me, 'parts.request') || can(me, 'parts.read') || can(me, 'parts.manage');
  const list = useApiQuery('GET /api/part-requests', reads ? { query: { orderId, pageSize: 200 } } : null);
  const items = list.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card size="small" title={t('partReq.ofOrder')} data-testid="order-part-requests">
      <Flex vertical gap={8}>
        {items.map((r) => (
          <div key={r.id} data-testid="order-part-request">
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong>{r.code}</Typography.Text>
              <Tag color={STATUS_COLOR[r.status]}>{t(`partReq.status.${r.status}`)}</Tag>
            </Flex>
            {r.lines.map((l) => (
              <div key={l.id}>
                {l.partCode} {l.partName} × {l.quantity}
                {l.inTransitQty ? ` · ${t('partReq.onTheWay', { n: l.inTransitQty })}` : ''}
                {l.receivedQty ? ` · ${t('partReq.arrived', { n: l.receivedQty })}` : ''}
              </div>
            ))}
            {r.status === 'rejected' && r.rejectedReason ? (
              <Typography.Text type="danger">{r.rejectedReason}</Typography.Text>
            ) : null}
          </div>
        ))}
      </Flex>
    </Card>
  );
}
