export { LogChannel, type NotificationChannel, type OutgoingMessage } from './channels.js';
export { OutboxMessage, OutboxPage, OutboxQuery } from './contract.js';
export { dispatchOutbox, MAX_SEND_ATTEMPTS, pendingCount, startOutboxDispatcher } from './dispatcher.js';
export { enqueueMessage, type MessageInput, type OutboxChannel } from './enqueue.js';
export { listOutbox } from './queries.js';
export { outboxRoutes } from './routes.js';
export { outbox } from './tables.js';
export { InboxItem, InboxPage, InboxQuery } from './contract.js';
export {
  type InboxInput,
  inboxRecipients,
  listInbox,
  markAllRead,
  markRead,
  notifyInbox,
  unreadCount,
} from './inbox.js';
export { inboxRoutes } from './inbox-routes.js';
export { inboxItems } from './inbox-tables.js';
