// Every table of every module, for drizzle-kit and for the typed client.
export * from '../platform/config/tables.js';
export * from '../platform/events/tables.js';
export * from '../platform/identity/tables.js';
export * from '../platform/notify/tables.js';
export * from '../platform/links/tables.js';
export * from '../modules/customers/tables.js';
export * from '../modules/intake/tables.js';
export * from '../platform/notify/inbox-tables.js';
export * from '../modules/sla/tables.js';
export * from '../modules/warranty/tables.js';
export * from '../modules/work-orders/tables.js';
export * from '../modules/parts/tables.js';
export * from '../modules/parts/returns/tables.js';
export {
  partQuotaMovements,
  partQuotas,
  partRequestLines,
  partRequests,
  partShipmentLines,
  partShipmentRoutes,
  partShipments,
} from '../modules/parts/requests/tables.js';
export { partStocktakeLines, partStocktakes } from '../modules/parts/stocktakes/tables.js';
export { feeRules } from '../modules/money/tables.js';
export { settlementLines, settlementStatements, statementAdjustments } from '../modules/money/statements/tables.js';
export { cashHandovers, collections, invoiceRequests, orderQuotes } from '../modules/money/collection/tables.js';
export {
  complaintDepartments,
  complaintEvents,
  complaintOrders,
  complaintReplies,
  complaintRoutes,
  complaintSettings,
  complaints,
  complaintCodeSeq,
} from '../modules/complaints/tables.js';
export { callbackCodeSeq, callbackEvents, callbackTasks } from '../modules/callbacks/tables.js';
export { recallCampaigns, recallCodeSeq, recallEvents, recallUnits } from '../modules/recalls/tables.js';
export {
  careAnnouncements,
  careOfferEvents,
  careOffers,
  carePlans,
  careReminders,
  careSweeps,
} from '../modules/care/tables.js';
export { reportDirtyOrders, reportMailings, reportOrderFacts } from '../modules/reports/tables.js';
export { planningPlans, planningPool, planningShifts } from '../modules/planning/tables.js';
