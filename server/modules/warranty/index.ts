// What other modules may use of the warranty module (the work-order module records decisions at completion).
export { decisionsOfOrder, type DecisionInput, labourPayersOfOrders, recordWarrantyDecision } from './decisions.js';
export { recordCompletionDecisions, type CompletionFacts } from './completion.js';
// Who pays for an open order's work today (the money module quotes paid work by it).
export { entitlementForOrder } from './order-entitlement.js';
export { ensureWarrantyDefaults, seedWarrantyDefaults } from './commands/policies.js';
export type { Coverage, Entitlement, Exclusion, ExclusionKind, WarrantyDecision } from './contract.js';
// A carried-out case ends the unit's open orders; the work-order module provides that effect.
export { type CaseExecuted, onCaseExecuted } from './order-port.js';
// A unit's service history comes from the work-order module, which provides these reads.
export {
  HISTORY_ACTIONS,
  type HistoryAction,
  provideServiceHistory,
  type ServiceHistorySource,
  type UnitOrder,
} from './history-port.js';
export {
  warrantyCaseHistory,
  warrantyCases,
  warrantyContracts,
  warrantyDecisions,
  warrantyPolicies,
  warrantyRefunds,
} from './tables.js';
// Calendar-date arithmetic of warranty terms (demo data lays units on the rules' boundaries with it).
export { addDays, daysBetween, lastCoveredDay, localDay } from './dates.js';
// When units' warranties end, and the command that sells a service contract (the care module's
// expiry reminders and extended-warranty offers).
export { type WarrantyEnd, warrantyEndsOf } from './expiry.js';
export { createContract } from './commands/contracts.js';
export type { ContractCreate, ServiceContract } from './contract.js';
