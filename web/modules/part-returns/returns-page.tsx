import { Button, Card, Form, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { OBLIGATION_FILTERS, type ReturnObligation } from '../../../server/modules/parts/returns/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { formatYuan } from '../warranty/warranty-rules.js';
import { useShipBatch } from './returns-api.js';

const PAGE_SIZE = 50;
type Filter = (typeof OBLIGATION_FILTERS)[number];

export const RETURN_STATUS_COLOR: Record<ReturnObligation['status'], string> = {
  due: 'blue',
  overdue: 'red',
  shipped: 'gold',
  received: 'green',
};

export function ReturnStatusTag({ o }: { o: Pick<ReturnObligation, 'status' | 'daysOverdue'> }) {
  const { t } = useI18n();
  return (
    <Tag color={RETURN_STATUS_COLOR[o.status]}>
      {t(`returns.status.${o.status}`)}
      {o.daysOverdue > 0 ? ` · ${t('returns.daysOverdue', { days: o.daysOverdue })}` : ''}
    </Tag>
  );
}

function isFilter(v: string | null): v is Filter {
  return !!v && (OBLIGATION_FILTERS as readonly string[]).includes(v);
}

/** Old parts to return, by status; an outlet selects due or overdue lines and ships them as a batch. */
export function PartReturnsPage() {
  const { t, pick } = useI18n();
  const me = useMe().data;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status: Filter = isFilter(raw) ? raw : 'due';
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const [selected, setSelected] = useState<string[]>([]);
  const [shipping, setShipping] = useState(false);
  const [form] = Form.useForm<{ carrier: string; trackingNo: string; note?: string }>();
  const ship = useShipBatch(form, (b) => {
    setShipping(false);
    setSelected([]);
    form.resetFields();
    navigate(`/part-returns/batches/${b.id}`);
  });
  const list = useApiQuery('GET /api/part-returns/obligations', {
    query: {
      status,
      outletId: params.get('outletId') ?? undefined,
      technicianId: params.get('technicianId') ?? undefined,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    },
  });
  const canShip = can(me, 'returns.ship') && (status === 'due' || status === 'overdue');
  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;
  return (
    <>
      <PageHeader
        title={t('returns.title')}
        extra={
          <Link to="/part-returns/batches">
            <Button>{t('returns.batches.title')}</Button>
          </Link>
        }
      />
      <Typography.Paragraph type="secondary">{t('returns.intro')}</Typography.Paragraph>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Segmented
            value={status}
            onChange={(v) => {
              setSelected([]);
              setParams({ status: String(v) });
            }}
            options={OBLIGATION_FILTERS.map((s) => ({ value: s, label: t(`returns.tab.${s}`) }))}
          />
          {canShip && (
            <Button type="primary" disabled={!selected.length} onClick={() => setShipping(true)}>
              {t('returns.ship', { count: selected.length })}
            </Button>
          )}
        </Space>
        <Table<ReturnObligation>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          rowSelection={
            canShip ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) } : undefined
          }
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (p) => {
              const next = new URLSearchParams(params);
              next.set('page', String(p));
              setParams(next);
            },
          }}
          columns={[
            {
              key: 'order',
              title: t('returns.order'),
              render: (_, o) => <Link to={`/orders/${o.orderId}`}>{o.orderCode}</Link>,
            },
            { key: 'part', title: t('returns.part'), render: (_, o) => `${o.partCode} ${o.partName}` },
            { key: 'serial', title: t('returns.serial'), render: (_, o) => o.serial ?? '' },
            { key: 'qty', title: t('returns.quantity'), dataIndex: 'quantity' },
            { key: 'paidBy', title: t('returns.paidBy'), render: (_, o) => t(`returns.paidBy.${o.paidBy}`) },
            { key: 'outlet', title: t('returns.outlet'), dataIndex: 'outletName' },
            { key: 'tech', title: t('returns.technician'), render: (_, o) => o.technicianName ?? '' },
            { key: 'due', title: t('returns.dueDay'), dataIndex: 'dueDay' },
            {
              key: 'status',
              title: t('returns.batch.status'),
              render: (_, o) => (
                <span title={pick(o.explanation)}>
                  <ReturnStatusTag o={o} />
                </span>
              ),
            },
            {
              key: 'batch',
              title: t('returns.batch'),
              render: (_, o) => (o.batchId ? <Link to={`/part-returns/batches/${o.batchId}`}>{o.batchCode}</Link> : ''),
            },
            {
              key: 'outcome',
              title: t('returns.outcome'),
              render: (_, o) => (o.outcome ? t(`returns.outcome.${o.outcome}`) : ''),
            },
            {
              key: 'withheld',
              title: t('returns.withheld'),
              render: (_, o) => (o.outcome ? formatYuan(o.withheldFen) : ''),
            },
          ]}
        />
      </Card>
      <Modal
        open={shipping}
        title={t('returns.ship.title')}
        onCancel={() => setShipping(false)}
        onOk={() => form.submit()}
        confirmLoading={ship.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            ship.mutate({
              obligationIds: selected,
              carrier: v.carrier,
              trackingNo: v.trackingNo,
              note: v.note || undefined,
            })
          }
        >
          <Form.Item name="obligationIds" hidden>
            <Input />
          </Form.Item>
          <Form.Item name="carrier" label={t('returns.ship.carrier')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item
            name="trackingNo"
            label={t('returns.ship.trackingNo')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="note" label={t('returns.ship.note')}>
            <Input.TextArea maxLength={500} rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
