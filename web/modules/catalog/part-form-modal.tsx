import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import type { PartCreate, PartUpdate } from '../../../server/modules/customers/catalog/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { CATALOG_URL, type Part } from './catalog-api.js';
import { CODE_PATTERN } from './catalog-rules.js';

/** Creates or edits a part of the catalog (stock comes later). */
export function PartFormModal({ part, onClose }: { part: Part | null; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<PartCreate>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const save = useMutation({
    mutationFn: (v: PartCreate) => {
      const body = { ...v, nameEn: v.nameEn?.trim() || null };
      if (!part) return api.call('POST /api/catalog/parts', { body });
      const patch: PartUpdate = { ...body, version: part.version };
      return api.call('PATCH /api/catalog/parts/:id', { params: { id: part.id }, body: patch });
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
      title={part ? t('catalog.editPart', { name: part.name }) : t('catalog.createPart')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<PartCreate>
        form={form}
        name="part"
        layout="vertical"
        initialValues={part ?? {}}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="code"
          label={t('catalog.code')}
          rules={[
            { required: true, max: 40 },
            { pattern: CODE_PATTERN, message: t('catalog.codeRule') },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('catalog.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('catalog.nameEn')} rules={[{ max: 100 }]}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
