import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Divider, Flex, Form, Input, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import type { SetupBody } from '../../../server/platform/config/contract.js';
import { api } from '../../api/client.js';
import { SETUP_URL, type SetupStatus, useSetupStatus } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { LanguageSwitch } from '../../components/language-switch.js';
import { useT } from '../../i18n/index.js';
import { confirmRules, passwordRules } from '../../lib/password.js';
import { timeZoneOptions } from '../../lib/time-zones.js';

interface SetupForm {
  company: string;
  timeZone: string;
  admin: { username: string; displayName?: string; password: string };
  confirm: string;
  demo: boolean;
}

/** First run: company, time zone and the administrator, in one form. */
export function SetupPage() {
  const t = useT();
  const [form] = Form.useForm<SetupForm>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const status = useSetupStatus();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const zones = useMemo(() => timeZoneOptions(), []);

  // Already set up (a bookmark, the back button): nothing to do here.
  if (status.data && !status.data.needsSetup && !done) return <Navigate to="/login" replace />;

  const onFinish = async (v: SetupForm) => {
    const body: SetupBody = {
      company: v.company.trim(),
      timeZone: v.timeZone,
      admin: {
        username: v.admin.username.trim(),
        displayName: v.admin.displayName?.trim() || undefined,
        password: v.admin.password,
      },
      demo: !!v.demo,
    };
    setBusy(true);
    try {
      await api.call('POST /api/setup', { body });
      message.success(t('setup.done'));
      setDone(true);
      qc.setQueryData<SetupStatus>([SETUP_URL], {
        needsSetup: false,
        companyName: body.company,
        hotline: null,
        timeZone: body.timeZone,
      });
      void qc.invalidateQueries({ queryKey: [SETUP_URL] });
      navigate(`/login?username=${encodeURIComponent(body.admin.username)}`, { replace: true });
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex justify="center" style={{ minHeight: '100vh', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 520, alignSelf: 'flex-start', marginTop: '4vh' }}>
        <Flex justify="space-between" align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('setup.title')}
          </Typography.Title>
          <LanguageSwitch signedIn={false} />
        </Flex>
        <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
        <Form<SetupForm>
          form={form}
          name="setup"
          layout="vertical"
          colon={false}
          initialValues={{ timeZone: 'Asia/Shanghai', demo: false }}
          onFinish={onFinish}
          disabled={busy}
        >
          <Divider titlePlacement="start">{t('setup.stepCompany')}</Divider>
          <Form.Item name="company" label={t('setup.company')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input autoComplete="organization" />
          </Form.Item>
          <Form.Item name="timeZone" label={t('setup.timeZone')} rules={[{ required: true }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={zones} />
          </Form.Item>
          <Divider titlePlacement="start">{t('setup.stepAdmin')}</Divider>
          <Form.Item
            name={['admin', 'username']}
            label={t('setup.adminUsername')}
            extra={t('setup.usernameRule')}
            rules={[{ required: true }, { pattern: /^[A-Za-z0-9_.-]{2,32}$/, message: t('setup.usernameRule') }]}
          >
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item name={['admin', 'displayName']} label={t('setup.displayName')} rules={[{ max: 50 }]}>
            <Input autoComplete="name" />
          </Form.Item>
          <Form.Item
            name={['admin', 'password']}
            label={t('setup.password')}
            extra={t('password.rule')}
            rules={passwordRules(t)}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('setup.confirmPassword')}
            dependencies={[['admin', 'password']]}
            rules={confirmRules(t, ['admin', 'password'])}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="demo" valuePropName="checked" extra={t('setup.demoHelp')}>
            <Checkbox>{t('setup.demo')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t('setup.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
