import type { OrgUnit } from '../../../server/modules/org/contract.js';

export interface UnitNode {
  unit: OrgUnit;
  children: UnitNode[];
}

/** The flat unit list as a forest, siblings by code; units whose parent is not in the list become roots. */
export function buildUnitForest(units: readonly OrgUnit[]): UnitNode[] {
  const nodes = new Map<string, UnitNode>(units.map((u) => [u.id, { unit: u, children: [] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: UnitNode[]) => {
    list.sort((a, b) => a.unit.code.localeCompare(b.unit.code));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** Ids of a unit and everything below it (a unit cannot move under itself). */
export function subtreeIds(units: readonly OrgUnit[], rootId: string): Set<string> {
  const byParent = new Map<string, string[]>();
  for (const u of units) {
    if (!u.parentId) continue;
    byParent.set(u.parentId, [...(byParent.get(u.parentId) ?? []), u.id]);
  }
  const out = new Set<string>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(byParent.get(id) ?? []));
  }
  return out;
}

export interface UnitTreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children?: UnitTreeOption[];
}

/**
 * Options for a TreeSelect; `selectable` decides which units may be picked. Units that cannot be
 * picked stay as context only when something below them can.
 */
export function unitTreeOptions(
  forest: UnitNode[],
  label: (u: OrgUnit) => string,
  selectable: (u: OrgUnit) => boolean = () => true,
): UnitTreeOption[] {
  const out: UnitTreeOption[] = [];
  for (const n of forest) {
    const children = unitTreeOptions(n.children, label, selectable);
    const pick = selectable(n.unit);
    if (!pick && !children.length) continue;
    out.push({
      value: n.unit.id,
      title: label(n.unit),
      disabled: !pick,
      children: children.length ? children : undefined,
    });
  }
  return out;
}

/** The forest cut down to units whose name or code contains `q`, with their ancestors for context. */
export function filterForest(forest: UnitNode[], q: string): UnitNode[] {
  const needle = q.trim().toLowerCase();
  if (!needle) return forest;
  const out: UnitNode[] = [];
  for (const n of forest) {
    const hit = n.unit.name.toLowerCase().includes(needle) || n.unit.code.toLowerCase().includes(needle);
    const children = hit ? n.children : filterForest(n.children, q);
    if (hit || children.length) out.push({ unit: n.unit, children });
  }
  return out;
}

/** Ids to expand at first: everything in a small organisation, the top two levels in a large one. */
export function initialExpanded(forest: UnitNode[], total: number, limit = 300): string[] {
  if (total <= limit) {
    const all: string[] = [];
    const walk = (ns: UnitNode[]) => {
      for (const n of ns) {
        if (n.children.length) all.push(n.unit.id);
        walk(n.children);
      }
    };
    walk(forest);
    return all;
  }
  return forest.map((n) => n.unit.id);
}
