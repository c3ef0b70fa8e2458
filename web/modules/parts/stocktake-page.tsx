import {
  ArrowLeftOutlined,
  DownloadOutlined,
  PlusOutlined,
  PrinterOutlined,
  UploadOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Spin,
  Table,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { StocktakeLine } from '../../../server/modules/parts/stocktakes/contract.js';
import { routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { formatYuan } from '../warranty/warranty-rules.js';
import { PartPick } from './part-pick.js';
import { GRADES } from './parts-api.js';
import {
  type StepAction,
  type StocktakeDetail,
  useAddLine,
  useEnterCounts,
  useStep,
  useUploadSheet,
} from './stocktake-api.js';
import { StocktakeStatusTag } from './stocktakes-page.js';

/** A count typed on screen and not saved yet: a quantity, or the serials found as text. */
type Draft = { qty?: number | null; serials?: string };

const splitSerials = (text: string) => text.split(/[\s,，;；]+/).filter(Boolean);

/**
 * One stocktake: its lines with book, count and variance (and value at cost); the keeper counts
 * inline or through the XLSX count sheet and submits; the approver posts or rejects. Only the
 * actions the server offers (`actions`) are shown.
 */
export function StocktakePage() {
  const { id = '' } = useParams();
  const t = useT();
  const q = useApiQuery('GET /api/parts/stocktakes/:id', { params: { id } });
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [adding, setAdding] = useState(false);
  const [deciding, setDeciding] = useState<'approve' | 'reject' | null>(null);
  const counts = useEnterCounts(id);
  const upload = useUploadSheet(id);
  const step = useStep(id);
  if (q.isPending)
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  if (q.isError) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const s = q.data;
  const may = (a: StocktakeDetail['actions'][number]) => s.actions.includes(a);
  const counting = may('count');
  const dirty = Object.keys(drafts);
  const save = () =>
    counts.mutate(
      {
        version: s.version,
        lines: dirty.map((lineId) => {
          const d = drafts[lineId]!;
          return d.serials !== undefined
            ? { lineId, serials: splitSerials(d.serials) }
            : { lineId, countedQty: d.qty ?? null };
        }),
      },
      { onSuccess: () => setDrafts({}) },
    );
  const run = (action: StepAction, text?: string) =>
    step.mutate({ action, ...(text ? { text } : {}) }, { onSuccess: () => setDeciding(null) });
  const moved = s.lines.filter((l) => l.bookMoved).length;

  return (
    <>
      <PageHeader
        title={`${t('stocktake.code')} ${s.code}`}
        extra={
          <Space wrap>
            <Link to="/parts/stocktakes">
              <Button icon={<ArrowLeftOutlined />}>{t('stocktake.title')}</Button>
            </Link>
            <Link to={`/parts/stocktakes/${id}/sheet`}>
              <Button icon={<PrinterOutlined />}>{t('stocktake.print')}</Button>
            </Link>
            <Button
              icon={<DownloadOutlined />}
              href={routeUrl('GET /api/parts/stocktakes/:id/sheet.xlsx', { params: { id } })}
            >
              {t('stocktake.downloadSheet')}
            </Button>
            {counting && (
              <Upload
                accept=".xlsx"
                showUploadList={false}
                beforeUpload={(file) => {
                  upload.mutate(file, { onSuccess: () => setDrafts({}) });
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} loading={upload.isPending}>
                  {t('stocktake.uploadSheet')}
                </Button>
              </Upload>
            )}
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('stocktake.status')}>
            <StocktakeStatusTag status={s.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('stocktake.depot')}>
            {s.depotCode} · {s.depotName}
          </Descriptions.Item>
          <Descriptions.Item label={t('stocktake.blind')}>
            {s.blind ? t('common.yes') : t('common.no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('stocktake.openedAt')}>
            {formatDateTime(s.openedAt)} · {s.openedByName ?? ''}
          </Descriptions.Item>
          {s.submittedAt && (
            <Descriptions.Item label={t('stocktake.submittedAt')}>
              {formatDateTime(s.submittedAt)} · {s.submittedByName ?? ''}
            </Descriptions.Item>
          )}
          {s.decidedAt && (
            <Descriptions.Item label={t('stocktake.decidedAt')}>
              {formatDateTime(s.decidedAt)} · {s.decidedByName ?? ''}
            </Descriptions.Item>
          )}
          {s.note && <Descriptions.Item label={t('stocktake.note')}>{s.note}</Descriptions.Item>}
          {s.decisionNote && (
            <Descriptions.Item label={t('stocktake.decisionNote')}>{s.decisionNote}</Descriptions.Item>
          )}
        </Descriptions>
        {s.bookHidden && <Alert type="info" showIcon style={{ marginTop: 12 }} message={t('stocktake.bookHidden')} />}
        {moved > 0 && <Alert type="warning" showIcon style={{ marginTop: 12 }} message={t('stocktake.bookMoved')} />}
        <Space wrap style={{ marginTop: 16 }}>
          {counting && (
            <Button type="primary" disabled={!dirty.length} loading={counts.isPending} onClick={save}>
              {t('stocktake.saveCounts')}
            </Button>
          )}
          {dirty.length > 0 && (
            <Typography.Text type="warning">{t('stocktake.unsaved', { n: dirty.length })}</Typography.Text>
          )}
          {may('addLine') && (
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('stocktake.addLine')}
            </Button>
          )}
          {may('submit') && (
            <Popconfirm
              title={t('stocktake.confirmSubmit')}
              onConfirm={() => run('submit')}
              disabled={dirty.length > 0}
            >
              <Button type="primary" disabled={dirty.length > 0} loading={step.isPending}>
                {t('stocktake.action.submit')}
              </Button>
            </Popconfirm>
          )}
          {may('recount') && moved > 0 && (
            <Button loading={step.isPending} onClick={() => run('recount')}>
              {t('stocktake.action.recount')}
            </Button>
          )}
          {may('approve') && (
            <Button type="primary" onClick={() => setDeciding('approve')}>
              {t('stocktake.action.approve')}
            </Button>
          )}
          {may('reject') && (
            <Button danger onClick={() => setDeciding('reject')}>
              {t('stocktake.action.reject')}
            </Button>
          )}
          {may('cancel') && (
            <Popconfirm title={t('stocktake.confirmCancel')} onConfirm={() => run('cancel')}>
              <Button danger type="text" loading={step.isPending}>
                {t('stocktake.action.cancel')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </Card>
      <Card
        title={`${t('stocktake.lines')}: ${s.lines.length} · ${t('stocktake.counted')}: ${s.countedCount}`}
        extra={s.bookHidden ? null : t('stocktake.totalValue', { value: formatYuan(s.varianceValueFen) })}
      >
        <Table<StocktakeLine>
          rowKey="id"
          size="small"
          dataSource={s.lines}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              key: 'part',
              title: t('parts.part'),
              render: (_, l) => (
                <Space size={4}>
                  {l.bookMoved && (
                    <Tooltip title={t('stocktake.bookMoved')}>
                      <WarningOutlined style={{ color: '#faad14' }} />
                    </Tooltip>
                  )}
                  <span>
                    {l.partCode} · {l.partName}
                  </span>
                </Space>
              ),
            },
            { key: 'grade', title: t('parts.grade'), render: (_, l) => t(`parts.grade.${l.grade}`) },
            ...(s.bookHidden
              ? []
              : [{ key: 'book', title: t('stocktake.book'), render: (_: unknown, l: StocktakeLine) => l.bookQty }]),
            {
              key: 'counted',
              title: t('stocktake.countedQty'),
              render: (_, l) => (
                <CountCell
                  line={l}
                  editable={counting}
                  draft={drafts[l.id]}
                  onChange={(d) => setDrafts((x) => ({ ...x, [l.id]: d }))}
                />
              ),
            },
            ...(s.bookHidden
              ? []
              : [
                  {
                    key: 'variance',
                    title: t('stocktake.variance'),
                    render: (_: unknown, l: StocktakeLine) => (
                      <Space direction="vertical" size={0}>
                        {l.variance !== null && (
                          <Typography.Text type={l.variance < 0 ? 'danger' : l.variance > 0 ? 'success' : undefined}>
                            {l.variance > 0 ? `+${l.variance}` : l.variance}
                          </Typography.Text>
                        )}
                        {l.missingSerials.length > 0 && (
                          <Typography.Text type="danger" style={{ fontSize: 12 }}>
                            {t('stocktake.missingSerials', { serials: l.missingSerials.join(', ') })}
                          </Typography.Text>
                        )}
                        {l.extraSerials.length > 0 && (
                          <Typography.Text type="success" style={{ fontSize: 12 }}>
                            {t('stocktake.extraSerials', { serials: l.extraSerials.join(', ') })}
                          </Typography.Text>
                        )}
                      </Space>
                    ),
                  },
                  {
                    key: 'cost',
                    title: t('stocktake.unitCost'),
                    render: (_: unknown, l: StocktakeLine) => formatYuan(l.unitCostFen),
                  },
                  {
                    key: 'value',
                    title: t('stocktake.varianceValue'),
                    render: (_: unknown, l: StocktakeLine) => formatYuan(l.varianceValueFen),
                  },
                ]),
            {
              key: 'countedBy',
              title: t('parts.actor'),
              render: (_, l) => (l.countedAt ? `${l.countedByName ?? ''} ${formatDateTime(l.countedAt)}` : ''),
            },
          ]}
        />
      </Card>
      {adding && <AddLineModal id={id} onClose={() => setAdding(false)} />}
      {deciding && (
        <DecideModal
          action={deciding}
          loading={step.isPending}
          onOk={(text) => run(deciding, text)}
          onClose={() => setDeciding(null)}
        />
      )}
    </>
  );
}

/** A line's count: shown, or typed while counting (serials for serial-tracked parts). */
function CountCell({
  line,
  editable,
  draft,
  onChange,
}: {
  line: StocktakeLine;
  editable: boolean;
  draft: Draft | undefined;
  onChange: (d: Draft) => void;
}) {
  const t = useT();
  if (!editable)
    return (
      <Space direction="vertical" size={0}>
        <span>{line.countedQty ?? '—'}</span>
        {line.serialTracked && line.countedSerials?.length ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {line.countedSerials.join(', ')}
          </Typography.Text>
        ) : null}
      </Space>
    );
  if (line.serialTracked)
    return (
      <Tooltip title={t('stocktake.serialsHint')}>
        <Input.TextArea
          aria-label={`${t('stocktake.serials')} ${line.partCode}`}
          autoSize={{ minRows: 1, maxRows: 4 }}
          style={{ width: 260 }}
          placeholder={t('stocktake.serials')}
          value={draft?.serials ?? (line.countedSerials ?? []).join(', ')}
          onChange={(e) => onChange({ serials: e.target.value })}
        />
      </Tooltip>
    );
  return (
    <InputNumber
      aria-label={`${t('stocktake.countedQty')} ${line.partCode}`}
      min={0}
      precision={0}
      style={{ width: 110 }}
      value={draft ? draft.qty : line.countedQty}
      onChange={(v) => onChange({ qty: v ?? null })}
    />
  );
}

function AddLineModal({ id, onClose }: { id: string; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ partId: string; grade: (typeof GRADES)[number] }>();
  const add = useAddLine(id);
  return (
    <Modal
      open
      title={t('stocktake.addLineTitle')}
      confirmLoading={add.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ grade: 'good' }}
        onFinish={(v) => add.mutate(v, { onSuccess: onClose })}
      >
        <Form.Item name="partId" label={t('parts.part')} rules={[{ required: true }]}>
          <PartPick />
        </Form.Item>
        <Form.Item name="grade" label={t('parts.grade')}>
          <Select options={GRADES.map((g) => ({ value: g, label: t(`parts.grade.${g}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Approve (an optional note, after a confirmation) or reject (a reason is required). */
function DecideModal({
  action,
  loading,
  onOk,
  onClose,
}: {
  action: 'approve' | 'reject';
  loading: boolean;
  onOk: (text: string | undefined) => void;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ text?: string }>();
  return (
    <Modal
      open
      title={t(`stocktake.action.${action}`)}
      okText={t(`stocktake.action.${action}`)}
      okButtonProps={{ danger: action === 'reject' }}
      confirmLoading={loading}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {action === 'approve' && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('stocktake.confirmApprove')} />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => onOk(v.text?.trim() || undefined)}>
        <Form.Item
          name="text"
          label={t(action === 'reject' ? 'stocktake.rejectReason' : 'stocktake.approveNote')}
          rules={action === 'reject' ? [{ required: true, whitespace: true }] : []}
        >
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
