import { Card, Descriptions, Flex, Space, Tag, Typography } from 'antd';
import { Navigate } from 'react-router';
import { useMe, useSetupStatus } from '../../api/session.js';
import { roleHome } from '../../components/nav-items.js';
import { useI18n } from '../../i18n/index.js';
import { kindName, roleName } from '../../lib/names.js';
import { IncompleteArchivesCard } from '../customers/incomplete-archives-card.js';

/** The role's working screen when it has one (roleHome: the reports' dashboard for administrators and managers); otherwise a welcome. */
export function HomePage() {
  const me = useMe().data!;
  const home = roleHome(me);
  return home ? <Navigate to={home} replace /> : <WelcomePage />;
}

function WelcomePage() {
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
