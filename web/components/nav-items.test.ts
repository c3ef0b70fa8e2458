import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLE_PERMISSIONS } from '../../shared/permissions.js';
import { type NavEntry, navEntries, navKeyOf, roleHome } from './nav-items.js';

const user = (...roles: (keyof typeof DEFAULT_ROLE_PERMISSIONS)[]) => ({
  roles,
  permissions: [...new Set(roles.flatMap((r) => DEFAULT_ROLE_PERMISSIONS[r]))],
});
const paths = (entries: NavEntry[]) =>
  entries.flatMap((e) => ('item' in e ? [e.item.path] : e.items.map((i) => i.path)));

describe('role home pages', () => {
  it('lands each working role on its screen', () => {
    expect(roleHome(user('technician'))).toBe('/tech');
    expect(roleHome(user('outlet_manager'))).toBe('/orders');
    expect(roleHome(user('dispatcher'))).toBe('/orders');
    expect(roleHome(user('center_staff'))).toBe('/orders');
    expect(roleHome(user('hotline_agent'))).toBe('/intake');
    expect(roleHome(user('outlet_manager', 'technician'))).toBe('/orders');
    expect(roleHome(user('admin'))).toBe('/reports');
    expect(roleHome(user('manager'))).toBe('/reports');
    expect(roleHome(user('admin', 'technician'))).toBe('/reports');
    // Without the reports, an administrator or a manager keeps the welcome page.
    expect(roleHome({ roles: ['manager'], permissions: ['orders.read'] })).toBeNull();
    expect(roleHome(user('auditor'))).toBeNull();
  });
});

describe('grouped menu', () => {
  it('groups pages and shows only what the role may open', () => {
    const admin = navEntries(user('admin'), false);
    // Home would only lead to the reports' dashboard, where an administrator lands.
    expect(paths(admin)).not.toContain('/');
    expect(paths(admin)).toContain('/reports');
    expect(paths(navEntries(user('auditor'), false))).toContain('/');
    expect(admin.filter((e) => 'group' in e).map((e) => ('group' in e ? e.group : ''))).toEqual([
      'intake',
      'service',
      'records',
      'config',
      'system',
    ]);
    const tech = navEntries(user('technician'), false);
    expect(paths(tech)).not.toContain('/settings');
    expect(paths(tech)).not.toContain('/'); // home would only lead to the jobs
  });

  it('puts the technician’s jobs first on the phone', () => {
    const entries = navEntries(user('technician'), true);
    expect(entries[0]).toMatchObject({ item: { path: '/tech' } });
    expect(paths(entries).filter((p) => p === '/tech')).toHaveLength(1);
  });

  it('lists the reports for those who may read them', () => {
    for (const role of ['admin', 'manager', 'center_staff', 'finance', 'outlet_manager'] as const)
      expect(paths(navEntries(user(role), false))).toContain('/reports');
    for (const role of ['technician', 'hotline_agent', 'dispatcher'] as const)
      expect(paths(navEntries(user(role), false))).not.toContain('/reports');
  });

  it('keeps the reports entry selected on every report screen (the screens link each other by tabs)', () => {
    for (const path of [
      '/reports/sla',
      '/reports/productivity',
      '/reports/faults',
      '/reports/parts',
      '/reports/orders',
    ])
      expect(navKeyOf(path)).toBe('/reports');
    expect(navKeyOf('/complaints/reports')).toBe('/complaints/reports');
  });

  it('lists day planning for dispatchers and the order pool for technicians', () => {
    for (const role of ['dispatcher', 'outlet_manager'] as const)
      expect(paths(navEntries(user(role), false))).toContain('/planning');
    expect(paths(navEntries(user('technician'), false))).not.toContain('/planning');
    expect(paths(navEntries(user('technician'), false))).toContain('/pool');
    const phone = navEntries(user('technician'), true);
    expect(phone[0]).toMatchObject({ item: { path: '/tech' } });
    expect(phone[1]).toMatchObject({ item: { path: '/pool' } });
  });

  it('lists a group of one page as that page', () => {
    const entries = navEntries({ roles: [], permissions: ['audit.read'] }, false);
    expect(entries.map((e) => ('item' in e ? e.item.path : e.group))).toEqual(['/', '/audit']);
  });
});
