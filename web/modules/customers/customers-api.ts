import type { CustomerPage, CustomerSummary } from '../../../server/modules/customers/contract.js';

export const CUSTOMERS_URL = '/api/customers';
export const INCOMPLETE_URL = '/api/customers/incomplete-archives';
export const DUPLICATES_URL = '/api/customers/duplicates';
export const EXPORT_URL = '/api/customers/export.xlsx';

export type { CustomerPage, CustomerSummary };

export function customerUrl(id: string): string {
  return `${CUSTOMERS_URL}/${id}`;
}
