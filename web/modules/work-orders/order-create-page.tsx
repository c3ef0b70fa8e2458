import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { CustomerSummary } from '../../../server/modules/customers/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { useT } from '../../i18n/index.js';
import { REQUESTS_URL } from '../intake/intake-api.js';
import { EntitlementPanel } from '../warranty/entitlement-panel.js';
import { priorityKey, typeKey } from './labels.js';
import { type CreateForm, createBody, isBackdated, serviceTypeOfRequest, suggestedUnit } from './order-rules.js';
import { newIdempotencyKey, ORDERS_URL, SERVICE_TYPES } from './orders-api.js';

function customerLabel(c: Pick<CustomerSummary, 'name' | 'code' | 'phones'>): string {
  const phone = c.phones[0]?.display;
  return [c.name, c.code, phone].filter(Boolean).join(' · ');
}

/** Finds a customer by phone, name or code as one types. */
function CustomerSelect({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  id?: string;
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const list = useApiQuery('GET /api/customers', q.trim() ? { query: { q: q.trim(), pageSize: 20 } } : null, {
    placeholderData: (prev) => prev,
  });
  const current = useApiQuery('GET /api/customers/:id', value ? { params: { id: value } } : null);
  const options = (list.data?.items ?? []).map((c) => ({ value: c.id, label: customerLabel(c) }));
  if (value && current.data && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: customerLabel(current.data) });
  }
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      options={options}
      loading={list.isFetching}
      placeholder={t('orders.create.customerSearch')}
    />
  );
}

/** The form's values: the report time as the date picker holds it. */
type FormValues = Omit<CreateForm, 'reportedAt'> & { reportedAt?: Dayjs | null };

/**
 * A new order, directly or from a service request (`?requestId=`): customer and product pickers,
 * service type, fault level and description. One idempotency key per form: a double click or a
 * retry after a lost answer returns the first order instead of creating two.
 */
export function OrderCreatePage() {
  const t = useT();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const [params] = useSearchParams();
  const requestId = params.get('requestId');
  const [form] = Form.useForm<FormValues>();
  const key = useRef(newIdempotencyKey());
  const request = useApiQuery('GET /api/intake/requests/:id', requestId ? { params: { id: requestId } } : null);
  const customerId = Form.useWatch('customerId', form);
  const units = useApiQuery('GET /api/units', customerId ? { query: { customerId, pageSize: 100 } } : null);
  const customer = useApiQuery('GET /api/customers/:id', customerId ? { params: { id: customerId } } : null);
  const unitId = Form.useWatch('unitId', form);
  const chosenUnit = unitId ? units.data?.items.find((u) => u.id === unitId) : undefined;
  const reportedAt = Form.useWatch('reportedAt', form);
  // The report was recorded when the request was (a conversion), else it is recorded now.
  const backdated = isBackdated(reportedAt?.toDate(), request.data ? new Date(request.data.createdAt) : new Date());

  useEffect(() => {
    const r = request.data;
    if (!r) return;
    form.setFieldsValue({
      serviceRequestId: r.id,
      customerId: r.customerId,
      unitId: r.unitId ?? undefined,
      addressId: r.addressId ?? undefined,
      serviceType: serviceTypeOfRequest(r.kind),
      faultDescription: r.symptoms,
    });
  }, [request.data, form]);

  const create = useMutation({
    mutationFn: ({ reportedAt: at, ...v }: FormValues) =>
      api.call(
        'POST /api/orders',
        { body: createBody({ ...v, reportedAt: at?.toISOString(), serviceRequestId: requestId ?? undefined }) },
        { headers: { 'Idempotency-Key': key.current } },
      ),
    onSuccess: async (o) => {
      // Where it goes next, as the routing suggests (the dispatcher confirms it on the order page).
      const next = suggestedUnit(o.suggestion);
      message.success(
        next
          ? t('orders.create.createdSuggested', { code: o.code, unit: next.name })
          : t('orders.create.created', { code: o.code }),
      );
      await invalidateUrls(qc, ORDERS_URL, REQUESTS_URL);
      navigate(`/orders/${o.id}`, { replace: true });
    },
    onError: (err) => showError(err, form),
  });

  return (
    <>
      <PageHeader title={t('orders.create.title')} />
      <Card style={{ maxWidth: 720 }}>
        {request.data ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('orders.create.fromRequest', { code: request.data.code })}
          />
        ) : null}
        <Form<FormValues>
          form={form}
          layout="vertical"
          name="order-create"
          initialValues={{ serviceType: 'on_site', priority: 2 }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item name="serviceRequestId" hidden>
            <Input />
          </Form.Item>
          <Form.Item
            name="customerId"
            label={t('orders.create.customer')}
            rules={[{ required: !requestId, message: t('orders.create.customerRequired') }]}
          >
            <CustomerSelect />
          </Form.Item>
          <Form.Item name="unitId" label={t('orders.create.unit')}>
            <Select
              allowClear
              disabled={!customerId}
              placeholder={t('orders.create.unitPlaceholder')}
              options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.modelName} · ${u.serialNo}` }))}
            />
          </Form.Item>
          {/* Covered or paid, by which rule: the desk can tell the customer before the order goes out. */}
          {chosenUnit ? (
            <div style={{ marginBottom: 16 }}>
              <EntitlementPanel unitId={chosenUnit.id} modelId={chosenUnit.modelId} />
            </div>
          ) : null}
          <Form.Item name="addressId" label={t('orders.create.address')}>
            <Select
              allowClear
              disabled={!customerId}
              options={(customer.data?.addresses ?? []).map((a) => ({
                value: a.id,
                label: `${a.divisionNames} ${a.detail}`,
              }))}
            />
          </Form.Item>
          <Form.Item name="serviceType" label={t('orders.create.type')} rules={[{ required: true }]}>
            <Select options={SERVICE_TYPES.map((s) => ({ value: s, label: t(typeKey(s)) }))} />
          </Form.Item>
          <Form.Item name="priority" label={t('orders.create.priority')}>
            <Radio.Group optionType="button" options={[1, 2, 3].map((p) => ({ value: p, label: t(priorityKey(p)) }))} />
          </Form.Item>
          <Form.Item
            name="faultDescription"
            label={t('orders.create.fault')}
            rules={[
              { required: !requestId, whitespace: true, message: t('orders.create.faultRequired') },
              { max: 5000 },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('orders.create.faultPlaceholder')} />
          </Form.Item>
          <Form.Item name="reportedAt" label={t('orders.create.reportedAt')} extra={t('orders.create.reportedAtHelp')}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              data-testid="order-reported-at"
            />
          </Form.Item>
          {backdated ? (
            <Form.Item
              name="backdateReason"
              label={t('orders.create.backdateReason')}
              rules={[
                { required: true, whitespace: true, message: t('orders.create.backdateReasonRequired') },
                { max: 500 },
              ]}
            >
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 4 }}
                placeholder={t('orders.create.backdatePlaceholder')}
                data-testid="order-backdate-reason"
              />
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="order-create-submit">
            {t('orders.create.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
