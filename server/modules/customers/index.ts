// What other modules may use of the customers module.
export { customerAddresses, customerPhones, customers, parts, productLines, productModels, units } from './tables.js';
export {
  createLine,
  createModel,
  ensureCatalogSearchKeys,
  findModelByCode,
  type LineCreate,
  modelBom,
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
  isValidSerial,
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
// Typed reads of the archive and the catalog for modules above (they never name these tables in SQL).
export {
  type CustomerPhoneRow,
  customerIdsByPhone,
  customerIdsByPhoneSuffix,
  customersByEmail,
  firstPhoneOf,
  catalogPartSql,
  messageAudience,
  modelsByIds,
  partsByIds,
  partsByIdsSql,
  partsOfJson,
  partsInModel,
  type PhoneKind,
  phonesOfCustomers,
  productLinesByIds,
  type UnitSheet,
  type UnitWithCatalog,
  unitSheet,
  unitWithCatalog,
  unitsPerPurchaseMonth,
  unitsWithCatalog,
} from './reads.js';
// What modules above provide to this one: rows pointing at customers (intake), orders served (work orders),
// rows that move with a merge (complaints).
export {
  type CustomerMergeMover,
  type CustomerReferences,
  type MergePair,
  onCustomerMerge,
  onUnitsRegistered,
  provideCustomerReferences,
  type RegisteredUnit,
  type UnitsRegisteredEffect,
  provideServingOrders,
  type ReferringRows,
  type ServingOrdersOf,
} from './ports.js';
export { type ArchiveFacts, orderFactsOf, type OrderFactsAsk } from './order-facts.js';
// Reading an uploaded XLSX/CSV into rows of text (the import's reader; the parts stocktake reads its count sheet with it).
export { readSheet, type Sheet, UnsupportedFile } from './import/parse.js';
export {
  changeCustomerChannels,
  changeCustomerOptOut,
  getCustomerMessaging,
  messageAddressesOf,
  messageAddressesOfMany,
} from './messaging.js';
