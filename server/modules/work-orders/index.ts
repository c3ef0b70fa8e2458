// What other modules may use of the work-order module (dispatch, parts, complaints, callbacks build on it).
export type { OrderCreate, OrderCreated, OrderDetail, OrderState, OrderSummary, ServiceType } from './contract.js';
export { getOrder, listOrders } from './queries.js';
export { type GroupStats, orderGroupStats } from './commands/create-queue.js';
export { OPEN_STATES, TRANSITIONS, urgeMakesComplaint } from './rules.js';
export { slaSubjectOf } from './ports.js';
// The near-zone rule (orders.nearZoneKm), for what else is priced or timed by zone (fee schedules).
export { zoneOfDistance } from './routing.js';
// Modules above provide what a completion means to them (stock consumption, old-part returns).
export {
  type CompletionMessageParts,
  type OrderCompleted,
  type OrderCompletedEffect,
  type OrderCompletedOutcome,
  onOrderCompleted,
} from './completion-port.js';
export { type OrderConfirmed, type OrderConfirmedEffect, onOrderConfirmed } from './confirmation-port.js';
export {
  complaintFlags,
  repairRegister,
  technicianCertifications,
  workOrderHistory,
  workOrderParts,
  workOrders,
  workOrderUrges,
} from './tables.js';
export { type OrderForParts, orderForParts, resumeFromParts, waitForParts } from './commands/parts-wait.js';
// What paid work reads of its order (the money module's quote and collections).
export { type OrderForMoney, orderForMoney } from './money-facts.js';
// Creating an order and its lifecycle actions as the API runs them (the demo loader walks orders through them).
export { createOrder } from './commands/create-queue.js';
// An order a command above asks for inside its own transaction (a recall booking), through the same pipeline.
export { createOrderWithin } from './commands/create.js';
export { runAction } from './commands/transitions.js';
// Technicians' certifications as the API records them (the demo loader certifies its technicians through it).
export { createCertification } from './commands/certifications.js';
// The orders a month's settlement statements are built from, read as a set (money statements).
export { completedOrdersOf, type SettlementOrder } from './settlement-facts.js';
export { orderIdPage, type ReportOrder, reportOrdersOf } from './report-facts.js';
// The callbacks' satisfaction shown on the dispatch suggestion (satisfaction-port.ts).
export {
  provideSatisfaction,
  type Satisfaction,
  type SatisfactionFigures,
  type SatisfactionOf,
} from './satisfaction-port.js';
// The complaint record an urge raises, made a complaint by the complaints module (complaint-port.ts).
export { onUrgeComplaint, type UrgeComplaint, type UrgeComplaintEffect } from './complaint-port.js';
