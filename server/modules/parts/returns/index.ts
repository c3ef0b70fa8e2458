// What other modules may use of old-part returns (settlement reads what appraisals withhold).
export { type ReturnOutcome, withheldForOrder } from './queries.js';
export { onReturnsReceived } from './commands/receive.js';
export { partReturnBatches, partReturnObligations } from './tables.js';
