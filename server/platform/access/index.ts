export { type Actor, systemActor } from './actor.js';
export {
  assertOrgUnitInScope,
  assertPathInScope,
  hasPermission,
  orgUnitWithinScope,
  pathInScope,
  requirePermission,
  withinScope,
} from './scope.js';
