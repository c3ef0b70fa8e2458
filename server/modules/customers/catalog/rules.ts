import { pinyin } from 'pinyin-pro';
import type { ErrorCode } from '../../../../shared/errors.js';

/*
 * Pure rules of the product catalog (DOMAIN.md, Parts): a model's parts list names each part
 * once, with a quantity, and marks the main parts (主要部件, seed 004) that carry their own warranty.
 */

export interface BomProblem {
  index: number;
  code: ErrorCode;
}

/**
 * What is wrong with a new parts list, item by item: a part listed twice, a part that does not
 * exist, or a deactivated part newly added (one already on the list may stay, so re-saving an
 * old model's list does not fail because a part was later discontinued).
 */
export function bomProblems(
  items: readonly { partId: string }[],
  parts: ReadonlyMap<string, { active: boolean }>,
  current: ReadonlySet<string>,
): BomProblem[] {
  const seen = new Set<string>();
  const out: BomProblem[] = [];
  items.forEach((item, index) => {
    const part = parts.get(item.partId);
    if (seen.has(item.partId)) out.push({ index, code: 'catalog.duplicate_part' });
    else if (!part) out.push({ index, code: 'catalog.unknown_part' });
    else if (!part.active && !current.has(item.partId)) out.push({ index, code: 'catalog.inactive_part' });
    seen.add(item.partId);
  });
  return out;
}

/** A parts list in a stable order for events and comparisons. */
export function sortBom<T extends { partId: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.partId < b.partId ? -1 : a.partId > b.partId ? 1 : 0));
}

const HAN = /\p{Script=Han}/u;

/**
 * What a part is found by, lower-cased: code, Chinese and English names, and the pinyin initials
 * of the Chinese name (驱动电机 → qddj), as people at a counter type them. Searched anywhere in
 * the text, so 泵 finds 排水泵 and 电机 finds 驱动电机. A polyphonic character counts by its usual
 * reading; the name itself is still searched as written.
 */
export function partSearchKey(part: { code: string; name: string; nameEn?: string | null }): string {
  const han = [...part.name].filter((ch) => HAN.test(ch)).join('');
  const initials = han ? pinyin(han, { pattern: 'first', toneType: 'none', type: 'array' }).join('') : '';
  return [part.code, part.name, part.nameEn ?? '', initials].join(' ').toLowerCase();
}
