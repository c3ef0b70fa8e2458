import type { Depot, StockLine } from '../../../server/modules/parts/contract.js';
import type { ItemOf } from '../../api/queries.js';

export type { Depot, StockLine };
export type LedgerItem = ItemOf<'GET /api/parts/ledger'>;
/** Every stock read starts with this prefix: refetched after a movement or a reorder change. */
export const PARTS_URL = '/api/parts';
export const GRADES = ['good', 'defective'] as const;
