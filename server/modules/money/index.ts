// What other modules may use of the money module: the fee schedules' pure rules (docs/money.md).
export type { FeeItem, FeeLine, FeeRule, FeeSchedule, FeeTotal, MissingFee } from './contract.js';
export { rulesInForceOn } from './queries.js';
export { feeRules } from './tables.js';
export {
  customerQuote,
  type FeeFacts,
  feeDay,
  feeZone,
  outletServiceFee,
  type OwnStockPart,
  proportionFen,
  type QuotePart,
  refusedQuoteCharge,
  ruleInForce,
} from './fee-rules.js';
