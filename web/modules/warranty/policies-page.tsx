import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { LINE_CATEGORIES } from '../../../server/modules/customers/catalog/contract.js';
import {
  type MainPartTerm,
  type Policy,
  type PolicyVersionCreate,
  START_BASES,
  USAGES,
} from '../../../server/modules/warranty/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiList } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { type Translate, useI18n, useT } from '../../i18n/index.js';
import { POLICIES_URL } from './warranty-api.js';

function matchSummary(t: Translate, p: Policy): string {
  const parts: string[] = [];
  if (p.category) parts.push(t(`catalog.category.${p.category}`));
  if (p.productLineCode) parts.push(`${t('warranty.policy.productLineCode')} ${p.productLineCode}`);
  if (p.modelCode) parts.push(`${t('warranty.policy.modelCode')} ${p.modelCode}`);
  if (p.usage) parts.push(t(`warranty.usage.${p.usage}`));
  return parts.length ? parts.join(' · ') : t('warranty.policy.any');
}

function termsSummary(t: Translate, pick: (text: { 'zh-CN': string; en: string }) => string, p: Policy): string {
  const m = (n: number) => t('warranty.policy.months.n', { n });
  const parts = [`${t('warranty.unitVerdict')} ${m(p.unitMonths)}`];
  for (const mp of p.mainParts) {
    const label = (mp.label ? pick(mp.label) : '') || mp.partCodes.join('/') || t('warranty.policy.mainParts');
    parts.push(`${label} ${m(mp.months)}`);
  }
  parts.push(`${t('warranty.rule.replaced_part_term')} ${m(p.replacedPartMonths)}`);
  return parts.join(' · ');
}

/** Warranty policies: the version in force of each (or every version), a new version, the history. */
export function WarrantyPoliciesPage() {
  const { t, pick } = useI18n();
  const me = useMe().data!;
  const manage = can(me, 'settings.manage');
  const [all, setAll] = useState(false);
  const list = useApiList('GET /api/warranty/policies', { query: { all: all ? 'true' : undefined } });
  const [editing, setEditing] = useState<Policy | 'new' | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;
  const today = dayjs().format('YYYY-MM-DD');

  return (
    <>
      <PageHeader
        title={t('warranty.policies.title')}
        extra={
          <Space>
            <Switch checked={all} onChange={setAll} /> {t('warranty.policies.all')}
            {manage ? (
              <Button type="primary" onClick={() => setEditing('new')}>
                {t('warranty.policy.new')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Typography.Paragraph type="secondary">{t('warranty.policies.intro')}</Typography.Paragraph>
      <Card>
        <Table<Policy>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              key: 'code',
              title: t('warranty.policy.code'),
              render: (_, p) => <Typography.Text code>{p.code}</Typography.Text>,
            },
            { key: 'name', title: t('warranty.policy.name'), dataIndex: 'name' },
            { key: 'match', title: t('warranty.policy.match'), render: (_, p) => matchSummary(t, p) },
            { key: 'terms', title: t('warranty.policy.terms'), render: (_, p) => termsSummary(t, pick, p) },
            { key: 'version', title: t('warranty.policy.version'), render: (_, p) => `v${p.version}` },
            { key: 'from', title: t('warranty.policy.effectiveFrom'), dataIndex: 'effectiveFrom' },
            {
              key: 'status',
              title: t('common.status'),
              render: (_, p) =>
                !p.active ? (
                  <Tag>{t('common.inactive')}</Tag>
                ) : p.effectiveFrom > today ? (
                  <Tag color="blue">{t('warranty.policy.scheduled')}</Tag>
                ) : (
                  <Tag color="green">{t('warranty.policy.inForce')}</Tag>
                ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, p) => (
                <Space>
                  {manage ? (
                    <Button type="link" onClick={() => setEditing(p)}>
                      {t('warranty.policy.edit')}
                    </Button>
                  ) : null}
                  <Button type="link" onClick={() => setHistory(p.code)}>
                    {t('warranty.policy.history')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {editing ? <PolicyDrawer policy={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      {history ? <HistoryDrawer code={history} onClose={() => setHistory(null)} /> : null}
    </>
  );
}

interface MainPartRow {
  partCodes?: string;
  labelZh?: string;
  labelEn?: string;
  months: number;
  labourMonths?: number | null;
}

type PolicyForm = Omit<PolicyVersionCreate, 'effectiveFrom' | 'mainParts'> & {
  code: string;
  effectiveFrom: Dayjs;
  mainParts: MainPartRow[];
};

function toRow(m: MainPartTerm): MainPartRow {
  return {
    partCodes: m.partCodes.join(', '),
    labelZh: m.label?.['zh-CN'] ?? '',
    labelEn: m.label?.en ?? '',
    months: m.months,
    labourMonths: m.labourMonths,
  };
}

function toTerm(r: MainPartRow): MainPartTerm {
  const zh = r.labelZh?.trim() ?? '';
  const en = r.labelEn?.trim() ?? '';
  return {
    partCodes: (r.partCodes ?? '')
      .split(/[,，\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    label: zh || en ? { 'zh-CN': zh || en, en: en || zh } : null,
    months: r.months,
    labourMonths: r.labourMonths ?? null,
  };
}

const DEFAULT_REMEDIES = {
  refundDays: 7,
  exchangeDays: 15,
  sameFaultRepairs: 3,
  refundAfterExchangeRepairs: null,
  noShowDays: 15,
  depreciationFreeDays: 7,
  depreciationPercentPerMonth: 0,
};

function NumberItem({
  name,
  label,
  max,
  nullable,
}: {
  name: string[];
  label: string;
  max: number;
  nullable?: boolean;
}) {
  return (
    <Form.Item name={name} label={label} rules={nullable ? [] : [{ required: true }]} style={{ width: 200 }}>
      <InputNumber min={0} max={max} style={{ width: '100%' }} />
    </Form.Item>
  );
}

function PolicyDrawer({ policy, onClose }: { policy: Policy | null; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const onError = useApiError();
  const { message } = App.useApp();
  const [form] = Form.useForm<PolicyForm>();
  const [saving, setSaving] = useState(false);
  const initial: Partial<PolicyForm> = {
    code: policy?.code ?? '',
    name: policy?.name ?? '',
    effectiveFrom: dayjs(),
    active: policy?.active ?? true,
    category: policy?.category ?? null,
    productLineCode: policy?.productLineCode ?? null,
    modelCode: policy?.modelCode ?? null,
    usage: policy?.usage ?? null,
    startBasis: policy?.startBasis ?? 'purchase',
    unitMonths: policy?.unitMonths ?? 12,
    unitLabourMonths: policy?.unitLabourMonths ?? null,
    mainParts: (policy?.mainParts ?? []).map(toRow),
    replacedPartMonths: policy?.replacedPartMonths ?? 3,
    transferable: policy?.transferable ?? true,
    remedies: policy?.remedies ?? DEFAULT_REMEDIES,
    note: policy?.note ?? '',
  };
  const submit = async (v: PolicyForm) => {
    setSaving(true);
    const body: PolicyVersionCreate = {
      name: v.name,
      effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
      active: v.active,
      category: v.category ?? null,
      productLineCode: v.productLineCode?.trim() || null,
      modelCode: v.modelCode?.trim() || null,
      usage: v.usage ?? null,
      startBasis: v.startBasis,
      unitMonths: v.unitMonths,
      unitLabourMonths: v.unitLabourMonths ?? null,
      mainParts: (v.mainParts ?? []).map(toTerm),
      replacedPartMonths: v.replacedPartMonths,
      transferable: v.transferable,
      remedies: { ...v.remedies, refundAfterExchangeRepairs: v.remedies.refundAfterExchangeRepairs ?? null },
      note: v.note?.trim() || null,
    };
    try {
      const saved = policy
        ? await api.call('POST /api/warranty/policies/:code/versions', { params: { code: policy.code }, body })
        : await api.call('POST /api/warranty/policies', { body: { ...body, code: v.code.trim() } });
      message.success(t('warranty.policy.saved', { version: saved.version }));
      await invalidateUrls(qc, POLICIES_URL);
      onClose();
    } catch (e) {
      onError(e, form);
    } finally {
      setSaving(false);
    }
  };
  const anyOption = { value: null as unknown as string, label: t('warranty.policy.any') };
  const r = (k: string) => ['remedies', k];
  return (
    <Drawer
      open
      size={820}
      title={policy ? `${t('warranty.policy.edit')} · ${policy.code}` : t('warranty.policy.new')}
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" name="warranty-policy" initialValues={initial} onFinish={submit}>
        <Flex gap={12} wrap>
          <Form.Item
            name="code"
            label={t('warranty.policy.code')}
            rules={[{ required: true }, { pattern: /^[a-z0-9][a-z0-9_-]{0,39}$/ }]}
            style={{ width: 180 }}
          >
            <Input disabled={!!policy} maxLength={40} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('warranty.policy.name')}
            rules={[{ required: true, whitespace: true }]}
            style={{ flex: 1, minWidth: 200 }}
          >
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="effectiveFrom" label={t('warranty.policy.effectiveFrom')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} />
          </Form.Item>
          <Form.Item name="active" label={t('warranty.policy.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
        <Typography.Title level={5}>{t('warranty.policy.match')}</Typography.Title>
        <Flex gap={12} wrap>
          <Form.Item name="category" label={t('warranty.policy.category')} style={{ width: 160 }}>
            <Select
              options={[anyOption, ...LINE_CATEGORIES.map((c) => ({ value: c, label: t(`catalog.category.${c}`) }))]}
            />
          </Form.Item>
          <Form.Item name="productLineCode" label={t('warranty.policy.productLineCode')} style={{ width: 180 }}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="modelCode" label={t('warranty.policy.modelCode')} style={{ width: 180 }}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="usage" label={t('warranty.policy.usage')} style={{ width: 150 }}>
            <Select options={[anyOption, ...USAGES.map((u) => ({ value: u, label: t(`warranty.usage.${u}`) }))]} />
          </Form.Item>
        </Flex>
        <Typography.Title level={5}>{t('warranty.policy.terms')}</Typography.Title>
        <Flex gap={12} wrap>
          <Form.Item name="startBasis" label={t('warranty.policy.startBasis')} style={{ width: 160 }}>
            <Select options={START_BASES.map((b) => ({ value: b, label: t(`warranty.basis.${b}`) }))} />
          </Form.Item>
          <NumberItem name={['unitMonths']} label={t('warranty.policy.unitMonths')} max={600} />
          <NumberItem name={['unitLabourMonths']} label={t('warranty.policy.unitLabourMonths')} max={600} nullable />
          <NumberItem name={['replacedPartMonths']} label={t('warranty.policy.replacedPartMonths')} max={120} />
          <Form.Item name="transferable" label={t('warranty.policy.transferable')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
        <Typography.Title level={5}>{t('warranty.policy.mainParts')}</Typography.Title>
        <Form.List name="mainParts">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((f) => (
                <Card key={f.key} size="small" styles={{ body: { paddingBottom: 0 } }}>
                  <Flex gap={8} wrap align="flex-start">
                    <Form.Item
                      name={[f.name, 'partCodes']}
                      label={t('warranty.policy.partCodes')}
                      style={{ minWidth: 200, flex: 1 }}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item name={[f.name, 'labelZh']} label={t('warranty.policy.partLabel')} style={{ width: 120 }}>
                      <Input />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'labelEn']}
                      label={t('warranty.policy.partLabelEn')}
                      style={{ width: 120 }}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'months']}
                      label={t('warranty.policy.months')}
                      rules={[{ required: true }]}
                      style={{ width: 100 }}
                    >
                      <InputNumber min={0} max={600} style={{ width: '100%' }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'labourMonths']}
                      label={t('warranty.policy.labourMonths')}
                      style={{ width: 180 }}
                    >
                      <InputNumber min={0} max={600} style={{ width: '100%' }} />
                    </Form.Item>
                    <Button
                      type="text"
                      danger
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(f.name)}
                      style={{ marginTop: 30 }}
                    />
                  </Flex>
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ months: 36 })}>
                {t('warranty.policy.addMainPart')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('warranty.policy.remedies')}
        </Typography.Title>
        <Flex gap={12} wrap>
          <NumberItem name={r('refundDays')} label={t('warranty.policy.refundDays')} max={365} />
          <NumberItem name={r('exchangeDays')} label={t('warranty.policy.exchangeDays')} max={365} />
          <NumberItem name={r('sameFaultRepairs')} label={t('warranty.policy.sameFaultRepairs')} max={20} />
          <NumberItem
            name={r('refundAfterExchangeRepairs')}
            label={t('warranty.policy.refundAfterExchangeRepairs')}
            max={20}
            nullable
          />
          <NumberItem name={r('noShowDays')} label={t('warranty.policy.noShowDays')} max={365} />
          <NumberItem name={r('depreciationFreeDays')} label={t('warranty.policy.depreciationFreeDays')} max={3650} />
          <NumberItem
            name={r('depreciationPercentPerMonth')}
            label={t('warranty.policy.depreciationPercentPerMonth')}
            max={100}
          />
        </Flex>
        <Form.Item name="note" label={t('warranty.policy.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function HistoryDrawer({ code, onClose }: { code: string; onClose: () => void }) {
  const { t, pick } = useI18n();
  const q = useApiList('GET /api/warranty/policies/:code', { params: { code } });
  const today = dayjs().format('YYYY-MM-DD');
  return (
    <Drawer open size={760} title={`${t('warranty.policy.history')} · ${code}`} onClose={onClose}>
      <Timeline
        items={(q.data ?? []).map((v) => ({
          key: v.id,
          color: v.effectiveFrom > today ? 'blue' : 'green',
          content: (
            <Descriptions
              size="small"
              column={1}
              title={`v${v.version} · ${v.name}`}
              items={[
                { key: 'from', label: t('warranty.policy.effectiveFrom'), children: v.effectiveFrom },
                { key: 'match', label: t('warranty.policy.match'), children: matchSummary(t, v) },
                { key: 'terms', label: t('warranty.policy.terms'), children: termsSummary(t, pick, v) },
                {
                  key: 'basis',
                  label: t('warranty.policy.startBasis'),
                  children: t(`warranty.basis.${v.startBasis}`),
                },
                {
                  key: 'remedies',
                  label: t('warranty.policy.remedies'),
                  children: `${v.remedies.refundDays} / ${v.remedies.exchangeDays} / ${v.remedies.sameFaultRepairs}`,
                },
                {
                  key: 'active',
                  label: t('warranty.policy.active'),
                  children: v.active ? t('common.yes') : t('common.no'),
                },
                { key: 'note', label: t('warranty.policy.note'), children: v.note ?? '' },
              ]}
            />
          ),
        }))}
      />
    </Drawer>
  );
}
