import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import type { User } from '../../../server/modules/org/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { confirmRules, passwordRules } from '../../lib/password.js';
import { USERS_URL } from './users-api.js';

export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();

  const reset = useMutation({
    mutationFn: (password: string) =>
      api.call('POST /api/users/:id/reset-password', {
        params: { id: user.id },
        body: { password, version: user.version },
      }),
    onSuccess: async () => {
      message.success(t('users.resetDone'));
      await invalidateUrls(qc, USERS_URL);
      onClose();
    },
    onError: (err) => showError(err, form),
  });

  return (
    <Modal
      open
      title={t('users.resetTitle', { name: user.displayName })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        name="reset-password"
        layout="vertical"
        colon={false}
        onFinish={(v) => reset.mutate(v.password)}
      >
        <Form.Item name="password" label={t('users.newPassword')} extra={t('password.rule')} rules={passwordRules(t)}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('users.confirmPassword')}
          dependencies={['password']}
          rules={confirmRules(t, 'password')}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
