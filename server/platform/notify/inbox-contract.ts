import { z } from 'zod';

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

export const InboxPage = z.object({
  items: z.array(InboxItem),
  total: z.number(),
  unread: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type InboxPage = z.infer<typeof InboxPage>;

export const UnreadCount = z.object({ unread: z.number() });
export const ReadAllResult = z.object({ updated: z.number() });
