import type { Text } from '../../../shared/i18n.js';

/*
 * Where an approved parts request ships from — pure (docs/parts-rules.md).
 *
 * DOMAIN.md, Parts: depots at HQ, provincial centers, outlets (and vans). The nearest depot that
 * has stock ships: the ordering outlet's own depot, then its center's depot, then HQ central. Seed
 * 004 (处罚规定) makes a shortage the center's when the center lacked the part (省中心原因：缺件) and
 * HQ's when HQ did (总部原因缺件), so the choice records the level that supplied each line.
 *
 * A line ships whole from one depot when any depot of the chain holds the whole quantity (the
 * nearest such one): one parcel, one receipt. It is split — nearest depots first — only when no
 * single depot holds it all and the chain does together. When the chain together holds less, the
 * line is 'unavailable' with the shortfall (and what could ship now, for the approver to decide).
 * Lines of the same part draw on the same stock, in the order given.
 */

export type DepotLevel = 'outlet' | 'center' | 'hq';

export interface DepotStock {
  depotId: string;
  level: DepotLevel;
  /** Available (on hand, not reserved) quantity per part id. */
  available: Readonly<Record<string, number>>;
}

export interface FulfilLine {
  partId: string;
  quantity: number;
  /** The approver's chosen depot for this line: it ships the whole line if it has it, else refused. */
  depotId?: string | null;
}

export interface FulfilInput {
  lines: readonly FulfilLine[];
  /** The candidate depots, nearest first: the outlet's own, its center's, HQ central. */
  chain: readonly DepotStock[];
  /** Other depots an approver may choose (a neighbouring center); never chosen by the rule. */
  others?: readonly DepotStock[];
}

export interface Allocation {
  depotId: string;
  level: DepotLevel;
  quantity: number;
}

export type LinePlan =
  | { status: 'ok'; partId: string; quantity: number; from: Allocation[]; split: boolean; explanation: Text }
  | {
      status: 'unavailable';
      partId: string;
      quantity: number;
      shortfall: number;
      /** What the chain could ship now (nearest first); not reserved by the rule. */
      partial: Allocation[];
      /** HQ is in the chain and could not supply the rest (a wait HQ answers for). */
      unavailableAtHq: boolean;
      explanation: Text;
    }
  | {
      status: 'refused';
      partId: string;
      quantity: number;
      reason: 'unknown_depot' | 'no_stock_at_chosen_depot' | 'invalid_quantity';
      depotId: string | null;
      /** What the chosen depot has of the part (0 when unknown). */
      availableThere: number;
      explanation: Text;
    };

const LEVEL: Record<DepotLevel, Text> = {
  outlet: { 'zh-CN': '网点库', en: "the outlet's depot" },
  center: { 'zh-CN': '中心库', en: "the center's depot" },
  hq: { 'zh-CN': '总部中央库', en: 'HQ central depot' },
};

const qty = (n: number | undefined) => (n !== undefined && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

/** Plans every line; stock taken by one line is not offered to the next. */
export function planFulfilment(input: FulfilInput): LinePlan[] {
  const left = new Map<string, Map<string, number>>();
  const depots = new Map<string, DepotStock>();
  for (const d of [...input.chain, ...(input.others ?? [])]) {
    if (depots.has(d.depotId)) continue;
    depots.set(d.depotId, d);
    left.set(d.depotId, new Map(Object.entries(d.available).map(([p, n]) => [p, qty(n)])));
  }
  const have = (depotId: string, partId: string) => left.get(depotId)?.get(partId) ?? 0;
  const take = (depotId: string, partId: string, n: number) =>
    left.get(depotId)!.set(partId, have(depotId, partId) - n);
  const hqInChain = input.chain.some((d) => d.level === 'hq');

  return input.lines.map((line): LinePlan => {
    const { partId, quantity } = line;
    if (!Number.isSafeInteger(quantity) || quantity <= 0)
      return {
        status: 'refused',
        partId,
        quantity,
        reason: 'invalid_quantity',
        depotId: line.depotId ?? null,
        availableThere: 0,
        explanation: { 'zh-CN': '申请数量无效', en: 'The quantity is not valid' },
      };
    if (line.depotId) {
      const d = depots.get(line.depotId);
      const there = d ? have(d.depotId, partId) : 0;
      if (!d)
        return {
          status: 'refused',
          partId,
          quantity,
          reason: 'unknown_depot',
          depotId: line.depotId,
          availableThere: 0,
          explanation: { 'zh-CN': '所选仓库不存在或不可选', en: 'The chosen depot is unknown or cannot be chosen' },
        };
      if (there < quantity)
        return {
          status: 'refused',
          partId,
          quantity,
          reason: 'no_stock_at_chosen_depot',
          depotId: d.depotId,
          availableThere: there,
          explanation: {
            'zh-CN': `所选${LEVEL[d.level]['zh-CN']}可用${there}件，不足申请的${quantity}件`,
            en: `The chosen depot (${LEVEL[d.level].en}) has ${there} available, fewer than the ${quantity} requested`,
          },
        };
      take(d.depotId, partId, quantity);
      return {
        status: 'ok',
        partId,
        quantity,
        split: false,
        from: [{ depotId: d.depotId, level: d.level, quantity }],
        explanation: {
          'zh-CN': `按审批人选择由${LEVEL[d.level]['zh-CN']}发货`,
          en: `Ships from ${LEVEL[d.level].en}, as the approver chose`,
        },
      };
    }
    const whole = input.chain.find((d) => have(d.depotId, partId) >= quantity);
    if (whole) {
      take(whole.depotId, partId, quantity);
      return {
        status: 'ok',
        partId,
        quantity,
        split: false,
        from: [{ depotId: whole.depotId, level: whole.level, quantity }],
        explanation: {
          'zh-CN': `由最近有货的${LEVEL[whole.level]['zh-CN']}整行发货`,
          en: `Ships whole from the nearest depot that has it (${LEVEL[whole.level].en})`,
        },
      };
    }
    const parts: Allocation[] = [];
    let need = quantity;
    for (const d of input.chain) {
      const n = Math.min(need, have(d.depotId, partId));
      if (n <= 0) continue;
      parts.push({ depotId: d.depotId, level: d.level, quantity: n });
      need -= n;
      if (need === 0) break;
    }
    if (need === 0) {
      for (const a of parts) take(a.depotId, partId, a.quantity);
      return {
        status: 'ok',
        partId,
        quantity,
        split: true,
        from: parts,
        explanation: {
          'zh-CN': `没有单个仓库有足够数量，分${parts.length}处发货：${parts.map((a) => `${LEVEL[a.level]['zh-CN']}${a.quantity}件`).join('，')}`,
          en: `No single depot has it all: split across ${parts.length} depots (${parts.map((a) => `${a.quantity} from ${LEVEL[a.level].en}`).join(', ')})`,
        },
      };
    }
    return {
      status: 'unavailable',
      partId,
      quantity,
      shortfall: need,
      partial: parts,
      unavailableAtHq: hqInChain,
      explanation: {
        'zh-CN': `各级仓库合计可用${quantity - need}件，缺${need}件${hqInChain ? '（总部缺件）' : ''}`,
        en: `The depots hold ${quantity - need} together: ${need} short${hqInChain ? ' (HQ lacks the part)' : ''}`,
      },
    };
  });
}
