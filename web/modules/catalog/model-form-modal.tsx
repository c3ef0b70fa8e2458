import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { type ModelCreate, type ModelUpdate, USAGE_KINDS } from '../../../server/modules/customers/catalog/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiList } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { CATALOG_URL, type ProductModel } from './catalog-api.js';
import { CODE_PATTERN } from './catalog-rules.js';

/** Creates or edits a model: its line, code, name, the usages it is sold for, maintenance cycle. */
export function ModelFormModal({
  model,
  lineId,
  onClose,
}: {
  model: ProductModel | null;
  lineId?: string;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<ModelCreate>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const lines = useApiList('GET /api/catalog/lines', {});
  const save = useMutation({
    mutationFn: (v: ModelCreate) => {
      const body = { ...v, maintenanceDays: v.maintenanceDays ?? null, maintenanceHours: v.maintenanceHours ?? null };
      if (!model) return api.call('POST /api/catalog/models', { body });
      const patch: ModelUpdate = { ...body, version: model.version };
      return api.call('PATCH /api/catalog/models/:id', { params: { id: model.id }, body: patch });
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await invalidateUrls(qc, CATALOG_URL);
      onClose();
    },
    onError: (err) => showError(err, form),
  });
  return (
    <Modal
      open
      title={model ? t('catalog.editModel', { name: model.name }) : t('catalog.createModel')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      width={640}
      destroyOnHidden
    >
      <Form<ModelCreate>
        form={form}
        name="model"
        layout="vertical"
        initialValues={model ?? { lineId, usageKinds: ['household'] }}
        onFinish={(v) => save.mutate(v)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="lineId" label={t('catalog.line')} rules={[{ required: true }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={lines.isPending}
                options={(lines.data ?? []).map((l) => ({ value: l.id, label: `${l.code} · ${l.name}` }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="code"
              label={t('catalog.modelCode')}
              rules={[
                { required: true, max: 40 },
                { pattern: CODE_PATTERN, message: t('catalog.codeRule') },
              ]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="name" label={t('catalog.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="usageKinds"
              label={t('catalog.usageKinds')}
              rules={[{ required: true, type: 'array', min: 1, message: t('catalog.usageRequired') }]}
            >
              <Checkbox.Group options={USAGE_KINDS.map((u) => ({ value: u, label: t(`units.usage.${u}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="maintenanceDays" label={t('catalog.maintenanceDays')}>
              <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} suffix={t('catalog.days')} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="maintenanceHours" label={t('catalog.maintenanceHours')}>
              <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} suffix={t('catalog.hours')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
