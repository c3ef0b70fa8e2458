import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Input, Select, Table, Tag, TreeSelect, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { User } from '../../../server/modules/org/contract.js';
import { api, type QueryOf } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { ReasonModal } from '../../components/reason-modal.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { roleName, roleOptions } from '../../lib/names.js';
import { unitTreeOptions } from '../org/org-tree.js';
import { useOrgUnits, useUnitLabel } from '../org/use-org-units.js';
import { ResetPasswordModal } from './reset-password-modal.js';
import { type UserFormTarget, UserFormModal } from './user-form-modal.js';
import { USERS_URL } from './users-api.js';

/** People: search by name, unit, role and status; create, edit, reset passwords, unlock, deactivate. */
export function UsersPage() {
  const { t, lang } = useI18n();
  const me = useMe().data!;
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const [params, setParams] = useSearchParams();
  const filters = {
    q: params.get('q') ?? '',
    orgUnitId: params.get('orgUnitId') ?? undefined,
    role: params.get('role') ?? undefined,
    active: params.get('active') ?? undefined,
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: Number(params.get('pageSize') ?? 20) || 20,
  };
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);

  // The filters come from the address as typed; the server refuses a bad value, naming it.
  const users = useApiQuery(
    'GET /api/users',
    { query: filters as QueryOf<'GET /api/users'> },
    { placeholderData: (prev) => prev },
  );
  const unitLabel = useUnitLabel();
  const { forest } = useOrgUnits(true, can(me, 'org.read'));
  const unitOptions = useMemo(() => unitTreeOptions(forest, unitLabel), [forest, unitLabel]);
  const canManage = can(me, 'users.manage');
  const isPhone = useIsPhone();

  const [formTarget, setFormTarget] = useState<UserFormTarget | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [toggling, setToggling] = useState<User | null>(null);
  const [unlocking, setUnlocking] = useState<User | null>(null);

  const setFilter = (patch: Record<string, string | number | undefined>) => {
    const next = { ...filters, page: 1, ...patch };
    const out = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === '' || (k === 'page' && v === 1) || (k === 'pageSize' && v === 20)) continue;
      out.set(k, String(v));
    }
    setParams(out, { replace: true });
  };

  const toggle = useMutation({
    mutationFn: (u: User) =>
      api.call(`POST /api/users/:id/${u.active ? 'deactivate' : 'activate'}` as const, {
        params: { id: u.id },
        body: { version: u.version },
      }),
    onSuccess: async (u) => {
      message.success(u.active ? t('users.activated') : t('users.deactivated'));
      setToggling(null);
      await invalidateUrls(qc, USERS_URL, '/api/org/units');
    },
    onError: (err) => showError(err),
  });

  const unlock = useMutation({
    mutationFn: (u: User) => api.call('POST /api/users/:id/unlock', { params: { id: u.id } }),
    onSuccess: async () => {
      message.success(t('users.unlocked'));
      setUnlocking(null);
      await invalidateUrls(qc, USERS_URL);
    },
    onError: (err) => showError(err),
  });

  if (users.isError && !users.data) return <LoadFailed detail={users.error.detail} onRetry={() => users.refetch()} />;

  return (
    <>
      <PageHeader
        title={t('users.title')}
        extra={
          canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setFormTarget({ mode: 'create', orgUnitId: filters.orgUnitId ?? me.orgUnitId })}
            >
              {t('users.create')}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => setFilter({ q: v.trim() || undefined })}
            placeholder={t('users.searchPlaceholder')}
            aria-label={t('common.search')}
            style={{ width: 240, maxWidth: '100%' }}
          />
          <TreeSelect
            allowClear
            value={filters.orgUnitId}
            onChange={(v) => setFilter({ orgUnitId: v })}
            treeData={unitOptions}
            treeDefaultExpandAll
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('users.orgUnit')}
            aria-label={t('users.filterUnit')}
            style={{ width: 220, maxWidth: '100%' }}
          />
          <Select
            allowClear
            value={filters.role}
            onChange={(v) => setFilter({ role: v })}
            options={roleOptions(lang)}
            placeholder={t('users.roles')}
            aria-label={t('users.filterRole')}
            style={{ width: 160 }}
          />
          <Select
            value={filters.active ?? ''}
            onChange={(v) => setFilter({ active: v || undefined })}
            options={[
              { value: '', label: `${t('common.status')}: ${t('common.all')}` },
              { value: 'true', label: t('common.active') },
              { value: 'false', label: t('common.inactive') },
            ]}
            aria-label={t('users.filterStatus')}
            style={{ width: 140 }}
          />
        </Flex>
        <Table<User>
          rowKey="id"
          size="middle"
          loading={users.isFetching}
          dataSource={users.data?.items}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('users.count', { total }),
            onChange: (page, pageSize) => setFilter({ page, pageSize }),
          }}
          columns={[
            { key: 'username', title: t('users.username'), dataIndex: 'username' },
            {
              key: 'displayName',
              title: t('users.displayName'),
              render: (_, u) =>
                u.active ? u.displayName : <Typography.Text type="secondary">{u.displayName}</Typography.Text>,
            },
            { key: 'mobile', title: t('users.mobile'), dataIndex: 'mobile' },
            { key: 'orgUnitName', title: t('users.orgUnit'), dataIndex: 'orgUnitName' },
            {
              key: 'roles',
              title: t('users.roles'),
              render: (_, u) => (
                <Flex gap={4} wrap>
                  {u.roles.map((r) => (
                    <Tag key={r} style={{ marginInlineEnd: 0 }}>
                      {roleName(r, lang)}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
            {
              key: 'active',
              title: t('common.status'),
              render: (_, u) => (
                <Flex gap={4} wrap>
                  {u.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>}
                  {u.lockedUntil ? (
                    <Tag color="red" data-testid="user-locked">
                      {t('users.lockedUntil', { time: formatDateTime(u.lockedUntil) })}
                    </Tag>
                  ) : null}
                </Flex>
              ),
            },
            {
              key: 'lastLoginAt',
              title: t('users.lastLogin'),
              render: (_, u) => (u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('users.never')),
            },
            ...(canManage
              ? [
                  {
                    key: 'actions',
                    title: t('common.actions'),
                    fixed: isPhone ? undefined : ('right' as const),
                    render: (_: unknown, u: User) => (
                      <Flex gap={0} wrap>
                        <Button type="link" size="small" onClick={() => setFormTarget({ mode: 'edit', user: u })}>
                          {t('common.edit')}
                        </Button>
                        <Button type="link" size="small" onClick={() => setResetting(u)}>
                          {t('users.resetPassword')}
                        </Button>
                        {u.lockedUntil ? (
                          <Button type="link" size="small" onClick={() => setUnlocking(u)}>
                            {t('users.unlock')}
                          </Button>
                        ) : null}
                        {u.id === me.id ? null : (
                          <Button type="link" size="small" danger={u.active} onClick={() => setToggling(u)}>
                            {u.active ? t('common.deactivate') : t('common.activate')}
                          </Button>
                        )}
                      </Flex>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {formTarget ? <UserFormModal target={formTarget} onClose={() => setFormTarget(null)} /> : null}
      {resetting ? <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} /> : null}
      {toggling ? (
        <ReasonModal
          title={t(toggling.active ? 'users.deactivateTitle' : 'users.activateTitle', { name: toggling.displayName })}
          okText={t(toggling.active ? 'common.deactivate' : 'common.activate')}
          danger={toggling.active}
          withReason={false}
          busy={toggle.isPending}
          onConfirm={() => toggle.mutate(toggling)}
          onClose={() => setToggling(null)}
        />
      ) : null}
      {unlocking ? (
        <ReasonModal
          title={t('users.unlockTitle', { name: unlocking.displayName })}
          okText={t('users.unlock')}
          withReason={false}
          busy={unlock.isPending}
          onConfirm={() => unlock.mutate(unlocking)}
          onClose={() => setUnlocking(null)}
        />
      ) : null}
    </>
  );
}
