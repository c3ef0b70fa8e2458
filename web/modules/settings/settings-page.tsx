import { Button, Card, Flex, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { SettingInfo } from '../../../server/platform/config/contract.js';
import { useApiList } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { FullPageSpin, LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime, formatValue } from '../../lib/format.js';
import { SettingEditModal } from './setting-edit-modal.js';
import { SettingHistoryDrawer } from './setting-history-drawer.js';
import { SettingValue } from './setting-value.js';
import { isProviderSetting, providerFormValues } from './provider-fields.js';
import { ProviderSummary, ReceiptUrls } from './provider-settings.js';
import { optionLabel, settingLabel } from './settings-api.js';

/** Audited configuration, by group; a change can wait for an effective date. */
export function SettingsPage() {
  const { t, lang, tryT } = useI18n();
  const me = useMe().data!;
  const settings = useApiList('GET /api/settings', {});
  const [editing, setEditing] = useState<SettingInfo | null>(null);
  const [history, setHistory] = useState<SettingInfo | null>(null);
  const canManage = can(me, 'settings.manage');

  const groups = useMemo(() => {
    const out = new Map<string, SettingInfo[]>();
    for (const s of settings.data ?? []) out.set(s.group, [...(out.get(s.group) ?? []), s]);
    return [...out];
  }, [settings.data]);

  if (settings.isPending) return <FullPageSpin />;
  if (settings.isError) return <LoadFailed detail={settings.error.detail} onRetry={() => settings.refetch()} />;

  return (
    <>
      <PageHeader title={t('settings.title')} />
      <Flex vertical gap={16}>
        {groups.map(([group, items]) => (
          <Card key={group} title={tryT(`settings.group.${group}`) ?? group} styles={{ body: { padding: 0 } }}>
            <Table<SettingInfo>
              rowKey="key"
              size="middle"
              pagination={false}
              dataSource={items}
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  key: 'label',
                  title: t('settings.key'),
                  render: (_, s) => (
                    <Flex vertical>
                      <span>{settingLabel(s, lang)}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {s.key}
                      </Typography.Text>
                    </Flex>
                  ),
                },
                {
                  key: 'value',
                  title: t('settings.value'),
                  render: (_, s) =>
                    isProviderSetting(s.key) ? (
                      <Flex vertical gap={8}>
                        <ProviderSummary settingKey={s.key} value={s.value} />
                        <ReceiptUrls settingKey={s.key} provider={providerFormValues(s.key, s.value).provider} />
                      </Flex>
                    ) : (
                      <SettingValue value={s.value} setting={s} />
                    ),
                },
                {
                  key: 'default',
                  title: t('settings.default'),
                  render: (_, s) =>
                    isProviderSetting(s.key) ? (
                      <ProviderSummary settingKey={s.key} value={s.default} />
                    ) : (
                      <SettingValue value={s.default} setting={s} />
                    ),
                },
                {
                  key: 'upcoming',
                  title: t('settings.upcoming'),
                  render: (_, s) =>
                    s.upcoming.map((u) => (
                      <Tag key={u.effectiveFrom} color="orange">
                        {t('settings.upcomingItem', {
                          value: optionLabel(s, u.value, lang) ?? formatValue(u.value),
                          at: formatDateTime(u.effectiveFrom),
                        })}
                      </Tag>
                    )),
                },
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_, s) => (
                    <Flex gap={0}>
                      {canManage ? (
                        <Button type="link" size="small" onClick={() => setEditing(s)}>
                          {t('common.edit')}
                        </Button>
                      ) : null}
                      <Button type="link" size="small" onClick={() => setHistory(s)}>
                        {t('settings.history')}
                      </Button>
                    </Flex>
                  ),
                },
              ]}
            />
          </Card>
        ))}
      </Flex>
      {editing ? <SettingEditModal setting={editing} onClose={() => setEditing(null)} /> : null}
      {history ? <SettingHistoryDrawer setting={history} onClose={() => setHistory(null)} /> : null}
    </>
  );
}
