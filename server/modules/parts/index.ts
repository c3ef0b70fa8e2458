// What other modules (requests, shipments, returns, work-order completion) may use of the stock
// ledger: the one writer, the depots, and what is available. docs/parts.md, "For other modules".
export {
  postMovements,
  type MovementInput,
  type MovementKind,
  type MovementRow,
  type StockGrade,
} from './commands/post-movements.js';
export { ensureDepotFor, ensureVanDepot, type DepotRow } from './commands/depots.js';
export { setReorder, setTracking } from './commands/stock.js';
export { availableAt, depotInScope } from './queries.js';
export { issuedToOrder } from './commands/post-movements.js';
export { depots, partSerials, partTracking, stockBalances, stockMovements } from './tables.js';
// Prices and consumption at completion (docs/parts.md, "Prices and consumption").
export {
  type CompletionConsumption,
  type CompletionLine,
  type ConsumptionResult,
  consumeForCompletion,
} from './consumption.js';
export { type PriceOnDay, priceOn, pricesOn } from './prices/queries.js';
export { partPrices, unstockedConsumptions } from './prices/tables.js';
