import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Descriptions, Form, Input, Modal } from 'antd';
import { api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { type Contact, CONTACTS_URL, LOOKUP_URL, QUEUE_URL } from './intake-api.js';

/** The supervisor's answer to an escalated consultation. */
export function AnswerModal({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ answer: string }>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const answer = useMutation({
    mutationFn: (v: { answer: string }) =>
      api.call('POST /api/intake/contacts/:id/answer', {
        params: { id: contact.id },
        body: { answer: v.answer.trim() },
      }),
    onSuccess: async (c) => {
      message.success(t('intake.queue.answered', { code: c.code }));
      await invalidateUrls(qc, QUEUE_URL, CONTACTS_URL, LOOKUP_URL);
      onClose();
    },
    onError: (err) => showError(err, form),
  });
  return (
    <Modal
      open
      title={t('intake.queue.answerTitle', { code: contact.code })}
      okText={t('intake.queue.answer')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={answer.isPending}
      destroyOnHidden
      width={640}
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('intake.contacts.startedAt')}>
          {formatDateTime(contact.startedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('intake.form.content')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{contact.content}</span>
        </Descriptions.Item>
      </Descriptions>
      <Form form={form} layout="vertical" name="answer" onFinish={(v) => answer.mutate(v)}>
        <Form.Item
          name="answer"
          label={t('intake.form.answer')}
          rules={[{ required: true, whitespace: true, max: 5000 }]}
        >
          <Input.TextArea autoFocus autoSize={{ minRows: 4, maxRows: 10 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
