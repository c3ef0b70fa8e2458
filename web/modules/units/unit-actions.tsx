import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import {
  STATUS_TRANSITIONS,
  type UnitReplace,
  type UnitStatusChange,
} from '../../../server/modules/customers/units/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { ModelSelect } from '../catalog/model-select.js';
import { type UnitDetail, UNITS_URL, type UnitStatus } from './units-api.js';

/** Statuses a person may set by hand from the current one (the server's rule); "replaced" comes only from an exchange. */
export function settableStatuses(current: UnitStatus): UnitStatus[] {
  return [...STATUS_TRANSITIONS[current]];
}

/** Marks a unit returned, recalled, scrapped or active again, with the reason in the audit trail. */
export function UnitStatusModal({ unit, onClose }: { unit: UnitDetail; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ status: UnitStatus; reason: string }>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const change = useMutation({
    mutationFn: (v: { status: UnitStatus; reason: string }) => {
      const body: UnitStatusChange = { status: v.status, reason: v.reason.trim(), version: unit.version };
      return api.call('POST /api/units/:id/status', { params: { id: unit.id }, body });
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await invalidateUrls(qc, UNITS_URL, '/api/customers');
      onClose();
    },
    onError: (err) => showError(err, form),
  });
  return (
    <Modal
      open
      title={t('units.changeStatusTitle', { serial: unit.serialNo })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={change.isPending}
      destroyOnHidden
    >
      <Form form={form} name="unit-status" layout="vertical" onFinish={(v) => change.mutate(v)}>
        <Form.Item name="status" label={t('units.newStatus')} rules={[{ required: true }]}>
          <Select options={settableStatuses(unit.status).map((s) => ({ value: s, label: t(`units.status.${s}`) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('units.reason')} rules={[{ required: true, whitespace: true, max: 500 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Exchanges a unit: registers the new serial (same model unless chosen) and links old and new. */
export function UnitReplaceModal({
  unit,
  onClose,
  onReplaced,
}: {
  unit: UnitDetail;
  onClose: () => void;
  onReplaced: (fresh: UnitDetail) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ newSerialNo: string; newModelId?: string; reason: string }>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const replace = useMutation({
    mutationFn: (v: { newSerialNo: string; newModelId?: string; reason: string }) => {
      const body: UnitReplace = {
        newSerialNo: v.newSerialNo.trim(),
        ...(v.newModelId ? { newModelId: v.newModelId } : {}),
        reason: v.reason.trim(),
        version: unit.version,
      };
      return api.call('POST /api/units/:id/replace', { params: { id: unit.id }, body });
    },
    onSuccess: async (fresh) => {
      message.success(t('units.replaced', { serial: fresh.serialNo }));
      await invalidateUrls(qc, UNITS_URL, '/api/customers');
      onReplaced(fresh);
      onClose();
    },
    onError: (err) => showError(err, form),
  });
  return (
    <Modal
      open
      title={t('units.replaceTitle', { serial: unit.serialNo })}
      okText={t('units.replace')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={replace.isPending}
      destroyOnHidden
    >
      <Form form={form} name="unit-replace" layout="vertical" onFinish={(v) => replace.mutate(v)}>
        <Form.Item
          name="newSerialNo"
          label={t('units.newSerial')}
          rules={[{ required: true, whitespace: true, max: 80 }]}
        >
          <Input autoComplete="off" style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item name="newModelId" label={t('units.newModel')} extra={t('units.newModelHint')}>
          <ModelSelect />
        </Form.Item>
        <Form.Item name="reason" label={t('units.reason')} rules={[{ required: true, whitespace: true, max: 500 }]}>
          <Input.TextArea rows={3} placeholder={t('units.replaceReasonHint')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
