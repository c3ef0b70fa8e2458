import { MinusCircleOutlined, PlusOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Flex, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';

interface Props {
  order: { id: string; code: string; state: string };
  size?: 'middle' | 'large';
  block?: boolean;
}

const OPEN = ['in_repair', 'on_site', 'received', 'waiting', 'assigned', 'booked', 'en_route'];

/** "Request parts" for an order: the model's parts, quantity, urgency, with the remaining quota shown. */
export function RequestPartsButton({ order, size, block }: Props) {
  const { t, lang } = useI18n();
  const me = useMe().data;
  const [open, setOpen] = useState(false);
  if (!can(me, 'parts.request') || !OPEN.includes(order.state)) return null;
  return (
    <>
      <Button size={size} block={block} icon={<ShoppingCartOutlined />} onClick={() => setOpen(true)}>
        {t('partReq.button')}
      </Button>
      {open ? <RequestDialog order={order} lang={lang} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

interface FormValues {
  lines: { partId: string; quantity: number }[];
  urgency: 'normal' | 'urgent';
  note?: string;
}

const PREVIEW_DEBOUNCE_MS = 300;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return v;
}

const LEVEL_TITLE: Record<'auto' | 'center' | 'hq', MessageKey> = {
  auto: 'partReq.preview.auto',
  center: 'partReq.preview.center',
  hq: 'partReq.preview.hq',
};

/**
 * Before sending: who will approve the request as it stands and why, in the numbers the server
 * judges by (the same judgement as the request itself, asked of the server, so the warning cannot
 * differ from what then happens). Nothing is shown until a part is chosen.
 */
function RequestPreview({ orderId, lines, urgency }: { orderId: string; lines: FormValues['lines']; urgency: string }) {
  const { t, lang } = useI18n();
  const complete = (lines ?? []).filter((l) => l?.partId && Number.isInteger(l.quantity) && l.quantity >= 1);
  const key = useDebounced(
    complete.length
      ? JSON.stringify({ lines: complete.map((l) => ({ partId: l.partId, quantity: l.quantity })), urgency })
      : '',
    PREVIEW_DEBOUNCE_MS,
  );
  const preview = useQuery({
    queryKey: ['part-request-preview', orderId, key],
    enabled: key !== '',
    retry: false,
    queryFn: ({ signal }) => {
      const body = JSON.parse(key) as { lines: { partId: string; quantity: number }[]; urgency: 'normal' | 'urgent' };
      return api.call('POST /api/part-requests/preview', { body: { orderId, ...body } }, { signal });
    },
  });
  if (key === '') return null;
  if (preview.error) return <Alert type="error" showIcon title={preview.error.message} data-testid="request-preview" />;
  const p = preview.data;
  if (!p) return null;
  return (
    <Alert
      type={p.level === 'auto' ? 'success' : 'warning'}
      showIcon
      data-testid="request-preview"
      title={t(LEVEL_TITLE[p.level])}
      description={p.explanation.map((e) => <div key={e['zh-CN']}>{lang === 'en' ? e.en : e['zh-CN']}</div>)}
    />
  );
}

function RequestDialog({ order, lang, onClose }: { order: Props['order']; lang: string; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const onError = useApiError();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const quota = useApiQuery('GET /api/part-requests/quota', { query: { orderId: order.id } });
  const left = (r: { valueFen: number | null; quantity: number | null } | null | undefined) =>
    r
      ? t('partReq.quotaLeft', {
          value: r.valueFen === null ? t('partReq.unlimited') : (r.valueFen / 100).toFixed(2),
          quantity: r.quantity === null ? t('partReq.unlimited') : r.quantity,
        })
      : t('partReq.quotaNone');
  const submit = async (v: FormValues) => {
    setBusy(true);
    try {
      const res = await api.call('POST /api/part-requests', {
        body: { orderId: order.id, lines: v.lines, urgency: v.urgency, ...(v.note ? { note: v.note } : {}) },
      });
      message.success(t('partReq.submitted', { code: res.request.code }));
      await invalidateUrls(qc, '/api/part-requests', `/api/orders/${order.id}`);
      onClose();
    } catch (err) {
      onError(err, form);
    } finally {
      setBusy(false);
    }
  };
  const q = quota.data;
  const watchedLines = Form.useWatch('lines', form);
  const watchedUrgency = Form.useWatch('urgency', form) ?? 'normal';
  return (
    <Modal open title={t('partReq.dialogTitle', { code: order.code })} onCancel={onClose} footer={null} destroyOnHidden>
      {q ? (
        <Descriptions
          size="small"
          column={1}
          title={t('partReq.quotaTitle', { start: q.period.start, end: q.period.end })}
        >
          <Descriptions.Item label={t('partReq.quotaOutlet')}>{left(q.outlet.remaining)}</Descriptions.Item>
          {q.technician ? (
            <Descriptions.Item label={t('partReq.quotaTechnician')}>{left(q.technician.remaining)}</Descriptions.Item>
          ) : null}
        </Descriptions>
      ) : quota.error ? (
        <Alert type="error" title={quota.error.message} />
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ lines: [{ quantity: 1 }], urgency: 'normal' }}
        style={{ marginTop: 12 }}
      >
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} align="start">
                  <Form.Item
                    name={[f.name, 'partId']}
                    label={t('partReq.part')}
                    rules={[{ required: true }]}
                    style={{ flex: 1 }}
                  >
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      options={(q?.parts ?? []).map((p) => ({
                        value: p.partId,
                        label: `${p.code} ${lang === 'en' && p.nameEn ? p.nameEn : p.name}`,
                      }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'quantity']} label={t('partReq.quantity')} rules={[{ required: true }]}>
                    <InputNumber min={1} max={9999} precision={0} />
                  </Form.Item>
                  {fields.length > 1 ? (
                    <MinusCircleOutlined style={{ marginTop: 38 }} onClick={() => remove(f.name)} />
                  ) : null}
                </Flex>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })}>
                {t('partReq.addLine')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="urgency" label={t('partReq.urgency')} style={{ marginTop: 12 }}>
          <Radio.Group>
            <Radio value="normal">{t('partReq.urgency.normal')}</Radio>
            <Radio value="urgent">{t('partReq.urgency.urgent')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note" label={t('partReq.note')}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
        <div style={{ marginBottom: 12 }}>
          <RequestPreview orderId={order.id} lines={watchedLines} urgency={watchedUrgency} />
        </div>
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t('partReq.submit')}
        </Button>
      </Form>
    </Modal>
  );
}
