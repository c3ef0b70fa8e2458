import { EyeOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api, type ResponseOf, type RouteKey } from '../api/client.js';

/** The records whose masked contact can be shown whole. */
type RevealRoute = Extract<RouteKey, `POST /api/${string}/:id/reveal-contact`>;
import { useApiError } from '../api/use-api-error.js';
import { useT } from '../i18n/index.js';

/**
 * "显示完整号码": a masked phone and street shown whole after the reader gives a reason, which the
 * server writes to the audit trail (DOMAIN.md, Privacy). `route` is the record's reveal-contact
 * endpoint; the answer goes to `onRevealed`, and only this screen shows it (nothing is cached).
 */
export function RevealContactButton<K extends RevealRoute>({
  route,
  id,
  onRevealed,
  size = 'small',
  block,
}: {
  route: K;
  /** The record's id. */
  id: string;
  onRevealed: (revealed: ResponseOf<K>) => void;
  size?: 'small' | 'middle' | 'large';
  block?: boolean;
}) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useApiError();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const reveal = useMutation({
    mutationFn: (reason: string): Promise<ResponseOf<K>> =>
      api.call(route as RevealRoute, { params: { id }, body: { reason } }) as Promise<ResponseOf<K>>,
    onSuccess: (revealed) => {
      onRevealed(revealed);
      setOpen(false);
      message.success(t('contact.revealed'));
    },
    onError: (err) => showError(err, form),
  });
  return (
    <>
      <Button size={size} block={block} icon={<EyeOutlined />} onClick={() => setOpen(true)}>
        {t('contact.reveal')}
      </Button>
      {open ? (
        <Modal
          open
          title={t('contact.revealTitle')}
          okText={t('contact.reveal')}
          cancelText={t('common.cancel')}
          confirmLoading={reveal.isPending}
          onOk={() => form.submit()}
          onCancel={() => setOpen(false)}
          destroyOnHidden
        >
          <Alert type="info" showIcon title={t('contact.revealHint')} style={{ marginBottom: 12 }} />
          <Form form={form} name="reveal" layout="vertical" onFinish={(v) => reveal.mutate(v.reason.trim())}>
            <Form.Item
              name="reason"
              label={t('contact.revealReason')}
              rules={[
                { required: true, whitespace: true, message: t('contact.revealReasonRequired') },
                { min: 2, max: 500 },
              ]}
            >
              <Input.TextArea rows={3} autoFocus placeholder={t('contact.revealReasonHint')} />
            </Form.Item>
          </Form>
        </Modal>
      ) : null}
    </>
  );
}
