import {
  AccountBookOutlined,
  AlertOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  BarcodeOutlined,
  BranchesOutlined,
  CalendarOutlined,
  ScheduleOutlined,
  GiftOutlined,
  NotificationOutlined,
  CarOutlined,
  ClockCircleOutlined,
  BookOutlined,
  CheckSquareOutlined,
  ContactsOutlined,
  DatabaseOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FundOutlined,
  HomeOutlined,
  InboxOutlined,
  LineChartOutlined,
  MessageOutlined,
  MoneyCollectOutlined,
  PhoneOutlined,
  CustomerServiceOutlined,
  LikeOutlined,
  RollbackOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SwapOutlined,
  FileProtectOutlined,
  FrownOutlined,
  PieChartOutlined,
  SettingOutlined,
  ShoppingCartOutlined,
  SolutionOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  NodeIndexOutlined,
  ToolOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../../shared/permissions.js';
import type { MessageKey } from '../i18n/index.js';

/** Menu groups in the order people work: take the call, serve it, look things up, configure, run the system. */
export const NAV_GROUPS = ['intake', 'service', 'records', 'config', 'system'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

export interface NavItem {
  path: string;
  /** The menu group it is listed under; none for the home page. */
  group?: NavGroup;
  label: MessageKey;
  icon: ReactNode;
  /** Shown only to users holding this permission. */
  permission?: Permission;
  /** On phones, listed first for users of these roles (the technician's own jobs). */
  phoneFirstFor?: readonly string[];
}

/** The main menu; later modules (parts, settlement…) add their pages here, each under its group. */
export const NAV_ITEMS: NavItem[] = [
  { path: '/', label: 'nav.home', icon: <HomeOutlined /> },
  { path: '/intake', group: 'intake', label: 'nav.intake', icon: <PhoneOutlined />, permission: 'contacts.create' },
  {
    path: '/intake/queue',
    group: 'intake',
    label: 'nav.intakeQueue',
    icon: <SolutionOutlined />,
    permission: 'contacts.create',
  },
  { path: '/orders', group: 'service', label: 'nav.orders', icon: <FileDoneOutlined />, permission: 'orders.read' },
  {
    path: '/orders/register',
    group: 'service',
    label: 'nav.ordersRegister',
    icon: <BookOutlined />,
    permission: 'orders.read',
  },
  {
    path: '/part-requests',
    group: 'service',
    label: 'nav.partRequests',
    icon: <ShoppingCartOutlined />,
    permission: 'parts.read',
  },
  {
    path: '/part-quotas',
    group: 'service',
    label: 'nav.partQuotas',
    icon: <FundOutlined />,
    permission: 'parts.read',
  },
  {
    path: '/planning',
    group: 'service',
    label: 'nav.planning',
    icon: <NodeIndexOutlined />,
    permission: 'orders.dispatch',
  },
  {
    path: '/tech',
    group: 'service',
    label: 'nav.tech',
    icon: <ToolOutlined />,
    permission: 'orders.execute',
    phoneFirstFor: ['technician'],
  },
  {
    path: '/pool',
    group: 'service',
    label: 'nav.pool',
    icon: <ThunderboltOutlined />,
    permission: 'orders.execute',
    phoneFirstFor: ['technician'],
  },
  {
    path: '/reports',
    group: 'records',
    label: 'nav.reports',
    icon: <LineChartOutlined />,
    permission: 'reports.read',
  },
  {
    path: '/customers',
    group: 'records',
    label: 'nav.customers',
    icon: <ContactsOutlined />,
    permission: 'customers.read',
  },
  { path: '/units', group: 'records', label: 'nav.units', icon: <BarcodeOutlined />, permission: 'customers.read' },
  {
    path: '/catalog',
    group: 'records',
    label: 'nav.catalog',
    icon: <AppstoreOutlined />,
    permission: 'customers.read',
  },
  {
    path: '/parts/stock',
    group: 'records',
    label: 'nav.partsStock',
    icon: <DatabaseOutlined />,
    permission: 'parts.read',
  },
  {
    path: '/parts/stocktakes',
    group: 'records',
    label: 'nav.stocktakes',
    icon: <CheckSquareOutlined />,
    permission: 'parts.read',
  },
  {
    path: '/part-shipment-routes',
    group: 'config',
    label: 'nav.shipmentRoutes',
    icon: <CarOutlined />,
    permission: 'parts.read',
  },
  {
    path: '/fee-rules',
    group: 'config',
    label: 'nav.feeRules',
    icon: <MoneyCollectOutlined />,
    permission: 'orders.read',
  },
  {
    path: '/statements',
    group: 'config',
    label: 'nav.statements',
    icon: <AccountBookOutlined />,
    permission: 'settlement.read',
  },
  {
    path: '/cash-reconciliation',
    group: 'service',
    label: 'nav.cashReconciliation',
    icon: <AccountBookOutlined />,
    permission: 'money.reconcile',
  },
  {
    path: '/invoice-requests',
    group: 'service',
    label: 'nav.invoiceRequests',
    icon: <FileTextOutlined />,
    permission: 'money.reconcile',
  },
  { path: '/org', group: 'config', label: 'nav.org', icon: <ApartmentOutlined />, permission: 'org.read' },
  {
    path: '/org/certifications',
    group: 'config',
    label: 'nav.certifications',
    icon: <TrophyOutlined />,
    permission: 'orders.read',
  },
  { path: '/users', group: 'system', label: 'nav.users', icon: <TeamOutlined />, permission: 'users.read' },
  {
    path: '/roles',
    group: 'system',
    label: 'nav.roles',
    icon: <SafetyCertificateOutlined />,
    permission: 'roles.manage',
  },
  { path: '/audit', group: 'system', label: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read' },
  { path: '/settings', group: 'system', label: 'nav.settings', icon: <SettingOutlined />, permission: 'settings.read' },
  { path: '/outbox', group: 'system', label: 'nav.outbox', icon: <InboxOutlined />, permission: 'messages.read' },
  {
    path: '/messages/report',
    group: 'system',
    label: 'nav.messageReport',
    icon: <BarChartOutlined />,
    permission: 'messages.read',
  },
  {
    path: '/messages/templates',
    group: 'config',
    label: 'nav.messageTemplates',
    icon: <MessageOutlined />,
    permission: 'settings.read',
  },
  {
    path: '/sla/calendars',
    group: 'config',
    label: 'nav.slaCalendars',
    icon: <CalendarOutlined />,
    permission: 'settings.read',
  },
  {
    path: '/sla/policies',
    group: 'config',
    label: 'nav.slaPolicies',
    icon: <ClockCircleOutlined />,
    permission: 'settings.read',
  },
  {
    path: '/warranty/policies',
    group: 'config',
    label: 'nav.warrantyPolicies',
    icon: <SafetyOutlined />,
    permission: 'settings.read',
  },
  {
    path: '/warranty/contracts',
    group: 'records',
    label: 'nav.warrantyContracts',
    icon: <FileProtectOutlined />,
    permission: 'customers.read',
  },
  {
    path: '/warranty/cases',
    group: 'service',
    label: 'nav.warrantyCases',
    icon: <SwapOutlined />,
    permission: 'orders.read',
  },
  {
    path: '/part-returns',
    group: 'service',
    label: 'nav.partReturns',
    icon: <RollbackOutlined />,
    permission: 'orders.read',
  },
  {
    path: '/complaints',
    group: 'service',
    label: 'nav.complaints',
    icon: <FrownOutlined />,
    permission: 'complaints.read',
  },
  {
    path: '/callbacks',
    group: 'service',
    label: 'nav.callbacks',
    icon: <CustomerServiceOutlined />,
    permission: 'callbacks.read',
  },
  {
    path: '/recalls',
    group: 'service',
    label: 'nav.recalls',
    icon: <AlertOutlined />,
    permission: 'recalls.read',
  },
  {
    path: '/care/maintenance',
    group: 'service',
    label: 'nav.careMaintenance',
    icon: <ScheduleOutlined />,
    permission: 'care.read',
  },
  {
    path: '/care/warranty-offers',
    group: 'service',
    label: 'nav.careOffers',
    icon: <GiftOutlined />,
    permission: 'care.read',
  },
  {
    path: '/care/announcements',
    group: 'service',
    label: 'nav.careAnnouncements',
    icon: <NotificationOutlined />,
    permission: 'care.read',
  },
  {
    path: '/callback-scores',
    group: 'records',
    label: 'nav.callbackScores',
    icon: <LikeOutlined />,
    permission: 'callbacks.read',
  },
  {
    path: '/complaints/reports',
    group: 'records',
    label: 'nav.complaintReports',
    icon: <PieChartOutlined />,
    permission: 'complaints.read',
  },
  {
    path: '/complaints/routes',
    group: 'config',
    label: 'nav.complaintRoutes',
    icon: <BranchesOutlined />,
    permission: 'complaints.manage',
  },
];

export function visibleNavItems(permissions: readonly string[], phone?: { roles: readonly string[] }): NavItem[] {
  const items = NAV_ITEMS.filter((item) => !item.permission || permissions.includes(item.permission));
  if (!phone) return items;
  const first = (item: NavItem) => !!item.phoneFirstFor?.some((r) => phone.roles.includes(r));
  return [...items.filter(first), ...items.filter((item) => !first(item))];
}

export type NavEntry = { item: NavItem } | { group: NavGroup; items: NavItem[] };

interface MenuUser {
  roles: readonly string[];
  permissions: readonly string[];
}

/**
 * Where a person lands: the screen their day is spent on. Administrators and managers who may read
 * the reports land on their dashboard, the outlet manager and dispatchers work their board, the
 * hotline the desk, the technician their jobs. Several roles: the widest wins (an outlet manager
 * who also repairs lands on the board). Anyone else keeps the welcome page.
 */
export function roleHome(user: MenuUser): string | null {
  const has = (role: string, permission: string) => user.roles.includes(role) && user.permissions.includes(permission);
  if (user.roles.includes('admin') || user.roles.includes('manager'))
    return user.permissions.includes('reports.read') ? '/reports' : null;
  if (has('outlet_manager', 'orders.read') || has('center_staff', 'orders.read') || has('dispatcher', 'orders.read'))
    return '/orders';
  if (has('hotline_agent', 'contacts.create') || has('complaint_handler', 'contacts.create')) return '/intake';
  if (has('technician', 'orders.execute')) return '/tech';
  return null;
}

/**
 * The menu as shown: only what the user may open, grouped. A group with one page is that page
 * (a heading over a single line is noise), and on phones the pages listed first for the user's
 * roles stand at the top, outside their group, so the technician's jobs are one tap away. The
 * home entry is left out for people whose home is a working screen (it would only lead there).
 */
export function navEntries(user: MenuUser, phone: boolean): NavEntry[] {
  const items = visibleNavItems(user.permissions, phone ? user : undefined).filter(
    (i) => i.path !== '/' || !roleHome(user),
  );
  const first = (item: NavItem) => phone && !!item.phoneFirstFor?.some((r) => user.roles.includes(r));
  const top = (item: NavItem) => !item.group || first(item);
  const entries: NavEntry[] = items.filter(top).map((item) => ({ item }));
  for (const group of NAV_GROUPS) {
    const members = items.filter((i) => !top(i) && i.group === group);
    if (members.length === 1) entries.push({ item: members[0]! });
    else if (members.length > 1) entries.push({ group, items: members });
  }
  return entries;
}

/** The menu key for a location: the longest menu path it is under, else its first path segment. */
export function navKeyOf(pathname: string): string {
  const under = NAV_ITEMS.filter((i) => i.path !== '/' && (pathname === i.path || pathname.startsWith(`${i.path}/`)));
  const longest = under.sort((a, b) => b.path.length - a.path.length)[0];
  if (longest) return longest.path;
  const first = pathname.split('/').filter(Boolean)[0];
  return first ? `/${first}` : '/';
}
