import type { Text } from './i18n.js';

/**
 * An amount in fen as text: 1234.50元 / ¥1234.50, by integer arithmetic (money is never
 * formatted through floating point). `whole: true` drops ".00" from whole yuan (及时奖励20元),
 * as the settlement's explanations quote the seed's amounts.
 */
export function yuan(fen: number, opts: { whole?: boolean } = {}): Text {
  const abs = Math.abs(fen);
  const cents = abs % 100;
  const s =
    opts.whole && cents === 0
      ? String((abs - cents) / 100)
      : `${(abs - cents) / 100}.${String(cents).padStart(2, '0')}`;
  const sign = fen < 0 ? '-' : '';
  return { 'zh-CN': `${sign}${s}元`, en: `${sign}¥${s}` };
}
