import { Table, Tag } from 'antd';
import type { User } from '../../../server/modules/org/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { useI18n } from '../../i18n/index.js';
import { roleName } from '../../lib/names.js';

/** People in a unit and the units below it. */
export function UnitMembers({ unitId }: { unitId: string }) {
  const { t, lang } = useI18n();
  const users = useApiQuery('GET /api/users', { query: { orgUnitId: unitId, pageSize: 200 } });
  return (
    <Table<User>
      rowKey="id"
      size="small"
      loading={users.isPending}
      dataSource={users.data?.items}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('org.noMembers') }}
      columns={[
        { key: 'displayName', title: t('users.displayName'), dataIndex: 'displayName' },
        { key: 'username', title: t('users.username'), dataIndex: 'username' },
        { key: 'orgUnitName', title: t('users.orgUnit'), dataIndex: 'orgUnitName' },
        {
          key: 'roles',
          title: t('users.roles'),
          render: (_, u) => u.roles.map((r) => <Tag key={r}>{roleName(r, lang)}</Tag>),
        },
        {
          key: 'active',
          title: t('common.status'),
          render: (_, u) =>
            u.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>,
        },
      ]}
    />
  );
}
