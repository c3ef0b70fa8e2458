import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  type CampaignDetail,
  type ProgressLevel,
  type ProgressRow,
  RECALL_UNIT_STATES,
  type RecallUnitItem,
  type RecallUnitState,
} from '../../../server/modules/recalls/contract.js';
import { api, routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { ReasonModal } from '../../components/reason-modal.js';
import { recordLoadState } from '../../components/status-pages.js';
import { TimelineText } from '../../components/timeline-text.js';
import { useI18n, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { CampaignStateTag, CountsBar, criteriaText, UnitStateTag } from './recall-parts.js';
import { CampaignFormModal } from './recall-form.js';
import { useCampaign, useRecallCommand } from './recalls-api.js';

/*
 * One recall campaign (docs/recalls.md): its definition and the SMS its customers receive, the
 * commands the server allows now (edit and start a draft; send the SMS and close an active one),
 * the progress per province or serving outlet, and the affected units with their own commands
 * (record a booking — which creates the recall order, linked —, unreachable, declined) and the
 * XLSX of the list as filtered. Every refusal is shown (useRecallCommand).
 */

const PAGE_SIZE = 50;

function CampaignCommands({ c, onEdit }: { c: CampaignDetail; onEdit: () => void }) {
  const t = useT();
  const { modal } = App.useApp();
  const [closing, setClosing] = useState(false);
  const params = { id: c.id };
  const activate = useRecallCommand(
    () => api.call('POST /api/recalls/:id/activate', { params, body: { version: c.version } }),
    { success: (r) => t('rc.act.activated', { n: r.counts.total }) },
  );
  const outreach = useRecallCommand(() => api.call('POST /api/recalls/:id/outreach', { params, body: {} }), {
    success: (r) => t('rc.act.outreachDone', r),
  });
  const close = useRecallCommand(
    (reason: string | undefined) =>
      api.call('POST /api/recalls/:id/close', { params, body: { version: c.version, reason } }),
    { success: () => t('rc.act.closed'), onDone: () => setClosing(false) },
  );
  return (
    <Space wrap>
      {c.actions.includes('edit') ? <Button onClick={onEdit}>{t('rc.act.edit')}</Button> : null}
      {c.actions.includes('activate') ? (
        <Button
          type="primary"
          loading={activate.isPending}
          onClick={() =>
            modal.confirm({
              title: t('rc.act.activate'),
              content: t('rc.act.activateConfirm'),
              onOk: () => activate.mutateAsync(undefined).catch(() => {}),
            })
          }
        >
          {t('rc.act.activate')}
        </Button>
      ) : null}
      {c.actions.includes('outreach') ? (
        <Button
          type="primary"
          loading={outreach.isPending}
          onClick={() =>
            modal.confirm({
              title: t('rc.act.outreach'),
              content: t('rc.act.outreachConfirm'),
              onOk: () => outreach.mutateAsync(undefined).catch(() => {}),
            })
          }
        >
          {t('rc.act.outreach')}
        </Button>
      ) : null}
      {c.actions.includes('close') ? (
        <Button danger onClick={() => setClosing(true)}>
          {t('rc.act.close')}
        </Button>
      ) : null}
      {closing ? (
        <ReasonModal
          title={t('rc.act.close')}
          okText={t('rc.act.close')}
          danger
          busy={close.isPending}
          onConfirm={(reason) => close.mutate(reason)}
          onClose={() => setClosing(false)}
        />
      ) : null}
    </Space>
  );
}

/** The progress per province or serving outlet; a row with a key filters the units below to it. */
function ProgressTable({ id }: { id: string }) {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const [by, setBy] = useState<ProgressLevel>('province');
  const pickRow = (r: ProgressRow) => {
    if (r.key === null) return;
    const next = new URLSearchParams(params);
    next.delete('provinceCode');
    next.delete('outletId');
    next.delete('page');
    next.set(by === 'province' ? 'provinceCode' : 'outletId', r.key);
    setParams(next, { replace: true });
  };
  const q = useApiQuery('GET /api/recalls/:id/progress', { params: { id }, query: { by } });
  const name = (r: ProgressRow) =>
    r.name ?? (r.key === null ? t(by === 'province' ? 'rc.detail.noProvince' : 'rc.detail.noOutlet') : r.key);
  return (
    <Card title={t('rc.detail.progress')} style={{ marginBottom: 16 }}>
      <Tabs
        activeKey={by}
        onChange={(k) => setBy(k as ProgressLevel)}
        items={[
          { key: 'province', label: t('rc.detail.byProvince') },
          { key: 'outlet', label: t('rc.detail.byOutlet') },
        ]}
      />
      <Table<ProgressRow>
        rowKey={(r) => r.key ?? '-'}
        size="small"
        loading={q.isFetching && !q.data}
        dataSource={q.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="recall-progress"
        onRow={(r) => (r.key === null ? {} : { onClick: () => pickRow(r), style: { cursor: 'pointer' } })}
        columns={[
          {
            key: 'name',
            title: t(by === 'province' ? 'rc.detail.province' : 'rc.detail.outlet'),
            render: (_, r) => name(r),
          },
          { key: 'total', title: t('rc.total'), align: 'right', dataIndex: 'total' },
          ...RECALL_UNIT_STATES.map((s) => ({
            key: s,
            title: t(`rc.unit.${s}`),
            align: 'right' as const,
            dataIndex: s,
          })),
        ]}
        summary={() =>
          q.data && q.data.items.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t('rc.detail.sum')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {q.data.sum.total}
              </Table.Summary.Cell>
              {RECALL_UNIT_STATES.map((s, i) => (
                <Table.Summary.Cell key={s} index={i + 2} align="right">
                  {q.data!.sum[s]}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          ) : null
        }
      />
    </Card>
  );
}

type UnitCommand = 'book' | 'unreachable' | 'decline';

function UnitCommandModal({
  unit,
  command,
  onClose,
}: {
  unit: RecallUnitItem;
  command: UnitCommand;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ note?: string; reason?: string }>();
  const params = { id: unit.id };
  const run = useRecallCommand(
    (v: { note?: string; reason?: string }) =>
      command === 'book'
        ? api.call('POST /api/recall-units/:id/book', {
            params,
            body: { version: unit.version, note: v.note?.trim() || undefined },
          })
        : api.call(
            command === 'unreachable' ? 'POST /api/recall-units/:id/unreachable' : 'POST /api/recall-units/:id/decline',
            {
              params,
              body: { version: unit.version, reason: (v.reason ?? '').trim() },
            },
          ),
    {
      form,
      onDone: onClose,
      success: (r) => (command === 'book' ? t('rc.act.booked', { code: r.orderCode ?? '' }) : t('rc.act.marked')),
    },
  );
  const title =
    command === 'book'
      ? t('rc.act.bookTitle', { serial: unit.serialNo })
      : command === 'unreachable'
        ? t('rc.act.unreachableTitle', { serial: unit.serialNo })
        : t('rc.act.declineTitle', { serial: unit.serialNo });
  return (
    <Modal
      open
      title={title}
      okText={t(
        command === 'book' ? 'rc.act.book' : command === 'unreachable' ? 'rc.act.unreachable' : 'rc.act.decline',
      )}
      cancelText={t('common.cancel')}
      confirmLoading={run.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {unit.customerName} · {unit.modelName} · {unit.phone ?? ''}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name="recall-unit" onFinish={(v) => run.mutate(v)}>
        {command === 'book' ? (
          <Form.Item name="note" label={t('rc.act.bookNote')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        ) : (
          <Form.Item name="reason" label={t('rc.act.reason')} rules={[{ required: true, min: 2, max: 500 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function UnitsTable({ c }: { c: CampaignDetail }) {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const state = (params.get('state') ?? undefined) as RecallUnitState | undefined;
  const q = params.get('q') ?? undefined;
  const provinceCode = params.get('provinceCode') ?? undefined;
  const outletId = params.get('outletId') ?? undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const [text, setText] = useState(q ?? '');
  const [working, setWorking] = useState<{ unit: RecallUnitItem; command: UnitCommand } | null>(null);
  const list = useApiQuery(
    'GET /api/recalls/:id/units',
    { params: { id: c.id }, query: { state, q, provinceCode, outletId, page, pageSize: PAGE_SIZE } },
    { placeholderData: (prev) => prev },
  );
  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: key !== 'page' });
  };
  return (
    <Card
      title={t('rc.detail.units')}
      style={{ marginBottom: 16 }}
      extra={
        <Button
          icon={<DownloadOutlined />}
          href={routeUrl('GET /api/recalls/:id/units.xlsx', {
            params: { id: c.id },
            query: { state, q, provinceCode, outletId },
          })}
        >
          {t('rc.detail.export')}
        </Button>
      }
    >
      <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('rc.allStates')}
          aria-label={t('rc.col.state')}
          value={state}
          onChange={(v: string | undefined) => setFilter('state', v)}
          options={RECALL_UNIT_STATES.map((s) => ({ value: s, label: t(`rc.unit.${s}`) }))}
        />
        <Input.Search
          allowClear
          style={{ width: 280 }}
          placeholder={t('rc.unitSearch')}
          aria-label={t('common.search')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => setFilter('q', v.trim() || undefined)}
        />
        {provinceCode || outletId ? (
          <Tag closable onClose={() => setFilter(provinceCode ? 'provinceCode' : 'outletId', undefined)}>
            {provinceCode
              ? `${t('rc.col.province')}: ${list.data?.items[0]?.provinceName ?? provinceCode}`
              : `${t('rc.col.outlet')}: ${list.data?.items[0]?.outletName ?? ''}`}
          </Tag>
        ) : null}
      </Flex>
      <Table<RecallUnitItem>
        rowKey="id"
        size="middle"
        loading={list.isFetching && !list.data}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('rc.unitsEmpty') }}
        data-testid="recall-units"
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('rc.unitsCount', { total }),
          onChange: (p) => setFilter('page', p > 1 ? String(p) : undefined),
        }}
        columns={[
          {
            key: 'serial',
            title: t('rc.col.serial'),
            render: (_, u) => (
              <Flex vertical gap={0}>
                <Link to={`/units/${u.unitId}`}>{u.serialNo}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {u.modelName}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            key: 'customer',
            title: t('rc.col.customer'),
            render: (_, u) => (
              <Flex vertical gap={0}>
                <span>{u.customerName}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {u.phone ?? t('rc.none')}
                  {u.consent ? '' : ` · ${t('rc.noConsent')}`}
                </Typography.Text>
              </Flex>
            ),
          },
          { key: 'province', title: t('rc.col.province'), render: (_, u) => u.provinceName ?? t('rc.none') },
          { key: 'outlet', title: t('rc.col.outlet'), render: (_, u) => u.outletName ?? t('rc.none') },
          {
            key: 'state',
            title: t('rc.col.state'),
            render: (_, u) => (
              <Flex vertical gap={0} align="flex-start">
                <UnitStateTag state={u.state} />
                {u.reason ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {u.reason}
                  </Typography.Text>
                ) : null}
              </Flex>
            ),
          },
          {
            key: 'order',
            title: t('rc.col.order'),
            render: (_, u) => (u.orderId ? <Link to={`/orders/${u.orderId}`}>{u.orderCode}</Link> : t('rc.none')),
          },
          { key: 'added', title: t('rc.col.added'), render: (_, u) => t(`rc.added.${u.addedBy}`) },
          {
            key: 'actions',
            title: t('rc.col.actions'),
            render: (_, u) => (
              <Space size={4} wrap>
                {u.actions.includes('book') ? (
                  <Button size="small" type="primary" onClick={() => setWorking({ unit: u, command: 'book' })}>
                    {t('rc.act.book')}
                  </Button>
                ) : null}
                {u.actions.includes('unreachable') ? (
                  <Button size="small" onClick={() => setWorking({ unit: u, command: 'unreachable' })}>
                    {t('rc.act.unreachable')}
                  </Button>
                ) : null}
                {u.actions.includes('decline') ? (
                  <Button size="small" onClick={() => setWorking({ unit: u, command: 'decline' })}>
                    {t('rc.act.decline')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {working ? <UnitCommandModal {...working} onClose={() => setWorking(null)} /> : null}
    </Card>
  );
}

export function RecallPage() {
  const { t, pick } = useI18n();
  const { id = '' } = useParams();
  const q = useCampaign(id);
  const [editing, setEditing] = useState(false);
  const state = recordLoadState(q, { text: t('rc.notFound'), back: { to: '/recalls', label: t('rc.back') } });
  if (state || !q.data) return state;
  const c = q.data;
  const effective = c.effectiveUntil
    ? t('rc.detail.effectiveRange', { from: c.effectiveFrom, to: c.effectiveUntil })
    : t('rc.detail.effectiveOpen', { from: c.effectiveFrom });
  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <Link to="/recalls" aria-label={t('rc.back')}>
              <ArrowLeftOutlined />
            </Link>
            {t('rc.detail.title', { code: c.code })}
            <CampaignStateTag state={c.state} />
          </Space>
        }
        extra={<CampaignCommands c={c} onEdit={() => setEditing(true)} />}
      />
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card title={pick(c.title)} style={{ marginBottom: 16 }} extra={<CountsBar counts={c.counts} />}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('rc.detail.reason')}>{c.reason}</Descriptions.Item>
              <Descriptions.Item label={t('rc.models')}>
                {c.models.map((m) => `${m.code} · ${m.name}`).join('；')}
              </Descriptions.Item>
              <Descriptions.Item label={t('rc.criteria')}>{criteriaText(t, c).join('；')}</Descriptions.Item>
              <Descriptions.Item label={t('rc.detail.effective')}>{effective}</Descriptions.Item>
              {c.activatedAt ? (
                <Descriptions.Item label={t('rc.detail.activatedAt')}>
                  {formatDateTime(c.activatedAt)}
                </Descriptions.Item>
              ) : null}
              {c.closedAt ? (
                <Descriptions.Item label={t('rc.detail.closedAt')}>{formatDateTime(c.closedAt)}</Descriptions.Item>
              ) : null}
              {c.closeReason ? (
                <Descriptions.Item label={t('rc.detail.closeReason')}>{c.closeReason}</Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('rc.detail.sms')}>
                <Typography.Text type="secondary">{c.smsPreview}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            {c.hotline ? null : <Alert type="warning" showIcon title={t('rc.detail.noHotline')} />}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('rc.detail.timeline')} style={{ marginBottom: 16 }}>
            <Timeline
              items={c.timeline.map((e) => ({
                key: `${e.at}-${e.kind}`,
                content: <TimelineText at={e.at} actor={e.actor} text={pick(e.text)} />,
              }))}
            />
          </Card>
        </Col>
      </Row>
      {c.state === 'draft' ? null : (
        <>
          <ProgressTable id={c.id} />
          <UnitsTable c={c} />
        </>
      )}
      {editing ? (
        <CampaignFormModal
          campaign={c}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
          }}
        />
      ) : null}
    </>
  );
}
