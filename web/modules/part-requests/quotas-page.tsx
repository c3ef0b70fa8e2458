import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { QuotaPeriodKind, type QuotaStanding } from '../../../server/modules/parts/requests/contract.js';
import { api, routeUrl } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { formatYuan } from '../warranty/warranty-rules.js';

const STANDING_URL = '/api/part-quotas/standing';
type Kind = 'all' | 'outlet' | 'technician';

interface QuotaForm {
  periodKind: QuotaStanding['period']['kind'];
  /** In yuan on the form, sent in fen; named as the API's field so its errors land here. Empty: not limited. */
  valueFen: number | null;
  quantity: number | null;
  effectiveFrom: string;
}

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * Parts quotas (配件额度): every outlet and technician in scope with the quota in force, what was used
 * this period and what remains, over-quota highlighted; an approver sets a new quota from a day on.
 */
export function PartQuotasPage() {
  const { t } = useI18n();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind');
  const kind: Kind = kindParam === 'outlet' || kindParam === 'technician' ? kindParam : 'all';
  const overOnly = params.get('over') === 'true';
  const query = { kind: kind === 'all' ? undefined : kind, over: overOnly ? ('true' as const) : undefined };
  const list = useApiQuery('GET /api/part-quotas/standing', { query });
  const mayManage = can(me, 'parts.approve') || can(me, 'parts.approve_hq');
  const [editing, setEditing] = useState<QuotaStanding | null>(null);

  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;
  const limit = (fen: number | null, qty: number | null) =>
    [fen === null ? null : formatYuan(fen), qty === null ? null : t('quotas.pieces', { n: qty })]
      .filter(Boolean)
      .join(' / ') || t('quotas.unlimited');

  return (
    <>
      <PageHeader
        title={t('quotas.title')}
        extra={
          <Button icon={<DownloadOutlined />} href={routeUrl('GET /api/part-quotas/standing.xlsx', { query })}>
            {t('quotas.export')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('quotas.intro')}</Typography.Paragraph>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Segmented
            value={kind}
            onChange={(v) => setFilter('kind', v === 'all' ? null : String(v))}
            options={(['all', 'outlet', 'technician'] as const).map((k) => ({
              value: k,
              label: t(`quotas.filter.${k}`),
            }))}
          />
          <Checkbox checked={overOnly} onChange={(e) => setFilter('over', e.target.checked ? 'true' : null)}>
            {t('quotas.filter.over')}
          </Checkbox>
        </Space>
        <Table<QuotaStanding>
          rowKey={(r) => `${r.holderKind}:${r.holderId}`}
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          locale={{ emptyText: t('quotas.empty') }}
          onRow={(r) => (r.over ? { style: { background: 'rgba(255, 77, 79, 0.08)' } } : {})}
          columns={[
            {
              key: 'holder',
              title: t('quotas.col.holder'),
              render: (_, r) => (
                <Space size={4}>
                  <Tag>{t(`quotas.kind.${r.holderKind}`)}</Tag>
                  {r.holderName}
                  <Typography.Text type="secondary">{r.holderCode}</Typography.Text>
                </Space>
              ),
            },
            {
              key: 'unit',
              title: t('quotas.col.unit'),
              render: (_, r) => (r.holderKind === 'outlet' ? '' : r.unitName),
            },
            {
              key: 'period',
              title: t('quotas.col.period'),
              render: (_, r) => `${t(`quotas.period.${r.period.kind}`)} ${r.period.start} ~ ${r.period.end}`,
            },
            {
              key: 'quota',
              title: t('quotas.col.quota'),
              render: (_, r) =>
                r.quota ? (
                  limit(r.quota.valueFen, r.quota.quantity)
                ) : (
                  <Typography.Text type="secondary">{t('quotas.none')}</Typography.Text>
                ),
            },
            { key: 'from', title: t('quotas.col.effectiveFrom'), render: (_, r) => r.quota?.effectiveFrom ?? '' },
            {
              key: 'used',
              title: t('quotas.col.used'),
              render: (_, r) => `${formatYuan(r.used.valueFen)} / ${t('quotas.pieces', { n: r.used.quantity })}`,
            },
            {
              key: 'remaining',
              title: t('quotas.col.remaining'),
              render: (_, r) => (r.remaining ? limit(r.remaining.valueFen, r.remaining.quantity) : ''),
            },
            {
              key: 'state',
              title: t('quotas.col.state'),
              render: (_, r) => {
                if (!r.quota || !r.remaining) return <Tag>{t('quotas.none')}</Tag>;
                if (!r.over) return <Tag color="green">{t('quotas.within')}</Tag>;
                const what = [
                  r.remaining.overValueFen > 0 ? formatYuan(r.remaining.overValueFen) : null,
                  r.remaining.overQuantity > 0 ? t('quotas.pieces', { n: r.remaining.overQuantity }) : null,
                ]
                  .filter(Boolean)
                  .join(' / ');
                return (
                  <Tag color="red" title={t('quotas.overBy', { what })}>
                    {t('quotas.over')} · {what}
                  </Tag>
                );
              },
            },
            ...(mayManage
              ? [
                  {
                    key: 'actions',
                    title: '',
                    render: (_: unknown, r: QuotaStanding) => (
                      <Button size="small" onClick={() => setEditing(r)}>
                        {r.quota ? t('quotas.change') : t('quotas.set')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {editing ? <QuotaModal holder={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function QuotaModal({ holder, onClose }: { holder: QuotaStanding; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<QuotaForm>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const save = useMutation({
    mutationFn: (v: QuotaForm) =>
      api.call('PUT /api/part-quotas', {
        body: {
          ...(holder.holderKind === 'outlet' ? { orgUnitId: holder.holderId } : { userId: holder.holderId }),
          periodKind: v.periodKind,
          valueFen: v.valueFen === null || v.valueFen === undefined ? null : Math.round(Number(v.valueFen) * 100),
          quantity: v.quantity === null || v.quantity === undefined ? null : v.quantity,
          effectiveFrom: v.effectiveFrom,
        },
      }),
    onSuccess: async () => {
      message.success(t('quotas.form.saved', { name: holder.holderName }));
      await invalidateUrls(qc, STANDING_URL, '/api/part-quotas', '/api/part-requests/quota');
      onClose();
    },
    onError: (err) => showError(err, form),
  });
  return (
    <Modal
      open
      title={t('quotas.form.title', { name: holder.holderName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('quotas.form.hint')}</Typography.Paragraph>
      <Form<QuotaForm>
        form={form}
        name="part-quota"
        layout="vertical"
        initialValues={{
          periodKind: holder.period.kind,
          valueFen: holder.quota?.valueFen === null || holder.quota === null ? null : holder.quota.valueFen / 100,
          quantity: holder.quota?.quantity ?? null,
          effectiveFrom: today(),
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="periodKind" label={t('quotas.form.periodKind')} rules={[{ required: true }]}>
          <Select options={QuotaPeriodKind.options.map((k) => ({ value: k, label: t(`quotas.period.${k}`) }))} />
        </Form.Item>
        <Form.Item name="valueFen" label={t('quotas.form.valueYuan')}>
          <InputNumber precision={2} step={100} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="quantity" label={t('quotas.form.quantity')}>
          <InputNumber precision={0} step={1} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('quotas.form.effectiveFrom')} rules={[{ required: true }]}>
          <Input type="date" style={{ width: 200 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
