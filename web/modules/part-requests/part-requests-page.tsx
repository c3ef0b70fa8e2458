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
import type { Depot } from '../../../server/modules/parts/contract.js';
import type { RequestStatus, RequestView } from '../../../server/modules/parts/requests/contract.js';
import type { Me } from '../../../server/platform/auth/contract.js';
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

type Dialog = {
  kind: 'approve' | 'reject' | 'ship' | 'receive';
  request: RequestView;
  /** For shipping: the depot it goes out from unless the shipper picks another of theirs. */
  fromDepotId?: string;
} | null;

/** Depots that send parts out; a van or a consignment stock never ships a request. */
const SHIPPING_KINDS = new Set(['hq', 'center', 'outlet']);

const toShip = (l: RequestView['lines'][number]) => l.quantity - l.receivedQty - l.inTransitQty;
const onTheWay = (r: RequestView) => r.status === 'shipped' && r.lines.some((l) => l.inTransitQty > 0);

/**
 * The depot the reader may ship the request from, or null when they may not ship it: only with
 * parts.manage, only an approved request — or a shipped one of which nothing is on the way any
 * more but something is still missing (a short receipt: the rest is shipped again) — and only
 * from a depot in the reader's scope: the one the plan chose for a line still to send, or, for a
 * line no depot could supply, an HQ or center depot they keep. While parts are on the way the
 * request is the receiving side's to take in, not to ship again.
 */
export function shipFrom(r: RequestView, me: Me | undefined, depots: readonly Depot[]): string | null {
  if (!can(me, 'parts.manage')) return null;
  if (r.status !== 'approved' && !(r.status === 'shipped' && !onTheWay(r))) return null;
  const mine = new Map(depots.filter((d) => d.active && SHIPPING_KINDS.has(d.kind)).map((d) => [d.id, d]));
  const open = r.lines.filter((l) => toShip(l) > 0);
  const planned = open.find((l) => l.fromDepotId && mine.has(l.fromDepotId));
  if (planned) return planned.fromDepotId;
  if (open.some((l) => !l.fromDepotId)) {
    const upper = [...mine.values()].find((d) => d.kind === 'hq' || d.kind === 'center');
    if (upper) return upper.id;
  }
  return null;
}

/** The receiving side of parts on the way: the people of the outlet they go to, who may take them in. */
export function receives(r: RequestView, me: Me | undefined): boolean {
  return onTheWay(r) && me?.orgUnitId === r.outletId && (can(me, 'parts.manage') || can(me, 'parts.request'));
}

export function PartRequestsPage() {
  const { t, lang } = useI18n();
  const me = useMe().data;
  const [tab, setTab] = useState('pending');
  const [dialog, setDialog] = useState<Dialog>(null);
  const depotList = useApiQuery('GET /api/parts/depots', can(me, 'parts.manage') || can(me, 'parts.read') ? {} : null);
  const depots = depotList.data?.items ?? [];
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
                  {shipFrom(r, me, depots) ? (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => setDialog({ kind: 'ship', request: r, fromDepotId: shipFrom(r, me, depots)! })}
                    >
                      {t('partReq.ship')}
                    </Button>
                  ) : null}
                  {receives(r, me) ? (
                    <Button size="small" type="primary" onClick={() => setDialog({ kind: 'receive', request: r })}>
                      {t('partReq.receive')}
                    </Button>
                  ) : onTheWay(r) ? (
                    <Tag color="blue">{t('partReq.inTransit')}</Tag>
                  ) : r.status === 'shipped' && !shipFrom(r, me, depots) ? (
                    <Tag color="orange">{t('partReq.restToShip')}</Tag>
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
      {dialog ? <StepDialog dialog={dialog} depots={depots} onClose={() => setDialog(null)} /> : null}
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

function StepDialog({
  dialog,
  depots,
  onClose,
}: {
  dialog: NonNullable<Dialog>;
  depots: readonly Depot[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const step = useStep();
  const [busy, setBusy] = useState(false);
  const r = dialog.request;
  const detail = useApiQuery('GET /api/part-requests/:id', dialog.kind === 'receive' ? { params: { id: r.id } } : null);
  const inTransit = detail.data?.shipments.find((s) => !s.receivedAt);
  // Shipping goes out of a depot of the shipper's own; approving may point at any depot in scope.
  const depotOptions = depots
    .filter((d) => d.active && (dialog.kind !== 'ship' || SHIPPING_KINDS.has(d.kind)))
    .map((d) => ({ value: d.id, label: `${d.code} ${d.name}` }));
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
      // Nothing to receive until the shipment on its way is known.
      okButtonProps={{ disabled: dialog.kind === 'receive' && !inTransit }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        {dialog.kind === 'approve' ? (
          <Form.Item name="depotId" label={t('partReq.depot')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={depotOptions} />
          </Form.Item>
        ) : null}
        {dialog.kind === 'ship' ? (
          <Form.Item
            name="depotId"
            label={t('partReq.shipFrom')}
            initialValue={dialog.fromDepotId}
            rules={[{ required: true }]}
          >
            <Select showSearch={{ optionFilterProp: 'label' }} options={depotOptions} />
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
              {/* Whose promise the lateness is judged by: the route's own days or the default. */}
              {t(inTransit.promiseSource === 'route' ? 'partReq.promiseRoute' : 'partReq.promiseDefault', {
                days: inTransit.promisedDays,
              })}
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
