import type { User } from '../../../server/modules/org/contract.js';

export const USERS_URL = '/api/users';

export interface UserPage {
  items: User[];
  total: number;
  page: number;
  pageSize: number;
}

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
