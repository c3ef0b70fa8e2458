import type { DbLike } from '../../../db/client.js';

/**
 * The unit cost of a part on a day, in fen, for the value of a request against a quota.
 * Returns 0 until part prices exist: replaced by the price list (server/modules/parts/prices*),
 * wired at its merge. With 0, value quotas never refuse; quantity quotas still do.
 */
export async function partCostFen(_db: DbLike, _partId: string, _day: string): Promise<number> {
  return 0;
}
