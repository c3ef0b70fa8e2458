import { describe, expect, it } from 'vitest';
import type { OrgKind } from '../../../shared/permissions.js';
import {
  addedCodes,
  adminRoleProblem,
  childPath,
  commonPath,
  normaliseCodes,
  parentProblem,
  rebasePath,
} from './rules.js';

const hq = { id: 'h', kind: 'hq' as const, path: 'h/', active: true };
const center = { id: 'c', kind: 'center' as const, path: 'h/c/', active: true };
const outlet = { id: 'o', kind: 'outlet' as const, path: 'h/c/o/', active: true };

describe('parentProblem', () => {
  it.each([
    ['hq', null, undefined, null],
    ['hq', hq, undefined, 'hq_has_no_parent'],
    ['center', null, undefined, 'parent_required'],
    ['center', hq, undefined, null],
    ['center', center, undefined, 'center_needs_hq_parent'],
    ['center', outlet, undefined, 'center_needs_hq_parent'],
    ['outlet', center, undefined, null],
    ['outlet', hq, undefined, 'outlet_needs_center_parent'],
    ['outlet', outlet, undefined, 'outlet_needs_center_parent'],
    ['outlet', { ...center, active: false }, undefined, 'parent_inactive'],
    // Moving a unit under its own subtree (or itself) would make a cycle.
    ['outlet', center, 'h/c/', 'cycle'],
    ['outlet', center, 'h/x/o/', null],
  ] as const)('%s under %o (moving %s) → %s', (kind, parent, moving, expected) => {
    expect(parentProblem(kind as OrgKind, parent, moving)).toBe(expected);
  });
});

describe('paths', () => {
  it('builds a child path and rebases descendants', () => {
    expect(childPath('h/c/', 'o')).toBe('h/c/o/');
    expect(rebasePath('h/c/o/', 'h/c/', 'h/d/')).toBe('h/d/o/');
    expect(rebasePath('h/x/o/', 'h/c/', 'h/d/')).toBe('h/x/o/');
  });

  it.each([
    ['h/c1/o1/', 'h/c2/o1/', 'h/'],
    ['h/c/o1/', 'h/c/o2/', 'h/c/'],
    ['h/c/', 'h/c/o/', 'h/c/'],
    ['h/c/o/', 'h/c/o/', 'h/c/o/'],
    // Whole segments only: ids that share a prefix are different units.
    ['h/c1/', 'h/c12/', 'h/'],
    ['a/', 'b/', ''],
  ])('commonPath(%s, %s) = %s', (a, b, expected) => {
    expect(commonPath(a, b)).toBe(expected);
    expect(commonPath(b, a)).toBe(expected);
  });
});

describe('role permission lists', () => {
  it('keeps users.manage and roles.manage on the admin role only', () => {
    expect(adminRoleProblem('admin', ['users.manage', 'roles.manage', 'org.read'])).toBeNull();
    expect(adminRoleProblem('admin', ['roles.manage'])).toBe('users.manage');
    expect(adminRoleProblem('admin', ['users.manage'])).toBe('roles.manage');
    expect(adminRoleProblem('admin', [])).toBe('users.manage');
    expect(adminRoleProblem('manager', [])).toBeNull();
  });

  it('normalises and diffs code lists', () => {
    expect(normaliseCodes(['b', 'a', 'b'])).toEqual(['a', 'b']);
    expect(addedCodes(['a', 'b'], ['b', 'c', 'd'])).toEqual(['c', 'd']);
    expect(addedCodes(['a'], [])).toEqual([]);
  });
});
