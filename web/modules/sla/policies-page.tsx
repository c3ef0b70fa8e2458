import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
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
import {
  type Calendar,
  CustomerKind,
  EscalationLevel,
  MilestoneKey,
  type MilestoneSpec,
  type Policy,
  type PolicySummary,
  ResponsibleLevel,
  ServiceType,
  Zone,
} from '../../../server/modules/sla/contract.js';
import { api, type BodyOf } from '../../api/client.js';
import { invalidateUrls, useApiList, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { type MessageKey, type Translate, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { formatMinutes } from './format.js';

const POLICIES_URL = '/api/sla/policies';
// The contract's enums: a milestone, level or match the server adds appears here without restating it.
const KEYS = MilestoneKey.options;
const SERVICE_TYPES = ServiceType.options;
const LEVELS = ResponsibleLevel.options;
const ESCALATION = EscalationLevel.options;

function matchSummary(t: Translate, p: Policy): string {
  const parts: string[] = [];
  if (p.serviceType) parts.push(t(`sla.serviceType.${p.serviceType}` as MessageKey));
  if (p.customerKind) parts.push(t(`sla.customerKind.${p.customerKind}` as MessageKey));
  if (p.zone) parts.push(t(`sla.zone.${p.zone}` as MessageKey));
  if (p.faultLevel) parts.push(`${t('sla.policy.faultLevel')} ${p.faultLevel}`);
  if (p.productLineId) parts.push(`${t('sla.policy.productLineId')} ${p.productLineId.slice(0, 8)}`);
  if (p.provinceGroup) parts.push(p.provinceGroup.join(','));
  return parts.length ? parts.join(' · ') : t('sla.policy.any');
}

/** SLA policies: the version in force of each, its milestones, a new version, the history. */
export function PoliciesPage() {
  const t = useT();
  const me = useMe().data!;
  const manage = can(me, 'settings.manage');
  const list = useApiList('GET /api/sla/policies', {});
  const [editing, setEditing] = useState<PolicySummary | 'new' | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;

  return (
    <>
      <PageHeader
        title={t('sla.policies.title')}
        extra={manage ? <Button onClick={() => setEditing('new')}>{t('sla.policy.new')}</Button> : null}
      />
      <Typography.Paragraph type="secondary">{t('sla.policies.intro')}</Typography.Paragraph>
      <Card>
        <Table<PolicySummary>
          rowKey="code"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          expandable={{
            expandedRowRender: (p) => <MilestonesTable milestones={p.milestones} />,
          }}
          columns={[
            {
              key: 'code',
              title: t('sla.policy.code'),
              render: (_, p) => <Typography.Text code>{p.code}</Typography.Text>,
            },
            { key: 'name', title: t('sla.policy.name'), dataIndex: 'name' },
            { key: 'match', title: t('sla.policy.match'), render: (_, p) => matchSummary(t, p) },
            { key: 'specificity', title: t('sla.policy.specificity'), dataIndex: 'specificity' },
            {
              key: 'version',
              title: t('sla.policy.version'),
              render: (_, p) => (
                <Space>
                  v{p.version}
                  {p.latestVersion > p.version ? (
                    <Tag color="blue">{`v${p.latestVersion} ${t('sla.policy.scheduled')}`}</Tag>
                  ) : null}
                </Space>
              ),
            },
            {
              key: 'effectiveFrom',
              title: t('sla.policy.effectiveFrom'),
              render: (_, p) => formatDateTime(p.effectiveFrom),
            },
            {
              key: 'status',
              title: t('common.status'),
              render: (_, p) =>
                !p.active ? (
                  <Tag>{t('common.inactive')}</Tag>
                ) : p.inForce ? (
                  <Tag color="green">{t('sla.policy.inForce')}</Tag>
                ) : (
                  <Tag color="blue">{t('sla.policy.scheduled')}</Tag>
                ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, p) => (
                <Space>
                  {manage ? (
                    <Button type="link" onClick={() => setEditing(p)}>
                      {t('sla.policy.edit')}
                    </Button>
                  ) : null}
                  <Button type="link" onClick={() => setHistory(p.code)}>
                    {t('sla.policy.history')}
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

/** Minutes of working time in a calendar's first working day (for "about N working days"). */
function minutesPerDay(calendar: Calendar | undefined): number | null {
  const day = calendar?.hours.find((h) => h.length > 0);
  if (!day) return null;
  const m = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  return day.reduce((sum, i) => sum + m(i.to) - m(i.from), 0) || null;
}

/** A limit as people read it: wall-clock time on 24x7 calendars, working minutes (and days) otherwise. */
function limitText(t: Translate, m: MilestoneSpec, calendars: Calendar[]): string {
  const cal = calendars.find((c) => c.code === m.calendar);
  if (!cal || cal.kind === '24x7') return formatMinutes(t, m.limitMinutes);
  const perDay = minutesPerDay(cal);
  const days = perDay ? Math.round((m.limitMinutes / perDay) * 10) / 10 : null;
  return days && days >= 1
    ? t('sla.workingDays', { n: m.limitMinutes, d: days })
    : t('sla.workingMinutes', { n: m.limitMinutes });
}

function MilestonesTable({ milestones }: { milestones: MilestoneSpec[] }) {
  const t = useT();
  const calendars = useApiList('GET /api/sla/calendars', {}).data ?? [];
  return (
    <Table<MilestoneSpec>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={milestones}
      columns={[
        { key: 'key', title: t('sla.milestone.key'), render: (_, m) => t(`sla.key.${m.key}` as MessageKey) },
        { key: 'limit', title: t('sla.milestone.limit'), render: (_, m) => limitText(t, m, calendars) },
        {
          key: 'calendar',
          title: t('sla.milestone.calendar'),
          render: (_, m) => <Typography.Text code>{m.calendar}</Typography.Text>,
        },
        { key: 'warn', title: t('sla.milestone.warnAt'), render: (_, m) => `${m.warnAtPercent}%` },
        {
          key: 'parts',
          title: t('sla.milestone.pausedByParts'),
          render: (_, m) => (m.pausedByParts ? t('common.yes') : t('common.no')),
        },
        {
          key: 'level',
          title: t('sla.milestone.responsible'),
          render: (_, m) => t(`sla.level.${m.responsibleLevel}` as MessageKey),
        },
        {
          key: 'escalation',
          title: t('sla.milestone.escalation'),
          render: (_, m) => m.escalation.map((e) => t(`sla.escalation.${e}` as MessageKey)).join(' → '),
        },
      ]}
    />
  );
}

type PolicyBody = BodyOf<'POST /api/sla/policies'>;

interface PolicyForm {
  code: string;
  name: string;
  effectiveFrom?: Dayjs | null;
  active: boolean;
  serviceType?: PolicyBody['serviceType'];
  customerKind?: PolicyBody['customerKind'];
  zone?: PolicyBody['zone'];
  faultLevel?: number | null;
  productLineId?: string | null;
  provinces?: string;
  note?: string | null;
  milestones: MilestoneSpec[];
}

function PolicyDrawer({ policy, onClose }: { policy: PolicySummary | null; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const onError = useApiError();
  const { message } = App.useApp();
  const [form] = Form.useForm<PolicyForm>();
  const [saving, setSaving] = useState(false);
  const calendars = useApiList('GET /api/sla/calendars', {}).data ?? [];
  const initial: PolicyForm = {
    code: policy?.code ?? '',
    name: policy?.name ?? '',
    effectiveFrom: null,
    active: policy?.active ?? true,
    serviceType: policy?.serviceType ?? null,
    customerKind: policy?.customerKind ?? null,
    zone: policy?.zone ?? null,
    faultLevel: policy?.faultLevel ?? null,
    productLineId: policy?.productLineId ?? null,
    provinces: policy?.provinceGroup?.join(', ') ?? '',
    note: policy?.note ?? '',
    milestones: policy?.milestones ?? [],
  };
  const submit = async (v: PolicyForm) => {
    setSaving(true);
    const provinces = (v.provinces ?? '')
      .split(/[,，\s]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const body = {
      name: v.name,
      effectiveFrom: v.effectiveFrom ? v.effectiveFrom.toISOString() : undefined,
      active: v.active,
      serviceType: v.serviceType ?? null,
      customerKind: v.customerKind ?? null,
      zone: v.zone ?? null,
      faultLevel: v.faultLevel ?? null,
      productLineId: v.productLineId?.trim() || null,
      provinceGroup: provinces.length ? provinces : null,
      note: v.note?.trim() || null,
      milestones: v.milestones,
    };
    try {
      const saved = policy
        ? await api.call('POST /api/sla/policies/:code/versions', {
            params: { code: policy.code },
            body: { ...body, basedOn: policy.latestVersion },
          })
        : (await api.call('POST /api/sla/policies', { body: { ...body, code: v.code } })).versions[0]!;
      message.success(t('sla.policy.saved', { version: saved.version }));
      await invalidateUrls(qc, POLICIES_URL);
      onClose();
    } catch (e) {
      onError(e, form);
    } finally {
      setSaving(false);
    }
  };
  const anyOption = { value: null as unknown as string, label: t('sla.policy.any') };
  return (
    <Drawer
      open
      size={760}
      title={policy ? `${t('sla.policy.edit')} · ${policy.code}` : t('sla.policy.new')}
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
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Flex gap={12} wrap>
          <Form.Item name="code" label={t('sla.policy.code')} rules={[{ required: true }]} style={{ width: 180 }}>
            <Input disabled={!!policy} maxLength={40} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('sla.policy.name')}
            rules={[{ required: true }]}
            style={{ flex: 1, minWidth: 200 }}
          >
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="effectiveFrom" label={t('sla.policy.effectiveFrom')}>
            <DatePicker showTime placeholder={t('sla.policy.effectiveNow')} />
          </Form.Item>
          <Form.Item name="active" label={t('sla.policy.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
        <Typography.Title level={5}>{t('sla.policy.match')}</Typography.Title>
        <Flex gap={12} wrap>
          <Form.Item name="serviceType" label={t('sla.policy.serviceType')} style={{ width: 160 }}>
            <Select
              options={[
                anyOption,
                ...SERVICE_TYPES.map((s) => ({ value: s, label: t(`sla.serviceType.${s}` as MessageKey) })),
              ]}
            />
          </Form.Item>
          <Form.Item name="customerKind" label={t('sla.policy.customerKind')} style={{ width: 140 }}>
            <Select
              options={[
                anyOption,
                ...CustomerKind.options.map((k) => ({
                  value: k,
                  label: t(`sla.customerKind.${k}` as MessageKey),
                })),
              ]}
            />
          </Form.Item>
          <Form.Item name="zone" label={t('sla.policy.zone')} style={{ width: 170 }}>
            <Select
              options={[anyOption, ...Zone.options.map((z) => ({ value: z, label: t(`sla.zone.${z}` as MessageKey) }))]}
            />
          </Form.Item>
          <Form.Item name="faultLevel" label={t('sla.policy.faultLevel')} style={{ width: 120 }}>
            <Select
              options={[anyOption, ...[1, 2, 3].map((n) => ({ value: n as unknown as string, label: String(n) }))]}
            />
          </Form.Item>
          <Form.Item
            name="provinces"
            label={t('sla.policy.provinceGroup')}
            extra={t('sla.policy.provinceHint')}
            style={{ width: 200 }}
          >
            <Input />
          </Form.Item>
          <Form.Item name="productLineId" label={t('sla.policy.productLineId')} style={{ width: 320 }}>
            <Input placeholder="uuid" />
          </Form.Item>
        </Flex>
        <Typography.Title level={5}>{t('sla.policy.milestones')}</Typography.Title>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((f) => (
                <Card key={f.key} size="small" styles={{ body: { paddingBottom: 0 } }}>
                  <Flex gap={8} wrap align="flex-start">
                    <Form.Item
                      name={[f.name, 'key']}
                      label={t('sla.milestone.key')}
                      rules={[{ required: true }]}
                      style={{ width: 150 }}
                    >
                      <Select options={KEYS.map((k) => ({ value: k, label: t(`sla.key.${k}` as MessageKey) }))} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'limitMinutes']}
                      label={t('sla.milestone.limit')}
                      rules={[{ required: true }]}
                      style={{ width: 120 }}
                    >
                      <InputNumber min={1} style={{ width: '100%' }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'calendar']}
                      label={t('sla.milestone.calendar')}
                      rules={[{ required: true }]}
                      style={{ width: 150 }}
                    >
                      <Select options={calendars.map((c) => ({ value: c.code, label: c.name }))} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'warnAtPercent']}
                      label={t('sla.milestone.warnAt')}
                      initialValue={75}
                      style={{ width: 90 }}
                    >
                      <InputNumber min={1} max={99} style={{ width: '100%' }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'responsibleLevel']}
                      label={t('sla.milestone.responsible')}
                      rules={[{ required: true }]}
                      style={{ width: 110 }}
                    >
                      <Select options={LEVELS.map((l) => ({ value: l, label: t(`sla.level.${l}` as MessageKey) }))} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'escalation']}
                      label={t('sla.milestone.escalation')}
                      initialValue={['handler']}
                      style={{ minWidth: 220, flex: 1 }}
                    >
                      <Select
                        mode="multiple"
                        options={ESCALATION.map((e) => ({ value: e, label: t(`sla.escalation.${e}` as MessageKey) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'pausedByParts']} valuePropName="checked" initialValue={false} label=" ">
                      <Checkbox>{t('sla.milestone.pausedByParts')}</Checkbox>
                    </Form.Item>
                    <Form.Item name={[f.name, 'useBookedWindow']} valuePropName="checked" label=" ">
                      <Checkbox>{t('sla.milestone.bookedWindow')}</Checkbox>
                    </Form.Item>
                    <Button
                      type="text"
                      danger
                      icon={<MinusCircleOutlined />}
                      aria-label={t('sla.overrides.remove')}
                      onClick={() => remove(f.name)}
                      style={{ marginTop: 30 }}
                    />
                  </Flex>
                </Card>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ warnAtPercent: 75, escalation: ['handler'], pausedByParts: false })}
              >
                {t('sla.policy.addMilestone')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Form.Item name="note" label={t('sla.policy.note')} style={{ marginTop: 16 }}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function HistoryDrawer({ code, onClose }: { code: string; onClose: () => void }) {
  const t = useT();
  const q = useApiQuery('GET /api/sla/policies/:code', { params: { code } });
  const now = dayjs();
  return (
    <Drawer open size={760} title={`${t('sla.policy.history')} · ${code}`} onClose={onClose}>
      <Timeline
        items={(q.data?.versions ?? []).map((v) => ({
          color: dayjs(v.effectiveFrom).isAfter(now) ? 'blue' : 'green',
          children: (
            <>
              <Descriptions
                size="small"
                column={2}
                title={`v${v.version} · ${v.name}`}
                items={[
                  { key: 'from', label: t('sla.policy.effectiveFrom'), children: formatDateTime(v.effectiveFrom) },
                  { key: 'match', label: t('sla.policy.match'), children: matchSummary(t, v) },
                  {
                    key: 'active',
                    label: t('sla.policy.active'),
                    children: v.active ? t('common.yes') : t('common.no'),
                  },
                  { key: 'note', label: t('sla.policy.note'), children: v.note ?? '' },
                ]}
              />
              <MilestonesTable milestones={v.milestones} />
            </>
          ),
        }))}
      />
    </Drawer>
  );
}
