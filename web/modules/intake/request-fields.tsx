import { Col, DatePicker, Form, Input, Row, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useApiQuery } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';

/** Symptoms, preferred time and address of the service request a repair/installation/maintenance opens. */
export function RequestFields({ customerId, creating }: { customerId: string | null; creating: boolean }) {
  const t = useT();
  const customer = useApiQuery(
    'GET /api/customers/:id',
    customerId && !creating ? { params: { id: customerId } } : null,
    {
      retry: false,
    },
  );
  const addresses = customer.data?.addresses ?? [];
  const unitId = Form.useWatch('unitId') as string | undefined;
  const [modelQ, setModelQ] = useState('');
  const models = useApiQuery(
    'GET /api/catalog/models',
    unitId ? null : { query: { q: modelQ.trim() || undefined, pageSize: 20 } },
    { placeholderData: (prev) => prev, retry: false },
  );
  const form = Form.useFormInstance();
  const newArea = Form.useWatch(['newCustomer', 'address', 'area'], form) as string[] | undefined;
  // Preselect where the service goes: the customer's primary address, or the new customer's own.
  const primary = addresses.find((a) => a.isPrimary)?.id ?? addresses[0]?.id;
  useEffect(() => {
    if (form.getFieldValue('addressId')) return;
    if (creating && newArea?.length) form.setFieldValue('addressId', 'new');
    else if (!creating && primary) form.setFieldValue('addressId', primary);
  }, [form, creating, newArea, primary]);
  const options = creating
    ? [{ value: 'new', label: t('intake.form.addressFromNew') }]
    : addresses.map((a) => ({ value: a.id, label: `${a.divisionNames} ${a.detail}`.trim() }));

  return (
    <div
      data-testid="request-section"
      style={{
        background: '#fff7e6',
        border: '1px solid #ffd591',
        borderRadius: 8,
        padding: '8px 12px 0',
        marginBottom: 12,
      }}
    >
      <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
        {t('intake.form.requestSection')}
      </Typography.Text>
      <Form.Item name="symptoms" label={t('intake.form.symptoms')} rules={[{ max: 5000 }]}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} placeholder={t('intake.form.symptomsPlaceholder')} />
      </Form.Item>
      {unitId ? null : (
        <Row gutter={12}>
          <Col xs={24} md={14}>
            <Form.Item name="modelId" label={t('intake.form.model')}>
              <Select
                allowClear
                showSearch={{ filterOption: false, onSearch: setModelQ }}
                loading={models.isFetching}
                options={(models.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name} (${m.code})` }))}
                placeholder={t('intake.form.modelPlaceholder')}
                aria-label={t('intake.form.model')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="serialNo" label={t('intake.form.serial')} rules={[{ max: 64 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Row gutter={12}>
        <Col xs={24} md={14}>
          <Form.Item name="preferred" label={t('intake.form.preferred')}>
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm', minuteStep: 30 }}
              format="MM-DD HH:mm"
              allowEmpty={[true, true]}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item name="preferredNote" label={t('intake.form.preferredNote')} rules={[{ max: 500 }]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="addressId" label={t('intake.form.address')}>
        <Select
          allowClear
          loading={customer.isFetching}
          options={options}
          placeholder={t('intake.form.addressNone')}
          aria-label={t('intake.form.address')}
        />
      </Form.Item>
    </div>
  );
}
