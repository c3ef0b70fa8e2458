import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, Checkbox, Col, Flex, Menu, Row, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { Role } from '../../../server/modules/org/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiList } from '../../api/queries.js';
import { ME_URL } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { FullPageSpin, LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';

interface PermissionInfo {
  code: string;
  zh: string;
  en: string;
}

const ROLES_URL = '/api/roles';

function groupPermissions(perms: PermissionInfo[]): { group: string; items: PermissionInfo[] }[] {
  const groups = new Map<string, PermissionInfo[]>();
  for (const p of perms) {
    const g = p.code.split('.')[0] ?? 'other';
    groups.set(g, [...(groups.get(g) ?? []), p]);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Which role may do what: one role at a time, permissions grouped by area, saved as a whole. */
export function RolesPage() {
  const { t, lang, tryT } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const roles = useApiList('GET /api/roles', {});
  const perms = useApiList('GET /api/permissions', {}, { staleTime: 10 * 60_000 });
  const [selected, setSelected] = useState<string | null>(null);
  const [drafts, setDrafts] = useState<Record<string, string[]>>({});

  useEffect(() => {
    if (!selected && roles.data?.[0]) setSelected(roles.data[0].code);
  }, [roles.data, selected]);

  const groups = useMemo(() => groupPermissions(perms.data ?? []), [perms.data]);
  const role = roles.data?.find((r) => r.code === selected);
  const current = role ? (drafts[role.code] ?? role.permissions) : [];
  const dirty = !!role && !sameSet(current, role.permissions);
  const roleLabel = (r: Role) => (lang === 'en' ? r.nameEn : r.nameZh);

  const save = useMutation({
    mutationFn: (r: Role) =>
      api.call('PUT /api/roles/:code/permissions', {
        params: { code: r.code },
        body: { permissions: drafts[r.code] ?? r.permissions, version: r.version },
      }),
    onSuccess: async (_, r) => {
      message.success(t('roles.saved', { name: roleLabel(r) }));
      setDrafts(({ [r.code]: _done, ...rest }) => rest);
      await invalidateUrls(qc, ROLES_URL, ME_URL);
    },
    onError: (err) => showError(err),
  });

  if (roles.isPending || perms.isPending) return <FullPageSpin />;
  if (roles.isError) return <LoadFailed detail={roles.error.detail} onRetry={() => roles.refetch()} />;
  if (perms.isError) return <LoadFailed detail={perms.error.detail} onRetry={() => perms.refetch()} />;

  const setCurrent = (next: string[]) => role && setDrafts((d) => ({ ...d, [role.code]: next }));
  const toggleGroup = (codes: string[], on: boolean) =>
    setCurrent(on ? [...new Set([...current, ...codes])] : current.filter((c) => !codes.includes(c)));

  return (
    <>
      <PageHeader title={t('roles.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8} lg={6}>
          <Card styles={{ body: { padding: 4 } }}>
            <Menu
              mode="inline"
              selectedKeys={selected ? [selected] : []}
              onClick={({ key }) => setSelected(key)}
              style={{ borderInlineEnd: 'none' }}
              items={roles.data.map((r) => ({
                key: r.code,
                label: (
                  <Flex justify="space-between" align="center" gap={8}>
                    <span>{roleLabel(r)}</span>
                    {drafts[r.code] && !sameSet(drafts[r.code]!, r.permissions) ? <Badge status="warning" /> : null}
                  </Flex>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} md={16} lg={18}>
          {role ? (
            <Card
              title={
                <Space wrap>
                  <span>{t('roles.permissionsOf', { name: roleLabel(role) })}</span>
                  <Tag>{role.builtin ? t('roles.builtin') : t('roles.custom')}</Tag>
                  <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                    {t('roles.permissionCount', { count: current.length })}
                  </Typography.Text>
                </Space>
              }
              extra={
                <Space wrap>
                  {dirty ? <Typography.Text type="warning">{t('roles.unsaved')}</Typography.Text> : null}
                  {dirty ? (
                    <Button onClick={() => setDrafts(({ [role.code]: _drop, ...rest }) => rest)}>
                      {t('roles.revert')}
                    </Button>
                  ) : null}
                  <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate(role)}>
                    {t('common.save')}
                  </Button>
                </Space>
              }
            >
              <Flex vertical gap={16}>
                {groups.map(({ group, items }) => {
                  const codes = items.map((p) => p.code);
                  const on = codes.filter((c) => current.includes(c)).length;
                  return (
                    <div key={group}>
                      <Checkbox
                        checked={on === codes.length}
                        indeterminate={on > 0 && on < codes.length}
                        onChange={(e) => toggleGroup(codes, e.target.checked)}
                      >
                        <Typography.Text strong>{tryT(`perm.group.${group}`) ?? t('perm.group.other')}</Typography.Text>
                      </Checkbox>
                      <Checkbox.Group
                        value={current.filter((c) => codes.includes(c))}
                        onChange={(vals) =>
                          setCurrent([...current.filter((c) => !codes.includes(c)), ...(vals as string[])])
                        }
                        style={{ display: 'flex', flexWrap: 'wrap', gap: '8px 24px', margin: '8px 0 0 24px' }}
                        options={items.map((p) => ({
                          value: p.code,
                          label: <span title={p.code}>{lang === 'en' ? p.en : p.zh}</span>,
                        }))}
                      />
                    </div>
                  );
                })}
              </Flex>
            </Card>
          ) : null}
        </Col>
      </Row>
    </>
  );
}
