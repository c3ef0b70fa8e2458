import { Form, Input, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../i18n/index.js';

/** A confirmation that can carry an optional reason into the audit trail. */
export function ReasonModal({
  title,
  okText,
  danger,
  withReason = true,
  busy,
  onConfirm,
  onClose,
  children,
}: {
  title: ReactNode;
  okText: string;
  danger?: boolean;
  withReason?: boolean;
  busy?: boolean;
  onConfirm: (reason: string | undefined) => void;
  onClose: () => void;
  children?: ReactNode;
}) {
  const t = useT();
  const [form] = Form.useForm<{ reason?: string }>();
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {children}
      <Form form={form} name="reason" layout="vertical" onFinish={(v) => onConfirm(v.reason?.trim() || undefined)}>
        {withReason ? (
          <Form.Item name="reason" label={t('common.reasonOptional')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
