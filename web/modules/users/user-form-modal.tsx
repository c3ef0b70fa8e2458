import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Col, Form, Input, Modal, Row, Select, TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { User, UserCreate, UserUpdate } from '../../../server/modules/org/contract.js';
import type { Lang } from '../../../shared/i18n.js';
import type { RoleCode } from '../../../shared/permissions.js';
import { api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useI18n } from '../../i18n/index.js';
import { roleOptions } from '../../lib/names.js';
import { passwordRules } from '../../lib/password.js';
import { unitTreeOptions } from '../org/org-tree.js';
import { ORG_UNITS_URL, useOrgUnits, useUnitLabel } from '../org/use-org-units.js';
import { MOBILE_PATTERN, USERS_URL } from './users-api.js';

interface UserForm {
  username: string;
  displayName: string;
  password?: string;
  mobile?: string | null;
  email?: string | null;
  lang: Lang;
  orgUnitId: string;
  roles: RoleCode[];
}

export type UserFormTarget = { mode: 'create'; orgUnitId: string } | { mode: 'edit'; user: User };

export function UserFormModal({ target, onClose }: { target: UserFormTarget; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<UserForm>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const label = useUnitLabel();
  const { forest } = useOrgUnits(target.mode === 'edit');
  const unitOptions = useMemo(() => unitTreeOptions(forest, label, (u) => u.active), [forest, label]);
  const roles = useMemo(() => roleOptions(lang), [lang]);

  const save = useMutation({
    mutationFn: (v: UserForm) => {
      const common = {
        displayName: v.displayName.trim(),
        mobile: v.mobile?.trim() || null,
        email: v.email?.trim() || null,
        lang: v.lang,
        orgUnitId: v.orgUnitId,
        roles: v.roles,
      };
      if (target.mode === 'create') {
        const body: UserCreate = { ...common, username: v.username.trim(), password: v.password ?? '' };
        return api.call('POST /api/users', { body });
      }
      const body: UserUpdate = { ...common, version: target.user.version };
      return api.call('PATCH /api/users/:id', { params: { id: target.user.id }, body });
    },
    onSuccess: async (user) => {
      message.success(target.mode === 'create' ? t('users.created', { name: user.displayName }) : t('common.saved'));
      await invalidateUrls(qc, USERS_URL, ORG_UNITS_URL);
      onClose();
    },
    onError: (err) => showError(err, form),
  });

  const initial: Partial<UserForm> =
    target.mode === 'edit'
      ? { ...target.user, roles: target.user.roles as RoleCode[] }
      : { lang: 'zh-CN', orgUnitId: target.orgUnitId, roles: ['technician'] };

  return (
    <Modal
      open
      title={target.mode === 'create' ? t('users.create') : t('users.editTitle', { name: target.user.displayName })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      width={640}
      destroyOnHidden
    >
      <Form<UserForm>
        form={form}
        name="user"
        layout="vertical"
        colon={false}
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="username"
              label={t('users.username')}
              rules={[{ required: true }, { pattern: /^[A-Za-z0-9_.-]{2,32}$/, message: t('setup.usernameRule') }]}
              extra={target.mode === 'create' ? t('setup.usernameRule') : undefined}
            >
              <Input autoComplete="off" disabled={target.mode === 'edit'} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="displayName"
              label={t('users.displayName')}
              rules={[{ required: true, whitespace: true, max: 50 }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          {target.mode === 'create' ? (
            <Col xs={24} sm={12}>
              <Form.Item
                name="password"
                label={t('users.password')}
                extra={t('password.rule')}
                rules={passwordRules(t)}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24} sm={12}>
            <Form.Item
              name="mobile"
              label={t('users.mobile')}
              rules={[{ pattern: MOBILE_PATTERN, message: t('users.mobileRule') }]}
            >
              <Input inputMode="tel" maxLength={11} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email', message: t('users.emailRule') }]}>
              <Input inputMode="email" autoComplete="off" />
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
            <Form.Item name="orgUnitId" label={t('users.orgUnit')} rules={[{ required: true }]}>
              <TreeSelect treeData={unitOptions} treeDefaultExpandAll showSearch treeNodeFilterProp="title" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Select mode="multiple" options={roles} optionFilterProp="label" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
