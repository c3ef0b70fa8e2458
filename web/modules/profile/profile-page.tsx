import { LogoutOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Row, Typography } from 'antd';
import { can, useLogout, useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { useT } from '../../i18n/index.js';
import { PasswordCard } from './password-card.js';
import { ProfileCard } from './profile-card.js';
import { StaffMailCard } from './staff-mail-card.js';
import { TokensCard } from './tokens-card.js';

/** My account: details, password, API tokens and signing out everywhere. */
export function ProfilePage() {
  const t = useT();
  const me = useMe().data!;
  const { modal } = App.useApp();
  const logout = useLogout();

  const logoutAll = () =>
    modal.confirm({
      title: t('profile.logoutAll'),
      content: t('profile.logoutAllConfirm'),
      okText: t('profile.logoutAll'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true },
      onOk: () => logout('POST /api/auth/logout-all'),
    });

  return (
    <>
      <PageHeader title={t('profile.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <ProfileCard me={me} />
        </Col>
        <Col xs={24} xl={10}>
          <PasswordCard />
        </Col>
        <Col xs={24} xl={14}>
          <StaffMailCard me={me} />
        </Col>
        {can(me, 'tokens.manage') ? (
          <Col span={24}>
            <TokensCard me={me} />
          </Col>
        ) : null}
        <Col span={24}>
          <Card title={t('profile.sessions')}>
            <Typography.Paragraph type="secondary">{t('profile.logoutAllHelp')}</Typography.Paragraph>
            <Button danger icon={<LogoutOutlined />} onClick={logoutAll}>
              {t('profile.logoutAll')}
            </Button>
          </Card>
        </Col>
      </Row>
    </>
  );
}
