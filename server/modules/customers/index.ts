// What other modules may use of the customers module.
export { customerAddresses, customers, productModels, units } from './tables.js';
export {
  createLine,
  createModel,
  ensureCatalogSearchKeys,
  findModelByCode,
  type LineCreate,
  type ModelCreate,
  partSearchKey,
} from './catalog/index.js';
export {
  createUnit,
  exchangeUnit,
  markUnitReturned,
  findUnitBySerial,
  findUnitForPortal,
  getUnit,
  listUnitsOfCustomer,
  normaliseSerial,
  type PortalUnit,
  reassignUnitsOrgPath,
  type UnitCreate,
  type UnitListItem,
} from './units/index.js';
export { createCustomer, markFirstContact } from './commands/create.js';
export type {
  AddressInput,
  Customer,
  CustomerAddress,
  CustomerCreate,
  CustomerListQuery,
  CustomerPage,
  CustomerPhone,
  CustomerSummary,
  PhoneInput,
} from './contract.js';
export { findCustomersByPhone, getCustomer, listCustomers as searchCustomers } from './queries.js';
export { customerReadable, grantCustomerAccess, revokeCustomerAccess, type CustomerGrant } from './access.js';
export {
  auditChangesFor,
  type ContactMask,
  contactLens,
  newOrderContactMask,
  orderContactLens,
  WHOLE_CONTACT,
} from './contact.js';
export { recordContactReveal } from './commands/reveal.js';
export type { ServingOrder } from './rules.js';
