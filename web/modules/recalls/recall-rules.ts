import type { CampaignItem } from '../../../server/modules/recalls/contract.js';
import type { Translate } from '../../i18n/index.js';

/** What the recall pages compute from a campaign, apart from React. */

/** The criteria of a campaign in the reader's language, one phrase each. */
export function criteriaText(
  t: Translate,
  c: Pick<CampaignItem, 'serialFrom' | 'serialTo' | 'serialPrefix' | 'purchasedFrom' | 'purchasedTo'>,
): string[] {
  const out: string[] = [];
  if (c.serialFrom && c.serialTo) out.push(t('rc.crit.serial', { from: c.serialFrom, to: c.serialTo }));
  else if (c.serialFrom) out.push(t('rc.crit.serialFrom', { from: c.serialFrom }));
  else if (c.serialTo) out.push(t('rc.crit.serialTo', { to: c.serialTo }));
  if (c.serialPrefix) out.push(t('rc.crit.prefix', { prefix: c.serialPrefix }));
  if (c.purchasedFrom || c.purchasedTo)
    out.push(t('rc.crit.purchased', { from: c.purchasedFrom ?? '…', to: c.purchasedTo ?? '…' }));
  if (!out.length) out.push(t('rc.crit.all'));
  return out;
}
