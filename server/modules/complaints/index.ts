// What other modules may use of the complaints module (settlement reads discipline penalties).
export {
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATES,
  COMPLAINT_TYPES,
  type ComplaintItem,
  type ComplaintType,
} from './contract.js';
export { type ComplaintPenalty, type PenaltyNow, penaltiesChangedSince, penaltiesDecidedIn } from './penalties.js';
// What the callbacks' scores count of complaints held against outlets and technicians.
export { type DisciplineFact, disciplineFacts } from './discipline.js';
export { onPenaltyChanged, type PenaltyAt, type PenaltyChanged } from './penalty-port.js';
export { fireDueComplaints } from './scheduler.js';
export { seedComplaintDefaults } from './seed.js';
export { complaintOrders, complaints } from './tables.js';
// The commands as the API runs them (the demo loader opens and handles complaints through them).
export {
  addContact,
  addNote,
  assignResponsibility,
  closeComplaint,
  decideCompensation,
  openComplaint,
  proposeCompensation,
  recordAcceptance,
  replyToCustomer,
} from './commands.js';
