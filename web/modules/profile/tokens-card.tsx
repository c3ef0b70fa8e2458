import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Me, TokenView } from '../../../server/platform/auth/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiList } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { permissionName } from '../../lib/names.js';
import { TOKENS_URL, TokenCreateModal } from './token-create-modal.js';

function TokenStatus({ token }: { token: TokenView }) {
  const { t } = useI18n();
  if (token.revokedAt) return <Tag>{t('tokens.revoked')}</Tag>;
  if (token.expiresAt && new Date(token.expiresAt).getTime() < Date.now())
    return <Tag color="orange">{t('tokens.expired')}</Tag>;
  return <Tag color="green">{t('tokens.valid')}</Tag>;
}

export function TokensCard({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const tokens = useApiList('GET /api/auth/tokens', {});
  const [creating, setCreating] = useState(false);

  const revoke = useMutation({
    mutationFn: (id: string) => api.call('DELETE /api/auth/tokens/:id', { params: { id } }),
    onSuccess: async () => {
      message.success(t('tokens.revokedDone'));
      await invalidateUrls(qc, TOKENS_URL);
    },
    onError: (err) => showError(err),
  });

  return (
    <Card
      title={t('tokens.title')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('tokens.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('tokens.help')}</Typography.Paragraph>
      <Table<TokenView>
        rowKey="id"
        size="small"
        loading={tokens.isPending}
        dataSource={tokens.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'name', title: t('tokens.name'), dataIndex: 'name' },
          {
            key: 'prefix',
            title: t('tokens.prefix'),
            render: (_, tk) => <Typography.Text code>{tk.prefix}…</Typography.Text>,
          },
          {
            key: 'scopes',
            title: t('tokens.scopes'),
            render: (_, tk) =>
              tk.scopes.length
                ? tk.scopes.map((s) => <Tag key={s}>{permissionName(s, lang)}</Tag>)
                : t('tokens.allScopes'),
          },
          { key: 'createdAt', title: t('tokens.createdAt'), render: (_, tk) => formatDateTime(tk.createdAt) },
          {
            key: 'expiresAt',
            title: t('tokens.expiresAt'),
            render: (_, tk) => (tk.expiresAt ? formatDateTime(tk.expiresAt) : t('tokens.never')),
          },
          {
            key: 'lastUsedAt',
            title: t('tokens.lastUsedAt'),
            render: (_, tk) => (tk.lastUsedAt ? formatDateTime(tk.lastUsedAt) : t('tokens.unused')),
          },
          { key: 'status', title: t('common.status'), render: (_, tk) => <TokenStatus token={tk} /> },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, tk) =>
              tk.revokedAt ? null : (
                <Popconfirm
                  title={t('tokens.revokeConfirm', { name: tk.name })}
                  okText={t('tokens.revoke')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => revoke.mutateAsync(tk.id)}
                >
                  <Button type="link" size="small" danger>
                    {t('tokens.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {creating ? <TokenCreateModal me={me} onClose={() => setCreating(false)} /> : null}
    </Card>
  );
}
