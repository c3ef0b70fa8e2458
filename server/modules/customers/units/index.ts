// What the rest of the customers module (and, through its index, other modules) may use of the installed base.
export { createUnit, exchangeUnit, markUnitReturned, reassignUnitsOrgPath, type UnitRow } from './commands.js';
export type { UnitCreate, UnitDetail, UnitListItem, UnitStatus } from './contract.js';
export { findUnitBySerial, findUnitForPortal, getUnit, listUnitsOfCustomer, type PortalUnit } from './queries.js';
export { isValidSerial, normaliseSerial } from './rules.js';
