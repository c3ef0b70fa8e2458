import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Input, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { SlaCell, StateTag } from '../work-orders/labels.js';
import { ORDERS_URL, type OrderSummary } from '../work-orders/orders-api.js';

/**
 * The selected customer's open work orders on the intake desk, each with its time limit and a
 * 催单 button: a caller asking "where is my technician?" is answered from here, and the urge is
 * logged as a contact on the order, counted, and sent to the unit holding it (issue: urging).
 */
export function OpenOrders({ customerId }: { customerId: string }) {
  const t = useT();
  const me = useMe().data;
  const { message } = App.useApp();
  const showError = useApiError();
  const qc = useQueryClient();
  const [urging, setUrging] = useState<OrderSummary | null>(null);
  const [note, setNote] = useState('');
  const orders = useApiQuery(
    'GET /api/orders',
    can(me, 'orders.read') ? { query: { customerId, open: 'true', pageSize: 10 } } : null,
  );
  const urge = useMutation({
    mutationFn: (o: OrderSummary) =>
      api.call('POST /api/orders/:id/urges', {
        params: { id: o.id },
        body: { channel: 'phone', note: note.trim() || undefined },
      }),
    onSuccess: async (r) => {
      setUrging(null);
      setNote('');
      if (r.complaintFlagged) message.warning(t('intake.orders.urgedComplaint', { n: r.urgeCount }));
      else message.success(t('intake.orders.urged', { n: r.urgeCount }));
      await invalidateUrls(qc, ORDERS_URL, '/api/intake');
    },
    onError: (err) => showError(err),
  });
  const items = orders.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card size="small" title={t('intake.orders.title')} style={{ marginBottom: 12 }} data-testid="open-orders">
      <Flex vertical gap={6}>
        {items.map((o) => (
          <Flex key={o.id} gap={8} align="center" wrap justify="space-between">
            <Flex gap={8} align="center" wrap>
              <Link to={`/orders/${o.id}`}>{o.code}</Link>
              <StateTag state={o.state} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {o.holderUnitName}
                {o.technicianName ? ` · ${o.technicianName}` : ''}
              </Typography.Text>
              <SlaCell milestones={o.milestones} />
              {o.urgeCount > 0 ? <Tag color="orange">{t('intake.orders.urgeCount', { n: o.urgeCount })}</Tag> : null}
            </Flex>
            {can(me, 'contacts.create') ? (
              <Button size="small" icon={<BellOutlined />} onClick={() => setUrging(o)} data-testid="urge-button">
                {t('intake.orders.urge')}
              </Button>
            ) : null}
          </Flex>
        ))}
      </Flex>
      <Modal
        open={!!urging}
        title={t('intake.orders.urgeTitle', { code: urging?.code ?? '' })}
        okText={t('intake.orders.urge')}
        confirmLoading={urge.isPending}
        onOk={() => urging && urge.mutate(urging)}
        onCancel={() => setUrging(null)}
        destroyOnHidden
      >
        {urging && urging.urgeCount >= 2 ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 8 }}
            title={t('intake.orders.urgeWarning', { n: urging.urgeCount + 1 })}
          />
        ) : null}
        <Input.TextArea
          autoFocus
          rows={3}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('intake.orders.urgeNote')}
        />
      </Modal>
    </Card>
  );
}
