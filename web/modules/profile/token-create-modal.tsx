import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import type { Me, TokenCreateBody } from '../../../server/platform/auth/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useI18n } from '../../i18n/index.js';
import { permissionName } from '../../lib/names.js';

export const TOKENS_URL = '/api/auth/tokens';

interface TokenForm {
  name: string;
  scopes?: string[];
  expiresInDays?: number | null;
}

/** Creates a token, then shows its secret once; closing forgets it. */
export function TokenCreateModal({ me, onClose }: { me: Me; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<TokenForm>();
  const qc = useQueryClient();
  const showError = useApiError();
  const [secret, setSecret] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: (v: TokenForm) => {
      const body: TokenCreateBody = {
        name: v.name.trim(),
        scopes: v.scopes ?? [],
        expiresInDays: v.expiresInDays ?? undefined,
      };
      return api.call('POST /api/auth/tokens', { body });
    },
    onSuccess: async (created) => {
      setSecret(created.token);
      await invalidateUrls(qc, TOKENS_URL);
    },
    onError: (err) => showError(err, form),
  });

  if (secret) {
    return (
      <Modal
        open
        title={t('tokens.createdTitle')}
        onCancel={onClose}
        onOk={onClose}
        okText={t('tokens.copied')}
        cancelButtonProps={{ style: { display: 'none' } }}
        mask={{ closable: false }}
      >
        <Alert type="warning" showIcon title={t('tokens.secretOnce')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }} data-testid="token-secret">
          {secret}
        </Typography.Paragraph>
      </Modal>
    );
  }

  return (
    <Modal
      open
      title={t('tokens.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form<TokenForm> form={form} name="token" layout="vertical" colon={false} onFinish={(v) => create.mutate(v)}>
        <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="scopes" label={t('tokens.scopes')} extra={t('tokens.scopesHelp')}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={me.permissions.map((p) => ({ value: p, label: permissionName(p, lang) }))}
          />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')} extra={t('tokens.expiresHelp')}>
          <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
