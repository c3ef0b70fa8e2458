/*
 * Planning: the route optimiser. For now its pure core only (solver/): no database, no routes.
 * The planning board, its API and the order pool build on this surface.
 */
export { type CheckResult, checkSolution } from './solver/check.js';
export type {
  Certification,
  Job,
  Location,
  Problem,
  Route,
  Solution,
  SolveOptions,
  Stop,
  TimeWindow,
  TravelConfig,
  Vehicle,
} from './solver/problem.js';
export { solve } from './solver/solve.js';
export { travelMinutes } from './solver/travel.js';
export { explainUnplaced, type UnplacedReason as SolverUnplacedReason } from './solver/explain.js';

// The order pool (docs/planning-pool.md): what a command assigning orders by other means closes.
export { withdrawPoolOffersOf } from './pool-commands.js';
// Technicians' planning shifts (the demo loader sets some through the command).
export { saveShift, shiftOf } from './shifts.js';
export type { ShiftBody } from './contract.js';
