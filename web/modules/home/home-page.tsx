import { Card, Descriptions, Flex, Space, Tag, Typography } from 'antd';
import { useMe, useSetupStatus } from '../../api/session.js';
import { useI18n } from '../../i18n/index.js';
import { kindName, roleName } from '../../lib/names.js';
import { IncompleteArchivesCard } from '../customers/incomplete-archives-card.js';

/** A plain welcome for now; work-order counters join it later. */
export function HomePage() {
  const { t, lang } = useI18n();
  const me = useMe().data!;
  const company = useSetupStatus().data?.companyName;

  return (
    <Flex vertical gap={16}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('home.welcome', { name: me.displayName })}
        </Typography.Title>
        <Descriptions
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            { key: 'company', label: t('home.company'), children: company ?? t('app.name') },
            {
              key: 'unit',
              label: t('home.orgUnit'),
              children: `${me.orgUnitName} · ${kindName(me.orgUnitKind, lang)}`,
            },
            {
              key: 'roles',
              label: t('home.roles'),
              children: (
                <Space size={[4, 4]} wrap>
                  {me.roles.map((r) => (
                    <Tag key={r} color="blue">
                      {roleName(r, lang)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              key: 'perms',
              label: t('home.permissions'),
              children: t('home.permissionCount', { count: me.permissions.length }),
            },
          ]}
        />
      </Card>
      <IncompleteArchivesCard />
    </Flex>
  );
}
