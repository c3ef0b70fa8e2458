import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/*
 * The customer archive, the product catalog and the installed base (DOMAIN.md, Intake; seeds
 * 000, 001, 002, 004). Customers and units carry the org path of the unit responsible for their
 * area, so data scope is the same prefix match as everywhere else (platform/access).
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human-facing number, e.g. C2611000123. */
    code: text('code').notNull(),
    kind: text('kind', { enum: ['individual', 'business'] }).notNull(),
    name: text('name').notNull(),
    /** Business customers: the contact person's name goes in `name`, the company here. */
    companyName: text('company_name'),
    email: text('email'),
    wechatId: text('wechat_id'),
    /**
     * The customer's open id for the company's WeChat official account (template messages go to
     * it); recorded when the customer follows and binds, not the 微信号 people dictate.
     */
    wechatOpenId: text('wechat_open_id'),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    notes: text('notes'),
    preferredContactTime: text('preferred_contact_time'),
    consentMessages: boolean('consent_messages').notNull().default(false),
    /** Path of the org unit responsible for the customer's primary address (scope). */
    orgPath: text('org_path').notNull(),
    /** First contact: the archive must be complete within 2 days of it (seed 001). */
    firstContactAt: ts('first_contact_at'),
    /** Set when this record was merged into another; merged records are hidden from lists. */
    mergedIntoId: uuid('merged_into_id'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customers_code_uq').on(t.code),
    index('customers_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
    // Name prefix and area in one index: an outlet's search for a common prefix ("王子") reads the
    // few rows of its area, not every customer of the country with that prefix.
    index('customers_name_path_idx').using(
      'btree',
      sql`${t.name} text_pattern_ops`,
      sql`${t.orgPath} text_pattern_ops`,
    ),
    index('customers_company_path_idx').using(
      'btree',
      sql`${t.companyName} text_pattern_ops`,
      sql`${t.orgPath} text_pattern_ops`,
    ),
    index('customers_merged_into_idx').on(t.mergedIntoId),
    // Received mail finds its sender's archive by address, whatever the case it was typed in.
    index('customers_email_idx').using('btree', sql`lower(${t.email})`),
  ],
);

export const customerPhones = pgTable(
  'customer_phones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    /** Normalised digits: 13800138000, 02088886666 (area code + number), 4008001234. */
    number: text('number').notNull(),
    kind: text('kind', { enum: ['mobile', 'landline', 'service400'] }).notNull(),
    extension: text('extension'),
    isPrimary: boolean('is_primary').notNull().default(false),
    label: text('label'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('customer_phones_number_idx').on(t.number),
    // Callers give the last digits ("尾号1234"): a reversed-prefix index answers suffix searches.
    index('customer_phones_suffix_idx').using('btree', sql`reverse(${t.number}) text_pattern_ops`),
    index('customer_phones_customer_idx').on(t.customerId),
  ],
);

export const customerAddresses = pgTable(
  'customer_addresses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    /** National administrative division codes (GB/T 2260). */
    provinceCode: text('province_code').notNull(),
    cityCode: text('city_code'),
    districtCode: text('district_code'),
    detail: text('detail').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    isPrimary: boolean('is_primary').notNull().default(false),
    label: text('label'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('customer_addresses_customer_idx').on(t.customerId)],
);

/** A merge of `mergedId` into `survivorId`, with what moved, so an admin can undo it. */
export const customerMerges = pgTable(
  'customer_merges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    survivorId: uuid('survivor_id')
      .notNull()
      .references(() => customers.id),
    mergedId: uuid('merged_id')
      .notNull()
      .references(() => customers.id),
    /** Ids of phones, addresses, units, contacts and requests moved, and survivor fields overwritten. */
    moved: jsonb('moved').$type<Record<string, unknown>>().notNull(),
    actorId: uuid('actor_id'),
    at: ts('at').notNull(),
    undoneAt: ts('undone_at'),
    undoneBy: uuid('undone_by'),
  },
  (t) => [index('customer_merges_survivor_idx').on(t.survivorId), index('customer_merges_merged_idx').on(t.mergedId)],
);

export const productLines = pgTable(
  'product_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    /** washer, electronics, boat, furniture, lighting, software, equipment, other */
    category: text('category').notNull(),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('product_lines_code_uq').on(t.code)],
);

export const productModels = pgTable(
  'product_models',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    lineId: uuid('line_id')
      .notNull()
      .references(() => productLines.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** Usages the model may be sold for: household (家用), commercial (公用/商用). */
    usageKinds: jsonb('usage_kinds').$type<('household' | 'commercial')[]>().notNull().default(['household']),
    /** Maintenance cycle (seed 001): every N days and/or every N running hours. */
    maintenanceDays: integer('maintenance_days'),
    maintenanceHours: integer('maintenance_hours'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('product_models_code_uq').on(t.code), index('product_models_line_idx').on(t.lineId)],
);

export const parts = pgTable(
  'parts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    /** partSearchKey(code, names, pinyin initials); null until computed for rows older than it (ensureCatalogSearchKeys). */
    searchKey: text('search_key'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('parts_code_uq').on(t.code)],
);

/** A model's bill of materials; `isMain` marks 主要部件, which have their own warranty (seed 004). */
export const modelParts = pgTable(
  'model_parts',
  {
    modelId: uuid('model_id')
      .notNull()
      .references(() => productModels.id),
    partId: uuid('part_id')
      .notNull()
      .references(() => parts.id),
    quantity: integer('quantity').notNull().default(1),
    isMain: boolean('is_main').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.partId] }), index('model_parts_part_idx').on(t.partId)],
);

export const UNIT_STATUSES = ['active', 'replaced', 'returned', 'recalled', 'scrapped'] as const;

/** The installed base: one physical unit a customer owns. */
export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => productModels.id),
    serialNo: text('serial_no').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    usage: text('usage', { enum: ['household', 'commercial'] }).notNull(),
    purchaseDate: date('purchase_date'),
    invoiceNo: text('invoice_no'),
    invoiceDate: date('invoice_date'),
    /** The price paid, in fen, from the invoice: what a 三包 refund starts from. */
    purchasePriceFen: integer('purchase_price_fen'),
    sellerChannel: text('seller_channel'),
    installedOn: date('installed_on'),
    /** Some contracts count warranty from final acceptance (seed 001). */
    acceptedOn: date('accepted_on'),
    addressId: uuid('address_id').references(() => customerAddresses.id),
    location: text('location'),
    status: text('status', { enum: UNIT_STATUSES }).notNull().default('active'),
    /** Replacement chain: the unit this one replaced, and the one that replaced it. */
    replacesId: uuid('replaces_id'),
    replacedById: uuid('replaced_by_id'),
    orgPath: text('org_path').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('units_model_serial_uq').on(t.modelId, t.serialNo),
    index('units_serial_idx').using('btree', sql`${t.serialNo} text_pattern_ops`),
    index('units_customer_idx').on(t.customerId),
    index('units_org_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
  ],
);

/**
 * Extra readers of a customer beyond the area rule: the unit serving one of their orders sees
 * them while it serves it (DOMAIN.md, Privacy: "only those who serve an order see its phone and
 * address"). Written by the modules that hand work to a unit (work orders) through
 * `grantCustomerAccess`; revoked when the work leaves that unit, kept as history.
 */
export const customerGrants = pgTable(
  'customer_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    /** Path of the unit that may read the customer (and its subtree, by the prefix rule). */
    orgPath: text('org_path').notNull(),
    /** What the access comes from, e.g. work_order + its id. */
    sourceEntity: text('source_entity').notNull(),
    sourceId: uuid('source_id').notNull(),
    grantedAt: ts('granted_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    uniqueIndex('customer_grants_source_uq').on(t.sourceEntity, t.sourceId, t.orgPath, t.customerId),
    index('customer_grants_path_idx').using('btree', sql`${t.orgPath} text_pattern_ops`),
    index('customer_grants_customer_idx').on(t.customerId),
  ],
);
