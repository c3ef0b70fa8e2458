// What other modules may use of the care module (the demo loader sweeps reminders and answers offers).
export {
  MAINTENANCE_STATUSES,
  OFFER_RESPONSES,
  type MaintenanceItem,
  type OfferItem,
  type UnitCare,
} from './contract.js';
export { careOfferEvents, careOffers, carePlans, careReminders, careSweeps } from './tables.js';
export { clearPlan, createMaintenanceOrders, respondToOffer, setPlan } from './commands.js';
export { listMaintenance, listOffers, unitCare } from './queries.js';
export { fireCareReminders } from './scheduler.js';
