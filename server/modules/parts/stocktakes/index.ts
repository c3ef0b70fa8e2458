// Stocktakes (docs/parts.md, "Stocktake"): the tables, for the schema and the walks.
export { partStocktakeLines, partStocktakes } from './tables.js';
