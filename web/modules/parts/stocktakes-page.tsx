import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Form, Input, Modal, Segmented, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { STOCKTAKE_STATUSES, type Stocktake } from '../../../server/modules/parts/stocktakes/contract.js';
import { routeUrl } from '../../api/client.js';
import { useApiList, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { useOpenStocktake } from './stocktake-api.js';

const PAGE_SIZE = 50;
type Status = (typeof STOCKTAKE_STATUSES)[number];

export const STOCKTAKE_STATUS_COLOR: Record<Status, string> = {
  counting: 'processing',
  submitted: 'gold',
  posted: 'green',
  rejected: 'red',
  cancelled: 'default',
};

export function StocktakeStatusTag({ status }: { status: Status }) {
  const t = useT();
  return <Tag color={STOCKTAKE_STATUS_COLOR[status]}>{t(`stocktake.status.${status}`)}</Tag>;
}

function isStatus(v: string | null): v is Status {
  return !!v && (STOCKTAKE_STATUSES as readonly string[]).includes(v);
}

/** Stocktakes of the depots in my scope, by status and depot; export of the list; a new count sheet. */
export function StocktakesPage() {
  const t = useT();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : undefined;
  const depotId = params.get('depot') ?? undefined;
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const depots = useApiList('GET /api/parts/depots', {});
  const list = useApiQuery('GET /api/parts/stocktakes', {
    query: { status, depotId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  });
  const [opening, setOpening] = useState(false);
  const setParam = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;
  return (
    <>
      <PageHeader
        title={t('stocktake.title')}
        extra={
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              href={routeUrl('GET /api/parts/stocktakes.xlsx', { query: { status, depotId } })}
            >
              {t('stocktake.export')}
            </Button>
            {can(me, 'parts.manage') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening(true)}>
                {t('stocktake.new')}
              </Button>
            )}
          </Space>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Segmented
            value={status ?? 'all'}
            onChange={(v) => setParam({ status: v === 'all' ? undefined : String(v) })}
            options={[
              { value: 'all', label: t('common.all') },
              ...STOCKTAKE_STATUSES.map((s) => ({ value: s, label: t(`stocktake.status.${s}`) })),
            ]}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 240 }}
            placeholder={t('stocktake.allDepots')}
            value={depotId}
            onChange={(v?: string) => setParam({ depot: v })}
            options={(depots.data ?? []).map((d) => ({ value: d.id, label: `${d.code} · ${d.name}` }))}
            aria-label={t('stocktake.depot')}
          />
        </Space>
        <Table<Stocktake>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('stocktake.empty') }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('stocktake.count', { total }),
            onChange: (p) => setParam({ page: String(p) }),
          }}
          columns={[
            {
              key: 'code',
              title: t('stocktake.code'),
              render: (_, s) => <Link to={`/parts/stocktakes/${s.id}`}>{s.code}</Link>,
            },
            { key: 'status', title: t('stocktake.status'), render: (_, s) => <StocktakeStatusTag status={s.status} /> },
            { key: 'depot', title: t('stocktake.depot'), render: (_, s) => `${s.depotCode} · ${s.depotName}` },
            { key: 'blind', title: t('stocktake.blind'), render: (_, s) => (s.blind ? t('common.yes') : '') },
            { key: 'lines', title: t('stocktake.lines'), dataIndex: 'lineCount' },
            { key: 'counted', title: t('stocktake.counted'), dataIndex: 'countedCount' },
            { key: 'variances', title: t('stocktake.variances'), dataIndex: 'varianceCount' },
            { key: 'opened', title: t('stocktake.openedAt'), render: (_, s) => formatDateTime(s.openedAt) },
            { key: 'openedBy', title: t('stocktake.openedBy'), dataIndex: 'openedByName' },
            { key: 'decided', title: t('stocktake.decidedAt'), render: (_, s) => formatDateTime(s.decidedAt) },
          ]}
        />
      </Card>
      {opening && <OpenModal depotId={depotId} onClose={() => setOpening(false)} />}
    </>
  );
}

/** A new count sheet for a depot in scope, optionally blind. */
function OpenModal({ depotId, onClose }: { depotId?: string; onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ depotId: string; blind: boolean; note?: string }>();
  const depots = useApiList('GET /api/parts/depots', {});
  const open = useOpenStocktake(form, (s) => navigate(`/parts/stocktakes/${s.id}`));
  return (
    <Modal
      open
      title={t('stocktake.newTitle')}
      okText={t('stocktake.new')}
      confirmLoading={open.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ depotId, blind: false }}
        onFinish={(v) => open.mutate({ depotId: v.depotId, blind: v.blind, note: v.note?.trim() || undefined })}
      >
        <Form.Item name="depotId" label={t('stocktake.depot')} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={(depots.data ?? [])
              .filter((d) => d.active)
              .map((d) => ({ value: d.id, label: `${d.code} · ${d.name}` }))}
          />
        </Form.Item>
        <Form.Item name="blind" valuePropName="checked" extra={t('stocktake.blindHint')}>
          <Checkbox>{t('stocktake.blind')}</Checkbox>
        </Form.Item>
        <Form.Item name="note" label={t('stocktake.note')}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
