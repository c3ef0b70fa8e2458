import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Image,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  AppraiseBody,
  type CaseAction,
  type CaseDetail,
  EXCLUSION_KINDS,
  type ExclusionKind,
  executionKind,
  RemedyKind,
} from '../../../server/modules/warranty/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useI18n, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { ModelSelect } from '../catalog/model-select.js';
import { CaseStateTag } from './cases-page.js';
import { useCaseAction } from './warranty-api.js';
import { CasePhotosInput } from './case-photos-input.js';
import { DANGER_CASE_ACTIONS, exclusionBody, formatYuan, yuanToFen } from './warranty-rules.js';

interface ActionForm {
  note?: string;
  reason?: string;
  faultVerified?: boolean;
  faultCode?: string;
  findings?: string;
  testResults?: string;
  photoIds?: string[];
  conclusion?: 'refund' | 'exchange' | 'repair' | 'not_eligible';
  customerChoice?: 'refund' | 'exchange' | null;
  exclusionKind?: ExclusionKind | null;
  exclusionNote?: string;
  newSerialNo?: string;
  newModelId?: string;
  refundYuan?: number | null;
}

/** The body each action sends, always with the version read. */
function actionBody(action: CaseAction, v: ActionForm, c: CaseDetail): Record<string, unknown> {
  const note = v.note?.trim() || undefined;
  switch (action) {
    case 'appraise':
      return {
        version: c.version,
        faultVerified: !!v.faultVerified,
        faultCode: v.faultCode?.trim() || null,
        findings: (v.findings ?? '').trim(),
        testResults: (v.testResults ?? '').trim(),
        photoIds: v.photoIds ?? [],
        exclusion: exclusionBody({ kind: v.exclusionKind, note: v.exclusionNote }) ?? null,
        conclusion: v.conclusion,
        customerChoice: v.customerChoice ?? null,
      };
    case 'reject':
    case 'cancel':
      return { version: c.version, reason: (v.reason ?? '').trim() };
    case 'execute': {
      const refundFen = yuanToFen(v.refundYuan);
      return {
        version: c.version,
        ...(v.newSerialNo?.trim() ? { newSerialNo: v.newSerialNo.trim() } : {}),
        ...(v.newModelId ? { newModelId: v.newModelId } : {}),
        ...(refundFen !== null ? { refundFen } : {}),
        ...(note ? { note } : {}),
      };
    }
    default:
      return { version: c.version, ...(note ? { note } : {}) };
  }
}

function ActionModal({ action, c, onClose }: { action: CaseAction; c: CaseDetail; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<ActionForm>();
  const run = useCaseAction(c.id, { form, onDone: onClose });
  const required = [{ required: true, whitespace: true, message: t('orders.form.required') }];
  const kind = executionKind(c.requested, c.appraisal);
  const exclusionKind = Form.useWatch('exclusionKind', form);
  return (
    <Modal
      open
      width={action === 'appraise' ? 720 : 520}
      title={`${t(`warranty.case.action.${action}`)} · ${c.code}`}
      okText={t(`warranty.case.action.${action}`)}
      okButtonProps={{ danger: DANGER_CASE_ACTIONS.has(action) }}
      cancelText={t('common.cancel')}
      confirmLoading={run.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<ActionForm>
        form={form}
        layout="vertical"
        name={`case-${action}`}
        initialValues={{
          faultVerified: true,
          faultCode: c.faultCode ?? '',
          conclusion: c.requested,
          customerChoice: c.requested,
        }}
        onFinish={(v) => run.mutate({ action, body: actionBody(action, v, c) })}
      >
        {action === 'appraise' ? (
          <>
            <Flex gap={12} wrap>
              <Form.Item name="faultVerified" label={t('warranty.appraisal.faultVerified')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="faultCode" label={t('warranty.appraisal.faultCode')} style={{ width: 160 }}>
                <Input maxLength={32} />
              </Form.Item>
            </Flex>
            <Form.Item name="findings" label={t('warranty.appraisal.findings')} rules={[...required, { max: 4000 }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
            <Form.Item name="testResults" label={t('warranty.appraisal.testResults')} rules={[{ max: 4000 }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
            <Form.Item name="photoIds" label={t('warranty.appraisal.photoIds')}>
              <CasePhotosInput caseId={c.id} />
            </Form.Item>
            <Flex gap={12} wrap>
              <Form.Item name="exclusionKind" label={t('warranty.exclusion')} style={{ width: 220 }}>
                <Select
                  allowClear
                  placeholder={t('warranty.exclusionNone')}
                  options={EXCLUSION_KINDS.map((k) => ({ value: k, label: t(`warranty.exclusion.${k}`) }))}
                />
              </Form.Item>
              {exclusionKind ? (
                <Form.Item
                  name="exclusionNote"
                  label={t('warranty.exclusionNote')}
                  rules={required}
                  style={{ flex: 1, minWidth: 200 }}
                >
                  <Input maxLength={1000} />
                </Form.Item>
              ) : null}
            </Flex>
            <Form.Item name="conclusion" label={t('warranty.appraisal.conclusion')} rules={[{ required: true }]}>
              <Radio.Group
                options={AppraiseBody.shape.conclusion.options.map((k) => ({
                  value: k,
                  label: t(`warranty.appraisal.conclusion.${k}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="customerChoice" label={t('warranty.appraisal.customerChoice')}>
              <Radio.Group options={RemedyKind.options.map((k) => ({ value: k, label: t(`warranty.remedy.${k}`) }))} />
            </Form.Item>
          </>
        ) : null}
        {action === 'reject' || action === 'cancel' ? (
          <Form.Item
            name="reason"
            label={t(action === 'reject' ? 'warranty.reject.reason' : 'warranty.cancel.reason')}
            rules={[...required, { max: 1000 }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
        ) : null}
        {action === 'execute' && kind === 'exchange' ? (
          <>
            <Form.Item name="newSerialNo" label={t('warranty.execute.newSerialNo')} rules={[...required, { max: 64 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="newModelId" label={t('warranty.execute.newModelId')}>
              <ModelSelect />
            </Form.Item>
          </>
        ) : null}
        {action === 'execute' && kind === 'refund' ? (
          <Form.Item name="refundYuan" label={t('warranty.execute.refund')}>
            <InputNumber
              min={0}
              max={c.priceFen / 100}
              precision={2}
              prefix="¥"
              style={{ width: '100%' }}
              placeholder={formatYuan(c.priceFen)}
            />
          </Form.Item>
        ) : null}
        {action === 'approve' && c.priceFen > c.hqThresholdFen ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('warranty.case.hqThreshold', { amount: formatYuan(c.hqThresholdFen) })}
          />
        ) : null}
        {action === 'approve' || action === 'execute' || action === 'close' ? (
          <Form.Item name="note" label={t('warranty.case.note')} rules={[{ max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/** The order the case came from, by its code when the caller may read it. */
function OrderLink({ id }: { id: string }) {
  const t = useT();
  const order = useApiQuery('GET /api/orders/:id', { params: { id } }, { retry: false });
  return <Link to={`/orders/${id}`}>{order.data?.code ?? t('warranty.case.order')}</Link>;
}

/** One return/exchange case: facts, the allowed actions, appraisal, approvals, execution, history. */
export function CaseDetailPage() {
  const { id = '' } = useParams();
  const { t, pick } = useI18n();
  const q = useApiQuery('GET /api/warranty/cases/:id', { params: { id } });
  const [acting, setActing] = useState<CaseAction | null>(null);
  if (q.isPending) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  }
  if (q.isError) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const c = q.data;
  // The server's answer: the actions this caller may take on the case in its state now.
  const actions = c.actions;
  const a = c.appraisal;
  const x = c.execution;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex gap={8} align="center" wrap>
          <Link to="/warranty/cases" aria-label={t('warranty.cases.title')}>
            <ArrowLeftOutlined />
          </Link>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-code">
            {c.code}
          </Typography.Title>
          <CaseStateTag state={c.state} />
        </Flex>
        <Link to={`/warranty/cases/${c.id}/print`}>
          <Button icon={<PrinterOutlined />}>{t('warranty.case.print')}</Button>
        </Link>
      </Flex>
      <Card size="small">
        <Space wrap data-testid="case-actions">
          {actions.length ? (
            actions.map((act) => (
              <Button
                key={act}
                type={DANGER_CASE_ACTIONS.has(act) ? 'default' : 'primary'}
                danger={DANGER_CASE_ACTIONS.has(act)}
                onClick={() => setActing(act)}
              >
                {t(`warranty.case.action.${act}`)}
              </Button>
            ))
          ) : (
            <Typography.Text type="secondary">{t('warranty.case.noActions')}</Typography.Text>
          )}
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <Card size="small">
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2 }}
                bordered
                styles={{ label: { whiteSpace: 'nowrap' } }}
                items={[
                  {
                    key: 'unit',
                    label: t('warranty.case.unit'),
                    children: (
                      <Link to={`/units/${c.unitId}`}>
                        {c.modelName} · {c.serialNo}
                      </Link>
                    ),
                  },
                  {
                    key: 'customer',
                    label: t('warranty.case.customer'),
                    children: <Link to={`/customers/${c.customerId}`}>{c.customerName}</Link>,
                  },
                  {
                    key: 'requested',
                    label: t('warranty.case.requested'),
                    children: t(`warranty.remedy.${c.requested}`),
                  },
                  {
                    key: 'rule',
                    label: t('warranty.case.rule'),
                    children: c.rule ? t(`warranty.remedyRule.${c.rule}`) : t('warranty.case.noRule'),
                  },
                  { key: 'price', label: t('warranty.case.price'), children: formatYuan(c.priceFen) },
                  {
                    key: 'order',
                    label: t('warranty.case.order'),
                    children: c.orderId ? <OrderLink id={c.orderId} /> : '',
                  },
                  { key: 'fault', label: t('warranty.case.faultCode'), children: c.faultCode ?? '' },
                  { key: 'created', label: t('warranty.case.createdAt'), children: formatDateTime(c.createdAt) },
                  { key: 'reason', label: t('warranty.case.reason'), span: 2, children: c.reason },
                ]}
              />
              {c.priceFen > c.hqThresholdFen ? (
                <Typography.Text type="warning" style={{ display: 'block', marginTop: 8 }}>
                  {t('warranty.case.hqThreshold', { amount: formatYuan(c.hqThresholdFen) })}
                </Typography.Text>
              ) : null}
            </Card>
            {c.remediesAtOpen ? (
              <Card size="small" title={t('warranty.case.remediesAtOpen')}>
                {c.remediesAtOpen.items
                  .filter((i) => i.eligible)
                  .map((i) => (
                    <div key={i.rule}>
                      <Typography.Text strong>{t(`warranty.remedyRule.${i.rule}`)}</Typography.Text>
                      {i.reasons.length
                        ? `${t('warranty.colon')}${i.reasons.map((r) => pick(r)).join(t('warranty.semicolon'))}`
                        : ''}
                    </div>
                  ))}
              </Card>
            ) : null}
            {a ? (
              <Card size="small" title={t('warranty.case.appraisal')} data-testid="case-appraisal">
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    {
                      key: 'verified',
                      label: t('warranty.appraisal.faultVerified'),
                      children: a.faultVerified ? t('common.yes') : t('common.no'),
                    },
                    { key: 'findings', label: t('warranty.appraisal.findings'), children: a.findings },
                    { key: 'tests', label: t('warranty.appraisal.testResults'), children: a.testResults },
                    {
                      key: 'conclusion',
                      label: t('warranty.appraisal.conclusion'),
                      children: t(`warranty.appraisal.conclusion.${a.conclusion}`),
                    },
                    {
                      key: 'choice',
                      label: t('warranty.appraisal.customerChoice'),
                      children: a.customerChoice ? t(`warranty.remedy.${a.customerChoice}`) : '',
                    },
                    ...(a.exclusion
                      ? [
                          {
                            key: 'exclusion',
                            label: t('warranty.exclusion'),
                            children: `${t(`warranty.exclusion.${a.exclusion.kind}`)}${t('warranty.colon')}${a.exclusion.note}`,
                          },
                        ]
                      : []),
                    ...(a.photoIds.length
                      ? [
                          {
                            key: 'photos',
                            label: t('warranty.appraisal.photoIds'),
                            children: (
                              <Image.PreviewGroup>
                                <Flex gap={8} wrap data-testid="case-photos-shown">
                                  {c.photos
                                    .filter((p) => a.photoIds.includes(p.id))
                                    .map((p) => (
                                      <Image
                                        key={p.id}
                                        width={96}
                                        height={96}
                                        style={{ objectFit: 'cover' }}
                                        src={p.url}
                                        alt={p.fileName}
                                      />
                                    ))}
                                </Flex>
                              </Image.PreviewGroup>
                            ),
                          },
                        ]
                      : []),
                    {
                      key: 'by',
                      label: t('warranty.appraisal.by'),
                      children: `${a.byName} · ${formatDateTime(a.at)}`,
                    },
                  ]}
                />
              </Card>
            ) : null}
            {c.approvals.length ? (
              <Card size="small" title={t('warranty.case.approvals')}>
                {c.approvals.map((ap) => (
                  <div key={`${ap.level}-${ap.at}`}>
                    <Typography.Text strong>{t(`warranty.case.approval.${ap.level}`)}</Typography.Text> · {ap.byName} ·{' '}
                    {formatDateTime(ap.at)}
                    {ap.note ? ` · ${ap.note}` : ''}
                  </div>
                ))}
              </Card>
            ) : null}
            {x ? (
              <Card size="small" title={t('warranty.case.execution')} data-testid="case-execution">
                <div>
                  {t(`warranty.remedy.${x.kind}`)} · {x.byName} · {formatDateTime(x.at)}
                </div>
                {x.newUnitId ? (
                  <div>
                    {t('warranty.execute.newUnit')}
                    {t('warranty.colon')}
                    <Link to={`/units/${x.newUnitId}`} data-testid="new-unit-link">
                      {x.newSerialNo}
                    </Link>
                  </div>
                ) : null}
                {x.refundFen !== null ? (
                  <div>
                    {/* Whole months of use ended (Civil Code art. 201), so 5 days is 不足1个月. */}
                    {t(x.monthsUsed ? 'warranty.execute.refundComputed' : 'warranty.execute.refundComputedUnderMonth', {
                      refund: formatYuan(x.refundFen),
                      depreciation: formatYuan(x.depreciationFen ?? 0),
                      months: x.monthsUsed ?? 0,
                    })}
                  </div>
                ) : null}
                {x.note ? <div>{x.note}</div> : null}
              </Card>
            ) : null}
            {c.rejection ? (
              <Alert
                type="error"
                showIcon
                title={`${t('warranty.case.rejection')} · ${c.rejection.byName} · ${formatDateTime(c.rejection.at)}`}
                description={c.rejection.reason}
              />
            ) : null}
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('warranty.case.history')}>
            <Timeline
              items={c.history.map((h) => ({
                key: `${h.at}-${h.action}`,
                content: (
                  <Flex vertical>
                    <Typography.Text type="secondary">{formatDateTime(h.at)}</Typography.Text>
                    <span>
                      {t(`warranty.case.state.${h.toState}`)} · {h.actorName}
                    </span>
                    {h.note ? <Typography.Text>{h.note}</Typography.Text> : null}
                  </Flex>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      {acting ? <ActionModal action={acting} c={c} onClose={() => setActing(null)} /> : null}
    </Flex>
  );
}
