import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import type { MovementPost } from '../../../server/modules/parts/contract.js';
import { api, isApiError } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { type MessageKey, useT } from '../../i18n/index.js';
import { type PickedPart, PartPick } from './part-pick.js';
import { type Depot, GRADES, PARTS_URL } from './parts-api.js';

/** The movements posted by hand on this page (issues go with orders, from the order's own screens). */
export const MANUAL_KINDS = ['receipt', 'adjust', 'scrap', 'transfer_out', 'transfer_in', 'return_unused'] as const;
type ManualKind = (typeof MANUAL_KINDS)[number];

interface Values {
  kind: ManualKind;
  partId: string;
  grade: 'good' | 'defective';
  quantity: number;
  direction: 1 | -1;
  toDepotId?: string;
  fromDepotId?: string;
  orderId?: string;
  serials?: string;
  note?: string;
}

/** Serials typed one per line (or separated by commas or spaces), blanks dropped. */
export function parseSerials(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,，;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Posts one movement at a depot; a refusal (stock.insufficient names part, depot, available and asked) stays on screen. */
export function MovementModal({
  depot,
  depots,
  part,
  onClose,
}: {
  depot: Depot;
  depots: readonly Depot[];
  part?: PickedPart | null;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const [refusal, setRefusal] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form) ?? 'receipt';
  const partId = Form.useWatch('partId', form) ?? part?.id;
  const quantity = Form.useWatch('quantity', form);
  const tracking = useApiQuery('GET /api/parts/tracking/:partId', partId ? { params: { partId } } : null);
  const tracked = tracking.data?.serialTracked ?? false;
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body: MovementPost = {
        kind: v.kind,
        depotId: depot.id,
        partId: v.partId,
        grade: v.grade,
        quantity: v.kind === 'adjust' ? v.direction * v.quantity : v.quantity,
        ...(tracked ? { serials: parseSerials(v.serials) } : {}),
        ...(v.kind === 'transfer_out' ? { toDepotId: v.toDepotId } : {}),
        ...(v.kind === 'transfer_in' && v.fromDepotId ? { fromDepotId: v.fromDepotId } : {}),
        ...(v.kind === 'return_unused' ? { orderId: v.orderId?.trim() } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      };
      return api.call('POST /api/parts/movements', { body });
    },
    onSuccess: async () => {
      message.success(t('parts.posted'));
      await invalidateUrls(qc, PARTS_URL);
      onClose();
    },
    onError: (err) => {
      if (isApiError(err) && err.status === 409) setRefusal(err.detail);
      showError(err, form);
    },
  });
  const others = depots.filter((d) => d.id !== depot.id && d.active);
  const needsReason = kind === 'adjust' || kind === 'scrap';
  return (
    <Modal
      open
      title={t('parts.moveTitle', { depot: depot.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {refusal ? (
        <Alert type="error" showIcon message={refusal} style={{ marginBottom: 12 }} data-testid="movement-refusal" />
      ) : null}
      <Form<Values>
        form={form}
        name="movement"
        layout="vertical"
        initialValues={{ kind: 'receipt', grade: 'good', direction: 1, partId: part?.id }}
        onValuesChange={() => setRefusal(null)}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="kind" label={t('parts.kind')} rules={[{ required: true }]}>
          <Select options={MANUAL_KINDS.map((k) => ({ value: k, label: t(`parts.kind.${k}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item name="partId" label={t('parts.part')} rules={[{ required: true }]}>
          <PartPick initial={part} />
        </Form.Item>
        <Form.Item name="grade" label={t('parts.grade')} rules={[{ required: true }]}>
          <Radio.Group
            options={GRADES.map((g) => ({ value: g, label: t(`parts.grade.${g}` as MessageKey) }))}
            optionType="button"
          />
        </Form.Item>
        {kind === 'adjust' ? (
          <Form.Item name="direction" label={t('parts.adjustDirection')} rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 1, label: t('parts.adjustUp') },
                { value: -1, label: t('parts.adjustDown') },
              ]}
              optionType="button"
            />
          </Form.Item>
        ) : null}
        <Form.Item name="quantity" label={t('parts.quantity')} rules={[{ required: true }]}>
          <InputNumber min={1} max={1_000_000} precision={0} style={{ width: 160 }} />
        </Form.Item>
        {kind === 'transfer_out' ? (
          <Form.Item name="toDepotId" label={t('parts.toDepot')} rules={[{ required: true }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={others.map((d) => ({ value: d.id, label: `${d.code} · ${d.name}` }))}
            />
          </Form.Item>
        ) : null}
        {kind === 'transfer_in' ? (
          <Form.Item name="fromDepotId" label={t('parts.fromDepot')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={others.map((d) => ({ value: d.id, label: `${d.code} · ${d.name}` }))}
            />
          </Form.Item>
        ) : null}
        {kind === 'return_unused' ? (
          <Form.Item name="orderId" label={t('parts.orderId')} rules={[{ required: true, whitespace: true }]}>
            <Input autoComplete="off" />
          </Form.Item>
        ) : null}
        {tracked ? (
          <Form.Item
            name="serials"
            label={t('parts.serials')}
            extra={t('parts.serialsNeeded', { n: quantity ?? 0 })}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea rows={4} autoComplete="off" />
          </Form.Item>
        ) : null}
        <Form.Item
          name="note"
          label={needsReason ? t('parts.reason') : t('parts.note')}
          rules={[{ required: needsReason, whitespace: true, max: 500 }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
