import { z } from 'zod';

/** Division codes: 6-digit national administrative codes (province 440000, city 440100, district 440106). */
const DivisionCode = z.string().regex(/^\d{6}$/);
const Label = z.string().trim().max(20).nullable().optional();

export const CustomerKind = z.enum(['individual', 'business']);
export const PhoneKind = z.enum(['mobile', 'landline', 'service400']);

/** A number as typed ("138 0013 8000", "020-8888 6666 转 123"); the server normalises it or names the field. */
export const PhoneInput = z.object({
  number: z.string().trim().min(1).max(40),
  label: Label,
  isPrimary: z.boolean().optional(),
});
export type PhoneInput = z.infer<typeof PhoneInput>;

export const AddressInput = z.object({
  /** An existing address of this customer, edited in place (units and requests keep pointing at it). */
  id: z.uuid().optional(),
  provinceCode: DivisionCode,
  cityCode: DivisionCode.nullable().optional(),
  districtCode: DivisionCode.nullable().optional(),
  detail: z.string().trim().min(1).max(200),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
  isPrimary: z.boolean().optional(),
  label: Label,
});
export type AddressInput = z.infer<typeof AddressInput>;

const Tag = z.string().trim().min(1).max(20);

const CustomerFields = {
  kind: CustomerKind,
  name: z.string().trim().min(1).max(50),
  companyName: z.string().trim().max(100).nullable().optional(),
  email: z.email().max(200).nullable().optional(),
  wechatId: z.string().trim().max(50).nullable().optional(),
  tags: z.array(Tag).max(20).optional(),
  notes: z.string().trim().max(2000).nullable().optional(),
  preferredContactTime: z.string().trim().max(100).nullable().optional(),
  consentMessages: z.boolean().optional(),
  phones: z.array(PhoneInput).max(10).optional(),
  addresses: z.array(AddressInput).max(10).optional(),
  /** Create or save even though another customer has one of these numbers (after the 409). */
  allowDuplicate: z.boolean().optional(),
};

export const CustomerCreate = z.object({ ...CustomerFields, kind: CustomerKind.default('individual') });
export type CustomerCreate = z.input<typeof CustomerCreate>;

/** Phones and addresses, when given, replace the current sets; unchanged ones keep their ids. */
export const CustomerUpdate = z.object({
  ...CustomerFields,
  kind: CustomerKind.optional(),
  name: CustomerFields.name.optional(),
  version: z.number().int(),
});
export type CustomerUpdate = z.infer<typeof CustomerUpdate>;

export const CustomerPhone = z.object({
  id: z.string(),
  /** Normal form (13800138000), or masked (138****8000) when `phonesMasked`. */
  number: z.string(),
  /** Display form: 138 0013 8000, 020-8888 6666 转 123. */
  display: z.string(),
  kind: PhoneKind,
  extension: z.string().nullable(),
  label: z.string().nullable(),
  isPrimary: z.boolean(),
});
export type CustomerPhone = z.infer<typeof CustomerPhone>;

export const CustomerAddress = z.object({
  id: z.string(),
  provinceCode: z.string(),
  cityCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  /** "广东省 广州市 天河区" */
  divisionNames: z.string(),
  detail: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  isPrimary: z.boolean(),
  label: z.string().nullable(),
});
export type CustomerAddress = z.infer<typeof CustomerAddress>;

export const ArchivePart = z.enum(['name', 'phone', 'address', 'unit']);

const ArchiveView = {
  /** Seed 001: name, primary phone, primary address to the district, and at least one unit. */
  archiveComplete: z.boolean(),
  archiveMissing: z.array(ArchivePart),
  /** First contact + customers.archiveDueDays; null before any contact. */
  archiveDueAt: z.string().nullable(),
  archiveOverdue: z.boolean(),
};

/** A line of a customer list. */
export const CustomerSummary = z.object({
  id: z.string(),
  code: z.string(),
  kind: CustomerKind,
  name: z.string(),
  companyName: z.string().nullable(),
  tags: z.array(z.string()),
  phones: z.array(CustomerPhone),
  /** Phones and address details are masked for this reader (DOMAIN.md, Privacy). */
  phonesMasked: z.boolean(),
  primaryAddress: CustomerAddress.nullable(),
  responsibleUnit: z.object({ id: z.string(), name: z.string() }).nullable(),
  unitCount: z.number().int(),
  firstContactAt: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  ...ArchiveView,
});
export type CustomerSummary = z.infer<typeof CustomerSummary>;

export const Customer = CustomerSummary.omit({ primaryAddress: true }).extend({
  email: z.string().nullable(),
  wechatId: z.string().nullable(),
  notes: z.string().nullable(),
  preferredContactTime: z.string().nullable(),
  consentMessages: z.boolean(),
  addresses: z.array(CustomerAddress),
  mergedIntoId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof Customer>;

export const CustomerListQuery = z.object({
  q: z
    .string()
    .trim()
    .max(50)
    .optional()
    .describe('A phone in any format (exact), its last 4+ digits, a customer code, or the start of a name or company'),
  kind: CustomerKind.optional(),
  tag: Tag.optional(),
  // String enums, not z.coerce.boolean(): coercion would read "false" as true.
  incomplete: z.enum(['true', 'false']).optional().describe('Only customers whose archive is incomplete'),
  includeInactive: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;

export const CustomerPage = z.object({
  items: z.array(CustomerSummary),
  /** Counted up to 10 000; `totalCapped` says there are more. */
  total: z.number().int(),
  totalCapped: z.boolean(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type CustomerPage = z.infer<typeof CustomerPage>;

export const IncompleteArchivesQuery = z.object({
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type IncompleteArchivesQuery = z.infer<typeof IncompleteArchivesQuery>;

export const DuplicatesQuery = z.object({ phone: z.string().trim().min(1).max(40) });

export const IdParams = z.object({ id: z.uuid() });
export const MergeParams = z.object({ mergeId: z.uuid() });
export const VersionBody = z.object({ version: z.number().int(), reason: z.string().trim().max(500).optional() });
export type VersionBody = z.infer<typeof VersionBody>;

/** Merge `otherId` into the customer of the path; `version` is the survivor's. */
export const MergeBody = z.object({ otherId: z.uuid(), version: z.number().int() });
export type MergeBody = z.infer<typeof MergeBody>;

export const CustomerMerge = z.object({
  id: z.string(),
  survivorId: z.string(),
  mergedId: z.string(),
  moved: z.object({
    phones: z.number().int(),
    addresses: z.number().int(),
    units: z.number().int(),
    contacts: z.number().int(),
    serviceRequests: z.number().int(),
    /** Rows of the modules above that moved with the merge, by module: `{ complaints: 2 }`. */
    others: z.record(z.string(), z.number().int()),
  }),
  at: z.string(),
  undoneAt: z.string().nullable(),
});
export type CustomerMerge = z.infer<typeof CustomerMerge>;

export const MergeResult = z.object({ merge: CustomerMerge, customer: Customer });
export type MergeResult = z.infer<typeof MergeResult>;

/**
 * Showing a masked phone and street whole (DOMAIN.md, Privacy): an explicit act with a reason,
 * written to the audit trail with the customer (and the order, from the order page).
 */
export const RevealBody = z.object({
  reason: z
    .string()
    .trim()
    .min(2)
    .max(500)
    .describe('Why the full number is needed, e.g. 回访客户 / calling back about the repair'),
});
export type RevealBody = z.infer<typeof RevealBody>;

export const RevealedContact = z.object({
  phones: z.array(CustomerPhone),
  addresses: z.array(CustomerAddress),
});
export type RevealedContact = z.infer<typeof RevealedContact>;

// A customer's messages (messaging.ts).
export const CustomerMessaging = z.object({
  customerId: z.string(),
  /** null: every enabled channel. */
  channels: z.array(z.enum(['sms', 'email', 'wechat'])).nullable(),
  addresses: z.array(
    z.object({
      /** Names the address in a change (the address itself is shown masked). */
      ref: z.number(),
      channel: z.enum(['sms', 'email', 'wechat']),
      address: z.string(),
      optedOut: z.boolean(),
      source: z.enum(['sms_reply', 'link', 'agent', 'provider']).nullable(),
      at: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
});
export const CustomerChannelsBody = z.object({
  channels: z
    .array(z.enum(['sms', 'email', 'wechat']))
    .max(3)
    .nullable(),
  note: z.string().trim().max(500).optional(),
});
export const CustomerOptOutBody = z.object({
  ref: z.number().int().min(0).max(50),
  optedOut: z.boolean(),
  note: z.string().trim().max(500).optional(),
});
