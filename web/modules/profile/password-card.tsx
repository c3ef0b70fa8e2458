import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input } from 'antd';
import { api } from '../../api/client.js';
import { ME_URL } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { confirmRules, passwordRules } from '../../lib/password.js';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function PasswordCard() {
  const t = useT();
  const [form] = Form.useForm<PasswordForm>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();

  const change = useMutation({
    mutationFn: (v: PasswordForm) =>
      api.call('POST /api/auth/password', {
        body: { currentPassword: v.currentPassword, newPassword: v.newPassword },
      }),
    onSuccess: async () => {
      message.success(t('profile.passwordChanged'));
      form.resetFields();
      await qc.invalidateQueries({ queryKey: [ME_URL] });
    },
    onError: (err) => showError(err, form),
  });

  return (
    <Card title={t('profile.password')}>
      <Form<PasswordForm>
        form={form}
        name="change-password"
        layout="vertical"
        colon={false}
        style={{ maxWidth: 400 }}
        onFinish={(v) => change.mutate(v)}
      >
        <Form.Item name="currentPassword" label={t('profile.currentPassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('profile.newPassword')}
          extra={t('password.rule')}
          rules={passwordRules(t)}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('profile.confirmPassword')}
          dependencies={['newPassword']}
          rules={confirmRules(t, 'newPassword')}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('profile.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}
