// What the rest of the customers module (and, through its index, other modules) may use of the catalog.
export type { LineRow, ModelRow, PartRow } from './commands.js';
export type { BomLine, ProductModelDetail, UsageKind } from './contract.js';
export { findModelByCode, getModel, modelBom } from './queries.js';
export { createLine, createModel, ensureCatalogSearchKeys } from './commands.js';
export type { LineCreate, ModelCreate } from './contract.js';
export { partSearchKey } from './rules.js';
