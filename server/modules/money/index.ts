// What other modules may use of the money module: the fee schedules' pure rules (docs/money.md)
// and the settlement's timeliness and center rules (docs/money-settlement.md).
export type { FeeItem, FeeLine, FeeRule, FeeSchedule, FeeTotal, MissingFee } from './contract.js';
export { rulesInForceOn, today as companyToday } from './queries.js';
export { changeFeeRule, createFeeRule } from './commands.js';
export type { FeeRuleCreate } from './contract.js';
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
export {
  type CenterGroup,
  type CenterLine,
  type CenterMonthFigures,
  type CenterOrderFacts,
  type CenterSettings,
  centerGroupOf,
  centerMonthFigures,
  completionClock,
  isOver3Days,
  isOver7Days,
  meetsTarget,
  percentText,
} from './center-rules.js';
export {
  lineEffectFen,
  type TimelinessLine,
  type TimelinessNote,
  type TimelinessOrderFacts,
  type TimelinessResult,
  type TimelinessSettings,
  timelinessLines,
} from './settlement-rules.js';
// The monthly settlement statements (docs/money-statements.md): drafting a month, for the API,
// the demo and the benchmark, and the lifecycle commands the demo walks statements through.
export { type DraftOptions, draftMonth } from './statements/commands/draft.js';
export {
  acceptStatement,
  disputeLine,
  lockStatement,
  resolveLine,
  sendStatement,
} from './statements/commands/lifecycle.js';
export { addAdjustment } from './statements/commands/adjust.js';
export { getStatement, listStatements } from './statements/queries.js';
export { type StatementTotal, statementTotals } from './statements/totals.js';
export { settlementLines, settlementStatements, statementAdjustments } from './statements/tables.js';
// Paid work (docs/money-collection.md): the quote, collections, invoice requests, cash hand-overs.
export { correctCollection, recordCollection } from './collection/collect.js';
export { correctHandover, recordHandover } from './collection/handover.js';
export { issueInvoice, requestInvoice } from './collection/invoice.js';
export { agreeQuote, proposeQuote, refuseQuote } from './collection/quote.js';
export { cashReconciliation, orderMoney } from './collection/queries.js';
export { priceOrder } from './pricing.js';
