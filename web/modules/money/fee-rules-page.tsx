import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import {
  FEE_ITEMS,
  FEE_SCHEDULES,
  type FeeItem,
  type FeeSchedule,
  type FeeTotal,
  SCHEDULE_OF,
  type StoredFeeRule,
} from '../../../server/modules/money/contract.js';
import { SERVICE_TYPES, type ServiceType } from '../../../server/modules/work-orders/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';

/*
 * The fee schedules (docs/money.md, "Stored schedules"): the rules by schedule with filters, add,
 * change (the old rule ends, a new one starts) and end, and "try it" — an order's facts priced by
 * the rules in force on a day. Amounts are entered in yuan with 2 decimals and sent in fen,
 * distances in km and sent in whole metres; form fields are named as the API's, so a refusal lands
 * on its field.
 */

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
const toFen = (v: unknown) => Math.round(Number(v) * 100);
const toMetres = (v: unknown) => (v === null || v === undefined || v === '' ? null : Math.round(Number(v) * 1000));
const orNull = (v: unknown) => (v === undefined || v === '' ? null : v);
const scheduleKey = (s: FeeSchedule): MessageKey => `fee.schedule.${s}`;
const itemKey = (i: FeeItem | 'part'): MessageKey => `fee.item.${i}`;
const typeKey = (s: ServiceType): MessageKey => `orders.type.${s}`;

interface Filters {
  schedule?: FeeSchedule;
  item?: FeeItem;
  onDay?: string;
  productLineId?: string;
  ended?: 'true' | 'false';
}
type Editing = { kind: 'new' } | { kind: 'change'; row: StoredFeeRule } | { kind: 'end'; row: StoredFeeRule } | null;

export function FeeRulesPage() {
  const { t } = useI18n();
  const me = useMe().data;
  const manage = can(me, 'money.fees');
  const [filters, setFilters] = useState<Filters>({});
  const list = useApiQuery('GET /api/fee-rules', { query: filters });
  const lines = useApiQuery('GET /api/catalog/lines', { query: {} });
  const lineName = new Map((lines.data?.items ?? []).map((l) => [l.id, `${l.code} ${l.name}`]));
  const lineOptions = (lines.data?.items ?? []).map((l) => ({ value: l.id, label: `${l.code} ${l.name}` }));
  const [editing, setEditing] = useState<Editing>(null);
  const criteria = (r: StoredFeeRule) => {
    const parts: string[] = [];
    if (r.serviceType) parts.push(t(typeKey(r.serviceType)));
    if (r.productLineId) parts.push(lineName.get(r.productLineId) ?? r.productLineId);
    if (r.modelClass) parts.push(`${t('fee.modelClass')} ${r.modelClass}`);
    if (r.repairKind) parts.push(`${t('fee.repairKind')} ${r.repairKind}`);
    if (r.zone) parts.push(t(`fee.zone.${r.zone}`));
    if (r.minDistanceM !== null || r.maxDistanceM !== null)
      parts.push(`${(r.minDistanceM ?? 0) / 1000}–${r.maxDistanceM === null ? '∞' : r.maxDistanceM / 1000} km`);
    return parts.length ? parts.join(t('common.listSeparator')) : t('fee.any');
  };
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('fee.title')}
        </Typography.Title>
        {manage ? (
          <Button type="primary" onClick={() => setEditing({ kind: 'new' })}>
            {t('fee.add')}
          </Button>
        ) : null}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('fee.intro')}
      </Typography.Paragraph>
      <Form layout="inline" onValuesChange={(_, all: Filters) => setFilters(clean(all))}>
        <Form.Item name="schedule" label={t('fee.schedule')}>
          <Select
            allowClear
            style={{ width: 150 }}
            options={FEE_SCHEDULES.map((s) => ({ value: s, label: t(scheduleKey(s)) }))}
          />
        </Form.Item>
        <Form.Item name="item" label={t('fee.item')}>
          <Select
            allowClear
            style={{ width: 140 }}
            options={FEE_ITEMS.map((i) => ({ value: i, label: t(itemKey(i)) }))}
          />
        </Form.Item>
        <Form.Item name="productLineId" label={t('fee.productLine')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 180 }} options={lineOptions} />
        </Form.Item>
        <Form.Item name="onDay" label={t('fee.onDay')}>
          <Input type="date" style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="ended" label={t('fee.state')}>
          <Select
            allowClear
            style={{ width: 130 }}
            options={[
              { value: 'false', label: t('fee.state.open') },
              { value: 'true', label: t('fee.state.ended') },
            ]}
          />
        </Form.Item>
      </Form>
      <Table<StoredFeeRule>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('fee.empty') }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { key: 'schedule', title: t('fee.schedule'), render: (_, r) => t(scheduleKey(r.schedule)) },
          { key: 'item', title: t('fee.item'), render: (_, r) => t(itemKey(r.item)) },
          { key: 'label', title: t('fee.label'), dataIndex: 'label' },
          { key: 'criteria', title: t('fee.criteria'), render: (_, r) => criteria(r) },
          { key: 'amount', title: t('fee.amount'), align: 'right', render: (_, r) => yuan(r.amountFen) },
          { key: 'from', title: t('fee.effectiveFrom'), dataIndex: 'effectiveFrom' },
          {
            key: 'to',
            title: t('fee.state'),
            render: (_, r) =>
              r.effectiveTo ? (
                <Tag>{t('fee.endsOn', { day: r.effectiveTo })}</Tag>
              ) : (
                <Tag color="green">{t('fee.state.open')}</Tag>
              ),
          },
          {
            key: 'created',
            title: t('fee.created'),
            render: (_, r) => `${formatDateTime(r.createdAt)} ${r.createdByName ?? ''}`,
          },
          ...(manage
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, r: StoredFeeRule) =>
                    r.effectiveTo ? null : (
                      <Flex gap={4}>
                        <Button type="link" size="small" onClick={() => setEditing({ kind: 'change', row: r })}>
                          {t('fee.change')}
                        </Button>
                        <Button type="link" size="small" danger onClick={() => setEditing({ kind: 'end', row: r })}>
                          {t('fee.end')}
                        </Button>
                      </Flex>
                    ),
                },
              ]
            : []),
        ]}
      />
      <PreviewCard lineOptions={lineOptions} />
      {editing?.kind === 'end' ? <EndDialog row={editing.row} onClose={() => setEditing(null)} /> : null}
      {editing && editing.kind !== 'end' ? (
        <RuleDialog
          row={editing.kind === 'change' ? editing.row : null}
          lineOptions={lineOptions}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Flex>
  );
}

function clean(all: Filters): Filters {
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

interface RuleForm {
  schedule: FeeSchedule;
  item: FeeItem;
  label: string;
  serviceType?: ServiceType;
  productLineId?: string;
  modelClass?: string;
  repairKind?: string;
  zone?: 'near' | 'far';
  /** km on the form, metres in the body. */
  minDistanceM?: number;
  maxDistanceM?: number;
  /** yuan on the form, fen in the body. */
  amountFen: number;
  effectiveFrom: string;
  effectiveTo?: string;
  endOn?: string;
}

/** Adds a rule, or changes one (the old rule ends, the new one starts); a refusal shows on its field. */
function RuleDialog({
  row,
  lineOptions,
  onClose,
}: {
  row: StoredFeeRule | null;
  lineOptions: { value: string; label: string }[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<RuleForm>();
  const [busy, setBusy] = useState(false);
  const qc = useQueryClient();
  const onError = useApiError();
  const { message } = App.useApp();
  const schedule = Form.useWatch('schedule', form) ?? row?.schedule ?? 'customer';
  const submit = async (v: RuleForm) => {
    setBusy(true);
    const rule = {
      schedule: v.schedule,
      item: v.item,
      label: v.label,
      serviceType: v.serviceType ?? null,
      productLineId: v.productLineId ?? null,
      modelClass: (orNull(v.modelClass) as string | null) ?? null,
      repairKind: (orNull(v.repairKind) as string | null) ?? null,
      zone: v.zone ?? null,
      minDistanceM: toMetres(v.minDistanceM),
      maxDistanceM: toMetres(v.maxDistanceM),
      amountFen: toFen(v.amountFen),
      effectiveFrom: v.effectiveFrom,
      effectiveTo: (orNull(v.effectiveTo) as string | null) ?? null,
    };
    try {
      if (row) {
        const res = await api.call('POST /api/fee-rules/:id/change', {
          params: { id: row.id },
          body: { ...rule, endOn: (orNull(v.endOn) as string | null) ?? null },
        });
        message.success(t('fee.changed', { day: res.ended.effectiveTo ?? '' }));
      } else {
        await api.call('POST /api/fee-rules', { body: rule });
        message.success(t('fee.added'));
      }
      await invalidateUrls(qc, '/api/fee-rules');
      onClose();
    } catch (err) {
      onError(err, form);
    } finally {
      setBusy(false);
    }
  };
  const initial: Partial<RuleForm> = row
    ? {
        schedule: row.schedule,
        item: row.item,
        label: row.label,
        serviceType: row.serviceType ?? undefined,
        productLineId: row.productLineId ?? undefined,
        modelClass: row.modelClass ?? undefined,
        repairKind: row.repairKind ?? undefined,
        zone: row.zone ?? undefined,
        minDistanceM: row.minDistanceM === null ? undefined : row.minDistanceM / 1000,
        maxDistanceM: row.maxDistanceM === null ? undefined : row.maxDistanceM / 1000,
        amountFen: row.amountFen / 100,
      }
    : { schedule: 'customer' };
  return (
    <Modal
      open
      width={640}
      title={row ? t('fee.changeTitle', { label: row.label }) : t('fee.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form<RuleForm> form={form} layout="vertical" onFinish={submit} initialValues={initial}>
        <Space wrap>
          <Form.Item name="schedule" label={t('fee.schedule')} rules={[{ required: true }]}>
            <Select
              disabled={!!row}
              style={{ width: 160 }}
              options={FEE_SCHEDULES.map((s) => ({ value: s, label: t(scheduleKey(s)) }))}
              onChange={() => form.setFieldValue('item', undefined)}
            />
          </Form.Item>
          <Form.Item name="item" label={t('fee.item')} rules={[{ required: true }]}>
            <Select
              disabled={!!row}
              style={{ width: 160 }}
              options={FEE_ITEMS.filter((i) => SCHEDULE_OF[i] === schedule).map((i) => ({
                value: i,
                label: t(itemKey(i)),
              }))}
            />
          </Form.Item>
          <Form.Item name="label" label={t('fee.label')} rules={[{ required: true }]}>
            <Input maxLength={100} style={{ width: 220 }} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="serviceType" label={t('fee.serviceType')}>
            <Select
              allowClear
              placeholder={t('fee.any')}
              style={{ width: 160 }}
              options={SERVICE_TYPES.map((s) => ({ value: s, label: t(typeKey(s)) }))}
            />
          </Form.Item>
          <Form.Item name="productLineId" label={t('fee.productLine')}>
            <Select
              allowClear
              placeholder={t('fee.any')}
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 220 }}
              options={lineOptions}
            />
          </Form.Item>
          <Form.Item name="modelClass" label={t('fee.modelClass')}>
            <Input placeholder={t('fee.any')} maxLength={40} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="repairKind" label={t('fee.repairKind')}>
            <Input placeholder={t('fee.any')} maxLength={40} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="zone" label={t('fee.zone')}>
            <Select
              allowClear
              placeholder={t('fee.any')}
              style={{ width: 110 }}
              options={[
                { value: 'near', label: t('fee.zone.near') },
                { value: 'far', label: t('fee.zone.far') },
              ]}
            />
          </Form.Item>
          <Form.Item name="minDistanceM" label={t('fee.minKm')}>
            <InputNumber min={0} precision={3} style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="maxDistanceM" label={t('fee.maxKm')}>
            <InputNumber min={0} precision={3} style={{ width: 130 }} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="amountFen" label={t('fee.amountYuan')} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} step={1} style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="effectiveFrom" label={t('fee.effectiveFrom')} rules={[{ required: true }]}>
            <Input type="date" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="effectiveTo" label={t('fee.effectiveTo')}>
            <Input type="date" style={{ width: 160 }} />
          </Form.Item>
          {row ? (
            <Form.Item name="endOn" label={t('fee.endOn')}>
              <Input type="date" style={{ width: 160 }} />
            </Form.Item>
          ) : null}
        </Space>
      </Form>
    </Modal>
  );
}

/** Ends (removes) a rule on a last day; a refusal shows on the field. */
function EndDialog({ row, onClose }: { row: StoredFeeRule; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ effectiveTo: string }>();
  const [busy, setBusy] = useState(false);
  const qc = useQueryClient();
  const onError = useApiError();
  const { message } = App.useApp();
  const submit = async (v: { effectiveTo: string }) => {
    setBusy(true);
    try {
      await api.call('POST /api/fee-rules/:id/end', { params: { id: row.id }, body: v });
      message.success(t('fee.ended'));
      await invalidateUrls(qc, '/api/fee-rules');
      onClose();
    } catch (err) {
      onError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('fee.endTitle', { label: row.label })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ danger: true }}
      okText={t('fee.end')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('fee.endHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="effectiveTo" label={t('fee.effectiveTo')} rules={[{ required: true }]}>
          <Input type="date" style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface PreviewForm {
  serviceType: ServiceType;
  productLineId?: string;
  modelClass?: string;
  repairKind?: string;
  /** km on the form, metres in the body. */
  distanceM?: number;
  zone?: 'near' | 'far';
  day?: string;
  parts?: { name: string; quantity: number; salePriceFen?: number; costFen?: number; fromOwnStock?: boolean }[];
}

/** "Try it": an order's facts priced by the rules in force on a day, lines and explanations shown. */
function PreviewCard({ lineOptions }: { lineOptions: { value: string; label: string }[] }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<PreviewForm>();
  const [busy, setBusy] = useState(false);
  const onError = useApiError();
  const [result, setResult] = useState<Awaited<ReturnType<typeof runPreview>> | null>(null);
  const submit = async (v: PreviewForm) => {
    setBusy(true);
    try {
      setResult(await runPreview(v));
    } catch (err) {
      onError(err, form);
    } finally {
      setBusy(false);
    }
  };
  const total = (title: string, f: FeeTotal) => (
    <Card size="small" title={title} extra={<strong>{yuan(f.totalFen)}</strong>}>
      <Table
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        dataSource={f.lines}
        columns={[
          { key: 'item', title: t('fee.item'), render: (_, l) => t(itemKey(l.item)) },
          { key: 'why', title: t('fee.explanation'), render: (_, l) => l.explanation[lang] },
          { key: 'amount', title: t('fee.amount'), align: 'right', render: (_, l) => yuan(l.amountFen) },
        ]}
      />
      {f.missing.map((m, i) => (
        <Alert
          // biome-ignore lint/suspicious/noArrayIndexKey: the missing items have no id of their own
          key={i}
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          message={t('fee.missing', { why: m.explanation[lang] })}
        />
      ))}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {f.explanation[lang]}
      </Typography.Paragraph>
    </Card>
  );
  return (
    <Card title={t('fee.preview')}>
      <Typography.Paragraph type="secondary">{t('fee.previewIntro')}</Typography.Paragraph>
      <Form<PreviewForm> form={form} layout="vertical" onFinish={submit} initialValues={{ serviceType: 'on_site' }}>
        <Space wrap>
          <Form.Item name="serviceType" label={t('fee.serviceType')} rules={[{ required: true }]}>
            <Select style={{ width: 160 }} options={SERVICE_TYPES.map((s) => ({ value: s, label: t(typeKey(s)) }))} />
          </Form.Item>
          <Form.Item name="productLineId" label={t('fee.productLine')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 220 }}
              options={lineOptions}
            />
          </Form.Item>
          <Form.Item name="modelClass" label={t('fee.modelClass')}>
            <Input maxLength={40} style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="repairKind" label={t('fee.repairKind')}>
            <Input maxLength={40} style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="distanceM" label={t('fee.distanceKm')}>
            <InputNumber min={0} precision={3} style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="zone" label={t('fee.zone')}>
            <Select
              allowClear
              style={{ width: 110 }}
              options={[
                { value: 'near', label: t('fee.zone.near') },
                { value: 'far', label: t('fee.zone.far') },
              ]}
            />
          </Form.Item>
          <Form.Item name="day" label={t('fee.day')}>
            <Input type="date" style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.List name="parts">
          {(fields, { add, remove }) => (
            <Flex vertical>
              {fields.map((f) => (
                <Space key={f.key} wrap align="end">
                  <Form.Item name={[f.name, 'name']} label={t('fee.partName')} rules={[{ required: true }]}>
                    <Input maxLength={100} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'quantity']} label={t('fee.quantity')} rules={[{ required: true }]}>
                    <InputNumber min={1} precision={0} style={{ width: 90 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'salePriceFen']} label={t('fee.saleYuan')}>
                    <InputNumber min={0} precision={2} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'costFen']} label={t('fee.costYuan')}>
                    <InputNumber min={0} precision={2} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'fromOwnStock']} valuePropName="checked">
                    <Checkbox>{t('fee.ownStock')}</Checkbox>
                  </Form.Item>
                  <Form.Item>
                    <Button onClick={() => remove(f.name)}>×</Button>
                  </Form.Item>
                </Space>
              ))}
              <Space>
                <Button onClick={() => add({ quantity: 1 })}>{t('fee.addPart')}</Button>
                <Button type="primary" htmlType="submit" loading={busy}>
                  {t('fee.run')}
                </Button>
              </Space>
            </Flex>
          )}
        </Form.List>
      </Form>
      {result ? (
        <Flex vertical gap={8} style={{ marginTop: 12 }}>
          <Typography.Text>
            {t('fee.pricedZone', {
              zone: result.zone ? t(`fee.zone.${result.zone}`) : t('fee.unknownZone'),
              km: result.nearZoneKm,
              n: result.rulesInForce,
            })}
            {` · ${result.day}`}
          </Typography.Text>
          {total(t('fee.customerQuote'), result.customerQuote)}
          {total(t('fee.refusedQuote'), result.refusedQuoteCharge)}
          {total(t('fee.outletFee'), result.outletServiceFee)}
        </Flex>
      ) : null}
    </Card>
  );
}

function runPreview(v: PreviewForm) {
  return api.call('POST /api/fee-rules/quote-preview', {
    body: {
      serviceType: v.serviceType,
      productLineId: v.productLineId ?? null,
      modelClass: (orNull(v.modelClass) as string | null) ?? null,
      repairKind: (orNull(v.repairKind) as string | null) ?? null,
      distanceM: toMetres(v.distanceM),
      zone: v.zone ?? null,
      day: (orNull(v.day) as string | null) ?? null,
      parts: (v.parts ?? []).map((p) => ({
        name: p.name,
        quantity: p.quantity,
        salePriceFen: p.salePriceFen === undefined || p.salePriceFen === null ? null : toFen(p.salePriceFen),
        costFen: p.costFen === undefined || p.costFen === null ? null : toFen(p.costFen),
        fromOwnStock: !!p.fromOwnStock,
      })),
    },
  });
}
