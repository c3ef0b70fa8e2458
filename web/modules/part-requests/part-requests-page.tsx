import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { RequestStatus, RequestView } from '../../../server/modules/parts/requests/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';

const TABS: { key: string; label: MessageKey; statuses: RequestStatus[] }[] = [
  { key: 'pending', label: 'partReq.tab.pending', statuses: ['pending_center', 'pending_hq'] },
  { key: 'approved', label: 'partReq.tab.approved', statuses: ['approved'] },
  { key: 'shipped', label: 'partReq.tab.shipped', statuses: ['shipped'] },
  { key: 'received', label: 'partReq.tab.received', statuses: ['received'] },
  { key: 'closed', label: 'partReq.tab.closed', statuses: ['rejected', 'cancelled'] },
];

type Dialog = { kind: 'approve' | 'reject' | 'ship' | 'receive'; request: RequestView } | null;

/** The parts requests board: a tab per status, and the approver's, shipper's and receiver's steps. */
export function PartRequestsPage() {
  const { t, lang } = useI18n();
  const me = useMe().data;
  const [tab, setTab] = useState('pending');
  const [dialog, setDialog] = useState<Dialog>(null);
  const statuses = TABS.find((x) => x.key === tab)!.statuses;
  // Every tab shows at most two statuses: two queries, the second idle when the tab has one.
  const first = useApiQuery('GET /api/part-requests', { query: { status: statuses[0]!, pageSize: 200 } });
  const second = useApiQuery(
    'GET /api/part-requests',
    statuses[1] ? { query: { status: statuses[1], pageSize: 200 } } : null,
  );
  const lists = [first, second];
  const rows = lists.flatMap((l) => l.data?.items ?? []);
  const cancel = useStep();
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('partReq.title')}
      </Typography.Title>
      <Tabs activeKey={tab} onChange={setTab} items={TABS.map((x) => ({ key: x.key, label: t(x.label) }))} />
      <Card size="small">
        <Table<RequestView>
          rowKey="id"
          size="small"
          loading={lists.some((l) => l.isLoading)}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: t('partReq.empty') }}
          columns={[
            {
              title: t('partReq.col.code'),
              dataIndex: 'code',
              render: (code: string, r) => (
                <Space>
                  {code}
                  {r.urgency === 'urgent' ? <Tag color="red">{t('partReq.urgency.urgent')}</Tag> : null}
                </Space>
              ),
            },
            {
              title: t('partReq.col.order'),
              dataIndex: 'orderCode',
              render: (c: string, r) => <Link to={`/orders/${r.orderId}`}>{c}</Link>,
            },
            {
              title: t('partReq.col.lines'),
              render: (_, r) =>
                r.lines.map((l) => (
                  <div key={l.id}>
                    {l.partCode} {l.partName} × {l.quantity}
                    {l.receivedQty ? ` (${l.receivedQty})` : ''}
                  </div>
                )),
            },
            {
              title: t('partReq.col.level'),
              dataIndex: 'approvalLevel',
              render: (v: 'auto' | 'center' | 'hq') => t(`partReq.level.${v}`),
            },
            {
              title: t('partReq.col.explanation'),
              render: (_, r) =>
                r.explanation.map((e) => <div key={e['zh-CN']}>{lang === 'en' ? e.en : e['zh-CN']}</div>),
            },
            { title: t('partReq.col.created'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            {
              title: '',
              render: (_, r) => (
                <Space wrap>
                  {(r.status === 'pending_center' && can(me, 'parts.approve')) ||
                  (r.status === 'pending_hq' && can(me, 'parts.approve_hq')) ? (
                    <>
                      <Button size="small" type="primary" onClick={() => setDialog({ kind: 'approve', request: r })}>
                        {t('partReq.approve')}
                      </Button>
                      <Button size="small" danger onClick={() => setDialog({ kind: 'reject', request: r })}>
                        {t('partReq.reject')}
                      </Button>
                    </>
                  ) : null}
                  {(r.status === 'approved' || r.status === 'shipped') && can(me, 'parts.manage') ? (
                    <Button size="small" onClick={() => setDialog({ kind: 'ship', request: r })}>
                      {t('partReq.ship')}
                    </Button>
                  ) : null}
                  {r.status === 'shipped' ? (
                    <Button size="small" onClick={() => setDialog({ kind: 'receive', request: r })}>
                      {t('partReq.receive')}
                    </Button>
                  ) : null}
                  {['pending_center', 'pending_hq', 'approved'].includes(r.status) && can(me, 'parts.request') ? (
                    <Button
                      size="small"
                      onClick={() =>
                        cancel(() => api.call('POST /api/part-requests/:id/cancel', { params: { id: r.id }, body: {} }))
                      }
                    >
                      {t('partReq.cancel')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {dialog ? <StepDialog dialog={dialog} onClose={() => setDialog(null)} /> : null}
    </Flex>
  );
}

/** Runs one step, shows the refusal (problem+json) or refreshes the board. */
function useStep() {
  const qc = useQueryClient();
  const onError = useApiError();
  const { message } = App.useApp();
  const { t } = useI18n();
  return async (run: () => Promise<unknown>, form?: Parameters<typeof onError>[1]) => {
    try {
      await run();
      message.success(t('partReq.done'));
      await invalidateUrls(qc, '/api/part-requests', '/api/part-shipments', '/api/orders');
      return true;
    } catch (err) {
      onError(err, form);
      return false;
    }
  };
}

function StepDialog({ dialog, onClose }: { dialog: NonNullable<Dialog>; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const step = useStep();
  const [busy, setBusy] = useState(false);
  const r = dialog.request;
  const depots = useApiQuery('GET /api/parts/depots', dialog.kind === 'approve' || dialog.kind === 'ship' ? {} : null);
  const detail = useApiQuery('GET /api/part-requests/:id', dialog.kind === 'receive' ? { params: { id: r.id } } : null);
  const inTransit = detail.data?.shipments.find((s) => !s.receivedAt);
  const depotOptions = (depots.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.code} ${d.name}` }));
  const submit = async (v: Record<string, unknown>) => {
    setBusy(true);
    const id = r.id;
    const ok = await step(() => {
      switch (dialog.kind) {
        case 'approve':
          return api.call('POST /api/part-requests/:id/approve', {
            params: { id },
            body: v.depotId ? { depotId: v.depotId as string } : {},
          });
        case 'reject':
          return api.call('POST /api/part-requests/:id/reject', {
            params: { id },
            body: { reason: String(v.reason ?? '') },
          });
        case 'ship':
          return api.call('POST /api/part-requests/:id/ship', {
            params: { id },
            body: {
              carrier: String(v.carrier ?? ''),
              trackingNo: String(v.trackingNo ?? ''),
              ...(v.depotId ? { fromDepotId: v.depotId as string } : {}),
            },
          });
        case 'receive':
          return api.call('POST /api/part-shipments/:id/receive', {
            params: { id: inTransit!.id },
            body: {
              lines: inTransit!.lines.map((l, i) => ({
                partId: l.partId,
                quantity: Number((v.qty as number[] | undefined)?.[i] ?? 0),
              })),
            },
          });
      }
    }, form);
    setBusy(false);
    if (ok) onClose();
  };
  const titles = {
    approve: 'partReq.approve',
    reject: 'partReq.reject',
    ship: 'partReq.ship',
    receive: 'partReq.receive',
  } as const;
  return (
    <Modal
      open
      title={`${t(titles[dialog.kind])} ${r.code}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        {dialog.kind === 'approve' || dialog.kind === 'ship' ? (
          <Form.Item name="depotId" label={t('partReq.depot')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={depotOptions} />
          </Form.Item>
        ) : null}
        {dialog.kind === 'reject' ? (
          <Form.Item name="reason" label={t('partReq.rejectReason')} rules={[{ required: true }]}>
            <Input.TextArea maxLength={500} rows={2} />
          </Form.Item>
        ) : null}
        {dialog.kind === 'ship' ? (
          <>
            <Form.Item name="carrier" label={t('partReq.carrier')} rules={[{ required: true }]}>
              <Input maxLength={64} />
            </Form.Item>
            <Form.Item name="trackingNo" label={t('partReq.trackingNo')} rules={[{ required: true }]}>
              <Input maxLength={64} />
            </Form.Item>
          </>
        ) : null}
        {dialog.kind === 'receive' && inTransit ? (
          <>
            <Typography.Paragraph>
              {t('partReq.shipment', { code: inTransit.code, day: inTransit.expectedDay })}
              {inTransit.daysLate > 0 ? <Tag color="red">{t('partReq.late', { days: inTransit.daysLate })}</Tag> : null}
            </Typography.Paragraph>
            {inTransit.lines.map((l, i) => (
              <Form.Item
                key={l.partId}
                name={['qty', i]}
                label={`${l.partCode} × ${l.qtyShipped} — ${t('partReq.received')}`}
                initialValue={l.qtyShipped}
              >
                <InputNumber min={0} max={9999} precision={0} />
              </Form.Item>
            ))}
          </>
        ) : null}
      </Form>
    </Modal>
  );
}
