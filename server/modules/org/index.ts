// What other modules may use of the org module.
export { seedRoles } from './commands/roles.js';
export { createHeadquarters, createOrgUnit, type OrgUnitRow } from './commands/units.js';
export { assertMayGrantRoles, createUser, findUserByUsername, type UserRow } from './commands/users.js';
export type { OrgUnitCreate } from './contract.js';
export { findResponsibleUnit, type ResponsibleUnit } from './queries.js';
// The schema itself, so the CLI validates its options exactly as the API validates a body.
export { UserCreate } from './contract.js';
