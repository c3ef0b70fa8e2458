import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { type CaseOpen, REMEDY_RULES, RemedyKind, type RemedyRule } from '../../../server/modules/warranty/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { CASES_URL, useRemedies } from './warranty-api.js';
import { eligibleRemedies, fenToYuan, yuanToFen } from './warranty-rules.js';

interface OpenForm {
  requested: RemedyKind;
  rule?: RemedyRule | null;
  faultCode?: string;
  reason: string;
  priceYuan?: number | null;
}

/** Opens a return/exchange case for a unit (from an order or the unit page); allowed without a remedy, with a reason. */
export function CaseOpenModal({
  unitId,
  orderId,
  onClose,
}: {
  unitId: string;
  orderId: string | null;
  onClose: () => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onError = useApiError();
  const [form] = Form.useForm<OpenForm>();
  const [saving, setSaving] = useState(false);
  const remedies = useRemedies(unitId);
  const eligible = eligibleRemedies(remedies.data);
  const first = eligible[0];
  // The price paid, as the unit's record has it (from the invoice), unless already typed in.
  const unit = useApiQuery('GET /api/units/:id', { params: { id: unitId } });
  const unitPrice = unit.data?.purchasePriceFen ?? null;
  useEffect(() => {
    if (unitPrice !== null && form.getFieldValue('priceYuan') == null)
      form.setFieldsValue({ priceYuan: fenToYuan(unitPrice) });
  }, [unitPrice, form]);
  const submit = async (v: OpenForm) => {
    setSaving(true);
    const body: CaseOpen = {
      unitId,
      orderId: orderId ?? null,
      requested: v.requested,
      rule: v.rule ?? null,
      faultCode: v.faultCode?.trim() || (first?.faultCode ?? null),
      reason: v.reason.trim(),
      priceFen: yuanToFen(v.priceYuan) ?? 0,
    };
    try {
      const c = await api.call('POST /api/warranty/cases', { body });
      message.success(t('warranty.case.opened', { code: c.code }));
      await invalidateUrls(qc, CASES_URL);
      onClose();
      navigate(`/warranty/cases/${c.id}`);
    } catch (e) {
      onError(e, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('warranty.case.openTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      {remedies.data && !eligible.length ? (
        <Alert type="info" showIcon title={t('warranty.case.openHint')} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<OpenForm>
        form={form}
        layout="vertical"
        name="case-open"
        initialValues={{ requested: first?.remedies[0] ?? 'exchange', rule: first?.rule ?? null }}
        onFinish={submit}
      >
        <Form.Item name="requested" label={t('warranty.case.requested')} rules={[{ required: true }]}>
          <Select options={RemedyKind.options.map((k) => ({ value: k, label: t(`warranty.remedy.${k}`) }))} />
        </Form.Item>
        <Form.Item name="rule" label={t('warranty.case.rule')}>
          <Select
            allowClear
            placeholder={t('warranty.case.noRule')}
            options={REMEDY_RULES.map((r) => ({ value: r, label: t(`warranty.remedyRule.${r}`) }))}
          />
        </Form.Item>
        <Form.Item name="faultCode" label={t('warranty.case.faultCode')} rules={[{ max: 32 }]}>
          <Input placeholder={first?.faultCode ?? undefined} />
        </Form.Item>
        <Form.Item
          name="priceYuan"
          label={t('warranty.case.price')}
          rules={[{ required: true, message: t('orders.form.required') }]}
        >
          <InputNumber min={0} max={100_000_000} precision={2} prefix="¥" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('warranty.case.reason')}
          rules={[{ required: true, whitespace: true, message: t('orders.form.required') }, { max: 2000 }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
