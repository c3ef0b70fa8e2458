import { z } from 'zod';

/*
 * Requests and responses of the intake desk and the customer portal. The constants mirror the
 * tables (tables.ts) so the browser can import this file without the database layer.
 */

export const ContactChannel = z.enum(['phone', 'email', 'web', 'wechat', 'letter', 'walk_in']);
export const ContactClass = z.enum([
  'consultation',
  'repair',
  'installation',
  'maintenance',
  'complaint',
  'urging',
  'suggestion',
]);
export const ContactStatus = z.enum(['open', 'answered', 'escalated', 'closed']);
export const RequestKind = z.enum(['repair', 'installation', 'maintenance']);
export const RequestStatus = z.enum(['new', 'accepted', 'converted', 'cancelled']);
export const RequestSource = z.enum(['hotline', 'portal', 'email', 'wechat', 'letter', 'walk_in', 'import']);
export const Queue = z.enum(['tech_supervisor']);

const DivisionCode = z.string().regex(/^\d{6}$/);
/** Any common way of writing a mainland number; the command normalises it and names the field when it cannot. */
const PhoneInput = z.string().trim().min(3).max(40);
const When = z.iso.datetime({ offset: true });
const Text = (max: number) => z.string().trim().min(1).max(max);

export const IdParams = z.object({ id: z.uuid() });

// Lookup

export const LookupQuery = z.object({ q: z.string().trim().min(1).max(60) });
export type LookupQuery = z.infer<typeof LookupQuery>;

export const CardPhone = z.object({ number: z.string(), kind: z.string(), isPrimary: z.boolean() });
export const CardUnit = z.object({
  id: z.string(),
  modelId: z.string(),
  modelCode: z.string(),
  modelName: z.string(),
  serialNo: z.string(),
  usage: z.string(),
  status: z.string(),
  purchaseDate: z.string().nullable(),
});
export const CardRequest = z.object({
  id: z.string(),
  code: z.string(),
  kind: RequestKind,
  status: RequestStatus,
  unitId: z.string().nullable(),
  symptoms: z.string(),
  createdAt: z.string(),
});
export const CardContact = z.object({
  id: z.string(),
  code: z.string(),
  channel: ContactChannel,
  class: ContactClass,
  status: ContactStatus,
  subject: z.string().nullable(),
  content: z.string(),
  startedAt: z.string(),
});
export const CustomerCard = z.object({
  customer: z.object({
    id: z.string(),
    code: z.string(),
    kind: z.string(),
    name: z.string(),
    companyName: z.string().nullable(),
    tags: z.array(z.string()),
    firstContactAt: z.string().nullable(),
    phones: z.array(CardPhone),
  }),
  /** Which key matched: phone, phone_suffix, customer_code, name, serial, request_code, contact_code. */
  matchedBy: z.array(z.string()),
  units: z.array(CardUnit),
  openRequests: z.array(CardRequest),
  recentContacts: z.array(CardContact),
});
export type CustomerCard = z.infer<typeof CustomerCard>;
export const LookupResult = z.object({ q: z.string(), cards: z.array(CustomerCard) });
export type LookupResult = z.infer<typeof LookupResult>;

// Contacts

/** A customer created inline from the intake screen (passed to the customers module). */
export const NewCustomer = z.object({
  kind: z.enum(['individual', 'business']).default('individual'),
  name: Text(100),
  companyName: z.string().trim().max(200).nullable().optional(),
  phone: PhoneInput,
  email: z.email().nullable().optional(),
  address: z
    .object({
      provinceCode: DivisionCode,
      cityCode: DivisionCode.nullable().optional(),
      districtCode: DivisionCode.nullable().optional(),
      detail: Text(200),
    })
    .optional(),
  notes: z.string().trim().max(2000).nullable().optional(),
});
export type NewCustomer = z.infer<typeof NewCustomer>;

export const ContactCreate = z.object({
  channel: ContactChannel,
  direction: z.enum(['inbound', 'outbound']).default('inbound'),
  class: ContactClass,
  customerId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  fromAddress: z.string().trim().max(200).optional(),
  subject: z.string().trim().max(200).optional(),
  content: Text(5000),
  /** Consultations answered on the spot (咨询 answered at once, seed 004). */
  answer: z.string().trim().min(1).max(5000).optional(),
  orderRef: z.string().trim().max(50).optional(),
  startedAt: When.optional(),
  endedAt: When.optional(),
  newCustomer: NewCustomer.optional(),
});
export type ContactCreate = z.infer<typeof ContactCreate>;

export const Contact = z.object({
  id: z.string(),
  code: z.string(),
  customerId: z.string().nullable(),
  unitId: z.string().nullable(),
  channel: ContactChannel,
  direction: z.enum(['inbound', 'outbound']),
  class: ContactClass,
  fromAddress: z.string().nullable(),
  subject: z.string().nullable(),
  content: z.string(),
  status: ContactStatus,
  queue: z.string().nullable(),
  answer: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answeredAt: z.string().nullable(),
  orderRef: z.string().nullable(),
  serviceRequestId: z.string().nullable(),
  agentId: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type Contact = z.infer<typeof Contact>;

/** A stored file of a request or contact as lists show it: never its storage key or hash. */
export const AttachmentItem = z.object({
  id: z.string(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
});

/** One contact as its page shows it: a mail's attachments, and the order its `orderRef` names when that exists. */
export const ContactDetail = Contact.extend({
  attachments: z.array(AttachmentItem),
  /** The order `orderRef` names, for a link; null when no order has that number. */
  orderId: z.string().nullable(),
});
export type ContactDetail = z.infer<typeof ContactDetail>;

export const ContactAttachmentParams = z.object({ id: z.uuid(), attachmentId: z.uuid() });

export const EscalateBody = z.object({ queue: Queue, note: z.string().trim().max(2000).optional() });
export type EscalateBody = z.infer<typeof EscalateBody>;
export const AnswerBody = z.object({ answer: Text(5000) });
export type AnswerBody = z.infer<typeof AnswerBody>;
export const QueueQuery = z.object({
  queue: Queue.default('tech_supervisor'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

export const ContactListQuery = z.object({
  customerId: z.uuid().optional(),
  channel: ContactChannel.optional(),
  class: ContactClass.optional(),
  status: ContactStatus.optional(),
  from: When.optional(),
  to: When.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ContactListQuery = z.infer<typeof ContactListQuery>;

export { List, Page } from '../../platform/lists/contract.js';

// Service requests

export const RequestCreate = z.object({
  kind: RequestKind,
  customerId: z.uuid(),
  unitId: z.uuid().optional(),
  modelId: z.uuid().optional(),
  serialNo: z.string().trim().min(1).max(64).optional(),
  symptoms: Text(5000),
  /** Defaults to the customer's primary phone. */
  phone: PhoneInput.optional(),
  addressId: z.uuid().optional(),
  preferredFrom: When.optional(),
  preferredTo: When.optional(),
  preferredNote: z.string().trim().max(500).optional(),
  contactId: z.uuid().optional(),
});
export type RequestCreate = z.infer<typeof RequestCreate>;

export const ServiceRequest = z.object({
  id: z.string(),
  code: z.string(),
  kind: RequestKind,
  source: RequestSource,
  customerId: z.string(),
  customerName: z.string(),
  unitId: z.string().nullable(),
  modelId: z.string().nullable(),
  serialNo: z.string().nullable(),
  symptoms: z.string(),
  phone: z.string(),
  addressId: z.string().nullable(),
  preferredFrom: z.string().nullable(),
  preferredTo: z.string().nullable(),
  preferredNote: z.string().nullable(),
  status: RequestStatus,
  orderId: z.string().nullable(),
  contactId: z.string().nullable(),
  orgPath: z.string(),
  attachments: z.array(AttachmentItem),
  version: z.number().int(),
  createdAt: z.string(),
});
export type ServiceRequest = z.infer<typeof ServiceRequest>;

export const RequestListQuery = z.object({
  status: RequestStatus.optional(),
  kind: RequestKind.optional(),
  customerId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type RequestListQuery = z.infer<typeof RequestListQuery>;

export const CancelBody = z.object({ reason: Text(500), version: z.number().int() });
export type CancelBody = z.infer<typeof CancelBody>;

// Caller ID

export const CallerIdBody = z.object({
  phone: PhoneInput,
  /** Username of the agent whose phone rings; omitted: every signed-in agent in the token's scope. */
  agent: z.string().trim().min(1).max(64).optional(),
  callId: z.string().trim().min(1).max(100).optional(),
});
export type CallerIdBody = z.infer<typeof CallerIdBody>;
export const CallerIdResult = z.object({
  phone: z.string(),
  customers: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
});

/** What the agent's screen receives on `event: caller-id` of GET /api/intake/events. */
export interface CallerIdEvent {
  type: 'caller-id';
  callId: string | null;
  phone: string;
  at: string;
  customers: { id: string; code: string; name: string; kind: string }[];
}

// Portal

export const OtpBody = z.object({ phone: PhoneInput, purpose: z.enum(['report', 'track']) });
export type OtpBody = z.infer<typeof OtpBody>;
export const OtpResult = z.object({
  sent: z.literal(true),
  expiresInSeconds: z.number().int(),
  resendInSeconds: z.number().int(),
});

export const PortalUnitQuery = z.object({
  model: z.string().trim().min(1).max(64).optional(),
  serial: z.string().trim().min(1).max(64),
});
export const PortalUnit = z.object({
  model: z.object({ code: z.string(), name: z.string() }).nullable(),
  serialKnown: z.boolean(),
});

/** Fields of the multipart form of POST /api/portal/requests (photos come as file parts named photo…). */
export const PortalRequestFields = z.object({
  phone: PhoneInput,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
  name: Text(100),
  kind: RequestKind,
  model: z.string().trim().max(64).optional(),
  serial: z.string().trim().max(64).optional(),
  symptoms: Text(5000),
  provinceCode: DivisionCode,
  cityCode: DivisionCode.optional(),
  districtCode: DivisionCode.optional(),
  address: Text(200),
  preferredNote: z.string().trim().max(500).optional(),
});
export type PortalRequestFields = z.infer<typeof PortalRequestFields>;
export const PortalRequestResult = z.object({ code: z.string(), trackUrl: z.string() });

export const TrackBody = z.object({
  code: z.string().trim().min(3).max(40),
  phone: PhoneInput,
  otp: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});
export type TrackBody = z.infer<typeof TrackBody>;
export const TrackResult = z.object({
  code: z.string(),
  kind: RequestKind,
  status: RequestStatus,
  createdAt: z.string(),
  /** Where it stands now, for the customer: the request's status, then the order's state. */
  stage: z.string(),
  /** The booked visit while it is ahead of the customer (booked, technician on the way). */
  appointment: z.object({ from: z.string(), to: z.string(), confirmed: z.boolean() }).nullable(),
  timeline: z.array(z.object({ step: z.string(), at: z.string() })),
});
export type TrackResult = z.infer<typeof TrackResult>;
