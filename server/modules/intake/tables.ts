import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customerAddresses, customers, productModels, units } from '../customers/index.js';

/*
 * The intake desk (受理): every contact is recorded, classified and routed — "nothing is taken
 * by word only" (DOMAIN.md, Intake; seeds 000, 002, 004). Repair, installation and maintenance
 * contacts become service requests that the work-order module turns into orders.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const CONTACT_CHANNELS = ['phone', 'email', 'web', 'wechat', 'letter', 'walk_in'] as const;
export const CONTACT_CLASSES = [
  'consultation',
  'repair',
  'installation',
  'maintenance',
  'complaint',
  'urging',
  'suggestion',
] as const;
export const CONTACT_STATUSES = ['open', 'answered', 'escalated', 'closed'] as const;
export const REQUEST_KINDS = ['repair', 'installation', 'maintenance'] as const;
export const REQUEST_STATUSES = ['new', 'accepted', 'converted', 'cancelled'] as const;

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    customerId: uuid('customer_id').references(() => customers.id),
    unitId: uuid('unit_id').references(() => units.id),
    channel: text('channel', { enum: CONTACT_CHANNELS }).notNull(),
    direction: text('direction', { enum: ['inbound', 'outbound'] })
      .notNull()
      .default('inbound'),
    class: text('class', { enum: CONTACT_CLASSES }).notNull(),
    /** The number or address the contact came from (caller ID, mail sender). */
    fromAddress: text('from_address'),
    subject: text('subject'),
    content: text('content').notNull(),
    status: text('status', { enum: CONTACT_STATUSES }).notNull().default('open'),
    /** Escalated consultations wait in a queue, e.g. the technical supervisors' (seed 004). */
    queue: text('queue'),
    answer: text('answer'),
    answeredBy: uuid('answered_by'),
    answeredAt: ts('answered_at'),
    /** Work order referred to by an urging contact (催单), as the caller gave it. */
    orderRef: text('order_ref'),
    serviceRequestId: uuid('service_request_id'),
    agentId: uuid('agent_id'),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
    orgPath: text('org_path').notNull(),
    /**
     * The Message-ID of a received mail (docs/mail-in.md): a relay that delivers the same mail
     * twice finds it here and no second contact is made. Null for every other channel.
     */
    messageId: text('message_id'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contacts_code_uq').on(t.code),
    uniqueIndex('contacts_message_id_uq').on(t.messageId).where(sql`${t.messageId} is not null`),
    index('contacts_customer_idx').on(t.customerId, t.startedAt),
    index('contacts_queue_idx').on(t.status, t.queue),
    index('contacts_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
    index('contacts_started_idx').on(t.startedAt),
  ],
);

export const serviceRequests = pgTable(
  'service_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Request number given to the customer, e.g. SR261123-0042. */
    code: text('code').notNull(),
    kind: text('kind', { enum: REQUEST_KINDS }).notNull(),
    source: text('source', { enum: ['hotline', 'portal', 'email', 'wechat', 'letter', 'walk_in', 'import'] }).notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    unitId: uuid('unit_id').references(() => units.id),
    modelId: uuid('model_id').references(() => productModels.id),
    serialNo: text('serial_no'),
    symptoms: text('symptoms').notNull(),
    /** Normalised phone the customer verified or gave; tracking needs number + phone. */
    phone: text('phone').notNull(),
    addressId: uuid('address_id').references(() => customerAddresses.id),
    preferredFrom: ts('preferred_from'),
    preferredTo: ts('preferred_to'),
    preferredNote: text('preferred_note'),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('new'),
    /** Set by the work-order module when it turns the request into an order. */
    orderId: uuid('order_id'),
    contactId: uuid('contact_id'),
    createdBy: uuid('created_by'),
    orgPath: text('org_path').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('service_requests_code_uq').on(t.code),
    index('service_requests_customer_idx').on(t.customerId),
    index('service_requests_status_idx').on(t.status, t.createdAt),
    index('service_requests_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
  ],
);

/**
 * Files attached to a request or contact (photos of the fault) or to a return/exchange case (the
 * appraisal's photos), stored under the data folder. owner_type has no database check, so a new
 * owner needs no migration.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerType: text('owner_type', { enum: ['service_request', 'contact', 'warranty_case'] }).notNull(),
    ownerId: uuid('owner_id').notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Where the bytes are: a path under the data folder today, an object key later. */
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('attachments_owner_idx').on(t.ownerType, t.ownerId)],
);

/** What a photo list shows of an attachment (orders, cases): never its storage key or hash. */
export const attachmentListColumns = {
  id: attachments.id,
  fileName: attachments.fileName,
  mime: attachments.mime,
  size: attachments.size,
  createdAt: attachments.createdAt,
};

/** One-time codes proving a portal user holds a phone. Only a hash is stored. */
export const otpCodes = pgTable(
  'otp_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phone: text('phone').notNull(),
    purpose: text('purpose', { enum: ['report', 'track'] }).notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    ip: text('ip'),
    expiresAt: ts('expires_at').notNull(),
    consumedAt: ts('consumed_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('otp_codes_phone_idx').on(t.phone, t.createdAt), index('otp_codes_ip_idx').on(t.ip, t.createdAt)],
);
