// What other modules may use of the org module.
export { seedRoles } from './commands/roles.js';
export { createHeadquarters, createOrgUnit, type OrgUnitRow } from './commands/units.js';
export { assertMayGrantRoles, createUser, findUserByUsername, type UserRow } from './commands/users.js';
export type { OrgUnitCreate, UserCreate } from './contract.js';
