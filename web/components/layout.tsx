import { DownOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Dropdown, Flex, Layout, Menu, type MenuProps, Spin, Typography } from 'antd';
import { Suspense, useEffect, useRef, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout, useMe, useSetupStatus } from '../api/session.js';
import { useI18n } from '../i18n/index.js';
import { InboxBell } from '../modules/inbox/inbox-bell.js';
import { LanguageSwitch } from './language-switch.js';
import { type NavGroup, navEntries, navKeyOf } from './nav-items.js';
import { FullPageSpin } from './status-pages.js';
import { useIsPhone } from './use-is-phone.js';

const SIDER_WIDTH = 208;
const CLOSED_GROUPS_KEY = 'sanbao.nav.closed';

const groupKey = (group: NavGroup) => `group:${group}`;

function readClosedGroups(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(CLOSED_GROUPS_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function writeClosedGroups(keys: string[]): void {
  try {
    localStorage.setItem(CLOSED_GROUPS_KEY, JSON.stringify(keys));
  } catch {
    // Private mode or full storage: the menu simply opens again next time.
  }
}

/** The signed-in shell: menu by permission, header with company, language and user menu. */
export function AppLayout() {
  const { t, lang, setLang } = useI18n();
  const me = useMe().data!;
  const company = useSetupStatus().data?.companyName;
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const logout = useLogout();
  const isPhone = useIsPhone();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);

  // The profile's language wins once per page load; later switches go the other way (UI → profile).
  const langSynced = useRef(false);
  useEffect(() => {
    if (langSynced.current) return;
    langSynced.current = true;
    if (me.lang !== lang) setLang(me.lang);
  }, [me.lang, lang, setLang]);

  useEffect(() => {
    if (pathname) setDrawerOpen(false);
  }, [pathname]);

  // Groups start open; the ones a person folds stay folded on this browser.
  const [closedGroups, setClosedGroups] = useState<string[]>(() => readClosedGroups());
  const entries = navEntries(me, isPhone);
  const menuItems: MenuProps['items'] = entries.map((e) =>
    'item' in e
      ? { key: e.item.path, icon: e.item.icon, label: t(e.item.label) }
      : {
          key: groupKey(e.group),
          label: t(`nav.group.${e.group}`),
          children: e.items.map((item) => ({ key: item.path, icon: item.icon, label: t(item.label) })),
        },
  );
  const groupKeys = entries.flatMap((e) => ('group' in e ? [groupKey(e.group)] : []));
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[navKeyOf(pathname)]}
      openKeys={groupKeys.filter((k) => !closedGroups.includes(k))}
      onOpenChange={(open) => {
        const closed = groupKeys.filter((k) => !open.includes(k));
        setClosedGroups(closed);
        writeClosedGroups(closed);
      }}
      items={menuItems}
      onClick={({ key }) => navigate(key)}
      style={{ borderInlineEnd: 'none' }}
    />
  );

  const userMenu: MenuProps = {
    items: [
      { key: 'profile', icon: <UserOutlined />, label: t('nav.profile') },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout') },
    ],
    onClick: async ({ key }) => {
      if (key === 'profile') navigate('/profile');
      if (key === 'logout') {
        setLeaving(true);
        await logout().finally(() => setLeaving(false));
      }
    },
  };

  const brand = (
    <Link to="/" style={{ display: 'block', padding: '16px 20px', fontWeight: 600, fontSize: 16, color: 'inherit' }}>
      {t('app.shortName')}
    </Link>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isPhone ? (
        <Drawer
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          placement="left"
          size={SIDER_WIDTH + 32}
          title={t('app.name')}
          styles={{ body: { padding: 0 } }}
        >
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider width={SIDER_WIDTH} theme="light" style={{ borderInlineEnd: '1px solid rgba(5,5,5,0.06)' }}>
          {brand}
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: isPhone ? '0 8px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            borderBottom: '1px solid rgba(5,5,5,0.06)',
          }}
        >
          {isPhone ? (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('nav.menu')}
              onClick={() => setDrawerOpen(true)}
            />
          ) : null}
          <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0 }} data-testid="company-name">
            {company ?? t('app.name')}
          </Typography.Text>
          <InboxBell />
          <LanguageSwitch signedIn />
          <Dropdown menu={userMenu} trigger={['click']}>
            <Button type="text" icon={<UserOutlined />} loading={leaving} data-testid="user-menu">
              {isPhone ? null : (
                <Flex gap={4} align="center" component="span">
                  {me.displayName}
                  <DownOutlined style={{ fontSize: 10 }} />
                </Flex>
              )}
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: isPhone ? 8 : 24, minWidth: 0 }}>
          {me.mustChangePassword && pathname !== '/profile' ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('nav.mustChangePassword')}
              action={
                <Link to="/profile">
                  <Button size="small">{t('nav.changePasswordNow')}</Button>
                </Link>
              }
            />
          ) : null}
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      {leaving ? <Spin fullscreen /> : null}
    </Layout>
  );
}
