import { z } from 'zod';

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

export const OutboxPage = z.object({ items: z.array(OutboxMessage), nextCursor: z.string().nullable() });
export type OutboxPage = z.infer<typeof OutboxPage>;
