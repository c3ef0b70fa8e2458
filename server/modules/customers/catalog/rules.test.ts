import { describe, expect, it } from 'vitest';
import { bomProblems, partSearchKey, sortBom } from './rules.js';

describe('bomProblems', () => {
  const parts = new Map([
    ['motor', { active: true }],
    ['pcb', { active: true }],
    ['belt', { active: false }],
  ]);
  it.each<[string, string[], string[], [number, string][]]>([
    ['an empty list', [], [], []],
    ['known active parts', ['motor', 'pcb'], [], []],
    ['a part twice', ['motor', 'pcb', 'motor'], [], [[2, 'catalog.duplicate_part']]],
    ['an unknown part', ['motor', 'ghost'], [], [[1, 'catalog.unknown_part']]],
    ['a deactivated part newly added', ['belt'], [], [[0, 'catalog.inactive_part']]],
    ['a deactivated part already on the list', ['belt'], ['belt'], []],
    [
      'every problem at once',
      ['ghost', 'belt', 'ghost'],
      ['motor'],
      [
        [0, 'catalog.unknown_part'],
        [1, 'catalog.inactive_part'],
        [2, 'catalog.duplicate_part'],
      ],
    ],
  ])('%s', (_name, items, current, expected) => {
    const problems = bomProblems(
      items.map((partId) => ({ partId })),
      parts,
      new Set(current),
    );
    expect(problems.map((p) => [p.index, p.code])).toEqual(expected);
  });

  it('sorts a list by part id without changing the input', () => {
    const list = [{ partId: 'b' }, { partId: 'a' }];
    expect(sortBom(list).map((i) => i.partId)).toEqual(['a', 'b']);
    expect(list[0]!.partId).toBe('b');
  });
});

describe('partSearchKey', () => {
  it.each([
    [
      { code: 'MTR-500', name: '驱动电机', nameEn: 'Drive motor' },
      ['电机', '驱动', 'qddj', 'ddj', 'mtr', 'drive motor'],
    ],
    [{ code: 'PUMP-1', name: '排水泵', nameEn: null }, ['泵', 'psb', 'pump']],
    [{ code: 'PCB-A1', name: '电脑板 E2', nameEn: null }, ['e2', 'dnb', 'pcb-a1']],
  ])('%o is found by what people type', (part, needles) => {
    const key = partSearchKey(part);
    for (const n of needles) expect(key).toContain(n);
  });
});
