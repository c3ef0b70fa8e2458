import type {
  Part,
  PartDetail,
  ProductLine,
  ProductModel,
  ProductModelDetail,
} from '../../../server/modules/customers/catalog/contract.js';

export const LINES_URL = '/api/catalog/lines';
export const MODELS_URL = '/api/catalog/models';
export const PARTS_URL = '/api/catalog/parts';
export const CATALOG_URL = '/api/catalog';

export type { Part, PartDetail, ProductLine, ProductModel, ProductModelDetail };
