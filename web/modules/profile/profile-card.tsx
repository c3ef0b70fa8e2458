import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, Row, Select, Space, Tag } from 'antd';
import type { Me, ProfileBody } from '../../../server/platform/auth/contract.js';
import type { Lang } from '../../../shared/i18n.js';
import { api } from '../../api/client.js';
import { useSetMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { useI18n } from '../../i18n/index.js';
import { kindName, roleName } from '../../lib/names.js';
import { MOBILE_PATTERN } from '../users/users-api.js';

interface ProfileForm {
  displayName: string;
  mobile?: string | null;
  email?: string | null;
  lang: Lang;
}

export function ProfileCard({ me }: { me: Me }) {
  const { t, lang, setLang } = useI18n();
  const [form] = Form.useForm<ProfileForm>();
  const setMe = useSetMe();
  const { message } = App.useApp();
  const showError = useApiError();

  const save = useMutation({
    mutationFn: (v: ProfileForm) => {
      const body: ProfileBody = {
        displayName: v.displayName.trim(),
        mobile: v.mobile?.trim() || null,
        email: v.email?.trim() || null,
        lang: v.lang,
        version: me.version,
      };
      return api.call('PATCH /api/auth/me', { body });
    },
    onSuccess: (next) => {
      setMe(next);
      if (next.lang !== lang) setLang(next.lang);
      form.setFieldsValue(next);
      message.success(t('profile.saved'));
    },
    onError: (err) => showError(err, form),
  });

  return (
    <Card title={t('profile.basic')}>
      <Form<ProfileForm>
        form={form}
        name="profile"
        layout="vertical"
        colon={false}
        initialValues={me}
        onFinish={(v) => save.mutate(v)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item label={t('users.username')}>
              <Input value={me.username} disabled />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('users.orgUnit')}>
              <Input value={`${me.orgUnitName} · ${kindName(me.orgUnitKind, lang)}`} disabled />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="displayName"
              label={t('users.displayName')}
              rules={[{ required: true, whitespace: true, max: 50 }]}
            >
              <Input autoComplete="name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="lang" label={t('users.lang')} rules={[{ required: true }]}>
              <Select
                options={[
                  { value: 'zh-CN', label: t('lang.zh-CN') },
                  { value: 'en', label: t('lang.en') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="mobile"
              label={t('users.mobile')}
              rules={[{ pattern: MOBILE_PATTERN, message: t('users.mobileRule') }]}
            >
              <Input inputMode="tel" maxLength={11} autoComplete="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email', message: t('users.emailRule') }]}>
              <Input inputMode="email" autoComplete="email" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label={t('users.roles')}>
              <Space size={[4, 4]} wrap>
                {me.roles.map((r) => (
                  <Tag key={r} color="blue">
                    {roleName(r, lang)}
                  </Tag>
                ))}
              </Space>
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
