// What other modules may use of the customers module.
export { customerAddresses, customers, productModels, units } from './tables.js';
export { ensureCatalogSearchKeys, findModelByCode, partSearchKey } from './catalog/index.js';
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
export { type ArchiveFacts, orderFactsOf, type OrderFactsAsk } from './order-facts.js';
