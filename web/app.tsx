import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ConfigProviderProps } from 'antd';
import enUSModule from 'antd/es/locale/en_US.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import { type ComponentType, Fragment, lazy, type ReactNode, Suspense, useEffect } from 'react';
import { BrowserRouter, Route, Routes, useLocation, useNavigate } from 'react-router';
import type { Permission } from '../shared/permissions.js';
import { type ApiError, setUnauthorizedHandler } from './api/client.js';
import { ME_URL, useSetupStatus } from './api/session.js';
import { RequireAuth, RequirePermission, SetupGate } from './components/guards.js';
import { AppLayout } from './components/layout.js';
import { FullPageSpin, NotFoundPage } from './components/status-pages.js';
import { I18nProvider, useI18n } from './i18n/index.js';
import { setDisplayZone } from './lib/format.js';

type Locale = NonNullable<ConfigProviderProps['locale']>;
// TypeScript (NodeNext) sees antd's locale files as CommonJS, `{ default: Locale }`; the bundler
// hands over the ES module's default export itself. Accept both.
function unwrapLocale(m: unknown): Locale {
  return (m && typeof m === 'object' && 'default' in m ? (m as { default: Locale }).default : m) as Locale;
}
const enUS = unwrapLocale(enUSModule);
const zhCN = unwrapLocale(zhCNModule);

/** Route pages load on demand, so the first load carries only the shell. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const SetupPage = page(() => import('./modules/setup/setup-page.js'), 'SetupPage');
const LoginPage = page(() => import('./modules/auth/login-page.js'), 'LoginPage');
const HomePage = page(() => import('./modules/home/home-page.js'), 'HomePage');
const OrgPage = page(() => import('./modules/org/org-page.js'), 'OrgPage');
const UsersPage = page(() => import('./modules/users/users-page.js'), 'UsersPage');
const RolesPage = page(() => import('./modules/roles/roles-page.js'), 'RolesPage');
const AuditPage = page(() => import('./modules/audit/audit-page.js'), 'AuditPage');
const SettingsPage = page(() => import('./modules/settings/settings-page.js'), 'SettingsPage');
const ProfilePage = page(() => import('./modules/profile/profile-page.js'), 'ProfilePage');
const IntakePage = page(() => import('./modules/intake/intake-page.js'), 'IntakePage');
const QueuePage = page(() => import('./modules/intake/queue-page.js'), 'QueuePage');
const ContactsPage = page(() => import('./modules/intake/contacts-page.js'), 'ContactsPage');
const RequestsPage = page(() => import('./modules/intake/requests-page.js'), 'RequestsPage');
const OutboxPage = page(() => import('./modules/outbox/outbox-page.js'), 'OutboxPage');
const MessageReportPage = page(() => import('./modules/messages/report-page.js'), 'MessageReportPage');
const TemplatesPage = page(() => import('./modules/messages/templates-page.js'), 'TemplatesPage');
const CalendarsPage = page(() => import('./modules/sla/calendars-page.js'), 'CalendarsPage');
const PoliciesPage = page(() => import('./modules/sla/policies-page.js'), 'PoliciesPage');
const InboxPage = page(() => import('./modules/inbox/inbox-page.js'), 'InboxPage');
const PortalApp = page(() => import('./modules/portal/portal-app.js'), 'PortalApp');
const CustomersPage = page(() => import('./modules/customers/customers-page.js'), 'CustomersPage');
const IncompleteCustomersPage = page(() => import('./modules/customers/customers-page.js'), 'IncompleteCustomersPage');
const CustomerDetailPage = page(() => import('./modules/customers/customer-detail-page.js'), 'CustomerDetailPage');
const CustomerImportPage = page(() => import('./modules/customers/import-page.js'), 'ImportPage');
const CatalogPage = page(() => import('./modules/catalog/catalog-page.js'), 'CatalogPage');
const ModelDetailPage = page(() => import('./modules/catalog/model-detail-page.js'), 'ModelDetailPage');
const StockPage = page(() => import('./modules/parts/stock-page.js'), 'StockPage');
const VanStockPage = page(() => import('./modules/parts/van-stock-page.js'), 'VanStockPage');
const StocktakesPage = page(() => import('./modules/parts/stocktakes-page.js'), 'StocktakesPage');
const StocktakePage = page(() => import('./modules/parts/stocktake-page.js'), 'StocktakePage');
const CountSheetPage = page(() => import('./modules/parts/count-sheet-page.js'), 'CountSheetPage');
const UnitsPage = page(() => import('./modules/units/units-page.js'), 'UnitsPage');
const UnitDetailPage = page(() => import('./modules/units/unit-detail-page.js'), 'UnitDetailPage');
const OrdersPage = page(() => import('./modules/work-orders/orders-page.js'), 'OrdersPage');
const OrderDetailPage = page(() => import('./modules/work-orders/order-detail-page.js'), 'OrderDetailPage');
const OrderCreatePage = page(() => import('./modules/work-orders/order-create-page.js'), 'OrderCreatePage');
const OrderPrintPage = page(() => import('./modules/work-orders/order-print-page.js'), 'OrderPrintPage');
const RegisterPage = page(() => import('./modules/work-orders/register-page.js'), 'RegisterPage');
const PartRequestsPage = page(() => import('./modules/part-requests/part-requests-page.js'), 'PartRequestsPage');
const PartQuotasPage = page(() => import('./modules/part-requests/quotas-page.js'), 'PartQuotasPage');
const FeeRulesPage = page(() => import('./modules/money/fee-rules-page.js'), 'FeeRulesPage');
const StatementsPage = page(() => import('./modules/statements/statements-page.js'), 'StatementsPage');
const StatementPage = page(() => import('./modules/statements/statement-page.js'), 'StatementPage');
const StatementPrintPage = page(() => import('./modules/statements/statement-print-page.js'), 'StatementPrintPage');
const ReceiptPage = page(() => import('./modules/money/receipt-page.js'), 'ReceiptPage');
const CashReconciliationPage = page(
  () => import('./modules/money/cash-reconciliation-page.js'),
  'CashReconciliationPage',
);
const InvoiceRequestsPage = page(() => import('./modules/money/invoice-requests-page.js'), 'InvoiceRequestsPage');
const ShipmentRoutesPage = page(() => import('./modules/part-requests/shipment-routes-page.js'), 'ShipmentRoutesPage');
const CertificationsPage = page(() => import('./modules/work-orders/certifications-page.js'), 'CertificationsPage');
const TechPage = page(() => import('./modules/technician/tech-page.js'), 'TechPage');
const TechJobPage = page(() => import('./modules/technician/tech-job-page.js'), 'TechJobPage');
const WarrantyPoliciesPage = page(() => import('./modules/warranty/policies-page.js'), 'WarrantyPoliciesPage');
const ContractsPage = page(() => import('./modules/warranty/contracts-page.js'), 'ContractsPage');
const CasesPage = page(() => import('./modules/warranty/cases-page.js'), 'CasesPage');
const CaseDetailPage = page(() => import('./modules/warranty/case-detail-page.js'), 'CaseDetailPage');
const CasePrintPage = page(() => import('./modules/warranty/case-print-page.js'), 'CasePrintPage');
const PartReturnsPage = page(() => import('./modules/part-returns/returns-page.js'), 'PartReturnsPage');
const ReturnBatchesPage = page(() => import('./modules/part-returns/batches-page.js'), 'ReturnBatchesPage');
const ReturnBatchPage = page(() => import('./modules/part-returns/batch-page.js'), 'ReturnBatchPage');
const ReturnNotePage = page(() => import('./modules/part-returns/note-page.js'), 'ReturnNotePage');
const ComplaintsPage = page(() => import('./modules/complaints/complaints-page.js'), 'ComplaintsPage');
const ComplaintPage = page(() => import('./modules/complaints/complaint-page.js'), 'ComplaintPage');
const ComplaintNewPage = page(() => import('./modules/complaints/complaint-new-page.js'), 'ComplaintNewPage');
const ComplaintPrintPage = page(() => import('./modules/complaints/complaint-print-page.js'), 'ComplaintPrintPage');
const ComplaintRoutesPage = page(() => import('./modules/complaints/complaint-routes-page.js'), 'ComplaintRoutesPage');
const ComplaintReportsPage = page(
  () => import('./modules/complaints/complaint-reports-page.js'),
  'ComplaintReportsPage',
);
const CallbacksPage = page(() => import('./modules/callbacks/callbacks-page.js'), 'CallbacksPage');
const CallbackPage = page(() => import('./modules/callbacks/callback-page.js'), 'CallbackPage');
const CallbackScoresPage = page(() => import('./modules/callbacks/callback-scores-page.js'), 'CallbackScoresPage');
const RecallsPage = page(() => import('./modules/recalls/recalls-page.js'), 'RecallsPage');
const RecallPage = page(() => import('./modules/recalls/recall-page.js'), 'RecallPage');
const MaintenancePage = page(() => import('./modules/care/maintenance-page.js'), 'MaintenancePage');
const OffersPage = page(() => import('./modules/care/offers-page.js'), 'OffersPage');
const AnnouncementsPage = page(() => import('./modules/care/announcements-page.js'), 'AnnouncementsPage');
const ReportsDashboardPage = page(() => import('./modules/reports/dashboard-page.js'), 'ReportsDashboardPage');
const MonthlyReportPage = page(() => import('./modules/reports/monthly-page.js'), 'MonthlyReportPage');
const DailyReportPage = page(() => import('./modules/reports/daily-page.js'), 'DailyReportPage');
const ReportOrdersPage = page(() => import('./modules/reports/orders-page.js'), 'ReportOrdersPage');
const SlaReportPage = page(() => import('./modules/reports/sla-page.js'), 'SlaReportPage');
const ProductivityReportPage = page(() => import('./modules/reports/productivity-page.js'), 'ProductivityReportPage');
const FaultsReportPage = page(() => import('./modules/reports/faults-page.js'), 'FaultsReportPage');
const FailureRateReportPage = page(() => import('./modules/reports/failure-rate-page.js'), 'FailureRateReportPage');
const PartsReportPage = page(() => import('./modules/reports/parts-page.js'), 'PartsReportPage');
const PlanningPage = page(() => import('./modules/planning/planning-page.js'), 'PlanningPage');
const PoolPage = page(() => import('./modules/planning/pool-page.js'), 'PoolPage');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      // Client errors (4xx) will not fix themselves; retry only network and server trouble once.
      retry: (count, err) => count < 1 && ((err as ApiError).status ?? 0) >= 500,
    },
  },
});

/** A lost session (401 on any call) goes back to the login page, then returns here. */
function UnauthorizedRedirect() {
  const navigate = useNavigate();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      const here = window.location.pathname + window.location.search;
      queryClient.removeQueries({ queryKey: [ME_URL] });
      if (!['/login', '/setup'].includes(window.location.pathname)) {
        navigate('/login', { replace: true, state: { from: here } });
      }
    });
    return () => setUnauthorizedHandler(null);
  }, [navigate]);
  return null;
}

/**
 * Dates are shown in the company's time zone (from /api/setup, public, so the portal too). The zone
 * is set before the pages render; should it differ from the default once known, they render again.
 */
function DisplayZone({ children }: { children: ReactNode }) {
  const zone = useSetupStatus().data?.timeZone ?? 'Asia/Shanghai';
  setDisplayZone(zone);
  return <Fragment key={zone}>{children}</Fragment>;
}

function guarded(permission: Permission, element: ReactNode) {
  return <RequirePermission permission={permission}>{element}</RequirePermission>;
}

function AppRoutes() {
  // The customer portal is public: no setup gate, no sign-in, its own layout.
  if (useLocation().pathname.startsWith('/portal')) {
    return (
      <Suspense fallback={<FullPageSpin />}>
        <Routes>
          <Route path="/portal/*" element={<PortalApp />} />
        </Routes>
      </Suspense>
    );
  }
  return (
    <SetupGate>
      <Suspense fallback={<FullPageSpin />}>
        <Routes>
          <Route path="/setup" element={<SetupPage />} />
          <Route path="/login" element={<LoginPage />} />
          <Route
            element={
              <RequireAuth>
                <AppLayout />
              </RequireAuth>
            }
          >
            <Route index element={<HomePage />} />
            <Route path="org" element={guarded('org.read', <OrgPage />)} />
            <Route path="users" element={guarded('users.read', <UsersPage />)} />
            <Route path="roles" element={guarded('roles.manage', <RolesPage />)} />
            <Route path="audit" element={guarded('audit.read', <AuditPage />)} />
            <Route path="settings" element={guarded('settings.read', <SettingsPage />)} />
            <Route path="customers" element={guarded('customers.read', <CustomersPage />)} />
            <Route path="customers/incomplete" element={guarded('customers.read', <IncompleteCustomersPage />)} />
            <Route path="customers/import" element={guarded('customers.manage', <CustomerImportPage />)} />
            <Route path="customers/:id" element={guarded('customers.read', <CustomerDetailPage />)} />
            <Route path="catalog" element={<CatalogPage />} />
            <Route path="catalog/models/:id" element={<ModelDetailPage />} />
            <Route path="units" element={guarded('customers.read', <UnitsPage />)} />
            <Route path="units/:id" element={guarded('customers.read', <UnitDetailPage />)} />
            <Route path="profile" element={<ProfilePage />} />
            <Route path="intake" element={guarded('contacts.create', <IntakePage />)} />
            <Route path="intake/queue" element={guarded('contacts.create', <QueuePage />)} />
            <Route path="intake/contacts" element={guarded('contacts.create', <ContactsPage />)} />
            <Route path="intake/requests" element={guarded('customers.read', <RequestsPage />)} />
            <Route path="outbox" element={guarded('messages.read', <OutboxPage />)} />
            <Route path="messages/report" element={guarded('messages.read', <MessageReportPage />)} />
            <Route path="messages/templates" element={guarded('settings.read', <TemplatesPage />)} />
            <Route path="sla/calendars" element={guarded('settings.read', <CalendarsPage />)} />
            <Route path="sla/policies" element={guarded('settings.read', <PoliciesPage />)} />
            <Route path="inbox" element={<InboxPage />} />
            <Route path="orders" element={guarded('orders.read', <OrdersPage />)} />
            <Route path="orders/new" element={guarded('orders.create', <OrderCreatePage />)} />
            <Route path="orders/register" element={guarded('orders.read', <RegisterPage />)} />
            <Route path="orders/:id" element={guarded('orders.read', <OrderDetailPage />)} />
            <Route path="orders/:id/print" element={guarded('orders.read', <OrderPrintPage />)} />
            <Route path="org/certifications" element={guarded('orders.read', <CertificationsPage />)} />
            <Route path="part-requests" element={guarded('parts.read', <PartRequestsPage />)} />
            <Route path="part-quotas" element={guarded('parts.read', <PartQuotasPage />)} />
            <Route path="part-shipment-routes" element={guarded('parts.read', <ShipmentRoutesPage />)} />
            <Route path="fee-rules" element={guarded('orders.read', <FeeRulesPage />)} />
            <Route path="statements" element={guarded('settlement.read', <StatementsPage />)} />
            <Route path="statements/:id" element={guarded('settlement.read', <StatementPage />)} />
            <Route path="statements/:id/print" element={guarded('settlement.read', <StatementPrintPage />)} />
            <Route path="collections/:id/receipt" element={guarded('orders.read', <ReceiptPage />)} />
            <Route path="cash-reconciliation" element={guarded('money.reconcile', <CashReconciliationPage />)} />
            <Route path="invoice-requests" element={guarded('money.reconcile', <InvoiceRequestsPage />)} />
            <Route path="tech" element={guarded('orders.execute', <TechPage />)} />
            <Route path="tech/orders/:id" element={guarded('orders.execute', <TechJobPage />)} />
            <Route path="tech/van" element={guarded('parts.read', <VanStockPage />)} />
            <Route path="parts/stock" element={guarded('parts.read', <StockPage />)} />
            <Route path="parts/stocktakes" element={guarded('parts.read', <StocktakesPage />)} />
            <Route path="parts/stocktakes/:id" element={guarded('parts.read', <StocktakePage />)} />
            <Route path="parts/stocktakes/:id/sheet" element={guarded('parts.read', <CountSheetPage />)} />
            <Route path="warranty/policies" element={guarded('settings.read', <WarrantyPoliciesPage />)} />
            <Route path="warranty/contracts" element={guarded('customers.read', <ContractsPage />)} />
            <Route path="warranty/cases" element={guarded('orders.read', <CasesPage />)} />
            <Route path="warranty/cases/:id" element={guarded('orders.read', <CaseDetailPage />)} />
            <Route path="warranty/cases/:id/print" element={guarded('orders.read', <CasePrintPage />)} />
            <Route path="part-returns" element={guarded('orders.read', <PartReturnsPage />)} />
            <Route path="part-returns/batches" element={guarded('orders.read', <ReturnBatchesPage />)} />
            <Route path="part-returns/batches/:id" element={guarded('orders.read', <ReturnBatchPage />)} />
            <Route path="part-returns/batches/:id/note" element={guarded('orders.read', <ReturnNotePage />)} />
            <Route path="complaints" element={guarded('complaints.read', <ComplaintsPage />)} />
            <Route path="complaints/new" element={guarded('complaints.read', <ComplaintNewPage />)} />
            <Route path="complaints/reports" element={guarded('complaints.read', <ComplaintReportsPage />)} />
            <Route path="complaints/routes" element={guarded('complaints.manage', <ComplaintRoutesPage />)} />
            <Route path="complaints/:id" element={guarded('complaints.read', <ComplaintPage />)} />
            <Route path="complaints/:id/print" element={guarded('complaints.read', <ComplaintPrintPage />)} />
            <Route path="callbacks" element={guarded('callbacks.read', <CallbacksPage />)} />
            <Route path="callbacks/:id" element={guarded('callbacks.read', <CallbackPage />)} />
            <Route path="callback-scores" element={guarded('callbacks.read', <CallbackScoresPage />)} />
            <Route path="recalls" element={guarded('recalls.read', <RecallsPage />)} />
            <Route path="recalls/:id" element={guarded('recalls.read', <RecallPage />)} />
            <Route path="care/maintenance" element={guarded('care.read', <MaintenancePage />)} />
            <Route path="care/warranty-offers" element={guarded('care.read', <OffersPage />)} />
            <Route path="care/announcements" element={guarded('care.read', <AnnouncementsPage />)} />
            <Route path="reports" element={guarded('reports.read', <ReportsDashboardPage />)} />
            <Route path="reports/monthly" element={guarded('reports.read', <MonthlyReportPage />)} />
            <Route path="reports/daily" element={guarded('reports.read', <DailyReportPage />)} />
            <Route path="reports/orders" element={guarded('reports.read', <ReportOrdersPage />)} />
            <Route path="reports/sla" element={guarded('reports.read', <SlaReportPage />)} />
            <Route path="reports/productivity" element={guarded('reports.read', <ProductivityReportPage />)} />
            <Route path="reports/faults" element={guarded('reports.read', <FaultsReportPage />)} />
            <Route path="reports/failure-rate" element={guarded('reports.read', <FailureRateReportPage />)} />
            <Route path="reports/parts" element={guarded('reports.read', <PartsReportPage />)} />
            <Route path="planning" element={guarded('orders.dispatch', <PlanningPage />)} />
            <Route path="pool" element={guarded('orders.read', <PoolPage />)} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </Suspense>
    </SetupGate>
  );
}

function Themed({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      // Two-character Chinese labels ("登录", "保存") keep their exact text, without antd's inserted space.
      button={{ autoInsertSpace: false }}
      theme={{ token: { colorPrimary: '#1677ff' } }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function AppRoot() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Themed>
          <BrowserRouter>
            <UnauthorizedRedirect />
            <DisplayZone>
              <AppRoutes />
            </DisplayZone>
          </BrowserRouter>
        </Themed>
      </I18nProvider>
    </QueryClientProvider>
  );
}
