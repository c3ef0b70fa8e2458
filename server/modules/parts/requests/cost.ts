import type { DbLike } from '../../../db/client.js';
import { priceOn } from '../prices/queries.js';

/**
 * The unit cost of a part on a day, in fen, for the value of a request against a quota: the
 * price list's cost in force that day (docs/parts.md, prices). A part without a price counts 0,
 * so value quotas cannot refuse it; quantity quotas still do.
 */
export async function partCostFen(db: DbLike, partId: string, day: string): Promise<number> {
  return (await priceOn(db, partId, day))?.costFen ?? 0;
}
