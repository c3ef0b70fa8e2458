export {
  DeliveryError,
  type DeliveryReceipt,
  type InboundText,
  LogChannel,
  type NotificationChannel,
  type OutgoingMessage,
  type SendResult,
} from './channels.js';
export { OutboxMessage, OutboxPage, OutboxQuery } from './contract.js';
export {
  type Channels,
  type ChannelSource,
  claimDue,
  dispatchOutbox,
  pendingCount,
  RateLimiter,
  releaseStaleClaims,
  startOutboxDispatcher,
} from './dispatcher.js';
export { MESSAGE_CHANNELS, MESSAGE_EVENTS, type MessageChannel, type MessageEvent, type StaffEvent } from './events.js';
export type { OutboxAttachment } from './tables.js';
export { type MessageParams, mailStaff, prepareSender, type Recipient, type Sender, sendMessage } from './send.js';
export {
  customerMessaging,
  maskAddress,
  recordInboundTexts,
  recordReceipts,
  setCustomerChannels,
  setOptOut,
} from './preferences.js';
export { listOutbox } from './queries.js';
export { outboxRoutes } from './routes.js';
export { customerChannelPrefs, messageOptOuts, messageTemplates, outbox, staffMailPrefs } from './tables.js';
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
export { settingsChannelSource } from './provider-source.js';
export { messageHookRoutes } from './hook-routes.js';
