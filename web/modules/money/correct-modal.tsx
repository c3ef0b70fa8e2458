import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { parseSignedYuan } from './collect-rules.js';

interface CorrectValues {
  amountFen: string;
  reason: string;
}

/**
 * A correction of a collection or a hand-over: a new entry of signed yuan with its reason, never an
 * edit of the original. The fields are named as the API's (`amountFen`, `reason`), so a refusal
 * lands on its field.
 */
export function CorrectModal({
  title,
  onSubmit,
  onClose,
}: {
  title: string;
  onSubmit: (body: { amountFen: number; reason: string }) => Promise<void>;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<CorrectValues>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: CorrectValues) => {
    setBusy(true);
    try {
      await onSubmit({ amountFen: parseSignedYuan(v.amountFen)!, reason: v.reason.trim() });
      message.success(t('correct.done'));
      onClose();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('correct.hint')} />
      <Form<CorrectValues> form={form} layout="vertical" name="correct" onFinish={submit}>
        <Form.Item
          name="amountFen"
          label={t('correct.amount')}
          rules={[
            {
              validator: async (_, value) => {
                if (parseSignedYuan(value) === null) throw new Error(t('correct.amountInvalid'));
              },
            },
          ]}
        >
          <Input inputMode="decimal" prefix="¥" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('correct.reason')}
          rules={[{ required: true, whitespace: true, message: t('orders.form.required') }, { max: 500 }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
