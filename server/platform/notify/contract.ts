import { z } from 'zod';
import { KeysetPage, Page } from '../lists/contract.js';

export const OutboxStatus = z.enum(['pending', 'sent', 'failed', 'logged']);
export const OutboxChannelName = z.enum(['sms', 'email', 'wechat']);

export const OutboxMessage = z.object({
  id: z.string(),
  channel: OutboxChannelName,
  recipient: z.string(),
  template: z.string(),
  params: z.record(z.string(), z.unknown()),
  subject: z.string().nullable(),
  body: z.string(),
  status: OutboxStatus,
  attempts: z.array(z.object({ at: z.string(), error: z.string().optional() })),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;

export const OutboxQuery = z.object({
  recipient: z.string().trim().min(1).max(100).optional(),
  channel: OutboxChannelName.optional(),
  status: OutboxStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});
export type OutboxQuery = z.infer<typeof OutboxQuery>;

export const OutboxPage = KeysetPage(OutboxMessage).extend({ nextCursor: z.string().nullable() });
export type OutboxPage = z.infer<typeof OutboxPage>;

// The in-app inbox (inbox.ts).
const TextValue = z.object({ 'zh-CN': z.string(), en: z.string() });

export const InboxItem = z.object({
  id: z.string(),
  title: TextValue,
  body: TextValue,
  link: z.string().nullable(),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type InboxItem = z.infer<typeof InboxItem>;

export const InboxQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  /** Only unread notices. */
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type InboxQuery = z.infer<typeof InboxQuery>;

export const InboxPage = Page(InboxItem).extend({ unread: z.number() });
export type InboxPage = z.infer<typeof InboxPage>;

export const UnreadCount = z.object({ unread: z.number() });
export const ReadAllResult = z.object({ updated: z.number() });
