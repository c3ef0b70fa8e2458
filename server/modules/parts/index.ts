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
// The commands of requests, quotas, prices and old-part returns, for the demo loader, which makes
// its data through them (server/demo/parts-flow-load.ts).
export { setPartPrice } from './prices/commands.js';
export { setQuota } from './requests/commands/quotas.js';
export { approveRequest, cancelRequest, createRequest, rejectRequest } from './requests/commands/requests.js';
export { receiveShipment, shipRequest } from './requests/commands/shipments.js';
export { appraiseBatch, appraiseObligation } from './returns/commands/appraise.js';
export { receiveBatch } from './returns/commands/receive.js';
export { shipBatch } from './returns/commands/ship.js';
// What an old-part appraisal means to the modules above (settlement), provided when their routes
// are registered and called in the appraisal's transaction (docs/parts-returns.md).
export {
  onReturnAppraised,
  type ReturnAppraised,
  type ReturnAppraisedEffect,
} from './returns/appraisal-port.js';
// Whose a parts wait is (shipment-rules.ts, attributeWait): settlement waives the outlet's late
// penalties when the wait was HQ's (seed 004: 总部原因缺件，对于网点…不予处罚).
export { attributeWait, type WaitAttribution, type WaitFacts, type WaitParty } from './shipment-rules.js';
// What the monthly settlement statements read of parts for a set of orders (money statements).
export {
  appraisedSince,
  consumptionOfOrders,
  type OrderConsumption,
  type StoredWait,
  waitsOfOrders,
  type WithheldReturn,
  withheldReturnsOfOrders,
} from './settlement-reads.js';
// The parts each order's visit needs by its requests (day planning's board).
export { type OrderPartNeed, partNeedsOfOrders } from './requests/needs.js';
