import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import {
  LINE_CATEGORIES,
  type LineCreate,
  type LineUpdate,
} from '../../../server/modules/customers/catalog/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { CATALOG_URL, type ProductLine } from './catalog-api.js';
import { CODE_PATTERN } from './catalog-rules.js';

/** Creates or edits a product line: code, names in both languages, category. */
export function LineFormModal({ line, onClose }: { line: ProductLine | null; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<LineCreate>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const save = useMutation({
    mutationFn: (v: LineCreate) => {
      const body = { ...v, nameEn: v.nameEn?.trim() || null };
      if (!line) return api.call('POST /api/catalog/lines', { body });
      const patch: LineUpdate = { ...body, version: line.version };
      return api.call('PATCH /api/catalog/lines/:id', { params: { id: line.id }, body: patch });
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
      title={line ? t('catalog.editLine', { name: line.name }) : t('catalog.createLine')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<LineCreate>
        form={form}
        name="line"
        layout="vertical"
        initialValues={line ?? { category: 'washer' }}
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
        <Form.Item name="category" label={t('catalog.category')} rules={[{ required: true }]}>
          <Select options={LINE_CATEGORIES.map((c) => ({ value: c, label: t(`catalog.category.${c}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
