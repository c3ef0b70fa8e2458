import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarcodeOutlined,
  CalendarOutlined,
  ClockCircleOutlined,
  ContactsOutlined,
  HomeOutlined,
  InboxOutlined,
  PhoneOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  SolutionOutlined,
  TeamOutlined,
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
}

/** The main menu; later modules (work orders, customers…) add their pages here. */
export const NAV_ITEMS: NavItem[] = [
  { path: '/', label: 'nav.home', icon: <HomeOutlined /> },
  { path: '/intake', label: 'nav.intake', icon: <PhoneOutlined />, permission: 'contacts.create' },
  { path: '/intake/queue', label: 'nav.intakeQueue', icon: <SolutionOutlined />, permission: 'contacts.create' },
  { path: '/customers', label: 'nav.customers', icon: <ContactsOutlined />, permission: 'customers.read' },
  { path: '/units', label: 'nav.units', icon: <BarcodeOutlined />, permission: 'customers.read' },
  { path: '/catalog', label: 'nav.catalog', icon: <AppstoreOutlined />, permission: 'customers.read' },
  { path: '/org', label: 'nav.org', icon: <ApartmentOutlined />, permission: 'org.read' },
  { path: '/users', label: 'nav.users', icon: <TeamOutlined />, permission: 'users.read' },
  { path: '/roles', label: 'nav.roles', icon: <SafetyCertificateOutlined />, permission: 'roles.manage' },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read' },
  { path: '/settings', label: 'nav.settings', icon: <SettingOutlined />, permission: 'settings.read' },
  { path: '/outbox', label: 'nav.outbox', icon: <InboxOutlined />, permission: 'settings.read' },
  { path: '/sla/calendars', label: 'nav.slaCalendars', icon: <CalendarOutlined />, permission: 'settings.read' },
  { path: '/sla/policies', label: 'nav.slaPolicies', icon: <ClockCircleOutlined />, permission: 'settings.read' },
];

export function visibleNavItems(permissions: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.permission || permissions.includes(item.permission));
}

/** The menu key for a location: its first path segment. */
export function navKeyOf(pathname: string): string {
  const first = pathname.split('/').filter(Boolean)[0];
  return first ? `/${first}` : '/';
}
