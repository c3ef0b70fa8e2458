import { ArrowLeftOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import type { Rule } from 'antd/es/form/index.js';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { StatementDetail, StatementLine } from '../../../server/modules/money/statements/contract.js';
import { routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { recordLoadState } from '../../components/status-pages.js';
import { type Translate, useI18n, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { formatYuan } from '../warranty/warranty-rules.js';
import { companyToday, RespondBy, StatementStateTag } from './statement-parts.js';
import { fenToYuanText, parseYuan, statementActions } from './statement-rules.js';
import { useAddAdjustment, useDisputeLine, useResolveLine, useStatementStep } from './statements-api.js';

/*
 * One statement (docs/money-statements-screens.md): its head, the actions its state and the
 * reader's permissions allow, and its lines with their disputes. Amounts are typed in yuan and
 * sent in fen (parseYuan, never through a float); form fields are named as the API's, so a
 * refusal lands on its field.
 */

/** A form rule for a yuan amount typed as text. */
function yuanRule(t: Translate, allowZero: boolean): Rule {
  return {
    validator: async (_, value: string | undefined) => {
      const r = parseYuan(value, { allowZero });
      if (!r.ok) throw new Error(t(`stmt.yuan.${r.error}`));
    },
  };
}

function fenOf(text: string): number {
  const r = parseYuan(text);
  if (!r.ok) throw new Error(r.error);
  return r.fen;
}

export function Amount({ fen }: { fen: number }) {
  return <Typography.Text type={fen < 0 ? 'danger' : undefined}>{formatYuan(fen)}</Typography.Text>;
}

function DisputeDialog({
  statementId,
  line,
  onClose,
}: {
  statementId: string;
  line: StatementLine;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const dispute = useDisputeLine(statementId, form, onClose);
  return (
    <Modal
      open
      title={t('stmt.dispute.title', { seq: line.seq })}
      okText={t('stmt.dispute')}
      cancelText={t('common.cancel')}
      confirmLoading={dispute.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        name="dispute"
        layout="vertical"
        onFinish={(v) => dispute.mutate({ lineId: line.id, reason: v.reason.trim() })}
      >
        <Form.Item
          name="reason"
          label={t('stmt.dispute.reason')}
          rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ResolveValues {
  outcome: 'upheld' | 'rejected';
  correctedAmountFen?: string;
  note: string;
}

function ResolveDialog({
  statementId,
  line,
  onClose,
}: {
  statementId: string;
  line: StatementLine;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<ResolveValues>();
  const outcome = Form.useWatch('outcome', form);
  const resolve = useResolveLine(statementId, form, onClose);
  return (
    <Modal
      open
      title={t('stmt.resolve.title', { seq: line.seq })}
      okText={t('stmt.resolve')}
      cancelText={t('common.cancel')}
      confirmLoading={resolve.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {line.dispute ? (
        <Typography.Paragraph type="secondary">
          {t('stmt.dispute.raised', {
            by: line.dispute.raisedBy,
            at: formatDateTime(line.dispute.raisedAt),
            reason: line.dispute.reason,
          })}
        </Typography.Paragraph>
      ) : null}
      <Form<ResolveValues>
        form={form}
        name="resolve"
        layout="vertical"
        initialValues={{ outcome: 'upheld', correctedAmountFen: fenToYuanText(line.amountFen) }}
        onFinish={(v) =>
          resolve.mutate({
            lineId: line.id,
            outcome: v.outcome,
            note: v.note.trim(),
            ...(v.outcome === 'upheld' ? { correctedAmountFen: fenOf(v.correctedAmountFen ?? '') } : {}),
          })
        }
      >
        <Form.Item name="outcome" label={t('stmt.resolve.outcome')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'upheld', label: t('stmt.resolve.upheld') },
              { value: 'rejected', label: t('stmt.resolve.rejected') },
            ]}
          />
        </Form.Item>
        {outcome !== 'rejected' ? (
          <Form.Item
            name="correctedAmountFen"
            label={t('stmt.resolve.amount')}
            extra={t('stmt.resolve.amountHint', { amount: formatYuan(line.amountFen) })}
            rules={[yuanRule(t, true)]}
          >
            <Input inputMode="decimal" style={{ width: 200 }} />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={t('stmt.resolve.note')} rules={[{ required: true, whitespace: true, max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AdjustDialog({ statementId, onClose }: { statementId: string; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ amountFen: string; reason: string }>();
  const adjust = useAddAdjustment(statementId, form, onClose);
  return (
    <Modal
      open
      title={t('stmt.adjust.title')}
      okText={t('stmt.adjust')}
      cancelText={t('common.cancel')}
      confirmLoading={adjust.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('stmt.adjust.hint')}</Typography.Paragraph>
      <Form
        form={form}
        name="adjust"
        layout="vertical"
        onFinish={(v) => adjust.mutate({ amountFen: fenOf(v.amountFen), reason: v.reason.trim() })}
      >
        <Form.Item name="amountFen" label={t('stmt.adjust.amount')} rules={[yuanRule(t, false)]}>
          <Input inputMode="decimal" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('stmt.adjust.reason')}
          rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A line's dispute as the reader sees it: who raised it and why, and how it was decided. */
function DisputeText({ line }: { line: StatementLine }) {
  const t = useT();
  const d = line.dispute;
  if (!d) return null;
  return (
    <Space direction="vertical" size={0}>
      <span>
        <Tag color={d.state === 'open' ? 'red' : d.state === 'upheld' ? 'green' : 'default'}>
          {t(`stmt.dispute.state.${d.state}`)}
        </Tag>
        <Typography.Text type="secondary">
          {t('stmt.dispute.raised', { by: d.raisedBy, at: formatDateTime(d.raisedAt), reason: d.reason })}
        </Typography.Text>
      </span>
      {d.resolvedAt ? (
        <Typography.Text type="secondary">
          {t('stmt.dispute.resolved', {
            by: d.resolvedBy ?? '',
            at: formatDateTime(d.resolvedAt),
            note: d.resolution ?? '',
          })}
          {d.correctedAmountFen !== null
            ? ` · ${t('stmt.dispute.corrected', { amount: formatYuan(d.correctedAmountFen) })}`
            : ''}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

type Dialog = { kind: 'dispute' | 'resolve'; line: StatementLine } | { kind: 'adjust' } | null;

function StatementActions({ s, onAdjust }: { s: StatementDetail; onAdjust: () => void }) {
  const t = useT();
  const { modal } = App.useApp();
  const me = useMe().data;
  const actions = statementActions(s, me?.permissions ?? [], companyToday());
  const recompute = useStatementStep(s.id, 'recompute');
  const send = useStatementStep(s.id, 'send');
  const accept = useStatementStep(s.id, 'accept');
  const lock = useStatementStep(s.id, 'lock');
  const confirm = (title: string, content: string, run: () => Promise<unknown>) =>
    modal.confirm({
      title,
      content,
      okText: title,
      cancelText: t('common.cancel'),
      // A refusal is shown by the mutation; the dialog closes either way.
      onOk: () => run().catch(() => undefined),
    });
  return (
    <Space wrap>
      <Link to="/statements">
        <Button icon={<ArrowLeftOutlined />}>{t('stmt.back')}</Button>
      </Link>
      {actions.recompute ? (
        <Button loading={recompute.isPending} onClick={() => recompute.mutate()}>
          {t('stmt.recompute')}
        </Button>
      ) : null}
      {(['send', 'accept', 'lock'] as const).map((k) => {
        // Each of these commands is confirmed first: it hands the statement on and cannot be undone.
        const m = { send, accept, lock }[k];
        return actions[k] ? (
          <Button
            key={k}
            type="primary"
            loading={m.isPending}
            onClick={() => confirm(t(`stmt.${k}`), t(`stmt.${k}.confirm`), () => m.mutateAsync())}
          >
            {t(`stmt.${k}`)}
          </Button>
        ) : null;
      })}
      {actions.adjust ? <Button onClick={onAdjust}>{t('stmt.adjust')}</Button> : null}
      <Link to={`/statements/${s.id}/print`}>
        <Button icon={<PrinterOutlined />}>{t('stmt.print')}</Button>
      </Link>
      <Button
        icon={<DownloadOutlined />}
        href={routeUrl('GET /api/statements/:id/export.xlsx', { params: { id: s.id } })}
      >
        {t('stmt.export')}
      </Button>
    </Space>
  );
}

export function StatementPage() {
  const { id = '' } = useParams();
  const { t, pick } = useI18n();
  const me = useMe().data;
  const q = useApiQuery('GET /api/statements/:id', { params: { id } });
  const [dialog, setDialog] = useState<Dialog>(null);
  const gate = recordLoadState(q, { text: t('stmt.notFound'), back: { to: '/statements', label: t('stmt.back') } });
  if (gate || !q.data) return gate;
  const s = q.data;
  const today = companyToday();
  const actions = statementActions(s, me?.permissions ?? [], today);
  const close = () => setDialog(null);
  return (
    <>
      <PageHeader
        title={`${t('stmt.title')} ${s.code}`}
        extra={<StatementActions s={s} onAdjust={() => setDialog({ kind: 'adjust' })} />}
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('stmt.unit')}>
            {s.unitCode} {s.unitName} ({t(`stmt.kind.${s.kind}`)})
          </Descriptions.Item>
          <Descriptions.Item label={t('stmt.month')}>{s.month}</Descriptions.Item>
          <Descriptions.Item label={t('stmt.state')}>
            <StatementStateTag state={s.state} />
          </Descriptions.Item>
          <Descriptions.Item label={t('stmt.total')}>
            <Typography.Text strong data-testid="statement-total">
              <Amount fen={s.totalFen} />
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('stmt.orders')}>{s.orderCount}</Descriptions.Item>
          {s.satisfaction ? (
            <Descriptions.Item label={t('stmt.satisfaction')}>
              <span data-testid="statement-satisfaction">
                {s.satisfaction.percent === null
                  ? t('stmt.satisfactionNone')
                  : t('stmt.satisfactionValue', {
                      percent: s.satisfaction.percent.toFixed(2),
                      n: s.satisfaction.callbacks,
                    })}
              </span>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('stmt.disputesOpen')}>{s.disputedCount}</Descriptions.Item>
          <Descriptions.Item label={t('stmt.respondBy')}>
            <RespondBy statement={s} today={today} />
          </Descriptions.Item>
          <Descriptions.Item label={t('stmt.draftedAt')}>{formatDateTime(s.draftedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('stmt.sentAt')}>{formatDateTime(s.sentAt)}</Descriptions.Item>
          <Descriptions.Item label={t('stmt.acceptedAt')}>{formatDateTime(s.acceptedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('stmt.lockedAt')}>{formatDateTime(s.lockedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card>
        <Table<StatementLine>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={s.lines}
          scroll={{ x: 960 }}
          columns={[
            { key: 'seq', title: t('stmt.line.seq'), dataIndex: 'seq', width: 64 },
            { key: 'kind', title: t('stmt.line.kind'), width: 130, render: (_, l) => t(`stmt.line.kind.${l.kind}`) },
            {
              key: 'order',
              title: t('stmt.line.order'),
              width: 190,
              render: (_, l) =>
                l.orderId ? (
                  <Link to={`/orders/${l.orderId}`}>{l.orderCode}</Link>
                ) : l.complaint ? (
                  <Link to={`/complaints/${l.complaint.id}`}>{l.complaint.code}</Link>
                ) : (
                  (l.orderCode ?? '')
                ),
            },
            {
              key: 'amount',
              title: t('stmt.line.amount'),
              align: 'right',
              width: 120,
              render: (_, l) => <Amount fen={l.amountFen} />,
            },
            {
              key: 'explanation',
              title: t('stmt.line.explanation'),
              render: (_, l) => pick(l.explanation),
            },
            {
              key: 'dispute',
              title: t('stmt.line.dispute'),
              width: 320,
              render: (_, l) => (
                <Space direction="vertical" size={4}>
                  <DisputeText line={l} />
                  {actions.dispute && !l.dispute && l.kind !== 'dispute_correction' ? (
                    <Button size="small" onClick={() => setDialog({ kind: 'dispute', line: l })}>
                      {t('stmt.dispute')}
                    </Button>
                  ) : null}
                  {actions.resolve && l.dispute?.state === 'open' ? (
                    <Button size="small" type="primary" onClick={() => setDialog({ kind: 'resolve', line: l })}>
                      {t('stmt.resolve')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
          summary={(lines) => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={3}>
                <Typography.Text strong>{t('stmt.totalRow')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                <Typography.Text strong data-testid="lines-total">
                  <Amount fen={lines.reduce((sum, l) => sum + l.amountFen, 0)} />
                </Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} colSpan={2} />
            </Table.Summary.Row>
          )}
        />
      </Card>
      {dialog?.kind === 'dispute' ? <DisputeDialog statementId={s.id} line={dialog.line} onClose={close} /> : null}
      {dialog?.kind === 'resolve' ? <ResolveDialog statementId={s.id} line={dialog.line} onClose={close} /> : null}
      {dialog?.kind === 'adjust' ? <AdjustDialog statementId={s.id} onClose={close} /> : null}
    </>
  );
}
