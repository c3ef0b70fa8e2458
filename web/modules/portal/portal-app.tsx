import { CustomerServiceOutlined } from '@ant-design/icons';
import { Flex, Layout, Segmented, Typography } from 'antd';
import { Suspense } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useSetupStatus } from '../../api/session.js';
import { LanguageSwitch } from '../../components/language-switch.js';
import { FullPageSpin, NotFoundPage } from '../../components/status-pages.js';
import { useT } from '../../i18n/index.js';
import { ReportPage } from './report-page.js';
import { RecallBookingPage } from './recall-booking-page.js';
import { SurveyPage } from './survey-page.js';
import { TrackPage } from './track-page.js';
import { UnsubscribePage } from './unsubscribe-page.js';

/** The customers' own pages: public, light, phone first, with their own language switch. */
export function PortalApp() {
  const t = useT();
  const company = useSetupStatus().data?.companyName;
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const tab = pathname.startsWith('/portal/track') ? 'track' : 'report';
  // The survey, the recall booking and the unsubscribe page are reached from their links only: no tabs over them.
  const survey = ['/portal/survey/', '/portal/recall/', '/portal/unsubscribe/'].some((p) => pathname.startsWith(p));
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Layout.Header
        style={{
          background: '#fff',
          padding: '0 12px',
          height: 52,
          lineHeight: '52px',
          display: 'flex',
          alignItems: 'center',
          gap: 8,
          borderBottom: '1px solid rgba(5,5,5,0.06)',
        }}
      >
        <CustomerServiceOutlined style={{ fontSize: 20, color: '#1677ff' }} />
        <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0 }}>
          {company ? `${company} · ${t('portal.brand')}` : t('portal.brand')}
        </Typography.Text>
        <LanguageSwitch signedIn={false} />
      </Layout.Header>
      <Layout.Content style={{ width: '100%', maxWidth: 560, margin: '0 auto', padding: 12 }}>
        {survey ? null : (
          <Flex justify="center" style={{ marginBottom: 12 }}>
            <Segmented
              value={tab}
              onChange={(v) => navigate(v === 'track' ? '/portal/track' : '/portal/report')}
              options={[
                { value: 'report', label: t('portal.nav.report') },
                { value: 'track', label: t('portal.nav.track') },
              ]}
            />
          </Flex>
        )}
        <Suspense fallback={<FullPageSpin />}>
          <Routes>
            <Route index element={<Navigate to="report" replace />} />
            <Route path="report" element={<ReportPage />} />
            <Route path="track" element={<TrackPage />} />
            <Route path="survey/:token" element={<SurveyPage />} />
            <Route path="recall/:token" element={<RecallBookingPage />} />
            <Route path="unsubscribe/:token" element={<UnsubscribePage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', fontSize: 12, marginTop: 16 }}>
          {t('portal.footer')}
        </Typography.Paragraph>
      </Layout.Content>
    </Layout>
  );
}
