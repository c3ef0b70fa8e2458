import { ALLOWED_PARENT, type OrgKind } from '../../../shared/permissions.js';

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
