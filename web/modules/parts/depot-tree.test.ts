import { describe, expect, it } from 'vitest';
import type { Depot } from '../../../server/modules/parts/contract.js';
import { buildDepotTree, flattenDepotTree, vanOf } from './depot-tree.js';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const UNIT = { hq: uuid(101), center: uuid(102), outlet: uuid(103), outlet2: uuid(104) };

function depot(
  id: number,
  kind: Depot['kind'],
  orgUnitId: string,
  orgUnitParentId: string | null,
  extra: Partial<Depot> = {},
): Depot {
  return {
    id: uuid(id),
    code: `D${id}`,
    name: `depot ${id}`,
    kind,
    orgUnitId,
    orgUnitName: 'unit',
    orgUnitParentId,
    technicianUserId: null,
    customerId: null,
    active: true,
    ...extra,
  };
}

const shape = (nodes: ReturnType<typeof buildDepotTree>): unknown =>
  nodes.map((n) => (n.children.length ? { [n.depot.code]: shape(n.children) } : n.depot.code));

describe('buildDepotTree', () => {
  it('hangs unit depots on the org tree and vans and consignment depots under their unit', () => {
    const list = [
      depot(1, 'hq', UNIT.hq, null),
      depot(2, 'center', UNIT.center, UNIT.hq),
      depot(3, 'outlet', UNIT.outlet, UNIT.center),
      depot(4, 'van', UNIT.outlet, UNIT.center, { technicianUserId: uuid(900) }),
      depot(5, 'consignment', UNIT.center, UNIT.hq, { customerId: uuid(800) }),
      depot(6, 'van', UNIT.outlet, UNIT.center),
      depot(7, 'outlet', UNIT.outlet2, UNIT.center),
    ];
    expect(shape(buildDepotTree(list))).toEqual([{ D1: [{ D2: [{ D3: ['D4', 'D6'] }, 'D7', 'D5'] }] }]);
  });

  it('makes a depot whose parent unit is out of scope a root', () => {
    // An outlet manager sees their outlet and its vans, not the center above.
    const list = [depot(3, 'outlet', UNIT.outlet, UNIT.center), depot(4, 'van', UNIT.outlet, UNIT.center)];
    expect(shape(buildDepotTree(list))).toEqual([{ D3: ['D4'] }]);
  });

  it('keeps a van whose unit depot is missing as a root, and an empty list empty', () => {
    expect(shape(buildDepotTree([depot(4, 'van', UNIT.outlet, UNIT.center)]))).toEqual(['D4']);
    expect(buildDepotTree([])).toEqual([]);
  });

  it('lists every depot once, depth first', () => {
    const list = [
      depot(3, 'outlet', UNIT.outlet, UNIT.center),
      depot(1, 'hq', UNIT.hq, null),
      depot(2, 'center', UNIT.center, UNIT.hq),
      depot(4, 'van', UNIT.outlet, UNIT.center),
    ];
    expect(flattenDepotTree(buildDepotTree(list))).toEqual([uuid(1), uuid(2), uuid(3), uuid(4)]);
  });
});

describe('vanOf', () => {
  it("finds the technician's own van", () => {
    const list = [
      depot(3, 'outlet', UNIT.outlet, UNIT.center),
      depot(4, 'van', UNIT.outlet, UNIT.center, { technicianUserId: uuid(900) }),
    ];
    expect(vanOf(list, uuid(900))?.id).toBe(uuid(4));
    expect(vanOf(list, uuid(901))).toBeUndefined();
  });
});
