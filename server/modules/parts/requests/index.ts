// Parts requests (docs/parts-requests.md): what other modules may use.
export { partCostFen } from './cost.js';
export { quotaView } from './common.js';
export {
  partQuotaMovements,
  partQuotas,
  partRequestLines,
  partRequests,
  partShipmentLines,
  partShipments,
} from './tables.js';
