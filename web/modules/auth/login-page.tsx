import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import type { LoginBody } from '../../../server/platform/auth/contract.js';
import { api, isApiError } from '../../api/client.js';
import { useMe, useSetMe, useSetupStatus } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { LanguageSwitch } from '../../components/language-switch.js';
import { FullPageSpin } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';

type LoginForm = Pick<LoginBody, 'username' | 'password'>;

/** Where to go after signing in: back to the page that sent us here, or home. */
function targetOf(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/login') ? from : '/';
}

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const [form] = Form.useForm<LoginForm>();
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const me = useMe();
  const setMe = useSetMe();
  const company = useSetupStatus().data?.companyName;
  const showError = useApiError();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // A language picked here is a decision for this account; otherwise the account's own language wins.
  const langChosen = useRef(false);
  const prefill = params.get('username');

  if (me.isPending) return <FullPageSpin />;
  if (me.data && !busy) return <Navigate to={targetOf(location.state)} replace />;

  const onFinish = async (v: LoginForm) => {
    setBusy(true);
    setFailure(null);
    try {
      const { user } = await api.call('POST /api/auth/login', { body: v }, { quiet401: true });
      setMe(user);
      if (langChosen.current && user.lang !== lang) {
        setMe(await api.call('PATCH /api/auth/me', { body: { lang } }).catch(() => user));
      } else if (user.lang !== lang) {
        setLang(user.lang);
      }
      navigate(targetOf(location.state), { replace: true });
    } catch (err) {
      if (isApiError(err) && (err.code === 'auth.locked' || err.code === 'auth.ip_limited')) {
        // When to try again, in this browser's own time, from the instant the server sent.
        const until = typeof err.params.retryAfter === 'string' ? dayjs(err.params.retryAfter) : null;
        if (until?.isValid()) {
          const minutes = Math.max(1, Math.ceil(until.diff(dayjs(), 'second') / 60));
          const time = until.isSame(dayjs(), 'day') ? until.format('HH:mm') : until.format('YYYY-MM-DD HH:mm');
          setFailure(t(err.code === 'auth.locked' ? 'login.locked' : 'login.ipLimited', { time, minutes }));
        } else setFailure(err.detail);
      } else if (isApiError(err) && err.code !== 'validation.failed' && err.code !== 'network') setFailure(err.detail);
      else showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{t('login.welcome')}</Typography.Text>
          <LanguageSwitch signedIn={false} onSwitch={() => (langChosen.current = true)} />
        </Flex>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {company ?? t('app.name')}
        </Typography.Title>
        {failure ? (
          <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} data-testid="login-error" />
        ) : null}
        <Form<LoginForm>
          key={prefill ?? ''}
          form={form}
          name="login"
          layout="vertical"
          colon={false}
          initialValues={{ username: prefill ?? '' }}
          onFinish={onFinish}
        >
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true }]}>
            <Input prefix={<UserOutlined />} placeholder={t('login.usernamePlaceholder')} autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" autoFocus={!!prefill} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
