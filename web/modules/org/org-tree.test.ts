import { describe, expect, it } from 'vitest';
import type { OrgUnit } from '../../../server/modules/org/contract.js';
import { buildUnitForest, filterForest, initialExpanded, subtreeIds, unitTreeOptions } from './org-tree.js';

function unit(id: string, parentId: string | null, kind: OrgUnit['kind'], active = true): OrgUnit {
  return {
    id,
    parentId,
    path: id,
    kind,
    code: id.toUpperCase(),
    name: `单位${id}`,
    licenceNo: null,
    contactName: null,
    contactPhone: null,
    provinceCode: null,
    cityCode: null,
    districtCode: null,
    address: null,
    lat: null,
    lng: null,
    serviceArea: [],
    active,
    version: 1,
  };
}

// hq → (c1 → o1, o2), (c2 → o3)
const units = [
  unit('o2', 'c1', 'outlet'),
  unit('hq', null, 'hq'),
  unit('c2', 'hq', 'center', false),
  unit('c1', 'hq', 'center'),
  unit('o1', 'c1', 'outlet'),
  unit('o3', 'c2', 'outlet'),
];

describe('org tree', () => {
  const forest = buildUnitForest(units);

  it('builds the forest from the flat list, siblings by code', () => {
    expect(forest.map((n) => n.unit.id)).toEqual(['hq']);
    expect(forest[0]!.children.map((n) => n.unit.id)).toEqual(['c1', 'c2']);
    expect(forest[0]!.children[0]!.children.map((n) => n.unit.id)).toEqual(['o1', 'o2']);
  });

  it('treats a unit whose parent is out of sight as a root', () => {
    expect(buildUnitForest(units.filter((u) => u.id !== 'hq')).map((n) => n.unit.id)).toEqual(['c1', 'c2']);
  });

  it('collects a subtree, so a unit cannot move below itself', () => {
    expect([...subtreeIds(units, 'c1')].sort()).toEqual(['c1', 'o1', 'o2']);
    expect([...subtreeIds(units, 'o3')]).toEqual(['o3']);
  });

  it('offers only selectable units, keeping unselectable ancestors that lead to one', () => {
    const options = unitTreeOptions(
      forest,
      (u) => u.name,
      (u) => u.kind === 'center' && u.active,
    );
    expect(options).toEqual([
      {
        value: 'hq',
        title: '单位hq',
        disabled: true,
        children: [{ value: 'c1', title: '单位c1', disabled: false, children: undefined }],
      },
    ]);
  });

  it('filters by name or code and keeps the path to each hit', () => {
    const hit = filterForest(forest, 'o3');
    expect(hit[0]!.unit.id).toBe('hq');
    expect(hit[0]!.children.map((n) => n.unit.id)).toEqual(['c2']);
    expect(hit[0]!.children[0]!.children.map((n) => n.unit.id)).toEqual(['o3']);
    expect(filterForest(forest, '  ')).toBe(forest);
    expect(filterForest(forest, 'nothing')).toEqual([]);
  });

  it('expands everything in a small organisation, only the top in a large one', () => {
    expect(initialExpanded(forest, units.length).sort()).toEqual(['c1', 'c2', 'hq']);
    expect(initialExpanded(forest, 1000)).toEqual(['hq']);
  });
});
