import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Select,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  HANDOVER_TARGETS,
  type Handover,
  type ReconciliationRow,
} from '../../../server/modules/money/collection/contract.js';
import { localDay } from '../../../shared/time-zone.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime, getDisplayZone } from '../../lib/format.js';
import { useOrgUnits } from '../org/use-org-units.js';
import { TechnicianSelect } from '../work-orders/pickers.js';
import { fenToYuanInput, parseYuan } from './collect-rules.js';
import { CorrectModal } from './correct-modal.js';
import { useMoneyText } from './payment-section.js';

/*
 * Cash reconciliation (docs/money-collection-screens.md): cash collected and handed over per
 * technician and day with the cumulative open difference (red when not 0), the hand-over (交款)
 * dialog and corrections as new entries. Filters go to the server as its query; a bad one is
 * refused naming its field.
 */

const RECON_URL = '/api/cash-reconciliation';
const HANDOVERS_URL = '/api/handovers';
const DAY = 'YYYY-MM-DD';

interface Filters {
  from: string;
  to: string;
  outletId?: string;
  technicianId?: string;
  onlyOpen?: 'true';
}

function companyToday(): string {
  return localDay(new Date(), getDisplayZone());
}

export function CashReconciliationPage() {
  const { t } = useI18n();
  const me = useMe().data;
  const money = useMoneyText();
  const today = companyToday();
  const [filters, setFilters] = useState<Filters>({
    from: dayjs(today).subtract(6, 'day').format(DAY),
    to: today,
  });
  const q = useApiQuery('GET /api/cash-reconciliation', { query: filters }, { placeholderData: (prev) => prev });
  const { units } = useOrgUnits();
  const outlets = units
    .filter((u) => u.kind === 'outlet')
    .map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }));
  const [handover, setHandover] = useState<Partial<HandoverValues> | null>(null);
  // The period's hand-overs (and corrections) of the filtered outlet or technician: each can be corrected.
  const handovers = useApiQuery(
    'GET /api/handovers',
    { query: { from: filters.from, to: filters.to, outletId: filters.outletId, technicianId: filters.technicianId } },
    { placeholderData: (prev) => prev },
  );
  const recent = handovers.data?.items ?? [];
  const refresh = async () => {
    await invalidateUrls(qc, RECON_URL);
    await invalidateUrls(qc, HANDOVERS_URL);
  };
  const [correcting, setCorrecting] = useState<Handover | null>(null);
  const qc = useQueryClient();
  const collect = can(me, 'money.collect');

  const columns = [
    { title: t('recon.day'), dataIndex: 'day', key: 'day', width: 120 },
    {
      title: t('recon.technician'),
      key: 'technician',
      render: (_: unknown, r: ReconciliationRow) => r.technician.name,
    },
    { title: t('recon.outlet'), key: 'outlet', render: (_: unknown, r: ReconciliationRow) => r.outlet.name },
    {
      title: t('recon.collectedCash'),
      dataIndex: 'collectedCashFen',
      key: 'cash',
      align: 'right' as const,
      render: (fen: number) => money(fen),
    },
    {
      title: t('recon.handedOver'),
      dataIndex: 'handedOverFen',
      key: 'handed',
      align: 'right' as const,
      render: (fen: number) => money(fen),
    },
    {
      title: t('recon.difference'),
      dataIndex: 'differenceFen',
      key: 'difference',
      align: 'right' as const,
      render: (fen: number) => (
        <Typography.Text type={fen !== 0 ? 'danger' : undefined} strong={fen !== 0} data-testid="difference">
          {money(fen)}
        </Typography.Text>
      ),
    },
    ...(collect
      ? [
          {
            title: '',
            key: 'actions',
            width: 120,
            render: (_: unknown, r: ReconciliationRow) => (
              <Button
                size="small"
                onClick={() =>
                  setHandover({
                    technicianId: r.technician.id,
                    technicianName: r.technician.name,
                    amountFen: r.differenceFen > 0 ? fenToYuanInput(r.differenceFen) : undefined,
                    to: 'outlet',
                  })
                }
              >
                {t('recon.recordHandover')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('recon.title')}
        extra={
          collect ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setHandover({ to: 'outlet' })}>
              {t('recon.recordHandover')}
            </Button>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('recon.intro')}
      </Typography.Paragraph>
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <DatePicker.RangePicker
            aria-label={t('recon.days')}
            allowClear={false}
            value={[dayjs(filters.from), dayjs(filters.to)]}
            onChange={(v) => {
              const [a, b] = (v ?? []) as [Dayjs | null, Dayjs | null];
              if (a && b) setFilters((f) => ({ ...f, from: a.format(DAY), to: b.format(DAY) }));
            }}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('recon.outlet')}
            style={{ width: 220 }}
            value={filters.outletId}
            options={outlets}
            onChange={(v: string | undefined) => setFilters((f) => ({ ...f, outletId: v, technicianId: undefined }))}
          />
          <TechnicianSelect
            allowClear
            placeholder={t('recon.technician')}
            unitId={filters.outletId}
            style={{ width: 220 }}
            value={filters.technicianId}
            onChange={(v) => setFilters((f) => ({ ...f, technicianId: v }))}
          />
          <Checkbox
            checked={filters.onlyOpen === 'true'}
            onChange={(e) => setFilters((f) => ({ ...f, onlyOpen: e.target.checked ? 'true' : undefined }))}
          >
            {t('recon.onlyOpen')}
          </Checkbox>
        </Flex>
      </Card>
      {q.isError ? <Alert type="error" showIcon message={q.error.detail} /> : null}
      <Table<ReconciliationRow>
        rowKey={(r) => `${r.technician.id}-${r.day}`}
        size="small"
        loading={q.isFetching}
        columns={columns}
        dataSource={q.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('recon.empty') }}
        scroll={{ x: 760 }}
      />
      {recent.length ? (
        <Card size="small" title={t('recon.recent')}>
          <List
            size="small"
            dataSource={recent}
            renderItem={(h) => (
              <List.Item
                key={h.id}
                actions={[
                  <Button key="c" size="small" icon={<EditOutlined />} onClick={() => setCorrecting(h)}>
                    {t('recon.correctHandover')}
                  </Button>,
                ]}
              >
                {h.day} · {h.technician.name} · {money(h.amountFen)} · {t(`recon.to.${h.to}`)}
                {h.correctsId ? ` · ${t('collect.correction')}: ${h.reason ?? ''}` : ''} ·{' '}
                <Typography.Text type="secondary">{formatDateTime(h.receivedAt)}</Typography.Text>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
      {handover ? (
        <HandoverModal initial={handover} today={today} onClose={() => setHandover(null)} onDone={refresh} />
      ) : null}
      {correcting ? (
        <CorrectModal
          title={`${t('recon.correctHandover')}: ${correcting.technician.name} ${money(correcting.amountFen)}`}
          onClose={() => setCorrecting(null)}
          onSubmit={async (body) => {
            await api.call('POST /api/handovers/:id/correct', { params: { id: correcting.id }, body });
            await refresh();
          }}
        />
      ) : null}
    </Flex>
  );
}

interface HandoverValues {
  technicianId: string;
  /** Shown while the picker has not loaded the technician yet. */
  technicianName?: string;
  amountFen: string;
  to: (typeof HANDOVER_TARGETS)[number];
  day: Dayjs;
  note?: string;
}

/** 登记交款: the technician, the amount in yuan, to the outlet or HQ finance, the day and a note. */
function HandoverModal({
  initial,
  today,
  onClose,
  onDone,
}: {
  initial: Partial<HandoverValues>;
  today: string;
  onClose: () => void;
  onDone: (h: Handover) => Promise<void>;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const money = useMoneyText();
  const showError = useApiError();
  const [form] = Form.useForm<HandoverValues>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: HandoverValues) => {
    setBusy(true);
    try {
      const note = v.note?.trim();
      const h = await api.call('POST /api/handovers', {
        body: {
          technicianId: v.technicianId,
          amountFen: parseYuan(v.amountFen)!,
          to: v.to,
          day: v.day.format(DAY),
          ...(note ? { note } : {}),
        },
      });
      message.success(t('recon.handoverDone', { amount: money(h.amountFen) }));
      await onDone(h);
      onClose();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('recon.handoverTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form<HandoverValues>
        form={form}
        layout="vertical"
        name="handover"
        onFinish={submit}
        initialValues={{ ...initial, day: dayjs(today) }}
      >
        <Form.Item
          name="technicianId"
          label={t('recon.technician')}
          rules={[{ required: true, message: t('orders.form.required') }]}
        >
          <TechnicianSelect
            extra={
              initial.technicianId && initial.technicianName
                ? [{ value: initial.technicianId, label: initial.technicianName }]
                : []
            }
          />
        </Form.Item>
        <Form.Item
          name="amountFen"
          label={t('collect.amount')}
          rules={[
            {
              validator: async (_, value) => {
                const fen = parseYuan(value);
                if (fen === null) throw new Error(t('collect.amountInvalid'));
                if (fen <= 0) throw new Error(t('collect.amountPositive'));
              },
            },
          ]}
        >
          <Input inputMode="decimal" prefix="¥" autoComplete="off" />
        </Form.Item>
        <Form.Item name="to" label={t('recon.to')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={HANDOVER_TARGETS.map((x) => ({ value: x, label: t(`recon.to.${x}`) }))}
          />
        </Form.Item>
        <Form.Item name="day" label={t('recon.handoverDay')} rules={[{ required: true }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item name="note" label={t('recon.note')} rules={[{ max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
