import { z } from 'zod';
import { KeysetPage, Page } from '../lists/contract.js';

export const OutboxStatus = z.enum(['pending', 'sending', 'sent', 'delivered', 'failed', 'logged', 'suppressed']);
export const OutboxChannelName = z.enum(['sms', 'email', 'wechat']);
const Lang = z.enum(['zh-CN', 'en']);
const TextValue = z.object({ 'zh-CN': z.string(), en: z.string() });

export const OutboxMessage = z.object({
  id: z.string(),
  channel: OutboxChannelName,
  recipient: z.string(),
  template: z.string(),
  params: z.record(z.string(), z.unknown()),
  subject: z.string().nullable(),
  body: z.string(),
  lang: Lang,
  providerCode: z.string().nullable(),
  signature: z.string().nullable(),
  orgPath: z.string().nullable(),
  customerId: z.string().nullable(),
  status: OutboxStatus,
  reason: z.string().nullable(),
  nextAttemptAt: z.string(),
  attempts: z.array(
    z.object({
      at: z.string(),
      error: z.string().optional(),
      permanent: z.boolean().optional(),
      resend: z.string().optional(),
    }),
  ),
  providerId: z.string().nullable(),
  providerAnswer: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  failedAt: z.string().nullable(),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;

export const OutboxQuery = z.object({
  recipient: z.string().trim().min(1).max(100).optional(),
  channel: OutboxChannelName.optional(),
  status: OutboxStatus.optional(),
  /** The event, e.g. 'order.booked'. */
  template: z.string().trim().min(1).max(60).optional(),
  customerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});
export type OutboxQuery = z.infer<typeof OutboxQuery>;

export const OutboxPage = KeysetPage(OutboxMessage).extend({ nextCursor: z.string().nullable() });
export type OutboxPage = z.infer<typeof OutboxPage>;

export const ResendBody = z.object({
  /** Send to another address instead (a corrected number); the same channel. */
  recipient: z.string().trim().min(3).max(200).optional(),
  note: z.string().trim().max(500).optional(),
});

// Templates (templates.ts).
export const TemplateBody = z.object({
  enabled: z.boolean(),
  subject: TextValue.nullable().optional(),
  body: z.object({ 'zh-CN': z.string().trim().min(1).max(2000), en: z.string().trim().min(1).max(2000) }),
  providerCode: z.string().trim().max(100).nullable().optional(),
  signature: z.string().trim().max(30).nullable().optional(),
  /** ISO instant; omitted: at once. */
  effectiveFrom: z.iso.datetime({ offset: true }).nullable().optional(),
  note: z.string().trim().max(500).nullable().optional(),
});
export const TemplateParams = z.object({ event: z.string().min(1).max(60), channel: OutboxChannelName });
export const PreviewBody = TemplateBody.extend({ lang: Lang.default('zh-CN') });
export const Preview = z.object({ subject: z.string().nullable(), body: z.string(), length: z.number() });

const ResolvedTemplate = z.object({
  event: z.string(),
  channel: OutboxChannelName,
  enabled: z.boolean(),
  subject: TextValue.nullable(),
  body: TextValue,
  providerCode: z.string().nullable(),
  signature: z.string().nullable(),
  versionId: z.string().nullable(),
  effectiveFrom: z.string().nullable(),
});
export const TemplateInfo = ResolvedTemplate;
export const TemplateVersion = ResolvedTemplate.extend({ note: z.string().nullable(), createdAt: z.string() });
export const EventTemplates = z.object({
  event: z.string(),
  label: TextValue,
  audience: z.enum(['customer', 'staff']),
  category: z.enum(['security', 'service', 'marketing']),
  variables: z.array(z.object({ name: z.string(), label: TextValue, required: z.boolean() })),
  sample: z.record(z.string(), z.string()),
  channels: z.array(ResolvedTemplate.extend({ upcoming: z.number() })),
});

// Delivery report (report.ts).
export const ReportQuery = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  channel: OutboxChannelName.optional(),
});
export const ReportRow = z.object({
  day: z.string(),
  channel: OutboxChannelName,
  queued: z.number(),
  sent: z.number(),
  delivered: z.number(),
  failed: z.number(),
  suppressed: z.number(),
  waiting: z.number(),
});
export const Report = z.object({ rows: z.array(ReportRow), totals: z.array(ReportRow.omit({ day: true })) });

// Preferences and opt-outs (preferences.ts).
export const OptOut = z.object({
  channel: OutboxChannelName,
  address: z.string(),
  source: z.enum(['sms_reply', 'link', 'agent', 'provider']),
  note: z.string().nullable(),
  at: z.string(),
});
export const CustomerMessaging = z.object({
  customerId: z.string(),
  /** null: every enabled channel. */
  channels: z.array(OutboxChannelName).nullable(),
  optOuts: z.array(OptOut),
});
export const CustomerChannelsBody = z.object({
  channels: z.array(OutboxChannelName).max(3).nullable(),
  note: z.string().trim().max(500).optional(),
});
export const OptOutBody = z.object({
  channel: OutboxChannelName,
  address: z.string().trim().min(3).max(200),
  /** true: stop messages to the address; false: the customer wants them again. */
  optedOut: z.boolean(),
  note: z.string().trim().max(500).optional(),
});
export const StaffMailPrefs = z.object({
  events: z.array(z.object({ event: z.string(), label: TextValue, email: z.boolean() })),
  email: z.string().nullable(),
});
export const StaffMailBody = z.object({ events: z.array(z.string().min(1).max(60)).max(50) });

// The in-app inbox (inbox.ts).

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
