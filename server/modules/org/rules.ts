import {
  ADMIN_LOCKED_PERMISSIONS,
  ADMIN_ROLE,
  ALLOWED_PARENT,
  type OrgKind,
  type Permission,
} from '../../../shared/permissions.js';

/*
 * Pure rules of the org tree (DOMAIN.md, People and places): HQ → provincial centers → outlets;
 * technicians and staff are users attached to a unit. Paths are materialised as ids each followed
 * by '/', so "within a subtree" is a prefix match.
 */

/** Why a unit of `kind` may not sit under `parent`, or null when it may. */
export function parentProblem(
  kind: OrgKind,
  parent: { id: string; kind: OrgKind; path: string; active: boolean } | null,
  movingPath?: string,
): string | null {
  const expected = ALLOWED_PARENT[kind];
  if (expected === null) return parent ? 'hq_has_no_parent' : null;
  if (!parent) return 'parent_required';
  if (parent.kind !== expected) return `${kind}_needs_${expected}_parent`;
  if (!parent.active) return 'parent_inactive';
  if (movingPath && parent.path.startsWith(movingPath)) return 'cycle';
  return null;
}

export function childPath(parentPath: string, id: string): string {
  return `${parentPath}${id}/`;
}

/** The path a descendant gets when its ancestor moves from `oldPrefix` to `newPrefix`. */
export function rebasePath(path: string, oldPrefix: string, newPrefix: string): string {
  return path.startsWith(oldPrefix) ? newPrefix + path.slice(oldPrefix.length) : path;
}

/**
 * The deepest unit both paths lie under. Events about a change that spans two units (a person or
 * an outlet moving between centers) carry this path, so each side's managers do not learn about
 * the other side's units, and everyone above both sees the whole change.
 */
export function commonPath(a: string, b: string): string {
  const as = a.split('/').filter(Boolean);
  const bs = b.split('/').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < Math.min(as.length, bs.length) && as[i] === bs[i]; i++) out.push(as[i]!);
  return out.map((s) => `${s}/`).join('');
}

/** The first locked permission a new admin permission list would drop, or null when it keeps them all. */
export function adminRoleProblem(roleCode: string, permissions: readonly string[]): Permission | null {
  if (roleCode !== ADMIN_ROLE) return null;
  return ADMIN_LOCKED_PERMISSIONS.find((p) => !permissions.includes(p)) ?? null;
}

/** A set of codes, deduplicated and sorted, so stored lists and event diffs are stable. */
export function normaliseCodes<T extends string>(codes: readonly T[]): T[] {
  return [...new Set(codes)].sort();
}

/** Permissions in `next` that are not in `before`. */
export function addedCodes<T extends string>(before: readonly T[], next: readonly T[]): T[] {
  return next.filter((c) => !before.includes(c));
}
