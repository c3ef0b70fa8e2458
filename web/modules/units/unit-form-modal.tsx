import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select } from 'antd';
import { useState } from 'react';
import { USAGE_KINDS } from '../../../server/modules/customers/catalog/contract.js';
import type { CustomerAddress } from '../../../server/modules/customers/contract.js';
import type { UnitCreate, UnitUpdate } from '../../../server/modules/customers/units/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import type { ProductModel } from '../catalog/catalog-api.js';
import { ModelSelect } from '../catalog/model-select.js';
import { isFutureDate, type UnitFormValues, unitFields, unitFormValues } from './unit-form.js';
import { type UnitDetail, UNITS_URL } from './units-api.js';

export type UnitFormTarget =
  | { mode: 'create'; customerId: string; customerKind: 'individual' | 'business'; addresses: CustomerAddress[] }
  | { mode: 'edit'; unit: UnitDetail; addresses?: CustomerAddress[] };

/** Registers a unit for a customer, or corrects one: model, serial, usage, dates, where it stands. */
export function UnitFormModal({
  target,
  onClose,
  onSaved,
}: {
  target: UnitFormTarget;
  onClose: () => void;
  onSaved?: (u: UnitDetail) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<UnitFormValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const [usageKinds, setUsageKinds] = useState<string[]>(
    target.mode === 'edit' ? target.unit.model.usageKinds : [...USAGE_KINDS],
  );

  const save = useMutation({
    mutationFn: (v: UnitFormValues) => {
      const fields = unitFields(v);
      if (target.mode === 'create') {
        const body: UnitCreate = { ...fields, customerId: target.customerId };
        return api.call('POST /api/units', { body });
      }
      const body: UnitUpdate = { ...fields, version: target.unit.version };
      return api.call('PATCH /api/units/:id', { params: { id: target.unit.id }, body });
    },
    onSuccess: async (u) => {
      message.success(target.mode === 'create' ? t('units.created', { serial: u.serialNo }) : t('common.saved'));
      await invalidateUrls(qc, UNITS_URL, '/api/customers', '/api/audit');
      onSaved?.(u);
      onClose();
    },
    onError: (err) => showError(err, form),
  });

  const addresses = target.addresses ?? [];
  const primary = addresses.find((a) => a.isPrimary) ?? addresses[0];
  const initial: Partial<UnitFormValues> =
    target.mode === 'edit'
      ? unitFormValues(target.unit)
      : {
          usage: target.customerKind === 'business' ? 'commercial' : 'household',
          addressId: primary?.id ?? null,
        };

  const onModel = (m: ProductModel | undefined) => {
    if (!m) return;
    setUsageKinds(m.usageKinds);
    const usage = form.getFieldValue('usage');
    if (!m.usageKinds.includes(usage)) form.setFieldValue('usage', m.usageKinds[0]);
  };

  const date = (name: keyof UnitFormValues, label: string) => (
    <Col xs={12} sm={8}>
      <Form.Item name={name} label={label}>
        <DatePicker style={{ width: '100%' }} disabledDate={isFutureDate} />
      </Form.Item>
    </Col>
  );

  return (
    <Modal
      open
      title={target.mode === 'create' ? t('units.create') : t('units.editTitle', { serial: target.unit.serialNo })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      width={720}
      destroyOnHidden
    >
      <Form<UnitFormValues>
        form={form}
        name="unit"
        layout="vertical"
        colon={false}
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="modelId"
              label={t('units.model')}
              rules={[{ required: true, message: t('units.modelRequired') }]}
            >
              <ModelSelect
                onModel={onModel}
                initialLabel={
                  target.mode === 'edit' ? `${target.unit.model.code} · ${target.unit.model.name}` : undefined
                }
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="serialNo"
              label={t('units.serial')}
              rules={[{ required: true, whitespace: true, max: 80 }]}
            >
              <Input autoComplete="off" style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="usage" label={t('units.usage')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                options={USAGE_KINDS.map((u) => ({
                  value: u,
                  label: t(`units.usage.${u}`),
                  disabled: !usageKinds.includes(u),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="sellerChannel" label={t('units.sellerChannel')} rules={[{ max: 100 }]}>
              <Input autoComplete="off" placeholder={t('units.sellerChannelHint')} />
            </Form.Item>
          </Col>
          {date('purchaseDate', t('units.purchaseDate'))}
          <Col xs={12} sm={8}>
            <Form.Item name="invoiceNo" label={t('units.invoiceNo')} rules={[{ max: 50 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          {date('invoiceDate', t('units.invoiceDate'))}
          <Col xs={12} sm={8}>
            <Form.Item name="purchasePriceYuan" label={t('units.purchasePrice')}>
              <InputNumber min={0} max={100_000_000} precision={2} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {date('installedOn', t('units.installedOn'))}
          {date('acceptedOn', t('units.acceptedOn'))}
          <Col span={24}>
            <Form.Item name="addressId" label={t('units.address')}>
              <Select
                allowClear
                options={addresses.map((a) => ({
                  value: a.id,
                  label: `${a.divisionNames} ${a.detail}${a.label ? `（${a.label}）` : ''}`,
                }))}
                placeholder={addresses.length ? undefined : t('units.noAddress')}
                disabled={!addresses.length}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="location" label={t('units.location')} rules={[{ max: 200 }]}>
              <Input autoComplete="off" placeholder={t('units.locationHint')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
