import type { InboxItem, InboxPage } from '../../../server/platform/notify/contract.js';

export type { InboxItem, InboxPage };
export const INBOX_URL = '/api/inbox';
export const UNREAD_URL = '/api/inbox/unread-count';
