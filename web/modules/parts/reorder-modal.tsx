import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, InputNumber, Modal, Typography } from 'antd';
import { api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { PARTS_URL, type StockLine } from './parts-api.js';

interface Values {
  reorderPoint: number | null;
  reorderQty: number | null;
}

/** The reorder point and quantity of a part at a depot (good grade); an empty point clears it. */
export function ReorderModal({ line, onClose }: { line: StockLine; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const save = useMutation({
    mutationFn: (v: Values) =>
      api.call('PUT /api/parts/reorder', {
        body: {
          depotId: line.depotId,
          partId: line.partId,
          reorderPoint: v.reorderPoint ?? null,
          reorderQty: v.reorderQty ?? null,
        },
      }),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await invalidateUrls(qc, PARTS_URL);
      onClose();
    },
    onError: (err) => showError(err, form),
  });
  return (
    <Modal
      open
      title={t('parts.reorderTitle', { part: `${line.partCode} ${line.partName}` })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('parts.reorderHint')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        name="reorder"
        layout="vertical"
        initialValues={{ reorderPoint: line.reorderPoint, reorderQty: line.reorderQty }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="reorderPoint" label={t('parts.reorderPoint')}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="reorderQty" label={t('parts.reorderQty')}>
          <InputNumber min={1} max={1_000_000} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
