import { CarOutlined, CheckCircleOutlined, EnvironmentOutlined, PhoneOutlined, ToolOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Rate,
  Result,
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { PartSelect } from '../catalog/part-select.js';
import { actionKey, queryGate, StateTag, typeKey } from '../work-orders/labels.js';
import { OrderActionsBar } from '../work-orders/order-actions.js';
import { useOrderContact } from '../work-orders/order-contact.js';
import { type CompleteForm, completeBody, mapLink, nextTechStep, telLink } from '../work-orders/order-rules.js';
import { type OrderDetail, useOrder, useOrderAction } from '../work-orders/orders-api.js';
import { CompletionWarranty, type ExclusionValues } from '../warranty/completion-warranty.js';
import { exclusionBody } from '../warranty/warranty-rules.js';
import { QUOTABLE_STATES } from '../../../server/modules/money/collection/contract.js';
import { PaymentSection } from '../money/payment-section.js';
import { PhotoInput, uploadPhotos } from './photo-input.js';
import { SignatureField } from './signature-field.js';
import { OrderPartRequests } from '../part-requests/order-part-requests.js';
import { RequestPartsButton } from '../part-requests/request-parts-button.js';
import { BIG } from './tech-page.js';

/** Where the technician is, if the phone allows; null on denial, no GPS or after 8 s. */
function currentPosition(): Promise<GeolocationPosition | null> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(resolve, () => resolve(null), {
      enableHighAccuracy: true,
      timeout: 8_000,
      maximumAge: 60_000,
    });
  });
}

const STEP_ICON: Record<string, ReactNode> = {
  depart: <CarOutlined />,
  arrive: <EnvironmentOutlined />,
  start: <ToolOutlined />,
};

/** The big button of the next step: start travel, arrive (with the position when given), start repair. */
function StepButton({ order }: { order: OrderDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const run = useOrderAction(order.id);
  const [locating, setLocating] = useState(false);
  const step = nextTechStep(order.allowedActions);
  if (!step || step === 'complete') return null;
  const go = async () => {
    // The position goes as data, not as a note in the technician's language: each reader's
    // timeline words it in their own language, not in the language of whoever arrived.
    let extra: { position: { lat: number; lng: number; accuracyM: number } } | null = null;
    if (step === 'arrive') {
      setLocating(true);
      const pos = await currentPosition();
      setLocating(false);
      if (pos) {
        const { latitude, longitude, accuracy } = pos.coords;
        extra = { position: { lat: latitude, lng: longitude, accuracyM: Math.round(accuracy) } };
      } else message.info(t('tech.locationDenied'));
    }
    run.mutate({ action: step, body: { version: order.version, ...(extra ?? {}) } });
  };
  return (
    <Button
      type="primary"
      size="large"
      block
      icon={STEP_ICON[step]}
      loading={run.isPending || locating}
      onClick={go}
      style={{ height: 56, fontSize: 18 }}
      data-testid={`step-${step}`}
    >
      {locating ? t('tech.locating') : t(actionKey(step))}
    </Button>
  );
}

/** The chosen part of a row, shown by name; the row's `partId` field holds its id. */
function PickedPart({ value, label }: { value?: string; label?: string }) {
  return (
    <Typography.Text strong data-testid="part-name">
      {label || value}
    </Typography.Text>
  );
}

interface FinishValues extends CompleteForm {
  parts: { partId: string; label: string; qty: number; oldSerial?: string; newSerial?: string }[];
  exclusion?: ExclusionValues;
}

/**
 * The parts that came for this order through parts requests and are still with it (arrived, not
 * given back): what the technician fits, so the completion form starts with them instead of making
 * them search the catalog for a part they hold in their hand.
 */
function useArrivedParts(orderId: string): FinishValues['parts'] | undefined {
  const me = useMe().data;
  // Someone who may not read parts requests has none to start from (and no refusal to show).
  const reads = can(me, 'parts.request') || can(me, 'parts.read') || can(me, 'parts.manage');
  const requests = useApiQuery('GET /api/part-requests', reads ? { query: { orderId, pageSize: 200 } } : null);
  if (!reads && me) return [];
  if (!requests.data) return undefined;
  const byPart = new Map<string, FinishValues['parts'][number]>();
  for (const r of requests.data.items)
    for (const l of r.lines) {
      const held = l.receivedQty - l.returnedQty;
      if (held <= 0) continue;
      const row = byPart.get(l.partId) ?? { partId: l.partId, label: `${l.partCode} · ${l.partName}`, qty: 0 };
      row.qty += held;
      byPart.set(l.partId, row);
    }
  return [...byPart.values()];
}

/** Diagnosis, parts, labour, photos, the customer's signature and rating; then the job is complete. */
function FinishForm({
  order,
  onDone,
}: {
  order: OrderDetail;
  onDone: (o: OrderDetail, photosSkipped: boolean) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<FinishValues>();
  const [photos, setPhotos] = useState<File[]>([]);
  const [signature, setSignature] = useState<string | null>(null);
  const [signatureError, setSignatureError] = useState(false);
  const [uploading, setUploading] = useState(false);
  // Read when the answer arrives, after the uploads of the same submit: a ref, not state.
  const skipped = useRef(false);
  const showError = useApiError();
  const run = useOrderAction(order.id, { form, onDone: (o) => onDone(o, skipped.current) });
  const parts = Form.useWatch('parts', form) ?? [];
  const arrived = useArrivedParts(order.id);
  const prefilled = useRef(false);
  useEffect(() => {
    // Once, and only into an untouched list: what the technician changed is theirs.
    if (!arrived || prefilled.current) return;
    prefilled.current = true;
    if (arrived.length && !(form.getFieldValue('parts') ?? []).length) form.setFieldsValue({ parts: arrived });
  }, [arrived, form]);
  const exclusionKind = Form.useWatch(['exclusion', 'kind'], form);

  const submit = async (v: FinishValues) => {
    if (!signature) {
      setSignatureError(true);
      return;
    }
    let photoIds: string[] = [];
    if (photos.length) {
      setUploading(true);
      try {
        const ids = await uploadPhotos(order.id, photos);
        if (ids) photoIds = ids;
        else skipped.current = true;
      } catch (err) {
        setUploading(false);
        showError(err);
        return;
      }
      setUploading(false);
    }
    // The job's photos are the evidence of a cause that is not covered.
    const exclusion = exclusionBody(v.exclusion ?? {});
    const body = completeBody(v, { version: order.version, signature, photoIds });
    run.mutate({ action: 'complete', body: exclusion ? { ...body, exclusion: { ...exclusion, photoIds } } : body });
  };

  return (
    <Card title={t('tech.finishTitle')} size="small">
      <Form<FinishValues>
        form={form}
        layout="vertical"
        name="finish"
        size="large"
        initialValues={{ parts: [], labourMinutes: 60 }}
        onFinish={submit}
      >
        <Form.Item
          name="diagnosis"
          label={t('tech.diagnosis')}
          rules={[{ required: true, whitespace: true, message: t('orders.form.required') }, { max: 2000 }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <Form.Item name="faultCode" label={t('orders.completion.faultCode')} rules={[{ max: 32 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="cause"
          label={t('orders.completion.cause')}
          rules={[{ required: true, whitespace: true, message: t('orders.form.required') }, { max: 2000 }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <Form.Item
          name="solution"
          label={t('orders.completion.solution')}
          rules={[{ required: true, whitespace: true, message: t('orders.form.required') }, { max: 2000 }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <Typography.Text strong>{t('tech.parts')}</Typography.Text>
        {/*
          Each row registers the chosen part's id (and its label) as fields: unregistered values are
          dropped from the submitted form, and a server error on `parts.N.partId` needs a field to sit on.
        */}
        <Form.List name="parts">
          {(fields, { add, remove }, { errors }) => (
            <Flex vertical gap={8} style={{ margin: '8px 0 16px' }}>
              {fields.map((f) => (
                <Card key={f.key} size="small" styles={{ body: { padding: 8 } }} data-testid="part-row">
                  <Flex justify="space-between" align="start">
                    <Form.Item name={[f.name, 'label']} hidden>
                      <Input />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'partId']}
                      rules={[{ required: true, message: t('orders.form.required') }]}
                      style={{ marginBottom: 0, flex: 1 }}
                    >
                      <PickedPart label={parts[f.name]?.label} />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(f.name)}>
                      {t('tech.removePart')}
                    </Button>
                  </Flex>
                  <Flex gap={8} wrap>
                    <Form.Item
                      name={[f.name, 'qty']}
                      label={t('orders.part.qty')}
                      style={{ marginBottom: 0, width: 90 }}
                    >
                      <InputNumber min={1} max={999} style={{ width: '100%' }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'oldSerial']}
                      label={t('orders.part.oldSerial')}
                      style={{ marginBottom: 0, flex: 1, minWidth: 120 }}
                    >
                      <Input maxLength={64} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'newSerial']}
                      label={t('orders.part.newSerial')}
                      style={{ marginBottom: 0, flex: 1, minWidth: 120 }}
                    >
                      <Input maxLength={64} />
                    </Form.Item>
                  </Flex>
                </Card>
              ))}
              <Form.ErrorList errors={errors} />
              <PartSelect
                exclude={parts.map((p) => p?.partId)}
                onPick={(p) => add({ partId: p.id, label: `${p.code} · ${p.name}`, qty: 1 })}
              />
            </Flex>
          )}
        </Form.List>
        <CompletionWarranty
          unitId={order.unitId}
          partIds={parts.map((p) => p?.partId).filter(Boolean)}
          kind={exclusionKind}
        />
        <Form.Item name="labourMinutes" label={t('orders.completion.labour')}>
          <InputNumber min={0} max={100_000} step={15} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={t('tech.photos')}>
          <PhotoInput value={photos} onChange={setPhotos} />
        </Form.Item>
        <Form.Item
          label={t('tech.signature')}
          required
          validateStatus={signatureError ? 'error' : undefined}
          help={signatureError ? t('tech.signatureRequired') : undefined}
        >
          <SignatureField
            onChange={(s) => {
              setSignature(s);
              if (s) setSignatureError(false);
            }}
          />
        </Form.Item>
        <Form.Item name="rating" label={t('tech.rating')}>
          <Rate style={{ fontSize: 32 }} />
        </Form.Item>
        <Form.Item name="workaround" valuePropName="checked">
          <Checkbox>{t('orders.completion.workaround')}</Checkbox>
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          block
          icon={<CheckCircleOutlined />}
          loading={uploading || run.isPending}
          style={{ height: 56, fontSize: 18 }}
          data-testid="finish-job"
        >
          {t('tech.finish')}
        </Button>
      </Form>
    </Card>
  );
}

/** One job on the technician's phone: where, who, the next step, and the completion form. */
export function TechJobPage() {
  const { id } = useParams();
  const t = useT();
  const q = useOrder(id);
  const [finished, setFinished] = useState<{ photosSkipped: boolean } | null>(null);
  const contactOf = useOrderContact();
  const gate = queryGate(q, t('orders.notFound'));
  if (gate || !q.data) return gate;
  const o = q.data;
  const contact = contactOf(o);

  if (finished) {
    return (
      <Result
        status="success"
        title={t('tech.finished')}
        subTitle={finished.photosSkipped ? t('tech.photosSkipped') : o.code}
        extra={[
          <Link key="list" to="/tech">
            <Button type="primary" {...BIG}>
              {t('tech.backToList')}
            </Button>
          </Link>,
          <Link key="print" to={`/orders/${o.id}/print`}>
            <Button {...BIG}>{t('orders.detail.print')}</Button>
          </Link>,
        ]}
      />
    );
  }

  return (
    <Flex vertical gap={12} style={{ maxWidth: 640, margin: '0 auto' }}>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="order-code">
          {o.code}
        </Typography.Title>
        <StateTag state={o.state} />
      </Flex>
      <Card size="small">
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('orders.detail.customer')}>{o.customerName}</Descriptions.Item>
          <Descriptions.Item label={t('orders.col.type')}>{t(typeKey(o.serviceType))}</Descriptions.Item>
          {o.modelName || o.serialNo ? (
            <Descriptions.Item label={t('orders.detail.product')}>
              {[o.modelName, o.serialNo].filter(Boolean).join(' · ')}
            </Descriptions.Item>
          ) : null}
          {o.bookedFrom ? (
            <Descriptions.Item label={t('orders.detail.booked')}>
              {formatDateTime(o.bookedFrom)} – {formatDateTime(o.bookedTo)}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('orders.detail.address')}>
            {contact.address ?? t('tech.noAddress')}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.detail.fault')}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{o.faultDescription}</span>
          </Descriptions.Item>
        </Descriptions>
        {contact.masked ? (
          // Past the days after the job ended: the number is shown only with a reason, audited.
          <Flex vertical gap={8} style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">{contact.phone}</Typography.Text>
            {contact.revealButton({ size: 'large', block: true })}
          </Flex>
        ) : (
          <Flex gap={8} style={{ marginTop: 8 }}>
            {contact.address ? (
              <Button
                {...BIG}
                block
                icon={<EnvironmentOutlined />}
                href={mapLink(contact.address)}
                target="_blank"
                rel="noreferrer"
              >
                {t('tech.navigate')}
              </Button>
            ) : null}
            {contact.phone ? (
              <Button {...BIG} block icon={<PhoneOutlined />} href={telLink(contact.phone)}>
                {contact.phone}
              </Button>
            ) : null}
          </Flex>
        )}
      </Card>
      <StepButton order={o} />
      <OrderActionsBar order={o} exclude={['depart', 'arrive', 'start', 'complete']} size="large" />
      <RequestPartsButton order={o} size="large" block />
      <OrderPartRequests orderId={o.id} />
      <PaymentSection orderId={o.id} quotable={QUOTABLE_STATES.includes(o.state)} />
      {o.allowedActions.includes('complete') ? (
        <FinishForm order={o} onDone={(_, photosSkipped) => setFinished({ photosSkipped })} />
      ) : null}
      <Link to={`/orders/${o.id}`}>
        <Button block {...BIG}>
          {t('tech.openDetail')}
        </Button>
      </Link>
    </Flex>
  );
}
