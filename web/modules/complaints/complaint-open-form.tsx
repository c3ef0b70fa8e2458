import { Alert, Button, Checkbox, Form, type FormInstance, Input, Select } from 'antd';
import { useState } from 'react';
import {
  COMPLAINT_SEVERITIES,
  COMPLAINT_SOURCES,
  COMPLAINT_TYPES,
  type ComplaintDetail,
  type ComplaintSeverity,
  type ComplaintSource,
  type ComplaintType,
  REGULATOR_KINDS,
  type RegulatorKind,
} from '../../../server/modules/complaints/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';
import { useOpenComplaint } from './complaints-api.js';

/*
 * Opening a complaint by staff (docs/complaints-screens.md): from a hotline call, a regulator's
 * referral (技监, 消协, 工商) or the media. The customer, the orders and the product it concerns;
 * its type and, unless the rules decide, its severity. The same form stands on its own page and
 * in a dialog on the intake desk, where the caller is already chosen.
 */

/** The sources staff enter; a complaint from an urge is opened by the urge itself. */
export const STAFF_SOURCES = COMPLAINT_SOURCES.filter((s) => s !== 'urge');

export interface OpenValues {
  source: ComplaintSource;
  regulatorKind?: RegulatorKind;
  customerId: string;
  orderIds?: string[];
  unitId?: string;
  type: ComplaintType;
  severity?: ComplaintSeverity;
  summary: string;
  compensationDemanded?: boolean;
  mediaExposure?: boolean;
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
  const label = (c: { name: string; code: string; phones: { display?: string; number: string }[] }) =>
    [c.name, c.code, c.phones[0]?.display ?? c.phones[0]?.number].filter(Boolean).join(' · ');
  const options = (list.data?.items ?? []).map((c) => ({ value: c.id, label: label(c) }));
  if (value && current.data && !options.some((o) => o.value === value))
    options.unshift({ value, label: label(current.data) });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      options={options}
      loading={list.isFetching}
      placeholder={t('cmp.open.customerSearch')}
      data-testid="complaint-customer"
    />
  );
}

/** The request body of the form's values: only what is set. */
export function openBody(v: OpenValues, contactId?: string) {
  return {
    source: v.source,
    customerId: v.customerId,
    orderIds: v.orderIds ?? [],
    ...(v.unitId ? { unitId: v.unitId } : {}),
    type: v.type,
    ...(v.severity ? { severity: v.severity } : {}),
    summary: v.summary.trim(),
    ...(v.compensationDemanded ? { compensationDemanded: true } : {}),
    ...(v.mediaExposure ? { mediaExposure: true } : {}),
    ...(v.source === 'regulator' && v.regulatorKind ? { regulatorKind: v.regulatorKind } : {}),
    ...(contactId ? { contactId } : {}),
  };
}

export function ComplaintOpenForm({
  form,
  initial,
  fixedCustomer,
  contactId,
  onDone,
  submitButton = true,
  onPendingChange,
}: {
  form: FormInstance<OpenValues>;
  initial?: Partial<OpenValues>;
  /** The customer is already chosen (the intake desk's caller): no customer picker. */
  fixedCustomer?: { id: string; name: string };
  contactId?: string;
  onDone: (c: ComplaintDetail) => void;
  submitButton?: boolean;
  onPendingChange?: (pending: boolean) => void;
}) {
  const t = useT();
  const open = useOpenComplaint(form, (c) => {
    onPendingChange?.(false);
    onDone(c);
  });
  const watched = Form.useWatch('customerId', form);
  const customerId = fixedCustomer?.id ?? watched;
  const source = Form.useWatch('source', form);
  const orders = useApiQuery('GET /api/orders', customerId ? { query: { customerId, pageSize: 50 } } : null);
  const units = useApiQuery('GET /api/units', customerId ? { query: { customerId, pageSize: 100 } } : null);
  return (
    <Form<OpenValues>
      form={form}
      name="complaint-open"
      layout="vertical"
      initialValues={{
        source: 'hotline',
        orderIds: [],
        ...initial,
        customerId: fixedCustomer?.id ?? initial?.customerId,
      }}
      onValuesChange={(changed: Partial<OpenValues>) => {
        if (changed.customerId !== undefined) form.setFieldsValue({ orderIds: [], unitId: undefined });
        if (changed.source === 'media') form.setFieldValue('mediaExposure', true);
      }}
      onFinish={(v) => {
        onPendingChange?.(true);
        open.mutate(openBody({ ...v, customerId: fixedCustomer?.id ?? v.customerId }, contactId), {
          onError: () => onPendingChange?.(false),
        });
      }}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('cmp.open.hint')} />
      <Form.Item name="source" label={t('cmp.source')} rules={[{ required: true }]}>
        <Select options={STAFF_SOURCES.map((s) => ({ value: s, label: t(`cmp.source.${s}`) }))} />
      </Form.Item>
      {source === 'regulator' ? (
        <Form.Item name="regulatorKind" label={t('cmp.open.regulatorKind')} rules={[{ required: true }]}>
          <Select options={REGULATOR_KINDS.map((k) => ({ value: k, label: t(`cmp.regulator.${k}`) }))} />
        </Form.Item>
      ) : null}
      {fixedCustomer ? (
        <Form.Item label={t('cmp.open.customer')}>
          <Input value={fixedCustomer.name} disabled />
        </Form.Item>
      ) : (
        <Form.Item name="customerId" label={t('cmp.open.customer')} rules={[{ required: true }]}>
          <CustomerSelect />
        </Form.Item>
      )}
      <Form.Item name="orderIds" label={t('cmp.open.orders')}>
        <Select
          mode="multiple"
          allowClear
          disabled={!customerId}
          loading={orders.isFetching}
          optionFilterProp="label"
          options={(orders.data?.items ?? []).map((o) => ({ value: o.id, label: o.code }))}
          data-testid="complaint-orders"
        />
      </Form.Item>
      <Form.Item name="unitId" label={t('cmp.open.unit')}>
        <Select
          allowClear
          disabled={!customerId}
          options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.modelName} · ${u.serialNo}` }))}
        />
      </Form.Item>
      <Form.Item name="type" label={t('cmp.type')} rules={[{ required: true }]}>
        <Select
          options={COMPLAINT_TYPES.map((s) => ({ value: s, label: t(`cmp.type.${s}`) }))}
          data-testid="complaint-type"
        />
      </Form.Item>
      <Form.Item name="severity" label={t('cmp.severity')}>
        <Select
          allowClear
          placeholder={t('cmp.open.severityAuto')}
          options={COMPLAINT_SEVERITIES.map((s) => ({ value: s, label: t(`cmp.severity.${s}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="summary"
        label={t('cmp.summary')}
        rules={[{ required: true, whitespace: true, min: 2, max: 2000 }]}
      >
        <Input.TextArea rows={4} maxLength={2000} />
      </Form.Item>
      <Form.Item name="compensationDemanded" valuePropName="checked" style={{ marginBottom: 4 }}>
        <Checkbox>{t('cmp.open.compensationDemanded')}</Checkbox>
      </Form.Item>
      <Form.Item name="mediaExposure" valuePropName="checked">
        <Checkbox>{t('cmp.open.mediaExposure')}</Checkbox>
      </Form.Item>
      {submitButton ? (
        <Button type="primary" htmlType="submit" loading={open.isPending}>
          {t('cmp.open.submit')}
        </Button>
      ) : null}
    </Form>
  );
}
