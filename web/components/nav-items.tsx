import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarcodeOutlined,
  CalendarOutlined,
  ClockCircleOutlined,
  BookOutlined,
  ContactsOutlined,
  FileDoneOutlined,
  HomeOutlined,
  InboxOutlined,
  PhoneOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SwapOutlined,
  FileProtectOutlined,
  SettingOutlined,
  SolutionOutlined,
  TeamOutlined,
  ToolOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../../shared/permissions.js';
import type { MessageKey } from '../i18n/index.js';

export interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Shown only to users holding this permission. */
  permission?: Permission;
  /** On phones, listed first for users of these roles (the technician's own jobs). */
  phoneFirstFor?: readonly string[];
}

/** The main menu; later modules (work orders, customers…) add their pages here. */
export const NAV_ITEMS: NavItem[] = [
  { path: '/', label: 'nav.home', icon: <HomeOutlined /> },
  { path: '/intake', label: 'nav.intake', icon: <PhoneOutlined />, permission: 'contacts.create' },
  { path: '/intake/queue', label: 'nav.intakeQueue', icon: <SolutionOutlined />, permission: 'contacts.create' },
  { path: '/orders', label: 'nav.orders', icon: <FileDoneOutlined />, permission: 'orders.read' },
  { path: '/orders/register', label: 'nav.ordersRegister', icon: <BookOutlined />, permission: 'orders.read' },
  {
    path: '/tech',
    label: 'nav.tech',
    icon: <ToolOutlined />,
    permission: 'orders.execute',
    phoneFirstFor: ['technician'],
  },
  { path: '/customers', label: 'nav.customers', icon: <ContactsOutlined />, permission: 'customers.read' },
  { path: '/units', label: 'nav.units', icon: <BarcodeOutlined />, permission: 'customers.read' },
  { path: '/catalog', label: 'nav.catalog', icon: <AppstoreOutlined />, permission: 'customers.read' },
  { path: '/org', label: 'nav.org', icon: <ApartmentOutlined />, permission: 'org.read' },
  { path: '/org/certifications', label: 'nav.certifications', icon: <TrophyOutlined />, permission: 'orders.read' },
  { path: '/users', label: 'nav.users', icon: <TeamOutlined />, permission: 'users.read' },
  { path: '/roles', label: 'nav.roles', icon: <SafetyCertificateOutlined />, permission: 'roles.manage' },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read' },
  { path: '/settings', label: 'nav.settings', icon: <SettingOutlined />, permission: 'settings.read' },
  { path: '/outbox', label: 'nav.outbox', icon: <InboxOutlined />, permission: 'settings.read' },
  { path: '/sla/calendars', label: 'nav.slaCalendars', icon: <CalendarOutlined />, permission: 'settings.read' },
  { path: '/sla/policies', label: 'nav.slaPolicies', icon: <ClockCircleOutlined />, permission: 'settings.read' },
  { path: '/warranty/policies', label: 'nav.warrantyPolicies', icon: <SafetyOutlined />, permission: 'settings.read' },
  {
    path: '/warranty/contracts',
    label: 'nav.warrantyContracts',
    icon: <FileProtectOutlined />,
    permission: 'customers.read',
  },
  { path: '/warranty/cases', label: 'nav.warrantyCases', icon: <SwapOutlined />, permission: 'orders.read' },
];

export function visibleNavItems(permissions: readonly string[], phone?: { roles: readonly string[] }): NavItem[] {
  const items = NAV_ITEMS.filter((item) => !item.permission || permissions.includes(item.permission));
  if (!phone) return items;
  const first = (item: NavItem) => !!item.phoneFirstFor?.some((r) => phone.roles.includes(r));
  return [...items.filter(first), ...items.filter((item) => !first(item))];
}

/** The menu key for a location: the longest menu path it is under, else its first path segment. */
export function navKeyOf(pathname: string): string {
  const under = NAV_ITEMS.filter((i) => i.path !== '/' && (pathname === i.path || pathname.startsWith(`${i.path}/`)));
  const longest = under.sort((a, b) => b.path.length - a.path.length)[0];
  if (longest) return longest.path;
  const first = pathname.split('/').filter(Boolean)[0];
  return first ? `/${first}` : '/';
}
