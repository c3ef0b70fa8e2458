import type { Depot } from '../../../server/modules/parts/contract.js';

/** A depot in the tree: unit depots under their parent unit's depot, vans and consignment depots under their unit's. */
export interface DepotNode {
  depot: Depot;
  children: DepotNode[];
}

const UNIT_KINDS = new Set<Depot['kind']>(['hq', 'center', 'outlet']);
/** Within one parent: sub-units first, then consignment depots, then vans; otherwise the list's order. */
const RANK: Record<Depot['kind'], number> = { hq: 0, center: 0, outlet: 0, consignment: 1, van: 2 };

/**
 * The depot tree from the flat list `GET /api/parts/depots` answers. A unit depot (HQ, center,
 * outlet) hangs under the depot of its unit's parent; a van or consignment depot under the depot
 * of its own unit. A depot whose parent is not in the list (out of the reader's scope) is a root.
 */
export function buildDepotTree(depots: readonly Depot[]): DepotNode[] {
  const nodes = new Map<string, DepotNode>();
  const unitDepot = new Map<string, DepotNode>();
  for (const d of depots) {
    const node = { depot: d, children: [] };
    nodes.set(d.id, node);
    if (UNIT_KINDS.has(d.kind) && !unitDepot.has(d.orgUnitId)) unitDepot.set(d.orgUnitId, node);
  }
  const roots: DepotNode[] = [];
  for (const d of depots) {
    const node = nodes.get(d.id)!;
    const parentUnit = UNIT_KINDS.has(d.kind) ? d.orgUnitParentId : d.orgUnitId;
    const parent = parentUnit ? unitDepot.get(parentUnit) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const order = (list: DepotNode[]) => {
    const index = new Map(depots.map((d, i) => [d.id, i]));
    list.sort((a, b) => RANK[a.depot.kind] - RANK[b.depot.kind] || index.get(a.depot.id)! - index.get(b.depot.id)!);
    for (const n of list) order(n.children);
  };
  order(roots);
  return roots;
}

/** The depot ids of the tree, depth first (the order a tree shows them expanded). */
export function flattenDepotTree(nodes: readonly DepotNode[]): string[] {
  return nodes.flatMap((n) => [n.depot.id, ...flattenDepotTree(n.children)]);
}

/** The technician's own van among the depots, if any. */
export function vanOf(depots: readonly Depot[], userId: string): Depot | undefined {
  return depots.find((d) => d.kind === 'van' && d.technicianUserId === userId);
}
