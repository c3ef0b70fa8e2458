import { Drawer, Grid, Table, Tag } from 'antd';
import type { SettingInfo } from '../../../server/platform/config/contract.js';
import { useApiList } from '../../api/queries.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { type SettingVersion, settingLabel } from './settings-api.js';
import { SettingValue } from './setting-value.js';

/** Every version of a setting, scheduled ones included, newest first. */
export function SettingHistoryDrawer({ setting, onClose }: { setting: SettingInfo; onClose: () => void }) {
  const { t, lang } = useI18n();
  const screens = Grid.useBreakpoint();
  const versions = useApiList('GET /api/settings/:key/versions', { params: { key: setting.key } });
  const now = Date.now();

  return (
    <Drawer
      open
      onClose={onClose}
      title={t('settings.historyTitle', { label: settingLabel(setting, lang) })}
      size={screens.md ? 720 : '100%'}
    >
      <Table<SettingVersion>
        rowKey="id"
        size="small"
        loading={versions.isPending}
        dataSource={versions.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'value',
            title: t('settings.value'),
            render: (_, v) => <SettingValue value={v.value} setting={setting} />,
          },
          {
            key: 'effectiveFrom',
            title: t('settings.effectiveFrom'),
            render: (_, v) => (
              <>
                {formatDateTime(v.effectiveFrom)}{' '}
                {new Date(v.effectiveFrom).getTime() > now ? <Tag color="orange">{t('settings.upcoming')}</Tag> : null}
              </>
            ),
          },
          { key: 'createdAt', title: t('settings.createdAt'), render: (_, v) => formatDateTime(v.createdAt) },
          { key: 'createdBy', title: t('settings.createdBy'), render: (_, v) => v.createdByName ?? t('common.system') },
          { key: 'note', title: t('settings.note'), dataIndex: 'note' },
        ]}
      />
    </Drawer>
  );
}
